import { describe, expect, it } from "vitest";
import { criterionAt, decodeSnapshot, encodeCriterionCounts, histogramsByArea, monthlyJobDecision, pastState } from "../../src/domain/snapshots";

describe("snapshot JSON", () => {
  it("round-trips criterion counts and the histogram, dropping zeros", () => {
    const encoded = encodeCriterionCounts(
      [
        { criterionId: 12, level: "NTM", communes: 140 },
        { criterionId: 12, level: "NTM_NC", communes: 31 },
        { criterionId: 13, level: "NTM", communes: 0 },
      ],
      { 19: 88, 17: 12, 5: 0 },
    );
    expect(encoded).toEqual({ "12:NTM": 140, "12:NTM_NC": 31, "met:19": 88, "met:17": 12 });
    const decoded = decodeSnapshot({ "": 3, NTM: 5 }, encoded);
    expect(decoded).toEqual({ levels: { "": 3, NTM: 5 }, criterion: { "12:NTM": 140, "12:NTM_NC": 31 }, histogram: { 19: 88, 17: 12 } });
    expect(criterionAt(decoded, "NTM_NC")).toEqual({ 12: 31 });
    expect(criterionAt(decoded, "NTM_KM")).toEqual({});
  });

  it("has no histogram when the snapshot carries none", () => {
    expect(decodeSnapshot({}, { "1:NTM": 2 }).histogram).toBeNull();
    expect(decodeSnapshot(null as never, null as never)).toEqual({ levels: {}, criterion: {}, histogram: null });
  });

  it("builds a histogram per district and province and set", () => {
    const h = histogramsByArea([
      { provinceId: 1, districtId: 10, setId: 7, criteriaMetBase: 19 },
      { provinceId: 1, districtId: 10, setId: 7, criteriaMetBase: 19 },
      { provinceId: 1, districtId: 20, setId: 7, criteriaMetBase: 12 },
      { provinceId: 1, districtId: null, setId: 8, criteriaMetBase: 9 },
    ]);
    expect(Object.fromEntries(h)).toEqual({ "10:7": { 19: 2 }, "1:7": { 19: 2, 12: 1 }, "20:7": { 12: 1 }, "1:8": { 9: 1 } });
  });
});

describe("monthlyJobDecision", () => {
  it.each([
    ["2026-12-01", { month: "2026-11", mode: "always" }],
    ["2027-01-01", { month: "2026-12", mode: "always" }],
    ["2026-12-02", { month: "2026-11", mode: "if-missing" }],
    ["2026-12-07", { month: "2026-11", mode: "if-missing" }],
    ["2026-12-08", null],
    ["2026-11-27", null],
  ])("%s", (date, expected) => expect(monthlyJobDecision(date)).toEqual(expected));
});

describe("pastState (demo history)", () => {
  const levels = [
    { code: "NTM", rank: 1 },
    { code: "NTM_NC", rank: 2 },
    { code: "NTM_KM", rank: 3 },
  ];
  it.each([
    ["unchanged before the change", { criteriaMetBase: 19, levelReached: "NTM_NC", levelRank: 2 }, 2, 5, { criteriaMetBase: 19, levelReached: "NTM_NC", levelRank: 2 }],
    ["one level lower before an upper level", { criteriaMetBase: 19, levelReached: "NTM_KM", levelRank: 3 }, 6, 5, { criteriaMetBase: 19, levelReached: "NTM_NC", levelRank: 2 }],
    ["NTM: not reached, one criterion short", { criteriaMetBase: 19, levelReached: "NTM", levelRank: 1 }, 5, 5, { criteriaMetBase: 18, levelReached: null, levelRank: 0 }],
    ["NTM: two short after four more months", { criteriaMetBase: 19, levelReached: "NTM", levelRank: 1 }, 9, 5, { criteriaMetBase: 17, levelReached: null, levelRank: 0 }],
    ["below NTM: one criterion fewer every three months", { criteriaMetBase: 12, levelReached: null, levelRank: 0 }, 7, 1, { criteriaMetBase: 9, levelReached: null, levelRank: 0 }],
    ["never below zero", { criteriaMetBase: 0, levelReached: null, levelRank: 0 }, 11, 1, { criteriaMetBase: 0, levelReached: null, levelRank: 0 }],
  ])("%s", (_, now, ago, since, expected) => expect(pastState(now, ago, since, levels, 19)).toEqual(expected));
});
