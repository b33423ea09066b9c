// SSO identities (issue 19): which account an e-mail vouched for by Cloudflare Access logs in as.
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { ssoIdentities, units, users } from "../db/schema";
import type { Actor } from "../domain/permissions";
import { auditStatement } from "./audit";
import type { Failure, Outcome } from "../domain/outcome";
import type { IdentityRow } from "../web/admin-view";

const provinceOf = (a: Actor) => (a.scope.level === "province" ? a.scope.id : a.scope.provinceId!);

/** The enabled account an e-mail maps to, or null. One primary-key read plus one join. */
export async function userIdByEmail(db: Db, email: string): Promise<number | null> {
  const row = await db
    .select({ userId: users.id, disabled: users.disabled })
    .from(ssoIdentities)
    .innerJoin(users, eq(users.id, ssoIdentities.userId))
    .where(eq(ssoIdentities.email, email.toLowerCase()))
    .get();
  return row && !row.disabled ? row.userId : null;
}

export async function listIdentities(db: Db, admin: Actor): Promise<IdentityRow[]> {
  return db
    .select({ email: ssoIdentities.email, username: users.username, displayName: users.displayName, createdAt: ssoIdentities.createdAt })
    .from(ssoIdentities)
    .innerJoin(users, eq(users.id, ssoIdentities.userId))
    .where(eq(ssoIdentities.provinceId, provinceOf(admin)))
    .orderBy(asc(ssoIdentities.email))
    .all();
}

export type LinkOutcome = Outcome<{}, Failure<"invalid", { errors: Record<string, string> }>>;

/** Links an e-mail to an account of the admin's province (an e-mail names one account). Audited. */
export async function linkEmail(db: Db, admin: Actor, email: string, username: string, ip: string | null): Promise<LinkOutcome> {
  const provinceId = provinceOf(admin);
  const user = await db
    .select({ id: users.id, provinceId: sql<number>`coalesce(${units.provinceId}, ${units.id})` })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(eq(users.username, username))
    .get();
  if (!user || user.provinceId !== provinceId) return { ok: false, kind: "invalid", errors: { username: "Không có tài khoản này trong tỉnh." } };
  const existing = await db.select().from(ssoIdentities).where(eq(ssoIdentities.email, email)).get();
  if (existing) return { ok: false, kind: "invalid", errors: { email: "E-mail này đã gắn với một tài khoản." } };
  await db.batch([
    db.insert(ssoIdentities).values({ email, userId: user.id, provinceId, createdBy: admin.id }),
    auditStatement(db, { actorId: admin.id, action: "sso_identity.link", entity: "sso_identity", entityId: email, after: { email, userId: user.id }, ip }),
  ]);
  return { ok: true };
}

export async function unlinkEmail(db: Db, admin: Actor, email: string, ip: string | null): Promise<boolean> {
  const where = and(eq(ssoIdentities.email, email), eq(ssoIdentities.provinceId, provinceOf(admin)));
  const existing = await db.select().from(ssoIdentities).where(where).get();
  if (!existing) return false;
  await db.batch([
    db.delete(ssoIdentities).where(where),
    auditStatement(db, { actorId: admin.id, action: "sso_identity.unlink", entity: "sso_identity", entityId: email, before: { email, userId: existing.userId }, ip }),
  ]);
  return true;
}
