// Issue 21: households followed by the commune (personal data: the commune's staff and the admin only), the
// follow-up form, deletion on request, import from the commune's spreadsheet, suggested indicator values, retention.
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf, FormError, FormKey, type FieldErrors } from "../components/form";
import { SelectField, TextField, type Option, type Values } from "../components/fields";
import { formatDate, formatNumber } from "../../src/domain/format";
import { FIELD_LABELS, HOUSING_LABELS, POVERTY_LABELS } from "../../src/domain/hamlets";
import type { Suggestion } from "../../src/web/hamlets-view";

export type HouseholdView = {
  id: number;
  hamletName: string;
  headName: string;
  address: string;
  poverty: keyof typeof POVERTY_LABELS | null;
  housing: keyof typeof HOUSING_LABELS | null;
  cleanWater: boolean | null;
  sanitation: boolean | null;
  updatedAt: string;
};

const yesNo = (v: boolean | null) => (v === null ? "Chưa rõ" : v ? "Có" : "Không");
const percent = (n: number) => `${n.toLocaleString("vi-VN", { maximumFractionDigits: 1 })}%`;

export const POVERTY_OPTIONS: Option[] = Object.entries(POVERTY_LABELS).map(([value, label]) => ({ value, label }));
export const HOUSING_OPTIONS: Option[] = Object.entries(HOUSING_LABELS).map(([value, label]) => ({ value, label }));
export const YES_NO_OPTIONS: Option[] = [
  { value: "yes", label: "Có" },
  { value: "no", label: "Không" },
];

const PRIVACY = "Dữ liệu cá nhân (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15): chỉ cán bộ xã và quản trị tỉnh được xem; mỗi lần xem danh sách đều được ghi nhật ký; không đưa vào báo cáo công khai.";

const pageHref = (base: string, hamlet: { code: string } | null, page: number) =>
  `${base}?${new URLSearchParams({ ...(hamlet ? { ap: hamlet.code } : {}), ...(page > 1 ? { trang: String(page) } : {}) })}`;

export function HouseholdsPage(props: {
  user: LayoutUser;
  csrfToken: string;
  commune: { code: string; name: string };
  hamlets: { code: string; name: string }[];
  hamlet: { code: string; name: string } | null;
  /** Null when a refused form is shown again (the list is not read then). */
  rows: HouseholdView[] | null;
  /** 200 households a page (?trang=N). */
  pages: { page: number; more: boolean };
  suggestions: Suggestion[];
  canConfirm: boolean;
  retentionMonths: number | null;
  form: { values: Values; errors?: FieldErrors };
  notice?: string;
}) {
  const { commune } = props;
  const base = `/communes/${commune.code}/households`;
  return (
    <Page title={`Hộ gia đình: ${props.hamlet?.name ?? commune.name}`} user={props.user} csrfToken={props.csrfToken} wide>
      <p>
        <a href={`/communes/${commune.code}/hamlets`}>← Ấp, khu phố của {commune.name}</a>
      </p>
      <h1>Hộ gia đình xã theo dõi{props.hamlet ? `: ${props.hamlet.name}` : ""}</h1>
      <p class="alert info">{PRIVACY}</p>
      {props.notice ? (
        <p class="alert success" role="status">
          {props.notice}
        </p>
      ) : null}
      <nav class="filters tabs" aria-label="Ấp">
        {props.hamlet ? <a href={base}>Cả xã</a> : <strong>Cả xã</strong>}
        {props.hamlets.map((h) => (
          <>
            {" · "}
            {props.hamlet?.code === h.code ? <strong>{h.name}</strong> : <a href={`${base}?ap=${encodeURIComponent(h.code)}`}>{h.name}</a>}
          </>
        ))}
      </nav>
      <ul class="actions">
        <li>
          <a class="button" href={`${base}/import`}>
            Nhập từ bảng tính (XLSX, CSV)
          </a>
        </li>
      </ul>
      {props.rows === null ? (
        <p>
          <a href={props.hamlet ? `${base}?ap=${encodeURIComponent(props.hamlet.code)}` : base}>Xem danh sách hộ</a>
        </p>
      ) : (
      <div class="table-wrap">
        <table class="stack-mobile" id="households">
          <caption>{props.pages.page > 1 || props.pages.more ? `Trang ${props.pages.page}: ${formatNumber(props.rows.length)} hộ` : `${formatNumber(props.rows.length)} hộ`}</caption>
          <thead>
            <tr>
              <th scope="col">Chủ hộ</th>
              <th scope="col">Địa chỉ</th>
              <th scope="col">Ấp</th>
              <th scope="col">Nghèo</th>
              <th scope="col">Nhà ở</th>
              <th scope="col">Nước sạch</th>
              <th scope="col">Nhà tiêu HVS</th>
              <th scope="col">Cập nhật</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <th scope="row" data-label="Chủ hộ">
                  <a href={`/households/${r.id}`}>{r.headName}</a>
                </th>
                <td data-label="Địa chỉ">{r.address}</td>
                <td data-label="Ấp">{r.hamletName}</td>
                <td data-label="Nghèo">{r.poverty ? POVERTY_LABELS[r.poverty] : "Chưa rõ"}</td>
                <td data-label="Nhà ở">{r.housing ? HOUSING_LABELS[r.housing] : "Chưa rõ"}</td>
                <td data-label="Nước sạch">{yesNo(r.cleanWater)}</td>
                <td data-label="Nhà tiêu HVS">{yesNo(r.sanitation)}</td>
                <td data-label="Cập nhật">{formatDate(r.updatedAt.slice(0, 10))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      )}
      {props.pages.page > 1 || props.pages.more ? (
        <nav class="pager" aria-label="Trang">
          {props.pages.page > 1 ? <a href={pageHref(base, props.hamlet, props.pages.page - 1)}>← Trang trước</a> : null} · Trang {props.pages.page} ·{" "}
          {props.pages.more ? <a href={pageHref(base, props.hamlet, props.pages.page + 1)}>Trang sau →</a> : null}
        </nav>
      ) : null}
      <Suggestions commune={commune} csrfToken={props.csrfToken} rows={props.suggestions} canConfirm={props.canConfirm} />
      <section class="card" aria-labelledby="add-title">
        <h2 id="add-title">Thêm hộ</h2>
        <form method="post" action={base} class="stack" novalidate>
          <Csrf token={props.csrfToken} />
          <FormKey />
          <FormError errors={props.form.errors} />
          <SelectField name="hamlet" label="Ấp, khu phố" value={props.form.values.hamlet ?? props.hamlet?.code} options={props.hamlets.map((h) => ({ value: h.code, label: h.name }))} errors={props.form.errors} empty="— Chọn ấp —" required />
          <HouseholdFields values={props.form.values} errors={props.form.errors} />
          <button type="submit" class="primary">
            Thêm hộ
          </button>
        </form>
      </section>
      <section class="card" aria-labelledby="retention-title">
        <h2 id="retention-title">Thời hạn lưu trữ</h2>
        <p>
          {props.retentionMonths === null
            ? "Hiện giữ dữ liệu hộ cho tới khi xóa."
            : `Hộ không được cập nhật trong ${props.retentionMonths} tháng sẽ tự động bị xóa (hằng ngày).`}
        </p>
        <form method="post" action={`${base}/retention`} class="stack">
          <Csrf token={props.csrfToken} />
          <TextField name="months" label="Số tháng lưu trữ kể từ lần cập nhật cuối (để trống: giữ tới khi xóa)" value={props.retentionMonths === null ? "" : String(props.retentionMonths)} inputmode="numeric" maxlength={3} />
          <button type="submit">Lưu thời hạn</button>
        </form>
      </section>
    </Page>
  );
}

function Suggestions(props: { commune: { code: string }; csrfToken: string; rows: Suggestion[]; canConfirm: boolean }) {
  return (
    <section class="card" aria-labelledby="suggest-title" id="suggestions">
      <h2 id="suggest-title">Gợi ý giá trị chỉ tiêu từ danh sách hộ</h2>
      {props.rows.length === 0 ? (
        <p class="muted">Bộ tiêu chí của xã chưa có chỉ tiêu nào được gắn với thông tin hộ gia đình (quản trị tỉnh khai báo).</p>
      ) : (
        <ul class="plain stack">
          {props.rows.map((s) => (
            <li id={`suggest-${s.code}`}>
              <strong>
                {s.code} {s.name}
              </strong>
              <br />
              {FIELD_LABELS[s.field]}: {formatNumber(s.counted)}/{formatNumber(s.total)} hộ →{" "}
              <span class="suggested">{s.suggested === null ? "chưa có số liệu" : percent(s.suggested)}</span> · giá trị đang ghi: <span class="current">{s.current === null ? "chưa có" : `${s.current.replace(".", ",")}%`}</span>
              {s.verified ? null : <small class="badge muted"> liên kết chỉ tiêu chưa xác minh</small>}
              {props.canConfirm && s.suggested !== null ? (
                <form method="post" action={`/communes/${props.commune.code}/households/suggestions/${s.indicatorId}`} class="inline">
                  <Csrf token={props.csrfToken} />
                  <input type="hidden" name="version" value={String(s.version)} />
                  <button type="submit">Xác nhận {percent(s.suggested)} vào bộ tiêu chí</button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function HouseholdFields(props: { values: Values; errors?: FieldErrors }) {
  const v = props.values;
  return (
    <>
      <TextField name="headName" label="Chủ hộ" value={v.headName} errors={props.errors} maxlength={120} required />
      <TextField name="address" label="Địa chỉ" value={v.address} errors={props.errors} maxlength={240} required />
      <SelectField name="poverty" label="Hộ nghèo" value={v.poverty} options={POVERTY_OPTIONS} errors={props.errors} empty="Chưa rõ" />
      <SelectField name="housing" label="Nhà ở" value={v.housing} options={HOUSING_OPTIONS} errors={props.errors} empty="Chưa rõ" />
      <SelectField name="cleanWater" label="Dùng nước sạch" value={v.cleanWater} options={YES_NO_OPTIONS} errors={props.errors} empty="Chưa rõ" />
      <SelectField name="sanitation" label="Nhà tiêu hợp vệ sinh" value={v.sanitation} options={YES_NO_OPTIONS} errors={props.errors} empty="Chưa rõ" />
      <TextField name="note" label="Ghi chú theo dõi" value={v.note} errors={props.errors} maxlength={500} rows={2} />
    </>
  );
}

export function HouseholdPage(props: { user: LayoutUser; csrfToken: string; commune: { code: string; name: string }; hamletName: string; id: number; version: number; values: Values; errors?: FieldErrors }) {
  return (
    <Page title="Cập nhật hộ gia đình" user={props.user} csrfToken={props.csrfToken}>
      <p>
        <a href={`/communes/${props.commune.code}/households`}>← Hộ gia đình {props.commune.name}</a>
      </p>
      <h1>Cập nhật hộ gia đình ({props.hamletName})</h1>
      <p class="alert info">{PRIVACY}</p>
      <form method="post" action={`/households/${props.id}`} class="stack card" novalidate>
        <Csrf token={props.csrfToken} />
        <input type="hidden" name="version" value={String(props.version)} />
        <FormError errors={props.errors} />
        <HouseholdFields values={props.values} errors={props.errors} />
        <button type="submit" class="primary">
          Lưu
        </button>
      </form>
      <form method="post" action={`/households/${props.id}/delete`} class="stack card">
        <h2>Xóa hộ khỏi danh sách</h2>
        <Csrf token={props.csrfToken} />
        <SelectField
          name="reason"
          label="Lý do"
          value="request"
          options={[
            { value: "request", label: "Theo yêu cầu của người dân (quyền xóa dữ liệu)" },
            { value: "error", label: "Nhập sai, trùng" },
          ]}
        />
        <p class="muted">Nhật ký chỉ ghi một hộ của ấp đã bị xóa, khi nào, ai xóa và lý do; không giữ tên, địa chỉ hay thông tin theo dõi.</p>
        <button type="submit" class="danger">
          Xóa hộ
        </button>
      </form>
    </Page>
  );
}

export function HouseholdImportPage(props: {
  user: LayoutUser;
  csrfToken: string;
  commune: { code: string; name: string };
  errors: { row: number; message: string }[];
  preview: { rows: number; perHamlet: { name: string; rows: number }[] } | null;
  imported: number | null;
}) {
  const base = `/communes/${props.commune.code}/households`;
  return (
    <Page title={`Nhập hộ gia đình: ${props.commune.name}`} user={props.user} csrfToken={props.csrfToken}>
      <p>
        <a href={base}>← Hộ gia đình {props.commune.name}</a>
      </p>
      <h1>Nhập danh sách hộ từ bảng tính</h1>
      <p>
        Tệp XLSX hoặc CSV, dòng 1 là tên cột: <strong>Ấp</strong>, <strong>Chủ hộ</strong>, <strong>Địa chỉ</strong>, Hộ nghèo (Nghèo, Cận nghèo, Không), Nhà ở (Kiên cố, Bán kiên cố, Nhà tạm), Nước sạch (Có, Không), Nhà tiêu hợp vệ sinh (Có,
        Không), Ghi chú. Chạy thử trước để xem lỗi từng dòng; tệp còn lỗi thì không nhập dòng nào.
      </p>
      <div role="status" id="import-result">
        {props.imported !== null ? <p class="alert success">Đã nhập {formatNumber(props.imported)} hộ.</p> : null}
        {props.preview ? (
          <p class="alert info">
            Chạy thử: {formatNumber(props.preview.rows)} hộ hợp lệ ({props.preview.perHamlet.map((h) => `${h.name}: ${h.rows}`).join("; ")}). Chưa lưu gì.
          </p>
        ) : null}
      </div>
      {props.errors.length ? (
        <div class="alert error" role="alert">
          <p>Tệp có {props.errors.length} lỗi, chưa nhập dòng nào:</p>
          <ul id="import-errors">
            {props.errors.slice(0, 200).map((e) => (
              <li>{e.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={`${base}/import`} enctype="multipart/form-data" class="stack card">
        <Csrf token={props.csrfToken} />
        <FormKey />
        <div class="field">
          <label for="f-file">Tệp bảng tính (.xlsx, .csv; tối đa 1 MB)</label>
          <input id="f-file" type="file" name="file" accept=".xlsx,.csv" required />
        </div>
        <div class="actions">
          <button type="submit" name="mode" value="dry">
            Chạy thử
          </button>
          <button type="submit" name="mode" value="commit" class="primary">
            Nhập
          </button>
        </div>
      </form>
    </Page>
  );
}
