import { PrintButton } from "../components/print-button";
import { Page, type LayoutUser } from "../layouts/page";
import { HamletCounts, type HamletCountView } from "../components/hamlet-counts";
import { CarriedSummarySection, type CarriedSummary } from "../components/carried-summary";
import { BarChartSvg, LineChartSvg } from "../components/charts";
import { AreaMap } from "../components/area-map";
import type { MapView } from "../../src/web/map-view";
import { ProgressTable, type TableState } from "../components/progress-table";
import { withQuery, type Query } from "../../src/web/links";
import { Csrf } from "../components/form";
import { formatNumber } from "../../src/domain/format";
import type { BarChart, LineGeometry } from "../../src/domain/charts";
import type { Cell, ReportTable } from "../../src/domain/progress";
import { msg } from "../../src/messages";

export type ProgressCrumb = { code: string; name: string; href: string | null };
export type ShownTable = { table: ReportTable; rows: Record<string, Cell>[]; state: TableState };

export function ProgressCrumbs(props: { chain: ProgressCrumb[]; current: string }) {
  return (
    <nav aria-label="Đơn vị cấp trên" class="crumbs">
      <ol>
        {props.chain.map((c) => (
          <li>{c.href ? <a href={c.href}>{c.name}</a> : <span>{c.name}</span>}</li>
        ))}
        <li aria-current="page">{props.current}</li>
      </ol>
    </nav>
  );
}

const levelLabel = (code: string | null) => (code ? msg.levelShort[code] ?? code : msg.noLevel);

type Common = { user: LayoutUser; csrfToken: string; chain: ProgressCrumb[]; unitName: string; unitCode: string; path: string; query: Query; asOf: string; exportPath: string; exportQuery: Query; hamletCounts?: HamletCountView[] };

function Section(props: { id: string; title: string; children: unknown }) {
  return (
    <section class="progress-section" id={props.id} aria-labelledby={`${props.id}-h`}>
      <h2 id={`${props.id}-h`}>{props.title}</h2>
      {props.children}
    </section>
  );
}

function Table(props: { shown: ShownTable; common: Common; linkKey?: string; hideFilter?: boolean }) {
  const c = props.common;
  return (
    <ProgressTable
      table={props.shown.table}
      rows={props.shown.rows}
      state={props.shown.state}
      path={c.path}
      query={c.query}
      exportPath={c.exportPath}
      exportQuery={c.exportQuery}
      linkKey={props.linkKey}
      hideFilter={props.hideFilter}
    />
  );
}

/** The programme period a page shows and the links to the others. */
export type PeriodView = { label: string; switches: { label: string; href: string; hasData: boolean }[] };

export function PeriodSwitch(props: { period: PeriodView }) {
  if (props.period.switches.length === 0) return null;
  return (
    <nav class="period-switch no-print" aria-label="Giai đoạn" id="period-switch">
      {props.period.switches.map((s) => (
        <a href={s.href} rel="nofollow">
          Xem {s.label.replace(/^Giai đoạn/, "giai đoạn")}
          {s.hasData ? "" : " — chưa có số liệu"}
        </a>
      ))}
    </nav>
  );
}

export type CompletionConditions = { reference: string; items: { title: string; source: string; verified: boolean }[]; source: string; verified: boolean };

/** A province's completion conditions (51/2025 Phụ lục III): only verified content is listed, else it says there is none. */
function ProvinceConditions(props: { conditions: CompletionConditions }) {
  const c = props.conditions;
  return (
    <Section id="dieu-kien-tinh" title="Điều kiện tỉnh hoàn thành nhiệm vụ xây dựng nông thôn mới">
      <p>
        Theo {c.reference}. <span class="badge warn">Chưa xác minh</span>
      </p>
      {c.items.length ? (
        <ul>
          {c.items.map((i) => (
            <li>
              {i.title} {i.verified ? null : <span class="badge warn">chưa xác minh</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p id="dieu-kien-tinh-trong">Chưa có nội dung xác minh: danh mục điều kiện chưa được đối chiếu với văn bản gốc (nguồn: chưa có), nên ứng dụng chưa liệt kê và chưa đánh giá điều kiện nào.</p>
      )}
    </Section>
  );
}

/** Crumbs and the heading of a province or district page, with the period it shows. */
function AreaHeading(p: { chain: Common["chain"]; unitName: string; period: PeriodView }) {
  return (
    <>
      <ProgressCrumbs chain={p.chain} current={p.unitName} />
      <h1>
        Tiến độ xây dựng nông thôn mới: {p.unitName} <span class="h1-sub">· {p.period.label}</span>
      </h1>
    </>
  );
}

/** A period in which the unit has no data: says so, links to the other periods. */
export function NoPeriodDataPage(p: Common & { period: PeriodView; archives: { name: string; href: string }[] }) {
  return (
    <Page title={`Tiến độ NTM ${p.unitName}`} user={p.user} csrfToken={p.csrfToken} wide>
      <div class="progress-page">
        <AreaHeading chain={p.chain} unitName={p.unitName} period={p.period} />
        <p class="alert info" role="status" id="no-period-data">
          {p.unitName} chưa có số liệu {p.period.label.replace(/^Giai đoạn/, "giai đoạn")}: chưa có xã nào được gắn bộ tiêu chí của giai đoạn này.
        </p>
        {p.archives.length ? (
          <section id="archives" aria-labelledby="archives-title">
            <h2 id="archives-title">Lưu trữ của các tỉnh cũ đã hợp thành {p.unitName}</h2>
            <ul>
              {p.archives.map((a) => (
                <li>
                  <a href={a.href}>{a.name} (đến 30/06/2025)</a>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <PeriodSwitch period={p.period} />
      </div>
    </Page>
  );
}

export type AreaProgressProps = Common & {
  period: PeriodView;
  provinceConditions: CompletionConditions | null;
  carried: CarriedSummary | null;
  sets: { code: string; name: string; decision: string; communes: number }[];
  setCode: string;
  setName: string;
  setDecision: string;
  passLevels: { code: string; name: string }[];
  passLevel: string;
  year: number;
  kpis: { communes: number; average: number; baseTotal: number; atLeastBase: number; atLeastBaseShare: number; baseName: string; under: number | null; minCriteria: number; underMonth: string | null };
  tables: { targets: ShownTable; levels: ShownTable; units: ShownTable; distribution: ShownTable | null; criteria: ShownTable; roadmap: ShownTable; trend: ShownTable };
  charts: { levels: BarChart; distribution: BarChart | null; criteria: BarChart; roadmap: BarChart | null; trendShares: LineGeometry; trendAverage: LineGeometry };
  unitsTitle: string;
  /** The province's communes shaded by level (two-tier provinces with drawn shapes). */
  map?: MapView | null;
  canManage: boolean;
  emulationHref: string;
  publicHref: string;
  flash?: string;
};

export function AreaProgressPage(p: AreaProgressProps) {
  return (
    <Page title={`Tiến độ NTM ${p.unitName}`} user={p.user} csrfToken={p.csrfToken} wide>
      <div class="progress-page">
        <AreaHeading chain={p.chain} unitName={p.unitName} period={p.period} />
        <p class="muted">
          {p.setName} ({p.setDecision}) · Số liệu trực tiếp lúc <span id="as-of">{p.asOf}</span> <PrintButton />
        </p>
        <PeriodSwitch period={p.period} />
        <HamletCounts counts={p.hamletCounts} />
        {p.flash ? (
          <div class="alert info" role="status">
            {p.flash}
          </div>
        ) : null}
        {p.sets.length > 1 ? (
          <nav class="tabs no-print" aria-label="Bộ tiêu chí">
            {p.sets.map((s) => (
              <a href={withQuery(p.path, {}, { set: s.code, period: p.query.period ?? null })} aria-current={s.code === p.setCode ? "page" : undefined} title={s.name}>
                {s.decision.split(" ")[0]} · {formatNumber(s.communes)} xã
              </a>
            ))}
          </nav>
        ) : null}
        <ul class="actions no-print">
          <li>
            <a class="button" href={withQuery(`${p.exportPath}/bao-cao.xlsx`, p.exportQuery)} download hx-boost="false">
              Tải báo cáo (XLSX)
            </a>
          </li>
          <li>
            <a class="button" href={p.emulationHref}>
              Thi đua “Đồng khởi mới”
            </a>
          </li>
          <li>
            <a class="button" href={p.publicHref}>
              Trang công khai
            </a>
          </li>
          {p.canManage ? (
            <li>
              <a class="button" href={`/progress/${p.unitCode}/targets?year=${p.year}`}>
                Mục tiêu
              </a>
            </li>
          ) : null}
          {p.canManage ? (
            <li>
              <form method="post" action={`/progress/${p.unitCode}/snapshot`} class="inline">
                <Csrf token={p.csrfToken} />
                <button type="submit">Chốt số liệu tháng này</button>
              </form>
            </li>
          ) : null}
        </ul>

        <div class="kpis" id="kpis">
          <div class="kpi">
            <span class="kpi-value" id="kpi-communes">{formatNumber(p.kpis.communes)}</span>
            <span class="kpi-label">xã tính theo bộ tiêu chí này</span>
          </div>
          <div class="kpi">
            <span class="kpi-value" id="kpi-base">
              {formatNumber(p.kpis.atLeastBase)} ({formatNumber(p.kpis.atLeastBaseShare, 1)}%)
            </span>
            <span class="kpi-label">xã đạt chuẩn {p.kpis.baseName} trở lên</span>
          </div>
          <div class="kpi">
            <span class="kpi-value" id="kpi-average">{formatNumber(p.kpis.average, 2)}</span>
            <span class="kpi-label">tiêu chí/xã (bình quân, tối đa {p.kpis.baseTotal})</span>
          </div>
          <div class="kpi">
            <span class="kpi-value" id="kpi-under">{p.kpis.under === null ? "—" : formatNumber(p.kpis.under)}</span>
            <span class="kpi-label">
              {p.kpis.minCriteria > 0 ? `xã dưới ${p.kpis.minCriteria} tiêu chí` : "xã dưới mức tối thiểu (chưa đặt mục tiêu)"}
              {p.kpis.underMonth ? ` (chốt ${p.kpis.underMonth})` : ""}
            </span>
          </div>
        </div>

        <Section id="muc-tieu" title={`Mục tiêu năm ${p.year}`}>
          <Table shown={p.tables.targets} common={p} />
        </Section>

        {p.provinceConditions ? <ProvinceConditions conditions={p.provinceConditions} /> : null}
        {p.carried ? <CarriedSummarySection s={p.carried} /> : null}

        <Section id="muc-dat" title="Số xã theo mức đạt chuẩn">
          <BarChartSvg id="chart-levels" title="Tỷ lệ xã đạt từng mức so với mục tiêu" desc="Mỗi thanh là tỷ lệ xã đạt mức đó trở lên; vạch đứng là mục tiêu. Số liệu ở bảng ngay dưới." chart={p.charts.levels} />
          <Table shown={p.tables.levels} common={p} />
        </Section>

        <Section id="don-vi" title={p.unitsTitle}>
          {p.map ? <AreaMap map={p.map} /> : null}
          <Table shown={p.tables.units} common={p} />
        </Section>

        <Section id="phan-bo" title="Phân bố số xã theo số tiêu chí đạt">
          {p.tables.distribution && p.charts.distribution ? (
            <>
              <BarChartSvg id="chart-distribution" title="Số xã theo số tiêu chí đạt" desc="Tỷ lệ xã trong từng nhóm số tiêu chí đạt. Số liệu ở bảng ngay dưới." chart={p.charts.distribution} />
              <Table shown={p.tables.distribution} common={p} />
            </>
          ) : (
            <p class="muted">
              Chưa có số liệu chốt tháng nào cho đơn vị này. Phân bố theo số tiêu chí của cấp tỉnh lấy từ số liệu chốt hằng tháng; xem số liệu trực tiếp ở trang từng huyện.
            </p>
          )}
        </Section>

        <Section id="tieu-chi" title="Tỷ lệ đạt từng tiêu chí">
          {p.passLevels.length > 1 ? (
            <nav class="tabs no-print" aria-label="Mức xét tiêu chí">
              {p.passLevels.map((l) => (
                <a href={withQuery(p.path, p.query, { level: l.code === p.passLevels[0].code ? null : l.code }, "#tieu-chi")} aria-current={l.code === p.passLevel ? "page" : undefined}>
                  Mức {l.name}
                </a>
              ))}
            </nav>
          ) : null}
          <BarChartSvg id="chart-criteria" title={`Tỷ lệ xã đạt từng tiêu chí, mức ${levelLabel(p.passLevel)}`} desc="Ba tiêu chí có tỷ lệ thấp nhất được tô đỏ. Số liệu ở bảng ngay dưới." chart={p.charts.criteria} />
          <Table shown={p.tables.criteria} common={p} />
        </Section>

        <Section id="lo-trinh" title="Lộ trình so với kết quả">
          {p.charts.roadmap ? <BarChartSvg id="chart-roadmap" title="Kế hoạch và kết quả theo lộ trình" desc="Thanh đặc: số xã hiện đạt mức trở lên; thanh viền nét đứt: kế hoạch lũy kế. Số liệu ở bảng ngay dưới." chart={p.charts.roadmap} secondLegend={["Hiện đạt", "Kế hoạch lũy kế"]} /> : null}
          <Table shown={p.tables.roadmap} common={p} />
        </Section>

        <Section id="xu-huong" title="Diễn biến 12 tháng">
          <div class="chart-pair">
            <LineChartSvg id="chart-trend-shares" title="Tỷ lệ xã đạt các mức qua 12 tháng" desc="Mỗi đường là tỷ lệ xã đạt một mức trở lên theo tháng; tháng thiếu số liệu chốt để trống. Số liệu ở bảng ngay dưới." chart={p.charts.trendShares} />
            <LineChartSvg id="chart-trend-average" title="Bình quân tiêu chí/xã qua 12 tháng" desc="Bình quân số tiêu chí đạt mỗi xã theo tháng. Số liệu ở bảng ngay dưới." chart={p.charts.trendAverage} />
          </div>
          <Table shown={p.tables.trend} common={p} />
        </Section>
      </div>
    </Page>
  );
}

export type CommuneProgressProps = Common & {
  setName: string;
  /** The programme period of the commune's set (a commune's page shows its bound set only). */
  periodLabel: string;
  summary: { baseName: string; met: number; total: number; levelReached: string | null; nextLevel: string | null; nextMet: number | null; nextTotal: number | null; targetLevel: string | null; targetYear: number | null };
  checklistHref: string | null;
  tables: { failing: ShownTable; criteria: ShownTable; trend: ShownTable };
  charts: { trend: LineGeometry };
  publicHref: string;
};

export function CommuneProgressPage(p: CommuneProgressProps) {
  const s = p.summary;
  return (
    <Page title={`Tiến độ NTM ${p.unitName}`} user={p.user} csrfToken={p.csrfToken} wide>
      <div class="progress-page">
        <ProgressCrumbs chain={p.chain} current={p.unitName} />
        <h1>
          Tiến độ xây dựng nông thôn mới: {p.unitName} <span class="h1-sub">· {p.periodLabel}</span>
        </h1>
        <p class="muted">
          {p.setName} · Số liệu trực tiếp lúc <span id="as-of">{p.asOf}</span>
        </p>
        <HamletCounts counts={p.hamletCounts} />
        <div class="kpis" id="kpis">
          <div class="kpi">
            <span class="kpi-value" id="kpi-met">
              {s.met}/{s.total}
            </span>
            <span class="kpi-label">tiêu chí đạt ({s.baseName})</span>
          </div>
          <div class="kpi">
            <span class="kpi-value" id="kpi-level">{levelLabel(s.levelReached)}</span>
            <span class="kpi-label">mức đạt hiện tại</span>
          </div>
          {s.nextLevel ? (
            <div class="kpi">
              <span class="kpi-value" id="kpi-next">
                {s.nextMet}/{s.nextTotal}
              </span>
              <span class="kpi-label">tiêu chí đạt mức {levelLabel(s.nextLevel)}</span>
            </div>
          ) : null}
          {s.targetLevel ? (
            <div class="kpi">
              <span class="kpi-value">{levelLabel(s.targetLevel)}</span>
              <span class="kpi-label">mục tiêu năm {s.targetYear}</span>
            </div>
          ) : null}
        </div>
        <ul class="actions no-print">
          {p.checklistHref ? (
            <li>
              <a class="button primary" href={p.checklistHref}>
                Bộ tiêu chí và minh chứng
              </a>
            </li>
          ) : null}
          <li>
            <a class="button" href={withQuery(`${p.exportPath}/bao-cao.xlsx`, p.exportQuery)} download hx-boost="false">
              Tải báo cáo (XLSX)
            </a>
          </li>
          <li>
            <a class="button" href={p.publicHref}>
              Trang công khai
            </a>
          </li>
        </ul>
        <Section id="chua-dat" title={p.tables.failing.table.title}>
          {p.tables.failing.table.rows.length === 0 ? <p>Đã đạt mức cao nhất của bộ tiêu chí.</p> : <Table shown={p.tables.failing} common={p} linkKey="indicator" />}
        </Section>
        <Section id="tieu-chi" title="Kết quả từng tiêu chí">
          <Table shown={p.tables.criteria} common={p} />
        </Section>
        <Section id="xu-huong" title="Diễn biến 12 tháng">
          <LineChartSvg id="chart-trend" title="Số tiêu chí đạt qua 12 tháng" desc="Số tiêu chí đạt ở mức cơ bản theo tháng; tháng thiếu số liệu chốt để trống. Số liệu ở bảng ngay dưới." chart={p.charts.trend} />
          <Table shown={p.tables.trend} common={p} />
        </Section>
      </div>
    </Page>
  );
}
