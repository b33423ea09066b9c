// Field visits: the commune's visit list, the new-visit form, a visit with its concerns (each can become a
// feedback item in one step).
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf, FormError, FormKey, type FieldErrors } from "../components/form";
import { formatDate, formatDateTime } from "../../src/domain/format";
import { DateField, SelectField, TextField, type Option, type Values } from "../components/fields";
import { FileList, UploadForm, type FileView } from "../components/evidence-files";

export type VisitListRow = { id: number; visitDate: string; placeName: string; authorName: string; summary: string; concerns: number; converted: number };

export function VisitListPage(props: { user: LayoutUser; csrfToken: string; commune: { code: string; name: string }; rows: VisitListRow[]; canLog: boolean; files?: Record<number, FileView[]> }) {
  return (
    <Page title={`Chuyến thăm: ${props.commune.name}`} user={props.user} csrfToken={props.csrfToken}>
      <p>
        <a href={`/units/${props.commune.code}`}>← {props.commune.name}</a>
      </p>
      <h1>Chuyến thăm, nắm tình hình: {props.commune.name}</h1>
      {props.canLog ? (
        <p>
          <a class="button primary" href={`/communes/${props.commune.code}/visits/new`}>
            Ghi nhận chuyến thăm
          </a>
        </p>
      ) : null}
      {props.rows.length === 0 ? (
        <p class="muted">Chưa có chuyến thăm nào được ghi nhận.</p>
      ) : (
        <ul class="visit-list">
          {props.rows.map((v) => (
            <li class="card">
              <a href={`/visits/${v.id}`}>
                <strong>{formatDate(v.visitDate)}</strong> · {v.placeName}
              </a>
              <p class="muted">
                {v.authorName} · {v.concerns} ý kiến{v.concerns ? `, ${v.converted} đã chuyển thành phản ánh` : ""}
              </p>
              <p>{v.summary.length > 200 ? `${v.summary.slice(0, 199)}…` : v.summary}</p>
              {props.files?.[v.id]?.length ? <FileList listId={`files-visit-${v.id}`} files={props.files[v.id]} /> : null}
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

export function VisitFormPage(props: { user: LayoutUser; csrfToken: string; commune: { code: string; name: string }; places: Option[]; values: Values; errors?: FieldErrors; today: string }) {
  const v = props.values;
  const action = `/communes/${props.commune.code}/visits`;
  return (
    <Page title={`Ghi nhận chuyến thăm: ${props.commune.name}`} user={props.user} csrfToken={props.csrfToken}>
      <p>
        <a href={`/communes/${props.commune.code}/visits`}>← Chuyến thăm {props.commune.name}</a>
      </p>
      <h1>Ghi nhận chuyến thăm: {props.commune.name}</h1>
      <form method="post" action={action} class="stack card" novalidate>
        <Csrf token={props.csrfToken} />
        <FormKey />
        <FormError errors={props.errors} />
        <DateField name="visitDate" label="Ngày thăm" value={v.visitDate ?? props.today} errors={props.errors} required />
        <SelectField name="place" label="Nơi đến" value={v.place} options={props.places} errors={props.errors} />
        <TextField name="participants" label="Thành phần đoàn (ai đi)" value={v.participants} errors={props.errors} maxlength={500} required />
        <TextField name="metWith" label="Gặp gỡ, làm việc với" value={v.metWith} errors={props.errors} maxlength={500} hint="Ví dụ: lãnh đạo UBND xã, Ban nhân dân ấp, các hộ dân." />
        <TextField name="summary" label="Tóm tắt nội dung" value={v.summary} errors={props.errors} rows={5} maxlength={4000} required />
        <TextField
          name="concerns"
          label="Tâm tư, nguyện vọng của người dân (mỗi dòng một ý)"
          value={v.concerns}
          errors={props.errors}
          rows={5}
          hint="Mỗi dòng thành một ý kiến; sau khi lưu có thể chuyển từng ý thành phản ánh gửi sở, ngành."
        />
        <button type="submit" class="primary">
          Lưu chuyến thăm
        </button>
      </form>
    </Page>
  );
}

export type ConcernView = { id: number; content: string; feedbackId: number | null };

/** Evidence files of a visit and its concerns; `upload` when the actor may attach. */
export type VisitFiles = { visit: FileView[]; concerns: Record<number, FileView[]>; canAttach: boolean };

export type ConvertForm = { categories: Option[]; values: Values; errors?: FieldErrors };

/** One concern: its text, and either the link to its feedback item or the one-step convert form. */
export function ConcernItem(props: { csrfToken: string; visitId: number; concern: ConcernView; canConvert: boolean; form?: ConvertForm; categories: Option[]; files?: VisitFiles }) {
  const c = props.concern;
  const url = `/visits/${props.visitId}/concerns/${c.id}/feedback`;
  const form = props.form ?? { categories: props.categories, values: {} };
  return (
    <li id={`concern-${c.id}`} class="concern card">
      <p class="prewrap">{c.content}</p>
      {props.files ? <FileList listId={`files-concern-${c.id}`} files={props.files.concerns[c.id] ?? []} /> : null}
      {props.files?.canAttach ? (
        <details>
          <summary>Đính kèm ảnh cho ý kiến này</summary>
          <UploadForm kind="concern" parentId={c.id} csrfToken={props.csrfToken} back={`/visits/${props.visitId}#concern-${c.id}`} listId={`files-concern-${c.id}`} label="Ảnh hoặc PDF về ý kiến" />
        </details>
      ) : null}
      {c.feedbackId ? (
        <p>
          <span class="badge good">Đã chuyển thành phản ánh</span> <a href={`/feedback/${c.feedbackId}`}>Xem phản ánh</a>
        </p>
      ) : props.canConvert ? (
        <form method="post" action={url} hx-post={url} hx-target={`#concern-${c.id}`} hx-swap="outerHTML" class="stack convert" novalidate>
          <Csrf token={props.csrfToken} />
          <FormKey />
          <FormError errors={form.errors} />
          <SelectField id={`f-category-${c.id}`} name="categoryId" label="Lĩnh vực" value={form.values.categoryId} options={form.categories} errors={form.errors} empty="— Chọn lĩnh vực —" required />
          <button type="submit">Chuyển thành phản ánh</button>
        </form>
      ) : null}
    </li>
  );
}

export function VisitPage(props: {
  user: LayoutUser;
  csrfToken: string;
  visit: { id: number; visitDate: string; placeName: string; participants: string; metWith: string | null; summary: string; authorName: string; createdAt: string };
  commune: { code: string; name: string };
  concerns: ConcernView[];
  canConvert: boolean;
  categories: Option[];
  forms?: Record<number, ConvertForm>;
  files?: VisitFiles;
}) {
  const v = props.visit;
  return (
    <Page title={`Chuyến thăm ${formatDate(v.visitDate)}: ${props.commune.name}`} user={props.user} csrfToken={props.csrfToken}>
      <p>
        <a href={`/communes/${props.commune.code}/visits`}>← Chuyến thăm {props.commune.name}</a>
      </p>
      <h1>
        Chuyến thăm ngày {formatDate(v.visitDate)}: {v.placeName}
      </h1>
      <dl class="facts">
        <div>
          <dt>Thành phần đoàn</dt>
          <dd>{v.participants}</dd>
        </div>
        {v.metWith ? (
          <div>
            <dt>Gặp gỡ, làm việc với</dt>
            <dd>{v.metWith}</dd>
          </div>
        ) : null}
        <div>
          <dt>Người ghi</dt>
          <dd>
            {v.authorName} <small class="muted">({formatDateTime(v.createdAt)})</small>
          </dd>
        </div>
      </dl>
      <section class="card">
        <h2>Tóm tắt</h2>
        <p class="prewrap">{v.summary}</p>
      </section>
      {props.files ? (
        <section class="card evidence-files">
          <h2>Ảnh, tài liệu chuyến thăm</h2>
          {props.files.visit.length === 0 && !props.files.canAttach ? <p class="muted">Chưa có tệp nào.</p> : null}
          <FileList listId={`files-visit-${v.id}`} files={props.files.visit} />
          {props.files.canAttach ? <UploadForm kind="visit" parentId={v.id} csrfToken={props.csrfToken} back={`/visits/${v.id}`} listId={`files-visit-${v.id}`} /> : null}
        </section>
      ) : null}
      <h2>Tâm tư, nguyện vọng của người dân ({props.concerns.length})</h2>
      {props.concerns.length === 0 ? <p class="muted">Không ghi nhận ý kiến nào.</p> : null}
      <ul class="concerns">
        {props.concerns.map((c) => (
          <ConcernItem csrfToken={props.csrfToken} visitId={v.id} concern={c} canConvert={props.canConvert} form={props.forms?.[c.id]} categories={props.categories} files={props.files} />
        ))}
      </ul>
    </Page>
  );
}
