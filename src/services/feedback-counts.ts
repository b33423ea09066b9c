// Feedback figures kept on write (issue 20): feedback_counts holds the block sums of domain/feedback-counts.ts. Every
// write that changes what an item counts (create, route / re-route with a new department or due date, answer, rate)
// puts `countStatement(db, netCountRows(before, after))` in its own db.batch: the deltas come from the item as the
// version-checked update found it and as it leaves it, so a stale or repeated write (its guard or form key aborts the
// batch, a D1 batch is one transaction) changes no counter, and concurrent writes add up (x = x + delta in SQL).
// The report reads a few block rows per key (periodFigures), O(keys × blocks) whatever the years of history;
// `npm run rollups:check` recounts from the items and `--repair` rebuilds a province's rows.
import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { feedbackCounts, feedbackItems } from "../db/schema";
import { vnDateOf } from "../domain/clock";
import { countDifferences, periodRanges, recountRows, type CountFacts, type CountRow } from "../domain/feedback-counts";
import { asBatch, guardStatement, isStale, type Batch } from "./batch";
import { chunk } from "./units";

type ItemLike = Pick<typeof feedbackItems.$inferSelect, "provinceId" | "districtId" | "departmentId" | "categoryId" | "receivedAt" | "dueDate" | "answeredAt" | "rating">;

/** What an item (a row, or a row with the changes a write sets) counts. */
export const countFacts = (item: ItemLike): CountFacts => ({
  provinceId: item.provinceId,
  districtId: item.districtId,
  departmentId: item.departmentId,
  categoryId: item.categoryId,
  receivedDate: vnDateOf(item.receivedAt),
  dueDate: item.dueDate,
  answeredDate: item.answeredAt ? vnDateOf(item.answeredAt) : null,
  rating: item.rating,
});

const COLUMNS = ["provinceId", "districtId", "grain", "period", "dim", "keyId", "received", "answered", "answeredOnTime", "answeredLate", "ratings", "ratingSum", "pending", "overdue"] as const;
const ADDED = COLUMNS.slice(6);
/** Rows per INSERT … SELECT FROM json_each(?): one bound parameter, whatever the number of rows. */
const ROWS_PER_STATEMENT = 400;

/** Adds the rows' deltas to the counters (one statement; `x = x + excluded.x`, never read then written in JS). */
function upsert(db: Db, rows: CountRow[]) {
  const t = feedbackCounts;
  const json = JSON.stringify(rows.map((r) => COLUMNS.map((c) => r[c])));
  const fields = sql.raw(COLUMNS.map((_, i) => `value ->> '$[${i}]'`).join(", "));
  return db
    .insert(t)
    .select(sql`select ${fields} from json_each(${json}) where true`)
    .onConflictDoUpdate({
      target: [t.provinceId, t.districtId, t.grain, t.period, t.dim, t.keyId],
      set: Object.fromEntries(ADDED.map((c) => [c, sql`${sql.identifier(t[c].name)} + excluded.${sql.identifier(t[c].name)}`])),
    });
}

/** The statements a write's batch adds for these net rows (none when the write changes no figure). */
export const countStatements = (db: Db, rows: CountRow[]): Batch => chunk(rows, ROWS_PER_STATEMENT).map((part) => upsert(db, part));

/** The block rows of a province (district null) or a district that the period [from, to] needs: one D1 batch of range reads. */
export async function periodCountRows(db: Db, provinceId: number, from: string, to: string, districtId: number | null): Promise<CountRow[]> {
  const t = feedbackCounts;
  const reads = periodRanges(from, to).map((r) =>
    db
      .select()
      .from(t)
      .where(and(eq(t.provinceId, provinceId), eq(t.districtId, districtId ?? 0), eq(t.grain, r.grain), gte(t.period, r.lo), lt(t.period, r.hi))),
  );
  const results = (await db.batch(asBatch(reads))) as CountRow[][];
  return results.flat();
}

/** Every item of a province as it counts (the recount: a script's read, not a page's), and what changes when one is written. */
async function provinceFacts(db: Db, provinceId: number): Promise<CountFacts[] & { fingerprint: string; lastId: number }> {
  const i = feedbackItems;
  const rows = await db
    .select({ id: i.id, version: i.version, provinceId: i.provinceId, districtId: i.districtId, departmentId: i.departmentId, categoryId: i.categoryId, receivedAt: i.receivedAt, dueDate: i.dueDate, answeredAt: i.answeredAt, rating: i.rating })
    .from(i)
    .where(eq(i.provinceId, provinceId))
    .all();
  // Every write bumps an item's version or adds an item: the count, the sum of versions and the last id tell.
  return Object.assign(rows.map(countFacts), { fingerprint: `${rows.length}:${rows.reduce((n, r) => n + r.version, 0)}`, lastId: rows.reduce((n, r) => Math.max(n, r.id), 0) });
}

/** A no-op write on the province's last item that changes a row only while its items are as `facts` read them. */
const unchangedSince = (db: Db, provinceId: number, facts: { fingerprint: string; lastId: number }) =>
  db
    .update(feedbackItems)
    .set({ version: sql`${feedbackItems.version}` })
    .where(and(eq(feedbackItems.id, facts.lastId), sql`(select count(*) || ':' || sum(version) from feedback_items where province_id = ${provinceId}) = ${facts.fingerprint}`));

/** The stored counters of a province against a recount from its items: one line per differing row; writes nothing. */
export async function feedbackCountDifferences(db: Db, provinceId: number): Promise<string[]> {
  const [stored, facts] = await Promise.all([db.select().from(feedbackCounts).where(eq(feedbackCounts.provinceId, provinceId)).all(), provinceFacts(db, provinceId)]);
  return countDifferences(stored as CountRow[], recountRows(facts));
}

/**
 * Rebuilds a province's counters from its items (the repair and the backfill after the table's migration): one batch,
 * aborted and done again when an item was written between the recount's read and the batch (its deltas would be lost).
 */
export async function rebuildFeedbackCounts(db: Db, provinceId: number): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const facts = await provinceFacts(db, provinceId);
    const rows = recountRows(facts);
    const check: Batch = facts.lastId ? [unchangedSince(db, provinceId, facts), guardStatement(db)] : [];
    try {
      await db.batch(asBatch([...check, db.delete(feedbackCounts).where(eq(feedbackCounts.provinceId, provinceId)), ...countStatements(db, rows)]));
      return rows.length;
    } catch (error) {
      if (!isStale(error) || attempt === 5) throw error;
    }
  }
}

/** Provinces with feedback items (the check's and the generators' list). */
export const provincesWithFeedback = async (db: Db): Promise<number[]> =>
  (await db.selectDistinct({ id: feedbackItems.provinceId }).from(feedbackItems).all()).map((r) => r.id);
