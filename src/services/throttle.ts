// Login throttling stored in D1 (per account and per IP), so every Worker isolate sees the same counts.
// Each attempt is counted atomically BEFORE its password is verified (one upsert … RETURNING per key, both in one
// batch), so parallel attempts cannot all pass a check made before any of them was recorded: at most the limit of
// attempts per window is ever evaluated. A successful login clears its account's count and gives back its address's.
import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { loginThrottles } from "../db/schema";
import { LOCK_MINUTES, MAX_FAILURES, MAX_FAILURES_PER_IP, WINDOW_MINUTES, lockedMinutes } from "../domain/throttle";
import type { Failure, Outcome } from "../domain/outcome";

export const throttleKeys = (username: string, ip: string | null) => [`user:${username.trim().toLowerCase().slice(0, 64)}`, `ip:${ip ?? "local"}`];

const limitOf = (key: string) => (key.startsWith("ip:") ? MAX_FAILURES_PER_IP : MAX_FAILURES);
const plusMinutes = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/**
 * Counts one attempt for `key` and returns the state after it: afterFailure (src/domain/throttle.ts) as one atomic
 * upsert. A window that is over (or a lock that ended) starts again at 1; the attempt that reaches the limit locks.
 */
function countAttempt(db: Db, key: string, nowIso: string) {
  const max = limitOf(key);
  const lockUntil = plusMinutes(nowIso, LOCK_MINUTES);
  const t = loginThrottles;
  const expired = sql`(${t.windowStart} <= ${plusMinutes(nowIso, -WINDOW_MINUTES)} or (${t.lockedUntil} is not null and ${t.lockedUntil} <= ${nowIso}))`;
  return db
    .insert(t)
    .values({ key, failures: 1, windowStart: nowIso, lockedUntil: 1 >= max ? lockUntil : null })
    .onConflictDoUpdate({
      target: t.key,
      set: {
        failures: sql`case when ${expired} then 1 else ${t.failures} + 1 end`,
        windowStart: sql`case when ${expired} then ${nowIso} else ${t.windowStart} end`,
        lockedUntil: sql`case when ${expired} then null when ${t.lockedUntil} is not null then ${t.lockedUntil} when ${t.failures} + 1 >= ${max} then ${lockUntil} else null end`,
      },
    })
    .returning({ key: t.key, failures: t.failures, windowStart: t.windowStart, lockedUntil: t.lockedUntil });
}

export type Reservation = Outcome<{}, Failure<"rate_limited", { minutes: number }>>;

/** Counts this attempt on every key; refused (with minutes to wait) when any key is already over its limit. */
export async function reserveAttempt(db: Db, keys: string[], nowIso: string): Promise<Reservation> {
  const statements = keys.map((key) => countAttempt(db, key, nowIso));
  const results = await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
  const over = results.flat().filter((row) => row.failures > limitOf(row.key));
  if (over.length === 0) return { ok: true };
  return { ok: false, kind: "rate_limited", minutes: Math.max(1, ...over.map((row) => lockedMinutes(row, nowIso))) };
}

/** After a correct password: the account starts afresh; the address gets back the attempt it lent. */
export async function attemptSucceeded(db: Db, keys: string[]): Promise<void> {
  const [userKey, ...others] = keys;
  const t = loginThrottles;
  await db.batch([
    db.delete(t).where(eq(t.key, userKey)),
    ...others.map((key) =>
      db
        .update(t)
        .set({
          failures: sql`max(${t.failures} - 1, 0)`,
          lockedUntil: sql`case when ${t.failures} - 1 >= ${limitOf(key)} then ${t.lockedUntil} else null end`,
        })
        .where(eq(t.key, key)),
    ),
  ]);
}
