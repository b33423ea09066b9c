import { Page, type LayoutUser } from "../layouts/page";
import { Csrf, Field, FormError, type FieldErrors } from "../components/form";
import { formatDateTime } from "../../src/domain/format";
import type { AuditFilters, AuditRow, SessionRow } from "../../src/web/admin-view";
import { msg } from "../../src/messages";

export function SessionsPage(props: { user: LayoutUser; csrfToken: string; sessions: SessionRow[]; notice?: string }) {
  return (
    <Page title="Phiên đăng nhập" user={props.user} csrfToken={props.csrfToken} wide>
      <h1>Phiên đăng nhập đang hoạt động</h1>
      {props.notice ? <p class="alert info" role="status">{props.notice}</p> : null}
      <div class="table-wrap">
        <table>
          <caption>{props.sessions.length} phiên</caption>
          <thead>
            <tr><th scope="col">Tài khoản</th><th scope="col">Bắt đầu</th><th scope="col">Hết hạn</th><th scope="col">Địa chỉ IP</th><th scope="col">Trình duyệt</th><th scope="col"></th></tr>
          </thead>
          <tbody>
            {props.sessions.map((s) => (
              <tr>
                <td>{s.username} <span class="muted">({s.displayName})</span></td>
                <td>{formatDateTime(s.createdAt)}</td>
                <td>{formatDateTime(s.expiresAt)}</td>
                <td>{s.ip ?? ""}</td>
                <td class="small">{(s.userAgent ?? "").slice(0, 80)}</td>
                <td>
                  <form method="post" action="/admin/sessions/end">
                    <Csrf token={props.csrfToken} />
                    <input type="hidden" name="id" value={s.id} />
                    <button type="submit">Kết thúc</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}

export function AuditPage(props: { user: LayoutUser; csrfToken: string; rows: AuditRow[]; filters: AuditFilters; query: string; next?: string | null; error?: string }) {
  const f = props.filters;
  return (
    <Page title="Nhật ký thao tác" user={props.user} csrfToken={props.csrfToken} wide>
      <h1>Nhật ký thao tác</h1>
      <form method="get" action="/admin/audit" class="filters-form">
        <Field name="username" label="Tài khoản" value={f.username} maxlength={64} />
        <Field name="action" label="Hành động (ví dụ indicator_value.update)" value={f.action} maxlength={64} />
        <Field name="entity" label="Đối tượng (ví dụ user, indicator_value)" value={f.entity} maxlength={64} />
        <Field name="from" label="Từ ngày (dd/mm/yyyy)" value={f.from ? f.from.split("-").reverse().join("/") : ""} maxlength={10} />
        <Field name="to" label="Đến ngày (dd/mm/yyyy)" value={f.to ? f.to.split("-").reverse().join("/") : ""} maxlength={10} />
        <button type="submit" class="primary">Lọc</button> <a href={`/admin/audit.csv?${props.query}`}>Tải CSV</a>
      </form>
      {props.error ? <p class="alert error" role="alert">{props.error}</p> : null}
      <div class="table-wrap">
        <table>
          <caption>{props.filters.before ? `${props.rows.length} dòng tiếp theo (tối đa 200 một trang)` : `${props.rows.length} dòng gần nhất (tối đa 200 một trang)`}</caption>
          <thead>
            <tr><th scope="col">Thời gian</th><th scope="col">Người thực hiện</th><th scope="col">Hành động</th><th scope="col">Đối tượng</th><th scope="col">Thay đổi</th></tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>{formatDateTime(r.at)}</td>
                <td>{r.username ?? "(hệ thống)"}</td>
                <td class="code">{r.action}</td>
                <td>{r.entity} {r.entityId ? <span class="code">{r.entityId}</span> : null}</td>
                <td class="small">
                  {r.before ? <div>Trước: {JSON.stringify(r.before).slice(0, 300)}</div> : null}
                  {r.after ? <div>Sau: {JSON.stringify(r.after).slice(0, 300)}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.next ? (
        <p>
          <a href={props.next}>Trang sau (cũ hơn) →</a>
        </p>
      ) : null}
    </Page>
  );
}

export function PasswordForm(props: { csrfToken: string; errors?: FieldErrors }) {
  return (
    <form id="password-form" method="post" action="/me/password" class="stack" novalidate>
      <Csrf token={props.csrfToken} />
      <FormError errors={props.errors} />
      <Field name="current" label="Mật khẩu hiện tại" type="password" autocomplete="current-password" errors={props.errors} />
      <Field name="password" label="Mật khẩu mới" type="password" autocomplete="new-password" errors={props.errors} hint={msg.passwordPolicy} />
      <Field name="confirm" label="Nhập lại mật khẩu mới" type="password" autocomplete="new-password" errors={props.errors} />
      <button type="submit" class="primary">Đổi mật khẩu</button>
    </form>
  );
}

export function PasswordPage(props: { user: LayoutUser; csrfToken: string; errors?: FieldErrors; notice?: string }) {
  return (
    <Page title="Đổi mật khẩu" user={props.user} csrfToken={props.csrfToken}>
      <div class="narrow">
        <h1>Đổi mật khẩu</h1>
        {props.notice ? <p class="alert info" role="status">{props.notice}</p> : null}
        <p class="muted">Sau khi đổi, mọi phiên đăng nhập khác của bạn sẽ kết thúc.</p>
        <PasswordForm csrfToken={props.csrfToken} errors={props.errors} />
      </div>
    </Page>
  );
}
