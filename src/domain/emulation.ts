// Pure: the emulation movement "Đồng khởi mới" (learn from, catch up, surpass): the leading commune of an area
// (the exemplary model), each commune's gap to it in criteria and key indicators, and the most improved
// communes of the quarter.

/** Key indicators compared between communes, by criteria set code (indicator codes of the set). */
export const KEY_INDICATORS: Record<string, string[]> = {
  // income per head, multidimensional poverty, households using clean water
  "QD318-2022-XA": ["10", "11", "17.1"],
};

export type EmulationCommune = {
  id: number;
  code: string;
  name: string;
  districtId: number | null;
  criteriaMetBase: number;
  /** Criteria met at each level (commune_rollups.criteria_met). */
  criteriaMet: Partial<Record<string, number>>;
  levelReached: string | null;
  levelRank: number;
  /** Key indicator values (indicator id → number), absent when not entered. */
  values: Record<number, number | null>;
  /** Base criteria met and level rank at the start of the quarter, when a snapshot exists. */
  baseline: { criteriaMetBase: number; levelRank: number } | null;
};

export type KeyIndicator = { id: number; code: string; name: string; unit: string | null; comparator: "gte" | "lte" | "eq" | "in" };

/** Criteria met at each level from the highest level down, then base criteria met: the order communes are ranked in. */
function score(c: EmulationCommune, levelsDesc: string[]): number[] {
  return [c.levelRank, ...levelsDesc.map((l) => c.criteriaMet[l] ?? 0), c.criteriaMetBase];
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Communes ranked best first: higher level reached, then more criteria met at the higher levels, then at the
 * base level, then better key indicators (in the order given), then name (a stable, explainable order).
 */
export function rankCommunes(communes: EmulationCommune[], levelsDesc: string[], keys: KeyIndicator[], compareText: (a: string, b: string) => number): EmulationCommune[] {
  return [...communes].sort((a, b) => {
    const s = compareScores(score(b, levelsDesc), score(a, levelsDesc));
    if (s !== 0) return s;
    for (const k of keys) {
      const d = keyDelta(k, a.values[k.id] ?? null, b.values[k.id] ?? null);
      if (d !== null && d !== 0) return d > 0 ? -1 : 1;
    }
    return compareText(a.name, b.name);
  });
}

/** How much better `mine` is than `theirs` on an indicator (positive = better), or null when either is missing. */
export function keyDelta(k: KeyIndicator, mine: number | null, theirs: number | null): number | null {
  if (mine === null || theirs === null) return null;
  const d = k.comparator === "lte" ? theirs - mine : mine - theirs;
  return Math.round(d * 100) / 100;
}

export type GapRow = {
  commune: EmulationCommune;
  rank: number;
  isLeader: boolean;
  /** Base criteria the commune lacks compared with the leader (≥ 0). */
  criteriaGap: number;
  /** Levels between the commune and the leader (≥ 0). */
  levelGap: number;
  /** Per key indicator: how far the commune is behind the leader (≥ 0: behind, < 0: ahead), null when unknown. */
  keyGaps: Record<number, number | null>;
};

/** Each commune's gap to the leader (the first of `ranked`). */
export function gapsToLeader(ranked: EmulationCommune[], keys: KeyIndicator[]): GapRow[] {
  const leader = ranked[0];
  if (!leader) return [];
  return ranked.map((c, i) => ({
    commune: c,
    rank: i + 1,
    isLeader: i === 0,
    criteriaGap: Math.max(0, leader.criteriaMetBase - c.criteriaMetBase),
    levelGap: Math.max(0, leader.levelRank - c.levelRank),
    keyGaps: Object.fromEntries(keys.map((k) => [k.id, keyDelta(k, leader.values[k.id] ?? null, c.values[k.id] ?? null)])),
  }));
}

export type Improvement = { commune: EmulationCommune; criteriaGained: number; levelsGained: number };

/**
 * The most improved communes since the quarter's baseline: levels gained first, then criteria gained; only
 * communes that gained something, at most `limit`.
 */
export function mostImproved(communes: EmulationCommune[], limit: number, compareText: (a: string, b: string) => number): Improvement[] {
  return communes
    .filter((c) => c.baseline)
    .map((c) => ({ commune: c, criteriaGained: c.criteriaMetBase - c.baseline!.criteriaMetBase, levelsGained: c.levelRank - c.baseline!.levelRank }))
    .filter((i) => i.levelsGained > 0 || i.criteriaGained > 0)
    .sort((a, b) => b.levelsGained - a.levelsGained || b.criteriaGained - a.criteriaGained || compareText(a.commune.name, b.commune.name))
    .slice(0, limit);
}

/** The month whose commune snapshot is the quarter's baseline: the last month of the previous quarter. */
export function baselineMonth(quarterFirstMonth: string): string {
  const [y, m] = quarterFirstMonth.split("-").map(Number);
  const index = y * 12 + m - 2;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}
