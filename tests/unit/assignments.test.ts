import { describe, expect, it } from "vitest";
import { assignmentErrors, cadresWithoutRecentVisit, coversUnit, endDateError, isActive, periodsOverlap, uncoveredUnits, type AssignmentDraft } from "../../src/domain/assignments";
import type { UnitRef } from "../../src/domain/permissions";
import { concernsError, splitConcerns, visitDateError } from "../../src/domain/visits";

const P: UnitRef = { id: 1, level: "province", provinceId: null, districtId: null, communeId: null };
const D1: UnitRef = { id: 10, level: "district", provinceId: 1, districtId: null, communeId: null };
const C1: UnitRef = { id: 100, level: "commune", provinceId: 1, districtId: 10, communeId: null };
const C2: UnitRef = { id: 200, level: "commune", provinceId: 1, districtId: 20, communeId: null };
const H1: UnitRef = { id: 1000, level: "hamlet", provinceId: 1, districtId: 10, communeId: 100 };
const H2: UnitRef = { id: 2000, level: "hamlet", provinceId: 1, districtId: 20, communeId: 200 };
const OTHER_C: UnitRef = { id: 900, level: "commune", provinceId: 2, districtId: 90, communeId: null };

const draft = (p: Omit<Partial<AssignmentDraft>, "unit"> & { unit?: UnitRef & { validTo?: string | null } } = {}): AssignmentDraft => ({
  cadre: { role: "cadre", scope: P, disabled: false },
  provinceTiers: 3,
  periodFrom: "2026-01-01",
  periodTo: null,
  duplicate: false,
  ...p,
  unit: { validTo: null, ...(p.unit ?? C1) },
});

describe("assignmentErrors (tỉnh nắm tới xã; huyện nắm tới ấp)", () => {
  it.each([
    ["provincial cadre → commune", draft(), {}],
    ["district cadre → hamlet of the district (3-tier)", draft({ cadre: { role: "cadre", scope: D1, disabled: false }, unit: H1 }), {}],
    ["provincial cadre → hamlet", draft({ unit: H1 }), { unitCode: "Cán bộ cấp tỉnh được phân công theo dõi xã, phường, thị trấn (tỉnh nắm tới xã)." }],
    ["provincial cadre → district", draft({ unit: D1 }), { unitCode: "Cán bộ cấp tỉnh được phân công theo dõi xã, phường, thị trấn (tỉnh nắm tới xã)." }],
    ["district cadre → commune", draft({ cadre: { role: "cadre", scope: D1, disabled: false }, unit: C1 }), { unitCode: "Cán bộ cấp huyện được phân công theo dõi ấp, khu phố (huyện nắm tới ấp)." }],
    ["district cadre → hamlet of another district", draft({ cadre: { role: "cadre", scope: D1, disabled: false }, unit: H2 }), { unitCode: "Đơn vị nằm ngoài phạm vi công tác của cán bộ." }],
    ["district cadre in a 2-tier province", draft({ cadre: { role: "cadre", scope: D1, disabled: false }, unit: H1, provinceTiers: 2 }), { unitCode: "Tỉnh đang tổ chức chính quyền 2 cấp: không phân công cán bộ cấp huyện." }],
    ["commune in another province", draft({ unit: OTHER_C }), { unitCode: "Đơn vị nằm ngoài phạm vi công tác của cán bộ." }],
    ["commune-level cadre", draft({ cadre: { role: "cadre", scope: C1, disabled: false }, unit: H1 }), { cadreId: "Chỉ cán bộ cấp tỉnh hoặc cấp huyện được phân công theo dõi địa bàn." }],
    ["not a cadre", draft({ cadre: { role: "leader", scope: P, disabled: false } }), { cadreId: "Người được phân công phải là cán bộ hỗ trợ xã." }],
    ["disabled account", draft({ cadre: { role: "cadre", scope: P, disabled: true } }), { cadreId: "Tài khoản cán bộ này đã bị khóa." }],
    ["unit no longer valid", draft({ unit: { ...C1, validTo: "2025-06-30" } }), { unitCode: "Đơn vị này đã hết hiệu lực (đã sáp nhập hoặc giải thể)." }],
    ["end before start", draft({ periodTo: "2025-12-31" }), { periodTo: "Ngày kết thúc không được trước ngày bắt đầu." }],
    ["duplicate", draft({ duplicate: true }), { unitCode: "Cán bộ này đang được phân công theo dõi đơn vị này trong thời gian đó." }],
  ])("%s", (_name, d, expected) => {
    expect(assignmentErrors(d)).toEqual(expected);
  });
});

describe("periods", () => {
  it.each([
    [{ periodFrom: "2026-01-01", periodTo: null }, "2026-06-01", true],
    [{ periodFrom: "2026-01-01", periodTo: null }, "2025-12-31", false],
    [{ periodFrom: "2026-01-01", periodTo: "2026-06-01" }, "2026-06-01", true],
    [{ periodFrom: "2026-01-01", periodTo: "2026-06-01" }, "2026-06-02", false],
  ])("isActive(%j, %s) = %s", (a, today, expected) => expect(isActive(a, today)).toBe(expected));

  it.each([
    [{ periodFrom: "2026-01-01", periodTo: null }, { periodFrom: "2030-01-01", periodTo: null }, true],
    [{ periodFrom: "2024-01-01", periodTo: "2024-12-31" }, { periodFrom: "2025-01-01", periodTo: null }, false],
    [{ periodFrom: "2024-01-01", periodTo: "2025-01-01" }, { periodFrom: "2025-01-01", periodTo: null }, true],
    [{ periodFrom: "2026-01-01", periodTo: null }, { periodFrom: "2024-01-01", periodTo: "2025-12-31" }, false],
  ])("periodsOverlap(%j, %j) = %s", (a, b, expected) => {
    expect(periodsOverlap(a, b)).toBe(expected);
    expect(periodsOverlap(b, a)).toBe(expected);
  });

  it.each([
    [{ periodFrom: "2026-01-01", periodTo: null }, "2026-03-01", null],
    [{ periodFrom: "2026-01-01", periodTo: null }, "2026-01-01", null],
    [{ periodFrom: "2026-01-01", periodTo: null }, "2025-12-31", "Ngày kết thúc không được trước ngày bắt đầu phân công."],
    [{ periodFrom: "2026-01-01", periodTo: "2026-02-01" }, "2026-03-01", "Phân công này đã kết thúc."],
  ])("endDateError(%j, %s)", (a, end, expected) => expect(endDateError(a, end)).toBe(expected));
});

describe("coversUnit", () => {
  it.each([
    [[100], C1, true],
    [[100], H1, true],
    [[1000], H1, true],
    [[1000], C1, false],
    [[200], H1, false],
    [[], C1, false],
  ])("%j covers %j → %s", (ids, unit, expected) => expect(coversUnit(ids, unit)).toBe(expected));
});

describe("coverage", () => {
  const cadres = [
    { id: 1, name: "An", units: 3, lastVisit: "2026-11-20" },
    { id: 2, name: "Bình", units: 2, lastVisit: "2026-09-01" },
    { id: 3, name: "Châu", units: 1, lastVisit: null },
    { id: 4, name: "Dũng", units: 0, lastVisit: null },
    { id: 5, name: "Đào", units: 1, lastVisit: "2026-09-28" },
  ];
  it("cadres with assignments and no visit in N days, never-visited first", () => {
    // Đào's visit on 28/09 is exactly 60 days before 27/11: still within 60 days.
    expect(cadresWithoutRecentVisit(cadres, "2026-11-27", 60).map((c) => c.id)).toEqual([3, 2]);
    expect(cadresWithoutRecentVisit(cadres, "2026-11-27", 59).map((c) => c.id)).toEqual([3, 2, 5]);
    expect(cadresWithoutRecentVisit(cadres, "2026-11-27", 5).map((c) => c.id)).toEqual([3, 2, 5, 1]);
  });

  it("uncovered units", () => {
    expect(uncoveredUnits([{ id: 1 }, { id: 2 }, { id: 3 }], new Set([2]))).toEqual([{ id: 1 }, { id: 3 }]);
  });
});

describe("visits", () => {
  it.each([
    ["", []],
    ["Một ý", ["Một ý"]],
    ["- Đường hư\n\n• Thiếu nước sạch  \r\n  * Cần   chợ mới", ["Đường hư", "Thiếu nước sạch", "Cần chợ mới"]],
    ["   \n  \n", []],
  ])("splitConcerns(%j)", (text, expected) => expect(splitConcerns(text)).toEqual(expected));

  it("limits concerns", () => {
    expect(concernsError(["a", "b"])).toBeNull();
    expect(concernsError(Array.from({ length: 31 }, () => "x"))).toBe("Tối đa 30 ý kiến cho một chuyến thăm.");
    expect(concernsError(["ngắn", "x".repeat(1001)])).toBe("Ý kiến thứ 2 dài quá 1000 ký tự.");
  });

  it.each([
    ["2026-11-27", "2026-11-27", null],
    ["2026-11-01", "2026-11-27", null],
    ["2026-11-28", "2026-11-27", "Ngày thăm không được sau ngày hôm nay."],
    ["1999-12-31", "2026-11-27", "Ngày thăm không hợp lệ."],
  ])("visitDateError(%s, today %s)", (date, today, expected) => expect(visitDateError(date, today)).toBe(expected));
});
