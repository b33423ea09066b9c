// Sessions stored in D1: the cookie holds a random token, the table its SHA-256.
import { and, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { preparedOnce } from "../db/prepared";
import { sessions, units, users } from "../db/schema";
import type { Actor } from "../domain/permissions";
import { randomToken, sha256Hex } from "./password";

export const SESSION_COOKIE = "ntm_session";
export const SESSION_HOURS = 12;
/** A session unused for this long ends (on top of the absolute SESSION_HOURS). */
export const SESSION_IDLE_HOURS = 8;
/** The last-seen time is written at most this often (one write per session per interval, not one per request). */
export const SESSION_TOUCH_MINUTES = 5;

export type SessionUser = {
  actor: Actor;
  username: string;
  displayName: string;
  csrfToken: string;
  sessionId: string;
  /** The last day of the user's unit when it has closed (merged away on 1/7/2025), else null. */
  scopeValidTo: string | null;
  /** Unread notifications (at most 100 counted). */
  unread: number;
};

export async function createSession(
  db: Db,
  userId: number,
  info: { ip: string | null; userAgent: string | null; now: Date },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(info.now.getTime() + SESSION_HOURS * 3600_000);
  await db.insert(sessions).values({
    id: await sha256Hex(token),
    userId,
    csrfToken,
    createdAt: info.now.toISOString(),
    expiresAt: expiresAt.toISOString(),
    ip: info.ip,
    userAgent: info.userAgent?.slice(0, 300) ?? null,
    lastSeenAt: info.now.toISOString(),
  });
  return { token, csrfToken, expiresAt };
}

/** The session lookup of every signed-in request, built once per isolate (src/db/prepared.ts). */
const sessionQuery = preparedOnce((db) =>
  db
    .select({
      csrfToken: sessions.csrfToken,
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      departmentId: users.departmentId,
      disabled: users.disabled,
      isDemo: users.isDemo,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      scopeId: users.unitId,
      level: units.level,
      provinceId: units.provinceId,
      districtId: units.districtId,
      communeId: units.communeId,
      scopeValidTo: units.validTo,
      // Unread notifications for the menu's count (issue 15), capped: the index reads at most 100 rows.
      unread: sql<number>`(SELECT count(*) FROM (SELECT 1 FROM notifications n WHERE n.user_id = ${users.id} AND n.read_at IS NULL LIMIT 100))`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(eq(sessions.id, sql.placeholder("sessionId")), gt(sessions.expiresAt, sql.placeholder("now"))))
    .prepare(),
);

/**
 * The logged-in user behind a cookie token, or null when unknown, expired (absolute or idle), disabled, or a demo
 * account while `production` (demo sessions that exist end at their next request there). One query, plus one write
 * per SESSION_TOUCH_MINUTES to keep the last-seen time.
 */
export async function loadSession(db: Db, token: string, now: Date, opts: { production: boolean } = { production: false }): Promise<SessionUser | null> {
  const sessionId = await sha256Hex(token);
  const row = await sessionQuery(db).get({ sessionId, now: now.toISOString() });
  if (!row || row.disabled || (opts.production && row.isDemo)) return null;
  const lastSeen = row.lastSeenAt ?? row.createdAt;
  const nowMs = now.getTime();
  if (Date.parse(lastSeen) + SESSION_IDLE_HOURS * 3600_000 <= nowMs) return null;
  if (Date.parse(lastSeen) + SESSION_TOUCH_MINUTES * 60_000 <= nowMs) {
    await db.update(sessions).set({ lastSeenAt: now.toISOString() }).where(eq(sessions.id, sessionId));
  }
  return {
    sessionId,
    username: row.username,
    displayName: row.displayName,
    csrfToken: row.csrfToken,
    scopeValidTo: row.scopeValidTo,
    unread: Number(row.unread ?? 0),
    actor: {
      id: row.userId,
      role: row.role,
      departmentId: row.departmentId,
      scope: { id: row.scopeId, level: row.level, provinceId: row.provinceId, districtId: row.districtId, communeId: row.communeId },
    },
  };
}

export async function deleteSessionByToken(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, await sha256Hex(token)));
}
