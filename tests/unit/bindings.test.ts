// Pure rules of binding a commune to a criteria set (issue 3).
import { describe, expect, it } from "vitest";
import { bindingChange, checkBinding, defaultKey, keyOptions, removalDelta, type SetForBinding, type UnitForBinding } from "../../src/domain/bindings";
import { rollupDelta } from "../../src/domain/rollups";
import { NTM_REGION_NAMES } from "../../src/domain/units";

const SET318: SetForBinding = {
  id: 1,
  name: "Bộ 318",
  targetKey: "region",
  periodFrom: 2021,
  periodTo: 2025,
  appliesTo: ["xa"],
  status: "active",
  levels: [
    { code: "NTM", name: "Đạt chuẩn nông thôn mới" },
    { code: "NTM_NC", name: "NTM nâng cao" },
  ],
  keyed: true,
};
const SET51: SetForBinding = { ...SET318, id: 3, name: "Bộ 51", targetKey: "group", periodFrom: 2026, periodTo: 2030, appliesTo: ["xa", "dac_khu"] };
const SET04: SetForBinding = { ...SET318, id: 2, name: "Bộ 04", appliesTo: ["phuong", "thi_tran"], keyed: false, levels: [{ code: "DTVM", name: "Đô thị văn minh" }] };
const XA: UnitForBinding = { kind: "xa", region: null, communeGroup: null };
const opts = (set: SetForBinding, unit = XA, region: string | null = "DBSCL") => keyOptions(set, unit, region, NTM_REGION_NAMES);
const raw = (over: Partial<Record<"key" | "targetLevel" | "targetYear" | "evalYear", string>> = {}) => ({ key: "DBSCL", targetLevel: "NTM_NC", targetYear: "2025", evalYear: "2024", ...over });

describe("key options", () => {
  it("offers the province's region first, then TDMNPB for especially disadvantaged communes", () => {
    expect(opts(SET318).map((o) => o.value)).toEqual(["DBSCL", "TDMNPB"]);
    expect(opts(SET318)[0].label).toBe("Đồng bằng sông Cửu Long (vùng của tỉnh)");
    expect(opts(SET318)[1].label).toBe("Trung du và miền núi phía Bắc — xã đặc biệt khó khăn");
  });

  it("adds the commune's own region setting, and every region when the province has none", () => {
    expect(opts(SET318, { ...XA, region: "DNB" }).map((o) => o.value)).toEqual(["DNB", "DBSCL", "TDMNPB"]);
    expect(opts(SET318, XA, null).map((o) => o.value)).toEqual(["TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL"]);
    expect(opts(SET318, XA, "TDMNPB").map((o) => o.value)).toEqual(["TDMNPB"]);
  });

  it("offers groups for group sets, the commune's own group first", () => {
    expect(opts(SET51).map((o) => o.value)).toEqual(["2", "1", "3"]);
    expect(opts(SET51, { ...XA, communeGroup: 3 }).map((o) => o.value)).toEqual(["3", "1", "2"]);
    expect(opts(SET51, { ...XA, communeGroup: 3 })[0].label).toBe("Nhóm xã 3 (nhóm đã khai báo của xã)");
  });

  it("offers 'all' for a set without keyed targets", () => {
    expect(opts(SET04).map((o) => o.value)).toEqual(["all", "DBSCL", "TDMNPB"]);
  });

  it("defaults to the region, the commune's group, or 'all'", () => {
    expect(defaultKey(opts(SET318), SET318, "DBSCL", XA)).toBe("DBSCL");
    expect(defaultKey(opts(SET318, { ...XA, region: "TDMNPB" }), SET318, "DBSCL", { ...XA, region: "TDMNPB" })).toBe("TDMNPB");
    expect(defaultKey(opts(SET51), SET51, "DBSCL", XA)).toBe("2");
    expect(defaultKey(opts(SET51, { ...XA, communeGroup: 1 }), SET51, "DBSCL", { ...XA, communeGroup: 1 })).toBe("1");
    expect(defaultKey(opts(SET04), SET04, "DBSCL", XA)).toBe("all");
  });
});

describe("checking a binding", () => {
  it("accepts a valid binding", () => {
    expect(checkBinding(SET318, XA, opts(SET318), raw(), null)).toEqual({ ok: true, value: { setId: 1, key: "DBSCL", targetLevel: "NTM_NC", targetYear: 2025, evalYear: 2024 } });
    expect(checkBinding(SET318, XA, opts(SET318), raw({ key: "TDMNPB", targetYear: " 2021 " }), null).ok).toBe(true);
  });

  it.each([
    ["a group key on a region set", SET318, raw({ key: "1" }), "key", "Bộ tiêu chí này chia chỉ tiêu đích theo vùng: hãy chọn vùng, không phải nhóm xã “1”."],
    ["a region key on a group set", SET51, raw({ key: "DBSCL", targetLevel: "NTM", targetYear: "2030", evalYear: "2026" }), "key", "Bộ tiêu chí này chia chỉ tiêu đích theo nhóm xã (1, 2, 3): hãy chọn nhóm xã, không phải vùng “DBSCL”."],
    ["another province's region", SET318, raw({ key: "DBSH" }), "key", "Vùng “DBSH” không dùng được cho xã này: chỉ chọn “Đồng bằng sông Cửu Long (vùng của tỉnh)” hoặc “Trung du và miền núi phía Bắc — xã đặc biệt khó khăn”."],
    ["an unknown key", SET318, raw({ key: "XYZ" }), "key", "Khóa chỉ tiêu đích “XYZ” không hợp lệ."],
    ["'all' on a keyed set", SET318, raw({ key: "all" }), "key", "Khóa chỉ tiêu đích “all” không hợp lệ."],
    ["no key", SET318, raw({ key: " " }), "key", "Hãy chọn vùng."],
    ["no group", SET51, raw({ key: "", targetLevel: "NTM", targetYear: "2030", evalYear: "2026" }), "key", "Hãy chọn nhóm xã."],
    ["a level not in the set", SET318, raw({ targetLevel: "DTVM" }), "targetLevel", "Mức “DTVM” không có trong bộ tiêu chí này (các mức: Đạt chuẩn nông thôn mới; NTM nâng cao)."],
    ["no level", SET318, raw({ targetLevel: "" }), "targetLevel", "Hãy chọn mức phấn đấu."],
    ["an evaluation year after the period", SET318, raw({ evalYear: "2026" }), "evalYear", "Năm đánh giá phải trong giai đoạn 2021–2025 của bộ tiêu chí."],
    ["a target year before the period", SET318, raw({ targetYear: "2020" }), "targetYear", "Năm phấn đấu đạt phải trong giai đoạn 2021–2025 của bộ tiêu chí."],
    ["a year that is not a year", SET318, raw({ evalYear: "25" }), "evalYear", "Năm đánh giá phải là năm có 4 chữ số (ví dụ 2025)."],
    ["no year", SET318, raw({ targetYear: "" }), "targetYear", "Hãy nhập năm phấn đấu đạt."],
  ] as const)("refuses %s", (_name, set, input, field, message) => {
    const r = checkBinding(set, XA, opts(set), input, null);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[field]).toBe(message);
  });

  it("refuses a set that does not apply to the unit's kind, and a retired set unless it is the current one", () => {
    const r = checkBinding(SET04, XA, opts(SET04), raw({ key: "all", targetLevel: "DTVM" }), null);
    expect(r.ok ? null : r.errors.setId).toBe("Bộ tiêu chí “Bộ 04” không áp dụng cho loại đơn vị này.");
    const retired = { ...SET318, status: "retired" as const };
    const refused = checkBinding(retired, XA, opts(retired), raw(), 99);
    expect(refused.ok ? null : refused.errors.setId).toBe("Bộ tiêu chí “Bộ 318” đã ngừng áp dụng; hãy chọn bộ khác.");
    expect(checkBinding(retired, XA, opts(retired), raw(), 1).ok).toBe(true);
  });

  it("reports every field at once", () => {
    const r = checkBinding(SET318, XA, opts(SET318), { key: "1", targetLevel: "X", targetYear: "1999", evalYear: "abc" }, null);
    expect(r.ok ? [] : Object.keys(r.errors).sort()).toEqual(["evalYear", "key", "targetLevel", "targetYear"]);
  });
});

describe("what a save does", () => {
  const current = { setId: 1, key: "DBSCL", targetLevel: "NTM_NC", targetYear: 2025, evalYear: 2024 };
  it.each([
    [null, current, "create"],
    [current, { ...current, setId: 2 }, "change_set"],
    [current, { ...current, key: "TDMNPB" }, "update"],
    [current, { ...current, targetLevel: "NTM" }, "update"],
    [current, { ...current, targetYear: 2024 }, "update"],
    [current, { ...current, evalYear: 2025 }, "update"],
    [current, { ...current }, "unchanged"],
  ] as const)("%j → %j is %s", (from, to, change) => {
    expect(bindingChange(from, to as never)).toBe(change);
  });
});

describe("leaving a set", () => {
  it("takes away exactly what counting the commune added", () => {
    const state = {
      criteriaMetBase: 17,
      levelReached: "NTM",
      criteria: new Map([
        [1, { NTM: true, NTM_NC: false }],
        [2, { NTM: true, NTM_NC: true }],
        [3, { NTM: false }],
      ]),
    };
    const added = rollupDelta(null, state);
    const removed = removalDelta(state);
    expect(removed.communes).toBe(-added.communes);
    expect(removed.criteriaMetSum).toBe(-added.criteriaMetSum);
    expect(removed.levels).toEqual(added.levels.map((l) => ({ ...l, delta: -l.delta })));
    expect(removed.criteria).toEqual(added.criteria.map((c) => ({ ...c, delta: -c.delta })));
    expect(removalDelta({ criteriaMetBase: 0, levelReached: "", criteria: new Map() })).toEqual({ communes: -1, criteriaMetSum: -0, levels: [{ level: "", delta: -1 }], criteria: [] });
  });
});
