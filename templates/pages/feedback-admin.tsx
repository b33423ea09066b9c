// Admin pages of the feedback loop: categories (lĩnh vực → default department, SLA in working days) and
// the public holiday list the deadlines skip.
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf, FormError, type FieldErrors } from "../components/form";
import { formatDate } from "../../src/domain/format";
import { dayOfWeek } from "../../src/domain/working-days";
import { DateField, SelectField, TextField, type Option, type Values } from "../components/fields";

export type CategoryRow = { id: number; name: string; defaultDepartmentId: number | null; departmentName: string | null; slaDays: number; active: boolean };

export function CategoryForm(props: { csrfToken: string; id: number | null; values: Values; errors?: FieldErrors; departments: Option[] }) {
  const action = props.id ? `/admin/feedback-categories/${props.id}` : "/admin/feedback-categories";
  const v = props.values;
  return (
    <form method="post" action={action} class="stack card" novalidate>
      <h2>{props.id ? `Sửa lĩnh vực “${v.name ?? ""}”` : "Thêm lĩnh vực"}</h2>
      <Csrf token={props.csrfToken} />
      <FormError errors={props.errors} />
      <TextField name="name" label="Tên lĩnh vực" value={v.name} errors={props.errors} maxlength={120} required />
      <SelectField name="defaultDepartmentId" label="Sở, ngành phụ trách mặc định" value={v.defaultDepartmentId} options={props.departments} errors={props.errors} empty="— Không (Văn phòng Điều phối chuyển) —" />
      <TextField name="slaDays" label="Thời hạn trả lời (ngày làm việc)" type="number" value={v.slaDays ?? "10"} errors={props.errors} min="1" max="60" />
      <div class="field">
        <label>
          <input type="checkbox" name="active" value="1" checked={v.active !== "0"} /> Đang dùng
        </label>
      </div>
      <button type="submit" class="primary">
        {props.id ? "Lưu" : "Thêm lĩnh vực"}
      </button>
    </form>
  );
}

export function CategoriesPage(props: { user: LayoutUser; csrfToken: string; rows: CategoryRow[]; form: Parameters<typeof CategoryForm>[0] }) {
  return (
    <Page title="Lĩnh vực phản ánh" user={props.user} csrfToken={props.csrfToken}>
      <h1>Lĩnh vực phản ánh, kiến nghị</h1>
      <p>
        <a href="/admin/holidays">Ngày nghỉ lễ, Tết</a> · <a href="/reports/coverage">Phân công và độ bao phủ</a>
      </p>
      <div class="table-wrap">
        <table>
          <caption>{props.rows.length} lĩnh vực</caption>
          <thead>
            <tr>
              <th scope="col">Lĩnh vực</th>
              <th scope="col">Sở, ngành mặc định</th>
              <th scope="col" class="num">Thời hạn</th>
              <th scope="col">Trạng thái</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>
                  <a href={`/admin/feedback-categories?edit=${r.id}`}>{r.name}</a>
                </td>
                <td>{r.departmentName ?? <span class="muted">Văn phòng Điều phối chuyển</span>}</td>
                <td class="num">{r.slaDays} ngày làm việc</td>
                <td>{r.active ? <span class="badge good">Đang dùng</span> : <span class="badge muted">Ngừng dùng</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CategoryForm {...props.form} />
    </Page>
  );
}

const WEEKDAYS = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

export function HolidaysPage(props: { user: LayoutUser; csrfToken: string; year: number; rows: { date: string; name: string; national: boolean }[]; values: Values; errors?: FieldErrors; notice?: string }) {
  return (
    <Page title={`Ngày nghỉ lễ, Tết năm ${props.year}`} user={props.user} csrfToken={props.csrfToken}>
      <h1>Ngày nghỉ lễ, Tết năm {props.year}</h1>
      <p class="muted">
        Hạn trả lời phản ánh tính theo ngày làm việc: bỏ thứ Bảy, Chủ nhật và các ngày trong danh sách này. Ngày lễ rơi vào cuối tuần thì nhập ngày nghỉ bù. Các ngày theo âm lịch (Tết Nguyên đán,
        Giỗ Tổ Hùng Vương) cần kiểm tra theo thông báo lịch nghỉ hằng năm của Chính phủ. Ngày nghỉ toàn quốc dùng chung cho mọi tỉnh và không xoá được ở đây; ngày tỉnh
        thêm chỉ áp dụng cho tỉnh mình.
      </p>
      <nav class="filters" aria-label="Chọn năm">
        <a href={`/admin/holidays?year=${props.year - 1}`}>← Năm {props.year - 1}</a> · <a href={`/admin/holidays?year=${props.year + 1}`}>Năm {props.year + 1} →</a>
      </nav>
      {props.notice ? (
        <div class="alert info" role="status">
          {props.notice}
        </div>
      ) : null}
      <div class="table-wrap">
        <table>
          <caption>{props.rows.length} ngày nghỉ</caption>
          <thead>
            <tr>
              <th scope="col">Ngày</th>
              <th scope="col">Thứ</th>
              <th scope="col">Tên</th>
              <th scope="col">Phạm vi</th>
              <th scope="col">
                <span class="visually-hidden">Xóa</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((h) => (
              <tr>
                <td>{formatDate(h.date)}</td>
                <td>{WEEKDAYS[dayOfWeek(h.date)]}</td>
                <td>{h.name}</td>
                <td>{h.national ? "Toàn quốc" : "Riêng của tỉnh"}</td>
                <td>
                  {h.national ? null : (
                    <form method="post" action={`/admin/holidays/${h.date}/delete`} class="inline">
                      <Csrf token={props.csrfToken} />
                      <button type="submit" class="link" aria-label={`Xóa ngày ${formatDate(h.date)}`}>
                        Xóa
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form method="post" action="/admin/holidays" class="stack card" novalidate>
        <h2>Thêm ngày nghỉ</h2>
        <Csrf token={props.csrfToken} />
        <FormError errors={props.errors} />
        <DateField name="date" label="Ngày" value={props.values.date} errors={props.errors} required />
        <TextField name="name" label="Tên ngày nghỉ" value={props.values.name} errors={props.errors} maxlength={120} required />
        <button type="submit" class="primary">
          Thêm
        </button>
      </form>
      <form method="post" action="/admin/holidays/defaults">
        <Csrf token={props.csrfToken} />
        <button type="submit">Nạp danh sách mặc định 2025–2027 (chỉ thêm ngày còn thiếu)</button>
      </form>
    </Page>
  );
}
