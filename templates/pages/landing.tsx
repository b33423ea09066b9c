// The public's way in (`/` without login): find a commune, the province's summary, the latest recognitions, the
// public ledgers; a discreet login link sits in the header (layouts/page.tsx).
import { Page } from "../layouts/page";
import { formatDate, formatNumber } from "../../src/domain/format";
import type { PublicHit, PublicProvince, RecentRecognition } from "../../src/web/landing-view";

export type LandingSummary = {
  code: string;
  name: string;
  setName: string;
  communes: number;
  baseName: string;
  reached: number;
  reachedShare: number;
  levels: { name: string; communes: number; share: number }[];
  asOf: string;
};

export function LandingPage(props: {
  csrfToken: string;
  q: string;
  hits: PublicHit[] | null;
  provinces: PublicProvince[];
  summaries: LandingSummary[];
  recent: (RecentRecognition & { levelName: string })[];
}) {
  return (
    <Page
      title="Thông tin công khai"
      user={null}
      csrfToken={props.csrfToken}
      description="Tiến độ xây dựng nông thôn mới của tỉnh, các xã đã được công nhận và đóng góp của mạnh thường quân: thông tin công khai, không cần đăng nhập."
    >
      <h1>Xây dựng nông thôn mới: thông tin công khai</h1>
      <p>Tiến độ của tỉnh và từng xã, các xã đã được công nhận, đóng góp của mạnh thường quân và công trình của xã.</p>
      <form class="search" method="get" action="/" role="search">
        <label for="q">Tìm xã, phường, đặc khu</label>
        <input id="q" name="q" type="search" value={props.q} maxlength={60} autocomplete="off" placeholder="Ví dụ: Phú Phụng" />
        <button type="submit" class="primary">
          Tìm
        </button>
      </form>
      {props.hits === null ? null : props.hits.length === 0 ? (
        <p class="alert info" role="status">
          Không tìm thấy xã nào có tên bắt đầu bằng “{props.q}”.
        </p>
      ) : (
        <section aria-labelledby="hits-h">
          <h2 id="hits-h">Kết quả tìm “{props.q}” ({props.hits.length})</h2>
          <ul class="hits">
            {props.hits.map((h) => (
              <li class="card">
                <strong>{h.name}</strong>
                {h.parentName ? <span class="muted"> · {h.parentName}</span> : null}
                <span class="hit-links">
                  <a href={`/public/progress/${h.code}`}>Tiến độ của {h.name}</a>
                  <a href={`/public/communes/${h.code}`}>Đóng góp, công trình của {h.name}</a>
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {props.summaries.map((s) => (
        <section class="card" aria-labelledby={`sum-${s.code}`}>
          <h2 id={`sum-${s.code}`}>{s.name}</h2>
          <p class="muted small">
            {s.setName} · Số liệu lúc {s.asOf}
          </p>
          <div class="kpis">
            <div class="kpi">
              <span class="kpi-value">{formatNumber(s.communes)}</span>
              <span class="kpi-label">xã</span>
            </div>
            <div class="kpi">
              <span class="kpi-value">
                {formatNumber(s.reached)} ({formatNumber(s.reachedShare, 1)}%)
              </span>
              <span class="kpi-label">xã đạt chuẩn {s.baseName} trở lên</span>
            </div>
          </div>
          <table class="no-cards">
            <caption>Số xã theo mức đạt hiện tại</caption>
            <thead>
              <tr>
                <th scope="col">Mức đạt</th>
                <th scope="col" class="num">
                  Số xã
                </th>
                <th scope="col" class="num">
                  Tỷ lệ
                </th>
              </tr>
            </thead>
            <tbody>
              {s.levels.map((l) => (
                <tr>
                  <th scope="row">{l.name}</th>
                  <td class="num">{formatNumber(l.communes)}</td>
                  <td class="num">{formatNumber(l.share, 1)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <a href={`/public/progress/${s.code}`}>Tiến độ từng xã của {s.name}</a>
          </p>
        </section>
      ))}
      {props.summaries.length === 0 && props.provinces.length ? (
        <section aria-labelledby="provinces-h">
          <h2 id="provinces-h">Tiến độ theo tỉnh, thành phố</h2>
          <ul class="columns">
            {props.provinces.map((p) => (
              <li>
                <a href={`/public/progress/${p.code}`}>{p.name}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="recent-h">
        <h2 id="recent-h">Xã mới được công nhận</h2>
        {props.recent.length === 0 ? (
          <p class="muted">Chưa có quyết định công nhận nào.</p>
        ) : (
          <ul class="recent">
            {props.recent.map((r) => (
              <li>
                <a href={`/public/progress/${r.communeCode}`}>{r.communeName}</a>: đạt chuẩn {r.levelName}
                {r.decisionNumber ? ` (Quyết định ${r.decisionNumber}${r.decisionDate ? `, ${formatDate(r.decisionDate)}` : ""})` : ""}
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href="/public/recognitions">Tất cả xã đã được công nhận</a>
        </p>
      </section>
      <section aria-labelledby="ledger-h">
        <h2 id="ledger-h">Đóng góp của mạnh thường quân</h2>
        <p>Mỗi xã công khai các khoản đóng góp (theo sự đồng ý của người đóng góp), công trình và phiếu thu. Tìm xã ở trên rồi chọn “Đóng góp, công trình”; người đóng góp tra cứu phiếu thu của mình bằng số phiếu và mã kiểm tra.</p>
      </section>
    </Page>
  );
}
