// Data helpers of the progress pages: the :code unit, today's clock, the recognised query, crumbs, periods and the table loaders.
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { Unit } from "../db/schema";
import { can } from "../domain/permissions";
import { formatDateTime } from "../domain/format";
import { fold, compareVi } from "../domain/text";
import { filterRows, monthOf, monthsEnding, otherPeriods, parseSort, periodLabel, periodOfSet, quarterLabel, sortRows, addMonths, type ProgrammePeriod, type ReportTable } from "../domain/progress";
import { vietnamDate } from "../scheduled";
import { indicatorDefinitions, loadAreaPage, setDefinitions, type AreaPage, type AreaSet, type NoPeriodData } from "../services/progress";
import { communeFigures, valuesOfCriteria } from "../services/commune-progress";
import { loadEmulation } from "../services/emulation";
import { gapsTable, improvedTable, leadersTable } from "./emulation-view";
import { parentChain, unitRef } from "../services/units";
import { noControlChars } from "./validate";
import { msg } from "../messages";
import {
  baseTotal,
  communeCriteriaTable,
  communeTrendTable,
  criteriaTable,
  distributionTable,
  failingCriteria,
  failingIndicators,
  failingTable,
  headline,
  levelName,
  levelsTable,
  nextLevelOf,
  roadmapTable,
  targetsTable,
  trendTable,
  type Headline,
} from "./progress-view";
import { displayValue } from "./checklist-view";
import type { ProgressCrumb, ShownTable } from "../../templates/pages/progress";
import { withQuery, type Query } from "./links";
import { unitAt } from "./unit-date";
import { type C } from "./request";
import { communesTable, districtsTable } from "./progress-units-table";

const UNIT_CODE = /^\d{2,5}$/;

/** The unit behind :code (province, district or commune), 404 when unknown. */
export async function unitOf(c: C): Promise<Unit> {
  const code = c.req.param("code") ?? "";
  const unit = UNIT_CODE.test(code) ? await unitAt(c, code) : undefined;
  if (!unit || unit.level === "hamlet") throw new HTTPException(404, { message: msg.unitNotFound(code.slice(0, 20)) });
  return unit;
}

/** Today in Vietnam: the current month and year the pages measure. */
export function clock(c: C) {
  const vnDate = vietnamDate(c.var.now);
  const month = monthOf(vnDate);
  return { vnDate, month, fromMonth: addMonths(month, -11), year: Number(vnDate.slice(0, 4)), asOf: formatDateTime(c.var.now.toISOString()) };
}

export const querySchema = z.object({
  set: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).optional().catch(undefined),
  level: z.string().regex(/^[A-Z_]{1,12}$/).optional().catch(undefined),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  period: z.string().regex(/^\d{4}-\d{4}$/).optional().catch(undefined),
});

/** The recognised query parameters only (nothing else is echoed back into links). */
export function readQuery(c: C): { query: Query; set?: string; level?: string; year?: number; period?: string } {
  const raw = c.req.query();
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) throw new HTTPException(422, { message: "Năm không hợp lệ: hãy chọn năm từ 2000 đến 2100." });
  const query: Query = {};
  if (parsed.data.set) query.set = parsed.data.set;
  if (parsed.data.level) query.level = parsed.data.level;
  if (parsed.data.year) query.year = String(parsed.data.year);
  if (parsed.data.period) query.period = parsed.data.period;
  for (const [k, v] of Object.entries(raw)) {
    if (!/^[sfp]_[a-z]{1,20}$/.test(k) || typeof v !== "string") continue;
    const value = v.slice(0, 60);
    if (value && noControlChars(value)) query[k] = value;
  }
  return { query, ...parsed.data };
}

/** Rows a table shows at once (a two-tier province lists its ~100–500 communes): filter, sort or the exports reach the rest. */
export const TABLE_PAGE_ROWS = 50;

/** A table with the page's sort, filter and page (`p_<id>`, from 1) applied. */
export function shown(table: ReportTable, query: Query): ShownTable {
  const sort = parseSort(query[`s_${table.id}`], table.columns);
  const filter = query[`f_${table.id}`] ?? "";
  const rows = sortRows(filterRows(table.rows, table.columns, filter, fold), sort, compareVi);
  const pages = Math.max(1, Math.ceil(rows.length / TABLE_PAGE_ROWS));
  const page = Math.min(pages, Math.max(1, Math.floor(Number(query[`p_${table.id}`])) || 1));
  const first = (page - 1) * TABLE_PAGE_ROWS;
  return { table, rows: pages === 1 ? rows : rows.slice(first, first + TABLE_PAGE_ROWS), state: { sort, filter, matched: rows.length, page, pages, first } };
}

export async function crumbs(c: C, unit: Unit): Promise<ProgressCrumb[]> {
  const actor = c.var.user?.actor ?? null;
  return (await parentChain(c.var.db, unit)).map((u) => ({ code: u.code, name: u.name, href: can(actor, "progress.view", { unit: unitRef(u) }) ? `/progress/${u.code}` : null }));
}

type AreaData = { page: AreaPage; h: Headline; tables: ReportTable[]; byId: Record<string, ReportTable> };

/** The period a page shows, its label, and links to the other periods (same path, only `period` changed). */
export function periodView(path: string, period: ProgrammePeriod, periods: string[], year: number) {
  return {
    label: periodLabel(period, year),
    switches: otherPeriods(period).map((p) => ({ label: periodLabel(p, year), href: withQuery(path, {}, { period: p.code }), hasData: periods.includes(p.code) })),
  };
}

export async function areaData(c: C, unit: Unit, q: ReturnType<typeof readQuery>, sets?: AreaSet[]): Promise<AreaData | NoPeriodData> {
  const t = clock(c);
  const page = await loadAreaPage(c.var.db, unit, { setCode: q.set, passLevel: q.level, year: t.year, targetYear: q.year, period: q.period, fromMonth: t.fromMonth, month: t.month, sets });
  if (!page) throw new HTTPException(404, { message: `${unit.name} chưa có xã nào được gắn bộ tiêu chí, nên chưa có số liệu tiến độ.` });
  if ("noData" in page) return page;
  const h = headline(page, t.month);
  const units = page.districts ? districtsTable(page.districts, unit.code, page) : communesTable(page.communes ?? [], page.set, unit.level === "district" ? `Các xã của ${unit.name}` : "Các xã, phường, đặc khu");
  const list = [targetsTable(h), levelsTable(h), units, distributionTable(h), criteriaTable(h, unit.code), roadmapTable(h), trendTable(h, page.set)].filter((x): x is ReportTable => !!x);
  return { page, h, tables: list, byId: Object.fromEntries(list.map((x) => [x.id, x])) };
}

type CommuneData = { tables: ReportTable[]; byId: Record<string, ReportTable>; setName: string; periodLabel: string; view: ReturnType<typeof communeSummary> };

function communeSummary(set: NonNullable<Awaited<ReturnType<typeof setDefinitions>>>, rollup: NonNullable<Awaited<ReturnType<typeof communeFigures>>["rollup"]>, binding: Awaited<ReturnType<typeof communeFigures>>["binding"]) {
  const next = nextLevelOf(set, rollup.levelReached);
  return {
    baseName: levelName(set.baseLevel),
    met: rollup.criteriaMetBase,
    total: baseTotal(set),
    levelReached: rollup.levelReached,
    nextLevel: next,
    nextMet: next ? rollup.criteriaMet[next] ?? 0 : null,
    nextTotal: next ? rollup.criteriaTotal[next] ?? set.applicable[next]?.size ?? 0 : null,
    targetLevel: binding?.targetLevel ?? null,
    targetYear: binding?.targetYear ?? null,
  };
}

export async function communeData(c: C, unit: Unit): Promise<CommuneData> {
  const t = clock(c);
  const db = c.var.db;
  const figures = await communeFigures(db, unit.id, t.fromMonth, t.month);
  if (!figures.rollup) throw new HTTPException(404, { message: `${unit.name} chưa được gắn bộ tiêu chí, nên chưa có số liệu tiến độ.` });
  const set = await setDefinitions(db, figures.rollup.setId);
  if (!set) throw new HTTPException(404, { message: msg.notFound });
  const view = communeSummary(set, figures.rollup, figures.binding);
  const failingIds = failingCriteria(figures.rollup.criteria, view.nextLevel);
  const [defs, values] = await Promise.all([indicatorDefinitions(db, set.id), valuesOfCriteria(db, unit.id, failingIds)]);
  const failing = view.nextLevel ? failingIndicators(set, defs, values, view.nextLevel) : [];
  const trend = communeTrendTable(figures.trend, { month: t.month, criteriaMetBase: figures.rollup.criteriaMetBase, levelReached: figures.rollup.levelReached }, monthsEnding(t.month, 12));
  const list = [
    failingTable({ nextLevel: view.nextLevel, failing }, unit.code, displayValue as (k: string, v: string | null, u: string | null) => string),
    communeCriteriaTable(set, figures.rollup.criteria),
    trend,
  ];
  return { tables: list, byId: Object.fromEntries(list.map((x) => [x.id, x])), setName: `${set.name} (${set.decision})`, periodLabel: periodLabel(periodOfSet(set), t.year), view };
}

export async function emulationData(c: C, unit: Unit, q: ReturnType<typeof readQuery>) {
  if (unit.level === "commune") throw new HTTPException(404, { message: "Thi đua được xem theo huyện hoặc tỉnh: mở trang thi đua của huyện chứa xã này." });
  const t = clock(c);
  const data = await loadEmulation(c.var.db, unit, { setCode: q.set, month: t.month });
  if (!data) throw new HTTPException(404, { message: `${unit.name} chưa có xã nào được gắn bộ tiêu chí.` });
  const districtName = new Map(data.districts.map((d) => [d.id, d.name]));
  const list = [leadersTable(data), gapsTable(data, (id) => (id === null ? null : districtName.get(id) ?? null)), improvedTable(data, quarterLabel(t.month))].filter((x): x is ReportTable => !!x);
  return { data, tables: list, byId: Object.fromEntries(list.map((x) => [x.id, x])) as Record<string, ReportTable> };
}
