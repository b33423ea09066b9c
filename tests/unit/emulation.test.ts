import { describe, expect, it } from "vitest";
import { baselineMonth, gapsToLeader, keyDelta, mostImproved, rankCommunes, type EmulationCommune, type KeyIndicator } from "../../src/domain/emulation";
import { compareVi } from "../../src/domain/text";

const INCOME: KeyIndicator = { id: 1, code: "10", name: "Thu nhập", unit: "triệu đồng", comparator: "gte" };
const POVERTY: KeyIndicator = { id: 2, code: "11", name: "Nghèo đa chiều", unit: null, comparator: "lte" };
const LEVELS_DESC = ["NTM_KM", "NTM_NC", "NTM"];

const commune = (name: string, p: Partial<EmulationCommune>): EmulationCommune => ({
  id: name.length,
  code: name,
  name,
  districtId: null,
  criteriaMetBase: 19,
  criteriaMet: {},
  levelReached: "NTM",
  levelRank: 1,
  values: {},
  baseline: null,
  ...p,
});

describe("keyDelta", () => {
  it.each([
    [INCOME, 80, 70, 10],
    [INCOME, 70, 80, -10],
    [POVERTY, 1.5, 3, 1.5],
    [POVERTY, 3, 1.5, -1.5],
    [INCOME, null, 70, null],
    [INCOME, 70, null, null],
    [INCOME, 0.3, 0.1, 0.2],
  ])("%o %s vs %s", (k, mine, theirs, expected) => expect(keyDelta(k, mine as number | null, theirs as number | null)).toBe(expected));
});

describe("rankCommunes", () => {
  it("ranks by level, criteria at higher levels, base criteria, key indicators, then name", () => {
    const list = [
      commune("Xã E", { levelReached: null, levelRank: 0, criteriaMetBase: 17 }),
      commune("Xã D", { criteriaMet: { NTM_NC: 17 }, values: { 1: 70, 2: 2 } }),
      commune("Xã C", { criteriaMet: { NTM_NC: 17 }, values: { 1: 70, 2: 1 } }),
      commune("Xã B", { criteriaMet: { NTM_NC: 18 } }),
      commune("Xã A", { levelReached: "NTM_NC", levelRank: 2, criteriaMet: { NTM_NC: 19 } }),
      commune("Xã F", { levelReached: null, levelRank: 0, criteriaMetBase: 17 }),
      commune("Xã G", { levelReached: null, levelRank: 0, criteriaMetBase: 12 }),
    ];
    expect(rankCommunes(list, LEVELS_DESC, [INCOME, POVERTY], compareVi).map((c) => c.name)).toEqual(["Xã A", "Xã B", "Xã C", "Xã D", "Xã E", "Xã F", "Xã G"]);
  });
});

describe("gapsToLeader", () => {
  it("measures each commune against the first one", () => {
    const ranked = [
      commune("Xã A", { levelReached: "NTM_KM", levelRank: 3, values: { 1: 90, 2: 0.5 } }),
      commune("Xã B", { levelReached: null, levelRank: 0, criteriaMetBase: 14, values: { 1: 60 } }),
    ];
    const rows = gapsToLeader(ranked, [INCOME, POVERTY]);
    expect(rows.map((r) => [r.rank, r.isLeader, r.criteriaGap, r.levelGap, r.keyGaps])).toEqual([
      [1, true, 0, 0, { 1: 0, 2: 0 }],
      [2, false, 5, 3, { 1: 30, 2: null }],
    ]);
    expect(gapsToLeader([], [INCOME])).toEqual([]);
  });
});

describe("mostImproved", () => {
  it("keeps communes that gained, levels first then criteria, at most `limit`", () => {
    const list = [
      commune("Xã A", { criteriaMetBase: 18, baseline: { criteriaMetBase: 15, levelRank: 0 }, levelRank: 0 }),
      commune("Xã B", { criteriaMetBase: 19, levelRank: 1, baseline: { criteriaMetBase: 18, levelRank: 0 } }),
      commune("Xã C", { criteriaMetBase: 16, levelRank: 0, baseline: { criteriaMetBase: 16, levelRank: 0 } }),
      commune("Xã D", { criteriaMetBase: 12, levelRank: 0, baseline: null }),
      commune("Xã E", { criteriaMetBase: 14, levelRank: 0, baseline: { criteriaMetBase: 11, levelRank: 0 } }),
    ];
    expect(mostImproved(list, 10, compareVi).map((i) => [i.commune.name, i.levelsGained, i.criteriaGained])).toEqual([
      ["Xã B", 1, 1],
      ["Xã A", 0, 3],
      ["Xã E", 0, 3],
    ]);
    expect(mostImproved(list, 1, compareVi)).toHaveLength(1);
  });

  it.each([
    ["2026-10", "2026-09"],
    ["2026-01", "2025-12"],
    ["2026-04", "2026-03"],
  ])("baselineMonth(%s) = %s", (q, expected) => expect(baselineMonth(q)).toBe(expected));
});
