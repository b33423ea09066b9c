// API tokens (issue 19): created by a province admin for one client, hashed at rest, scoped, revocable, rate-limited.
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { API_RESOURCES, apiTokens, units, users, type ApiAccess, type ApiResource } from "../db/schema";
import type { SessionUser } from "../auth/sessions";
import { randomToken, sha256Hex } from "../auth/password";
import type { Actor } from "../domain/permissions";
import { auditStatement } from "./audit";
import { claimStatement, lastIdOf, type KeyClaim } from "./idempotency";
import type { Failure, Outcome } from "../domain/outcome";
import type { TokenRow } from "../web/admin-view";

/** Every token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = "ntm_";
export const DEFAULT_RATE_LIMIT = 120;

export type TokenScope = { id: number; name: string; provinceId: number; access: ApiAccess; resources: ApiResource[] };

export type NewTokenInput = { name: string; username: string; access: ApiAccess; resources: ApiResource[]; rateLimit: number };
export type CreateTokenOutcome = Outcome<{ id: number; secret: string }, Failure<"invalid", { errors: Record<string, string> }>>;

const provinceOfActor = (a: Actor) => (a.scope.level === "province" ? a.scope.id : a.scope.provinceId!);

/** Creates a token acting as `username` (an enabled account of the admin's province). The secret is shown once. */
export async function createToken(db: Db, admin: Actor, input: NewTokenInput, ip: string | null, claim: KeyClaim | null = null): Promise<CreateTokenOutcome> {
  const provinceId = provinceOfActor(admin);
  const user = await db
    .select({ id: users.id, disabled: users.disabled, provinceId: sql<number>`coalesce(${units.provinceId}, ${units.id})` })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(eq(users.username, input.username))
    .get();
  if (!user || user.provinceId !== provinceId) return { ok: false, kind: "invalid", errors: { username: "Không có tài khoản này trong tỉnh." } };
  if (user.disabled) return { ok: false, kind: "invalid", errors: { username: "Tài khoản này đã bị khóa." } };
  const resources = API_RESOURCES.filter((r) => input.resources.includes(r));
  if (resources.length === 0) return { ok: false, kind: "invalid", errors: { resources: "Chọn ít nhất một loại dữ liệu." } };
  const secret = TOKEN_PREFIX + randomToken(32);
  const values = {
    name: input.name,
    tokenHash: await sha256Hex(secret),
    prefix: secret.slice(0, 10),
    provinceId,
    userId: user.id,
    access: input.access,
    resources,
    rateLimit: input.rateLimit,
    createdBy: admin.id,
  };
  const [inserted] = await db.batch([
    db.insert(apiTokens).values(values).returning({ id: apiTokens.id }),
    auditStatement(db, {
      actorId: admin.id,
      action: "api_token.create",
      entity: "api_token",
      entityId: sql`(select max(id) from api_tokens)`,
      after: { name: values.name, prefix: values.prefix, userId: user.id, access: values.access, resources, rateLimit: values.rateLimit },
      ip,
    }),
    ...(claim ? [claimStatement(db, claim, lastIdOf("api_tokens"))] : []),
  ]);
  return { ok: true, id: inserted[0].id, secret };
}

export async function listTokens(db: Db, provinceId: number): Promise<TokenRow[]> {
  const rows = await db
    .select({ token: apiTokens, username: users.username })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.provinceId, provinceId))
    .orderBy(desc(apiTokens.createdAt))
    .all();
  return rows.map(({ token: { tokenHash: _, ...t }, username }) => ({ ...t, username }));
}

/** Revokes a token of the admin's province (a token of another province is "not found"). */
export async function revokeToken(db: Db, admin: Actor, id: number, nowIso: string, ip: string | null): Promise<Outcome<{}, Failure<"not_found">>> {
  const provinceId = provinceOfActor(admin);
  const token = await db.select().from(apiTokens).where(and(eq(apiTokens.id, id), eq(apiTokens.provinceId, provinceId))).get();
  if (!token) return { ok: false, kind: "not_found" };
  if (token.revokedAt) return { ok: true };
  await db.batch([
    db.update(apiTokens).set({ revokedAt: nowIso }).where(eq(apiTokens.id, id)),
    auditStatement(db, { actorId: admin.id, action: "api_token.revoke", entity: "api_token", entityId: id, before: { revokedAt: null }, after: { revokedAt: nowIso }, ip }),
  ]);
  return { ok: true };
}

export type AuthOutcome = Outcome<{ scope: TokenScope; user: SessionUser }, Failure<"unauthenticated", { message: string }> | Failure<"rate_limited", { message: string; retryAfter: number }>>;

const UNAUTHORIZED = { ok: false, kind: "unauthenticated", message: "Mã truy cập (token) không hợp lệ, đã bị thu hồi hoặc tài khoản đã bị khóa." } as const;

/**
 * The token behind a bearer secret: one statement checks it (unrevoked), counts the request in the current
 * minute and stamps the last use; one more reads the account it acts as (the same Actor the pages use).
 */
export async function authenticateToken(db: Db, secret: string, now: Date): Promise<AuthOutcome> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 100) return UNAUTHORIZED;
  const minute = now.toISOString().slice(0, 16);
  const row = await db
    .update(apiTokens)
    .set({
      windowCount: sql`case when ${apiTokens.windowStart} = ${minute} then ${apiTokens.windowCount} + 1 else 1 end`,
      windowStart: minute,
      lastUsedAt: now.toISOString(),
    })
    .where(and(eq(apiTokens.tokenHash, await sha256Hex(secret)), sql`${apiTokens.revokedAt} is null`))
    .returning()
    .get();
  if (!row) return UNAUTHORIZED;
  if (row.windowCount > row.rateLimit) {
    return { ok: false, kind: "rate_limited", message: `Vượt giới hạn ${row.rateLimit} yêu cầu mỗi phút của mã truy cập này. Thử lại sau.`, retryAfter: 60 - now.getUTCSeconds() };
  }
  const user = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      departmentId: users.departmentId,
      disabled: users.disabled,
      // Aliased: users.id has the same column name (a select must not repeat one, see db/client.ts).
      scopeId: sql<number>`${units.id}`.as("scope_id"),
      level: units.level,
      provinceId: units.provinceId,
      districtId: units.districtId,
      communeId: units.communeId,
      validTo: units.validTo,
    })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(eq(users.id, row.userId))
    .get();
  if (!user || user.disabled || (user.provinceId ?? user.scopeId) !== row.provinceId) return UNAUTHORIZED;
  return {
    ok: true,
    scope: { id: row.id, name: row.name, provinceId: row.provinceId, access: row.access, resources: row.resources },
    user: {
      username: user.username,
      displayName: user.displayName,
      csrfToken: "",
      sessionId: "",
      unread: 0, // a token has no notifications
      scopeValidTo: user.validTo,
      actor: {
        id: user.id,
        role: user.role,
        departmentId: user.departmentId,
        scope: { id: user.scopeId, level: user.level, provinceId: user.provinceId, districtId: user.districtId, communeId: user.communeId },
      },
    },
  };
}
