import { formatDate } from "../../src/domain/format";
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf, Field, FormError, FormKey, Select, type FieldErrors } from "../components/form";
import { msg } from "../../src/messages";
import { ROLES, type Role } from "../../src/db/schema";

export type UserListRow = { id: number; username: string; displayName: string; role: Role; disabled: boolean; unitName: string; unitCode: string };
type Dept = { id: number; name: string };

const roleOptions = ROLES.map((r) => ({ value: r, label: msg.roles[r] }));

/** An account scoped to a unit closed by the 2025 merger, with the unit(s) that succeeded it. */
export type RescopeRow = { id: number; username: string; displayName: string; unitName: string; unitCode: string; validTo: string; successors: string[] };

export function RescopeSection(props: { rows: RescopeRow[] }) {
  if (props.rows.length === 0) return null;
  return (
    <section aria-labelledby="rescope-h" id="rescope">
      <h2 id="rescope-h">Tài khoản cần chuyển phạm vi ({props.rows.length})</h2>
      <p>Các tài khoản này gắn với đơn vị đã kết thúc sau sắp xếp năm 2025: họ chỉ xem được dữ liệu lưu trữ. Mở tài khoản và đổi mã đơn vị sang đơn vị kế thừa.</p>
      <div class="table-wrap">
        <table>
          <caption>Tài khoản gắn với đơn vị đã kết thúc</caption>
          <thead>
            <tr><th scope="col">Tên đăng nhập</th><th scope="col">Họ tên</th><th scope="col">Đơn vị cũ</th><th scope="col">Kết thúc</th><th scope="col">Đơn vị kế thừa</th></tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td><a href={`/admin/users/${r.id}`}>{r.username}</a></td>
                <td>{r.displayName}</td>
                <td>{r.unitName} <span class="code">({r.unitCode})</span></td>
                <td>{formatDate(r.validTo)}</td>
                <td>{r.successors.length ? r.successors.join(", ") : "Chưa xác định"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function UserListPage(props: { user: LayoutUser; csrfToken: string; users: UserListRow[]; rescope?: RescopeRow[] }) {
  return (
    <Page title={msg.users} user={props.user} csrfToken={props.csrfToken}>
      <h1>{msg.users}</h1>
      <p><a class="button primary" href="/admin/users/new">Thêm người dùng</a> <a class="button" href="/admin/sessions">Phiên đăng nhập</a></p>
      <RescopeSection rows={props.rescope ?? []} />
      <div class="table-wrap">
        <table>
          <caption>{props.users.length} tài khoản</caption>
          <thead>
            <tr><th scope="col">Tên đăng nhập</th><th scope="col">Họ tên</th><th scope="col">Vai trò</th><th scope="col">Phạm vi</th><th scope="col">Trạng thái</th></tr>
          </thead>
          <tbody>
            {props.users.map((u) => (
              <tr>
                <td><a href={`/admin/users/${u.id}`}>{u.username}</a></td>
                <td>{u.displayName}</td>
                <td>{msg.roles[u.role]}</td>
                <td>{u.unitName} <span class="code">({u.unitCode})</span></td>
                <td>{u.disabled ? <span class="badge bad">Đã khóa</span> : <span class="badge good">Hoạt động</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}

export type UserFormValues = { username?: string; displayName?: string; role?: string; unitCode?: string; departmentId?: string | number | null; version?: number };

export function UserForm(props: { csrfToken: string; action: string; values: UserFormValues; departments: Dept[]; errors?: FieldErrors; isNew: boolean }) {
  const v = props.values;
  return (
    <form id="user-form" method="post" action={props.action} hx-post={props.action} hx-target="this" hx-swap="outerHTML" class="stack" novalidate>
      <Csrf token={props.csrfToken} />
      {props.isNew ? <FormKey /> : null}
      <FormError errors={props.errors} />
      {props.isNew ? (
        <Field name="username" label={msg.username} value={v.username} errors={props.errors} maxlength={64} required hint="Chữ không dấu, số, dấu chấm; ví dụ: xa.vinhbinh" />
      ) : (
        <input type="hidden" name="version" value={String(v.version ?? 1)} />
      )}
      <Field name="displayName" label="Họ tên hoặc tên đơn vị" value={v.displayName} errors={props.errors} maxlength={120} />
      <Select name="role" label="Vai trò" value={v.role} options={roleOptions} errors={props.errors} />
      <Field name="unitCode" label="Mã đơn vị (phạm vi)" value={v.unitCode} errors={props.errors} maxlength={12} inputmode="numeric" hint="Mã GSO: tỉnh 2 số, huyện 3 số, xã 5 số" />
      <Select name="departmentId" label="Sở, ngành (chỉ với vai trò Sở, ngành)" value={v.departmentId} options={props.departments.map((d) => ({ value: d.id, label: d.name }))} emptyLabel="— Không —" errors={props.errors} />
      {props.isNew ? <Field name="password" label="Mật khẩu ban đầu" type="password" errors={props.errors} autocomplete="new-password" hint={msg.passwordPolicy} /> : null}
      <button type="submit" class="primary">{props.isNew ? "Tạo tài khoản" : "Lưu thay đổi"}</button>
    </form>
  );
}

export function UserFormPage(props: { user: LayoutUser; csrfToken: string; title: string; form: Parameters<typeof UserForm>[0]; extra?: unknown }) {
  return (
    <Page title={props.title} user={props.user} csrfToken={props.csrfToken}>
      <p><a href="/admin/users">← {msg.users}</a></p>
      <h1>{props.title}</h1>
      <UserForm {...props.form} />
      {props.extra as never}
    </Page>
  );
}

export function UserAccountActions(props: { csrfToken: string; id: number; disabled: boolean; errors?: FieldErrors; notice?: string }) {
  return (
    <section id="account-actions" class="card">
      <h2>Tài khoản</h2>
      {props.notice ? <p class="alert info" role="status">{props.notice}</p> : null}
      <FormError errors={props.errors} />
      <form method="post" action={`/admin/users/${props.id}/${props.disabled ? "enable" : "disable"}`} hx-post={`/admin/users/${props.id}/${props.disabled ? "enable" : "disable"}`} hx-target="#account-actions" hx-swap="outerHTML">
        <Csrf token={props.csrfToken} />
        <button type="submit">{props.disabled ? "Mở khóa tài khoản" : "Khóa tài khoản"}</button>
      </form>
      <form method="post" action={`/admin/users/${props.id}/password`} hx-post={`/admin/users/${props.id}/password`} hx-target="#account-actions" hx-swap="outerHTML" class="stack" novalidate>
        <Csrf token={props.csrfToken} />
        <Field name="password" label="Đặt lại mật khẩu" type="password" errors={props.errors} autocomplete="new-password" hint={msg.passwordPolicy} />
        <button type="submit">Đặt lại mật khẩu</button>
      </form>
    </section>
  );
}
