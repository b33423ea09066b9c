import { describe, expect, it } from "vitest";
import { guardFormula, parseCsv, readXlsxRows, tableCsv, tableXlsx, undoFormulaGuard } from "../../src/domain/table-file";

const table = {
  sheet: "Tong hop",
  header: ["Nhóm", "Đã cam kết (đ)", "Ghi chú"],
  rows: [
    ["Xã Vĩnh Bình", 50_000_000, 'Cầu "Vĩnh Thạnh", ấp 1'],
    ["=HYPERLINK(\"x\")", 0, null],
    ["Tổng cộng", 50_000_000, "dòng 1\ndòng 2"],
  ],
};

describe("table files (ledger exports)", () => {
  it("CSV: BOM, CRLF, quoted cells, numbers plain, formulas defused", () => {
    const csv = tableCsv(table);
    expect(csv.startsWith("\uFEFFNhóm,Đã cam kết (đ),Ghi chú\r\n")).toBe(true);
    expect(csv).toContain('Xã Vĩnh Bình,50000000,"Cầu ""Vĩnh Thạnh"", ấp 1"\r\n');
    expect(csv).toContain(`"'=HYPERLINK(""x"")",0,\r\n`);
    expect(csv).toContain('"dòng 1\ndòng 2"');
  });
  it("XLSX round trip keeps text and integer amounts", () => {
    const rows = readXlsxRows(tableXlsx(table));
    expect(rows[0]).toEqual(table.header);
    expect(rows[1]).toEqual(table.rows[0]);
    expect(rows[2][0]).toBe("'=HYPERLINK(\"x\")");
    expect(rows[3][1]).toBe(50_000_000);
  });
});

describe("one formula guard", () => {
  it("defuses = + - @ tab and CR, leaves plain numbers, round-trips", () => {
    for (const text of ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1", "'=x"]) {
      expect(guardFormula(text)).toBe(`'${text}`);
      expect(undoFormulaGuard(guardFormula(text))).toBe(text);
    }
    for (const text of ["-5", "+3,5", "12.5", "Xã Phú Phụng", ""]) expect(guardFormula(text)).toBe(text);
  });
});

describe("one CSV parser", () => {
  it("reads quoted commas, doubled quotes, line breaks inside quotes, CRLF, a BOM; records keep their first line", () => {
    const { records, errors } = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\n"line 1\nline 2",z\n\nlast,1');
    expect(errors).toEqual([]);
    expect(records.map((r) => r.cells)).toEqual([["a", "b"], ["x, y", 'say "hi"'], ["line 1\nline 2", "z"], [""], ["last", "1"]]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5, 6]);
  });
  it("detects ; and tab delimiters from the header line, and reports an unclosed quote by row", () => {
    expect(parseCsv("a;b\n1;2").records[1].cells).toEqual(["1", "2"]);
    expect(parseCsv("a\tb\n1\t2").records[1].cells).toEqual(["1", "2"]);
    expect(parseCsv('a,b\n"open,1').errors[0].row).toBe(2);
  });
});
