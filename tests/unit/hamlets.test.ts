// Issue 21, pure rules: hamlet assignments of commune users, the household spreadsheet (row errors, formula guard),
// shares, the retention cutoff, hamlet-level set files.
import { describe, expect, it } from "vitest";
import { counts, hamletAssignmentErrors, householdRowsFromTable, looksLikeFormula, meetsAll, parseHamletSet, retentionCutoff, sharePercent } from "../../src/domain/hamlets";
import { spreadsheetTable } from "../../src/domain/criteria-sheet-formats";

const HAMLETS = [
  { id: 1, code: "28879-01", name: "Ấp Vĩnh Thạnh" },
  { id: 2, code: "28879-02", name: "Ấp Vĩnh Hiệp" },
];
const HEADER = ["Ấp", "Chủ hộ", "Địa chỉ", "Hộ nghèo", "Nhà ở", "Nước sạch", "Nhà tiêu hợp vệ sinh", "Ghi chú"];

describe("hamlet assignments", () => {
  const base = { communeId: 10, assignee: { role: "cadre" as const, unitId: 10, disabled: false }, hamlet: { level: "hamlet", parentId: 10, validTo: null }, periodFrom: "2026-12-01", periodTo: null, duplicate: false };
  it("accepts a commune cadre or commune staff on a hamlet of their commune", () => {
    expect(hamletAssignmentErrors(base)).toEqual({});
    expect(hamletAssignmentErrors({ ...base, assignee: { ...base.assignee, role: "commune_staff" } })).toEqual({});
  });
  it("refuses users of another unit or role, hamlets of another commune, closed hamlets, duplicates, reversed periods", () => {
    expect(hamletAssignmentErrors({ ...base, assignee: { ...base.assignee, unitId: 1 } }).userId).toContain("Chỉ cán bộ, công chức của xã");
    expect(hamletAssignmentErrors({ ...base, assignee: { ...base.assignee, role: "leader" } }).userId).toContain("Chỉ cán bộ, công chức của xã");
    expect(hamletAssignmentErrors({ ...base, assignee: { ...base.assignee, disabled: true } }).userId).toBe("Tài khoản này đã bị khóa.");
    expect(hamletAssignmentErrors({ ...base, hamlet: { ...base.hamlet, parentId: 11 } }).hamletId).toBe("Ấp, khu phố không thuộc xã này.");
    expect(hamletAssignmentErrors({ ...base, hamlet: { ...base.hamlet, validTo: "2025-06-30" } }).hamletId).toBe("Ấp, khu phố này đã hết hiệu lực.");
    expect(hamletAssignmentErrors({ ...base, duplicate: true }).hamletId).toContain("đang được phân công");
    expect(hamletAssignmentErrors({ ...base, periodTo: "2026-11-30" }).periodTo).toContain("không được trước");
  });
});

describe("the household spreadsheet", () => {
  it("reads rows by header name in any order, hamlets by name or code, Vietnamese values with or without marks", () => {
    const table = [
      ["Địa chỉ", "Chủ hộ", "Ấp", "Nuoc sach", "Ho ngheo", "Nhà ở", "Nhà tiêu hợp vệ sinh"],
      ["Tổ 1", "Nguyễn Văn A", "Ấp Vĩnh Thạnh", "có", "cận nghèo", "bán kiên cố", "x"],
      ["", "", "", "", "", "", ""],
      ["Tổ 2", "Trần Thị B", "28879-02", "Không", "", "Nhà tạm", ""],
    ];
    const { rows, errors } = householdRowsFromTable(table, HAMLETS);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { hamletId: 1, headName: "Nguyễn Văn A", address: "Tổ 1", note: null, poverty: "near_poor", housing: "semi_solid", cleanWater: true, sanitation: true },
      { hamletId: 2, headName: "Trần Thị B", address: "Tổ 2", note: null, poverty: null, housing: "temporary", cleanWater: false, sanitation: null },
    ]);
  });
  it("reports every problem with its sheet row; formula-looking cells are refused, plain negative numbers are not formulas", () => {
    const { rows, errors } = householdRowsFromTable(
      [HEADER, ["Ấp Vĩnh Thạnh", "@SUM(A1)", "Tổ 1", "", "", "", "", ""], ["Ấp Lạ", "A", "", "giàu", "", "", "", ""]],
      HAMLETS,
    );
    expect(rows).toEqual([]);
    expect(errors.map((e) => e.row)).toEqual([2, 3]);
    expect(errors[1].message).toBe("Dòng 3: ấp “Ấp Lạ” không thuộc xã; thiếu địa chỉ; “Hộ nghèo” phải là Nghèo, Cận nghèo, Không hoặc để trống.");
    expect(looksLikeFormula("=1+1")).toBe(true);
    expect(looksLikeFormula("-5")).toBe(false);
    expect(looksLikeFormula("+84 912")).toBe(true);
  });
  it("refuses unknown and missing columns", () => {
    const { errors } = householdRowsFromTable([["Ấp", "Số CCCD"], ["Ấp Vĩnh Thạnh", "0123"]], HAMLETS);
    expect(errors.map((e) => e.message)).toEqual(["Cột “Số CCCD” không có trong mẫu.", "Thiếu cột “Chủ hộ”.", "Thiếu cột “Địa chỉ”."]);
  });
  it("reads a CSV with a BOM and semicolons (Excel with Vietnamese settings)", () => {
    const read = spreadsheetTable("csv", new TextEncoder().encode("\uFEFFẤp;Chủ hộ;Địa chỉ\r\nẤp Vĩnh Thạnh;\"Lê Văn C; con\";Tổ 3\r\n"));
    expect(read).toEqual({ ok: true, table: [["Ấp", "Chủ hộ", "Địa chỉ"], ["Ấp Vĩnh Thạnh", "Lê Văn C; con", "Tổ 3"]] });
  });
});

describe("shares, retention, hamlet sets", () => {
  it("counts a household for a field only when known", () => {
    const h = { poverty: "none" as const, housing: "semi_solid" as const, cleanWater: null, sanitation: true };
    expect([counts(h, "clean_water"), counts(h, "sanitation"), counts(h, "solid_housing"), counts(h, "not_poor")]).toEqual([false, true, true, true]);
    expect(sharePercent(13, 30)).toBe(43.3);
    expect(sharePercent(0, 0)).toBeNull();
  });
  it("the retention cutoff is `months` calendar months back, clamped to the month's end", () => {
    expect(retentionCutoff("2026-12-01", 24)).toBe("2024-12-01");
    expect(retentionCutoff("2026-03-31", 1)).toBe("2026-02-28");
    expect(retentionCutoff("2026-01-15", 13)).toBe("2024-12-15");
  });
  it("a hamlet set file: a verified set or criterion needs a source", () => {
    const file = { code: "KDC-KM", name: "Khu dân cư kiểu mẫu", title: "Khu dân cư kiểu mẫu", decidedBy: "commune", criteria: [{ name: "Tiêu chí 1" }] };
    expect(parseHamletSet(file)).toMatchObject({ ok: true, set: { verified: false, source: "", criteria: [{ name: "Tiêu chí 1", verified: false }] } });
    const bad = parseHamletSet({ ...file, decidedBy: "district", verified: true, criteria: [{ name: "x", verified: true }] });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors).toEqual([
      "“decidedBy”: “commune” (UBND xã quyết định) hoặc “province” (UBND tỉnh quyết định).",
      "Bộ tiêu chí đánh dấu đã xác minh phải ghi nguồn (“source”).",
      "Tiêu chí 1: đánh dấu đã xác minh phải ghi nguồn.",
    ]);
    expect(meetsAll([1, 2], new Map([[1, true], [2, true]]))).toBe(true);
    expect(meetsAll([1, 2], new Map([[1, true]]))).toBe(false);
    expect(meetsAll([], new Map())).toBe(false);
  });
});
