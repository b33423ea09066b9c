// Feedback items: lists (commune, department inbox, overdue) with their status and deadline badges, and the
// new-item form.
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf, FormError, FormKey, type FieldErrors } from "../components/form";
import { DateField, SelectField, TextField, type Option, type Values } from "../components/fields";
import { STATUS_LABELS, type FeedbackStatus, type SlaState } from "../../src/domain/feedback";
import { formatDate } from "../../src/domain/format";

const STATUS_CLASS: Record<FeedbackStatus, string> = { new: "warn", routed: "info", in_progress: "info", answered: "good", closed: "muted", returned: "bad" };

export function StatusBadge(props: { status: FeedbackStatus }) {
  return <span class={`badge ${STATUS_CLASS[props.status]} status-${props.status}`}>{STATUS_LABELS[props.status]}</span>;
}

/** Deadline state: "còn 3 ngày làm việc", "quá hạn 2 ngày làm việc", "đến hạn hôm nay"; with the due date. */
export function SlaBadge(props: { sla: SlaState; dueDate: string; status: FeedbackStatus; daysLeft?: number | null }) {
  const s = props.sla;
  const d = props.daysLeft;
  if (props.status === "answered" || props.status === "closed") {
    return s.overdue ? <span class="badge bad">Trả lời trễ hạn</span> : <span class="badge good">Trả lời đúng hạn</span>;
  }
  const due = <span class="date"> · hạn {formatDate(props.dueDate)}</span>;
  if (s.level === "overdue") return <span class="badge bad">{d != null && d < 0 ? `Quá hạn ${-d} ngày làm việc` : "Quá hạn"}{due}</span>;
  if (s.level === "due" || d === 0) return <span class="badge bad">Đến hạn hôm nay</span>;
  if (d != null) return <span class={s.level === "warn" ? "badge warn" : "badge muted"}>Còn {d} ngày làm việc{due}</span>;
  if (s.level === "warn") return <span class="badge warn">Đã dùng {s.usedPercent}% thời hạn</span>;
  return <span class="badge muted">Hạn {formatDate(props.dueDate)}</span>;
}

export type ListRowView = {
  id: number;
  title: string;
  status: FeedbackStatus;
  communeName: string;
  hamletName: string | null;
  categoryName: string;
  departmentName: string | null;
  receivedAt: string;
  dueDate: string;
  rating: number | null;
  sla: SlaState;
  /** Working days left (negative: overdue); null once answered. */
  daysLeft?: number | null;
};

export function FeedbackTable(props: { rows: ListRowView[]; caption: string; showCommune?: boolean; showDepartment?: boolean; empty?: string }) {
  if (props.rows.length === 0) return <p class="muted">{props.empty ?? "Chưa có phản ánh nào."}</p>;
  return (
    <div class="table-wrap">
      <table class="feedback-list stack-mobile">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Phản ánh</th>
            {props.showCommune ? <th scope="col">Địa bàn</th> : null}
            {props.showDepartment ? <th scope="col">Sở, ngành</th> : null}
            <th scope="col">Ngày nhận</th>
            <th scope="col">Trạng thái</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td>
                <a href={`/feedback/${r.id}`}>{r.title}</a>
                <br />
                <small class="muted">{r.categoryName}</small>
              </td>
              {props.showCommune ? (
                <td data-label="Địa bàn">
                  {r.communeName}
                  {r.hamletName ? <small class="muted"> · {r.hamletName}</small> : null}
                </td>
              ) : null}
              {props.showDepartment ? <td data-label="Sở, ngành">{r.departmentName ?? <span class="muted">Chưa chuyển</span>}</td> : null}
              <td data-label="Ngày nhận">{formatDate(r.receivedAt)}</td>
              <td data-label="Trạng thái">
                <StatusBadge status={r.status} /> <SlaBadge sla={r.sla} dueDate={r.dueDate} status={r.status} daysLeft={r.daysLeft} />
                {r.rating ? <small class="muted"> · {r.rating}/5</small> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function StatusFilter(props: { base: string; current: string; filters: Record<string, { label: string }>; counts?: Record<string, number> }) {
  return (
    <nav class="filters tabs" aria-label="Lọc theo trạng thái">
      {Object.entries(props.filters).map(([key, f]) =>
        key === props.current ? (
          <strong aria-current="page">{f.label}</strong>
        ) : (
          <a href={`${props.base}?status=${key}`}>{f.label}</a>
        ),
      )}
    </nav>
  );
}

export function CommuneFeedbackPage(props: {
  user: LayoutUser;
  csrfToken: string;
  commune: { code: string; name: string };
  rows: ListRowView[];
  /** The next (older) page, when this one is full. */
  next: string | null;
  filter: string;
  filters: Record<string, { label: string }>;
  canCreate: boolean;
}) {
  const base = `/communes/${props.commune.code}/feedback`;
  return (
    <Page title={`Phản ánh, kiến nghị: ${props.commune.name}`} user={props.user} csrfToken={props.csrfToken}>
      <p>
        <a href={`/units/${props.commune.code}`}>← {props.commune.name}</a>
      </p>
      <h1>Phản ánh, kiến nghị của {props.commune.name}</h1>
      {props.canCreate ? (
        <p>
          <a class="button primary" href={`${base}/new`}>
            Gửi phản ánh mới
          </a>
        </p>
      ) : null}
      <StatusFilter base={base} current={props.filter} filters={props.filters} />
      <FeedbackTable rows={props.rows} caption={props.next ? `${props.rows.length} phản ánh mới nhất` : `${props.rows.length} phản ánh`} showDepartment empty="Không có phản ánh nào ở mục này." />
      {props.next ? (
        <p>
          <a href={props.next}>Xem thêm (cũ hơn) →</a>
        </p>
      ) : null}
    </Page>
  );
}

export function DepartmentInboxPage(props: {
  user: LayoutUser;
  csrfToken: string;
  department: { id: number; name: string };
  rows: ListRowView[];
  filter: string;
  filters: Record<string, { label: string }>;
  caption: string;
  next: string | null;
}) {
  return (
    <Page title={`Phản ánh chuyển đến ${props.department.name}`} user={props.user} csrfToken={props.csrfToken}>
      <h1>Phản ánh chuyển đến {props.department.name}</h1>
      <p class="muted">Sắp theo hạn trả lời, gần nhất trước. Hạn tính theo ngày làm việc (trừ thứ Bảy, Chủ nhật và ngày nghỉ lễ, Tết).</p>
      <StatusFilter base={`/departments/${props.department.id}/feedback`} current={props.filter} filters={props.filters} />
      <FeedbackTable rows={props.rows} caption={props.caption} showCommune empty="Không có phản ánh nào ở mục này." />
      {props.next ? (
        <p>
          <a href={props.next}>Xem thêm (hạn muộn hơn) →</a>
        </p>
      ) : null}
    </Page>
  );
}

// ---- New item ----

export type NewFeedbackForm = {
  action: string;
  values: Values;
  errors?: FieldErrors;
  categories: (Option & { department: string | null; slaDays: number })[];
  departments: Option[];
  hamlets: Option[];
  criteria: Option[];
  concern?: string;
};

export function NewFeedbackFields(props: NewFeedbackForm & { withTitle?: boolean }) {
  const v = props.values;
  return (
    <>
      <SelectField
        name="categoryId"
        label="Lĩnh vực"
        value={v.categoryId}
        options={props.categories.map((c) => ({ value: c.value, label: `${c.label}${c.department ? ` → ${c.department}` : ""} (${c.slaDays} ngày làm việc)` }))}
        errors={props.errors}
        empty="— Chọn lĩnh vực —"
        required
      />
      <SelectField name="departmentId" label="Sở, ngành tiếp nhận" value={v.departmentId} options={props.departments} errors={props.errors} empty="Theo lĩnh vực (mặc định)" hint="Để trống: chuyển đến sở, ngành phụ trách lĩnh vực; lĩnh vực “Khác” chờ Văn phòng Điều phối chuyển." />
      {props.withTitle !== false ? <TextField name="title" label="Tiêu đề" value={v.title} errors={props.errors} maxlength={200} required /> : null}
      {props.withTitle !== false ? <TextField name="content" label="Nội dung ý kiến, phản ánh, kiến nghị" value={v.content} errors={props.errors} rows={5} maxlength={4000} required /> : null}
      {props.hamlets.length ? <SelectField name="hamletId" label="Ấp, khu phố (không bắt buộc)" value={v.hamletId} options={props.hamlets} errors={props.errors} empty="— Cả xã —" /> : null}
      {props.criteria.length ? <SelectField name="criterionId" label="Liên quan tiêu chí (không bắt buộc)" value={v.criterionId} options={props.criteria} errors={props.errors} empty="— Không —" /> : null}
      <DateField name="dueDate" label="Hạn trả lời, không bắt buộc" value={v.dueDate} errors={props.errors} hint="Để trống: tính theo số ngày làm việc của lĩnh vực." />
    </>
  );
}

export function NewFeedbackPage(props: { user: LayoutUser; csrfToken: string; commune: { code: string; name: string }; form: NewFeedbackForm }) {
  return (
    <Page title={`Gửi phản ánh: ${props.commune.name}`} user={props.user} csrfToken={props.csrfToken}>
      <p>
        <a href={`/communes/${props.commune.code}/feedback`}>← Phản ánh của {props.commune.name}</a>
      </p>
      <h1>Gửi phản ánh, kiến nghị: {props.commune.name}</h1>
      <form method="post" action={props.form.action} class="stack card" novalidate>
        <Csrf token={props.csrfToken} />
        <FormKey />
        <FormError errors={props.form.errors} />
        <NewFeedbackFields {...props.form} />
        <button type="submit" class="primary">
          Gửi phản ánh
        </button>
      </form>
    </Page>
  );
}
