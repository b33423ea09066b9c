// Commune and area rollups: a commune's rollup row and state, the district/province counter and roadmap
// deltas, the version-checked rollup write, and the from-scratch rebuild of a province's area counters.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import {
  areaCriterionCounts,
  areaLevelCounts,
  areaRoadmapCounts,
  areaRollups,
  communeBindings,
  communeRollups,
  units,
  type CommuneRollup,
  type Unit,
} from "../db/schema";
import type { LevelCode } from "../domain/criteria-format";
import type { CommuneEvaluation, EvalLevel, LevelResult } from "../domain/evaluation";
import { countAreas, countRoadmap, type CommuneState, type RollupDelta } from "../domain/rollups";
import { guardStatement, type Batch } from "./batch";
import { rebuildCommuneFigures, refreshCommuneFigures } from "./commune-figures";
import { chunk, rowsPerStatement, runInBatches } from "./units";

export const baseLevelOf = (levels: { code: string; rank: number }[]) => [...levels].sort((a, b) => a.rank - b.rank)[0]?.code ?? "";
export const rankOf = (levels: { code: string; rank: number }[], code: string | null) => levels.find((l) => l.code === code)?.rank ?? 0;
export const areasOf = (u: Pick<Unit, "provinceId" | "districtId">) => [u.districtId, u.provinceId].filter((id): id is number => id !== null);

export function stateOf(evaluation: Pick<CommuneEvaluation, "criteria" | "criteriaMet" | "levelReached">, baseLevel: string): CommuneState {
  return {
    criteriaMetBase: evaluation.criteriaMet[baseLevel as LevelCode] ?? 0,
    levelReached: evaluation.levelReached ?? "",
    criteria: evaluation.criteria,
  };
}

export function stateFromRollup(rollup: CommuneRollup): CommuneState {
  return {
    criteriaMetBase: rollup.criteriaMetBase,
    levelReached: rollup.levelReached ?? "",
    criteria: new Map(Object.entries(rollup.criteria).map(([id, r]) => [Number(id), r as LevelResult])),
  };
}

export const criteriaJson = (criteria: Map<number, LevelResult>) => Object.fromEntries([...criteria].map(([id, r]) => [String(id), r]));

/** Statements adding `delta` to the district and province counters of the commune's set. */
export function areaDeltaStatements(db: Db, areaIds: number[], setId: number, delta: RollupDelta, nowIso: string): Batch {
  const out: Batch = [];
  for (const unitId of areaIds) {
    if (delta.communes !== 0 || delta.criteriaMetSum !== 0) {
      out.push(
        db
          .insert(areaRollups)
          .values({ unitId, setId, communes: delta.communes, criteriaMetSum: delta.criteriaMetSum, updatedAt: nowIso })
          .onConflictDoUpdate({
            target: [areaRollups.unitId, areaRollups.setId],
            set: {
              communes: sql`${areaRollups.communes} + ${delta.communes}`,
              criteriaMetSum: sql`${areaRollups.criteriaMetSum} + ${delta.criteriaMetSum}`,
              updatedAt: nowIso,
            },
          }),
      );
    }
    for (const l of delta.levels) {
      out.push(
        db
          .insert(areaLevelCounts)
          .values({ unitId, setId, level: l.level, communes: l.delta })
          .onConflictDoUpdate({ target: [areaLevelCounts.unitId, areaLevelCounts.setId, areaLevelCounts.level], set: { communes: sql`${areaLevelCounts.communes} + ${l.delta}` } }),
      );
    }
    for (const c of delta.criteria) {
      out.push(
        db
          .insert(areaCriterionCounts)
          .values({ unitId, setId, criterionId: c.criterionId, level: c.level, communes: c.delta })
          .onConflictDoUpdate({
            target: [areaCriterionCounts.unitId, areaCriterionCounts.setId, areaCriterionCounts.criterionId, areaCriterionCounts.level],
            set: { communes: sql`${areaCriterionCounts.communes} + ${c.delta}` },
          }),
      );
    }
  }
  return out;
}

/** A commune's rollup row from a full evaluation (binding, recompute and the national generator all use it). */
export function rollupRow(unit: Unit, setId: number, evaluation: CommuneEvaluation, levels: EvalLevel[], nowIso: string) {
  const base = baseLevelOf(levels);
  return {
    unitId: unit.id,
    setId,
    provinceId: unit.provinceId!,
    districtId: unit.districtId,
    criteriaMet: evaluation.criteriaMet,
    criteriaTotal: evaluation.criteriaTotal,
    criteria: criteriaJson(evaluation.criteria),
    criteriaMetBase: evaluation.criteriaMet[base as LevelCode] ?? 0,
    levelReached: evaluation.levelReached,
    levelRank: rankOf(levels, evaluation.levelReached),
    updatedAt: nowIso,
  };
}

/** Adds `delta` communes planned to reach `level` by `year` in each area (the roadmap, lộ trình). */
export function roadmapStatements(db: Db, areaIds: number[], setId: number, year: number, level: string, delta: number): Batch {
  return areaIds.map((unitId) =>
    db
      .insert(areaRoadmapCounts)
      .values({ unitId, setId, targetYear: year, targetLevel: level, planned: delta })
      .onConflictDoUpdate({
        target: [areaRoadmapCounts.unitId, areaRoadmapCounts.setId, areaRoadmapCounts.targetYear, areaRoadmapCounts.targetLevel],
        set: { planned: sql`${areaRoadmapCounts.planned} + ${delta}` },
      }),
  );
}

/** Recomputes every district and province counter of a province, and its packed commune rows, from the commune rollups (from scratch). */
export async function rebuildAreaRollups(db: Db, provinceId: number, nowIso: string): Promise<void> {
  const rollups = await db.select().from(communeRollups).where(eq(communeRollups.provinceId, provinceId)).all();
  const counts = countAreas(rollups);
  const bindings = await db
    .select({ districtId: units.districtId, provinceId: units.provinceId, setId: communeBindings.setId, year: communeBindings.targetYear, level: communeBindings.targetLevel })
    .from(communeBindings)
    .innerJoin(units, eq(units.id, communeBindings.unitId))
    .where(eq(units.provinceId, provinceId))
    .all();
  const roadmapRows = countRoadmap(bindings);
  const areaIds = [...new Set([...counts.rollups.map((a) => a.unitId), ...roadmapRows.map((r) => r.unitId)])];
  const statements: Batch = [];
  for (const ids of chunk(areaIds, 90)) {
    statements.push(db.delete(areaRoadmapCounts).where(inArray(areaRoadmapCounts.unitId, ids)));
    statements.push(db.delete(areaRollups).where(inArray(areaRollups.unitId, ids)));
    statements.push(db.delete(areaLevelCounts).where(inArray(areaLevelCounts.unitId, ids)));
    statements.push(db.delete(areaCriterionCounts).where(inArray(areaCriterionCounts.unitId, ids)));
  }
  statements.push(...chunk(counts.rollups.map((a) => ({ ...a, updatedAt: nowIso })), rowsPerStatement(5)).map((p) => db.insert(areaRollups).values(p)));
  statements.push(...chunk(counts.levels, rowsPerStatement(4)).map((p) => db.insert(areaLevelCounts).values(p)));
  statements.push(...chunk(counts.criteria, rowsPerStatement(5)).map((p) => db.insert(areaCriterionCounts).values(p)));
  statements.push(...chunk(roadmapRows, rowsPerStatement(5)).map((p) => db.insert(areaRoadmapCounts).values(p)));
  await runInBatches(db, statements);
  // Bulk loads write commune rollups without refreshing their areas' packed rows: rebuilt with the counters.
  await rebuildCommuneFigures(db, provinceId);
}

/**
 * Writes a commune's evaluated rollup only if it is still the version that was read (the guard aborts the batch
 * otherwise); a missing row is inserted (a concurrent insert fails on the primary key). The commune's entry in its
 * area's packed row follows in the same batch (commune-figures.ts).
 */
export function rollupWrite(db: Db, read: CommuneRollup | undefined, row: ReturnType<typeof rollupRow>): Batch {
  if (!read) return [db.insert(communeRollups).values(row), refreshCommuneFigures(db, row.unitId)];
  return [
    db
      .update(communeRollups)
      .set({ ...row, version: read.version + 1 })
      .where(and(eq(communeRollups.unitId, row.unitId), eq(communeRollups.version, read.version))),
    guardStatement(db),
    refreshCommuneFigures(db, row.unitId),
  ];
}
