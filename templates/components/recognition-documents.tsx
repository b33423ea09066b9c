// The dossier's documents section: required-document checklist, document list with files, add-document form.
import { webHref } from "../../src/domain/text";
import { formatDateTime } from "../../src/domain/format";
import { DOCUMENT_KINDS, DOCUMENT_LABELS, REQUIRED_DOCUMENTS } from "../../src/domain/recognition";
import { Csrf, FormKey } from "./form";
import { FileList, UploadForm, type FileView } from "./evidence-files";
import { FieldError, dossierBase as base, type Errors } from "./recognition-common";

export type DocumentView = { id: number; kind: string; title: string; link: string | null; note: string | null; addedByName: string | null; addedAt: string; files?: FileView[] };
export type DocumentState = { kind: string; title: string; link: string; note: string };

export function DocumentsSection(props: { dossierId: number; csrfToken: string; documents: DocumentView[]; canEdit: boolean; form?: { state: DocumentState; errors: Errors }; announce?: string }) {
  const action = `${base(props.dossierId)}/documents`;
  const s = props.form?.state ?? { kind: "", title: "", link: "", note: "" };
  const e = props.form?.errors ?? {};
  const present = new Set(props.documents.map((d) => d.kind));
  return (
    <section id="documents" class="card" aria-labelledby="documents-title">
      <h2 id="documents-title">Tài liệu hồ sơ</h2>
      <ul class="rec-required">
        {REQUIRED_DOCUMENTS.map((k) => (
          <li class={present.has(k) ? "ok" : "missing"}>
            {present.has(k) ? "✓" : "✗"} {DOCUMENT_LABELS[k]}
          </li>
        ))}
      </ul>
      {props.documents.length === 0 ? (
        <p class="muted">Chưa có tài liệu nào.</p>
      ) : (
        <ul class="rec-docs">
          {props.documents.map((d) => (
            <li id={`doc-${d.id}`}>
              <strong>{DOCUMENT_LABELS[d.kind as keyof typeof DOCUMENT_LABELS] ?? d.kind}:</strong> {webHref(d.link) ? <a href={webHref(d.link)!} rel="noopener noreferrer nofollow" target="_blank">{d.title}</a> : d.title}
              {d.note ? <span class="muted"> · {d.note}</span> : null}
              <br />
              <small class="muted">
                Thêm bởi {d.addedByName ?? "—"}, {formatDateTime(d.addedAt)}
              </small>
              {props.canEdit ? (
                <form method="post" action={`${action}/${d.id}/delete`} class="inline">
                  <Csrf token={props.csrfToken} /> <button type="submit" class="link">Gỡ</button>
                </form>
              ) : null}
              {d.files?.length ? <FileList listId={`files-dossier_document-${d.id}`} files={d.files} /> : null}
              {props.canEdit ? (
                <details>
                  <summary>Đính kèm bản chụp văn bản</summary>
                  {d.files?.length ? null : <FileList listId={`files-dossier_document-${d.id}`} files={[]} />}
                  <UploadForm kind="dossier_document" parentId={d.id} csrfToken={props.csrfToken} back={`${base(props.dossierId)}#doc-${d.id}`} listId={`files-dossier_document-${d.id}`} label="Bản chụp hoặc PDF của văn bản" />
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {props.canEdit ? (
        <form method="post" action={action} hx-post={action} hx-target="#documents" hx-swap="outerHTML" class="stack" novalidate>
          <Csrf token={props.csrfToken} />
          <FormKey />
          <h3>Thêm tài liệu (đường dẫn hoặc ghi chú)</h3>
          {e.form ? <div class="alert error" role="alert">{e.form}</div> : null}
          <div class={e.kind ? "field invalid" : "field"}>
            <label for="doc-kind">Loại tài liệu</label>
            <select id="doc-kind" name="kind" aria-describedby={e.kind ? "doc-kind-error" : undefined}>
              <option value="">— Chọn loại —</option>
              {DOCUMENT_KINDS.map((k) => (
                <option value={k} selected={s.kind === k}>
                  {DOCUMENT_LABELS[k]}
                </option>
              ))}
            </select>
            <FieldError id="doc-kind" error={e.kind} />
          </div>
          <div class={e.title ? "field invalid" : "field"}>
            <label for="doc-title">Tên, số hiệu tài liệu</label>
            <input id="doc-title" name="title" type="text" value={s.title} maxlength={300} aria-describedby={e.title ? "doc-title-error" : undefined} />
            <FieldError id="doc-title" error={e.title} />
          </div>
          <div class={e.link ? "field invalid" : "field"}>
            <label for="doc-link">Đường dẫn (http:// hoặc https://, không bắt buộc)</label>
            <input id="doc-link" name="link" type="url" value={s.link} maxlength={500} aria-describedby={e.link ? "doc-link-error" : undefined} />
            <FieldError id="doc-link" error={e.link} />
          </div>
          <div class={e.note ? "field invalid" : "field"}>
            <label for="doc-note">Ghi chú (nơi lưu bản giấy…)</label>
            <input id="doc-note" name="note" type="text" value={s.note} maxlength={500} />
            <FieldError id="doc-note" error={e.note} />
          </div>
          <p>
            <button type="submit">Thêm tài liệu</button>
          </p>
        </form>
      ) : null}
      {props.announce ? (
        <div id="announce" hx-swap-oob="true" class="visually-hidden" aria-live="polite" role="status">
          {props.announce}
        </div>
      ) : null}
    </section>
  );
}
