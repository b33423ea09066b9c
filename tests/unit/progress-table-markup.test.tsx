// The report tables' header cells are written as a string (templates/components/markup.ts). Oracle: the JSX they
// replaced, kept here; both render the same markup for text and number columns, each sort state and text to escape.
import { describe, expect, it } from "vitest";
import { firstSortDir, type ReportTable, type SortSpec } from "../../src/domain/progress";
import { withQuery } from "../../src/web/links";
import { headCells } from "../../templates/components/progress-table";

function OldHead(props: { t: ReportTable; sort: SortSpec | null; path: string; query: Record<string, string> }) {
  const t = props.t;
  const sortParam = `s_${t.id}`;
  const pageParam = `p_${t.id}`;
  const hash = `#t-${t.id}`;
  return (
    <tr>
      {t.columns.map((c) => {
        const active = props.sort?.key === c.key ? props.sort.dir : null;
        const next = active === null ? firstSortDir(c) : active === "asc" ? "desc" : "asc";
        return (
          <th scope="col" class={c.kind !== "text" ? "num" : undefined} aria-sort={active === "asc" ? "ascending" : active === "desc" ? "descending" : undefined}>
            <a href={withQuery(props.path, props.query, { [sortParam]: `${c.key}-${next}`, [pageParam]: null }, hash)} class="sort-link">
              {c.label}
              <span aria-hidden="true">{active === "asc" ? " ▲" : active === "desc" ? " ▼" : ""}</span>
            </a>
          </th>
        );
      })}
    </tr>
  );
}

describe("report table header written as a string", () => {
  const table: ReportTable = {
    id: "units",
    title: "Các xã",
    columns: [
      { key: "name", label: "Xã <tên> & \"mã\"", kind: "text" },
      { key: "base", label: "Số tiêu chí đạt (NTM)", kind: "int" },
      { key: "rate", label: "Tỷ lệ (%)", kind: "pct", worse: "high" },
    ],
    rows: [],
  };
  it("equals the JSX it replaced for every sort state", () => {
    const query = { period: "2026-2030", f_units: "phú & <x>", p_units: "3" };
    for (const sort of [null, { key: "name", dir: "asc" }, { key: "base", dir: "desc" }, { key: "rate", dir: "asc" }] as (SortSpec | null)[]) {
      const now = `<tr>${headCells(table, sort, (key, dir) => withQuery("/progress/86", query, { s_units: `${key}-${dir}`, p_units: null }, "#t-units"))}</tr>`;
      expect(now).toBe(String(<OldHead t={table} sort={sort} path="/progress/86" query={query} />));
    }
  });
});
