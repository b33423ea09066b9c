/// <reference types="vite/client" />
import * as XLSX from "@e965/xlsx";
import { describe, expect, it } from "vitest";
import { consistencyProblems, criteriaSetSchema, type CriteriaSetFile } from "../../src/domain/criteria-format";
import { csvToSet, exportFileName, rowsToSet, setToRows, xlsxToSet } from "../../src/domain/criteria-sheet";
import { csvToRows, rowsToCsv, rowsToXlsx, xlsxToRows } from "../../src/domain/criteria-sheet-formats";
import { SHEET_COLUMNS, SHEET_NAME, type SheetRow } from "../../src/domain/criteria-sheet-layout";

// A small set that uses every kind, every comparator, optional fields present and absent, several keys and year
// ranges, and text that is hard for CSV (commas, quotes, a newline, a leading "-" and "=").
const FIXTURE: CriteriaSetFile = {
  code: "QD-THU-2026",
  name: 'Bộ tiêu chí "xã nông thôn mới", giai đoạn 2026–2030',
  decision: "Quyết định số 99/QĐ-UBND, ngày 01/02/2026",
  period: [2026, 2030],
  appliesTo: ["xa", "dac_khu"],
  targetKey: "group",
  status: "draft",
  source: "Dự thảo; chưa đối chiếu văn bản gốc",
  levels: [
    { code: "NTM", name: "Đạt chuẩn nông thôn mới", rank: 1, rule: "Đạt đủ các tiêu chí, theo nhóm xã" },
    { code: "NTM_NC", name: "Nông thôn mới nâng cao", rank: 2, rule: "" },
  ],
  criteria: [
    {
      number: 1,
      name: "Quy hoạch",
      group: "I",
      groupName: "Quy hoạch",
      revocationKey: false,
      indicators: [
        {
          code: "1.1",
          name: "Có quy hoạch chung xây dựng xã được phê duyệt",
          kind: "document",
          comparator: "eq",
          level: "NTM",
          evidenceRequired: true,
          guidance: '- Đính kèm quyết định "phê duyệt", biên bản công bố;\nảnh chụp tại trụ sở xã, thôn',
          targets: [
            { level: "NTM", key: "all", years: [2026, 2030], value: true, source: "Dự thảo, mục 1", verified: false },
            { level: "NTM_NC", key: "all", years: [2026, 2030], value: true, source: "Dự thảo, mục 1", verified: true },
          ],
        },
        {
          code: "1.2",
          name: "=Ban hành quy định quản lý quy hoạch",
          kind: "boolean",
          comparator: "eq",
          level: "NTM",
          evidenceRequired: false,
          targets: [{ level: "NTM", key: "all", years: [2026, 2030], value: false, source: "Dự thảo", verified: false }],
        },
        {
          code: "1.3a",
          name: "Mức độ công khai quy hoạch",
          kind: "choice",
          comparator: "in",
          level: "NTM_NC",
          evidenceRequired: true,
          choices: ["Tốt", "Khá", "Trung bình, cần cải thiện"],
          targets: [
            { level: "NTM_NC", key: "1", years: [2026, 2027], value: ["Tốt", "Khá"], source: "Dự thảo", verified: false },
            { level: "NTM_NC", key: "2", years: [2028, 2030], value: ["Tốt"], source: "Dự thảo", verified: false },
          ],
        },
      ],
    },
    {
      number: 10,
      name: "Thu nhập",
      group: "III",
      groupName: "Kinh tế và tổ chức sản xuất",
      revocationKey: true,
      indicators: [
        {
          code: "10.1",
          name: "Thu nhập bình quân đầu người",
          kind: "number",
          comparator: "gte",
          unit: "triệu đồng/người/năm",
          level: "NTM",
          evidenceRequired: true,
          guidance: "Số liệu của Chi cục Thống kê",
          targets: [
            { level: "NTM", key: "1", years: [2026, 2027], value: 60.5, source: "Dự thảo, bảng 2", verified: true },
            { level: "NTM", key: "2", years: [2026, 2027], value: 55, source: "Dự thảo, bảng 2", verified: true },
            { level: "NTM", key: "3", years: [2026, 2030], value: 48, source: "Dự thảo, bảng 2", verified: false },
            { level: "NTM_NC", key: "1", years: [2028, 2030], value: 72.25, source: "Dự thảo, bảng 3", verified: false },
          ],
        },
        {
          code: "10.2",
          name: "Tỷ lệ hộ nghèo đa chiều",
          kind: "percent",
          comparator: "lte",
          unit: "%",
          level: "NTM",
          evidenceRequired: false,
          targets: [
            { level: "NTM", key: "all", years: [2026, 2030], value: 0.5, source: "Dự thảo", verified: false },
            { level: "NTM_NC", key: "all", years: [2026, 2030], value: 0, source: "Dự thảo", verified: false },
          ],
        },
        {
          code: "10.10",
          name: "Đánh giá của người dân",
          kind: "choice",
          comparator: "eq",
          unit: "",
          level: "NTM_NC",
          evidenceRequired: false,
          guidance: "Theo khảo sát của Mặt trận Tổ quốc",
          choices: ["Đạt", "Không đạt"],
          targets: [{ level: "NTM_NC", key: "all", years: [2026, 2030], value: "Đạt", source: "Dự thảo", verified: false }],
        },
      ],
    },
  ],
};
// An empty optional string is the same as absent in a sheet; the canonical fixture leaves it out.
delete (FIXTURE.criteria[1].indicators[2] as { unit?: string }).unit;

const rowNumber = (rows: SheetRow[], pred: (r: SheetRow) => boolean) => rows.findIndex(pred) + 2;

describe("fixture", () => {
  it("is a valid, consistent set in canonical form", () => {
    expect(criteriaSetSchema.parse(FIXTURE)).toStrictEqual(FIXTURE);
    expect(consistencyProblems(FIXTURE)).toEqual([]);
  });
});

describe("setToRows / rowsToSet", () => {
  it("writes one row per level, then one per target, in order", () => {
    const rows = setToRows(FIXTURE);
    expect(rows).toHaveLength(2 + 12);
    for (const r of rows) expect(Object.keys(r)).toEqual([...SHEET_COLUMNS]);
    expect(rows[0]).toMatchObject({ level_code: "NTM", level_rank: "1", indicator_code: "", set_code: "QD-THU-2026" });
    expect(rows[1]).toMatchObject({ level_code: "NTM_NC", level_rule: "" });
    expect(rows.slice(2).map((r) => r.indicator_code)).toEqual(
      ["1.1", "1.1", "1.2", "1.3a", "1.3a", "10.1", "10.1", "10.1", "10.1", "10.2", "10.2", "10.10"],
    );
    const income = rows.find((r) => r.indicator_code === "10.1" && r.target_key === "1" && r.target_level === "NTM")!;
    expect(income).toMatchObject({
      applies_to: "xa | dac_khu",
      period_from: "2026",
      criterion_number: "10",
      revocation_key: "có",
      evidence_required: "có",
      target_value: "60.5",
      verified: "có",
      level_code: "",
    });
    expect(rows.find((r) => r.indicator_code === "1.3a")!.target_value).toBe("Tốt | Khá");
    expect(rows.find((r) => r.indicator_code === "1.3a")!.choices).toBe("Tốt | Khá | Trung bình, cần cải thiện");
    expect(rows.find((r) => r.indicator_code === "1.2")!.target_value).toBe("không");
  });

  it("round-trips JSON → rows → JSON", () => {
    const { set, errors } = rowsToSet(setToRows(FIXTURE));
    expect(errors).toEqual([]);
    expect(set).toStrictEqual(FIXTURE);
  });

  it("keeps optional fields absent when they were absent", () => {
    const bare = structuredClone(FIXTURE);
    delete bare.source;
    delete bare.criteria[1].indicators[0].unit;
    delete bare.criteria[1].indicators[0].guidance;
    const { set, errors } = rowsToSet(setToRows(bare));
    expect(errors).toEqual([]);
    expect(set).toStrictEqual(bare);
    expect(set).not.toHaveProperty("source");
  });

  it("accepts có/không, true/false, 1/0, a decimal comma, other case and repeated cells left empty", () => {
    const rows = setToRows(FIXTURE);
    const i = rows.findIndex((r) => r.indicator_code === "10.1" && r.target_key === "1" && r.target_level === "NTM");
    rows[i] = { ...rows[i], target_value: "60,5", verified: "TRUE", evidence_required: "1", revocation_key: "Có", kind: "Number" };
    const j = rows.findIndex((r) => r.indicator_code === "10.1" && r.target_key === "2");
    rows[j] = { ...rows[j], verified: "true", criterion_name: "", indicator_name: "", set_name: "", set_code: "", guidance: "" };
    const k = rows.findIndex((r) => r.indicator_code === "1.2");
    rows[k] = { ...rows[k], target_value: "0", evidence_required: "khong", verified: "false" };
    const { set, errors } = rowsToSet(rows);
    expect(errors).toEqual([]);
    expect(set).toStrictEqual(FIXTURE);
  });

  it("skips empty rows and counts them in the row numbers", () => {
    const rows: Record<string, string>[] = setToRows(FIXTURE);
    rows.splice(3, 0, {});
    rows[5] = { ...rows[5], kind: "abc" };
    const { set, errors } = rowsToSet(rows);
    expect(set).toBeNull();
    expect(errors).toEqual([
      { row: 7, column: "kind", message: "Dòng 7, cột kind: loại chỉ tiêu “abc” không hợp lệ (boolean, number, percent, choice, document)." },
    ]);
  });

  it("reports structural errors with their rows", () => {
    const rows = setToRows(FIXTURE);
    rows.push({ ...rows[0] }); // level NTM declared twice
    rows.push({ ...rows[2], indicator_code: "", level_code: "" }); // neither level nor target
    rows.push({ ...rows[2], target_level: "NTM_KM", year_from: "2031", target_key: "TDMNPB", years: "x" } as SheetRow);
    rows.push({ ...rows[6], target_key: "3", target_value: "Xuất sắc" }); // not one of the choices of 1.3a
    rows.push({ ...rows[2] }); // the same target twice
    const { set, errors } = rowsToSet(rows);
    expect(set).toBeNull();
    expect(errors).toEqual([
      { row: 16, column: "level_code", message: "Dòng 16, cột level_code: mức NTM đã khai báo ở dòng 2." },
      {
        row: 17,
        message:
          "Dòng 17: dòng không có mã chỉ tiêu (indicator_code) cũng không có mã mức (level_code); mỗi dòng là một chỉ tiêu đích hoặc một dòng khai báo mức.",
      },
      { row: 18, column: "target_level", message: "Dòng 18, cột target_level: mức NTM_KM chưa có dòng khai báo mức." },
      { row: 18, column: "target_key", message: "Dòng 18, cột target_key: khóa “TDMNPB” không hợp với bộ tiêu chí chia chỉ tiêu đích theo nhóm xã (group)." },
      { row: 18, column: "year_from", message: "Dòng 18, cột year_from: năm bắt đầu 2031 sau năm kết thúc 2030." },
      {
        row: 19,
        column: "target_value",
        message: "Dòng 19, cột target_value: “Xuất sắc” không có trong danh sách lựa chọn của chỉ tiêu 1.3a (Tốt | Khá | Trung bình, cần cải thiện).",
      },
      { row: 20, message: "Dòng 20: trùng chỉ tiêu đích với dòng 4 (cùng chỉ tiêu 1.1, mức, khóa và năm áp dụng)." },
    ]);
  });

  it("reports schema problems at the cell they came from", () => {
    const rows = setToRows(FIXTURE);
    rows[0] = { ...rows[0], level_name: "" };
    rows[4] = { ...rows[4], indicator_code: "1-2", year_to: "2030.5" };
    rows[5] = { ...rows[5], source: "", verified: "có", choices: "Tốt | | Khá" }; // an empty source is refused only on a verified target
    rows.forEach((r, i) => (rows[i] = { ...r, set_code: i === 0 ? "qd thu" : "" }));
    const { set, errors } = rowsToSet(rows);
    expect(set).toBeNull();
    expect(errors).toEqual([
      {
        row: 2,
        column: "set_code",
        message: "Dòng 2, cột set_code: mã bộ tiêu chí “qd thu” không hợp lệ: Mã bộ tiêu chí: chữ in hoa, số, gạch (2–40 ký tự).",
      },
      { row: 2, column: "level_name", message: "Dòng 2, cột level_name: tên mức không được để trống." },
      { row: 6, column: "indicator_code", message: "Dòng 6, cột indicator_code: mã chỉ tiêu “1-2” không hợp lệ: Mã chỉ tiêu dạng 2.1 hoặc 17.8." },
      { row: 6, column: "year_to", message: "Dòng 6, cột year_to: năm kết thúc áp dụng “2030.5” phải là số nguyên." },
      { row: 7, column: "choices", message: "Dòng 7, cột choices: danh sách lựa chọn “Tốt | | Khá” có mục trống (các mục cách nhau bằng “|”)." },
      { row: 7, column: "source", message: "Dòng 7, cột source: nguồn của chỉ tiêu đích không hợp lệ (cần ghi nguồn khi đã kiểm chứng)." },
    ]);
  });

  it("reports an empty sheet", () => {
    expect(rowsToSet([])).toEqual({ set: null, errors: [{ row: 1, message: "Bảng tính: không có dòng dữ liệu nào." }] });
  });

  it("ignores keys that are not columns (no prototype pollution)", () => {
    const rows: Record<string, string>[] = setToRows(FIXTURE).map((r) => ({ ...r }));
    rows[0] = JSON.parse(JSON.stringify(rows[0]).replace(/^\{/, '{"__proto__":{"polluted":"yes"},"constructor":"x",'));
    const { set, errors } = rowsToSet(rows);
    expect(errors).toEqual([]);
    expect(set).toStrictEqual(FIXTURE);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("CSV", () => {
  it("writes RFC 4180 with a BOM, CRLF and the header row", () => {
    const csv = rowsToCsv(setToRows(FIXTURE));
    expect(csv.startsWith(`\uFEFF${SHEET_COLUMNS.join(",")}\r\n`)).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv).toContain('"Bộ tiêu chí ""xã nông thôn mới"", giai đoạn 2026–2030"');
    expect(csv).toContain(`"'- Đính kèm quyết định ""phê duyệt"", biên bản công bố;\nảnh chụp tại trụ sở xã, thôn"`);
    expect(csv).toContain(",'=Ban hành quy định quản lý quy hoạch,"); // not run as a formula by Excel
  });

  it("round-trips JSON → CSV → JSON", () => {
    const rows = setToRows(FIXTURE);
    const csv = rowsToCsv(rows);
    const parsed = csvToRows(csv);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual(rows);
    const { set, errors } = csvToSet(csv);
    expect(errors).toEqual([]);
    expect(set).toStrictEqual(FIXTURE);
  });

  it("reads LF line ends, ';' or tab delimiters, columns in another order, no BOM and no final newline", () => {
    const rows = setToRows(FIXTURE);
    const reversed = [...SHEET_COLUMNS].reverse();
    const quote = (v: string) => (/[";\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const semicolon = [reversed.join(";"), ...rows.map((r) => reversed.map((c) => quote(r[c])).join(";"))].join("\n");
    expect(csvToSet(semicolon)).toMatchObject({ errors: [], set: FIXTURE });
    const tab = [SHEET_COLUMNS.join("\t"), ...rows.map((r) => SHEET_COLUMNS.map((c) => quote(r[c])).join("\t"))].join("\r\n");
    expect(csvToSet(tab)).toMatchObject({ errors: [], set: FIXTURE });
  });

  it("parses quoted fields, doubled quotes, empty fields and blank lines", () => {
    const header = SHEET_COLUMNS.join(",");
    const text = `${header}\n"a,b",,"x ""y""\r\nz"\n\n"",c`;
    const { rows, errors } = csvToRows(text);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ set_code: "a,b", set_name: "", decision: 'x "y"\r\nz', period_from: "" });
    expect(Object.values(rows[1]).every((v) => v === "")).toBe(true);
    expect(rows[2]).toMatchObject({ set_code: "", set_name: "c" });
  });

  it("reports header problems, bad quoting and a wrong encoding", () => {
    const header = SHEET_COLUMNS.filter((c) => c !== "guidance").join(",");
    const { rows, errors } = csvToRows(`${header},__proto__,ghi_chu,set_code\n"abc"d,x\n"open\n`);
    expect(errors).toEqual([
      { row: 1, column: "set_code", message: "Dòng 1, cột set_code: cột “set_code” bị lặp lại." },
      { row: 1, column: "guidance", message: "Dòng 1, cột guidance: thiếu cột “guidance”." },
      { row: 1, column: "__proto__", message: "Dòng 1, cột __proto__: cột “__proto__” không có trong mẫu bộ tiêu chí." },
      { row: 1, column: "ghi_chu", message: "Dòng 1, cột ghi_chu: cột “ghi_chu” không có trong mẫu bộ tiêu chí." },
      { row: 2, message: 'Dòng 2: có ký tự sau dấu ngoặc kép đóng của một ô (ô có ngoặc kép phải kết thúc ngay sau dấu ").' },
      { row: 3, message: 'Dòng 3: thiếu dấu ngoặc kép đóng (") cho một ô.' },
    ]);
    expect(rows[0]).toMatchObject({ set_code: "abcd", set_name: "x" });
    expect(Object.keys(rows[0])).toEqual([...SHEET_COLUMNS]);
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
    expect(csvToRows("set_code\n\uFFFD").errors[0]).toEqual({
      row: 1,
      message: "Bảng tính: tệp CSV có ký tự lỗi mã hóa; hãy lưu tệp dạng “CSV UTF-8” hoặc dùng tệp XLSX.",
    });
    expect(csvToRows("\uFEFF").errors).toEqual([{ row: 1, message: "Bảng tính: tệp CSV trống." }]);
  });

  it("reports row-level errors in Vietnamese and imports nothing", () => {
    const rows = setToRows(FIXTURE);
    const at = (pred: (r: SheetRow) => boolean) => rows.findIndex(pred);
    // bad kind on the only row of 1.2
    const kindRow = at((r) => r.indicator_code === "1.2");
    rows[kindRow] = { ...rows[kindRow], kind: "abc" };
    // a target value that is not a number
    const valueRow = at((r) => r.indicator_code === "10.1" && r.target_key === "3");
    rows[valueRow] = { ...rows[valueRow], target_value: "bốn mươi tám" };
    // a row of another set
    const setRow = at((r) => r.indicator_code === "10.2" && r.target_level === "NTM_NC");
    rows[setRow] = { ...rows[setRow], set_code: "QD-KHAC" };
    // a new indicator in criterion 10 that reuses the code 1.1 (a duplicate indicator code)
    const dupSource = rows[at((r) => r.indicator_code === "1.1")];
    const criterion10 = rows[at((r) => r.criterion_number === "10")];
    rows.push({
      ...dupSource,
      criterion_number: "10",
      criterion_name: criterion10.criterion_name,
      group: criterion10.group,
      group_name: criterion10.group_name,
      revocation_key: criterion10.revocation_key,
      year_from: "2027",
    });
    const dupRow = rows.length - 1;
    // and a missing column
    const columns = SHEET_COLUMNS.filter((c) => c !== "unit");
    const field = (v: string) => `"${v.replace(/"/g, '""')}"`;
    const csv = [columns.join(","), ...rows.map((r) => columns.map((c) => field(r[c])).join(","))].join("\r\n");

    const { set, errors } = csvToSet(csv);
    expect(set).toBeNull();
    expect(errors).toEqual([
      { row: 1, column: "unit", message: "Dòng 1, cột unit: thiếu cột “unit”." },
      {
        row: kindRow + 2,
        column: "kind",
        message: `Dòng ${kindRow + 2}, cột kind: loại chỉ tiêu “abc” không hợp lệ (boolean, number, percent, choice, document).`,
      },
      {
        row: valueRow + 2,
        column: "target_value",
        message: `Dòng ${valueRow + 2}, cột target_value: giá trị đích “bốn mươi tám” không phải là số (chỉ tiêu 10.1 loại number).`,
      },
      {
        row: setRow + 2,
        column: "set_code",
        message: `Dòng ${setRow + 2}, cột set_code: “QD-KHAC” khác với “QD-THU-2026” ở dòng 2; các cột của bộ tiêu chí phải giống nhau trên mọi dòng (hoặc để trống).`,
      },
      {
        row: dupRow + 2,
        column: "criterion_number",
        message:
          `Dòng ${dupRow + 2}, cột criterion_number: “10” khác với “1” ở dòng 4; các dòng cùng mã chỉ tiêu 1.1 phải ghi giống nhau ` +
          "hoặc để trống (nếu là hai chỉ tiêu khác nhau thì mã chỉ tiêu bị trùng).",
      },
    ]);
    // rowsToSet alone sees the same row problems, the missing column is only visible in the CSV header
    expect(rowsToSet(csvToRows(csv).rows).errors.map((e) => e.row)).toEqual([kindRow, valueRow, setRow, dupRow].map((i) => i + 2));
  });
});

describe("XLSX", () => {
  it("round-trips JSON → XLSX bytes → JSON", () => {
    const rows = setToRows(FIXTURE);
    const bytes = rowsToXlsx(rows);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]); // a zip
    const parsed = xlsxToRows(bytes);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual(rows);
    const { set, errors } = xlsxToSet(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    expect(errors).toEqual([]);
    expect(set).toStrictEqual(FIXTURE);
  });

  it("writes every cell as text on the sheet “Bo tieu chi”", () => {
    const wb = XLSX.read(rowsToXlsx(setToRows(FIXTURE)), { type: "array" });
    expect(wb.SheetNames).toEqual([SHEET_NAME]);
    const ws = wb.Sheets[SHEET_NAME];
    expect(ws.A1).toMatchObject({ t: "s", v: "set_code" });
    const codeColumn = XLSX.utils.encode_col(SHEET_COLUMNS.indexOf("indicator_code"));
    expect(ws[`${codeColumn}15`]).toMatchObject({ t: "s", v: "10.10" });
    expect(ws[`${XLSX.utils.encode_col(SHEET_COLUMNS.indexOf("period_from"))}2`]).toMatchObject({ t: "s", v: "2026" });
  });

  it("reads numbers and booleans typed in Excel as their text, with Excel row numbers", () => {
    const rows = setToRows(FIXTURE);
    const aoa: unknown[][] = [[...SHEET_COLUMNS], ...rows.map((r) => SHEET_COLUMNS.map((c) => r[c]))];
    const yearFrom = SHEET_COLUMNS.indexOf("year_from");
    const value = SHEET_COLUMNS.indexOf("target_value");
    const verified = SHEET_COLUMNS.indexOf("verified");
    const incomeRow = rows.findIndex((r) => r.indicator_code === "10.1" && r.target_key === "1" && r.target_level === "NTM") + 1;
    aoa[incomeRow][yearFrom] = 2026;
    aoa[incomeRow][value] = 60.5;
    aoa[incomeRow][verified] = true;
    aoa.splice(5, 0, []); // an empty row 6
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), "Sheet1");
    const bytes = new Uint8Array(XLSX.write(wb, { type: "array", bookType: "xlsx" }) as ArrayBuffer);
    expect(xlsxToSet(bytes)).toMatchObject({ errors: [], set: FIXTURE });

    aoa[8][SHEET_COLUMNS.indexOf("kind")] = "abc";
    const wb2 = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb2, XLSX.utils.aoa_to_sheet(aoa), "Sheet1");
    const bad = xlsxToSet(new Uint8Array(XLSX.write(wb2, { type: "array", bookType: "xlsx" }) as ArrayBuffer));
    expect(bad.set).toBeNull();
    expect(bad.errors.map((e) => [e.row, e.column])).toEqual([[9, "kind"]]);
  });

  it("reports a file that is not a spreadsheet", () => {
    const { rows, errors } = xlsxToRows(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    expect(rows).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0].row).toBe(1);
    expect(errors[0].message).toMatch(/^Bảng tính: /);
  });
});

describe("exportFileName", () => {
  it("names the file after the set code", () => {
    expect(exportFileName({ code: "QD318-2022-XA" }, "xlsx")).toBe("bo-tieu-chi-QD318-2022-XA.xlsx");
    expect(exportFileName(FIXTURE, ".csv")).toBe("bo-tieu-chi-QD-THU-2026.csv");
  });
});

// The shipped sets (data/criteria-sets/*.json) survive every format.
const shipped = import.meta.glob<CriteriaSetFile>("../../data/criteria-sets/*.json", { eager: true, import: "default" });

describe("shipped criteria sets", () => {
  it("are present", () => {
    expect(Object.keys(shipped).length).toBeGreaterThan(0);
  });

  describe.each(Object.entries(shipped))("%s", (_file, json) => {
    const canonical = criteriaSetSchema.parse(json);
    it("round-trips through rows, CSV and XLSX", () => {
      expect(consistencyProblems(canonical)).toEqual([]);
      const rows = setToRows(canonical);
      expect(rowsToSet(rows)).toEqual({ set: canonical, errors: [] });
      expect(csvToSet(rowsToCsv(rows))).toMatchObject({ errors: [], set: canonical });
      expect(xlsxToSet(rowsToXlsx(rows))).toMatchObject({ errors: [], set: canonical });
      expect(csvToSet(rowsToCsv(rows)).set).toStrictEqual(canonical);
      expect(xlsxToSet(rowsToXlsx(rows)).set).toStrictEqual(canonical);
    });
  });
});
