// Login throttling stored in D1 (per account and per IP), so every Worker isolate sees the same counts.
import { eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { loginThrottles } from "../db/schema";
import { MAX_FAILURES, MAX_FAILURES_PER_IP, afterFailure, lockedMinutes } from "../domain/throttle";

export const throttleKeys = (username: string, ip: string | null) => [`user:${username.trim().toLowerCase().slice(0, 64)}`, `ip:${ip ?? "local"}`];

/** Minutes until any of the keys may try again (0 = not locked). */
export async function lockedFor(db: Db, keys: string[], nowIso: string): Promise<number> {
  const rows = await db.select().from(loginThrottles).where(inArray(loginThrottles.key, keys)).all();
  return Math.max(0, ...rows.map((r) => lockedMinutes(r, nowIso)));
}

export async function recordFailure(db: Db, keys: string[], nowIso: string): Promise<void> {
  const rows = await db.select().from(loginThrottles).where(inArray(loginThrottles.key, keys)).all();
  const statements = keys.map((key) => {
    const next = afterFailure(rows.find((r) => r.key === key), nowIso, key.startsWith("ip:") ? MAX_FAILURES_PER_IP : MAX_FAILURES);
    return db.insert(loginThrottles).values({ key, ...next }).onConflictDoUpdate({ target: loginThrottles.key, set: next });
  });
  await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.delete(loginThrottles).where(eq(loginThrottles.key, key));
}
