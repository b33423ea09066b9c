// Pure: login throttling. After `max` failures within the window, the key is locked for LOCK_MINUTES.
// An account locks after 5; an IP after 20 (a provincial office shares one public address).
export const MAX_FAILURES = 5;
export const MAX_FAILURES_PER_IP = 20;
export const WINDOW_MINUTES = 15;
export const LOCK_MINUTES = 15;

export type ThrottleState = { failures: number; windowStart: string; lockedUntil: string | null };

const plusMinutes = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** Minutes left on a lock (rounded up), or 0 when the key may try. */
export function lockedMinutes(state: ThrottleState | null | undefined, nowIso: string): number {
  if (!state?.lockedUntil || state.lockedUntil <= nowIso) return 0;
  return Math.ceil((Date.parse(state.lockedUntil) - Date.parse(nowIso)) / 60_000);
}

/**
 * The state after one more failure at `nowIso`. A failure after the window starts a new window. services/throttle.ts
 * applies the same rule as one atomic upsert per attempt (tested against this function).
 */
export function afterFailure(state: ThrottleState | null | undefined, nowIso: string, max = MAX_FAILURES): ThrottleState {
  const expired = !state || plusMinutes(state.windowStart, WINDOW_MINUTES) <= nowIso || (state.lockedUntil !== null && state.lockedUntil <= nowIso);
  const failures = expired ? 1 : state.failures + 1;
  const windowStart = expired ? nowIso : state.windowStart;
  return { failures, windowStart, lockedUntil: failures >= max ? plusMinutes(nowIso, LOCK_MINUTES) : null };
}
