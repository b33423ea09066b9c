import { Page } from "../layouts/page";
import { formatNumber } from "../../src/domain/format";
import { PeriodSwitch, type PeriodView } from "./progress";
import { AreaMap } from "../components/area-map";
import type { MapView } from "../../src/web/map-view";

export type PublicLevel = { name: string; communes: number; share: number };
export type PublicChild = { code: string; name: string; communes: number | null; reached: number | null; share: number | null; level: string | null; met: string | null };

export function PublicProgressPage(props: {
  csrfToken: string;
  /** For the commune page's link to its public ledger. */
  unitCode?: string;
  unitName: string;
  parents: { code: string; name: string }[];
  asOf: string;
  setName: string;
  commune: { level: string; met: number; total: number } | null;
  communes: number;
  baseName: string;
  reached: number;
  reachedShare: number;
  levels: PublicLevel[];
  childrenCaption: string;
  children: PublicChild[];
  childrenAreCommunes: boolean;
  /** The programme period shown (area pages); `noData`: the area has no data in it. */
  period?: PeriodView;
  noData?: boolean;
  /** The province's communes shaded by level (two-tier provinces with drawn shapes). */
  map?: MapView | null;
}) {
  return (
    <Page title={`Tiến độ nông thôn mới ${props.unitName}`} user={null} csrfToken={props.csrfToken}>
      <div class="progress-page public-progress">
        {props.parents.length ? (
          <nav aria-label="Đơn vị cấp trên" class="crumbs">
            <ol>
              {props.parents.map((p) => (
                <li>
                  <a href={`/public/progress/${p.code}`}>{p.name}</a>
                </li>
              ))}
              <li aria-current="page">{props.unitName}</li>
            </ol>
          </nav>
        ) : null}
        <h1>
          Tiến độ xây dựng nông thôn mới: {props.unitName}
          {props.period ? <span class="h1-sub"> · {props.period.label}</span> : null}
        </h1>
        <p class="muted">
          Thông tin công khai{props.setName ? ` · ${props.setName}` : ""} · Số liệu lúc {props.asOf}
        </p>
        {props.period ? <PeriodSwitch period={props.period} /> : null}
        {props.noData ? (
          <p class="alert info" role="status" id="no-period-data">
            {props.unitName} chưa có số liệu {props.period?.label.replace(/^Giai đoạn/, "giai đoạn") ?? ""}.
          </p>
        ) : props.commune ? (
          <>
          {props.unitCode ? (
            <p class="links">
              <a href={`/public/communes/${props.unitCode}`}>Đóng góp, công trình của {props.unitName}</a>
            </p>
          ) : null}
          <div class="kpis">
            <div class="kpi">
              <span class="kpi-value" id="kpi-level">{props.commune.level}</span>
              <span class="kpi-label">mức đạt hiện tại</span>
            </div>
            <div class="kpi">
              <span class="kpi-value" id="kpi-met">
                {props.commune.met}/{props.commune.total}
              </span>
              <span class="kpi-label">tiêu chí đạt ({props.baseName})</span>
            </div>
          </div>
          </>
        ) : (
          <>
            <div class="kpis">
              <div class="kpi">
                <span class="kpi-value" id="kpi-communes">{formatNumber(props.communes)}</span>
                <span class="kpi-label">xã</span>
              </div>
              <div class="kpi">
                <span class="kpi-value" id="kpi-base">
                  {formatNumber(props.reached)} ({formatNumber(props.reachedShare, 1)}%)
                </span>
                <span class="kpi-label">xã đạt chuẩn {props.baseName} trở lên</span>
              </div>
            </div>
            <div class="table-wrap">
              <table>
                <caption>Số xã theo mức đạt chuẩn</caption>
                <thead>
                  <tr>
                    <th scope="col">Mức</th>
                    <th scope="col" class="num">Số xã</th>
                    <th scope="col" class="num">Tỷ lệ (%)</th>
                  </tr>
                </thead>
                <tbody>
                  {props.levels.map((l) => (
                    <tr>
                      <th scope="row">{l.name}</th>
                      <td class="num">{formatNumber(l.communes)}</td>
                      <td class="num">{formatNumber(l.share, 1)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {props.map ? <AreaMap map={props.map} /> : null}
            {props.children.length ? (
              <div class="table-wrap">
                <table>
                  <caption>{props.childrenCaption}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Đơn vị</th>
                      {props.childrenAreCommunes ? (
                        <>
                          <th scope="col">Mức đạt</th>
                          <th scope="col" class="num">Tiêu chí đạt</th>
                        </>
                      ) : (
                        <>
                          <th scope="col" class="num">Số xã</th>
                          <th scope="col" class="num">Đạt {props.baseName} trở lên</th>
                          <th scope="col" class="num">Tỷ lệ (%)</th>
                        </>
                      )}
                    </tr>
                  </thead>
                  <tbody>
                    {props.children.map((c) => (
                      <tr>
                        <th scope="row">
                          <a href={`/public/progress/${c.code}`}>{c.name}</a>
                        </th>
                        {props.childrenAreCommunes ? (
                          <>
                            <td>{c.level}</td>
                            <td class="num">{c.met}</td>
                          </>
                        ) : (
                          <>
                            <td class="num">{formatNumber(c.communes ?? 0)}</td>
                            <td class="num">{formatNumber(c.reached ?? 0)}</td>
                            <td class="num">{formatNumber(c.share ?? 0, 1)}</td>
                          </>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </>
        )}
        <p class="muted">
          <a href="/login">Cán bộ đăng nhập</a> để xem chi tiết từng tiêu chí.
        </p>
      </div>
    </Page>
  );
}
