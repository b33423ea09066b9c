// Monthly snapshots of the rollups (rollup_snapshots per area and set, commune_snapshots per commune) for the
// 12-month trend and the quarter's most improved communes. Taken by the scheduled job on the 1st (the month
// that just ended) and on demand by an admin (the current month); one db.batch per province, audit included.
import { and, eq, inArray, isNull } from "drizzle-orm";
import { asBatch, type Batch } from "./batch";
import type { Db } from "../db/client";
import { areaCriterionCounts, areaLevelCounts, areaRollups, communeRollups, communeSnapshots, rollupSnapshots, units, type Unit } from "../db/schema";
import { encodeCriterionCounts, histogramsByArea, monthlyJobDecision } from "../domain/snapshots";
import { auditStatement } from "./audit";
import { chunk, rowsPerStatement } from "./units";


export type SnapshotSummary = { month: string; areas: number; communes: number };

/** Province and its districts: the areas whose counters the checklist keeps. */
async function areasOf(db: Db, province: Unit): Promise<number[]> {
  const districts = await db.select({ id: units.id }).from(units).where(and(eq(units.provinceId, province.id), eq(units.level, "district"))).all();
  return [province.id, ...districts.map((d) => d.id)];
}

/** Copies a province's area counters and commune rollups into the snapshot of `month` (replacing it). */
export async function takeSnapshot(db: Db, province: Unit, month: string, nowIso: string, actor: { id: number | null; ip?: string | null; reason: "job" | "on_demand" }): Promise<SnapshotSummary> {
  const areaIds = await areasOf(db, province);
  const [rollups, levels, criterion, communes] = await Promise.all([
    db.select().from(areaRollups).where(inArray(areaRollups.unitId, areaIds)).all(),
    db.select().from(areaLevelCounts).where(inArray(areaLevelCounts.unitId, areaIds)).all(),
    db.select().from(areaCriterionCounts).where(inArray(areaCriterionCounts.unitId, areaIds)).all(),
    db
      .select({ unitId: communeRollups.unitId, provinceId: communeRollups.provinceId, districtId: communeRollups.districtId, setId: communeRollups.setId, criteriaMetBase: communeRollups.criteriaMetBase, levelReached: communeRollups.levelReached })
      .from(communeRollups)
      .where(eq(communeRollups.provinceId, province.id))
      .all(),
  ]);
  const histograms = histogramsByArea(communes);
  const key = (unitId: number, setId: number) => `${unitId}:${setId}`;
  const levelsOf = Map.groupBy(levels, (l) => key(l.unitId, l.setId));
  const criteriaOf = Map.groupBy(criterion, (c) => key(c.unitId, c.setId));
  const snapshotRows = rollups
    .filter((r) => r.communes > 0)
    .map((r) => ({
      unitId: r.unitId,
      setId: r.setId,
      month,
      communes: r.communes,
      criteriaMetSum: r.criteriaMetSum,
      levelCounts: Object.fromEntries((levelsOf.get(key(r.unitId, r.setId)) ?? []).filter((l) => l.communes !== 0).map((l) => [l.level, l.communes])),
      criterionCounts: encodeCriterionCounts(criteriaOf.get(key(r.unitId, r.setId)) ?? [], histograms.get(key(r.unitId, r.setId)) ?? {}),
      takenAt: nowIso,
    }));
  const communeRows = communes.map((c) => ({ unitId: c.unitId, month, provinceId: c.provinceId, districtId: c.districtId, criteriaMetBase: c.criteriaMetBase, levelReached: c.levelReached }));
  const statements: Batch = [
    db.delete(rollupSnapshots).where(and(inArray(rollupSnapshots.unitId, areaIds), eq(rollupSnapshots.month, month))),
    db.delete(communeSnapshots).where(and(eq(communeSnapshots.provinceId, province.id), eq(communeSnapshots.month, month))),
    ...chunk(snapshotRows, rowsPerStatement(8)).map((part) => db.insert(rollupSnapshots).values(part)),
    ...chunk(communeRows, rowsPerStatement(6)).map((part) => db.insert(communeSnapshots).values(part)),
    auditStatement(db, {
      actorId: actor.id,
      action: actor.reason === "job" ? "progress_snapshot.monthly" : "progress_snapshot.take",
      entity: "progress_snapshot",
      entityId: `${province.code}/${month}`,
      after: { areas: snapshotRows.length, communes: communeRows.length, takenAt: nowIso },
      ip: actor.ip ?? null,
    }),
  ];
  await db.batch(asBatch(statements));
  return { month, areas: snapshotRows.length, communes: communeRows.length };
}

/** Whether a province already has a snapshot for `month`. */
export async function hasSnapshot(db: Db, provinceId: number, month: string): Promise<boolean> {
  const row = await db.select({ month: rollupSnapshots.month }).from(rollupSnapshots).where(and(eq(rollupSnapshots.unitId, provinceId), eq(rollupSnapshots.month, month))).limit(1).get();
  return !!row;
}

/** The daily scheduled job: on the 1st the month that just ended for every current province (see monthlyJobDecision). */
export async function monthlySnapshotJob(db: Db, now: Date, vnDate: string): Promise<void> {
  const decision = monthlyJobDecision(vnDate);
  if (!decision) return;
  const provinces = await db.select().from(units).where(and(isNull(units.provinceId), eq(units.level, "province"), isNull(units.validTo))).all();
  for (const province of provinces) {
    if (decision.mode === "if-missing" && (await hasSnapshot(db, province.id, decision.month))) continue;
    await takeSnapshot(db, province, decision.month, now.toISOString(), { id: null, reason: "job" });
  }
}
