import { describe, expect, it } from "vitest";
import { MAX_FAILURES_PER_IP, afterFailure, lockedMinutes, type ThrottleState } from "../../src/domain/throttle";

const T0 = "2026-11-27T08:00:00.000Z";
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

function fail(times: number, everyMinutes = 1): ThrottleState | null {
  let s: ThrottleState | null = null;
  for (let i = 0; i < times; i++) s = afterFailure(s, at(i * everyMinutes));
  return s;
}

describe("login throttling", () => {
  it.each([
    [1, 0],
    [4, 0],
    [5, 15],
  ])("%i failures within the window → locked for %i minutes", (times, minutes) => {
    const s = fail(times)!;
    expect(lockedMinutes(s, at(times - 1))).toBe(minutes);
  });

  it("unlocks after 15 minutes and starts counting afresh", () => {
    const s = fail(5)!;
    expect(lockedMinutes(s, at(4 + 14))).toBe(1);
    expect(lockedMinutes(s, at(4 + 15))).toBe(0);
    const next = afterFailure(s, at(4 + 15));
    expect(next).toEqual({ failures: 1, windowStart: at(19), lockedUntil: null });
  });

  it("does not lock when failures are spread beyond the window", () => {
    const s = fail(5, 4)!; // 0, 4, 8, 12, 16 minutes: the 5th starts a new window
    expect(s.failures).toBeLessThan(5);
    expect(lockedMinutes(s, at(16))).toBe(0);
  });

  it("locks an IP only after 20 failures", () => {
    let s: ThrottleState | null = null;
    for (let i = 0; i < 19; i++) s = afterFailure(s, at(0), MAX_FAILURES_PER_IP);
    expect(lockedMinutes(s, at(0))).toBe(0);
    s = afterFailure(s, at(0), MAX_FAILURES_PER_IP);
    expect(lockedMinutes(s, at(0))).toBe(15);
  });

  it("is not locked without state", () => {
    expect(lockedMinutes(null, T0)).toBe(0);
  });
});
