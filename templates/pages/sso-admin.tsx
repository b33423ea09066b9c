// Admin page (issue 19): e-mails that log in through Cloudflare Access (SSO) and the account each maps to.
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf, Field, FormError, type FieldErrors } from "../components/form";
import { formatDateTime } from "../../src/domain/format";
import type { IdentityRow } from "../../src/web/admin-view";

export function SsoAdminPage(props: { user: LayoutUser; csrfToken: string; rows: IdentityRow[]; enabled: boolean; adminRequired: boolean; form: { email: string; username: string }; errors?: FieldErrors; notice?: string }) {
  return (
    <Page title="Đăng nhập một lần (SSO)" user={props.user} csrfToken={props.csrfToken} wide>
      <h1>Đăng nhập một lần (SSO)</h1>
      <p>
        {props.enabled
          ? "SSO đang bật: người dùng đi qua Cloudflare Access với e-mail dưới đây được đăng nhập vào tài khoản tương ứng. Người không có SSO vẫn đăng nhập bằng mật khẩu."
          : "SSO chưa bật (cần đặt ACCESS_ISSUER và ACCESS_AUD cho ứng dụng). Có thể gắn e-mail trước."}{" "}
        {props.adminRequired ? "Trang quản trị đang yêu cầu SSO (ADMIN_REQUIRE_SSO)." : "Trang quản trị chưa yêu cầu SSO."}
      </p>
      {props.notice ? <p class="alert info" role="status">{props.notice}</p> : null}
      <h2>Gắn e-mail với tài khoản</h2>
      <form method="post" action="/admin/sso">
        <Csrf token={props.csrfToken} />
        <FormError errors={props.errors} />
        <Field name="email" label="E-mail (như Cloudflare Access xác thực)" type="email" value={props.form.email} required maxlength={254} errors={props.errors} />
        <Field name="username" label="Tài khoản" value={props.form.username} required maxlength={64} errors={props.errors} />
        <button type="submit">Gắn</button>
      </form>
      <div class="table-wrap">
        <table>
          <caption>{props.rows.length} e-mail</caption>
          <thead><tr><th scope="col">E-mail</th><th scope="col">Tài khoản</th><th scope="col">Gắn lúc</th><th scope="col"></th></tr></thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>{r.email}</td>
                <td>{r.username} <span class="muted">({r.displayName})</span></td>
                <td>{formatDateTime(r.createdAt)}</td>
                <td>
                  <form method="post" action="/admin/sso/unlink">
                    <Csrf token={props.csrfToken} />
                    <input type="hidden" name="email" value={r.email} />
                    <button type="submit">Bỏ gắn</button>
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
