// Pure: the figures of a progress page (levels against targets, average criteria met, distribution by
// criteria met, pass rate of each criterion, roadmap against what was reached, 12-month trend) from the
// rollups the checklist keeps, and the report tables the page, the CSV and the XLSX all render.
// No I/O, no clock: months and years are passed in.

export type LevelDef = { code: string; name: string; rank: number };
export type CriterionDef = { id: number; number: number; name: string; groupCode: string; groupName: string };

/** One area's counters for one criteria set (as area_rollups + area_level_counts + area_criterion_counts hold them). */
export type AreaFigures = {
  communes: number;
  /** Σ criteria met at the set's base level (NTM) over the communes. */
  criteriaMetSum: number;
  /** Exact level reached → communes ("" = none). */
  levels: Record<string, number>;
  /** criterionId → communes meeting it at `passLevel`. */
  criterion: Record<number, number>;
  passLevel: string;
  /** Base criteria met → communes; null when not known (a province page reads no commune rollup). */
  histogram: Record<number, number> | null;
};

/** A commune's rollup as the pages need it (commune_rollups row). */
export type CommuneFigures = {
  setId: number;
  criteriaMetBase: number;
  levelReached: string | null;
  /** Each criterion's result per level; without it the pass rates (`criterion`) stay empty. */
  criteria?: Record<string, Partial<Record<string, boolean>>>;
};

// ---------------------------------------------------------------------------------------------------------------
// Numbers

/** Share in percent with one decimal, half up: 4 of 6 → 66.7; 0 when there is nothing to share. */
export function percent(part: number, total: number): number {
  if (total <= 0) return 0;
  return Math.round((part * 1000) / total) / 10;
}

/** Average with two decimals, half up: 2636 over 150 → 17.57. */
export function average(sum: number, count: number): number {
  if (count <= 0) return 0;
  return Math.round((sum * 100) / count) / 100;
}

/** The fewest communes that make `pct` % of `total` (ceil, exact for integer percents): 80 % of 148 → 119. */
export function communesFor(pct: number, total: number): number {
  return Math.max(0, Math.ceil((pct * total) / 100 - 1e-9));
}

// ---------------------------------------------------------------------------------------------------------------
// Aggregation of commune rollups (pages whose rows are communes read them anyway)

/** Counters of `setId` over the given commune rollups, with the live histogram of base criteria met. */
export function aggregateCommunes(rows: CommuneFigures[], setId: number, passLevel: string): AreaFigures {
  const out: AreaFigures = { communes: 0, criteriaMetSum: 0, levels: {}, criterion: {}, passLevel, histogram: {} };
  for (const r of rows) {
    if (r.setId !== setId) continue;
    out.communes++;
    out.criteriaMetSum += r.criteriaMetBase;
    const level = r.levelReached ?? "";
    out.levels[level] = (out.levels[level] ?? 0) + 1;
    out.histogram![r.criteriaMetBase] = (out.histogram![r.criteriaMetBase] ?? 0) + 1;
    for (const [id, result] of Object.entries(r.criteria ?? {})) {
      if (result[passLevel] === true) out.criterion[Number(id)] = (out.criterion[Number(id)] ?? 0) + 1;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Levels against targets

/** `none`: no targets set for the year and no national figure to fall back on (the 2026–2030 period). */
export type Targets = { year: number; shareNtm: number; shareAdvanced: number; shareModel: number; minCriteria: number; version: number; isDefault: boolean; unitName?: string; none?: boolean };

/** The national targets of the 2021–2025 period (history since 2026): ≥ 80 % NTM, ~40 % advanced, ≥ 10 % model, none under 15 criteria. */
export const DEFAULT_TARGETS = { shareNtm: 80, shareAdvanced: 40, shareModel: 10, minCriteria: 15 } as const;
/** The last year the national 2021–2025 targets speak for. No 2026–2030 national figure is in the app. */
export const NATIONAL_TARGETS_LAST_YEAR = 2025;

/** Which level each share target measures (the 2021–2025 national targets: ≥ 80 % NTM, ~40 % advanced, ≥ 10 % model). */
export const TARGET_LEVEL: Record<"shareNtm" | "shareAdvanced" | "shareModel", string> = { shareNtm: "NTM", shareAdvanced: "NTM_NC", shareModel: "NTM_KM" };

/** The fallback for a year without own targets: the 2021–2025 national targets up to 2025, nothing after (never invented). */
export function defaultTargets(year: number): Targets {
  if (year > NATIONAL_TARGETS_LAST_YEAR) return { year, shareNtm: 0, shareAdvanced: 0, shareModel: 0, minCriteria: 0, version: 0, isDefault: true, none: true };
  return { year, ...DEFAULT_TARGETS, version: 0, isDefault: true };
}

// ---------------------------------------------------------------------------------------------------------------
// Programme periods (a page shows one: 2021–2025 closed, 2026–2030 current)

export type ProgrammePeriod = { code: string; from: number; to: number };
export const PROGRAMME_PERIODS: readonly ProgrammePeriod[] = [
  { code: "2021-2025", from: 2021, to: 2025 },
  { code: "2026-2030", from: 2026, to: 2030 },
];

/** The programme period a criteria set belongs to (the one holding its last year), else the set's own years. */
export function periodOfSet(set: { periodFrom: number; periodTo: number }): ProgrammePeriod {
  return PROGRAMME_PERIODS.find((p) => p.from <= set.periodTo && set.periodTo <= p.to) ?? { code: `${set.periodFrom}-${set.periodTo}`, from: set.periodFrom, to: set.periodTo };
}

export const parsePeriod = (code: string): ProgrammePeriod | null => {
  const m = /^(\d{4})-(\d{4})$/.exec(code);
  return m && Number(m[1]) <= Number(m[2]) ? { code, from: Number(m[1]), to: Number(m[2]) } : null;
};

/** "Giai đoạn 2021–2025 (đã kết thúc)", "Giai đoạn 2026–2030 (hiện tại)", "… (chưa bắt đầu)" as of `year`. */
export function periodLabel(p: ProgrammePeriod, year: number): string {
  const state = year > p.to ? "đã kết thúc" : year < p.from ? "chưa bắt đầu" : "hiện tại";
  return `Giai đoạn ${p.from}–${p.to} (${state})`;
}

/**
 * The period a page shows: the requested one; else the current period (holding `year`) when the unit has
 * data in it; else the latest period it has data in; else the current one (which then says it has none).
 */
export function choosePeriod(requested: string | undefined, withData: string[], year: number): ProgrammePeriod {
  const asked = requested ? parsePeriod(requested) : null;
  if (asked) return PROGRAMME_PERIODS.find((p) => p.code === asked.code) ?? asked;
  const current = PROGRAMME_PERIODS.find((p) => p.from <= year && year <= p.to) ?? PROGRAMME_PERIODS[PROGRAMME_PERIODS.length - 1];
  if (withData.includes(current.code)) return current;
  const latest = [...withData].map(parsePeriod).filter((p): p is ProgrammePeriod => !!p).sort((a, b) => b.to - a.to)[0];
  return latest ? (PROGRAMME_PERIODS.find((p) => p.code === latest.code) ?? latest) : current;
}

/**
 * 51/2025/QĐ-TTg Phụ lục III: the conditions for a province to complete the 2026–2030 programme. Their text
 * was not verified, so no condition is listed (never invented): the page shows the reference, unverified.
 */
export const PROVINCE_COMPLETION_CONDITIONS: { period: string; reference: string; items: { title: string; source: string; verified: boolean }[]; source: string; verified: boolean } = {
  period: "2026-2030",
  reference: "Phụ lục III, Quyết định số 51/2025/QĐ-TTg ngày 29/12/2025",
  items: [],
  source: "",
  verified: false,
};

/** The other programme periods a page links to (the switch). */
export const otherPeriods = (shown: ProgrammePeriod): ProgrammePeriod[] => PROGRAMME_PERIODS.filter((p) => p.code !== shown.code);

export type LevelRow = {
  code: string;
  name: string;
  /** Communes whose level reached is exactly this one. */
  exact: number;
  exactShare: number;
  /** Communes at this level or above. */
  atLeast: number;
  atLeastShare: number;
  /** Target share (%) for "this level or above", or null when no target measures it. */
  target: number | null;
  /** true when the target is reached, false when not, null without target. */
  met: boolean | null;
  /** Communes still needed to reach the target (0 when met). */
  missing: number;
};

const sortLevels = (levels: LevelDef[]) => [...levels].sort((a, b) => a.rank - b.rank);

/** One row per level (lowest first) plus the "none" row (code ""), with exact and cumulative counts and targets. */
export function levelRows(levels: LevelDef[], figures: Pick<AreaFigures, "communes" | "levels">, targets: Targets | null, noneName: string): LevelRow[] {
  const ordered = sortLevels(levels);
  const total = figures.communes;
  const targetFor = new Map<string, number>();
  if (targets && !targets.none) for (const [k, level] of Object.entries(TARGET_LEVEL)) targetFor.set(level, targets[k as keyof typeof TARGET_LEVEL]);
  const rows: LevelRow[] = [];
  let above = 0;
  for (const l of [...ordered].reverse()) {
    const exact = figures.levels[l.code] ?? 0;
    above += exact;
    const target = targetFor.get(l.code) ?? null;
    const missing = target === null ? 0 : Math.max(0, communesFor(target, total) - above);
    rows.unshift({
      code: l.code,
      name: l.name,
      exact,
      exactShare: percent(exact, total),
      atLeast: above,
      atLeastShare: percent(above, total),
      target,
      met: target === null ? null : missing === 0,
      missing,
    });
  }
  const none = figures.levels[""] ?? 0;
  rows.push({ code: "", name: noneName, exact: none, exactShare: percent(none, total), atLeast: total, atLeastShare: total > 0 ? 100 : 0, target: null, met: null, missing: 0 });
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Distribution by criteria met

export type Bucket = { key: string; label: string; from: number; to: number; communes: number; share: number };

/**
 * Buckets of criteria met for a set of `total` criteria at its base level. For 19: "19", "15–18", "10–14", "< 10"
 * (the leaders' report); other sets scale the bounds (15/19 and 10/19 of the total, rounded).
 */
export function bucketBounds(total: number): { key: string; label: string; from: number; to: number }[] {
  if (total <= 0) return [];
  const hi = Math.min(total - 1, Math.round((total * 15) / 19));
  const mid = Math.min(hi - 1, Math.round((total * 10) / 19));
  const range = (from: number, to: number) => ({ key: from === to ? String(from) : `${from}-${to}`, label: from === to ? `${from} tiêu chí` : `${from}–${to} tiêu chí`, from, to });
  const out = [range(total, total)];
  if (hi <= total - 1) out.push(range(hi, total - 1));
  if (mid >= 1 && mid <= hi - 1) out.push(range(mid, hi - 1));
  const low = out[out.length - 1].from;
  if (low > 0) out.push({ key: `0-${low - 1}`, label: `Dưới ${low} tiêu chí`, from: 0, to: low - 1 });
  return out;
}

export function distribution(histogram: Record<number, number>, total: number, communes: number): Bucket[] {
  return bucketBounds(total).map((b) => {
    let n = 0;
    for (const [met, count] of Object.entries(histogram)) if (Number(met) >= b.from && Number(met) <= b.to) n += count;
    return { ...b, communes: n, share: percent(n, communes) };
  });
}

/** Communes with fewer than `min` criteria met, or null without histogram. */
export function communesUnder(histogram: Record<number, number> | null, min: number): number | null {
  if (!histogram) return null;
  let n = 0;
  for (const [met, count] of Object.entries(histogram)) if (Number(met) < min) n += count;
  return n;
}

// ---------------------------------------------------------------------------------------------------------------
// Pass rate of each criterion

export type PassRow = { id: number; number: number; name: string; groupCode: string; groupName: string; met: number; rate: number; failing: number; lagging: boolean };

/**
 * Pass rate of each criterion among the area's communes at the chosen level. Criteria with no count at that
 * level are left out unless some commune met them (the set decides which criteria apply per level:
 * `applicable` lists the ids that apply there). `lagging` marks the three lowest rates under 100 %.
 */
export function passRows(criteria: CriterionDef[], figures: Pick<AreaFigures, "communes" | "criterion">, applicable: Set<number> | null): PassRow[] {
  const rows = criteria
    .filter((c) => !applicable || applicable.has(c.id) || (figures.criterion[c.id] ?? 0) > 0)
    .map((c) => {
      const met = figures.criterion[c.id] ?? 0;
      return { id: c.id, number: c.number, name: c.name, groupCode: c.groupCode, groupName: c.groupName, met, rate: percent(met, figures.communes), failing: Math.max(0, figures.communes - met), lagging: false };
    });
  const lowest = [...rows].filter((r) => r.rate < 100 && figures.communes > 0).sort((a, b) => a.rate - b.rate || a.number - b.number).slice(0, 3);
  for (const r of lowest) r.lagging = true;
  return rows.sort((a, b) => a.number - b.number);
}

// ---------------------------------------------------------------------------------------------------------------
// Roadmap (lộ trình) against what was reached

export type RoadmapEntry = { targetYear: number; targetLevel: string; planned: number };
export type RoadmapRow = { year: number; level: string; levelName: string; planned: number; plannedAtLeast: number; reachedAtLeast: number; gap: number; met: boolean };

/**
 * One row per (target year, level) in the plan: communes registered to reach the level that year; cumulated up to
 * that year for the level and the levels above (a commune aiming at "model" must also be "advanced"), against
 * the communes at that level or above today. gap = plannedAtLeast − reachedAtLeast (≤ 0: on plan).
 */
export function roadmapRows(levels: LevelDef[], entries: RoadmapEntry[], figures: Pick<AreaFigures, "levels">): RoadmapRow[] {
  const ordered = sortLevels(levels);
  const rank = new Map(ordered.map((l) => [l.code, l.rank]));
  const name = new Map(ordered.map((l) => [l.code, l.name]));
  const reached = (code: string) => ordered.filter((l) => l.rank >= (rank.get(code) ?? Infinity)).reduce((n, l) => n + (figures.levels[l.code] ?? 0), 0);
  const live = entries.filter((e) => e.planned > 0 && rank.has(e.targetLevel));
  const keys = [...new Map(live.map((e) => [`${e.targetYear}:${e.targetLevel}`, e])).values()].sort((a, b) => a.targetYear - b.targetYear || rank.get(a.targetLevel)! - rank.get(b.targetLevel)!);
  return keys.map((k) => {
    const planned = live.filter((e) => e.targetYear === k.targetYear && e.targetLevel === k.targetLevel).reduce((n, e) => n + e.planned, 0);
    const plannedAtLeast = live.filter((e) => e.targetYear <= k.targetYear && rank.get(e.targetLevel)! >= rank.get(k.targetLevel)!).reduce((n, e) => n + e.planned, 0);
    const reachedAtLeast = reached(k.targetLevel);
    return { year: k.targetYear, level: k.targetLevel, levelName: name.get(k.targetLevel) ?? k.targetLevel, planned, plannedAtLeast, reachedAtLeast, gap: plannedAtLeast - reachedAtLeast, met: reachedAtLeast >= plannedAtLeast };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Months and the 12-month trend

const MONTH = /^(\d{4})-(\d{2})$/;

/** "2026-11-27" → "2026-11". */
export const monthOf = (isoDate: string) => isoDate.slice(0, 7);

/** "2026-01" + (−2) → "2025-11". */
export function addMonths(month: string, delta: number): string {
  const m = MONTH.exec(month);
  if (!m) throw new Error(`bad month ${month}`);
  const index = Number(m[1]) * 12 + Number(m[2]) - 1 + delta;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** The `count` months ending with `last`, oldest first. */
export function monthsEnding(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(last, i - count + 1));
}

/** "2026-11" → "11/2026". */
export const monthLabel = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;

/** First month of the quarter holding `month`: "2026-11" → "2026-10". */
export function quarterStart(month: string): string {
  const m = Number(month.slice(5, 7));
  return `${month.slice(0, 4)}-${String(m - ((m - 1) % 3)).padStart(2, "0")}`;
}

/** "Quý IV/2026". */
export function quarterLabel(month: string): string {
  const q = Math.floor((Number(month.slice(5, 7)) - 1) / 3);
  return `Quý ${["I", "II", "III", "IV"][q]}/${month.slice(0, 4)}`;
}

export type TrendSource = { month: string; communes: number; criteriaMetSum: number; levels: Record<string, number> };
export type TrendPoint = { month: string; label: string; communes: number; average: number; atLeast: Record<string, number>; shares: Record<string, number>; live: boolean } | { month: string; label: string; missing: true };

/**
 * The last 12 months ending with `current`: snapshots for past months, the live figures for the current month
 * (a snapshot of the current month is replaced by them). Months without a snapshot are marked missing.
 */
export function trendPoints(levels: LevelDef[], snapshots: TrendSource[], live: TrendSource, current: string, count = 12): TrendPoint[] {
  const ordered = sortLevels(levels);
  const byMonth = new Map(snapshots.map((s) => [s.month, s]));
  byMonth.set(current, live);
  return monthsEnding(current, count).map((month) => {
    const s = byMonth.get(month);
    if (!s) return { month, label: monthLabel(month), missing: true as const };
    const atLeast: Record<string, number> = {};
    const shares: Record<string, number> = {};
    let above = 0;
    for (const l of [...ordered].reverse()) {
      above += s.levels[l.code] ?? 0;
      atLeast[l.code] = above;
      shares[l.code] = percent(above, s.communes);
    }
    return { month, label: monthLabel(month), communes: s.communes, average: average(s.criteriaMetSum, s.communes), atLeast, shares, live: month === current };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Report tables: what the page shows, the CSV and the XLSX export (one source, so they never disagree)

/** text; int (1.234); pct and dec (fixed 1 and 2 decimals); num (as many decimals as it has); year (2025, no separator). */
export type ColumnKind = "text" | "int" | "pct" | "dec" | "num" | "year";
/** `worse: "high"`: a larger value is the worse one (a gap, communes failing); the first click on a column sorts worst first. */
export type Column = { key: string; label: string; kind: ColumnKind; sortable?: boolean; worse?: "high" };

/** The direction of a column's first sort click: worst first (lowest, or highest when higher is worse); text A→Z. */
export const firstSortDir = (c: Pick<Column, "kind" | "worse">): "asc" | "desc" => (c.kind === "text" ? "asc" : c.worse === "high" ? "desc" : "asc");
export type Cell = string | number | null;
export type ReportTable = { id: string; title: string; columns: Column[]; rows: Record<string, Cell>[]; note?: string };

export type SortDir = "asc" | "desc";
export type SortSpec = { key: string; dir: SortDir };

/** "ty-le-desc" style query value → spec, when the key is a sortable column; otherwise null. */
export function parseSort(value: string | undefined, columns: Column[]): SortSpec | null {
  const m = /^([a-z0-9_]+)-(asc|desc)$/.exec(value ?? "");
  if (!m || !columns.some((c) => c.key === m[1] && c.sortable !== false)) return null;
  return { key: m[1], dir: m[2] as SortDir };
}

/**
 * Stable sort of rows by one column (or by its hidden `_sort_<key>` cell when the row has one, e.g. a level's rank):
 * numbers numerically, text with `compareText` (Vietnamese collation); empty cells last.
 */
export function sortRows<T extends Record<string, Cell>>(rows: T[], spec: SortSpec | null, compareText: (a: string, b: string) => number): T[] {
  if (!spec) return rows;
  const sign = spec.dir === "asc" ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => {
      const x = a.row[`_sort_${spec.key}`] ?? a.row[spec.key];
      const y = b.row[`_sort_${spec.key}`] ?? b.row[spec.key];
      if (x === null || x === undefined || x === "") return y === null || y === undefined || y === "" ? a.i - b.i : 1;
      if (y === null || y === undefined || y === "") return -1;
      const c = typeof x === "number" && typeof y === "number" ? x - y : compareText(String(x), String(y));
      return c === 0 ? a.i - b.i : sign * c;
    })
    .map((e) => e.row);
}

/** Rows where the folded query occurs in one of the text columns (all rows when the query is empty). */
export function filterRows<T extends Record<string, Cell>>(rows: T[], columns: Column[], query: string, fold: (s: string) => string): T[] {
  const q = fold(query).trim();
  if (!q) return rows;
  const keys = columns.filter((c) => c.kind === "text").map((c) => c.key);
  return rows.filter((r) => keys.some((k) => fold(String(r[k] ?? "")).includes(q)));
}

/** A table as plain arrays: header labels then cells (numbers stay numbers). */
export function tableMatrix(table: ReportTable): Cell[][] {
  return [table.columns.map((c) => c.label), ...table.rows.map((r) => table.columns.map((c) => r[c.key] ?? null))];
}
