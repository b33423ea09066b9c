import { describe, expect, it } from "vitest";
import {
  addMonths,
  aggregateCommunes,
  average,
  bucketBounds,
  communesFor,
  communesUnder,
  defaultTargets,
  choosePeriod,
  periodLabel,
  periodOfSet,
  otherPeriods,
  distribution,
  filterRows,
  levelRows,
  monthLabel,
  monthOf,
  monthsEnding,
  parseSort,
  passRows,
  percent,
  quarterLabel,
  quarterStart,
  roadmapRows,
  sortRows,
  tableMatrix,
  trendPoints,
  type Column,
  type CriterionDef,
  type LevelDef,
  type ReportTable,
} from "../../src/domain/progress";
import { fold, compareVi } from "../../src/domain/text";

const LEVELS: LevelDef[] = [
  { code: "NTM_NC", name: "NTM nâng cao", rank: 2 },
  { code: "NTM", name: "NTM", rank: 1 },
  { code: "NTM_KM", name: "NTM kiểu mẫu", rank: 3 },
];

describe("numbers", () => {
  it.each([
    [4, 6, 66.7],
    [2, 6, 33.3],
    [1, 6, 16.7],
    [0, 6, 0],
    [3, 0, 0],
    [71, 132, 53.8],
    [1, 8, 12.5],
  ])("percent(%i, %i) = %f", (part, total, expected) => expect(percent(part, total)).toBe(expected));

  it.each([
    [105, 6, 17.5],
    [2636, 150, 17.57],
    [106, 6, 17.67],
    [5, 0, 0],
  ])("average(%i, %i) = %f", (sum, n, expected) => expect(average(sum, n)).toBe(expected));

  it.each([
    [80, 148, 119],
    [80, 6, 5],
    [40, 6, 3],
    [10, 6, 1],
    [10, 10, 1],
    [0, 10, 0],
    [100, 7, 7],
  ])("communesFor(%i%%, %i) = %i", (pct, total, expected) => expect(communesFor(pct, total)).toBe(expected));
});

describe("aggregateCommunes", () => {
  it("counts only the set's communes: levels, sum, histogram, criteria met at the pass level", () => {
    const f = aggregateCommunes(
      [
        { setId: 1, criteriaMetBase: 19, levelReached: "NTM", criteria: { "10": { NTM: true, NTM_NC: false }, "11": { NTM: true, NTM_NC: true } } },
        { setId: 1, criteriaMetBase: 17, levelReached: null, criteria: { "10": { NTM: false }, "11": { NTM: true } } },
        { setId: 2, criteriaMetBase: 9, levelReached: "DTVM", criteria: { "10": { NTM: true } } },
      ],
      1,
      "NTM",
    );
    expect(f).toEqual({ communes: 2, criteriaMetSum: 36, levels: { NTM: 1, "": 1 }, criterion: { 10: 1, 11: 2 }, passLevel: "NTM", histogram: { 19: 1, 17: 1 } });
  });
});

describe("levelRows", () => {
  const targets = { ...defaultTargets(2025) };
  it("gives exact and cumulative counts, shares, targets and the communes still missing", () => {
    const rows = levelRows(LEVELS, { communes: 6, levels: { NTM: 2, NTM_NC: 1, NTM_KM: 1, "": 2 } }, targets, "Chưa đạt chuẩn");
    expect(rows.map((r) => [r.code, r.exact, r.exactShare, r.atLeast, r.atLeastShare, r.target, r.met, r.missing])).toEqual([
      ["NTM", 2, 33.3, 4, 66.7, 80, false, 1],
      ["NTM_NC", 1, 16.7, 2, 33.3, 40, false, 1],
      ["NTM_KM", 1, 16.7, 1, 16.7, 10, true, 0],
      ["", 2, 33.3, 6, 100, null, null, 0],
    ]);
  });

  it("has no target for levels no target measures and without targets", () => {
    const rows = levelRows([{ code: "DTVM", name: "Đô thị văn minh", rank: 1 }], { communes: 4, levels: { DTVM: 3 } }, targets, "Chưa đạt");
    expect(rows[0]).toMatchObject({ target: null, met: null, missing: 0, atLeast: 3, atLeastShare: 75 });
    expect(levelRows(LEVELS, { communes: 2, levels: { NTM: 2 } }, null, "x").every((r) => r.target === null)).toBe(true);
  });

  it("handles an area without communes", () => {
    const rows = levelRows(LEVELS, { communes: 0, levels: {} }, targets, "x");
    expect(rows.map((r) => r.atLeastShare)).toEqual([0, 0, 0, 0]);
    expect(rows[0].met).toBe(true);
  });
});

describe("distribution", () => {
  it.each([
    [19, ["19", "15-18", "10-14", "0-9"]],
    [9, ["9", "7-8", "5-6", "0-4"]],
    [10, ["10", "8-9", "5-7", "0-4"]],
    [2, ["2", "1", "0-0"]],
    [1, ["1", "0"]],
    [0, []],
  ])("bucketBounds(%i)", (total, keys) => expect(bucketBounds(total).map((b) => b.key)).toEqual(keys));

  it("labels the 19-criteria buckets as leaders report them", () => {
    expect(bucketBounds(19).map((b) => b.label)).toEqual(["19 tiêu chí", "15–18 tiêu chí", "10–14 tiêu chí", "Dưới 10 tiêu chí"]);
  });

  it("counts communes per bucket with shares of all communes", () => {
    const d = distribution({ 19: 4, 17: 1, 12: 1, 3: 2 }, 19, 8);
    expect(d.map((b) => [b.key, b.communes, b.share])).toEqual([
      ["19", 4, 50],
      ["15-18", 1, 12.5],
      ["10-14", 1, 12.5],
      ["0-9", 2, 25],
    ]);
  });

  it("counts communes under a minimum, null without histogram", () => {
    expect(communesUnder({ 19: 4, 14: 2, 15: 1 }, 15)).toBe(2);
    expect(communesUnder({}, 15)).toBe(0);
    expect(communesUnder(null, 15)).toBeNull();
  });
});

describe("passRows", () => {
  const criteria: CriterionDef[] = [
    { id: 12, number: 2, name: "Giao thông", groupCode: "II", groupName: "Hạ tầng" },
    { id: 11, number: 1, name: "Quy hoạch", groupCode: "I", groupName: "Quy hoạch" },
    { id: 13, number: 3, name: "Thủy lợi", groupCode: "II", groupName: "Hạ tầng" },
    { id: 14, number: 4, name: "Điện", groupCode: "II", groupName: "Hạ tầng" },
    { id: 15, number: 5, name: "Trường học", groupCode: "II", groupName: "Hạ tầng" },
    { id: 20, number: 20, name: "Kiểu mẫu", groupCode: "VI", groupName: "Kiểu mẫu" },
  ];
  it("orders by number, computes rate and failing, marks the three lowest under 100 % as lagging", () => {
    const rows = passRows(criteria, { communes: 6, criterion: { 11: 5, 12: 4, 13: 4, 14: 6, 15: 5 } }, new Set([11, 12, 13, 14, 15]));
    expect(rows.map((r) => [r.number, r.met, r.rate, r.failing, r.lagging])).toEqual([
      [1, 5, 83.3, 1, true],
      [2, 4, 66.7, 2, true],
      [3, 4, 66.7, 2, true],
      [4, 6, 100, 0, false],
      [5, 5, 83.3, 1, false],
    ]);
  });

  it("keeps a criterion outside `applicable` when some commune met it, and every criterion without `applicable`", () => {
    expect(passRows(criteria, { communes: 2, criterion: { 20: 1 } }, new Set([11])).map((r) => r.number)).toEqual([1, 20]);
    expect(passRows(criteria, { communes: 2, criterion: {} }, null)).toHaveLength(6);
  });

  it("marks nothing lagging without communes or when all pass", () => {
    expect(passRows(criteria, { communes: 0, criterion: {} }, null).some((r) => r.lagging)).toBe(false);
    expect(passRows(criteria.slice(0, 2), { communes: 1, criterion: { 11: 1, 12: 1 } }, null).some((r) => r.lagging)).toBe(false);
  });
});

describe("roadmapRows", () => {
  it("cumulates plans of the level and above up to each year, against communes at the level or above now", () => {
    const rows = roadmapRows(
      LEVELS,
      [
        { targetYear: 2025, targetLevel: "NTM", planned: 1 },
        { targetYear: 2025, targetLevel: "NTM_NC", planned: 2 },
        { targetYear: 2025, targetLevel: "NTM_KM", planned: 1 },
        { targetYear: 2026, targetLevel: "NTM", planned: 1 },
        { targetYear: 2026, targetLevel: "NTM_KM", planned: 1 },
        { targetYear: 2027, targetLevel: "NTM", planned: 0 },
        { targetYear: 2027, targetLevel: "GONE", planned: 3 },
      ],
      { levels: { NTM: 2, NTM_NC: 1, NTM_KM: 1, "": 2 } },
    );
    expect(rows.map((r) => [r.year, r.level, r.planned, r.plannedAtLeast, r.reachedAtLeast, r.gap, r.met])).toEqual([
      [2025, "NTM", 1, 4, 4, 0, true],
      [2025, "NTM_NC", 2, 3, 2, 1, false],
      [2025, "NTM_KM", 1, 1, 1, 0, true],
      [2026, "NTM", 1, 6, 4, 2, false],
      [2026, "NTM_KM", 1, 2, 1, 1, false],
    ]);
  });
});

describe("months", () => {
  it.each([
    ["2026-01", -1, "2025-12"],
    ["2026-11", -11, "2025-12"],
    ["2025-12", 1, "2026-01"],
    ["2026-05", 0, "2026-05"],
  ])("addMonths(%s, %i) = %s", (m, d, expected) => expect(addMonths(m, d)).toBe(expected));

  it("rejects a malformed month", () => expect(() => addMonths("2026/01", 1)).toThrow());

  it("lists months, labels them, finds quarters", () => {
    expect(monthsEnding("2026-02", 3)).toEqual(["2025-12", "2026-01", "2026-02"]);
    expect(monthOf("2026-11-27")).toBe("2026-11");
    expect(monthLabel("2026-03")).toBe("03/2026");
    expect([quarterStart("2026-01"), quarterStart("2026-03"), quarterStart("2026-05"), quarterStart("2026-12")]).toEqual(["2026-01", "2026-01", "2026-04", "2026-10"]);
    expect([quarterLabel("2026-02"), quarterLabel("2026-11")]).toEqual(["Quý I/2026", "Quý IV/2026"]);
  });
});

describe("trendPoints", () => {
  it("uses snapshots for past months, the live figures for the current one, and marks months without snapshot", () => {
    const points = trendPoints(
      LEVELS,
      [
        { month: "2026-09", communes: 4, criteriaMetSum: 60, levels: { NTM: 1, "": 3 } },
        { month: "2026-11", communes: 9, criteriaMetSum: 1, levels: {} },
      ],
      { month: "2026-11", communes: 4, criteriaMetSum: 70, levels: { NTM: 2, NTM_NC: 1, "": 1 } },
      "2026-11",
      3,
    );
    expect(points[0]).toMatchObject({ month: "2026-09", communes: 4, average: 15, atLeast: { NTM: 1, NTM_NC: 0, NTM_KM: 0 }, shares: { NTM: 25 }, live: false });
    expect(points[1]).toEqual({ month: "2026-10", label: "10/2026", missing: true });
    expect(points[2]).toMatchObject({ communes: 4, average: 17.5, atLeast: { NTM: 3, NTM_NC: 1 }, shares: { NTM: 75, NTM_NC: 25 }, live: true });
  });
});

describe("report tables: sort, filter, matrix", () => {
  const columns: Column[] = [
    { key: "name", label: "Tên", kind: "text" },
    { key: "n", label: "Số", kind: "int" },
    { key: "level", label: "Mức", kind: "text" },
  ];
  const rows = [
    { name: "Xã Đông", n: 3, level: "NTM", _sort_level: 1 },
    { name: "Xã An", n: null, level: "Chưa đạt chuẩn", _sort_level: 0 },
    { name: "Xã Bình", n: 7, level: "NTM nâng cao", _sort_level: 2 },
    { name: "Xã Ấp", n: 3, level: "NTM", _sort_level: 1 },
  ];

  it.each([
    ["n-desc", { key: "n", dir: "desc" }],
    ["name-asc", { key: "name", dir: "asc" }],
    ["n-up", null],
    ["nope-asc", null],
    [undefined, null],
  ])("parseSort(%s)", (value, expected) => expect(parseSort(value as string | undefined, columns)).toEqual(expected));

  it("refuses a column marked not sortable", () => expect(parseSort("n-asc", [{ key: "n", label: "n", kind: "int", sortable: false }])).toBeNull());

  it("sorts numbers, Vietnamese text and hidden sort keys; empty cells last; ties keep their order", () => {
    expect(sortRows(rows, { key: "n", dir: "desc" }, compareVi).map((r) => r.name)).toEqual(["Xã Bình", "Xã Đông", "Xã Ấp", "Xã An"]);
    expect(sortRows(rows, { key: "n", dir: "asc" }, compareVi).map((r) => r.name)).toEqual(["Xã Đông", "Xã Ấp", "Xã Bình", "Xã An"]);
    expect(sortRows(rows, { key: "name", dir: "asc" }, compareVi).map((r) => r.name)).toEqual(["Xã An", "Xã Ấp", "Xã Bình", "Xã Đông"]);
    expect(sortRows(rows, { key: "level", dir: "desc" }, compareVi).map((r) => r.name)).toEqual(["Xã Bình", "Xã Đông", "Xã Ấp", "Xã An"]);
    expect(sortRows(rows, null, compareVi)).toBe(rows);
    expect(sortRows([{ n: null }, { n: null }], { key: "n", dir: "asc" }, compareVi)).toHaveLength(2);
  });

  it("filters on any text column, folding diacritics", () => {
    expect(filterRows(rows, columns, "nang cao", fold).map((r) => r.name)).toEqual(["Xã Bình"]);
    expect(filterRows(rows, columns, "DONG", fold).map((r) => r.name)).toEqual(["Xã Đông"]);
    expect(filterRows(rows, columns, "  ", fold)).toBe(rows);
    expect(filterRows(rows, columns, "3", fold)).toEqual([]);
  });

  it("gives the header and the cells in column order, hidden cells left out", () => {
    const table: ReportTable = { id: "t", title: "T", columns, rows: [rows[0], { name: "X" }] };
    expect(tableMatrix(table)).toEqual([
      ["Tên", "Số", "Mức"],
      ["Xã Đông", 3, "NTM"],
      ["X", null, null],
    ]);
  });
});

describe("programme periods and the targets a year falls back on", () => {
  it("falls back on the 2021–2025 national targets up to 2025 and on nothing after (no invented national figure)", () => {
    expect(defaultTargets(2025)).toMatchObject({ shareNtm: 80, shareAdvanced: 40, shareModel: 10, minCriteria: 15, isDefault: true });
    expect(defaultTargets(2025).none).toBeUndefined();
    expect(defaultTargets(2026)).toMatchObject({ isDefault: true, none: true });
    expect(levelRows(LEVELS, { communes: 2, levels: { NTM: 2 } }, defaultTargets(2027), "x").every((r) => r.target === null && r.met === null)).toBe(true);
  });

  it.each([
    [{ periodFrom: 2021, periodTo: 2025 }, "2021-2025"],
    [{ periodFrom: 2022, periodTo: 2025 }, "2021-2025"],
    [{ periodFrom: 2026, periodTo: 2030 }, "2026-2030"],
    [{ periodFrom: 2016, periodTo: 2020 }, "2016-2020"],
  ])("a set of %j belongs to %s", (set, code) => {
    expect(periodOfSet(set).code).toBe(code);
  });

  // [requested, periods with data, current year, shown]
  it.each([
    [undefined, ["2021-2025", "2026-2030"], 2026, "2026-2030"],
    [undefined, ["2021-2025"], 2026, "2021-2025"],
    [undefined, [], 2026, "2026-2030"],
    ["2021-2025", ["2021-2025", "2026-2030"], 2026, "2021-2025"],
    ["2026-2030", ["2021-2025"], 2026, "2026-2030"],
    [undefined, ["2021-2025", "2026-2030"], 2025, "2021-2025"],
  ] as [string | undefined, string[], number, string][])("requested %s, data in %j, year %i → %s", (requested, withData, year, shown) => {
    expect(choosePeriod(requested, withData, year).code).toBe(shown);
  });

  it("labels a period closed, current or not started, and links to the other one", () => {
    const [p2021, p2026] = [choosePeriod("2021-2025", [], 2026), choosePeriod("2026-2030", [], 2026)];
    expect(periodLabel(p2021, 2026)).toBe("Giai đoạn 2021–2025 (đã kết thúc)");
    expect(periodLabel(p2026, 2026)).toBe("Giai đoạn 2026–2030 (hiện tại)");
    expect(periodLabel(p2026, 2025)).toBe("Giai đoạn 2026–2030 (chưa bắt đầu)");
    expect(otherPeriods(p2026).map((p) => p.code)).toEqual(["2021-2025"]);
  });
});
