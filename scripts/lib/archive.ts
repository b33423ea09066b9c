// Pure planning for the 2026 shape of `npm run data:national`: which old (3-tier) provinces form the 2021–2025
// archive of the chosen new provinces, and which merged communes have their carried-over level decided.
import type { SuccessionRow } from "../../src/domain/succession";
import { oldProvincesOf } from "../../src/domain/succession";
import { rng, seedOf } from "../../src/domain/sample-values";

export type ArchivePlan = {
  /** The succession rows of the chosen new provinces. */
  rows: SuccessionRow[];
  /** Old province codes named by those rows, sorted. */
  oldProvinces: string[];
  /** Old province → the new province that received most of its communes (ties: the lowest code). */
  successorProvince: Map<string, string>;
};

export function planArchive(rows: SuccessionRow[], units2025Csv: string, newProvinces: string[]): ArchivePlan {
  const chosen = new Set(newProvinces);
  const kept = rows.filter((r) => chosen.has(r.provinceCode));
  const provinceOf = oldProvincesOf(units2025Csv, kept.flatMap((r) => r.predecessorCodes));
  const tally = new Map<string, Map<string, number>>();
  for (const r of kept) {
    for (const code of r.predecessorCodes) {
      const old = provinceOf.get(code);
      if (!old) continue;
      const t = tally.get(old) ?? new Map<string, number>();
      t.set(r.provinceCode, (t.get(r.provinceCode) ?? 0) + 1);
      tally.set(old, t);
    }
  }
  const successorProvince = new Map<string, string>();
  for (const [old, t] of tally) {
    const [best] = [...t].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    successorProvince.set(old, best[0]);
  }
  return { rows: kept, oldProvinces: [...tally.keys()].sort(), successorProvince };
}

export type CarryCandidate = { communeCode: string; needsDecision: boolean; proposed: string | null };
export type CarryPlan = { communeCode: string; proposedAt: string; decision: { level: string | null; number: string; date: string; decidedAt: string } | null };

/**
 * The merged communes whose carried-over level the province has handled, deterministic from the seed: of those
 * with a recognised predecessor, ~85% decided at the proposed level (decisions Aug–Nov 2025), ~10% proposed and
 * pending the leader, the rest not yet proposed. Communes with nothing to decide get nothing.
 */
export function planCarryDecisions(items: CarryCandidate[], seed: number): CarryPlan[] {
  const out: CarryPlan[] = [];
  for (const [i, item] of items.entries()) {
    if (!item.needsDecision) continue;
    const r = rng(seed + seedOf(item.communeCode))();
    if (r >= 0.95) continue;
    const day = `2025-${String(8 + (i % 4)).padStart(2, "0")}-${String(5 + (i % 20)).padStart(2, "0")}`;
    out.push({
      communeCode: item.communeCode,
      proposedAt: `${day}T02:00:00.000Z`,
      decision: r < 0.85 ? { level: item.proposed, number: `${2100 + i}/QĐ-UBND`, date: day, decidedAt: `${day}T08:00:00.000Z` } : null,
    });
  }
  return out;
}
