// Feedback items: lists (commune, department inbox, overdue), the item page with its action forms (each a
// partial htmx swaps on 422/409), the new-item form, notifications.
import type { Child } from "hono/jsx";
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf, FormError, type FieldErrors } from "../components/form";
import { STATUS_LABELS, TRANSITIONS, type FeedbackAction, type FeedbackStatus, type SlaState } from "../../src/domain/feedback";
import { formatDate, formatDateTime } from "../../src/domain/format";

export type Option = { value: number | string; label: string };
export type Values = Record<string, string>;

const STATUS_CLASS: Record<FeedbackStatus, string> = { new: "warn", routed: "info", in_progress: "info", answered: "good", closed: "muted", returned: "bad" };
export const SOURCE_LABELS: Record<string, string> = { visit: "Chuyến thăm của cán bộ", commune: "UBND xã gửi", cadre: "Cán bộ hỗ trợ ghi nhận" };
export const RATING_LABELS = ["", "Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"];

export function StatusBadge(props: { status: FeedbackStatus }) {
  return <span class={`badge ${STATUS_CLASS[props.status]} status-${props.status}`}>{STATUS_LABELS[props.status]}</span>;
}

/** Deadline state: "còn 3 ngày làm việc", "80% thời hạn", "quá hạn". */
export function SlaBadge(props: { sla: SlaState; dueDate: string; status: FeedbackStatus }) {
  const s = props.sla;
  if (props.status === "answered" || props.status === "closed") {
    return s.overdue ? <span class="badge bad">Trả lời trễ hạn</span> : <span class="badge good">Trả lời đúng hạn</span>;
  }
  if (s.level === "overdue") return <span class="badge bad">Quá hạn ({formatDate(props.dueDate)})</span>;
  if (s.level === "due") return <span class="badge bad">Đến hạn hôm nay</span>;
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
                <StatusBadge status={r.status} /> <SlaBadge sla={r.sla} dueDate={r.dueDate} status={r.status} />
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
      <FeedbackTable rows={props.rows} caption={`${props.rows.length} phản ánh`} showDepartment empty="Không có phản ánh nào ở mục này." />
    </Page>
  );
}

export function DepartmentInboxPage(props: { user: LayoutUser; csrfToken: string; department: { id: number; name: string }; rows: ListRowView[]; filter: string; filters: Record<string, { label: string }> }) {
  return (
    <Page title={`Phản ánh chuyển đến ${props.department.name}`} user={props.user} csrfToken={props.csrfToken}>
      <h1>Phản ánh chuyển đến {props.department.name}</h1>
      <p class="muted">Sắp theo hạn trả lời, gần nhất trước. Hạn tính theo ngày làm việc (trừ thứ Bảy, Chủ nhật và ngày nghỉ lễ, Tết).</p>
      <StatusFilter base={`/departments/${props.department.id}/feedback`} current={props.filter} filters={props.filters} />
      <FeedbackTable rows={props.rows} caption={`${props.rows.length} phản ánh`} showCommune empty="Không có phản ánh nào ở mục này." />
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

function Err(props: { id: string; error?: string }) {
  return props.error ? (
    <p class="error-text" id={`${props.id}-error`}>
      {props.error}
    </p>
  ) : null;
}

const inv = (errors: FieldErrors | undefined, name: string) => (errors?.[name] ? "field invalid" : "field");
const describedBy = (errors: FieldErrors | undefined, name: string, id: string) => (errors?.[name] ? `${id}-error` : undefined);

export function SelectField(props: { name: string; label: string; value?: string; options: Option[]; errors?: FieldErrors; empty?: string; hint?: string; required?: boolean; id?: string }) {
  const id = props.id ?? `f-${props.name}`;
  return (
    <div class={inv(props.errors, props.name)}>
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} required={props.required} aria-invalid={props.errors?.[props.name] ? "true" : undefined} aria-describedby={describedBy(props.errors, props.name, id)}>
        {props.empty !== undefined ? <option value="">{props.empty}</option> : null}
        {props.options.map((o) => (
          <option value={String(o.value)} selected={String(o.value) === (props.value ?? "")}>
            {o.label}
          </option>
        ))}
      </select>
      {props.hint ? <small>{props.hint}</small> : null}
      <Err id={id} error={props.errors?.[props.name]} />
    </div>
  );
}

export function TextField(props: {
  name: string;
  label: string;
  value?: string;
  errors?: FieldErrors;
  type?: string;
  maxlength?: number;
  hint?: string;
  required?: boolean;
  rows?: number;
  min?: string;
  max?: string;
  id?: string;
  inputmode?: "numeric" | "text";
  placeholder?: string;
}) {
  const id = props.id ?? `f-${props.name}`;
  const common = {
    id,
    name: props.name,
    required: props.required,
    maxlength: props.maxlength,
    "aria-invalid": props.errors?.[props.name] ? "true" : undefined,
    "aria-describedby": [describedBy(props.errors, props.name, id), props.hint ? `${id}-hint` : undefined].filter(Boolean).join(" ") || undefined,
  };
  return (
    <div class={inv(props.errors, props.name)}>
      <label for={id}>{props.label}</label>
      {props.rows ? (
        <textarea {...common} rows={props.rows}>
          {props.value ?? ""}
        </textarea>
      ) : (
        <input {...common} type={props.type ?? "text"} value={props.value ?? ""} min={props.min} max={props.max} inputmode={props.inputmode} placeholder={props.placeholder} />
      )}
      {props.hint ? <small id={`${id}-hint`}>{props.hint}</small> : null}
      <Err id={id} error={props.errors?.[props.name]} />
    </div>
  );
}

/** A date typed as dd/mm/yyyy (ISO values are shown that way; what the user typed is kept as typed). */
export const showDate = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : v ?? "");

export function DateField(props: { name: string; label: string; value?: string; errors?: FieldErrors; hint?: string; required?: boolean; id?: string }) {
  return <TextField {...props} label={`${props.label} (dd/mm/yyyy)`} value={showDate(props.value)} inputmode="numeric" maxlength={10} placeholder="dd/mm/yyyy" />;
}

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
        <FormError errors={props.form.errors} />
        <NewFeedbackFields {...props.form} />
        <button type="submit" class="primary">
          Gửi phản ánh
        </button>
      </form>
    </Page>
  );
}

// ---- Item page ----

export type EventRow = { at: string; kind: string; actorName: string | null; departmentName: string | null; text: string | null };

const EVENT_LABELS: Record<string, string> = {
  created: "Tiếp nhận phản ánh",
  routed: "Chuyển đến",
  rerouted: "Chuyển lại đến",
  accept: "Sở, ngành nhận xử lý",
  return: "Sở, ngành trả lại",
  answer: "Sở, ngành trả lời",
  rate: "Địa phương đánh giá",
  close: "Đóng phản ánh",
  comment: "Ý kiến trao đổi",
  flag80: "Cảnh báo: đã dùng 80% thời hạn",
  flag100: "Cảnh báo: đến hạn trả lời",
};

export function Timeline(props: { events: EventRow[] }) {
  return (
    <section class="card" aria-labelledby="timeline-h">
      <h2 id="timeline-h">Quá trình xử lý</h2>
      <ol class="timeline">
        {props.events.map((e) => (
          <li class={`ev-${e.kind}`}>
            <span class="muted">{formatDateTime(e.at)}</span> · <strong>{EVENT_LABELS[e.kind] ?? e.kind}</strong>
            {e.departmentName ? ` ${e.departmentName}` : ""}
            {e.actorName ? <span class="muted"> · {e.actorName}</span> : null}
            {e.text ? <p class="ev-text">{e.text}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

export type ActionFormState = { values: Values; errors?: FieldErrors };

export type ItemView = {
  id: number;
  title: string;
  content: string;
  status: FeedbackStatus;
  source: string;
  receivedAt: string;
  dueDate: string;
  slaDays: number;
  answeredAt: string | null;
  publicAnswer: string | null;
  internalNote: string | null;
  rating: number | null;
  version: number;
  sla: SlaState;
  daysLeft: number;
  communeCode: string;
  communeName: string;
  hamletName: string | null;
  categoryName: string;
  departmentName: string | null;
  creatorName: string | null;
  criterion: string | null;
  visitId: number | null;
};

export type ActionsProps = {
  csrfToken: string;
  item: Pick<ItemView, "id" | "version" | "status" | "dueDate">;
  actions: FeedbackAction[];
  departments: Option[];
  defaultDepartmentId: number | null;
  forms: Partial<Record<FeedbackAction, ActionFormState>>;
};

/** One action's form (also the fragment a 422/409 returns to htmx). */
export function ActionForm(props: ActionsProps & { action: FeedbackAction }) {
  const a = props.action;
  const id = `form-${a}`;
  const url = `/feedback/${props.item.id}/${a === "reroute" ? "route" : a}`;
  const state = props.forms[a] ?? { values: {} };
  const v = state.values;
  const errors = state.errors;
  const label = TRANSITIONS[a].label;
  const body: Child = (() => {
    switch (a) {
      case "route":
      case "reroute":
        return (
          <>
            <SelectField name="departmentId" label="Sở, ngành" value={v.departmentId ?? (props.defaultDepartmentId ? String(props.defaultDepartmentId) : "")} options={props.departments} errors={errors} empty="— Chọn sở, ngành —" required />
            <DateField name="dueDate" label="Hạn trả lời mới, không bắt buộc" value={v.dueDate} errors={errors} hint={`Để trống: giữ hạn ${formatDate(props.item.dueDate)}.`} />
            <TextField name="note" label="Ghi chú khi chuyển (không bắt buộc)" value={v.note} errors={errors} maxlength={1000} />
          </>
        );
      case "accept":
        return <p class="muted">Xác nhận sở, ngành đã nhận và đang xử lý phản ánh này.</p>;
      case "return":
        return <TextField name="reason" label="Lý do trả lại" value={v.reason} errors={errors} rows={3} maxlength={1000} required hint="Ví dụ: không thuộc thẩm quyền, đề nghị chuyển cơ quan khác." />;
      case "answer":
        return (
          <>
            <TextField name="publicAnswer" label="Nội dung trả lời (địa phương sẽ thấy)" value={v.publicAnswer} errors={errors} rows={6} maxlength={4000} required />
            <TextField name="internalNote" label="Ghi chú nội bộ (chỉ sở, ngành và Văn phòng Điều phối thấy)" value={v.internalNote} errors={errors} rows={3} maxlength={2000} />
          </>
        );
      case "rate":
        return (
          <>
            <fieldset class={errors?.rating ? "field rating invalid" : "field rating"} aria-describedby={errors?.rating ? "f-rating-error" : undefined}>
              <legend>Mức độ hài lòng với câu trả lời</legend>
              {[5, 4, 3, 2, 1].map((n) => (
                <label>
                  <input type="radio" name="rating" value={String(n)} checked={v.rating === String(n)} required /> {n} – {RATING_LABELS[n]}
                </label>
              ))}
              <Err id="f-rating" error={errors?.rating} />
            </fieldset>
            <TextField name="comment" label="Nhận xét (không bắt buộc)" value={v.comment} errors={errors} maxlength={1000} />
          </>
        );
      case "close":
        return <TextField name="note" label="Ghi chú khi đóng (không bắt buộc)" value={v.note} errors={errors} maxlength={1000} />;
      case "comment":
        return <TextField name="text" label="Ý kiến trao đổi, bổ sung" value={v.text} errors={errors} rows={3} maxlength={2000} required />;
    }
  })();
  return (
    <form id={id} method="post" action={url} hx-post={url} hx-target="this" hx-swap="outerHTML" class={`stack action-form action-${a}`} novalidate>
      <h3>{label}</h3>
      <Csrf token={props.csrfToken} />
      <input type="hidden" name="version" value={String(props.item.version)} />
      <FormError errors={errors} />
      {body}
      <button type="submit" class={a === "answer" || a === "rate" || a === "route" || a === "reroute" ? "primary" : undefined}>
        {label}
      </button>
    </form>
  );
}

export function FeedbackItemPage(props: {
  user: LayoutUser;
  csrfToken: string;
  item: ItemView;
  events: EventRow[];
  actionsProps: ActionsProps;
  notice?: string;
  back: { href: string; label: string };
}) {
  const i = props.item;
  return (
    <Page title={i.title} user={props.user} csrfToken={props.csrfToken}>
      <p>
        <a href={props.back.href}>← {props.back.label}</a>
      </p>
      <h1>{i.title}</h1>
      <p class="badges">
        <StatusBadge status={i.status} /> <SlaBadge sla={i.sla} dueDate={i.dueDate} status={i.status} />
      </p>
      {props.notice ? (
        <div class="alert warn" role="alert">
          {props.notice}
        </div>
      ) : null}
      <dl class="facts">
        <div>
          <dt>Địa bàn</dt>
          <dd>
            <a href={`/units/${i.communeCode}`}>{i.communeName}</a>
            {i.hamletName ? ` · ${i.hamletName}` : ""}
          </dd>
        </div>
        <div>
          <dt>Lĩnh vực</dt>
          <dd>{i.categoryName}</dd>
        </div>
        <div>
          <dt>Sở, ngành</dt>
          <dd id="item-department">{i.departmentName ?? "Chưa chuyển"}</dd>
        </div>
        <div>
          <dt>Ngày nhận</dt>
          <dd>{formatDate(i.receivedAt)}</dd>
        </div>
        <div>
          <dt>Hạn trả lời</dt>
          <dd>
            {formatDate(i.dueDate)}{" "}
            <small class="muted">
              ({i.slaDays} ngày làm việc
              {i.status !== "answered" && i.status !== "closed" ? (i.daysLeft >= 0 ? `, còn ${i.daysLeft}` : `, quá ${-i.daysLeft}`) : ""})
            </small>
          </dd>
        </div>
        <div>
          <dt>Nguồn</dt>
          <dd>
            {SOURCE_LABELS[i.source] ?? i.source}
            {i.visitId ? (
              <>
                {" "}
                (<a href={`/visits/${i.visitId}`}>xem chuyến thăm</a>)
              </>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Người gửi</dt>
          <dd>{i.creatorName ?? ""}</dd>
        </div>
        {i.criterion ? (
          <div>
            <dt>Tiêu chí</dt>
            <dd>{i.criterion}</dd>
          </div>
        ) : null}
      </dl>
      <section class="card" aria-labelledby="content-h">
        <h2 id="content-h">Nội dung</h2>
        <p class="prewrap">{i.content}</p>
      </section>
      {i.publicAnswer ? (
        <section class="card answer" aria-labelledby="answer-h">
          <h2 id="answer-h">Trả lời của {i.departmentName ?? "sở, ngành"}</h2>
          <p class="muted">{formatDateTime(i.answeredAt)}</p>
          <p class="prewrap" id="public-answer">
            {i.publicAnswer}
          </p>
          {i.rating ? (
            <p>
              Địa phương đánh giá: <strong id="rating">{i.rating}/5</strong> ({RATING_LABELS[i.rating]})
            </p>
          ) : null}
        </section>
      ) : null}
      {i.internalNote ? (
        <section class="card internal" aria-labelledby="internal-h">
          <h2 id="internal-h">Ghi chú nội bộ</h2>
          <p class="prewrap">{i.internalNote}</p>
        </section>
      ) : null}
      {props.actionsProps.actions.length ? (
        <section class="card actions-card" aria-label="Xử lý phản ánh">
          {props.actionsProps.actions.map((a) => (
            <ActionForm {...props.actionsProps} action={a} />
          ))}
        </section>
      ) : null}
      <Timeline events={props.events} />
    </Page>
  );
}

// ---- Notifications ----

export type NotificationView = { id: number; createdAt: string; text: string; link: string | null; readAt: string | null };

export function NotificationsPage(props: { user: LayoutUser; csrfToken: string; rows: NotificationView[]; unread: number }) {
  return (
    <Page title="Thông báo" user={props.user} csrfToken={props.csrfToken}>
      <h1>Thông báo</h1>
      <p class="muted">{props.unread ? `${props.unread} thông báo chưa đọc.` : "Không có thông báo chưa đọc."}</p>
      {props.unread ? (
        <form method="post" action="/me/notifications/read">
          <Csrf token={props.csrfToken} />
          <button type="submit">Đánh dấu tất cả đã đọc</button>
        </form>
      ) : null}
      {props.rows.length === 0 ? (
        <p>Chưa có thông báo nào.</p>
      ) : (
        <ul class="notifications">
          {props.rows.map((n) => (
            <li class={n.readAt ? "read" : "unread"}>
              {n.readAt ? null : <span class="badge warn">Mới</span>} <span class="muted">{formatDateTime(n.createdAt)}</span>
              <br />
              {n.link ? <a href={n.link}>{n.text}</a> : n.text}
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
