// Checklists of generated communes (npm run data:national): binding, one value per indicator, the commune rollup,
// 12 months of history and snapshots up to `asOf`, the province's area rollups and area snapshots. Used for the
// current generation and for the 2021–2025 archive of the 2026 shape (old communes, as of June 2025).
import { eq } from "drizzle-orm";
import type { Db } from "../../src/db/client";
import { areaRollups, communeBindings, communeRollups, communeSnapshots, indicatorValueHistory, indicatorValues, rollupSnapshots, type Unit } from "../../src/db/schema";
import type { LevelCode, TargetKey } from "../../src/domain/criteria-format";
import { evaluateCommune } from "../../src/domain/evaluation";
import { rng, sampleCommune, seedOf, spreadProfile } from "../../src/domain/sample-values";
import { findSetByCode, loadDefinition, toEvalSet, type SetDefinition } from "../../src/services/criteria-sets";
import { rebuildAreaRollups, rollupRow } from "../../src/services/rollups";
import type { BulkWriter } from "./bulk";

/** Set definitions by set code and target key, loaded once per run. */
export function definitions(db: Db): (code: string, key: string) => Promise<SetDefinition> {
  const defs = new Map<string, SetDefinition>();
  return async (code, key) => {
    const k = `${code}:${key}`;
    if (!defs.has(k)) defs.set(k, (await loadDefinition(db, (await findSetByCode(db, code))!.id, key))!);
    return defs.get(k)!;
  };
}

export const monthsBefore = (asOf: Date, n: number) => new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - n, 1)).toISOString().slice(0, 7);
export const dayIn = (month: string, random: () => number) => `${month}-${String(1 + Math.floor(random() * 27)).padStart(2, "0")}`;

export type ChecklistInput = {
  seed: number;
  province: Unit;
  communes: Unit[];
  districts: Unit[];
  /** Who entered the values (null for the archive: no account of the old province exists). */
  actorId: number | null;
  setCodes: { rural: string; urban: string };
  /** The target key of a rural commune (region for 2021–2025, commune group for 2026–2030). */
  ruralKey: (commune: Unit, random: () => number) => TargetKey;
  evalYear: number;
  /** The moment the data stands at (values' updatedAt; history and snapshots in the 12 months before). */
  asOf: Date;
};

export async function seedChecklists(db: Db, bulk: BulkWriter, definition: (code: string, key: string) => Promise<SetDefinition>, input: ChecklistInput): Promise<void> {
  const { seed, province, communes, districts, actorId, setCodes, evalYear, asOf } = input;
  const nowIso = asOf.toISOString();
  const monthsBack = (n: number) => monthsBefore(asOf, n);
  const valueRows: (typeof indicatorValues.$inferInsert)[] = [];
  const historyRows: (typeof indicatorValueHistory.$inferInsert)[] = [];
  const snapshotRows: (typeof communeSnapshots.$inferInsert)[] = [];
  for (const commune of communes) {
    const r = rng(seed + seedOf(commune.code));
    const urban = commune.kind === "phuong" || commune.kind === "thi_tran";
    const key = (urban ? "all" : input.ruralKey(commune, r)) as TargetKey;
    const def = await definition(urban ? setCodes.urban : setCodes.rural, key);
    const evalSet = toEvalSet(def);
    const levels = [...def.levels].sort((a, b) => a.rank - b.rank);
    const profile = spreadProfile(evalSet.levels, r, { urban, model: r() < 0.03 });
    const binding = { key, year: evalYear };
    const values = sampleCommune(evalSet.indicators.map((i) => ({ ...i, choices: def.indicators.find((d) => d.id === i.id)!.choices })), evalSet.levels, binding, profile, r);
    const evaluation = evaluateCommune(evalSet, binding, values);
    const reachedRank = levels.find((l) => l.code === profile.level)?.rank ?? 0;
    const targetLevel = (levels.find((l) => l.rank === reachedRank + 1) ?? levels[levels.length - 1]).code;
    await bulk.insert(communeBindings, [{ unitId: commune.id, setId: def.set.id, key, targetLevel, targetYear: evalYear + (reachedRank ? 1 : 0), evalYear, updatedAt: nowIso }]);
    for (const ind of def.indicators) {
      const value = values.get(ind.id) ?? null;
      valueRows.push({
        unitId: commune.id,
        indicatorId: ind.id,
        criterionId: ind.criterionId,
        value,
        evidenceNote: ind.evidenceRequired && value !== null && value !== "false" ? `Hồ sơ chỉ tiêu ${ind.code}` : null,
        met: evaluation.indicators.get(ind.id) ?? {},
        updatedBy: actorId,
        updatedAt: nowIso,
      });
    }
    const base = levels[0].code as LevelCode;
    const metBase = evaluation.criteriaMet[base] ?? 0;
    await bulk.insert(communeRollups, [rollupRow(commune, def.set.id, evaluation, evalSet.levels, nowIso)]);
    // 12 months of history (a few indicators improving) and monthly snapshots of the commune's figures.
    for (const ind of def.indicators.filter(() => r() < 0.05).slice(0, 3)) {
      historyRows.push({ unitId: commune.id, indicatorId: ind.id, oldValue: null, newValue: values.get(ind.id) ?? null, note: "Rà soát định kỳ", changedBy: actorId, changedAt: `${dayIn(monthsBack(1 + Math.floor(r() * 11)), r)}T02:00:00.000Z` });
    }
    let met = metBase;
    for (let m = 1; m <= 12; m++) {
      if (r() < 0.15 && met > 0) met--;
      snapshotRows.push({ unitId: commune.id, month: monthsBack(m), provinceId: province.id, districtId: commune.districtId, criteriaMetBase: met, levelReached: met === metBase ? evaluation.levelReached : null });
    }
  }
  await bulk.insert(indicatorValues, valueRows);
  await bulk.insert(indicatorValueHistory, historyRows);
  await bulk.insert(communeSnapshots, snapshotRows);
  await bulk.flush();
  await rebuildAreaRollups(db, province.id, nowIso);

  // Area snapshots for the trend: this province and its districts, 12 months.
  const areaIds = [province.id, ...districts.map((d) => d.id)];
  const currentAreas = await db.select().from(areaRollups).where(eq(areaRollups.unitId, province.id)).all();
  const areaSnapshots: (typeof rollupSnapshots.$inferInsert)[] = [];
  for (const unitId of areaIds) {
    const inArea = snapshotRows.filter((s) => s.provinceId === unitId || s.districtId === unitId);
    for (let m = 1; m <= 12; m++) {
      const month = monthsBack(m);
      const rows = inArea.filter((s) => s.month === month);
      const levelCounts: Record<string, number> = {};
      for (const s of rows) levelCounts[s.levelReached ?? ""] = (levelCounts[s.levelReached ?? ""] ?? 0) + 1;
      for (const a of currentAreas.slice(0, 1)) {
        areaSnapshots.push({ unitId, setId: a.setId, month, communes: rows.length, criteriaMetSum: rows.reduce((n, s) => n + s.criteriaMetBase!, 0), levelCounts, criterionCounts: {}, takenAt: `${month}-01T17:05:00.000Z` });
      }
    }
  }
  await bulk.insert(rollupSnapshots, areaSnapshots);
}
