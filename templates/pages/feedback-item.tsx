// The feedback item page: facts, answer, timeline and the action forms (each a partial htmx swaps on 422/409).
import type { Child } from "hono/jsx";
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf, FormError, FormKey, type FieldErrors } from "../components/form";
import { DateField, Err, SelectField, TextField, type Option, type Values } from "../components/fields";
import { TRANSITIONS, type FeedbackAction, type FeedbackStatus, type SlaState } from "../../src/domain/feedback";
import { formatDate, formatDateTime } from "../../src/domain/format";
import { SlaBadge, StatusBadge } from "./feedback";

export const SOURCE_LABELS: Record<string, string> = { visit: "Chuyến thăm của cán bộ", commune: "UBND xã gửi", cadre: "Cán bộ hỗ trợ ghi nhận" };
export const RATING_LABELS = ["", "Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"];

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
      <FormKey />
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
        <StatusBadge status={i.status} /> <SlaBadge sla={i.sla} dueDate={i.dueDate} status={i.status} daysLeft={i.daysLeft} />
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
