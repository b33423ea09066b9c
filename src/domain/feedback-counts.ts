// Feedback figures kept on write (issue 20). Every figure of DigestFigures is a prefix sum over days: an item adds
// its flows on the day they happen (received on its received day; answered, on time or late, rated on its answered
// day) and its stocks as +1/-1 on the days they start and stop (pending from the received day until the answered
// day; overdue from the first day it counts overdue, the later of received and due, until the answered day). The sums
// are kept per calendar block (year, month, day), so a prefix up to any day is the years before plus at most about 6
// months and 16 days per key, and a period [from, to] is P(to) − P(from − 1) for the flows and P(to) for the stocks —
// exactly what buildDigest computes from the items. Pure: the services store and read the rows.
import { addDays } from "./working-days";
import type { DigestFigures, DigestItem } from "./feedback";

export const COUNT_GRAINS = ["y", "m", "d"] as const;
export type CountGrain = (typeof COUNT_GRAINS)[number];
export const COUNTERS = ["received", "answered", "answeredOnTime", "answeredLate", "ratings", "ratingSum", "pending", "overdue"] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counters = Record<Counter, number>;
export type CountDim = "dept" | "cat";

/** What of an item the figures depend on: the digest's item in its area (dates are Vietnam calendar days). */
export type CountFacts = DigestItem & { provinceId: number; districtId: number | null };

export type CountKey = { provinceId: number; districtId: number; grain: CountGrain; period: string; dim: CountDim; keyId: number };
export type CountRow = CountKey & Counters;

export const zeroCounters = (): Counters => ({ received: 0, answered: 0, answeredOnTime: 0, answeredLate: 0, ratings: 0, ratingSum: 0, pending: 0, overdue: 0 });

/** The first day of the grain's block holding `day`. */
export function blockStart(grain: CountGrain, day: string): string {
  return grain === "y" ? `${day.slice(0, 4)}-01-01` : grain === "m" ? `${day.slice(0, 8)}01` : day;
}

/** The first day of the block after the one starting on `start`. */
function blockNext(grain: CountGrain, start: string): string {
  if (grain === "d") return addDays(start, 1);
  if (grain === "y") return `${Number(start.slice(0, 4)) + 1}-01-01`;
  return blockStart("m", addDays(start, 31));
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

/** A block range of one grain: periods p with lo ≤ p < hi, each row counted `sign` times (1, or -1 when taken away). */
export type BlockRange = { grain: CountGrain; lo: string; hi: string; sign: 1 | -1 };
type Sum = { ranges: BlockRange[]; cost: number };

/** How many blocks of the grain a range spans (an upper bound on its rows per key). */
function blocks(grain: CountGrain, lo: string, hi: string): number {
  if (grain === "d") return Math.round((Date.parse(hi) - Date.parse(lo)) / 86_400_000);
  const years = Number(hi.slice(0, 4)) - Number(lo.slice(0, 4) || hi.slice(0, 4));
  return grain === "y" ? years : years * 12 + Number(hi.slice(5, 7)) - Number(lo.slice(5, 7));
}
const range = (grain: CountGrain, lo: string, hi: string): Sum => (lo < hi ? { ranges: [{ grain, lo, hi, sign: 1 }], cost: blocks(grain, lo, hi) } : { ranges: [], cost: 0 });
const plus = (...sums: Sum[]): Sum => ({ ranges: sums.flatMap((s) => s.ranges), cost: sums.reduce((n, s) => n + s.cost, 0) });
const minus = (s: Sum): Sum => ({ ranges: s.ranges.map((r) => ({ ...r, sign: r.sign === 1 ? -1 : 1 })), cost: s.cost });
const cheaper = (a: Sum, b: Sum) => (b.cost < a.cost ? b : a);

/**
 * Within the block of grain COUNT_GRAINS[i] holding `day`: the sum over its days ≤ day (head) and over its days > day
 * (tail). Each is either read from the child blocks on its side plus the child's own head (tail), or as the child
 * block's row minus the child's other side — whichever spans fewer blocks: at most about 6 months and 16 days.
 */
function sides(i: number, day: string): { head: Sum; tail: Sum } {
  const grain = COUNT_GRAINS[i];
  if (grain === "d") return { head: range("d", day, addDays(day, 1)), tail: { ranges: [], cost: 0 } };
  const child = COUNT_GRAINS[i + 1];
  const start = blockStart(grain, day);
  const c = blockStart(child, day);
  const cNext = blockNext(child, c);
  const inner = sides(i + 1, day);
  const whole = range(child, c, cNext);
  return {
    head: cheaper(plus(range(child, start, c), inner.head), plus(range(child, start, c), whole, minus(inner.tail))),
    tail: cheaper(plus(range(child, cNext, blockNext(grain, start)), inner.tail), plus(range(child, cNext, blockNext(grain, start)), whole, minus(inner.head))),
  };
}

/** The signed block ranges whose sum is the prefix up to `day` inclusive: the years before, then the head of its year. */
export function prefixRanges(day: string): BlockRange[] {
  const year = blockStart("y", day);
  const inner = sides(0, day);
  return plus(range("y", "", year), cheaper(inner.head, plus(range("y", year, blockNext("y", year)), minus(inner.tail)))).ranges;
}

/** Times a row counts in a sum of signed ranges. */
const weight = (ranges: BlockRange[], r: { grain: CountGrain; period: string }) => ranges.reduce((n, x) => (x.grain === r.grain && r.period >= x.lo && r.period < x.hi ? n + x.sign : n), 0);

/**
 * The ranges to read for [from, to]: those of the prefixes up to `to` and up to the day before `from`, overlapping
 * ranges of a grain merged (a row is read once).
 */
export function periodRanges(from: string, to: string): BlockRange[] {
  const all = [...prefixRanges(to), ...prefixRanges(addDays(from, -1))].sort((a, b) => a.grain.localeCompare(b.grain) || a.lo.localeCompare(b.lo));
  const out: BlockRange[] = [];
  for (const r of all) {
    const last = out.at(-1);
    if (last && last.grain === r.grain && r.lo <= last.hi) last.hi = r.hi > last.hi ? r.hi : last.hi;
    else out.push({ ...r, sign: 1 });
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
    const [w, v] = [weight(upTo, r), weight(before, r)];
    for (const c of COUNTERS) {
      s.to[c] += w * r[c];
      s.before[c] += v * r[c];
    }
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
