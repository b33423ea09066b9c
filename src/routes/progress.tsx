import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../env";
import type { Unit } from "../db/schema";
import { can } from "../domain/permissions";
import { formatDateTime, formatNumber } from "../domain/format";
import { fold, compareVi } from "../domain/text";
import { DEFAULT_TARGETS, NATIONAL_TARGETS_LAST_YEAR, filterRows, levelRows, monthLabel, monthOf, monthsEnding, otherPeriods, parseSort, percent, periodLabel, periodOfSet, PROVINCE_COMPLETION_CONDITIONS, quarterLabel, sortRows, addMonths, type ProgrammePeriod, type ReportTable } from "../domain/progress";
import { barChart } from "../domain/charts";
import { exportFileName, tableToCsv, tablesToXlsx, type ExportMeta } from "../domain/progress-export";
import { vietnamDate } from "../scheduled";
import { ancestors, areaLevels, areaSetsInPeriod, communeFigures, communeRows, indicatorDefinitions, loadAreaPage, publicDistrictRows, setDefinitions, valuesOfCriteria, type AreaPage, type NoPeriodData } from "../services/progress";
import { loadEmulation } from "../services/emulation";
import { gapsTable, improvedTable, keyLegend, leadersTable, ranked } from "../web/emulation-view";
import { saveTargets, targetsHistory } from "../services/progress-targets";
import { takeSnapshot } from "../services/snapshots";
import { unitRef } from "../services/units";
import { authorize, pageProps, redirectAfterPost, requireUser } from "../web/context";
import { noControlChars } from "../web/validate";
import { msg } from "../messages";
import {
  baseTotal,
  communeCriteriaTable,
  communeTrendChart,
  communeTrendTable,
  communesTable,
  criteriaChart,
  criteriaTable,
  distributionChart,
  distributionTable,
  districtsTable,
  failingCriteria,
  failingIndicators,
  failingTable,
  headline,
  levelName,
  levelsChart,
  levelsTable,
  nextLevelOf,
  roadmapChart,
  roadmapTable,
  targetsTable,
  trendAverageChart,
  trendShareChart,
  trendTable,
  type Headline,
} from "../web/progress-view";
import { displayValue } from "../../templates/pages/checklist";
import { AreaProgressPage, CommuneProgressPage, NoPeriodDataPage, type ProgressCrumb, type ShownTable } from "../../templates/pages/progress";
import { TargetsPage, type TargetsFormValues } from "../../templates/pages/progress-targets";
import { EmulationPage } from "../../templates/pages/emulation";
import { PublicProgressPage } from "../../templates/pages/progress-public";
import { withQuery, type Query } from "../../templates/components/progress-table";
import { onSuffix, unitAt } from "../web/unit-date";
import { predecessorProvinces } from "../services/succession";
import { carriedCounts } from "../services/carry-over";

type C = Context<AppEnv>;

const UNIT_CODE = /^\d{2,5}$/;

/** The unit behind :code (province, district or commune), 404 when unknown. */
async function unitOf(c: C): Promise<Unit> {
  const code = c.req.param("code") ?? "";
  const unit = UNIT_CODE.test(code) ? await unitAt(c, code) : undefined;
  if (!unit || unit.level === "hamlet") throw new HTTPException(404, { message: msg.unitNotFound(code.slice(0, 20)) });
  return unit;
}

/** Today in Vietnam: the current month and year the pages measure. */
function clock(c: C) {
  const vnDate = vietnamDate(c.var.now);
  const month = monthOf(vnDate);
  return { vnDate, month, fromMonth: addMonths(month, -11), year: Number(vnDate.slice(0, 4)), asOf: formatDateTime(c.var.now.toISOString()) };
}

const querySchema = z.object({
  set: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).optional().catch(undefined),
  level: z.string().regex(/^[A-Z_]{1,12}$/).optional().catch(undefined),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  period: z.string().regex(/^\d{4}-\d{4}$/).optional().catch(undefined),
});

/** The recognised query parameters only (nothing else is echoed back into links). */
function readQuery(c: C): { query: Query; set?: string; level?: string; year?: number; period?: string } {
  const raw = c.req.query();
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) throw new HTTPException(422, { message: "Năm không hợp lệ: hãy chọn năm từ 2000 đến 2100." });
  const query: Query = {};
  if (parsed.data.set) query.set = parsed.data.set;
  if (parsed.data.level) query.level = parsed.data.level;
  if (parsed.data.year) query.year = String(parsed.data.year);
  if (parsed.data.period) query.period = parsed.data.period;
  for (const [k, v] of Object.entries(raw)) {
    if (!/^[sf]_[a-z]{1,20}$/.test(k) || typeof v !== "string") continue;
    const value = v.slice(0, 60);
    if (value && noControlChars(value)) query[k] = value;
  }
  return { query, ...parsed.data };
}

/** A table with the page's sort and filter applied. */
function shown(table: ReportTable, query: Query): ShownTable {
  const sort = parseSort(query[`s_${table.id}`], table.columns);
  const filter = query[`f_${table.id}`] ?? "";
  return { table, rows: sortRows(filterRows(table.rows, table.columns, filter, fold), sort, compareVi), state: { sort, filter } };
}

async function crumbs(c: C, unit: Unit): Promise<ProgressCrumb[]> {
  const actor = c.var.user?.actor ?? null;
  return (await ancestors(c.var.db, unit)).map((u) => ({ code: u.code, name: u.name, href: can(actor, "progress.view", { unit: unitRef(u) }) ? `/progress/${u.code}` : null }));
}

type AreaData = { page: AreaPage; h: Headline; tables: ReportTable[]; byId: Record<string, ReportTable> };

/** The period a page shows, its label, and links to the other periods (same path, only `period` changed). */
function periodView(path: string, period: ProgrammePeriod, periods: string[], year: number) {
  return {
    label: periodLabel(period, year),
    switches: otherPeriods(period).map((p) => ({ label: periodLabel(p, year), href: withQuery(path, {}, { period: p.code }), hasData: periods.includes(p.code) })),
  };
}

async function areaData(c: C, unit: Unit, q: ReturnType<typeof readQuery>): Promise<AreaData | NoPeriodData> {
  const t = clock(c);
  const page = await loadAreaPage(c.var.db, unit, { setCode: q.set, passLevel: q.level, year: t.year, targetYear: q.year, period: q.period, fromMonth: t.fromMonth, month: t.month });
  if (!page) throw new HTTPException(404, { message: `${unit.name} chưa có xã nào được gắn bộ tiêu chí, nên chưa có số liệu tiến độ.` });
  if ("noData" in page) return page;
  const h = headline(page, t.month);
  const units = page.districts ? districtsTable(page.districts, unit.code) : communesTable(page.communes ?? [], page.set, unit.level === "district" ? `Các xã của ${unit.name}` : "Các xã, phường, đặc khu");
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

async function communeData(c: C, unit: Unit): Promise<CommuneData> {
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

async function emulationData(c: C, unit: Unit, q: ReturnType<typeof readQuery>) {
  if (unit.level === "commune") throw new HTTPException(404, { message: "Thi đua được xem theo huyện hoặc tỉnh: mở trang thi đua của huyện chứa xã này." });
  const t = clock(c);
  const data = await loadEmulation(c.var.db, unit, { setCode: q.set, month: t.month });
  if (!data) throw new HTTPException(404, { message: `${unit.name} chưa có xã nào được gắn bộ tiêu chí.` });
  const districtName = new Map(data.districts.map((d) => [d.id, d.name]));
  const list = [leadersTable(data), gapsTable(data, (id) => (id === null ? null : districtName.get(id) ?? null)), improvedTable(data, quarterLabel(t.month))].filter((x): x is ReportTable => !!x);
  return { data, tables: list, byId: Object.fromEntries(list.map((x) => [x.id, x])) as Record<string, ReportTable> };
}

const TABLE_IDS = new Set(["targets", "levels", "units", "distribution", "criteria", "roadmap", "trend", "failing"]);
const EMULATION_TABLES = new Set(["leaders", "gaps", "improved"]);

const targetsSchema = z.object({
  year: z.coerce.number({ message: "Năm không hợp lệ." }).int("Năm không hợp lệ.").min(2000, "Năm từ 2000 đến 2100.").max(2100, "Năm từ 2000 đến 2100."),
  shareNtm: z.coerce.number({ message: "Nhập một số từ 0 đến 100." }).int("Nhập số nguyên (phần trăm).").min(0, "Tỷ lệ từ 0 đến 100.").max(100, "Tỷ lệ từ 0 đến 100."),
  shareAdvanced: z.coerce.number({ message: "Nhập một số từ 0 đến 100." }).int("Nhập số nguyên (phần trăm).").min(0, "Tỷ lệ từ 0 đến 100.").max(100, "Tỷ lệ từ 0 đến 100."),
  shareModel: z.coerce.number({ message: "Nhập một số từ 0 đến 100." }).int("Nhập số nguyên (phần trăm).").min(0, "Tỷ lệ từ 0 đến 100.").max(100, "Tỷ lệ từ 0 đến 100."),
  minCriteria: z.coerce.number({ message: "Nhập số tiêu chí tối thiểu." }).int("Nhập số nguyên.").min(0, "Từ 0 đến 50 tiêu chí.").max(50, "Từ 0 đến 50 tiêu chí."),
  version: z.coerce.number().int().min(0),
});

async function renderTargets(c: C, unit: Unit, year: number, values: TargetsFormValues, extra: { errors?: Record<string, string>; conflict?: { shareNtm: number; shareAdvanced: number; shareModel: number; minCriteria: number } | null; saved?: boolean; status?: 200 | 409 | 422 } = {}) {
  const history = await targetsHistory(c.var.db, unit, year);
  return c.html(
    <TargetsPage {...pageProps(c)} unitCode={unit.code} unitName={unit.name} year={year} values={values} errors={extra.errors ?? {}} conflict={extra.conflict ?? null} saved={extra.saved ?? false} history={history} />,
    extra.status ?? 200,
  );
}

const leaderRoutes = new Hono<AppEnv>()
  .use("/progress", requireUser)
  .use("/progress/*", requireUser)
  .get("/progress", async (c) => {
    const actor = c.var.user!.actor;
    const scope = await c.var.db.query.units.findFirst({ where: (u, { eq }) => eq(u.id, actor.scope.id) });
    if (!scope) throw new HTTPException(404, { message: msg.notFound });
    if (can(actor, "progress.view", { unit: actor.scope })) return c.redirect(`/progress/${scope.code}`, 302);
    const province = actor.scope.provinceId ?? actor.scope.id;
    const top = await c.var.db.query.units.findFirst({ where: (u, { eq }) => eq(u.id, province) });
    return c.redirect(`/public/progress/${top?.code ?? scope.code}`, 302);
  })
  .get("/progress/:code", async (c) => {
    const unit = await unitOf(c);
    authorize(c, "progress.view", { unit: unitRef(unit) });
    const q = readQuery(c);
    const t = clock(c);
    const chain = await crumbs(c, unit);
    const common = {
      ...pageProps(c),
      chain,
      unitName: unit.name,
      unitCode: unit.code,
      path: `/progress/${unit.code}`,
      query: q.query,
      asOf: t.asOf,
      exportPath: `/progress/${unit.code}/export`,
      exportQuery: Object.fromEntries(Object.entries(q.query).filter(([k]) => ["set", "level", "year", "period"].includes(k))),
    };
    if (unit.level === "commune") {
      const d = await communeData(c, unit);
      const actor = c.var.user!.actor;
      return c.html(
        <CommuneProgressPage
          {...common}
          setName={d.setName}
          periodLabel={d.periodLabel}
          summary={d.view}
          checklistHref={can(actor, "unit.viewData", { unit: unitRef(unit) }) ? `/communes/${unit.code}/checklist` : null}
          tables={{ failing: shown(d.byId.failing, q.query), criteria: shown(d.byId.criteria, q.query), trend: shown(d.byId.trend, q.query) }}
          charts={{ trend: communeTrendChart(d.byId.trend, d.view.total) }}
          publicHref={`/public/progress/${unit.code}`}
        />,
      );
    }
    const d = await areaData(c, unit, q);
    if ("noData" in d) {
      // A two-tier province's 2021–2025 figures live in the old provinces it was formed from: link their archive.
      const archives = unit.tiers === 2 && d.period.code === "2021-2025" ? await predecessorProvinces(c.var.db, unit) : [];
      return c.html(
        <NoPeriodDataPage
          {...common}
          period={periodView(common.path, d.period, d.periods, t.year)}
          archives={archives.map((p) => ({ name: p.name, href: `/progress/${p.code}${onSuffix(p)}` }))}
        />,
      );
    }
    const { page, h } = d;
    const base = h.levels[0];
    // A two-tier province in 2026–2030 starts from the levels it confirmed for its merged communes.
    const carried = unit.level === "province" && unit.tiers === 2 && page.period.code === "2026-2030" ? await carriedCounts(c.var.db, unit.id) : null;
    const flash = c.req.query("snapshot") === "done" ? `Đã chốt số liệu tháng ${monthLabel(t.month)}.` : undefined;
    return c.html(
      <AreaProgressPage
        {...common}
        period={periodView(common.path, page.period, page.periods, t.year)}
        provinceConditions={unit.level === "province" && page.period.code === PROVINCE_COMPLETION_CONDITIONS.period ? PROVINCE_COMPLETION_CONDITIONS : null}
        carried={
          carried && {
            rows: carried.map((r) => ({ level: r.level ? levelName(r.level) : "Không thừa nhận mức nào", communes: r.communes })),
            total: carried.reduce((n, r) => n + r.communes, 0),
            detailsHref: `/public/recognitions?province=${unit.code}`,
          }
        }
        sets={page.sets}
        setCode={page.set.code}
        setName={page.set.name}
        setDecision={page.set.decision}
        passLevels={page.set.levels.map((l) => ({ code: l.code, name: levelName(l.code) }))}
        passLevel={h.passLevel}
        year={h.targets.year}
        kpis={{
          communes: h.communes,
          average: h.average,
          baseTotal: h.baseTotal,
          atLeastBase: base?.atLeast ?? 0,
          atLeastBaseShare: base?.atLeastShare ?? 0,
          baseName: base?.name ?? "",
          under: h.under,
          minCriteria: h.targets.minCriteria,
          underMonth: h.histogramMonth ? monthLabel(h.histogramMonth) : null,
        }}
        tables={{
          targets: shown(d.byId.targets, q.query),
          levels: shown(d.byId.levels, q.query),
          units: shown(d.byId.units, q.query),
          distribution: d.byId.distribution ? shown(d.byId.distribution, q.query) : null,
          criteria: shown(d.byId.criteria, q.query),
          roadmap: shown(d.byId.roadmap, q.query),
          trend: shown(d.byId.trend, q.query),
        }}
        charts={{
          levels: levelsChart(h),
          distribution: distributionChart(h),
          criteria: criteriaChart(h),
          roadmap: roadmapChart(h),
          trendShares: trendShareChart(h, page.set),
          trendAverage: trendAverageChart(h),
        }}
        unitsTitle={page.districts ? "Các huyện, thị xã, thành phố" : unit.level === "district" ? `Các xã của ${unit.name}` : "Các xã, phường, đặc khu"}
        canManage={can(c.var.user!.actor, "progress.manage", { unit: unitRef(unit) })}
        emulationHref={`/progress/${unit.code}/thi-dua`}
        publicHref={`/public/progress/${unit.code}`}
        flash={flash}
      />,
    );
  })
  .get("/progress/:code/export/:file", async (c) => {
    const unit = await unitOf(c);
    authorize(c, "progress.view", { unit: unitRef(unit) });
    const m = /^([a-z-]{1,20})\.(csv|xlsx)$/.exec(c.req.param("file"));
    if (!m || (m[1] !== "bao-cao" && !TABLE_IDS.has(m[1])) || (m[1] === "bao-cao" && m[2] !== "xlsx")) {
      throw new HTTPException(404, { message: "Không có bảng này để tải. Hãy chọn bảng từ trang tiến độ." });
    }
    const q = readQuery(c);
    const t = clock(c);
    const d = unit.level === "commune" ? await communeData(c, unit) : await areaData(c, unit, q);
    if ("noData" in d) throw new HTTPException(404, { message: `${unit.name}: ${periodLabel(d.period, t.year).toLocaleLowerCase("vi")} chưa có số liệu để tải.` });
    const setLabel = "page" in d ? `${d.page.set.name} (${d.page.set.decision})` : d.setName;
    const tables = m[1] === "bao-cao" ? d.tables : d.byId[m[1]] ? [d.byId[m[1]]] : [];
    if (tables.length === 0) throw new HTTPException(404, { message: "Bảng này không có ở trang tiến độ của đơn vị." });
    const meta: ExportMeta = { heading: `TIẾN ĐỘ XÂY DỰNG NÔNG THÔN MỚI — ${unit.name.toLocaleUpperCase("vi")}`, subheading: setLabel, asOf: `Số liệu đến ${t.asOf}` };
    const name = exportFileName(unit.code, m[1], m[2] as "csv" | "xlsx");
    c.header("Content-Disposition", `attachment; filename="${name}"`);
    c.header("Cache-Control", "private, no-store");
    if (m[2] === "csv") return c.body(tableToCsv(tables[0]), 200, { "Content-Type": "text/csv; charset=utf-8" });
    return c.body(tablesToXlsx(meta, tables), 200, { "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  })
  .get("/progress/:code/targets", async (c) => {
    const unit = await unitOf(c);
    if (unit.level === "commune") throw new HTTPException(404, { message: "Mục tiêu được đặt cho tỉnh hoặc huyện." });
    authorize(c, "progress.manage", { unit: unitRef(unit) });
    const q = readQuery(c);
    const year = q.year ?? clock(c).year;
    const own = await c.var.db.query.progressTargets.findFirst({ where: (p, { and, eq }) => and(eq(p.unitId, unit.id), eq(p.year, year)) });
    const values: TargetsFormValues = own
      ? { year: String(year), shareNtm: String(own.shareNtm), shareAdvanced: String(own.shareAdvanced), shareModel: String(own.shareModel), minCriteria: String(own.minCriteria), version: String(own.version) }
      : year <= NATIONAL_TARGETS_LAST_YEAR
        ? { year: String(year), shareNtm: String(DEFAULT_TARGETS.shareNtm), shareAdvanced: String(DEFAULT_TARGETS.shareAdvanced), shareModel: String(DEFAULT_TARGETS.shareModel), minCriteria: String(DEFAULT_TARGETS.minCriteria), version: "0" }
        : { year: String(year), shareNtm: "", shareAdvanced: "", shareModel: "", minCriteria: "", version: "0" }; // 2026–2030: no national figure to prefill
    return renderTargets(c, unit, year, values, { saved: c.req.query("saved") === "1" });
  })
  .post("/progress/:code/targets", async (c) => {
    const unit = await unitOf(c);
    if (unit.level === "commune") throw new HTTPException(404, { message: "Mục tiêu được đặt cho tỉnh hoặc huyện." });
    authorize(c, "progress.manage", { unit: unitRef(unit) });
    const body = await c.req.parseBody();
    const raw = (k: string) => (typeof body[k] === "string" ? (body[k] as string).slice(0, 20) : "");
    const typed: TargetsFormValues = { year: raw("year"), shareNtm: raw("shareNtm"), shareAdvanced: raw("shareAdvanced"), shareModel: raw("shareModel"), minCriteria: raw("minCriteria"), version: raw("version") };
    const blank = (["shareNtm", "shareAdvanced", "shareModel", "minCriteria"] as const).filter((k) => typed[k].trim() === "");
    const parsed = blank.length ? null : targetsSchema.safeParse(typed);
    const yearShown = Number(typed.year) >= 2000 && Number(typed.year) <= 2100 ? Number(typed.year) : clock(c).year;
    if (!parsed?.success) {
      const errors: Record<string, string> = Object.fromEntries(blank.map((k) => [k, "Hãy nhập giá trị."]));
      for (const issue of parsed?.error.issues ?? []) errors[String(issue.path[0])] ??= issue.message;
      return renderTargets(c, unit, yearShown, typed, { errors, status: 422 });
    }
    const input = parsed.data;
    if (input.shareAdvanced > input.shareNtm || input.shareModel > input.shareAdvanced) {
      return renderTargets(c, unit, input.year, typed, { errors: { shareAdvanced: "Tỷ lệ nâng cao không lớn hơn tỷ lệ NTM, tỷ lệ kiểu mẫu không lớn hơn tỷ lệ nâng cao." }, status: 422 });
    }
    const outcome = await saveTargets(c.var.db, c.var.user!.actor.id, unit, input, c.req.header("CF-Connecting-IP") ?? null);
    if (!outcome.ok) {
      // Keep what was typed; the form now carries the current version, so saving again overwrites deliberately.
      return renderTargets(c, unit, input.year, { ...typed, version: String(outcome.current?.version ?? 0) }, { conflict: outcome.current ?? { shareNtm: 0, shareAdvanced: 0, shareModel: 0, minCriteria: 0 }, status: 409 });
    }
    return redirectAfterPost(c, `/progress/${unit.code}/targets?year=${input.year}&saved=1`);
  })
  .post("/progress/:code/snapshot", async (c) => {
    const unit = await unitOf(c);
    if (unit.level !== "province") throw new HTTPException(422, { message: "Chốt số liệu được thực hiện cho cả tỉnh, từ trang tiến độ của tỉnh." });
    authorize(c, "progress.manage", { unit: unitRef(unit) });
    const t = clock(c);
    await takeSnapshot(c.var.db, unit, t.month, c.var.now.toISOString(), { id: c.var.user!.actor.id, ip: c.req.header("CF-Connecting-IP") ?? null, reason: "on_demand" });
    return redirectAfterPost(c, `/progress/${unit.code}?snapshot=done`);
  })
  .get("/progress/:code/thi-dua", async (c) => {
    const unit = await unitOf(c);
    authorize(c, "progress.view", { unit: unitRef(unit) });
    const q = readQuery(c);
    const t = clock(c);
    const { data, byId } = await emulationData(c, unit, q);
    const top = ranked(data)[0];
    const buckets = [
      { label: "Dẫn đầu hoặc ngang xã dẫn đầu", from: 0, to: 0 },
      { label: "Thiếu 1–2 tiêu chí", from: 1, to: 2 },
      { label: "Thiếu 3–5 tiêu chí", from: 3, to: 5 },
      { label: "Thiếu 6 tiêu chí trở lên", from: 6, to: Infinity },
    ];
    const gaps = data.communes.map((x) => (top ? Math.max(0, top.criteriaMetBase - x.criteriaMetBase) : 0));
    const gapChart = data.communes.length
      ? barChart(
          buckets.map((b) => {
            const n = gaps.filter((g) => g >= b.from && g <= b.to).length;
            return { label: b.label, value: percent(n, gaps.length), valueText: `${formatNumber(n)} xã` };
          }),
          100,
        )
      : null;
    return c.html(
      <EmulationPage
        {...pageProps(c)}
        chain={await crumbs(c, unit)}
        unitName={unit.name}
        unitCode={unit.code}
        path={`/progress/${unit.code}/thi-dua`}
        query={q.query}
        exportPath={`/progress/${unit.code}/thi-dua/export`}
        exportQuery={q.set ? { set: q.set } : {}}
        asOf={t.asOf}
        setName={`${data.set.name} (${data.set.decision})`}
        leader={
          top
            ? {
                name: top.name,
                code: top.code,
                level: levelName(top.levelReached),
                met: top.criteriaMetBase,
                total: baseTotal(data.set),
                values: data.keys.map((k) => ({ label: `Chỉ tiêu ${k.code}`, value: top.values[k.id] === null || top.values[k.id] === undefined ? "—" : `${formatNumber(top.values[k.id]!)}${k.unit ? ` ${k.unit}` : " %"}` })),
              }
            : null
        }
        keyLegend={keyLegend(data)}
        tables={{ leaders: byId.leaders ? shown(byId.leaders, q.query) : null, gaps: shown(byId.gaps, q.query), improved: shown(byId.improved, q.query) }}
        gapChart={gapChart}
      />,
    );
  })
  .get("/progress/:code/thi-dua/export/:file", async (c) => {
    const unit = await unitOf(c);
    authorize(c, "progress.view", { unit: unitRef(unit) });
    const m = /^([a-z-]{1,20})\.(csv|xlsx)$/.exec(c.req.param("file"));
    if (!m || (m[1] !== "bao-cao" && !EMULATION_TABLES.has(m[1])) || (m[1] === "bao-cao" && m[2] !== "xlsx")) {
      throw new HTTPException(404, { message: "Không có bảng này để tải. Hãy chọn bảng từ trang thi đua." });
    }
    const q = readQuery(c);
    const t = clock(c);
    const { data, tables, byId } = await emulationData(c, unit, q);
    const chosen = m[1] === "bao-cao" ? tables : byId[m[1]] ? [byId[m[1]]] : [];
    if (chosen.length === 0) throw new HTTPException(404, { message: "Bảng này không có ở trang thi đua của đơn vị." });
    const name = exportFileName(unit.code, `thi-dua-${m[1]}`, m[2] as "csv" | "xlsx");
    c.header("Content-Disposition", `attachment; filename="${name}"`);
    c.header("Cache-Control", "private, no-store");
    if (m[2] === "csv") return c.body(tableToCsv(chosen[0]), 200, { "Content-Type": "text/csv; charset=utf-8" });
    const meta: ExportMeta = { heading: `THI ĐUA “ĐỒNG KHỞI MỚI” — ${unit.name.toLocaleUpperCase("vi")}`, subheading: `${data.set.name} (${data.set.decision})`, asOf: `Số liệu đến ${t.asOf}` };
    return c.body(tablesToXlsx(meta, chosen), 200, { "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  });

/** Public summary (no login): counts and levels only, for any province, district or commune. */
const publicProgressRoutes = new Hono<AppEnv>().get("/public/progress/:code", async (c) => {
  const unit = await unitOf(c);
  const db = c.var.db;
  const t = clock(c);
  const parents = (await ancestors(db, unit)).map((u) => ({ code: u.code, name: u.name }));
  c.header("Cache-Control", "public, max-age=60");
  const common = { csrfToken: c.var.csrfToken, unitName: unit.name, parents, asOf: t.asOf };
  if (unit.level === "commune") {
    const f = await communeFigures(db, unit.id, t.month, t.month);
    const set = f.rollup ? await setDefinitions(db, f.rollup.setId) : null;
    if (!f.rollup || !set) throw new HTTPException(404, { message: `${unit.name} chưa có số liệu tiến độ.` });
    return c.html(
      <PublicProgressPage
        {...common}
        period={{ label: periodLabel(periodOfSet(set), t.year), switches: [] }}
        setName={set.name}
        commune={{ level: levelName(f.rollup.levelReached), met: f.rollup.criteriaMetBase, total: baseTotal(set) }}
        communes={1}
        baseName={levelName(set.baseLevel)}
        reached={0}
        reachedShare={0}
        levels={[]}
        childrenCaption=""
        children={[]}
        childrenAreCommunes
      />,
    );
  }
  const inPeriod = await areaSetsInPeriod(db, unit.id, querySchema.shape.period.parse(c.req.query("period")), t.year);
  if (!inPeriod) throw new HTTPException(404, { message: `${unit.name} chưa có số liệu tiến độ.` });
  const period = periodView(`/public/progress/${unit.code}`, inPeriod.period, inPeriod.periods, t.year);
  const first = inPeriod.sets[0];
  const set = first ? inPeriod.defs.find((d) => d.id === first.id) ?? null : null;
  if (!first || !set) {
    return c.html(
      <PublicProgressPage {...common} period={period} setName="" commune={null} communes={0} baseName="" reached={0} reachedShare={0} levels={[]} childrenCaption="" children={[]} childrenAreCommunes noData />,
    );
  }
  const communes = first.communes;
  const districtsFirst = unit.level === "province" && unit.tiers !== 2;
  const [levels, children] = await Promise.all([
    areaLevels(db, unit.id, set),
    districtsFirst
      ? publicDistrictRows(db, unit.id, set.id).then((rows) =>
          rows.map((r) => ({ code: r.code, name: r.name, communes: r.communes, reached: r.communes - r.none, share: percent(r.communes - r.none, r.communes), level: null, met: null })),
        )
      : communeRows(db, unit.id).then((rows) =>
          rows
            .filter((r) => r.rollup?.setId === set.id)
            .map((r) => ({ code: r.code, name: r.name, communes: null, reached: null, share: null, level: levelName(r.rollup!.levelReached), met: `${r.rollup!.criteriaMetBase}/${baseTotal(set)}` })),
        ),
  ]);
  const rows = levelRows(set.levels.map((l) => ({ ...l, name: levelName(l.code) })), { communes, levels }, null, levelName(null));
  const base = rows[0];
  return c.html(
    <PublicProgressPage
      {...common}
      period={period}
      setName={set.name}
      commune={null}
      communes={communes}
      baseName={levelName(set.baseLevel)}
      reached={base.atLeast}
      reachedShare={base.atLeastShare}
      levels={rows.map((r) => ({ name: r.name, communes: r.exact, share: r.exactShare }))}
      childrenCaption={districtsFirst ? "Các huyện, thị xã, thành phố" : "Các xã"}
      children={children.sort((a, b) => compareVi(a.name, b.name))}
      childrenAreCommunes={!districtsFirst}
    />,
  );
});


/** Leader pages (login, progress.view) and the public summary. */
export const progressRoutes = new Hono<AppEnv>().route("/", publicProgressRoutes).route("/", leaderRoutes);
