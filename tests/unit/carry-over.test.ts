import { describe, expect, it } from "vitest";
import { CARRY_RULES, carriedLevel, DEFAULT_CARRY_RULE, needsDecision } from "../../src/domain/carry-over";
import { findCycle, parseSuccession } from "../../src/domain/succession";
import { keepOn } from "../../src/web/unit-date";

const RANKS = { NTM: 1, NTM_NC: 2, NTM_KM: 3 };
const p = (code: string, level: string | null) => ({ code, level });

describe("carried-over level (thừa nhận)", () => {
  const cases: [string, "lowest" | "kept_code", string, { code: string; level: string | null }[], string | null][] = [
    ["lowest of three recognised", "lowest", "28879", [p("28873", "NTM_NC"), p("28876", "NTM"), p("28879", "NTM_KM")], "NTM"],
    ["lowest when all advanced", "lowest", "28879", [p("28873", "NTM_NC"), p("28879", "NTM_NC")], "NTM_NC"],
    ["lowest: one unrecognised carries nothing", "lowest", "28879", [p("28873", "NTM_NC"), p("28879", null)], null],
    ["lowest: unknown level counts as unrecognised", "lowest", "28879", [p("28873", "NTM"), p("28879", "XYZ")], null],
    ["lowest: a single predecessor (kept)", "lowest", "29857", [p("29857", "NTM_KM")], "NTM_KM"],
    ["kept code: the level of the commune whose code was kept", "kept_code", "28879", [p("28873", "NTM"), p("28879", "NTM_KM")], "NTM_KM"],
    ["kept code: kept commune unrecognised", "kept_code", "28879", [p("28873", "NTM_NC"), p("28879", null)], null],
    ["kept code: no predecessor kept the code", "kept_code", "28810", [p("28804", "NTM"), p("28855", "NTM")], null],
    ["no predecessors", "lowest", "28879", [], null],
    ["all unrecognised", "lowest", "28879", [p("28873", null), p("28879", null)], null],
  ];
  it.each(cases)("%s", (_name, rule, code, preds, expected) => {
    expect(carriedLevel(rule, code, preds, RANKS)).toBe(expected);
  });

  it("nothing to decide when every predecessor was unrecognised", () => {
    expect(needsDecision([p("1", null), p("2", null)], RANKS)).toBe(false);
    expect(needsDecision([p("1", null), p("2", "NTM")], RANKS)).toBe(true);
  });

  it("the rules are data: the default is unverified with an empty source", () => {
    const rule = CARRY_RULES.find((r) => r.id === DEFAULT_CARRY_RULE)!;
    expect(rule.verified).toBe(false);
    expect(rule.source).toBe("");
    expect(CARRY_RULES.every((r) => !r.verified && r.source === "")).toBe(true);
  });
});

describe("succession file", () => {
  const HEADER = "province_code,commune_code,commune_name,predecessor_codes,status,source_text";
  it("reads quoted source text with commas and filters a province", () => {
    const rows = parseSuccession(`${HEADER}\n86,28879,Xã Phú Phụng,28876;28879;28873,resolved,"Xã Sơn Định, Xã Vĩnh Bình, Xã Phú Phụng"\n84,29374,Xã X,29380,partial,y\n`, "86");
    expect(rows).toEqual([{ line: 2, provinceCode: "86", code: "28879", name: "Xã Phú Phụng", predecessorCodes: ["28876", "28879", "28873"], status: "resolved", sourceText: "Xã Sơn Định, Xã Vĩnh Bình, Xã Phú Phụng" }]);
  });
  it("refuses bad codes, statuses and an old code listed twice, with row numbers", () => {
    expect(() => parseSuccession(`${HEADER}\n86,2887,X,1;2,resolved,x\n86,28880,Y,28876;28876,maybe,y\n`)).toThrow(
      /Dòng 2: mã tỉnh[\s\S]*Dòng 3: trạng thái "maybe"[\s\S]*Dòng 3: một mã xã cũ được ghi hai lần/,
    );
  });
  it("finds cycles", () => {
    expect(findCycle([{ from: 1, to: 2 }, { from: 3, to: 2 }])).toBeNull();
    expect(findCycle([{ from: 1, to: 2 }, { from: 2, to: 1 }])).toEqual([1, 2, 1]);
    expect(findCycle([{ from: 5, to: 5 }])).toEqual([5, 5]);
  });
});

describe("links of a page asked for with ?on= stay in that generation", () => {
  it("adds on= to coded links without a date, keeps dated ones and others", () => {
    const html = '<a href="/communes/28879/indicators/5/history">h</a><a href="/communes/28879/checklist?failing=1#x">f</a><a href="/units/28879?on=2025-07-01">new</a><a href="/me/feedback">m</a><div hx-get="/communes/28879/checklist/summary"></div>';
    expect(keepOn(html, "2025-06-30")).toBe(
      '<a href="/communes/28879/indicators/5/history?on=2025-06-30">h</a><a href="/communes/28879/checklist?failing=1&amp;on=2025-06-30#x">f</a><a href="/units/28879?on=2025-07-01">new</a><a href="/me/feedback">m</a><div hx-get="/communes/28879/checklist/summary?on=2025-06-30"></div>',
    );
  });
});
