// A commune's own progress page: its rollup, binding and 12 months of snapshots, and the values of the indicators in
// the criteria it does not meet (services/progress.ts reads the areas above it).
import { and, desc, eq, gte, lte, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { communeBindings, communeRollups, communeSnapshots, type CommuneRollup } from "../db/schema";

const valuesList = (items: (string | number)[]) => sql.join(items.map((v) => sql`(${v})`), sql`, `);


export type CommunePage = {
  rollup: CommuneRollup | undefined;
  binding: typeof communeBindings.$inferSelect | undefined;
  trend: { month: string; criteriaMetBase: number; levelReached: string | null }[];
};

export async function communeFigures(db: Db, unitId: number, from: string, current: string): Promise<CommunePage> {
  const [rollup, binding, trend] = await Promise.all([
    db.select().from(communeRollups).where(eq(communeRollups.unitId, unitId)).get(),
    db.select().from(communeBindings).where(eq(communeBindings.unitId, unitId)).get(),
    db
      .select({ month: communeSnapshots.month, criteriaMetBase: communeSnapshots.criteriaMetBase, levelReached: communeSnapshots.levelReached })
      .from(communeSnapshots)
      .where(and(eq(communeSnapshots.unitId, unitId), gte(communeSnapshots.month, from), lte(communeSnapshots.month, current)))
      .orderBy(desc(communeSnapshots.month))
      .limit(12)
      .all(),
  ]);
  return { rollup, binding, trend };
}

export type FailingValue = { indicatorId: number; value: string | null; met: Partial<Record<string, boolean>>; evidenceNote: string | null; evidenceLink: string | null; updatedAt: string };

/** The values of one commune's indicators in the given criteria (the ones not met): one indexed range per criterion. */
export async function valuesOfCriteria(db: Db, unitId: number, criterionIds: number[]): Promise<FailingValue[]> {
  if (criterionIds.length === 0) return [];
  const rows = await db.all<{ indicator_id: number; value: string | null; met: string; evidence_note: string | null; evidence_link: string | null; updated_at: string }>(sql`
    WITH k(id) AS (VALUES ${valuesList(criterionIds)})
    SELECT v.indicator_id, v.value, v.met, v.evidence_note, v.evidence_link, v.updated_at FROM k
    JOIN indicator_values v ON v.unit_id = ${unitId} AND v.criterion_id = k.id`);
  return rows.map((r) => ({ indicatorId: r.indicator_id, value: r.value, met: JSON.parse(r.met), evidenceNote: r.evidence_note, evidenceLink: r.evidence_link, updatedAt: r.updated_at }));
}
