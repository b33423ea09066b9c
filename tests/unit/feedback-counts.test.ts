// Issue 20: the block sums behind the feedback report (domain/feedback-counts.ts). A prefix's signed block ranges count
// every day up to the day once and no later day; the ranges stay few; an item's rows add up to its day deltas.
import { describe, expect, it } from "vitest";
import { COUNT_GRAINS, blockStart, dayDeltas, netCountRows, periodRanges, prefixRanges, type BlockRange } from "../../src/domain/feedback-counts";
import { addDays } from "../../src/domain/working-days";

const weight = (ranges: BlockRange[], grain: string, period: string) => ranges.reduce((n, r) => (r.grain === grain && period >= r.lo && period < r.hi ? n + r.sign : n), 0);
const blocksRead = (ranges: BlockRange[]) => ranges.reduce((n, r) => n + (r.lo === "" ? 0 : r.grain === "d" ? Math.round((Date.parse(r.hi) - Date.parse(r.lo)) / 86_400_000) : r.grain === "m" ? (Number(r.hi.slice(0, 4)) - Number(r.lo.slice(0, 4))) * 12 + Number(r.hi.slice(5, 7)) - Number(r.lo.slice(5, 7)) : 1), 0);

describe("prefix ranges", () => {
  it("count each day up to the prefix's day exactly once, and no later day, for every day of 2024–2025", () => {
    for (let x = "2024-01-01"; x <= "2025-12-31"; x = addDays(x, 1)) {
      const ranges = prefixRanges(x);
      for (let d = addDays(x, -70); d <= addDays(x, 70); d = addDays(d, 1)) {
        const w = COUNT_GRAINS.reduce((n, g) => n + weight(ranges, g, blockStart(g, d)), 0);
        expect(w, `${x} / ${d}`).toBe(d <= x ? 1 : 0);
      }
      // Days far before and after (other years) too.
      expect(COUNT_GRAINS.reduce((n, g) => n + weight(ranges, g, blockStart(g, "2019-05-05")), 0)).toBe(1);
      expect(COUNT_GRAINS.reduce((n, g) => n + weight(ranges, g, blockStart(g, "2027-05-05")), 0)).toBe(0);
      // Besides the years before: at most 6 months and 16 days (and the year's and a month's own rows).
      expect(blocksRead(ranges), x).toBeLessThanOrEqual(24);
    }
  });

  it("a period's merged ranges cover both prefixes", () => {
    const read = periodRanges("2023-06-15", "2026-02-20");
    for (const x of ["2026-02-20", "2023-06-14"]) for (const r of prefixRanges(x)) expect(read.some((m) => m.grain === r.grain && m.lo <= r.lo && m.hi >= r.hi), `${x} ${JSON.stringify(r)}`).toBe(true);
  });
});

describe("an item's deltas", () => {
  const item = { provinceId: 1, districtId: 7, departmentId: 3, categoryId: 5, receivedDate: "2026-03-02", dueDate: "2026-03-16", answeredDate: null as string | null, rating: null as number | null };
  it("pending from the received day, overdue from the due day, until the answer; late when answered after the due date", () => {
    expect(Object.fromEntries(dayDeltas(item))).toMatchObject({ "2026-03-02": { received: 1, pending: 1, overdue: 0 }, "2026-03-16": { overdue: 1 } });
    const late = dayDeltas({ ...item, answeredDate: "2026-03-20", rating: 4 });
    expect(late.get("2026-03-20")).toMatchObject({ answered: 1, answeredLate: 1, answeredOnTime: 0, ratings: 1, ratingSum: 4, pending: -1, overdue: -1 });
    const onTime = dayDeltas({ ...item, answeredDate: "2026-03-16" });
    expect(onTime.get("2026-03-16")).toMatchObject({ answered: 1, answeredOnTime: 1, pending: -1, overdue: 0 });
  });

  it("a write changes only the rows that move: an answer before the due date touches its day and the overdue day it cancels", () => {
    const rows = netCountRows(item, { ...item, answeredDate: "2026-03-10" });
    // (year, month, answered day, due day) × 2 keys × 2 areas; the received day's rows do not move.
    expect(rows).toHaveLength(16);
    expect(new Set(rows.map((r) => r.period))).toEqual(new Set(["2026-01-01", "2026-03-01", "2026-03-10", "2026-03-16"]));
    // Answered late: the overdue stock ends on the answered day, the due day's rows stay.
    expect(netCountRows(item, { ...item, answeredDate: "2026-03-20" })).toHaveLength(12);
    expect(netCountRows(item, item)).toEqual([]);
  });
});
