// Demo history: past monthly snapshots so the trend charts have data.
import { eq } from "drizzle-orm";
import { type Batch } from "../services/batch";
import type { Db } from "../db/client";
import { communeRollups, communeSnapshots, rollupSnapshots, units, type Unit } from "../db/schema";
import { addMonths, monthOf } from "../domain/progress";
import { encodeCriterionCounts, pastState, type CommuneState } from "../domain/snapshots";
import { rng, seedOf } from "../domain/sample-values";
import { setDefinitions } from "../services/progress";
import { chunk, rowsPerStatement, runInBatches } from "../services/units";

/**
 * Demo only: 11 months of plausible history before `nowIso` for a province (commune snapshots derived from
 * today's rollups with pastState, and their area aggregates), so the trend and "most improved" have data.
 */
export async function seedDemoHistory(db: Db, province: Pick<Unit, "id">, nowIso: string): Promise<void> {
  const communes = await db
    .select({ unitId: communeRollups.unitId, code: units.code, provinceId: communeRollups.provinceId, districtId: communeRollups.districtId, setId: communeRollups.setId, criteriaMetBase: communeRollups.criteriaMetBase, levelReached: communeRollups.levelReached, levelRank: communeRollups.levelRank })
    .from(communeRollups)
    .innerJoin(units, eq(units.id, communeRollups.unitId))
    .where(eq(communeRollups.provinceId, province.id))
    .all();
  const defs = new Map<number, { levels: { code: string; rank: number }[]; total: number }>();
  for (const setId of new Set(communes.map((c) => c.setId))) {
    const d = await setDefinitions(db, setId);
    if (d) defs.set(setId, { levels: d.levels, total: d.applicable[d.baseLevel]?.size ?? 0 });
  }
  const current = monthOf(nowIso);
  const communeRows: (typeof communeSnapshots.$inferInsert)[] = [];
  const areas = new Map<string, { unitId: number; setId: number; month: string; communes: number; criteriaMetSum: number; levelCounts: Record<string, number>; histogram: Record<number, number> }>();
  for (const c of communes) {
    const def = defs.get(c.setId);
    if (!def) continue;
    const random = rng(seedOf(`history:${c.code}`));
    const since = 1 + Math.floor(random() * 16);
    const now: CommuneState = { criteriaMetBase: c.criteriaMetBase, levelReached: c.levelReached, levelRank: c.levelRank };
    for (let ago = 1; ago <= 11; ago++) {
      const month = addMonths(current, -ago);
      const s = pastState(now, ago, since, def.levels, def.total);
      communeRows.push({ unitId: c.unitId, month, provinceId: c.provinceId, districtId: c.districtId, criteriaMetBase: s.criteriaMetBase, levelReached: s.levelReached });
      for (const unitId of [c.districtId, c.provinceId]) {
        if (unitId === null) continue;
        const k = `${unitId}:${c.setId}:${month}`;
        const a = areas.get(k) ?? { unitId, setId: c.setId, month, communes: 0, criteriaMetSum: 0, levelCounts: {}, histogram: {} };
        a.communes++;
        a.criteriaMetSum += s.criteriaMetBase;
        a.levelCounts[s.levelReached ?? ""] = (a.levelCounts[s.levelReached ?? ""] ?? 0) + 1;
        a.histogram[s.criteriaMetBase] = (a.histogram[s.criteriaMetBase] ?? 0) + 1;
        areas.set(k, a);
      }
    }
  }
  const takenAt = (month: string) => `${addMonths(month, 1)}-01T17:05:00.000Z`;
  const rollupRows = [...areas.values()].map((a) => ({
    unitId: a.unitId,
    setId: a.setId,
    month: a.month,
    communes: a.communes,
    criteriaMetSum: a.criteriaMetSum,
    levelCounts: a.levelCounts,
    criterionCounts: encodeCriterionCounts([], a.histogram),
    takenAt: takenAt(a.month),
  }));
  const statements: Batch = [
    ...chunk(rollupRows, rowsPerStatement(8)).map((part) => db.insert(rollupSnapshots).values(part).onConflictDoNothing()),
    ...chunk(communeRows, rowsPerStatement(6)).map((part) => db.insert(communeSnapshots).values(part).onConflictDoNothing()),
  ];
  await runInBatches(db, statements);
}
