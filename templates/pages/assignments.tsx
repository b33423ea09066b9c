// Support assignments ("nắm"): the admin's list and form, the coverage report, the cadre's board.
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf, FormError, FormKey, type FieldErrors } from "../components/form";
import { formatDate, formatNumber, formatVnd } from "../../src/domain/format";
import { msg } from "../../src/messages";
import { DateField, SelectField, TextField, type Option, type Values } from "../components/fields";

export type AssignmentView = {
  id: number;
  cadreId: number;
  cadreName: string;
  unitCode: string;
  unitName: string;
  unitLevel: string;
  role: string;
  planRef: string | null;
  periodFrom: string;
  periodTo: string | null;
  version: number;
  active: boolean;
};

export function AssignmentsPage(props: { user: LayoutUser; csrfToken: string; rows: AssignmentView[]; history: boolean; cadres: Option[]; cadreId: string; today: string; errors?: FieldErrors }) {
  const query = (h: boolean) => `/admin/assignments?${new URLSearchParams({ ...(props.cadreId ? { cadre: props.cadreId } : {}), ...(h ? { history: "1" } : {}) })}`;
  return (
    <Page title="Phân công cán bộ theo dõi địa bàn" user={props.user} csrfToken={props.csrfToken} wide>
      <h1>Phân công cán bộ theo dõi địa bàn</h1>
      <p class="muted">Tỉnh nắm tới xã; huyện nắm tới ấp, khu phố.</p>
      <ul class="actions">
        <li>
          <a class="button primary" href="/admin/assignments/new">
            Phân công mới
          </a>
        </li>
        <li>
          <a class="button" href="/reports/coverage">
            Độ bao phủ
          </a>
        </li>
      </ul>
      <form method="get" action="/admin/assignments" class="search">
        <label for="f-cadre">Cán bộ</label>
        <select id="f-cadre" name="cadre">
          <option value="">— Tất cả —</option>
          {props.cadres.map((c) => (
            <option value={String(c.value)} selected={String(c.value) === props.cadreId}>
              {c.label}
            </option>
          ))}
        </select>
        {props.history ? <input type="hidden" name="history" value="1" /> : null}
        <button type="submit">Lọc</button>
      </form>
      <nav class="filters tabs" aria-label="Hiện">
        {props.history ? <a href={query(false)}>Chỉ phân công đang hiệu lực</a> : <strong>Đang hiệu lực</strong>} ·{" "}
        {props.history ? <strong>Cả lịch sử</strong> : <a href={query(true)}>Xem cả lịch sử</a>}
      </nav>
      <FormError errors={props.errors} />
      <div class="table-wrap">
        <table class="stack-mobile">
          <caption>{props.rows.length} phân công</caption>
          <thead>
            <tr>
              <th scope="col">Cán bộ</th>
              <th scope="col">Địa bàn</th>
              <th scope="col">Vai trò · Kế hoạch</th>
              <th scope="col">Thời gian</th>
              <th scope="col">
                <span class="visually-hidden">Thao tác</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td data-label="Cán bộ">{r.cadreName}</td>
                <td data-label="Địa bàn">
                  <a href={`/units/${r.unitCode}`}>{r.unitName}</a>
                </td>
                <td data-label="Vai trò">
                  {r.role}
                  {r.planRef ? <small class="muted"> · {r.planRef}</small> : null}
                </td>
                <td data-label="Thời gian">
                  {formatDate(r.periodFrom)} – {r.periodTo ? formatDate(r.periodTo) : "nay"} {r.active ? null : <span class="badge muted">Đã kết thúc</span>}
                </td>
                <td>
                  {r.periodTo === null ? (
                    <form method="post" action={`/admin/assignments/${r.id}/end`} class="stack end-form">
                      <Csrf token={props.csrfToken} />
                      <input type="hidden" name="version" value={String(r.version)} />
                      <label for={`end-${r.id}`} class="visually-hidden">
                        Ngày kết thúc (dd/mm/yyyy)
                      </label>
                      <input id={`end-${r.id}`} type="text" inputmode="numeric" maxlength={10} placeholder="dd/mm/yyyy" name="periodTo" value={formatDate(props.today)} />
                      <button type="submit">Kết thúc</button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}

export function AssignmentFormPage(props: { user: LayoutUser; csrfToken: string; cadres: Option[]; values: Values; errors?: FieldErrors }) {
  const v = props.values;
  return (
    <Page title="Phân công mới" user={props.user} csrfToken={props.csrfToken}>
      <p>
        <a href="/admin/assignments">← Phân công cán bộ</a>
      </p>
      <h1>Phân công cán bộ theo dõi địa bàn</h1>
      <form method="post" action="/admin/assignments" class="stack card" novalidate>
        <Csrf token={props.csrfToken} />
        <FormKey />
        <FormError errors={props.errors} />
        <SelectField name="cadreId" label="Cán bộ" value={v.cadreId} options={props.cadres} errors={props.errors} empty="— Chọn cán bộ —" required />
        <TextField name="unitCode" label="Mã đơn vị theo dõi" value={v.unitCode} errors={props.errors} maxlength={12} required hint="Cán bộ tỉnh: mã xã (5 số, ví dụ 28879). Cán bộ huyện: mã ấp (ví dụ 28879-01)." />
        <TextField name="role" label="Vai trò" value={v.role ?? "Cán bộ phụ trách xã"} errors={props.errors} maxlength={120} required />
        <TextField name="planRef" label="Kế hoạch, văn bản phân công" value={v.planRef} errors={props.errors} maxlength={60} hint="Ví dụ: 23-KH/TU" />
        <DateField name="periodFrom" label="Từ ngày" value={v.periodFrom} errors={props.errors} required />
        <DateField name="periodTo" label="Đến ngày, không bắt buộc" value={v.periodTo} errors={props.errors} />
        <button type="submit" class="primary">
          Phân công
        </button>
      </form>
    </Page>
  );
}

export type CoverageView = {
  areaName: string;
  days: number;
  communes: { total: number; uncovered: { code: string; name: string; parentName: string | null }[] };
  hamlets: { total: number; uncovered: { code: string; name: string; parentName: string | null }[] } | null;
  idle: { id: number; name: string; units: number; lastVisit: string | null }[];
  cadres: { id: number; name: string; units: number; lastVisit: string | null }[];
};

const SHOWN = 200;

export function CoveragePage(props: { user: LayoutUser; csrfToken: string; c: CoverageView; canConfigure: boolean; errors?: FieldErrors }) {
  const c = props.c;
  const list = (rows: CoverageView["communes"]["uncovered"]) => (
    <details open={rows.length <= 30}>
      <summary>{rows.length <= 30 ? "Danh sách" : `Xem danh sách ${formatNumber(rows.length)} đơn vị`}</summary>
    <ul class="columns">
      {rows.slice(0, SHOWN).map((u) => (
        <li>
          <a href={`/units/${u.code}`}>{u.name}</a>
          {u.parentName ? <small class="muted"> · {u.parentName}</small> : null}
        </li>
      ))}
      {rows.length > SHOWN ? <li class="muted">… và {formatNumber(rows.length - SHOWN)} đơn vị khác</li> : null}
    </ul>
    </details>
  );
  return (
    <Page title="Độ bao phủ phân công" user={props.user} csrfToken={props.csrfToken} wide>
      <h1>Độ bao phủ phân công: {c.areaName}</h1>
      <dl class="facts">
        <div>
          <dt>Xã có cán bộ tỉnh theo dõi</dt>
          <dd id="communes-covered">
            {formatNumber(c.communes.total - c.communes.uncovered.length)}/{formatNumber(c.communes.total)}
          </dd>
        </div>
        {c.hamlets ? (
          <div>
            <dt>Ấp có cán bộ huyện theo dõi</dt>
            <dd>
              {formatNumber(c.hamlets.total - c.hamlets.uncovered.length)}/{formatNumber(c.hamlets.total)}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Cán bộ chưa đi cơ sở {c.days} ngày</dt>
          <dd id="idle-count">{formatNumber(c.idle.length)}</dd>
        </div>
      </dl>
      <section class="card" aria-labelledby="idle-h">
        <h2 id="idle-h">Cán bộ không có chuyến thăm trong {c.days} ngày</h2>
        <form method="get" action="/reports/coverage" class="search">
          <label for="f-days">Số ngày</label>
          <input id="f-days" name="days" type="number" min="1" max="365" value={String(c.days)} inputmode="numeric" />
          <button type="submit">Xem</button>
        </form>
        {c.idle.length === 0 ? (
          <p>Tất cả cán bộ được phân công đều có chuyến thăm trong {c.days} ngày qua.</p>
        ) : (
          <ul id="idle-list">
            {c.idle.map((x) => (
              <li>
                <a href={`/admin/assignments?cadre=${x.id}`}>{x.name}</a> · {x.units} địa bàn · {x.lastVisit ? `lần cuối ${formatDate(x.lastVisit)}` : "chưa có chuyến thăm nào"}
              </li>
            ))}
          </ul>
        )}
        {props.canConfigure ? (
          <form method="post" action="/reports/coverage/settings" class="search" novalidate>
            <Csrf token={props.csrfToken} />
            <label for="f-gap">Số ngày mặc định của tỉnh</label>
            <input id="f-gap" name="visitGapDays" type="number" min="1" max="365" value={String(c.days)} inputmode="numeric" aria-invalid={props.errors?.visitGapDays ? "true" : undefined} />
            <button type="submit">Lưu mặc định</button>
            {props.errors?.visitGapDays ? <p class="error-text">{props.errors.visitGapDays}</p> : null}
          </form>
        ) : null}
      </section>
      <section class="card" aria-labelledby="uc-h">
        <h2 id="uc-h">Xã chưa có cán bộ tỉnh theo dõi ({formatNumber(c.communes.uncovered.length)})</h2>
        {c.communes.uncovered.length ? list(c.communes.uncovered) : <p>Tất cả các xã đã có cán bộ theo dõi.</p>}
      </section>
      {c.hamlets ? (
        <section class="card" aria-labelledby="uh-h">
          <h2 id="uh-h">Ấp, khu phố chưa có cán bộ huyện theo dõi ({formatNumber(c.hamlets.uncovered.length)})</h2>
          {c.hamlets.uncovered.length ? list(c.hamlets.uncovered) : <p>Tất cả các ấp đã có cán bộ theo dõi.</p>}
        </section>
      ) : null}
    </Page>
  );
}

export type BoardView = {
  code: string;
  name: string;
  level: string;
  commune: { code: string; name: string };
  role: string;
  planRef: string | null;
  periodFrom: string;
  levelReached: string | null;
  criteriaMet: number | null;
  criteriaTotal: number | null;
  lastVisit: string | null;
  openFeedback: number;
  sponsorReceived: number;
};

export function CadreBoardPage(props: { user: LayoutUser; csrfToken: string; rows: BoardView[]; displayName: string; gapDays: number; today: string; overdueSince: string }) {
  return (
    <Page title="Địa bàn được phân công" user={props.user} csrfToken={props.csrfToken} wide>
      <h1>Địa bàn được phân công</h1>
      <p class="muted">{props.displayName}: các xã, ấp đang theo dõi, mới nhất về tiêu chí, chuyến thăm, phản ánh và mạnh thường quân.</p>
      {props.rows.length === 0 ? <p>Bạn chưa được phân công theo dõi địa bàn nào.</p> : null}
      <ul class="board">
        {props.rows.map((r) => {
          const stale = r.lastVisit === null || r.lastVisit < props.overdueSince;
          return (
            <li class="card board-item" id={`board-${r.code}`}>
              <h2>
                <a href={`/units/${r.code}`}>{r.name}</a>
                {r.level === "hamlet" ? <small class="muted"> · {r.commune.name}</small> : null}
              </h2>
              <p class="muted">
                {r.role}
                {r.planRef ? ` · ${r.planRef}` : ""} · từ {formatDate(r.periodFrom)}
              </p>
              <dl class="facts">
                <div>
                  <dt>Mức đạt</dt>
                  <dd>{r.levelReached ? msg.levelShort[r.levelReached] ?? r.levelReached : msg.noLevel}</dd>
                </div>
                <div>
                  <dt>Tiêu chí đạt</dt>
                  <dd>{r.criteriaMet === null ? "—" : `${r.criteriaMet}${r.criteriaTotal ? `/${r.criteriaTotal}` : ""}`}</dd>
                </div>
                <div>
                  <dt>Chuyến thăm gần nhất</dt>
                  <dd class={stale ? "bad-text" : undefined}>{r.lastVisit ? formatDate(r.lastVisit) : "Chưa có"}</dd>
                </div>
                <div>
                  <dt>Phản ánh đang chờ</dt>
                  <dd>{formatNumber(r.openFeedback)}</dd>
                </div>
                <div>
                  <dt>Mạnh thường quân đã đóng góp</dt>
                  <dd>{formatVnd(r.sponsorReceived)}</dd>
                </div>
              </dl>
              <p class="board-links">
                <a class="button primary" href={`/communes/${r.commune.code}/visits/new${r.level === "hamlet" ? `?place=${r.code}` : ""}`}>
                  Ghi nhận chuyến thăm
                </a>
                <a href={`/communes/${r.commune.code}/feedback`}>Phản ánh</a>
                <a href={`/communes/${r.commune.code}/visits`}>Chuyến thăm</a>
                <a href={`/communes/${r.commune.code}/checklist`}>Bộ tiêu chí</a>
                <a href={`/communes/${r.commune.code}/contributions`}>Mạnh thường quân</a>
              </p>
            </li>
          );
        })}
      </ul>
      <p class="muted">Xã chưa có chuyến thăm trong {props.gapDays} ngày được tô đỏ.</p>
    </Page>
  );
}
