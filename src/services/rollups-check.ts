// Stored rollups against a from-scratch recount: every commune rollup against a fresh evaluation of its stored
// values, every district and province counter against a count of those fresh evaluations (and the roadmap against
// the bindings), and every area's packed commune row against its units and rollups. `npm run rollups:check` reports
// the differences; `--repair` puts them right (the area counters and packed rows rebuilt from scratch), audited.
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { areaCriterionCounts, areaLevelCounts, areaRoadmapCounts, areaRollups, communeBindings, communeRollups, units, type Unit } from "../db/schema";
import type { LevelCode } from "../domain/criteria-format";
import { countAreas, countRoadmap, type CommuneCount } from "../domain/rollups";
import { auditStatement } from "./audit";
import { loadChecklist, recomputeCommune } from "./checklist";
import { rebuildAreaRollups, rollupRow } from "./rollups";
import { communeFiguresDifferences } from "./commune-figures";

export type RollupDifferences = {
  /** Communes whose stored rollup differs from a fresh evaluation ("28879: level NTM ≠ NTM_NC"). */
  communes: string[];
  /** Area counters that differ from the recount ("area_rollups 832/1: communes 12 ≠ 13"). */
  areas: string[];
  /** Ids of the communes to recompute. */
  communeIds: number[];
};

const FIELDS = ["criteriaMet", "criteriaTotal", "criteria", "criteriaMetBase", "levelReached", "levelRank"] as const;

/** Compares every stored rollup of a province with a recount; writes nothing. */
export async function rollupDifferences(db: Db, provinceId: number): Promise<RollupDifferences> {
  const [bound, stored] = await Promise.all([
    db.select({ unit: units }).from(communeBindings).innerJoin(units, eq(units.id, communeBindings.unitId)).where(eq(units.provinceId, provinceId)).all(),
    db.select().from(communeRollups).where(eq(communeRollups.provinceId, provinceId)).all(),
  ]);
  const storedOf = new Map(stored.map((r) => [r.unitId, r]));
  const out: RollupDifferences = { communes: [], areas: [], communeIds: [] };
  const fresh: CommuneCount[] = [];
  const boundIds = new Set<number>();
  for (const { unit } of bound) {
    boundIds.add(unit.id);
    const checklist = await loadChecklist(db, unit);
    if (!checklist) continue;
    const levels = checklist.def.levels.map((l) => ({ code: l.code as LevelCode, rank: l.rank }));
    const expected = rollupRow(unit, checklist.binding.setId, checklist.evaluation, levels, "");
    fresh.push(expected);
    const row = storedOf.get(unit.id);
    const wrong = row
      ? FIELDS.filter((f) => JSON.stringify(row[f]) !== JSON.stringify(expected[f])).map((f) => `${f} ${JSON.stringify(row[f])} ≠ ${JSON.stringify(expected[f])}`)
      : ["không có dòng tổng hợp"];
    if (row && row.setId !== expected.setId) wrong.push(`setId ${row.setId} ≠ ${expected.setId}`);
    if (wrong.length > 0) {
      out.communes.push(`${unit.code}: ${wrong.join("; ")}`);
      out.communeIds.push(unit.id);
    }
  }
  for (const r of stored) if (!boundIds.has(r.unitId)) out.communes.push(`đơn vị ${r.unitId}: có dòng tổng hợp nhưng không gắn bộ tiêu chí`);

  const bindings = bound.map(({ unit }) => unit);
  const bindingRows = await db
    .select({ districtId: units.districtId, provinceId: units.provinceId, setId: communeBindings.setId, year: communeBindings.targetYear, level: communeBindings.targetLevel })
    .from(communeBindings)
    .innerJoin(units, eq(units.id, communeBindings.unitId))
    .where(eq(units.provinceId, provinceId))
    .all();
  const areaIds = new Set(bindings.flatMap((u) => [u.districtId, u.provinceId]).filter((id): id is number => id !== null));
  areaIds.add(provinceId);
  const counts = countAreas(fresh);
  const inAreas = <T extends { unitId: number }>(rows: T[]) => rows.filter((r) => areaIds.has(r.unitId));
  const [areaRows, levelRows, criterionRows, roadmapRows] = await Promise.all([
    db.select().from(areaRollups).all(),
    db.select().from(areaLevelCounts).all(),
    db.select().from(areaCriterionCounts).all(),
    db.select().from(areaRoadmapCounts).all(),
  ]);
  compare(out.areas, "area_rollups", (r) => `${r.unitId}/${r.setId}`, inAreas(areaRows).map(({ unitId, setId, communes, criteriaMetSum }) => ({ unitId, setId, communes, criteriaMetSum })), counts.rollups, (r) => r.communes === 0 && r.criteriaMetSum === 0);
  compare(out.areas, "area_level_counts", (r) => `${r.unitId}/${r.setId}/${r.level}`, inAreas(levelRows), counts.levels, (r) => r.communes === 0);
  compare(out.areas, "area_criterion_counts", (r) => `${r.unitId}/${r.setId}/${r.criterionId}/${r.level}`, inAreas(criterionRows), counts.criteria, (r) => r.communes === 0);
  compare(out.areas, "area_roadmap_counts", (r) => `${r.unitId}/${r.setId}/${r.targetYear}/${r.targetLevel}`, inAreas(roadmapRows), countRoadmap(bindingRows), (r) => r.planned === 0);
  // The packed commune rows (progress pages) against the units and commune rollups as stored.
  out.areas.push(...(await communeFiguresDifferences(db, provinceId)));
  return out;
}

/** Adds "table key: stored ≠ expected" for each row that differs; a missing row counts as zero (`isZero`). */
function compare<T extends object>(out: string[], table: string, keyOf: (r: T) => string, stored: T[], expected: T[], isZero: (r: T) => boolean): void {
  const strip = (r: T) => JSON.stringify(Object.fromEntries(Object.entries(r).filter(([k]) => k !== "updatedAt")));
  const storedOf = new Map(stored.map((r) => [keyOf(r), r]));
  const expectedOf = new Map(expected.map((r) => [keyOf(r), r]));
  for (const key of new Set([...storedOf.keys(), ...expectedOf.keys()])) {
    const s = storedOf.get(key);
    const e = expectedOf.get(key);
    if (s && e ? strip(s) === strip(e) : (s && isZero(s)) || (e && isZero(e))) continue;
    out.push(`${table} ${key}: ${s ? strip(s) : "—"} ≠ ${e ? strip(e) : "—"}`);
  }
}

/**
 * Puts a province's rollups right: recomputes each commune that differs, then rebuilds the district and province
 * counters from scratch, and writes an audit row with what was found. Returns the differences found before.
 */
export async function repairRollups(db: Db, province: Unit, actorId: number | null, nowIso: string): Promise<RollupDifferences> {
  const found = await rollupDifferences(db, province.id);
  if (found.communes.length === 0 && found.areas.length === 0) return found;
  for (const id of found.communeIds) {
    const unit = await db.select().from(units).where(eq(units.id, id)).get();
    if (unit) await recomputeCommune(db, unit, nowIso);
  }
  await rebuildAreaRollups(db, province.id, nowIso);
  await auditStatement(db, {
    actorId,
    action: "rollups.repair",
    entity: "province",
    entityId: province.code,
    before: { communes: found.communes.slice(0, 50), areas: found.areas.slice(0, 50), communeCount: found.communes.length, areaCount: found.areas.length },
    after: { repaired: true },
  });
  return found;
}
