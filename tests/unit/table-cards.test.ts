import { describe, expect, it } from "vitest";
import { labelTables } from "../../src/web/table-cards";

describe("labelTables (tables as cards on a phone)", () => {
  it("names each body cell after its column, colspans included, and keeps labels already there", () => {
    const html =
      '<div class="table-wrap"><table><caption>Nhà tài trợ &quot;A&quot;</caption><thead><tr><th scope="col">Tên</th><th scope="col" colspan="2">Số tiền <a href="?s=1">↓</a></th><th>Ghi chú</th></tr></thead>' +
      '<tbody><tr><th scope="row">Công ty A</th><td class="num">1</td><td>2</td><td data-label="Riêng">x</td></tr></tbody></table></div>';
    expect(labelTables(html)).toBe(
      '<div class="table-wrap" role="region" tabindex="0" aria-label="Nhà tài trợ &quot;A&quot;"><table><caption>Nhà tài trợ &quot;A&quot;</caption><thead><tr><th scope="col">Tên</th><th scope="col" colspan="2">Số tiền <a href="?s=1">↓</a></th><th>Ghi chú</th></tr></thead>' +
        '<tbody><tr><th data-label="Tên" scope="row">Công ty A</th><td data-label="Số tiền ↓" class="num">1</td><td data-label="Số tiền ↓">2</td><td data-label="Riêng">x</td></tr></tbody></table></div>',
    );
  });

  it("leaves wide reports in columns, names a wrapper without caption generically, keeps a wrapper that has its own role", () => {
    const report = '<div class="table-wrap"><table class="report-table"><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table></div>';
    expect(labelTables(report)).toBe(report.replace('<div class="table-wrap">', '<div class="table-wrap" role="region" tabindex="0" aria-label="Bảng số liệu">'));
    // The progress pages' report tables (id "table-…") keep their columns too.
    const progress = '<table id="table-units"><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>';
    expect(labelTables(progress)).toBe(progress);
    const own = '<div class="table-wrap" role="region" aria-labelledby="x" tabindex="0"><table><tbody><tr><td>1</td></tr></tbody></table></div>';
    expect(labelTables(own)).toBe(own);
    expect(labelTables("<p>không có bảng</p>")).toBe("<p>không có bảng</p>");
  });
});

describe("labelTables finds its tables by indexOf as the regex did", () => {
  // The regex it replaced (oracle), over random documents of table fragments, well-formed or not.
  const TABLE = /<table\b([^>]*)>([\s\S]*?)<\/table>/g;
  const byRegex = (html: string) => html.replace(TABLE, (whole, attrs: string, inner: string) => `[${attrs}|${inner.length}|${whole.length}]`);
  it("replaces the same spans on 5,000 random documents", async () => {
    const { eachTableForTest } = await import("../../src/web/table-cards");
    const parts = ["<table>", "<table class=\"x\">", "<tables>", "<table-x>", "<table", "</table>", "<thead><tr><th>A</th></tr></thead>", "<td>1</td>", ">", "x", " "];
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let n = 0; n < 5_000; n++) {
      const html = Array.from({ length: Math.floor(random() * 12) }, () => parts[Math.floor(random() * parts.length)]).join("");
      expect(eachTableForTest(html, (whole, attrs, inner) => `[${attrs}|${inner.length}|${whole.length}]`), html).toBe(byRegex(html));
    }
  });
});
