// Pure: the monthly snapshot of an area's rollups (rollup_snapshots) — when the scheduled job takes it, and
// how its JSON columns are laid out.
//
// rollup_snapshots.level_counts    {"": 60, "NTM": 58, "NTM_NC": 27, "NTM_KM": 3}   exact level reached → communes
// rollup_snapshots.criterion_counts {"12:NTM": 140, "12:NTM_NC": 31, …, "met:19": 88, "met:17": 12, …}
//   "<criterionId>:<level>" → communes meeting the criterion at that level (as area_criterion_counts), and
//   "met:<n>" → communes with n criteria met at the base level: the histogram behind the distribution
//   (19 / 15–18 / 10–14 / < 10), which no live table keeps for an area (see the report: area_distribution).
import { addMonths, monthOf } from "./progress";

export type SnapshotCounts = {
  levels: Record<string, number>;
  criterion: Record<string, number>;
  histogram: Record<number, number> | null;
};

const HISTOGRAM_PREFIX = "met:";

/** The criterion_counts JSON: criterion counts plus the histogram under "met:n" keys. */
export function encodeCriterionCounts(criterion: { criterionId: number; level: string; communes: number }[], histogram: Record<number, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of criterion) if (c.communes !== 0) out[`${c.criterionId}:${c.level}`] = c.communes;
  for (const [met, n] of Object.entries(histogram)) if (n !== 0) out[`${HISTOGRAM_PREFIX}${met}`] = n;
  return out;
}

/** Reads a snapshot row's JSON back. A snapshot without "met:" keys has no histogram (null). */
export function decodeSnapshot(levelCounts: Record<string, number>, criterionCounts: Record<string, number>): SnapshotCounts {
  const criterion: Record<string, number> = {};
  let histogram: Record<number, number> | null = null;
  for (const [k, n] of Object.entries(criterionCounts ?? {})) {
    if (k.startsWith(HISTOGRAM_PREFIX)) {
      histogram ??= {};
      histogram[Number(k.slice(HISTOGRAM_PREFIX.length))] = n;
    } else criterion[k] = n;
  }
  return { levels: { ...(levelCounts ?? {}) }, criterion, histogram };
}

/** Communes at `level` for one criterion from decoded counts, as a criterionId → communes map. */
export function criterionAt(counts: SnapshotCounts, level: string): Record<number, number> {
  const out: Record<number, number> = {};
  for (const [k, n] of Object.entries(counts.criterion)) {
    const i = k.lastIndexOf(":");
    if (k.slice(i + 1) === level) out[Number(k.slice(0, i))] = n;
  }
  return out;
}

export type CommuneForHistogram = { provinceId: number; districtId: number | null; setId: number; criteriaMetBase: number };

/** Histogram of base criteria met per area (district and province) and set: key "<unitId>:<setId>". */
export function histogramsByArea(communes: CommuneForHistogram[]): Map<string, Record<number, number>> {
  const out = new Map<string, Record<number, number>>();
  for (const c of communes) {
    for (const unitId of [c.districtId, c.provinceId]) {
      if (unitId === null) continue;
      const key = `${unitId}:${c.setId}`;
      const h = out.get(key) ?? {};
      h[c.criteriaMetBase] = (h[c.criteriaMetBase] ?? 0) + 1;
      out.set(key, h);
    }
  }
  return out;
}

export type JobDecision = { month: string; mode: "always" | "if-missing" } | null;

/**
 * What the daily job does on a Vietnam calendar date: on the 1st it (re)takes the month that just ended (the
 * figures at its close); on the 2nd–7th it takes that month only if it is still missing (the job failed or the
 * Worker was down on the 1st); other days nothing. An on-demand snapshot records the current month.
 */
export function monthlyJobDecision(vnDate: string): JobDecision {
  const day = Number(vnDate.slice(8, 10));
  const previous = addMonths(monthOf(vnDate), -1);
  if (day === 1) return { month: previous, mode: "always" };
  if (day >= 2 && day <= 7) return { month: previous, mode: "if-missing" };
  return null;
}

/** A commune's state for the synthetic demo history (the demo has no past; real snapshots replace this). */
export type CommuneState = { criteriaMetBase: number; levelReached: string | null; levelRank: number };

/**
 * Demo only: a plausible earlier state `monthsAgo` months back, deterministic from `random`'s draws. The
 * commune reached its current state `sinceMonths` months ago; before that it was one level lower (or, below the
 * base level, one criterion fewer every three months). `levels` lowest first; `total` = criteria at base level.
 */
export function pastState(now: CommuneState, monthsAgo: number, sinceMonths: number, levels: { code: string; rank: number }[], total: number): CommuneState {
  if (monthsAgo < sinceMonths) return now;
  const back = monthsAgo - sinceMonths;
  if (now.levelRank >= 2) {
    const lower = levels.find((l) => l.rank === now.levelRank - 1);
    return { criteriaMetBase: total, levelReached: lower?.code ?? null, levelRank: lower?.rank ?? 0 };
  }
  if (now.levelRank === 1) return { criteriaMetBase: Math.max(0, total - 1 - Math.floor(back / 4)), levelReached: null, levelRank: 0 };
  return { criteriaMetBase: Math.max(0, now.criteriaMetBase - 1 - Math.floor(back / 3)), levelReached: null, levelRank: 0 };
}
