import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSuccession } from "../../src/domain/succession";
import { planArchive, planCarryDecisions } from "../../scripts/lib/archive";

// Pure code in Node: the shipped files themselves (the workers project's bindings hold filtered copies).
const env = { SUCCESSION_2025: readFileSync("data/succession-2025.csv", "utf8"), UNITS_2025: readFileSync("data/units-2025-03.csv", "utf8") };

describe("data:national --shape 2026: the archive plan", () => {
  it("names the three old provinces that formed Vĩnh Long (86), each going to 86", () => {
    const plan = planArchive(parseSuccession(env.SUCCESSION_2025), env.UNITS_2025, ["86"]);
    expect(plan.oldProvinces).toEqual(["83", "84", "86"]);
    expect(plan.rows.every((r) => r.provinceCode === "86")).toBe(true);
    expect(plan.rows.length).toBe(124);
    expect([...plan.successorProvince]).toEqual([
      ["83", "86"],
      ["84", "86"],
      ["86", "86"],
    ]);
  });

  it("an old province split between two new ones goes to the one that received most of its communes", () => {
    const units = ["province_code,province_name,district_code,district_name,commune_code,commune_name", "01,Cũ,001,H,00001,A", "01,Cũ,001,H,00002,B", "01,Cũ,001,H,00003,C"].join("\n");
    const succession = [
      "province_code,commune_code,commune_name,predecessor_codes,status,source_text",
      "02,10001,X,00001,resolved,a",
      "03,10002,Y,00002;00003,resolved,b",
    ].join("\n");
    const plan = planArchive(parseSuccession(succession), units, ["02", "03"]);
    expect(plan.oldProvinces).toEqual(["01"]);
    expect(plan.successorProvince.get("01")).toBe("03");
    expect(planArchive(parseSuccession(succession), units, ["02"]).successorProvince.get("01")).toBe("02");
  });

  it("decides most carried-over levels, leaves some pending, none for communes with nothing to decide; deterministic", () => {
    const items = Array.from({ length: 400 }, (_, i) => ({ communeCode: String(20000 + i), needsDecision: i % 4 !== 0, proposed: i % 8 === 1 ? "NTM" : null }));
    const plans = planCarryDecisions(items, 42);
    expect(planCarryDecisions(items, 42)).toEqual(plans);
    const codes = new Set(plans.map((p) => p.communeCode));
    expect(items.filter((i) => !i.needsDecision).some((i) => codes.has(i.communeCode))).toBe(false);
    const decided = plans.filter((p) => p.decision).length;
    expect(decided / 300).toBeGreaterThan(0.75);
    expect(decided / 300).toBeLessThan(0.95);
    expect(plans.some((p) => !p.decision)).toBe(true);
    for (const p of plans.filter((x) => x.decision)) {
      expect(p.decision!.level).toBe(items.find((i) => i.communeCode === p.communeCode)!.proposed);
      expect(p.decision!.date >= "2025-08-01" && p.decision!.date <= "2025-11-30").toBe(true);
    }
  });
});
