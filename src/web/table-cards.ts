// Tables on a phone (issue 15): below 480 px app.css turns each row of a table into a card whose cells show their
// column's name (`data-label`), and every `.table-wrap` that may scroll sideways is a named region with a tab stop
// (keyboard users can scroll it; axe `scrollable-region-focusable`). Done once here, on the HTML the templates
// produce, instead of in each of the forty tables. Wide reports (the progress pages' tables in `.report-table`,
// any table with `no-cards`) keep their columns and scroll in their region.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";

const CELL_OPEN = /<(td|th)\b([^>]*)>/g;
const WRAP = /<div class="table-wrap"( [^>]*)?>/g;

const textOf = (html: string) => html.replace(/<[^>]*>/g, "").replace(/\s+/g, " ").trim();
const span = (attrs: string) => Number(/\bcolspan="(\d+)"/.exec(attrs)?.[1] ?? 1);

/** The column names of a table: the cells of its header's last row, each repeated over its colspan. */
function columnNames(inner: string): string[] {
  const head = /<thead\b[^>]*>([\s\S]*?)<\/thead>/.exec(inner)?.[1];
  if (!head) return [];
  const rows = head.split(/<tr\b[^>]*>/).slice(1);
  const last = rows[rows.length - 1] ?? "";
  const names: string[] = [];
  for (const m of last.matchAll(/<(th|td)\b([^>]*)>([\s\S]*?)<\/\1>/g)) {
    const name = textOf(m[3]);
    for (let i = 0; i < span(m[2]); i++) names.push(name);
  }
  return names;
}

function labelRows(inner: string, names: string[]): string {
  return inner.replace(/<tbody\b[^>]*>[\s\S]*?<\/tbody>/g, (body) =>
    body.replace(/(<tr\b[^>]*>)([\s\S]*?)(<\/tr>)/g, (_row, open: string, cells: string, close: string) => {
      let col = 0;
      const labelled = cells.replace(CELL_OPEN, (tag, name: string, attrs: string) => {
        const label = names[col];
        col += span(attrs);
        if (!label || /\bdata-label=/.test(attrs)) return tag;
        return `<${name} data-label="${label}"${attrs}>`;
      });
      return open + labelled + close;
    }),
  );
}

/**
 * `html` with each `<table…>…</table>` replaced by `replace(whole, attrs, inner)`, found by indexOf (what the regex
 * /<table\b([^>]*)>([\s\S]*?)<\/table>/g matched; its lazy scan over a 90 KB progress page cost ~0.3 ms a request).
 */
function eachTable(html: string, replace: (whole: string, attrs: string, inner: string) => string): string {
  let out = "";
  let done = 0;
  let changed = false;
  let at = html.indexOf("<table");
  while (at !== -1) {
    const open = /\w/.test(html[at + 6] ?? "") ? -1 : html.indexOf(">", at + 6);
    const close = open === -1 ? -1 : html.indexOf("</table>", open + 1);
    if (close === -1) {
      at = html.indexOf("<table", at + 1);
      continue;
    }
    const whole = html.slice(at, close + 8);
    const replaced = replace(whole, html.slice(at + 6, open), html.slice(open + 1, close));
    changed ||= replaced !== whole;
    out += html.slice(done, at) + replaced;
    done = close + 8;
    at = html.indexOf("<table", done);
  }
  // Unchanged: the page itself, not a copy of it pieced together (a 90 KB progress page has only report tables).
  return changed ? out + html.slice(done) : html;
}

const WRAP_OPEN = '<div class="table-wrap"';
/** Whether some scrolling wrapper still lacks its name and tab stop (the report tables' come with theirs). */
function someWrapUnnamed(html: string): boolean {
  for (let at = html.indexOf(WRAP_OPEN); at !== -1; at = html.indexOf(WRAP_OPEN, at + 1)) {
    const end = html.indexOf(">", at);
    if (!/\b(role|tabindex)=/.test(html.slice(at + WRAP_OPEN.length, end))) return true;
  }
  return false;
}

/** For the unit test comparing it with the regex it replaced. */
export const eachTableForTest = eachTable;

/** Adds the column names to every card-able table's cells and a name and tab stop to every scrolling wrapper. */
export function labelTables(html: string): string {
  if (!html.includes("<table")) return html;
  const withLabels = eachTable(html, (whole, attrs, inner) => {
    // Wide reports keep their columns: `no-cards`, and the report tables (`<table id="table-…">` in .report-table).
    if (/\bclass="[^"]*\b(report-table|no-cards)\b/.test(attrs) || /\bid="table-/.test(attrs)) return whole;
    const names = columnNames(inner);
    return names.some(Boolean) ? `<table${attrs}>${labelRows(inner, names)}</table>` : whole;
  });
  if (!someWrapUnnamed(withLabels)) return withLabels;
  return withLabels.replace(WRAP, (tag, attrs: string | undefined, offset: number) => {
    if (attrs && /\b(role|tabindex)=/.test(attrs)) return tag;
    const end = withLabels.indexOf("</table>", offset);
    const caption = /<caption\b[^>]*>([\s\S]*?)<\/caption>/.exec(withLabels.slice(offset, end))?.[1];
    const name = caption ? textOf(caption) : "Bảng số liệu";
    return `<div class="table-wrap"${attrs ?? ""} role="region" tabindex="0" aria-label="${name}">`;
  });
}

/** Marks a response whose HTML `c.html` labelled while rendering (removed before it leaves the app). */
const LABELLED = "x-ntm-tables-labelled";
type Html = (body: unknown, ...rest: unknown[]) => Response | Promise<Response>;

export const tableCards: MiddlewareHandler<AppEnv> = async (c, next) => {
  // Pages rendered with c.html are labelled on their HTML string as it is rendered: no second read of the body,
  // no second Response. A body with render callbacks (none today) and any other HTML response: after, as before.
  const render = c.html as unknown as Html;
  const labelled = (res: Response) => (res.headers.set(LABELLED, "1"), res);
  (c as unknown as { html: Html }).html = (body, ...rest) =>
    typeof body === "string"
      ? labelled(render(labelTables(body), ...rest) as Response)
      : Promise.resolve(body)
          // A JSX node renders to an HtmlEscapedString (a String object, maybe with callbacks), or a promise of one.
          .then((b) => (typeof b === "object" && b !== null && !(b instanceof String) ? b.toString() : b))
          .then((text) => ((text as { callbacks?: unknown[] }).callbacks?.length ? render(text, ...rest) : labelled(render(labelTables(String(text)), ...rest) as Response)));
  await next();
  if (c.res.headers.has(LABELLED)) {
    c.res.headers.delete(LABELLED);
    return;
  }
  if (!c.res.body || c.res.status === 204 || !(c.res.headers.get("Content-Type") ?? "").includes("text/html")) return;
  const html = await c.res.text();
  c.res = new Response(labelTables(html), { status: c.res.status, headers: c.res.headers });
};
