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
