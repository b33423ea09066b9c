// The one result shape of service and domain functions that can fail. A failure is named for what it
// means (`kind`) and carries its data (field errors, a message, the current row for a conflict…);
// src/web/outcome.ts is the one place that turns a kind into an HTTP status.

export const FAILURE_KINDS = ["invalid", "not_found", "conflict", "forbidden", "unauthenticated", "too_large", "unsupported", "rate_limited"] as const;
/**
 * invalid: the input breaks a rule (field errors or a message) · not_found: the row is gone or outside the actor's scope ·
 * conflict: someone changed the row first, or it is in a state that refuses the action · forbidden: the actor may not ·
 * unauthenticated: no valid credential · too_large: a size or quota limit · unsupported: a file type not accepted ·
 * rate_limited: too many attempts, try later.
 */
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** A failure of kind K carrying data D; `Failure<"a" | "b", D>` is `Failure<"a", D> | Failure<"b", D>`, so a check of `kind` narrows. */
export type Failure<K extends FailureKind = FailureKind, D extends object = {}> = K extends FailureKind ? { ok: false; kind: K } & D : never;
/** A success carrying the fields T. */
export type Success<T extends object = {}> = { ok: true } & T;
/** Success with T, or one of the failures F. */
export type Outcome<T extends object = {}, F extends Failure = Failure> = Success<T> | F;

/** `fail("conflict", { current })`: a failure with its data (shorter than the object literal when data is built elsewhere). */
export const fail = <K extends FailureKind, D extends object = {}>(kind: K, data?: D): Failure<K, D> => ({ ok: false, kind, ...(data as D) }) as Failure<K, D>;
