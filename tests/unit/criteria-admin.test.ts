// Pure rules of the criteria admin (issue 3): status moves, upload detection, target values by kind, and the
// incremental re-evaluation after a target changes (checked against evaluateCommune).
import { describe, expect, it } from "vitest";
import {
  MAX_UPLOAD_BYTES,
  detectUploadKind,
  nextStatus,
  parseTargetValue,
  reevaluateIndicator,
  sameTargetValue,
  statusChangeProblem,
  targetInputOf,
  targetKeyLabel,
  targetText,
  uploadProblem,
  valueControl,
  type IndicatorShape,
} from "../../src/domain/criteria-admin";
import { evaluateCommune, type EvalIndicator, type EvalLevel, type EvalSet } from "../../src/domain/evaluation";
import type { CommuneState } from "../../src/domain/rollups";
import type { TargetValue } from "../../src/domain/criteria-format";

const enc = (s: string) => new TextEncoder().encode(s);

describe("status moves", () => {
  it.each([
    ["draft", "active", null],
    ["active", "retired", null],
    ["draft", "retired", "Chỉ có thể chuyển từ “Bản nháp” sang “Đang áp dụng”."],
    ["active", "draft", "Chỉ có thể chuyển từ “Đang áp dụng” sang “Ngừng áp dụng”."],
    ["retired", "active", "Bộ tiêu chí đã ngừng áp dụng; không đổi trạng thái được nữa (hãy nhân bản nếu cần dùng lại)."],
    ["active", "active", "Bộ tiêu chí đã ở trạng thái “Đang áp dụng”."],
    ["draft", "deleted", "Trạng thái không hợp lệ."],
  ] as const)("%s → %s", (from, to, problem) => {
    expect(statusChangeProblem(from, to)).toBe(problem);
  });

  it("has one next status per status, none after retired", () => {
    expect([nextStatus("draft"), nextStatus("active"), nextStatus("retired")]).toEqual(["active", "retired", null]);
  });
});

describe("upload detection", () => {
  it.each([
    ["bo.json", "{}", "json"],
    ["BO.JSON", "x", "json"],
    ["bo.csv", "set_code", "csv"],
    ["bo.xlsx", "PK", "xlsx"],
    ["bo.pdf", "%PDF", null],
    ["bo.xls", "PK", null],
    ["bo", "PK\u0003\u0004", "xlsx"],
    ["bo", "\uFEFF  {\"code\"", "json"],
    ["bo", "set_code,set_name", null],
    ["bo.txt", "set_code,set_name", "csv"],
    ["bo.txt", "PK", "xlsx"],
  ] as const)("%s starting %j → %s", (name, head, kind) => {
    expect(detectUploadKind(name, enc(head))).toBe(kind);
  });

  it("refuses no file, an empty file, a file over 2 MB and an unknown type", () => {
    expect(uploadProblem(null, null)).toBe("Hãy chọn tệp bộ tiêu chí (.json, .csv hoặc .xlsx).");
    expect(uploadProblem({ name: "a.csv", size: 0 }, "csv")).toBe("Hãy chọn tệp bộ tiêu chí (.json, .csv hoặc .xlsx).");
    expect(uploadProblem({ name: "a.csv", size: MAX_UPLOAD_BYTES + 1 }, "csv")).toBe("Tệp quá lớn (2,0 MB); tối đa 2 MB.");
    expect(uploadProblem({ name: "a.pdf", size: 10 }, null)).toBe("Chỉ nhận tệp .json, .csv hoặc .xlsx.");
    expect(uploadProblem({ name: "a.csv", size: MAX_UPLOAD_BYTES }, "csv")).toBeNull();
  });
});

const NUMBER: IndicatorShape = { kind: "number", comparator: "gte", choices: null, unit: "triệu đồng/người/năm" };
const PERCENT: IndicatorShape = { kind: "percent", comparator: "gte", choices: null };
const BOOL: IndicatorShape = { kind: "boolean", comparator: "eq", choices: null };
const DOC: IndicatorShape = { kind: "document", comparator: "eq", choices: null };
const CHOICE: IndicatorShape = { kind: "choice", comparator: "eq", choices: ["Tốt", "Khá", "Trung bình"] };
const CHOICES: IndicatorShape = { kind: "choice", comparator: "in", choices: ["Tốt", "Khá", "Trung bình"] };

describe("target values typed by the indicator's kind", () => {
  it("asks for a decimal, a yes/no, one choice or several", () => {
    expect([NUMBER, PERCENT, BOOL, DOC, CHOICE, CHOICES].map(valueControl)).toEqual(["decimal", "decimal", "boolean", "boolean", "choice", "choices"]);
  });

  it.each([
    [NUMBER, "80", 80],
    [NUMBER, "80,5", 80.5],
    [NUMBER, " 80.5 ", 80.5],
    [NUMBER, "1.234,5", 1234.5],
    [NUMBER, "-3", -3],
    [PERCENT, "95 %", 95],
    [PERCENT, "0", 0],
    [PERCENT, "100", 100],
    [BOOL, "true", true],
    [BOOL, "false", false],
    [DOC, "true", true],
    [CHOICE, " Khá ", "Khá"],
  ] as const)("%j accepts %j", (ind, value, expected) => {
    expect(parseTargetValue(ind, { value, values: [] })).toEqual({ ok: true, value: expected });
  });

  it("keeps the list order of the choices and drops duplicates", () => {
    expect(parseTargetValue(CHOICES, { value: "", values: ["Trung bình", "Tốt", "Tốt", " "] })).toEqual({ ok: true, value: ["Tốt", "Trung bình"] });
  });

  it.each([
    [NUMBER, { value: "", values: [] }, "Hãy nhập giá trị đích (một số, ví dụ 80 hoặc 80,5)."],
    [NUMBER, { value: "tám mươi", values: [] }, "Giá trị đích phải là một số (ví dụ 80 hoặc 80,5)."],
    [NUMBER, { value: "Infinity", values: [] }, "Giá trị đích phải là một số (ví dụ 80 hoặc 80,5)."],
    [PERCENT, { value: "101", values: [] }, "Tỷ lệ phải từ 0 đến 100."],
    [PERCENT, { value: "-1", values: [] }, "Tỷ lệ phải từ 0 đến 100."],
    [BOOL, { value: "có", values: [] }, "Hãy chọn yêu cầu “Đạt” hay “Không yêu cầu”."],
    [DOC, { value: "", values: [] }, "Hãy chọn có yêu cầu văn bản hay không."],
    [CHOICE, { value: "Xuất sắc", values: [] }, "Hãy chọn một trong các giá trị: Tốt; Khá; Trung bình."],
    [{ ...CHOICE, choices: null }, { value: "Tốt", values: [] }, "Chỉ tiêu này chưa có danh sách lựa chọn."],
    [CHOICES, { value: "", values: [] }, "Hãy chọn ít nhất một giá trị."],
    [CHOICES, { value: "", values: ["Tốt", "Xuất sắc"] }, "Giá trị không có trong danh sách lựa chọn: Xuất sắc."],
    [{ ...CHOICES, choices: [] }, { value: "", values: ["Tốt"] }, "Chỉ tiêu này chưa có danh sách lựa chọn."],
  ] as const)("%j refuses %j", (ind, input, message) => {
    expect(parseTargetValue(ind as IndicatorShape, { value: input.value, values: [...input.values] })).toEqual({ ok: false, kind: "invalid", message });
  });

  it("shows stored values in the form (decimal comma) and round-trips them", () => {
    const cases: [IndicatorShape, TargetValue][] = [
      [NUMBER, 80.5],
      [PERCENT, 100],
      [BOOL, true],
      [DOC, false],
      [CHOICE, "Khá"],
      [CHOICES, ["Tốt", "Khá"]],
      [CHOICES, "Tốt"],
    ];
    expect(targetInputOf(NUMBER, 80.5)).toEqual({ value: "80,5", values: [] });
    expect(targetInputOf(CHOICES, "Tốt")).toEqual({ value: "", values: ["Tốt"] });
    for (const [ind, v] of cases) {
      const back = parseTargetValue(ind, targetInputOf(ind, v));
      expect(back).toEqual({ ok: true, value: ind === CHOICES && !Array.isArray(v) ? [v] : v });
    }
  });

  it("reads targets as people do", () => {
    expect(targetText(NUMBER, 50.5)).toBe("≥ 50,5 triệu đồng/người/năm");
    expect(targetText(PERCENT, 80)).toBe("≥ 80 %");
    expect(targetText({ ...NUMBER, unit: null, comparator: "lte" }, 3)).toBe("≤ 3");
    expect(targetText(BOOL, true)).toBe("Đạt");
    expect(targetText(BOOL, false)).toBe("Không yêu cầu");
    expect(targetText(DOC, true)).toBe("Có văn bản");
    expect(targetText(DOC, false)).toBe("Không yêu cầu");
    expect(targetText(CHOICE, "Khá")).toBe("= Khá");
    expect(targetText(CHOICES, ["Tốt", "Khá"])).toBe("∈ {Tốt; Khá}");
  });

  it("labels keys and compares values", () => {
    const names = { DBSCL: "Đồng bằng sông Cửu Long" };
    expect([targetKeyLabel("all", names), targetKeyLabel("2", names), targetKeyLabel("DBSCL", names), targetKeyLabel("XYZ", names)]).toEqual(["Chung", "Nhóm xã 2", "Đồng bằng sông Cửu Long", "XYZ"]);
    expect(sameTargetValue(80, 80)).toBe(true);
    expect(sameTargetValue(80, 80.5)).toBe(false);
    expect(sameTargetValue(["Tốt", "Khá"], ["Tốt", "Khá"])).toBe(true);
    expect(sameTargetValue(["Tốt", "Khá"], ["Khá", "Tốt"])).toBe(false);
    expect(sameTargetValue(true, "true")).toBe(false);
  });
});

describe("re-evaluating one commune after a target changes", () => {
  // Two levels; criterion 1 has indicators 11 (number) and 12 (boolean, NTM only), criterion 2 has indicator 21.
  const levels: EvalLevel[] = [
    { code: "NTM_NC", rank: 2 },
    { code: "NTM", rank: 1 },
  ];
  const ind11 = (ntm: number, nc: number): EvalIndicator => ({
    id: 11,
    criterionId: 1,
    code: "1.1",
    kind: "number",
    comparator: "gte",
    targets: [
      { level: "NTM", key: "DBSCL", yearFrom: 2021, yearTo: 2025, value: ntm },
      { level: "NTM", key: "all", yearFrom: 2021, yearTo: 2025, value: 999 },
      { level: "NTM_NC", key: "all", yearFrom: 2021, yearTo: 2025, value: nc },
    ],
  });
  const ind12: EvalIndicator = { id: 12, criterionId: 1, code: "1.2", kind: "boolean", comparator: "eq", targets: [{ level: "NTM", key: "all", yearFrom: 2021, yearTo: 2025, value: true }] };
  const ind21: EvalIndicator = {
    id: 21,
    criterionId: 2,
    code: "2.1",
    kind: "percent",
    comparator: "gte",
    targets: [
      { level: "NTM", key: "all", yearFrom: 2021, yearTo: 2025, value: 80 },
      { level: "NTM_NC", key: "all", yearFrom: 2021, yearTo: 2025, value: 90 },
    ],
  };
  const setWith = (i11: EvalIndicator): EvalSet => ({
    levels,
    criteria: [
      { id: 1, number: 1, revocationKey: false },
      { id: 2, number: 2, revocationKey: false },
    ],
    indicators: [i11, ind12, ind21],
  });
  const binding = { key: "DBSCL" as const, year: 2025 };

  /** The cached state evaluateCommune would have left for the old targets, then the incremental result for the new ones. */
  function check(oldTargets: [number, number], newTargets: [number, number], values: Record<number, string | null>) {
    const valueMap = new Map(Object.entries(values).map(([k, v]) => [Number(k), v]));
    const old = evaluateCommune(setWith(ind11(...oldTargets)), binding, valueMap);
    const fresh = evaluateCommune(setWith(ind11(...newTargets)), binding, valueMap);
    const before: CommuneState = { criteriaMetBase: old.criteriaMet.NTM ?? 0, levelReached: old.levelReached ?? "", criteria: old.criteria };
    const r = reevaluateIndicator(ind11(...newTargets), levels, {
      binding,
      value: values[11],
      siblings: [11, 12].map((id) => ({ indicatorId: id, met: old.indicators.get(id)! })),
      before,
    });
    expect(r.met).toEqual(fresh.indicators.get(11));
    expect(r.criterionMet).toEqual(fresh.criteria.get(1));
    expect(r.after.criteria).toEqual(fresh.criteria);
    expect(r.criteriaMet).toEqual(fresh.criteriaMet);
    expect(r.levelReached).toBe(fresh.levelReached);
    expect(r.after.criteriaMetBase).toBe(fresh.criteriaMet.NTM);
    expect(r.after.levelReached).toBe(fresh.levelReached ?? "");
    return r;
  }

  it("drops a commune from NTM_NC to NTM when the advanced target rises above its value", () => {
    const r = check([50, 60], [50, 70], { 11: "65", 12: "true", 21: "95" });
    expect(r.levelReached).toBe("NTM");
    expect([r.metChanged, r.criterionChanged]).toEqual([true, true]);
  });

  it("drops a commune below NTM when its own region's target rises (the key beats 'all')", () => {
    const r = check([50, 60], [66, 60], { 11: "65", 12: "true", 21: "95" });
    expect(r.levelReached).toBeNull();
    expect(r.met).toEqual({ NTM: false, NTM_NC: true });
  });

  it("raises a commune when a target falls", () => {
    const r = check([70, 80], [60, 65], { 11: "65", 12: "true", 21: "95" });
    expect(r.levelReached).toBe("NTM_NC");
  });

  it("changes nothing when the value stays on the same side", () => {
    const r = check([50, 60], [55, 61], { 11: "65", 12: "true", 21: "95" });
    expect([r.metChanged, r.criterionChanged]).toEqual([false, false]);
  });

  it("changes the indicator but not the criterion when a sibling already fails it", () => {
    const r = check([50, 60], [66, 60], { 11: "65", 12: "false", 21: "95" });
    expect([r.metChanged, r.criterionChanged]).toEqual([true, false]);
  });

  it("keeps a missing value failing whatever the target", () => {
    const r = check([50, 60], [10, 10], { 11: null, 12: "true", 21: "95" });
    expect(r.met).toEqual({ NTM: false, NTM_NC: false });
    expect(r.metChanged).toBe(false);
  });
});
