// Pure: plausible indicator values for demo and generated data, deterministic from a seed.
import { chooseTarget, type Binding, type EvalIndicator, type EvalLevel, type ValueText } from "./evaluation";
import type { LevelCode } from "./criteria-format";

/** Small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const seedOf = (text: string) => [...text].reduce((h, ch) => (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0, 7);

const round1 = (n: number) => Math.round(n * 10) / 10;

/** A value that meets (or fails) the indicator's target at `level`; null when the indicator has no target there. */
export function sampleValue(indicator: EvalIndicator & { choices?: string[] | null }, level: LevelCode, binding: Binding, pass: boolean, random: () => number): ValueText {
  const target = chooseTarget(indicator, level, binding);
  if (!target) return null;
  const v = target.value;
  switch (indicator.kind) {
    case "boolean":
    case "document":
      return String(pass ? v === true : v !== true);
    case "choice": {
      const allowed = Array.isArray(v) ? v : [String(v)];
      const others = (indicator.choices ?? []).filter((c) => !allowed.includes(c));
      if (pass) return allowed[Math.floor(random() * allowed.length)];
      return others.length ? others[Math.floor(random() * others.length)] : null;
    }
    default: {
      const t = Number(v);
      const cap = indicator.kind === "percent" ? 100 : Infinity;
      const margin = Math.max(Math.abs(t) * 0.08, 1) * random();
      if (indicator.comparator === "lte") return String(round1(Math.max(0, pass ? t - margin : t + margin + 0.5)));
      if (indicator.comparator === "eq") return String(pass ? t : t + 1);
      return String(round1(Math.min(cap, pass ? t + margin : Math.max(0, t - margin - 0.5))));
    }
  }
}

export type Profile = {
  /** Highest level whose every indicator passes ("" = none; then `failCriteria` criteria fail at the base level). */
  level: LevelCode | "";
  failCriteria: number;
  /** Indicators to fail at the level just above `level` while passing `level` (e.g. Vĩnh Bình's gaps to advanced). */
  failNext: number;
  /** With no level reached and no failing criteria: this many single indicators fail the base level, each in its own criterion (numbers first). */
  failBase?: number;
};

/**
 * The spread the demo and the national generator share: about half the communes reach the set's first level,
 * a fifth of those the second, `model` ones the third; the rest meet 10–18 criteria. Urban units (one level)
 * reach it 45 % of the time.
 */
export function spreadProfile(levels: EvalLevel[], random: () => number, opts: { urban: boolean; model?: boolean }): Profile {
  const [first, second, third] = [...levels].sort((a, b) => a.rank - b.rank).map((l) => l.code);
  if (opts.urban) return random() < 0.45 ? { level: first, failCriteria: 0, failNext: 0 } : { level: "", failCriteria: 1 + Math.floor(random() * 3), failNext: 0 };
  if (opts.model && third) return { level: third, failCriteria: 0, failNext: 0 };
  const r = random();
  if (r < 0.11 && second) return { level: second, failCriteria: 0, failNext: 1 + Math.floor(random() * 2) };
  if (r < 0.5) return { level: first, failCriteria: 0, failNext: 2 + Math.floor(random() * 8) };
  return { level: "", failCriteria: 1 + Math.floor(random() * random() * 9), failNext: 0 };
}

type SampleIndicator = EvalIndicator & { choices?: string[] | null };

/** A value passing `lower` (when given) but failing `upper`, or null when no such value exists. */
function gapValue(ind: SampleIndicator, lower: LevelCode | null, upper: LevelCode, binding: Binding, random: () => number): ValueText {
  const up = chooseTarget(ind, upper, binding);
  if (!up) return null;
  const low = lower ? chooseTarget(ind, lower, binding) : null;
  if (!low) return sampleValue(ind, upper, binding, false, random);
  const [a, b] = [Number(low.value), Number(up.value)];
  if (ind.kind !== "number" && ind.kind !== "percent") return null;
  if ((ind.comparator === "gte" && b > a) || (ind.comparator === "lte" && b < a)) {
    const mid = round1(a + (b - a) * (0.3 + 0.4 * random()));
    return mid === b ? String(a) : String(mid);
  }
  return null;
}

/**
 * Values for one commune following `profile`: every indicator passes the levels up to `profile.level`;
 * at the next level `failNext` indicators fail; below the base level `failCriteria` whole criteria fail.
 */
export function sampleCommune(indicators: SampleIndicator[], levels: EvalLevel[], binding: Binding, profile: Profile, random: () => number): Map<number, ValueText> {
  const ordered = [...levels].sort((a, b) => a.rank - b.rank);
  const base = ordered[0].code;
  const reachedRank = profile.level ? ordered.find((l) => l.code === profile.level)!.rank : 0;
  const reached = ordered.filter((l) => l.rank <= reachedRank);
  const next = ordered.find((l) => l.rank === reachedRank + 1);
  const criterionIds = [...new Set(indicators.map((i) => i.criterionId))];
  const failingCriteria = new Set(shuffle(criterionIds, random).slice(0, profile.level ? 0 : profile.failCriteria));
  const gaps = new Map<number, ValueText>();
  if (!profile.level && profile.failBase) {
    const failedCriteria = new Set<number>();
    const numericFirst = shuffle(indicators, random).sort((a, b) => Number(isNumeric(b)) - Number(isNumeric(a)));
    for (const ind of numericFirst) {
      if (gaps.size >= profile.failBase) break;
      if (failedCriteria.has(ind.criterionId)) continue;
      const value = sampleValue(ind, base, binding, false, random);
      if (value !== null) {
        gaps.set(ind.id, value);
        failedCriteria.add(ind.criterionId);
      }
    }
  }
  if (next && profile.level) {
    const lower = reached[reached.length - 1].code;
    for (const ind of shuffle(indicators, random)) {
      if (gaps.size >= profile.failNext) break;
      const value = gapValue(ind, lower, next.code, binding, random);
      if (value !== null) gaps.set(ind.id, value);
    }
  }
  const values = new Map<number, ValueText>();
  for (const ind of indicators) {
    let value: ValueText;
    if (failingCriteria.has(ind.criterionId)) {
      value = sampleValue(ind, base, binding, false, random) ?? sampleValue(ind, ordered[1]?.code ?? base, binding, false, random);
    } else if (gaps.has(ind.id)) {
      value = gaps.get(ind.id)!;
    } else {
      // Pass at the strictest level the commune should pass: the reached levels and, when only `failNext`
      // indicators may fail above them, the next level too (the base level when none is reached).
      const shouldPass = reached.length ? (next ? [...reached, next] : reached) : [ordered[0]];
      const passLevels = shouldPass.filter((l) => chooseTarget(ind, l.code, binding));
      const top = passLevels[passLevels.length - 1];
      value = top ? sampleValue(ind, top.code, binding, true, random) : sampleValue(ind, next?.code ?? base, binding, random() < 0.5, random);
    }
    values.set(ind.id, value);
  }
  return values;
}

const isNumeric = (ind: SampleIndicator) => ind.kind === "number" || ind.kind === "percent";

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
