import { describe, expect, it } from "vitest";
import { readXlsx, toCsv, toXlsx } from "../../src/domain/ledger-export";

const table = {
  sheet: "Tong hop",
  header: ["Nhóm", "Đã cam kết (đ)", "Ghi chú"],
  rows: [
    ["Xã Vĩnh Bình", 50_000_000, 'Cầu "Vĩnh Thạnh", ấp 1'],
    ["=HYPERLINK(\"x\")", 0, null],
    ["Tổng cộng", 50_000_000, "dòng 1\ndòng 2"],
  ],
};

describe("ledger exports", () => {
  it("CSV: BOM, CRLF, quoted cells, numbers plain, formulas defused", () => {
    const csv = toCsv(table);
    expect(csv.startsWith("\uFEFFNhóm,Đã cam kết (đ),Ghi chú\r\n")).toBe(true);
    expect(csv).toContain('Xã Vĩnh Bình,50000000,"Cầu ""Vĩnh Thạnh"", ấp 1"\r\n');
    expect(csv).toContain(`"'=HYPERLINK(""x"")",0,\r\n`);
    expect(csv).toContain('"dòng 1\ndòng 2"');
  });
  it("XLSX round trip keeps text and integer amounts", () => {
    const rows = readXlsx(toXlsx(table));
    expect(rows[0]).toEqual(table.header);
    expect(rows[1]).toEqual(table.rows[0]);
    expect(rows[2][0]).toBe("'=HYPERLINK(\"x\")");
    expect(rows[3][1]).toBe(50_000_000);
  });
});
