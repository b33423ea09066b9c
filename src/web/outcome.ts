// The one mapping from a service or domain failure (src/domain/outcome.ts) to an HTTP status.
// Routes never write a status number for a failure: they pass `statusOf(outcome)` or `STATUS.<kind>`.
import type { FailureKind } from "../domain/outcome";

export const STATUS = {
  invalid: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthenticated: 401,
  too_large: 413,
  unsupported: 415,
  rate_limited: 429,
} as const satisfies Record<FailureKind, number>;

/** The status of the given failure kinds, e.g. `StatusOf<"conflict" | "invalid">` is `409 | 422`. */
export type StatusOf<K extends FailureKind = FailureKind> = (typeof STATUS)[K];

/** The HTTP status of a failure. */
export const statusOf = <K extends FailureKind>(failure: { kind: K }): StatusOf<K> => STATUS[failure.kind];
