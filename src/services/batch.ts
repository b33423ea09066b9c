// One db.batch per use case: the types, and the write guard that makes a stale optimistic-concurrency
// write abort its whole batch (D1 batches are transactions).
import { sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../db/client";
import { writeGuards } from "../db/schema";

export type Batch = BatchItem<"sqlite">[];
export const asBatch = (items: Batch) => items as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]];

/**
 * Put right after a version-checked UPDATE: its CHECK fails when that UPDATE changed no row, and the whole
 * batch rolls back.
 */
export const guardStatement = (db: Db) =>
  db.insert(writeGuards).values({ id: 1, ok: sql`changes()` }).onConflictDoUpdate({ target: writeGuards.id, set: { ok: sql`changes()` } });

/** The failure D1 reports when the write guard's CHECK aborted a batch. */
export const STALE = /CHECK constraint failed/;
/** Also counts a UNIQUE violation as "someone got there first" (a create racing another create). */
export const STALE_OR_DUPLICATE = /CHECK constraint failed|UNIQUE constraint failed/;

const errorText = (error: unknown) => String((error as Error)?.message) + String((error as { cause?: Error })?.cause?.message);
export const isStale = (error: unknown, pattern: RegExp = STALE) => pattern.test(errorText(error));
