// Leader progress pages of a unit: /progress, /progress/:code, its table exports and the on-demand snapshot.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import { can } from "../domain/permissions";
import { monthLabel, periodLabel, PROVINCE_COMPLETION_CONDITIONS } from "../domain/progress";
import { exportFileName, tableToCsv, tablesToXlsx, type ExportMeta } from "../domain/progress-export";
import { takeSnapshot } from "../services/snapshots";
import { unitRef } from "../services/units";
import { authorize, pageProps, redirectAfterPost, requireUser } from "../web/context";
import { msg } from "../messages";
import { levelName } from "../web/progress-view";
import {
  communeTrendChart,
  criteriaChart,
  distributionChart,
  levelsChart,
  roadmapChart,
  trendAverageChart,
  trendShareChart,
} from "../web/progress-charts";
import { areaData, clock, communeData, crumbs, periodView, readQuery, shown, unitOf } from "../web/progress-page";
import { AreaProgressPage, CommuneProgressPage, NoPeriodDataPage } from "../../templates/pages/progress";
import { hamletCountsFrom, hamletCountsReads, hamletRecognitionCounts, type HamletRecognitionCount } from "../services/hamlet-recognition";
import { onSuffix } from "../web/unit-date";
import { predecessorProvinces } from "../services/succession";
import { carriedCounts, carriedCountsRead, type CarriedCount } from "../services/carry-over";
import { areaSetsFrom, areaSetsRead, type AreaSet } from "../services/progress";
import { clientIp, currentActor } from "../web/request";
import { provinceCommuneMap, provinceShape } from "../web/map-view";

/** The period whose province page shows the levels carried over by the merger (two-tier provinces). */
const CARRIED_PERIOD = "2026-2030";
const TABLE_IDS = new Set(["targets", "levels", "units", "distribution", "criteria", "roadmap", "trend", "failing"]);

/** Leader pages (login, progress.view): the progress of a unit, its exports and the monthly snapshot. */
export const progressRoutes = new Hono<AppEnv>()
  .use("*", requireUser)
  .get("/", async (c) => {
    const actor = currentActor(c);
    const scope = await c.var.db.query.units.findFirst({ where: (u, { eq }) => eq(u.id, actor.scope.id) });
    if (!scope) throw new HTTPException(404, { message: msg.notFound });
    if (can(actor, "progress.view", { unit: actor.scope })) return c.redirect(`/progress/${scope.code}`, 302);
    const province = actor.scope.provinceId ?? actor.scope.id;
    const top = await c.var.db.query.units.findFirst({ where: (u, { eq }) => eq(u.id, province) });
    return c.redirect(`/public/progress/${top?.code ?? scope.code}`, 302);
  })
  .get("/:code", async (c) => {
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
      hamletCounts: [] as HamletRecognitionCount[],
    };
    const withHamlets = unit.validTo === null && unit.level !== "district";
    if (unit.level === "commune") {
      if (withHamlets) common.hamletCounts = await hamletRecognitionCounts(c.var.db, unit.provinceId ?? unit.id, unit.id);
      const d = await communeData(c, unit);
      const actor = currentActor(c);
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
    // An area page's first reads in one round trip: its sets, its hamlets' recognitions and, for a two-tier province
    // in the current period (the default), the levels its merged communes carried over.
    const carriedNow = unit.level === "province" && unit.tiers === 2 && (q.period ?? CARRIED_PERIOD) === CARRIED_PERIOD;
    const db = c.var.db;
    const reads = [areaSetsRead(db, unit.id), ...(withHamlets ? hamletCountsReads(db, unit.provinceId ?? unit.id, null) : []), ...(carriedNow ? [carriedCountsRead(db, unit.id)] : [])];
    const first = (await db.batch(reads as unknown as [ReturnType<typeof areaSetsRead>])) as unknown[];
    if (withHamlets) common.hamletCounts = hamletCountsFrom(first.slice(1, 3) as unknown as Parameters<typeof hamletCountsFrom>[0]);
    const carriedRows = carriedNow ? (first.at(-1) as CarriedCount[]) : undefined;
    const d = await areaData(c, unit, q, areaSetsFrom(first[0] as AreaSet[]));
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
    const carried = unit.level === "province" && unit.tiers === 2 && page.period.code === CARRIED_PERIOD ? (carriedRows ?? (await carriedCounts(c.var.db, unit.id))) : null;
    // The map: a two-tier province's communes (rows this page read anyway) on its drawn shapes; no extra D1 read.
    const shape = unit.level === "province" && unit.tiers === 2 && page.communes ? await provinceShape(unit.code) : null;
    const map = shape && provinceCommuneMap(shape, unit.name, page.set.levels.map((l) => ({ code: l.code, name: levelName(l.code) })), page.communes ?? [], page.set.id, (code) => `/progress/${code}`, levelName(null));
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
        map={map}
        unitsTitle={page.districts ? "Các huyện, thị xã, thành phố" : unit.level === "district" ? `Các xã của ${unit.name}` : "Các xã, phường, đặc khu"}
        canManage={can(currentActor(c), "progress.manage", { unit: unitRef(unit) })}
        emulationHref={`/progress/${unit.code}/thi-dua`}
        publicHref={`/public/progress/${unit.code}`}
        flash={flash}
      />,
    );
  })
  .get("/:code/export/:file", async (c) => {
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
  .post("/:code/snapshot", async (c) => {
    const unit = await unitOf(c);
    if (unit.level !== "province") throw new HTTPException(422, { message: "Chốt số liệu được thực hiện cho cả tỉnh, từ trang tiến độ của tỉnh." });
    authorize(c, "progress.manage", { unit: unitRef(unit) });
    const t = clock(c);
    await takeSnapshot(c.var.db, unit, t.month, c.var.now.toISOString(), { id: currentActor(c).id, ip: clientIp(c), reason: "on_demand" });
    return redirectAfterPost(c, `/progress/${unit.code}?snapshot=done`);
  });
