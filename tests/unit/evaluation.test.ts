import { describe, expect, it } from "vitest";
import type { Comparator, IndicatorKind, LevelCode, TargetValue } from "../../src/domain/criteria-format";
import {
  chooseTarget,
  compare,
  criterionResult,
  evaluateCommune,
  formatShare,
  indicatorResult,
  levelReached,
  MESSAGES,
  parseDecimal,
  parseValue,
  revocationCheck,
  type Binding,
  type EvalCriterion,
  type EvalIndicator,
  type EvalLevel,
  type EvalSet,
  type LevelResult,
  type ValueText,
} from "../../src/domain/evaluation";

const NUMBER_MSG = "Chỉ tiêu này cần một số (ví dụ 85 hoặc 85,5).";
const PERCENT_MSG = "Tỷ lệ phải từ 0 đến 100.";

describe("parseValue: number", () => {
  it.each([
    ["85", "85"],
    ["85,5", "85.5"],
    ["85.5", "85.5"],
    ["1.234,5", "1234.5"],
    ["1.234.567", "1234567"],
    ["1.234.567,25", "1234567.25"],
    ["1,234.5", "1234.5"],
    ["1 234 567", "1234567"],
    ["1\u00a0234,5", "1234.5"],
    ["  42  ", "42"],
    ["85,50", "85.5"],
    ["007", "7"],
    ["0,5", "0.5"],
    ["-3,5", "-3.5"],
    ["+12", "12"],
    ["-0", "0"],
    ["1.234", "1.234"], // a single "." is the decimal point, as stored
    ["150", "150"],
  ])("%j → %j", (raw, stored) => {
    expect(parseValue("number", raw)).toEqual({ ok: true, value: stored });
  });

  it.each([["abc"], [""], ["   "], ["NaN"], ["Infinity"], ["-Infinity"], ["1e5"], ["0x10"], ["12abc"], ["1,2,3"], ["1.23.4"], [",5"], ["1."], ["--1"], ["9".repeat(400)]])(
    "%j is rejected",
    (raw) => {
      expect(parseValue("number", raw)).toEqual({ ok: false, kind: "invalid", message: NUMBER_MSG });
    },
  );
});

describe("parseValue: percent", () => {
  it.each([
    ["0", "0"],
    ["100", "100"],
    ["85,5", "85.5"],
    ["99.9", "99.9"],
    ["85 %", "85"],
    ["85%", "85"],
    ["100,0", "100"],
  ])("%j → %j", (raw, stored) => {
    expect(parseValue("percent", raw)).toEqual({ ok: true, value: stored });
  });

  it.each([
    ["abc", NUMBER_MSG],
    ["", NUMBER_MSG],
    ["%", NUMBER_MSG],
    ["Infinity", NUMBER_MSG],
    ["100,01", PERCENT_MSG],
    ["101", PERCENT_MSG],
    ["-1", PERCENT_MSG],
    ["1.234,5", PERCENT_MSG],
  ])("%j → %j", (raw, message) => {
    expect(parseValue("percent", raw)).toEqual({ ok: false, kind: "invalid", message });
  });
});

describe("parseValue: boolean and document", () => {
  it.each([
    ["boolean", "true", "true"],
    ["boolean", "TRUE", "true"],
    ["boolean", "false", "false"],
    ["boolean", "có", "true"],
    ["boolean", "  Có ", "true"],
    ["boolean", "CÓ", "true"],
    ["boolean", "co\u0301", "true"], // NFD input
    ["boolean", "không", "false"],
    ["boolean", "Không", "false"],
    ["boolean", "đạt", "true"],
    ["boolean", "Đạt", "true"],
    ["boolean", "không đạt", "false"],
    ["boolean", "Không  Đạt", "false"],
    ["boolean", "chưa đạt", "false"],
    ["document", "true", "true"],
    ["document", "Có", "true"],
    ["document", "không", "false"],
    ["document", "chưa có", "false"],
    ["document", "FALSE", "false"],
  ] as [IndicatorKind, string, string][])("%s %j → %j", (kind, raw, stored) => {
    expect(parseValue(kind, raw)).toEqual({ ok: true, value: stored });
  });

  it.each([
    ["boolean", "", MESSAGES.boolean],
    ["boolean", "yes", MESSAGES.boolean],
    ["boolean", "1", MESSAGES.boolean],
    ["boolean", "đạt không", MESSAGES.boolean],
    ["document", "", MESSAGES.document],
    ["document", "maybe", MESSAGES.document],
  ] as [IndicatorKind, string, string][])("%s %j → error", (kind, raw, message) => {
    expect(parseValue(kind, raw)).toEqual({ ok: false, kind: "invalid", message });
  });

  it("messages are Vietnamese and name the answers", () => {
    expect(MESSAGES.boolean).toContain("Có");
    expect(MESSAGES.boolean).toContain("Không");
    expect(MESSAGES.document).toContain("Có");
  });
});

describe("parseValue: choice", () => {
  const choices = ["Tốt", "Khá", "Trung bình"];
  it.each([
    ["Tốt", "Tốt"],
    ["  Khá  ", "Khá"],
    ["To\u0302\u0301t", "Tốt"], // NFD "Tốt"
    ["trung bình", "Trung bình"], // unique case-insensitive match
  ])("%j → %j", (raw, stored) => {
    expect(parseValue("choice", raw, choices)).toEqual({ ok: true, value: stored });
  });

  it.each([["Xuất sắc"], [""], ["Tot"]])("%j is not one of the choices", (raw) => {
    const r = parseValue("choice", raw, choices);
    expect(r).toEqual({ ok: false, kind: "invalid", message: "Hãy chọn một trong các giá trị: Tốt; Khá; Trung bình." });
    expect(r.ok ? "" : r.message).toMatch(/^Hãy chọn một trong các giá trị: /);
  });

  it("stores the listed choice, normalised to NFC", () => {
    expect(parseValue("choice", "Tốt", ["To\u0302\u0301t", "Khá"])).toEqual({ ok: true, value: "Tốt" });
  });

  it("an ambiguous case-insensitive match is refused", () => {
    expect(parseValue("choice", "abc", ["ABC", "Abc"]).ok).toBe(false);
  });

  it.each([[undefined], [[]], [[" "]]])("no choices configured (%j)", (list) => {
    expect(parseValue("choice", "Tốt", list as string[] | undefined)).toEqual({ ok: false, kind: "invalid", message: MESSAGES.noChoices });
  });

  it("an unknown kind is refused", () => {
    expect(parseValue("weird" as IndicatorKind, "1")).toEqual({ ok: false, kind: "invalid", message: MESSAGES.unknownKind });
  });
});

describe("parseDecimal", () => {
  it.each([
    ["12", "12"],
    ["-0,0", "0"],
    ["000.000", "0"],
    ["x", null],
  ])("%j → %j", (raw, out) => {
    expect(parseDecimal(raw)).toBe(out);
  });
});

describe("chooseTarget", () => {
  const ind: EvalIndicator = {
    id: 1,
    criterionId: 1,
    code: "10.1",
    kind: "number",
    comparator: "gte",
    targets: [
      { level: "NTM", key: "all", yearFrom: 2021, yearTo: 2025, value: 45 },
      { level: "NTM", key: "DBSCL", yearFrom: 2021, yearTo: 2023, value: 50 },
      { level: "NTM", key: "DBSCL", yearFrom: 2024, yearTo: 2025, value: 60 },
      { level: "NTM_NC", key: "DBSH", yearFrom: 2021, yearTo: 2025, value: 70 },
      { level: "NTM_KM", key: "all", yearFrom: 2022, yearTo: 2022, value: 80 },
      { level: "NTM_KM", key: "all", yearFrom: 2021, yearTo: 2025, value: 81 },
    ],
  };
  it.each([
    ["exact key beats all", "NTM", { key: "DBSCL", year: 2022 }, 50],
    ["exact key, later period", "NTM", { key: "DBSCL", year: 2025 }, 60],
    ["boundary yearFrom", "NTM", { key: "DBSCL", year: 2024 }, 60],
    ["boundary yearTo", "NTM", { key: "DBSCL", year: 2023 }, 50],
    ["falls back to all for another region", "NTM", { key: "TN", year: 2022 }, 45],
    ["binding key all", "NTM", { key: "all", year: 2021 }, 45],
    ["year before every target → null", "NTM", { key: "DBSCL", year: 2020 }, null],
    ["year after every target → null", "NTM", { key: "DBSCL", year: 2026 }, null],
    ["only another key at that level → null", "NTM_NC", { key: "DBSCL", year: 2022 }, null],
    ["exact key at NC", "NTM_NC", { key: "DBSH", year: 2022 }, 70],
    ["no target at the level → null", "NTM_HD", { key: "DBSCL", year: 2022 }, null],
    ["overlapping periods: first listed wins", "NTM_KM", { key: "DBSCL", year: 2022 }, 80],
    ["overlapping periods: other year", "NTM_KM", { key: "DBSCL", year: 2023 }, 81],
  ] as [string, LevelCode, Binding, number | null][])("%s", (_name, level, binding, expected) => {
    const t = chooseTarget(ind, level, binding);
    expect(t === null ? null : t.value).toBe(expected);
  });
});

describe("compare", () => {
  it.each([
    // number × gte/lte/eq/in
    ["number", "gte", "80", 80, true],
    ["number", "gte", "80.0001", 80, true],
    ["number", "gte", "79.99", 80, false],
    ["number", "gte", null, 80, false],
    ["number", "gte", null, 0, false],
    ["number", "lte", "5", 5, true],
    ["number", "lte", "4", 5, true],
    ["number", "lte", "5.01", 5, false],
    ["number", "lte", null, 5, false],
    ["number", "eq", "3", 3, true],
    ["number", "eq", "3.5", 3, false],
    ["number", "eq", null, 3, false],
    ["number", "in", "2", ["1", "2"], true],
    ["number", "in", "3", ["1", "2"], false],
    ["number", "in", null, ["1"], false],
    ["number", "gte", "-1", -1, true],
    // malformed stored text or target never meets
    ["number", "gte", "", 0, false],
    ["number", "gte", "85,5", 0, false],
    ["number", "gte", "abc", 0, false],
    ["number", "gte", "Infinity", 0, false],
    ["number", "gte", "0x10", 0, false],
    ["number", "gte", "5", true, false],
    ["number", "gte", "5", ["1"], false],
    ["number", "gte", "5", "4", true],
    // percent
    ["percent", "gte", "80", 80, true],
    ["percent", "gte", "79.9", 80, false],
    ["percent", "lte", "10", 10, true],
    ["percent", "lte", "10.5", 10, false],
    ["percent", "eq", "100", 100, true],
    ["percent", "eq", "99", 100, false],
    ["percent", "in", "50", ["50", "60"], true],
    ["percent", "gte", null, 0, false],
    // boolean
    ["boolean", "eq", "true", true, true],
    ["boolean", "eq", "false", true, false],
    ["boolean", "eq", "false", false, true],
    ["boolean", "eq", null, true, false],
    ["boolean", "eq", null, false, false],
    ["boolean", "eq", "yes", true, false],
    ["boolean", "gte", "true", true, true],
    ["boolean", "gte", "false", true, false],
    ["boolean", "lte", "false", false, true],
    ["boolean", "lte", "true", false, false],
    ["boolean", "in", "true", ["true"], true],
    ["boolean", "in", "false", ["true"], false],
    ["boolean", "eq", "true", "true", true],
    ["boolean", "eq", "true", 1, false],
    ["boolean", "eq", "true", ["true"], false],
    // document
    ["document", "eq", "true", true, true],
    ["document", "eq", "false", true, false],
    ["document", "eq", null, true, false],
    ["document", "gte", "true", true, true],
    ["document", "lte", "true", true, true],
    ["document", "in", "false", ["false", "true"], true],
    // choice
    ["choice", "eq", "Tốt", "Tốt", true],
    ["choice", "eq", "To\u0302\u0301t", "Tốt", true],
    ["choice", "eq", "Khá", "Tốt", false],
    ["choice", "eq", null, "Tốt", false],
    ["choice", "eq", "", "", false],
    ["choice", "eq", "Tốt", ["Tốt"], false],
    ["choice", "in", "Khá", ["Tốt", "Khá"], true],
    ["choice", "in", "Trung bình", ["Tốt", "Khá"], false],
    ["choice", "in", null, ["Tốt", "Khá"], false],
    ["choice", "in", "Tốt", "Tốt", true],
    ["choice", "gte", "Tốt", "Tốt", false],
    ["choice", "lte", "Tốt", "Tốt", false],
  ] as [IndicatorKind, Comparator, ValueText, TargetValue, boolean][])("%s %s %j vs %j → %s", (kind, comparator, value, target, expected) => {
    expect(compare(kind, comparator, value, target)).toBe(expected);
  });

  it("an unknown kind never meets", () => {
    expect(compare("weird" as IndicatorKind, "eq", "1", 1)).toBe(false);
  });
});

const LEVELS: EvalLevel[] = [
  { code: "NTM_KM", rank: 3 }, // deliberately out of order: rank decides
  { code: "NTM", rank: 1 },
  { code: "NTM_NC", rank: 2 },
];

describe("indicatorResult", () => {
  const ind: EvalIndicator = {
    id: 7,
    criterionId: 1,
    code: "3.1",
    kind: "percent",
    comparator: "gte",
    targets: [
      { level: "NTM", key: "all", yearFrom: 2021, yearTo: 2025, value: 80 },
      { level: "NTM_NC", key: "all", yearFrom: 2021, yearTo: 2025, value: 90 },
    ],
  };
  it.each([
    ["85", { NTM: true, NTM_NC: false }],
    ["90", { NTM: true, NTM_NC: true }],
    ["10", { NTM: false, NTM_NC: false }],
    [null, { NTM: false, NTM_NC: false }],
  ] as [ValueText, LevelResult][])("value %j → %j (KM absent)", (value, expected) => {
    expect(indicatorResult(ind, LEVELS, { key: "DBSCL", year: 2024 }, value)).toEqual(expected);
  });
  it("nothing applies outside the target years", () => {
    expect(indicatorResult(ind, LEVELS, { key: "DBSCL", year: 2030 }, "99")).toEqual({});
  });
});

describe("criterionResult", () => {
  it.each([
    ["all met", [{ NTM: true, NTM_NC: true }, { NTM: true, NTM_NC: true }], { NTM: true, NTM_NC: true }],
    ["one failing at NC", [{ NTM: true, NTM_NC: true }, { NTM: true, NTM_NC: false }], { NTM: true, NTM_NC: false }],
    ["one failing at NTM", [{ NTM: false }, { NTM: true }], { NTM: false }],
    ["KM from the only indicator that applies there", [{ NTM: true }, { NTM: true, NTM_KM: false }], { NTM: true, NTM_KM: false }],
    ["none applicable at a level → absent", [{ NTM: true }, { NTM: true }], { NTM: true }],
    ["no indicators", [], {}],
    ["indicators applicable nowhere", [{}, {}], {}],
  ] as [string, LevelResult[], LevelResult][])("%s", (_name, results, expected) => {
    expect(criterionResult(results, LEVELS)).toEqual(expected);
  });
});

describe("levelReached", () => {
  it.each([
    ["nothing met", [{ NTM: false, NTM_NC: false }, { NTM: false }], null],
    ["NC criteria met but NTM not → null", [{ NTM: false, NTM_NC: true }, { NTM: true, NTM_NC: true }], null],
    ["NTM only", [{ NTM: true, NTM_NC: false }, { NTM: true, NTM_NC: true }], "NTM"],
    ["NC reached, KM criterion failing", [{ NTM: true, NTM_NC: true, NTM_KM: true }, { NTM_KM: false }], "NTM_NC"],
    ["top reached", [{ NTM: true, NTM_NC: true, NTM_KM: true }, { NTM: true, NTM_NC: true }, { NTM_KM: true }], "NTM_KM"],
    ["level with no criteria is never reached (KM)", [{ NTM: true, NTM_NC: true }], "NTM_NC"],
    ["level with no criteria blocks the ones above (NC empty)", [{ NTM: true, NTM_KM: true }], "NTM"],
    ["no criteria at all", [], null],
    ["only empty results", [{}, {}], null],
  ] as [string, LevelResult[], LevelCode | null][])("%s", (_name, results, expected) => {
    expect(levelReached(LEVELS, results)).toBe(expected);
  });
  it("no levels → null", () => {
    expect(levelReached([], [{ NTM: true }])).toBeNull();
  });
});

describe("evaluateCommune", () => {
  const all = (level: LevelCode, value: TargetValue) => ({ level, key: "all" as const, yearFrom: 2021, yearTo: 2025, value });
  const set: EvalSet = {
    levels: LEVELS,
    criteria: [
      { id: 1, number: 3, revocationKey: false },
      { id: 2, number: 10, revocationKey: true },
      { id: 3, number: 20, revocationKey: false }, // KM-only (smart village)
    ],
    indicators: [
      // criterion 1: irrigation share and a plan document
      { id: 11, criterionId: 1, code: "3.1", kind: "percent", comparator: "gte", targets: [all("NTM", 80), all("NTM_NC", 90), all("NTM_KM", 95)] },
      { id: 12, criterionId: 1, code: "3.2", kind: "document", comparator: "eq", targets: [all("NTM", true), all("NTM_NC", true), all("NTM_KM", true)] },
      // criterion 2: income, regional targets for DBSCL, "all" otherwise
      {
        id: 21,
        criterionId: 2,
        code: "10",
        kind: "number",
        comparator: "gte",
        targets: [
          all("NTM", 45),
          { level: "NTM", key: "DBSCL", yearFrom: 2021, yearTo: 2025, value: 50 },
          { level: "NTM_NC", key: "DBSCL", yearFrom: 2021, yearTo: 2025, value: 60 },
          all("NTM_NC", 55),
          { level: "NTM_KM", key: "DBSCL", yearFrom: 2021, yearTo: 2025, value: 66 },
          all("NTM_KM", 61),
        ],
      },
      // criterion 3: KM only
      { id: 31, criterionId: 3, code: "20.1", kind: "choice", comparator: "in", targets: [all("NTM_KM", ["Thôn thông minh", "Xã thông minh"])] },
    ],
  };
  const b: Binding = { key: "DBSCL", year: 2024 };
  const vals = (o: Record<number, ValueText>) => new Map(Object.entries(o).map(([k, v]) => [Number(k), v]));
  const TOTAL = { NTM: 2, NTM_NC: 2, NTM_KM: 3 };

  it.each([
    ["no values", {}, b, { NTM: 0, NTM_NC: 0, NTM_KM: 0 }, TOTAL, null, "NTM", [11, 12, 21]],
    ["NTM reached (85 < 90 and DBSCL income 55 < 60 for NC)", { 11: "85", 12: "true", 21: "55" }, b, { NTM: 2, NTM_NC: 0, NTM_KM: 0 }, TOTAL, "NTM", "NTM_NC", [11, 21]],
    ["NTM reached, only income short for NC", { 11: "96", 12: "true", 21: "55" }, b, { NTM: 2, NTM_NC: 1, NTM_KM: 1 }, TOTAL, "NTM", "NTM_NC", [21]],
    ["NC indicator met but NTM document missing → nothing reached", { 11: "99", 12: "false", 21: "70", 31: "Xã thông minh" }, b, { NTM: 1, NTM_NC: 1, NTM_KM: 2 }, TOTAL, null, "NTM", [12]],
    ["NC reached, KM gap lists every failing KM indicator", { 11: "92", 12: "true", 21: "65" }, b, { NTM: 2, NTM_NC: 2, NTM_KM: 0 }, TOTAL, "NTM_NC", "NTM_KM", [11, 21, 31]],
    ["NC reached, only the KM-only criterion missing", { 11: "96", 12: "true", 21: "66" }, b, { NTM: 2, NTM_NC: 2, NTM_KM: 2 }, TOTAL, "NTM_NC", "NTM_KM", [31]],
    ["KM-only choice not in the list", { 11: "96", 12: "true", 21: "66", 31: "Khác" }, b, { NTM: 2, NTM_NC: 2, NTM_KM: 2 }, TOTAL, "NTM_NC", "NTM_KM", [31]],
    ["top reached → no next level, no gap", { 11: "95", 12: "true", 21: "66", 31: "Thôn thông minh" }, b, { NTM: 2, NTM_NC: 2, NTM_KM: 3 }, TOTAL, "NTM_KM", null, []],
    ["another region uses the all targets (55 ≥ 55 at NC)", { 11: "92", 12: "true", 21: "55" }, { key: "DBSH", year: 2024 }, { NTM: 2, NTM_NC: 2, NTM_KM: 0 }, TOTAL, "NTM_NC", "NTM_KM", [11, 21, 31]],
    ["another region reaches KM on the all targets (61 < 66 for DBSCL)", { 11: "95", 12: "true", 21: "61", 31: "Thôn thông minh" }, { key: "DBSH", year: 2024 }, { NTM: 2, NTM_NC: 2, NTM_KM: 3 }, TOTAL, "NTM_KM", null, []],
    ["year outside every target: nothing applies", { 11: "95", 12: "true", 21: "66", 31: "Thôn thông minh" }, { key: "DBSCL", year: 2030 }, { NTM: 0, NTM_NC: 0, NTM_KM: 0 }, { NTM: 0, NTM_NC: 0, NTM_KM: 0 }, null, "NTM", []],
  ] as [string, Record<number, ValueText>, Binding, Record<string, number>, Record<string, number>, LevelCode | null, LevelCode | null, number[]][])(
    "%s",
    (_name, values, binding, met, total, reached, next, gapIds) => {
      const e = evaluateCommune(set, binding, vals(values));
      expect(e.criteriaMet).toEqual(met);
      expect(e.criteriaTotal).toEqual(total);
      expect(e.levelReached).toBe(reached);
      expect(e.nextLevel).toBe(next);
      expect(e.gap.map((g) => g.indicatorId)).toEqual(gapIds);
      for (const g of e.gap) expect(g.criterionId).toBe(set.indicators.find((i) => i.id === g.indicatorId)!.criterionId);
    },
  );

  it("returns per-indicator and per-criterion results", () => {
    const e = evaluateCommune(set, b, vals({ 11: "85", 12: "true", 21: "55" }));
    expect(e.indicators.get(11)).toEqual({ NTM: true, NTM_NC: false, NTM_KM: false });
    expect(e.indicators.get(31)).toEqual({ NTM_KM: false });
    expect(e.criteria.get(1)).toEqual({ NTM: true, NTM_NC: false, NTM_KM: false });
    expect(e.criteria.get(3)).toEqual({ NTM_KM: false });
    expect([...e.indicators.keys()]).toEqual([11, 12, 21, 31]);
    expect([...e.criteria.keys()]).toEqual([1, 2, 3]);
  });

  it("a criterion without indicators applies nowhere", () => {
    const e = evaluateCommune({ ...set, criteria: [...set.criteria, { id: 4, number: 21, revocationKey: false }] }, b, vals({}));
    expect(e.criteria.get(4)).toEqual({});
    expect(e.criteriaTotal).toEqual(TOTAL);
  });

  it("gap keeps set order", () => {
    const reordered = { ...set, indicators: [...set.indicators].reverse() };
    const e = evaluateCommune(reordered, b, vals({ 11: "92", 12: "true", 21: "65" }));
    expect(e.gap).toEqual([
      { indicatorId: 31, criterionId: 3 },
      { indicatorId: 21, criterionId: 2 },
      { indicatorId: 11, criterionId: 1 },
    ]);
  });

  it("an empty set reaches nothing", () => {
    const e = evaluateCommune({ levels: [], criteria: [], indicators: [] }, b, new Map());
    expect(e).toMatchObject({ levelReached: null, nextLevel: null, gap: [], criteriaMet: {}, criteriaTotal: {} });
  });
});

describe("revocationCheck", () => {
  /** `total` criteria, the first `failed` failing; `keyFailing` makes the first failing one a key criterion; `keyMet` adds a key criterion that passes. */
  function build(total: number, failed: number, keyFailing: boolean, keyMet = false): { criterion: EvalCriterion; met: boolean }[] {
    return Array.from({ length: total }, (_, i) => ({
      criterion: { id: 100 + i, number: i + 1, revocationKey: (keyFailing && i === 0 && failed > 0) || (keyMet && i === total - 1) },
      met: i >= failed,
    }));
  }

  it.each([
    // 10 criteria
    [10, 0, false, false],
    [10, 2, true, false], // 20% with key
    [10, 3, false, false], // 30% without key
    [10, 3, true, true], // 30% boundary with key
    [10, 4, false, false], // 40% without key
    [10, 4, true, true], // 40% with key
    [10, 5, false, true], // 50% boundary
    [10, 10, false, true],
    // 19 criteria (2021–2025 set): 30% boundary lies between 5 (26,3%) and 6 (31,6%); 50% between 9 and 10
    [19, 5, true, false],
    [19, 6, false, false],
    [19, 6, true, true],
    [19, 9, false, false],
    [19, 9, true, true],
    [19, 10, false, true],
    // 100 fictional criteria: exact boundaries
    [100, 29, true, false],
    [100, 29, false, false],
    [100, 30, false, false],
    [100, 30, true, true],
    [100, 49, false, false],
    [100, 49, true, true],
    [100, 50, false, true],
    [100, 50, true, true],
    // 17 criteria: 5 failing = 29,4%
    [17, 5, true, false],
    [17, 6, true, true],
  ])("%i criteria, %i failed, key failing %s → revoke %s", (total, failed, keyFailing, revoke) => {
    const r = revocationCheck(build(total, failed, keyFailing));
    expect(r.revoke).toBe(revoke);
    expect(r.failed).toBe(failed);
    expect(r.total).toBe(total);
    expect(r.failedShare).toBeCloseTo(failed / total, 12);
    expect(r.keyFailed).toEqual(keyFailing && failed > 0 ? [1] : []);
    expect(r.reason).toMatch(revoke ? /^Thu hồi/ : /^Không thu hồi/);
  });

  it("a key criterion that is met does not count", () => {
    const r = revocationCheck(build(10, 3, false, true));
    expect(r).toMatchObject({ revoke: false, keyFailed: [] });
  });

  it("lists failing key criteria by number, ascending", () => {
    const input = [
      { criterion: { id: 1, number: 19, revocationKey: true }, met: false },
      { criterion: { id: 2, number: 10, revocationKey: true }, met: false },
      { criterion: { id: 3, number: 17, revocationKey: true }, met: true },
      ...Array.from({ length: 7 }, (_, i) => ({ criterion: { id: 10 + i, number: i + 1, revocationKey: false }, met: i > 0 })),
    ];
    const r = revocationCheck(input);
    expect(r).toMatchObject({ revoke: true, failed: 3, total: 10, keyFailed: [10, 19] });
    expect(r.reason).toBe(
      "Thu hồi: 3/10 tiêu chí không đạt (30%), từ 30% đến dưới 50%, trong đó có tiêu chí số 10, 19 thuộc nhóm thu nhập, môi trường và an toàn thực phẩm, chất lượng môi trường sống, quốc phòng và an ninh.",
    );
  });

  it.each([
    [build(10, 5, false), "Thu hồi: 5/10 tiêu chí không đạt (50%), từ 50% trở lên."],
    [build(10, 2, false), "Không thu hồi: 2/10 tiêu chí không đạt (20%), dưới 30%."],
    [build(17, 5, false), "Không thu hồi: 5/17 tiêu chí không đạt (29,4%), dưới 30%."],
    [
      build(10, 4, false),
      "Không thu hồi: 4/10 tiêu chí không đạt (40%), từ 30% đến dưới 50% nhưng không có tiêu chí nào về thu nhập, môi trường và an toàn thực phẩm, chất lượng môi trường sống, quốc phòng và an ninh.",
    ],
    [build(19, 0, false), "Không thu hồi: cả 19 tiêu chí đều đạt."],
    [[], "Không có tiêu chí nào để xét thu hồi."],
  ])("reason %#", (input, reason) => {
    expect(revocationCheck(input).reason).toBe(reason);
  });

  it("no criteria → no revocation, share 0", () => {
    expect(revocationCheck([])).toEqual({ revoke: false, failed: 0, total: 0, failedShare: 0, keyFailed: [], reason: "Không có tiêu chí nào để xét thu hồi." });
  });

  it.each([
    [1, 3, "33,3%"],
    [2, 3, "66,6%"],
    [29, 100, "29%"],
    [2999, 10000, "29,9%"],
    [0, 5, "0%"],
    [5, 0, "0%"],
  ])("formatShare(%i, %i) → %s (truncated, never rounded across a boundary)", (f, t, out) => {
    expect(formatShare(f, t)).toBe(out);
  });
});
