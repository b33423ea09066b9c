// Feedback figures kept on write (issue 20). Every figure of DigestFigures is a prefix sum over days: an item adds
// its flows on the day they happen (received on its received day; answered, on time or late, rated on its answered
// day) and its stocks as +1/-1 on the days they start and stop (pending from the received day until the answered
// day; overdue from the first day it counts overdue, the later of received and due, until the answered day). The sums
// are kept per calendar block (year, quarter, month, ten days, day), so a prefix up to any day is a handful of block
// rows per key, and a period [from, to] is P(to) − P(from − 1) for the flows and P(to) for the stocks — exactly what
// buildDigest computes from the items. Pure: the services store and read the rows.
import { addDays } from "./working-days";
import type { DigestFigures } from "./feedback";

export const COUNT_GRAINS = ["y", "q", "m", "t", "d"] as const;
export type CountGrain = (typeof COUNT_GRAINS)[number];
export const COUNTERS = ["received", "answered", "answeredOnTime", "answeredLate", "ratings", "ratingSum", "pending", "overdue"] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counters = Record<Counter, number>;
export type CountDim = "dept" | "cat";

/** What of an item the figures depend on (dates are Vietnam calendar days). */
export type CountFacts = {
  provinceId: number;
  districtId: number | null;
  departmentId: number | null;
  categoryId: number;
  receivedDate: string;
  dueDate: string;
  answeredDate: string | null;
  rating: number | null;
};

export type CountKey = { provinceId: number; districtId: number; grain: CountGrain; period: string; dim: CountDim; keyId: number };
export type CountRow = CountKey & Counters;

export const zeroCounters = (): Counters => ({ received: 0, answered: 0, answeredOnTime: 0, answeredLate: 0, ratings: 0, ratingSum: 0, pending: 0, overdue: 0 });

/** The first day of the grain's block holding `day` (a ten-day block: days 1–10, 11–20, 21 to the month's end). */
export function blockStart(grain: CountGrain, day: string): string {
  switch (grain) {
    case "y":
      return `${day.slice(0, 4)}-01-01`;
    case "q":
      return `${day.slice(0, 5)}${String(Math.floor((Number(day.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, "0")}-01`;
    case "m":
      return `${day.slice(0, 8)}01`;
    case "t": {
      const d = Number(day.slice(8, 10));
      return `${day.slice(0, 8)}${d <= 10 ? "01" : d <= 20 ? "11" : "21"}`;
    }
    case "d":
      return day;
  }
}

/**
 * The item's deltas by day. Answered on or before the due date is on time (isOverdue(due, to, answered) is
 * `answered > due`: it does not depend on the period). An item answered on or before a day it would start counting
 * (pending from its received day, overdue from max(received, due)) adds nothing to that stock.
 */
export function dayDeltas(f: CountFacts): Map<string, Counters> {
  const out = new Map<string, Counters>();
  const at = (day: string) => {
    let c = out.get(day);
    if (!c) out.set(day, (c = zeroCounters()));
    return c;
  };
  at(f.receivedDate).received += 1;
  const a = f.answeredDate;
  if (a !== null) {
    const c = at(a);
    c.answered += 1;
    if (a > f.dueDate) c.answeredLate += 1;
    else c.answeredOnTime += 1;
    if (f.rating !== null) {
      c.ratings += 1;
      c.ratingSum += f.rating;
    }
  }
  const stock = (name: "pending" | "overdue", start: string) => {
    if (a !== null && a <= start) return;
    at(start)[name] += 1;
    if (a !== null) at(a)[name] -= 1;
  };
  stock("pending", f.receivedDate);
  stock("overdue", f.receivedDate > f.dueDate ? f.receivedDate : f.dueDate);
  return out;
}

const keyOf = (k: CountKey) => `${k.provinceId}|${k.districtId}|${k.grain}|${k.period}|${k.dim}|${k.keyId}`;

/** Adds the item's rows times `sign` into `into`: every day delta on its blocks of every grain, for both dimensions, in the province and its district. */
export function addCountRows(into: Map<string, CountRow>, f: CountFacts, sign: 1 | -1): Map<string, CountRow> {
  const areas = f.districtId ? [0, f.districtId] : [0];
  const keys: [CountDim, number][] = [
    ["dept", f.departmentId ?? 0],
    ["cat", f.categoryId],
  ];
  for (const [day, delta] of dayDeltas(f)) {
    for (const grain of COUNT_GRAINS) {
      const period = blockStart(grain, day);
      for (const districtId of areas) {
        for (const [dim, keyId] of keys) {
          const key: CountKey = { provinceId: f.provinceId, districtId, grain, period, dim, keyId };
          const id = keyOf(key);
          let row = into.get(id);
          if (!row) into.set(id, (row = { ...key, ...zeroCounters() }));
          for (const c of COUNTERS) row[c] += sign * delta[c];
        }
      }
    }
  }
  return into;
}

const isZero = (c: Counters) => COUNTERS.every((k) => c[k] === 0);

/** The rows a write changes: the item's rows as it is now minus as it was (null: absent), zero rows left out. */
export function netCountRows(before: CountFacts | null, after: CountFacts | null): CountRow[] {
  const rows = new Map<string, CountRow>();
  if (before) addCountRows(rows, before, -1);
  if (after) addCountRows(rows, after, 1);
  return [...rows.values()].filter((r) => !isZero(r));
}

/** Every item's rows summed (the recount and the repair), zero rows left out. */
export function recountRows(items: CountFacts[]): CountRow[] {
  const rows = new Map<string, CountRow>();
  for (const f of items) addCountRows(rows, f, 1);
  return [...rows.values()].filter((r) => !isZero(r));
}

/** "stored ≠ expected" lines for every key whose counters differ (a missing row counts as zero). */
export function countDifferences(stored: CountRow[], expected: CountRow[]): string[] {
  const s = new Map(stored.map((r) => [keyOf(r), r]));
  const e = new Map(expected.map((r) => [keyOf(r), r]));
  const out: string[] = [];
  for (const id of new Set([...s.keys(), ...e.keys()])) {
    const have = s.get(id) ?? zeroCounters();
    const want = e.get(id) ?? zeroCounters();
    const wrong = COUNTERS.filter((c) => have[c] !== want[c]).map((c) => `${c} ${have[c]} ≠ ${want[c]}`);
    if (wrong.length) out.push(`${id}: ${wrong.join("; ")}`);
  }
  return out;
}

/** A block range of one grain: periods p with lo ≤ p < hi. */
export type BlockRange = { grain: CountGrain; lo: string; hi: string };

/** The blocks whose sum is the prefix up to `day` inclusive: at most (years) + 3 + 2 + 2 + 10 blocks per key. */
export function prefixRanges(day: string): BlockRange[] {
  // Years before day's year, quarters of its year before its quarter, …, days of its ten days up to day.
  const bounds = ["", ...COUNT_GRAINS.slice(0, -1).map((g) => blockStart(g, day)), addDays(day, 1)];
  return COUNT_GRAINS.map((grain, i) => ({ grain, lo: bounds[i], hi: bounds[i + 1] })).filter((r) => r.lo < r.hi);
}

const inRanges = (ranges: BlockRange[], r: { grain: CountGrain; period: string }) => ranges.some((x) => x.grain === r.grain && r.period >= x.lo && r.period < x.hi);

/**
 * The ranges to read for [from, to]: the prefixes up to `to` and up to the day before `from`, overlapping ranges of a
 * grain merged (a row is read once).
 */
export function periodRanges(from: string, to: string): BlockRange[] {
  const all = [...prefixRanges(to), ...prefixRanges(addDays(from, -1))].sort((a, b) => a.grain.localeCompare(b.grain) || a.lo.localeCompare(b.lo));
  const out: BlockRange[] = [];
  for (const r of all) {
    const last = out.at(-1);
    if (last && last.grain === r.grain && r.lo <= last.hi) last.hi = r.hi > last.hi ? r.hi : last.hi;
    else out.push({ ...r });
  }
  return out;
}

/**
 * The figures of [from, to] per (dim, key) from the block rows read for periodRanges: flows P(to) − P(from − 1),
 * stocks P(to). A key appears when an item is relevant to the period (received, answered or pending in it), as in
 * buildDigest.
 */
export function figuresFromRows(rows: CountRow[], from: string, to: string): Map<string, DigestFigures> {
  const upTo = prefixRanges(to);
  const before = prefixRanges(addDays(from, -1));
  const sums = new Map<string, { to: Counters; before: Counters }>();
  for (const r of rows) {
    const id = `${r.dim}|${r.keyId}`;
    let s = sums.get(id);
    if (!s) sums.set(id, (s = { to: zeroCounters(), before: zeroCounters() }));
    if (inRanges(upTo, r)) for (const c of COUNTERS) s.to[c] += r[c];
    if (inRanges(before, r)) for (const c of COUNTERS) s.before[c] += r[c];
  }
  const out = new Map<string, DigestFigures>();
  for (const [id, s] of sums) {
    const flow = (c: Counter) => s.to[c] - s.before[c];
    const f: DigestFigures = {
      received: flow("received"),
      answered: flow("answered"),
      answeredOnTime: flow("answeredOnTime"),
      answeredLate: flow("answeredLate"),
      pending: s.to.pending,
      overdue: s.to.overdue,
      onTimeRate: null,
      ratings: flow("ratings"),
      ratingSum: flow("ratingSum"),
    };
    if (f.received !== 0 || f.answered !== 0 || f.pending !== 0) out.set(id, f);
  }
  return out;
}
