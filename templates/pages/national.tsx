// The national progress page (issue 19, national mode): every registered province's last pulled figures, their
// age, a flag on provinces that did not answer the last pull, and totals by region.
import { Page, type LayoutUser } from "../layouts/page";
import { formatDateTime, formatNumber } from "../../src/domain/format";
import { ageLabel, regionName, type NationalRow, type RegionTotal } from "../../src/domain/national";
import { AreaMap } from "../components/area-map";
import type { MapView } from "../../src/web/map-view";

const pct = (n: number, of: number) => (of > 0 ? `${formatNumber((100 * n) / of, 1)}%` : "—");

export function NationalPage(props: { user: LayoutUser; csrfToken: string; rows: NationalRow[]; regions: RegionTotal[]; lastPull: string | null; map?: MapView }) {
  const unreachable = props.rows.filter((r) => r.unreachable).length;
  return (
    <Page title="Tiến độ nông thôn mới toàn quốc" user={props.user} csrfToken={props.csrfToken} wide>
      <h1>Tiến độ nông thôn mới toàn quốc</h1>
      <p>
        Số liệu lấy định kỳ từ {props.rows.length.toLocaleString("vi-VN")} tỉnh, thành phố đã đăng ký (qua API của từng tỉnh).
        {props.lastPull ? ` Lần lấy gần nhất: ${formatDateTime(props.lastPull)}.` : " Chưa lấy lần nào."}
        {unreachable ? ` ${unreachable} tỉnh không phản hồi lần gần nhất: giữ số liệu lần trước, có ghi tuổi số liệu.` : ""}
      </p>
      {props.map ? <AreaMap map={props.map} /> : null}
      <div class="table-wrap">
        <table id="national-provinces">
          <caption>Theo tỉnh, thành phố</caption>
          <thead>
            <tr>
              <th scope="col">Tỉnh, thành phố</th>
              <th scope="col">Vùng</th>
              <th scope="col">Số xã</th>
              <th scope="col">Đạt chuẩn trở lên</th>
              <th scope="col">Tổng tiêu chí đạt</th>
              <th scope="col">Đã công nhận</th>
              <th scope="col">Số liệu lúc</th>
              <th scope="col">Trạng thái</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr id={`tinh-${r.code}`} class={r.unreachable ? "stale" : undefined}>
                <th scope="row">
                  <a href={`${r.baseUrl.replace(/\/+$/, "")}/public/progress/${r.code}`}>{r.name}</a>
                </th>
                <td>{regionName(r.region)}</td>
                <td class="num">{r.figures ? formatNumber(r.figures.communes) : "—"}</td>
                <td class="num">{r.figures ? `${formatNumber(r.figures.reached)} (${pct(r.figures.reached, r.figures.setCommunes)})` : "—"}</td>
                <td class="num" data-field="criteria-met">{r.figures ? formatNumber(r.figures.criteriaMetSum) : "—"}</td>
                <td class="num">{r.figures ? formatNumber(r.figures.recognised) : "—"}</td>
                <td data-field="age">
                  {r.fetchedAt ? (
                    <>
                      <time datetime={r.fetchedAt}>{formatDateTime(r.fetchedAt)}</time> ({ageLabel(r.ageMinutes)})
                    </>
                  ) : (
                    ageLabel(null)
                  )}
                </td>
                <td data-field="status">
                  {!r.unreachable ? "Đã cập nhật" : r.lastError ? <strong>Không phản hồi ({r.lastError}): giữ số liệu lần trước</strong> : <strong>Chưa lấy được số liệu</strong>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="table-wrap">
        <table>
          <caption>Theo vùng</caption>
          <thead>
            <tr><th scope="col">Vùng</th><th scope="col">Số tỉnh</th><th scope="col">Số xã</th><th scope="col">Đạt chuẩn trở lên</th><th scope="col">Đã công nhận</th><th scope="col">Tỉnh không phản hồi</th></tr>
          </thead>
          <tbody>
            {props.regions.map((t) => (
              <tr>
                <th scope="row">{regionName(t.region)}</th>
                <td class="num">{formatNumber(t.provinces)}</td>
                <td class="num">{formatNumber(t.communes)}</td>
                <td class="num">{`${formatNumber(t.reached)} (${pct(t.reached, t.setCommunes)})`}</td>
                <td class="num">{formatNumber(t.recognised)}</td>
                <td class="num">{formatNumber(t.unreachable)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}
