// One-time form keys (issue 14): a create form carries a random key; the create's own db.batch records it with the
// created row's id (claimStatement, last in the batch), so a repeat of the same submission — double tap, retry after a
// timeout, offline replay — finds the key (findFormKey) and answers with the first result instead of creating again.
import { eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { formKeys } from "../db/schema";

export type FormKeyRow = typeof formKeys.$inferSelect;

/** A key as a form sends it: server-issued (randomUUID) or made by the offline queue; anything else is ignored. */
export const FORM_KEY = /^[A-Za-z0-9_-]{16,64}$/;

/** What a create records with its key. */
export type KeyClaim = { key: string; actorId: number; kind: string; target: string };

/**
 * The insert that claims the key, to put in the create's batch after the created row's insert. `result`: an SQL
 * expression (lastIdOf) or a known id (bound as text: D1 binds JS numbers as REAL, "8.0").
 */
export function claimStatement(db: Db, claim: KeyClaim, result: SQL | number | string) {
  return db.insert(formKeys).values({ ...claim, result: typeof result === "object" ? sql`cast(${result} as text)` : String(result) });
}

/** The created row's id: the largest id of `table` right after its insert in the same batch. */
export const lastIdOf = (table: string) => sql`(select max(id) from ${sql.raw(table)})`;

export async function findFormKey(db: Db, key: string): Promise<FormKeyRow | undefined> {
  return db.select().from(formKeys).where(eq(formKeys.key, key)).get();
}

/** A concurrent twin claimed the key first: its batch won, ours rolled back whole. */
export const isKeyClash = (error: unknown) =>
  /UNIQUE constraint failed: form_keys/.test(String((error as Error)?.message) + String((error as { cause?: Error })?.cause?.message));

/** How long a key is kept: a phone's offline queue is sent within days; a replay after that creates anew. */
export const FORM_KEY_DAYS = 90;

/** Deletes keys older than `beforeIso` (daily job, index form_keys_created). */
export async function purgeFormKeys(db: Db, beforeIso: string): Promise<void> {
  await db.delete(formKeys).where(sql`${formKeys.createdAt} < ${beforeIso}`);
}
