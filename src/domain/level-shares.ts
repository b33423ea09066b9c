// Number and share of communes at each level or above, evaluated and recognised side by side; the target share
// of a level and the gap in communes. Pure.
import { percent, TARGET_LEVEL, type LevelDef, type Targets } from "./progress";

export type LevelShare = { code: string; evaluated: number; evaluatedShare: number; recognised: number; recognisedShare: number };

/** From exact counts per level (evaluated, recognised) to "at this level or above" counts and shares. */
export function levelShares(levels: Pick<LevelDef, "code" | "rank">[], communes: number, evaluatedExact: Record<string, number>, recognisedExact: Record<string, number>): LevelShare[] {
  const ordered = [...levels].sort((a, b) => a.rank - b.rank);
  const atLeast = (exact: Record<string, number>, rank: number) => ordered.filter((l) => l.rank >= rank).reduce((n, l) => n + (exact[l.code] ?? 0), 0);
  return ordered.map((l) => {
    const evaluated = atLeast(evaluatedExact, l.rank);
    const recognised = atLeast(recognisedExact, l.rank);
    return { code: l.code, evaluated, evaluatedShare: percent(evaluated, communes), recognised, recognisedShare: percent(recognised, communes) };
  });
}

/** The target share of a level (the unit's targets for the year) and how many more recognised communes reach it. */
export function targetGap(targets: Targets | null, code: string, communes: number, recognised: number): { target: number | null; gap: number | null } {
  const key = (Object.keys(TARGET_LEVEL) as (keyof typeof TARGET_LEVEL)[]).find((k) => TARGET_LEVEL[k] === code);
  if (!targets || targets.none || !key) return { target: null, gap: null };
  const target = targets[key];
  return { target, gap: Math.max(0, Math.ceil((target / 100) * communes) - recognised) };
}
