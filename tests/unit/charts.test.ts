import { describe, expect, it } from "vitest";
import { CHART_WIDTH, barChart, lineChart } from "../../src/domain/charts";
import { BarChartSvg, LineChartSvg } from "../../templates/components/charts";
import { tableToCsv, tablesToXlsx, xlsxSheetTable, sheetName, exportFileName, TITLE_ROWS } from "../../src/domain/progress-export";
import type { ReportTable } from "../../src/domain/progress";

describe("barChart", () => {
  it("scales bars to the axis, clamps beyond it, places markers and second bars, flags", () => {
    const c = barChart(
      [
        { label: "A", value: 50, valueText: "50%", marker: { value: 80, text: "Mục tiêu" } },
        { label: "B", value: 150, valueText: "150%" },
        { label: "C", value: -5, valueText: "-5", second: { value: 100, valueText: "100" } },
      ],
      100,
      (b) => !!b.marker && b.value < b.marker.value,
    );
    const span = c.bars[1].bar.width;
    expect(c.width).toBe(CHART_WIDTH);
    expect(c.bars[0].bar.width).toBeCloseTo(span / 2, 0);
    expect(c.bars[0].marker!.x).toBeCloseTo(4 + span * 0.8, 0);
    expect(c.bars[0].flagged).toBe(true);
    expect(c.bars[0].valueX).toBeCloseTo(4 + span / 2 + 4, 0);
    const close = barChart([{ label: "KM", value: 2, valueText: "2%", marker: { value: 10, text: "t" } }], 100).bars[0];
    expect(close.valueX).toBe(close.marker!.x + 4);
    expect(c.bars[1].flagged).toBe(false);
    expect(c.bars[2].bar.width).toBe(0);
    expect(c.bars[2].second!.width).toBe(span);
    expect(c.bars[2].second!.y).toBeGreaterThan(c.bars[2].bar.y);
    expect(c.bars[1].labelY).toBeGreaterThan(c.bars[0].bar.y + c.bars[0].bar.height);
    expect(c.height).toBeGreaterThan(c.bars[2].second!.y + c.bars[2].second!.height);
  });

  it("draws nothing on a zero axis and keeps a minimum height", () => {
    const c = barChart([{ label: "A", value: 3, valueText: "3" }], 0);
    expect(c.bars[0].bar.width).toBe(0);
    expect(barChart([], 100).height).toBe(24);
  });
});

describe("lineChart", () => {
  it("breaks lines at missing months and labels every few months ending with the last", () => {
    const g = lineChart(["01", "02", "03", "04", "05", "06", "07"], [{ name: "NTM", values: [10, 20, null, 40, 50, null, 70] }], 100, (v) => `${v}%`, 3);
    expect(g.series[0].paths).toHaveLength(3);
    expect(g.series[0].paths[0].startsWith("M")).toBe(true);
    expect(g.series[0].points).toHaveLength(5);
    expect(g.xTicks.map((t) => t.text)).toEqual(["01", "04", "07"]);
    expect(g.yTicks.map((t) => t.text)).toEqual(["0%", "25%", "50%", "75%", "100%"]);
    expect(g.series[0].points[0].y).toBeGreaterThan(g.series[0].points[4].y);
  });

  it("centres a single point", () => {
    const g = lineChart(["11"], [{ name: "x", values: [5] }], 10, String);
    expect(g.series[0].points[0].x).toBeCloseTo(g.plot.x + g.plot.width / 2, 0);
  });
});

describe("chart templates", () => {
  it("render accessible SVG with a title and a description", () => {
    const bar = String(BarChartSvg({ id: "c1", title: "Tỷ lệ", desc: "Mô tả", chart: barChart([{ label: "NTM", value: 40, valueText: "40%", marker: { value: 80, text: "t" } }], 100), secondLegend: ["a", "b"] }));
    expect(bar).toContain('role="img"');
    expect(bar).toContain('aria-labelledby="c1-title c1-desc"');
    expect(bar).toContain("<title id=\"c1-title\">Tỷ lệ</title>");
    expect(bar).toContain("<line");
    const line = String(LineChartSvg({ id: "c2", title: "Xu hướng", desc: "d", chart: lineChart(["a", "b"], [{ name: "NTM", values: [1, 2] }, { name: "NC", values: [null, 1] }], 2, String) }));
    expect(line).toContain("<path");
    expect(line).toContain('stroke-dasharray="6 3"');
  });
});

describe("exports", () => {
  const table: ReportTable = {
    id: "units",
    title: "Các huyện",
    columns: [
      { key: "name", label: "Đơn vị", kind: "text" },
      { key: "n", label: "Số xã", kind: "int" },
      { key: "share", label: "Tỷ lệ (%)", kind: "pct" },
      { key: "year", label: "Năm", kind: "year" },
    ],
    rows: [
      { name: "Huyện Chợ Lách", n: 22, share: 66.7, year: 2025, _href: "/x" },
      { name: '=HYPERLINK("x"), "quoted"', n: null, share: 0, year: 2026 },
    ],
    note: "Ghi chú",
  };

  it("writes CSV with BOM, CRLF, quoting, formula guard and '.' decimals", () => {
    expect(tableToCsv(table)).toBe('\uFEFFĐơn vị,Số xã,Tỷ lệ (%),Năm\r\nHuyện Chợ Lách,22,66.7,2025\r\n"\'=HYPERLINK(""x""), ""quoted""",,0,2026\r\n');
  });

  it("writes an XLSX sheet per table with a title block, numbers as numbers, and reads it back", () => {
    const data = tablesToXlsx({ heading: "TIẾN ĐỘ", subheading: "Bộ 318", asOf: "Số liệu đến 27/11/2026" }, [table, { ...table, id: "again" }]);
    const back = xlsxSheetTable(data, "Các huyện")!;
    expect(back.header).toEqual(["Đơn vị", "Số xã", "Tỷ lệ (%)", "Năm"]);
    expect(back.rows).toEqual([
      ["Huyện Chợ Lách", 22, 66.7, 2025],
      ["'=HYPERLINK(\"x\"), \"quoted\"", null, 0, 2026],
    ]);
    expect(xlsxSheetTable(data, "Các huyện 2")!.rows).toHaveLength(2);
    expect(xlsxSheetTable(data, "Không có")).toBeNull();
    expect(TITLE_ROWS).toBe(4);
  });

  it("names sheets within Excel's rules and files safely", () => {
    const used = new Set<string>();
    const long = sheetName("Tỷ lệ xã đạt từng tiêu chí (mức NTM nâng cao)", used);
    expect(long.length).toBeLessThanOrEqual(31);
    expect("Tỷ lệ xã đạt từng tiêu chí (mức NTM nâng cao)".startsWith(long)).toBe(true);
    expect(sheetName("a/b:c", used)).toBe("a b c");
    expect(sheetName("a/b:c", used)).toBe("a b c 2");
    expect(sheetName("[]", used)).toBe("Bang");
    expect(exportFileName("83", "bao-cao", "xlsx")).toBe("tien-do-83-bao-cao.xlsx");
    expect(exportFileName("8/3", "../x", "csv")).toBe("tien-do-83-x.csv");
  });
});
