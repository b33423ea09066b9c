// The shipped criteria sets (data/criteria-sets/*.json) must load: valid against the file schema,
// free of consistency problems, with the expected shape and NFC-normalised Vietnamese text.
import { describe, expect, it } from "vitest";
import set04 from "../../data/criteria-sets/qd04-2022-dtvm.json";
import set318 from "../../data/criteria-sets/qd318-2022-xa.json";
import set318nc from "../../data/criteria-sets/qd318-2022-xa-nc.json";
import set51 from "../../data/criteria-sets/qd51-2025-xa.json";
import { consistencyProblems, criteriaSetSchema, type CriteriaSetFile, type LevelCode } from "../../src/domain/criteria-format";

const files: Record<string, unknown> = {
  "qd318-2022-xa.json": set318,
  "qd318-2022-xa-nc.json": set318nc,
  "qd04-2022-dtvm.json": set04,
  "qd51-2025-xa.json": set51,
};

function parse(raw: unknown): CriteriaSetFile {
  return criteriaSetSchema.parse(raw);
}

function indicatorsOf(set: CriteriaSetFile) {
  return set.criteria.flatMap((c) => c.indicators.map((ind) => ({ criterion: c.number, ind })));
}

/** Every string in a JSON value (object keys included), with its path. */
function strings(value: unknown, path = "$"): { path: string; s: string }[] {
  if (typeof value === "string") return [{ path, s: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => [{ path: `${path}.<key>`, s: k }, ...strings(v, `${path}.${k}`)]);
  }
  return [];
}

describe.each(Object.entries(files))("criteria set %s", (_name, raw) => {
  it("parses against criteriaSetSchema", () => {
    const result = criteriaSetSchema.safeParse(raw);
    expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([]);
  });

  it("has no consistency problems", () => {
    expect(consistencyProblems(parse(raw))).toEqual([]);
  });

  it("has only NFC-normalised strings", () => {
    const bad = strings(raw).filter(({ s }) => s !== s.normalize("NFC"));
    expect(bad.map((b) => b.path)).toEqual([]);
  });

  it("gives every verified target a URL source (an unverified one may have none: never invent one)", () => {
    const set = parse(raw);
    for (const { ind } of indicatorsOf(set)) {
      for (const t of ind.targets) {
        if (t.verified) expect(t.source, `${ind.code} ${t.level} ${t.key}`).toMatch(/^https?:\/\//);
      }
    }
  });

  it("has a target at the indicator's own level for every indicator", () => {
    const set = parse(raw);
    for (const { ind } of indicatorsOf(set)) {
      expect(
        ind.targets.some((t) => t.level === ind.level),
        `${ind.code} has no target at ${ind.level}`,
      ).toBe(true);
    }
  });
});

const count = (set: CriteriaSetFile, level: LevelCode) => indicatorsOf(set).filter(({ ind }) => ind.level === level).length;

describe("QD318-2022-XA (xã 2021–2025)", () => {
  const set = parse(set318);

  it("has criteria 1..20 in order, 57 NTM indicators, criterion 20 only at NTM_KM", () => {
    expect(set.code).toBe("QD318-2022-XA");
    expect(set.targetKey).toBe("region");
    expect(set.criteria.map((c) => c.number)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(count(set, "NTM")).toBe(57);
    const c20 = set.criteria.find((c) => c.number === 20)!;
    expect(c20.group).toBe("VI");
    expect(c20.indicators.length).toBeGreaterThan(0);
    for (const ind of c20.indicators) {
      expect(ind.level).toBe("NTM_KM");
      expect(ind.targets.every((t) => t.level === "NTM_KM")).toBe(true);
    }
    expect(indicatorsOf(set).filter(({ ind }) => ind.level === "NTM_KM").every(({ criterion }) => criterion === 20)).toBe(true);
  });

  it("has the 19 criteria in the 5 groups of the decision", () => {
    const groups = Object.fromEntries(set.criteria.map((c) => [c.number, c.group]));
    const expected: Record<string, number[]> = {
      I: [1],
      II: [2, 3, 4, 5, 6, 7, 8, 9],
      III: [10, 11, 12, 13],
      IV: [14, 15, 16, 17],
      V: [18, 19],
      VI: [20],
    };
    for (const [group, numbers] of Object.entries(expected)) for (const n of numbers) expect(groups[n], `criterion ${n}`).toBe(group);
  });

  it("gives every NTM indicator an NTM_NC target", () => {
    const missing = indicatorsOf(set)
      .filter(({ ind }) => ind.level === "NTM" && !ind.targets.some((t) => t.level === "NTM_NC"))
      .map(({ ind }) => ind.code);
    expect(missing).toEqual([]);
  });

  it("marks income, environment and defence/security as revocation keys", () => {
    expect(set.criteria.filter((c) => c.revocationKey).map((c) => c.number)).toEqual([10, 17, 19]);
  });

  it("uses the 318 region keys only", () => {
    const keys = new Set(indicatorsOf(set).flatMap(({ ind }) => ind.targets.map((t) => t.key)));
    for (const key of keys) expect(["all", "TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL"]).toContain(key);
  });
});

describe("QD04-2022-DTVM (phường, thị trấn đô thị văn minh)", () => {
  const set = parse(set04);

  it("has 9 criteria at the single DTVM level", () => {
    expect(set.code).toBe("QD04-2022-DTVM");
    expect(set.criteria.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(set.levels.map((l) => l.code)).toEqual(["DTVM"]);
    for (const { ind } of indicatorsOf(set)) expect(ind.targets.every((t) => t.level === "DTVM" && t.key === "all")).toBe(true);
  });
});

describe("QD51-2025-XA (xã 2026–2030)", () => {
  const set = parse(set51);

  it("has 10 criteria and 47 NTM indicators", () => {
    expect(set.code).toBe("QD51-2025-XA");
    expect(set.targetKey).toBe("group");
    expect(set.criteria.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(count(set, "NTM")).toBe(47);
  });

  it("gives every NTM indicator an NTM_HD target", () => {
    const missing = indicatorsOf(set)
      .filter(({ ind }) => ind.level === "NTM" && !ind.targets.some((t) => t.level === "NTM_HD"))
      .map(({ ind }) => ind.code);
    expect(missing).toEqual([]);
  });

  it("keys targets by commune group or all", () => {
    const keys = new Set(indicatorsOf(set).flatMap(({ ind }) => ind.targets.map((t) => t.key)));
    for (const key of keys) expect(["all", "1", "2", "3"]).toContain(key);
  });
});

describe("QD318-2022-XA-NC (xã nâng cao 2021–2025: its own set, Phụ lục II of 318/QĐ-TTg)", () => {
  const set = parse(set318nc);
  const basic = parse(set318);

  it("is its own set of 19 criteria, plus the 319 model conditions on top", () => {
    expect(set.code).toBe("QD318-2022-XA-NC");
    expect(set.period).toEqual([2021, 2025]);
    expect(set.levels.map((l) => [l.code, l.basis ?? null])).toEqual([["NTM_NC", null], ["NTM_KM", "NTM_NC"]]);
    expect(set.criteria.filter((c) => c.indicators.every((i) => i.level === "NTM_NC"))).toHaveLength(19);
    expect(set.criteria.filter((c) => c.indicators.every((i) => i.level === "NTM_KM")).map((c) => c.number)).toEqual([20]);
  });

  it("has the criteria 18/2022 names, which the basic set does not have, as revocation keys", () => {
    const names = set.criteria.map((c) => c.name);
    for (const name of ["Môi trường", "Chất lượng môi trường sống"]) {
      expect(names).toContain(name);
      expect(basic.criteria.map((c) => c.name)).not.toContain(name);
      expect(set.criteria.find((c) => c.name === name)!.revocationKey).toBe(true);
    }
  });

  it("invents no threshold: every advanced target is unverified with an empty source", () => {
    const nc = indicatorsOf(set).filter(({ ind }) => ind.level === "NTM_NC");
    expect(nc).toHaveLength(19);
    for (const { ind } of nc) {
      expect(ind.kind).toBe("boolean");
      expect(ind.targets).toEqual([{ level: "NTM_NC", key: "all", years: [2021, 2025], value: true, source: "", verified: false }]);
    }
  });

  it("the model level of the 2021–2025 package is reviewed on top of the advanced level", () => {
    expect(basic.levels.find((l) => l.code === "NTM_KM")!.basis).toBe("NTM_NC");
  });
});

describe("QD51-2025-XA pilot level", () => {
  it("marks NTM hiện đại (Phụ lục II of 51/2025) as a pilot with no verified target", () => {
    const set = parse(set51);
    const hd = set.levels.find((l) => l.code === "NTM_HD")!;
    expect(hd.pilot).toBe(true);
    expect(hd.name).toContain("thí điểm");
    expect(indicatorsOf(set).flatMap(({ ind }) => ind.targets).filter((t) => t.level === "NTM_HD" && t.verified)).toEqual([]);
  });
});

describe("level basis", () => {
  it("refuses a basis that is not a lower level of the set", () => {
    const set = structuredClone(parse(set318));
    set.levels[0].basis = "NTM_KM";
    expect(consistencyProblems(set)).toContain("Mức NTM: mức nền NTM_KM phải là một mức thấp hơn của bộ tiêu chí.");
  });
  it("refuses a verified target without a source", () => {
    const raw = structuredClone(set318nc) as { criteria: { indicators: { targets: { verified: boolean }[] }[] }[] };
    raw.criteria[0].indicators[0].targets[0].verified = true;
    expect(criteriaSetSchema.safeParse(raw).success).toBe(false);
  });
});
