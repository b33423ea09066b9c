// Admin page (issue 19): the province's API tokens — create (the secret is shown once), list with last use, revoke.
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf, Field, FormError, FormKey, type FieldErrors } from "../components/form";
import { formatDateTime } from "../../src/domain/format";
import { API_RESOURCES, type ApiResource } from "../../src/db/schema";
import type { TokenRow } from "../../src/web/admin-view";
import type { TokenForm } from "../../src/domain/api-token-forms";

export const RESOURCE_LABELS: Record<ApiResource, string> = {
  units: "Đơn vị hành chính",
  criteria: "Bộ tiêu chí",
  checklists: "Bộ tiêu chí của xã (ghi: giá trị chỉ tiêu)",
  progress: "Tiến độ, tổng hợp",
  recognitions: "Công nhận",
  feedback: "Ý kiến, phản ánh (ghi: trả lời)",
  ledger: "Sổ đóng góp công khai",
  exports: "Bảng báo cáo định kỳ (CSV, XLSX)",
};

export function ApiTokensPage(props: { user: LayoutUser; csrfToken: string; tokens: TokenRow[]; form: TokenForm; errors?: FieldErrors; created?: { name: string; secret: string }; notice?: string }) {
  const f = props.form;
  return (
    <Page title="Mã truy cập API" user={props.user} csrfToken={props.csrfToken} wide>
      <h1>Mã truy cập API</h1>
      <p>
        Cấp cho từng hệ thống khác (trung tâm điều hành, văn phòng điện tử, cổng dữ liệu mở, bản tổng hợp quốc gia) một mã riêng. Mã gắn với một tài
        khoản của tỉnh và không làm được gì hơn tài khoản đó; chỉ lưu bản băm của mã. <a href="/api/v1/docs">Tài liệu API</a>.
      </p>
      {props.created ? (
        <div class="alert info" role="status">
          <p>
            Đã tạo mã “{props.created.name}”. Sao chép ngay: mã chỉ hiển thị <strong>một lần</strong>.
          </p>
          <p>
            <code id="new-token">{props.created.secret}</code>
          </p>
        </div>
      ) : null}
      {props.notice ? <p class="alert info" role="status">{props.notice}</p> : null}
      <h2>Tạo mã mới</h2>
      <form method="post" action="/admin/api-tokens">
        <Csrf token={props.csrfToken} />
        <FormKey />
        <FormError errors={props.errors} />
        <Field name="name" label="Tên hệ thống dùng mã" value={f.name} required maxlength={100} errors={props.errors} />
        <Field name="username" label="Tài khoản mà mã thay mặt" value={f.username} required maxlength={64} errors={props.errors} hint="Ví dụ: tài khoản lãnh đạo để đọc tiến độ; tài khoản cán bộ xã để ghi giá trị chỉ tiêu của xã đó." />
        <fieldset class={props.errors?.access ? "field invalid" : "field"}>
          <legend>Quyền</legend>
          <label><input type="radio" name="access" value="read" checked={f.access !== "write"} /> Chỉ đọc</label>
          <label><input type="radio" name="access" value="write" checked={f.access === "write"} /> Đọc và ghi</label>
        </fieldset>
        <fieldset class={props.errors?.resources ? "field invalid" : "field"} aria-describedby={props.errors?.resources ? "f-resources-error" : undefined}>
          <legend>Loại dữ liệu</legend>
          {API_RESOURCES.map((r) => (
            <label><input type="checkbox" name="resources" value={r} checked={f.resources.includes(r)} /> {RESOURCE_LABELS[r]}</label>
          ))}
          {props.errors?.resources ? <p class="error-text" id="f-resources-error">{props.errors.resources}</p> : null}
        </fieldset>
        <Field name="rateLimit" label="Số yêu cầu tối đa mỗi phút" value={f.rateLimit} inputmode="numeric" maxlength={5} errors={props.errors} />
        <button type="submit">Tạo mã</button>
      </form>
      <h2>Các mã của tỉnh</h2>
      <div class="table-wrap">
        <table>
          <caption>{props.tokens.length} mã</caption>
          <thead>
            <tr><th scope="col">Hệ thống</th><th scope="col">Mã (đầu)</th><th scope="col">Tài khoản</th><th scope="col">Quyền</th><th scope="col">Loại dữ liệu</th><th scope="col">Giới hạn/phút</th><th scope="col">Tạo lúc</th><th scope="col">Dùng lần cuối</th><th scope="col">Trạng thái</th></tr>
          </thead>
          <tbody>
            {props.tokens.map((t) => (
              <tr>
                <td>{t.name}</td>
                <td><code>{t.prefix}…</code></td>
                <td>{t.username}</td>
                <td>{t.access === "write" ? "Đọc và ghi" : "Chỉ đọc"}</td>
                <td class="small">{t.resources.map((r) => RESOURCE_LABELS[r] ?? r).join(", ")}</td>
                <td>{t.rateLimit.toLocaleString("vi-VN")}</td>
                <td>{formatDateTime(t.createdAt)}</td>
                <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "chưa dùng"}</td>
                <td>
                  {t.revokedAt ? (
                    `Đã thu hồi ${formatDateTime(t.revokedAt)}`
                  ) : (
                    <form method="post" action={`/admin/api-tokens/${t.id}/revoke`}>
                      <Csrf token={props.csrfToken} />
                      <button type="submit">Thu hồi</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}
