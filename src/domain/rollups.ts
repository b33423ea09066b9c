// Pure: how one commune's change moves its district's and province's counters, so leader pages read
// small rollup rows instead of every indicator value.
import type { LevelResult } from "./evaluation";

export type CommuneState = {
  /** Criteria met at the set's base level (NTM): the leaders' "x/19". */
  criteriaMetBase: number;
  /** "" when no level is reached. */
  levelReached: string;
  criteria: Map<number, LevelResult>;
};

export type RollupDelta = {
  communes: number;
  criteriaMetSum: number;
  levels: { level: string; delta: number }[];
  criteria: { criterionId: number; level: string; delta: number }[];
};

const metLevels = (result: LevelResult | undefined) =>
  Object.entries(result ?? {})
    .filter(([, met]) => met)
    .map(([level]) => level);

/** The change to add to every area above the commune when it goes from `before` (null = newly counted) to `after`. */
export function rollupDelta(before: CommuneState | null, after: CommuneState): RollupDelta {
  const delta: RollupDelta = {
    communes: before ? 0 : 1,
    criteriaMetSum: after.criteriaMetBase - (before?.criteriaMetBase ?? 0),
    levels: [],
    criteria: [],
  };
  if (!before) delta.levels.push({ level: after.levelReached, delta: 1 });
  else if (before.levelReached !== after.levelReached) {
    delta.levels.push({ level: before.levelReached, delta: -1 }, { level: after.levelReached, delta: 1 });
  }
  const ids = new Set([...after.criteria.keys(), ...(before?.criteria.keys() ?? [])]);
  for (const criterionId of ids) {
    const was = new Set(metLevels(before?.criteria.get(criterionId)));
    const now = new Set(metLevels(after.criteria.get(criterionId)));
    for (const level of now) if (!was.has(level)) delta.criteria.push({ criterionId, level, delta: 1 });
    for (const level of was) if (!now.has(level)) delta.criteria.push({ criterionId, level, delta: -1 });
  }
  return delta;
}

export const isEmptyDelta = (d: RollupDelta) => d.communes === 0 && d.criteriaMetSum === 0 && d.levels.length === 0 && d.criteria.length === 0;

/** What the area counters need from one commune's rollup. */
export type CommuneCount = {
  districtId: number | null;
  provinceId: number | null;
  setId: number;
  criteriaMetBase: number;
  levelReached: string | null;
  criteria: Record<string, Partial<Record<string, boolean>>>;
};

export type AreaCounts = {
  rollups: { unitId: number; setId: number; communes: number; criteriaMetSum: number }[];
  levels: { unitId: number; setId: number; level: string; communes: number }[];
  criteria: { unitId: number; setId: number; criterionId: number; level: string; communes: number }[];
};

const areasOfCommune = (c: { districtId: number | null; provinceId: number | null }) => [c.districtId, c.provinceId].filter((id): id is number => id !== null);

/** Every district and province counter, counted from scratch from the communes' rollups. */
export function countAreas(communes: CommuneCount[]): AreaCounts {
  const areas = new Map<string, { unitId: number; setId: number; communes: number; sum: number; levels: Map<string, number>; criteria: Map<string, number> }>();
  for (const r of communes) {
    for (const unitId of areasOfCommune(r)) {
      const k = `${unitId}:${r.setId}`;
      const a = areas.get(k) ?? { unitId, setId: r.setId, communes: 0, sum: 0, levels: new Map(), criteria: new Map() };
      a.communes++;
      a.sum += r.criteriaMetBase;
      a.levels.set(r.levelReached ?? "", (a.levels.get(r.levelReached ?? "") ?? 0) + 1);
      for (const [criterionId, result] of Object.entries(r.criteria)) {
        for (const [level, met] of Object.entries(result)) if (met) a.criteria.set(`${criterionId}:${level}`, (a.criteria.get(`${criterionId}:${level}`) ?? 0) + 1);
      }
      areas.set(k, a);
    }
  }
  const list = [...areas.values()];
  return {
    rollups: list.map((a) => ({ unitId: a.unitId, setId: a.setId, communes: a.communes, criteriaMetSum: a.sum })),
    levels: list.flatMap((a) => [...a.levels].map(([level, communes]) => ({ unitId: a.unitId, setId: a.setId, level, communes }))),
    criteria: list.flatMap((a) =>
      [...a.criteria].map(([k, communes]) => {
        const [criterionId, level] = k.split(":");
        return { unitId: a.unitId, setId: a.setId, criterionId: Number(criterionId), level, communes };
      }),
    ),
  };
}

export type RoadmapCount = { unitId: number; setId: number; targetYear: number; targetLevel: string; planned: number };

/** Communes planned per area, set, year and level (the roadmap), counted from the bindings. */
export function countRoadmap(bindings: { districtId: number | null; provinceId: number | null; setId: number; year: number; level: string }[]): RoadmapCount[] {
  const roadmap = new Map<string, RoadmapCount>();
  for (const b of bindings) {
    for (const unitId of areasOfCommune(b)) {
      const k = `${unitId}:${b.setId}:${b.year}:${b.level}`;
      const row = roadmap.get(k) ?? { unitId, setId: b.setId, targetYear: b.year, targetLevel: b.level, planned: 0 };
      row.planned++;
      roadmap.set(k, row);
    }
  }
  return [...roadmap.values()];
}
