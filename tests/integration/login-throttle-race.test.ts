// Issue 17, finding 3: login throttling raced. Attempts were checked against the failure count, then the password
// was verified, then the failure recorded: 60 parallel guesses for one account were all evaluated (none 429) and
// 150 from one address got 81 evaluated. Now each attempt is counted atomically before it is verified.
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { Client, csrfFrom, seededDb, testDb } from "../factories";
import { loginThrottles } from "../../src/db/schema";
import { afterFailure, type ThrottleState } from "../../src/domain/throttle";
import { reserveAttempt } from "../../src/services/throttle";

beforeAll(async () => {
  await seededDb();
}, 60_000);

/** One client's CSRF pair, then `n` parallel logins from the given addresses. */
async function parallelLogins(attempts: { username: string; password: string; ip: string }[]): Promise<number[]> {
  const client = new Client();
  client.csrf = csrfFrom(await (await client.get("/login")).text());
  const responses = await Promise.all(
    attempts.map((a) =>
      client.fetch("/login", { method: "POST", headers: { "CF-Connecting-IP": a.ip }, form: { _csrf: client.csrf, username: a.username, password: a.password } }),
    ),
  );
  return responses.map((r) => r.status);
}

const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((t, s) => ({ ...t, [s]: (t[s] ?? 0) + 1 }), {});

describe("login throttling under parallel attempts", () => {
  it("evaluates at most 5 of 60 parallel wrong passwords for one account, then refuses the right one", async () => {
    const statuses = await parallelLogins(Array.from({ length: 60 }, (_, i) => ({ username: "huyen.cholach", password: `sai-${i}`, ip: `198.51.100.${i + 1}` })));
    expect(tally(statuses)).toEqual({ 401: 5, 429: 55 });
    const [right] = await parallelLogins([{ username: "huyen.cholach", password: "demo-ntm-2026", ip: "198.51.100.200" }]);
    expect(right).toBe(429);
  });

  it("evaluates at most 20 of 150 parallel attempts from one address, then refuses a right password from it", async () => {
    const statuses = await parallelLogins(Array.from({ length: 150 }, (_, i) => ({ username: `khong-co-${i}`, password: "sai", ip: "203.0.113.7" })));
    expect(tally(statuses)).toEqual({ 401: 20, 429: 130 });
    const [right] = await parallelLogins([{ username: "canbo", password: "demo-ntm-2026", ip: "203.0.113.7" }]);
    expect(right).toBe(429);
    // Another address is not affected, and a successful login gives its address its attempt back (25 > 20 in a row).
    const ok: number[] = [];
    for (let i = 0; i < 25; i++) ok.push(...(await parallelLogins([{ username: "canbo", password: "demo-ntm-2026", ip: "203.0.113.8" }])));
    expect(tally(ok)).toEqual({ 303: 25 });
  });

});

describe("the atomic counter follows the pure rule (src/domain/throttle.ts)", () => {
  it("counts, resets after the window, locks at the 5th, refuses while locked without extending, resets after the lock", async () => {
    const db = testDb();
    const T0 = Date.parse("2026-11-27T08:00:00.000Z");
    const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
    const key = "user:bang-chuan";
    let expected: ThrottleState | null = null;
    const stored = async () => {
      const r = (await db.select().from(loginThrottles).where(eq(loginThrottles.key, key)).get())!;
      return { failures: r.failures, windowStart: r.windowStart, lockedUntil: r.lockedUntil };
    };
    // Outside a lock every attempt moves the row exactly as afterFailure does.
    for (const minute of [0, 1, 2, 3, 20, 21, 22, 23, 24]) {
      const outcome = await reserveAttempt(db, [key], at(minute));
      expected = afterFailure(expected, at(minute));
      expect(await stored(), `minute ${minute}`).toEqual(expected);
      expect(outcome.ok, `minute ${minute}`).toBe(true);
    }
    expect(expected!.lockedUntil).toBe(at(39));
    // Locked: refused with the minutes left, and the lock is not extended.
    expect(await reserveAttempt(db, [key], at(30))).toEqual({ ok: false, kind: "rate_limited", minutes: 9 });
    expect((await stored()).lockedUntil).toBe(at(39));
    // After the lock a new window starts.
    expect(await reserveAttempt(db, [key], at(39))).toEqual({ ok: true });
    expect(await stored()).toEqual({ failures: 1, windowStart: at(39), lockedUntil: null });
  });
});
