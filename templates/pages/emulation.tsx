import { PrintButton } from "../components/print-button";
import { Page, type LayoutUser } from "../layouts/page";
import { ProgressTable } from "../components/progress-table";
import { withQuery, type Query } from "../../src/web/links";
import { BarChartSvg } from "../components/charts";
import { ProgressCrumbs, type ProgressCrumb, type ShownTable } from "./progress";
import type { BarChart } from "../../src/domain/charts";
import { formatNumber } from "../../src/domain/format";

export type EmulationProps = {
  user: LayoutUser;
  csrfToken: string;
  chain: ProgressCrumb[];
  unitName: string;
  unitCode: string;
  path: string;
  query: Query;
  exportPath: string;
  exportQuery: Query;
  asOf: string;
  setName: string;
  leader: { name: string; code: string; level: string; met: number; total: number; values: { label: string; value: string }[] } | null;
  keyLegend: string[];
  tables: { leaders: ShownTable | null; gaps: ShownTable; improved: ShownTable };
  gapChart: BarChart | null;
};

export function EmulationPage(p: EmulationProps) {
  const table = (s: ShownTable, linkKey?: string) => (
    <ProgressTable table={s.table} rows={s.rows} state={s.state} path={p.path} query={p.query} exportPath={p.exportPath} exportQuery={p.exportQuery} linkKey={linkKey} />
  );
  return (
    <Page title={`Thi đua Đồng khởi mới ${p.unitName}`} user={p.user} csrfToken={p.csrfToken} wide>
      <div class="progress-page">
        <ProgressCrumbs chain={[...p.chain, { code: p.unitCode, name: p.unitName, href: `/progress/${p.unitCode}` }]} current="Thi đua “Đồng khởi mới”" />
        <h1>Thi đua “Đồng khởi mới”: {p.unitName}</h1>
        <p class="muted">
          Học tập, theo kịp và vượt xã dẫn đầu (mô hình tiêu biểu) · {p.setName} · Số liệu trực tiếp lúc {p.asOf}
        </p>
        <ul class="actions no-print">
          <li>
            <a class="button" href={withQuery(`${p.exportPath}/bao-cao.xlsx`, p.exportQuery)} download hx-boost="false">
              Tải báo cáo (XLSX)
            </a>
          </li>
          <li>
            <PrintButton />
          </li>
        </ul>
        {p.leader ? (
          <section class="emulation-leader" aria-labelledby="leader-h">
            <h2 id="leader-h">Xã dẫn đầu: <a href={`/progress/${p.leader.code}`}>{p.leader.name}</a></h2>
            <p>
              {p.leader.level} · {formatNumber(p.leader.met)}/{formatNumber(p.leader.total)} tiêu chí
              {p.leader.values.map((v) => (
                <span>
                  {" "}
                  · {v.label}: <strong>{v.value}</strong>
                </span>
              ))}
            </p>
          </section>
        ) : (
          <p>Chưa có xã nào được gắn bộ tiêu chí.</p>
        )}
        {p.keyLegend.length ? (
          <ul class="muted key-legend">
            {p.keyLegend.map((k) => (
              <li>{k}</li>
            ))}
          </ul>
        ) : null}
        {p.tables.leaders ? (
          <section class="progress-section" id="dan-dau">
            <h2>Xã dẫn đầu từng huyện</h2>
            {table(p.tables.leaders, "name")}
          </section>
        ) : null}
        <section class="progress-section" id="khoang-cach">
          <h2>Khoảng cách đến xã dẫn đầu</h2>
          {p.gapChart ? <BarChartSvg id="chart-gaps" title="Số tiêu chí còn thiếu so với xã dẫn đầu" desc="Số xã theo số tiêu chí còn thiếu so với xã dẫn đầu. Số liệu chi tiết ở bảng ngay dưới." chart={p.gapChart} /> : null}
          {table(p.tables.gaps)}
        </section>
        <section class="progress-section" id="tien-bo">
          <h2>{p.tables.improved.table.title}</h2>
          {p.tables.improved.table.rows.length === 0 ? <p class="muted">Chưa có xã nào tăng tiêu chí hoặc lên mức so với đầu quý (hoặc chưa có số liệu chốt cuối quý trước).</p> : null}
          {table(p.tables.improved)}
        </section>
      </div>
    </Page>
  );
}
