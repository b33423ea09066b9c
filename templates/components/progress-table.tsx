// A report table as HTML: sortable column headers (plain links, `s_<id>=<key>-<dir>`), a filter form
// (`f_<id>`), CSV/XLSX export links. Sorting and filtering happen on the server, so they work without JS.
import { raw } from "hono/html";
import { element, escaped } from "./markup";
import { formatNumber } from "../../src/domain/format";
import { firstSortDir, type Cell, type Column, type ReportTable, type SortSpec } from "../../src/domain/progress";
import { withQuery, type Query } from "../../src/web/links";

/** `matched`: rows after the filter; `page` of `pages` shows them from index `first` (`p_<id>` in the query). */
export type TableState = { sort: SortSpec | null; filter: string; matched: number; page: number; pages: number; first: number };

export function cellText(col: Column, value: Cell): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  if (col.kind === "pct") return formatNumber(value, 1);
  if (col.kind === "dec") return formatNumber(value, 2);
  if (col.kind === "year") return String(value);
  return formatNumber(value);
}

const numeric = (c: Column) => c.kind !== "text";


/**
 * The body's rows as one string, the markup hono/jsx wrote for them (same attributes, same escaping: hono's own
 * escapeToBuffer): a province's table has a row per commune, and building hundreds of JSX nodes per request was
 * most of the progress page's rendering CPU (issue 20).
 */
function bodyRows(columns: Column[], rows: Record<string, Cell>[], linkKey: string | undefined): string {
  const classes = columns.map((c) => (numeric(c) ? ' class="num"' : ""));
  let html = "";
  for (const r of rows) {
    const rowClass = typeof r._class === "string" && r._class ? ` class="${escaped(r._class)}"` : "";
    const anchor = typeof r._anchor === "string" ? ` id="${escaped(r._anchor)}"` : "";
    html += `<tr${rowClass}${anchor}>`;
    columns.forEach((c, i) => {
      const text = escaped(cellText(c, r[c.key] ?? null));
      const linked = c.key === linkKey;
      const content = linked && typeof r._href === "string" ? `<a href="${escaped(r._href)}">${text}</a>` : text;
      const note = linked && typeof r._note === "string" && r._note ? `<span class="badge bad">${escaped(r._note)}</span>` : "";
      html += i === 0 ? `<th scope="row"${classes[i]}>${content} ${note}</th>` : `<td${classes[i]}>${content} ${note}</td>`;
    });
    html += "</tr>";
  }
  return html;
}

/** The header's cells, each a link that sorts by its column (a string, as bodyRows). */
export function headCells(t: ReportTable, sort: SortSpec | null, sortHref: (key: string, dir: "asc" | "desc") => string): string {
  let html = "";
  for (const c of t.columns) {
    const active = sort?.key === c.key ? sort.dir : null;
    // The first click sorts worst first (leaders look for who lags), the next one reverses.
    const next = active === null ? firstSortDir(c) : active === "asc" ? "desc" : "asc";
    const link = element("a", { href: sortHref(c.key, next), class: "sort-link" }, `${escaped(c.label)}<span aria-hidden="true">${active === "asc" ? " ▲" : active === "desc" ? " ▼" : ""}</span>`);
    html += element("th", { scope: "col", class: numeric(c) ? "num" : undefined, "aria-sort": active === "asc" ? "ascending" : active === "desc" ? "descending" : undefined }, link);
  }
  return html;
}

export function ProgressTable(props: {
  table: ReportTable;
  rows: Record<string, Cell>[];
  state: TableState;
  path: string;
  query: Query;
  exportPath?: string;
  exportQuery?: Query;
  /** Column whose cell links to the row's `_href` (default: the first text column). */
  linkKey?: string;
  hideFilter?: boolean;
}) {
  const t = props.table;
  const sortParam = `s_${t.id}`;
  const filterParam = `f_${t.id}`;
  const pageParam = `p_${t.id}`;
  const st = props.state;
  const linkKey = props.linkKey ?? t.columns.find((c) => c.kind === "text")?.key;
  const hash = `#t-${t.id}`;
  // A new filter or sort starts again at the table's first page.
  const others = Object.entries(props.query).filter(([k]) => k !== filterParam && k !== pageParam);
  const pageHref = (page: number) => withQuery(props.path, props.query, { [pageParam]: page === 1 ? null : String(page) }, hash);
  return (
    <div class="report-table" id={`t-${t.id}`}>
      {props.hideFilter && !props.exportPath ? null : (
        <details class="table-tools no-print" open={props.state.filter ? true : undefined}>
          <summary>Lọc, tải bảng</summary>
          {props.hideFilter ? null : (
            <form method="get" action={`${props.path}${hash}`} class="table-filter" role="search">
              {others.map(([k, v]) => (
                <input type="hidden" name={k} value={v} />
              ))}
              <label for={`f-${t.id}`}>Lọc bảng</label>
              <input id={`f-${t.id}`} name={filterParam} type="search" value={props.state.filter} maxlength={60} placeholder="Gõ tên, không cần dấu" />
              <button type="submit">Lọc</button>
              {props.state.filter ? <a href={withQuery(props.path, props.query, { [filterParam]: null, [pageParam]: null }, hash)}>Bỏ lọc</a> : null}
            </form>
          )}
          {props.exportPath ? (
            <p class="exports">
              Tải bảng: <a href={withQuery(`${props.exportPath}/${t.id}.xlsx`, props.exportQuery ?? {})} download hx-boost="false">XLSX</a> ·{" "}
              <a href={withQuery(`${props.exportPath}/${t.id}.csv`, props.exportQuery ?? {})} download hx-boost="false">CSV</a>
            </p>
          ) : null}
        </details>
      )}
      {props.state.filter ? (
        <p class="filter-note" role="status">
          Đang lọc “{props.state.filter}”: {formatNumber(st.matched)}/{formatNumber(t.rows.length)} dòng.
        </p>
      ) : null}
      <div class="table-wrap" role="region" tabindex={0} aria-label={t.title}>
        <table id={`table-${t.id}`}>
          <caption>{t.title}</caption>
          <thead>
            <tr>{raw(headCells(t, props.state.sort, (key, dir) => withQuery(props.path, props.query, { [sortParam]: `${key}-${dir}`, [pageParam]: null }, hash)))}</tr>
          </thead>
          <tbody>
            {raw(bodyRows(t.columns, props.rows, linkKey))}
            {props.rows.length === 0 ? (
              <tr>
                <td colspan={t.columns.length}>{props.state.filter ? "Không có dòng nào khớp bộ lọc." : "Chưa có số liệu."}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {st.pages > 1 ? (
        <nav class="pager no-print" aria-label={`Các trang của bảng: ${t.title}`}>
          {st.page > 1 ? <a href={pageHref(st.page - 1)} rel="prev">← Trang trước</a> : null}
          <span>
            {" "}
            Trang {st.page}/{st.pages}: dòng {formatNumber(st.first + 1)}–{formatNumber(st.first + props.rows.length)} trong {formatNumber(st.matched)}{" "}
          </span>
          {st.page < st.pages ? <a href={pageHref(st.page + 1)} rel="next">Trang sau →</a> : null}
        </nav>
      ) : null}
      {t.note ? <p class="muted table-note">{t.note}</p> : null}
    </div>
  );
}
