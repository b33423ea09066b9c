// Public receipt lookups are rate-limited per client address, stored in D1 so every isolate sees the same count.
// One atomic upsert per lookup (the count is taken before the lookup runs): parallel requests cannot slip past.
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { receiptLookupThrottles } from "../db/schema";

/** Lookups allowed per address in one window; a resident checking a few receipts stays far below. */
export const RECEIPT_LOOKUPS_PER_WINDOW = 20;
export const RECEIPT_WINDOW_MINUTES = 10;

/** Counts one lookup for `ip`; false when the address is over the limit for the current window. */
export async function takeReceiptLookup(db: Db, ip: string | null, now: Date): Promise<boolean> {
  const nowIso = now.toISOString();
  const cutoff = new Date(now.getTime() - RECEIPT_WINDOW_MINUTES * 60_000).toISOString();
  const row = await db
    .insert(receiptLookupThrottles)
    .values({ key: `ip:${ip ?? "local"}`, lookups: 1, windowStart: nowIso })
    .onConflictDoUpdate({
      target: receiptLookupThrottles.key,
      set: {
        lookups: sql`case when ${receiptLookupThrottles.windowStart} <= ${cutoff} then 1 else ${receiptLookupThrottles.lookups} + 1 end`,
        windowStart: sql`case when ${receiptLookupThrottles.windowStart} <= ${cutoff} then ${nowIso} else ${receiptLookupThrottles.windowStart} end`,
      },
    })
    .returning({ lookups: receiptLookupThrottles.lookups })
    .get();
  return row.lookups <= RECEIPT_LOOKUPS_PER_WINDOW;
}
