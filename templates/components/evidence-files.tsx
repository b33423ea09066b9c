// Evidence files: the thumbnails of a parent and the upload form (plain multipart; our
// public/upload.js resizes photos in the browser and shows progress when JavaScript runs).
import { formatDateTime } from "../../src/domain/format";

import type { FileView } from "../../src/web/file-view";
export type { FileView };

const sizeText = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toLocaleString("vi-VN", { maximumFractionDigits: 1 })} MB` : `${Math.max(1, Math.round(n / 1024)).toLocaleString("vi-VN")} KB`);

/** Thumbnails (lazy, served by the Worker) and links; the list the upload script refreshes. */
export function FileList(props: { listId: string; files: FileView[]; withdraw?: { csrfToken: string; back: string } }) {
  return (
    <ul id={props.listId} class="file-list" aria-label="Tệp minh chứng">
      {props.files.map((f) => (
        <li class="file">
          <a href={`/files/${f.id}`} target="_blank" rel="noopener" title={`${f.name} · ${sizeText(f.size)}${f.takenAt ? ` · chụp ${formatDateTime(f.takenAt)}` : ""}`}>
            {f.hasThumb ? <img src={`/files/${f.id}/thumb`} loading="lazy" decoding="async" width={64} height={64} alt={f.name} /> : <span class="file-icon">{f.type === "application/pdf" ? "PDF" : "Tệp"}</span>}
            <span class="file-name">{f.name}</span>
          </a>
          {props.withdraw ? (
            <form method="post" action={`/files/${f.id}/withdraw`} class="inline" hx-boost="false">
              <input type="hidden" name="_csrf" value={props.withdraw.csrfToken} />
              <input type="hidden" name="back" value={props.withdraw.back} />
              <button type="submit" class="link" aria-label={`Rút tệp ${f.name}`}>
                Rút
              </button>
            </form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** One file per request; several per parent. `back` is where a plain (no-JS) upload returns. */
export function UploadForm(props: { kind: string; parentId: number; unitId?: number; csrfToken: string; back: string; listId: string; label?: string }) {
  const id = `up-${props.kind}-${props.parentId}`;
  return (
    <form method="post" action="/files" enctype="multipart/form-data" class="upload stack" hx-boost="false" data-upload={props.listId}>
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <input type="hidden" name="kind" value={props.kind} />
      <input type="hidden" name="parentId" value={String(props.parentId)} />
      {props.unitId ? <input type="hidden" name="unitId" value={String(props.unitId)} /> : null}
      <input type="hidden" name="back" value={props.back} />
      <div class="field">
        <label for={`${id}-file`}>{props.label ?? "Thêm ảnh hoặc PDF minh chứng"}</label>
        <input id={`${id}-file`} name="file" type="file" accept="image/jpeg,image/png,image/webp,image/heic,application/pdf" aria-describedby={`${id}-hint`} />
        <small id={`${id}-hint`}>Mỗi lần một tệp, tối đa 10 MB. Ảnh được thu nhỏ còn tối đa 2.000 điểm ảnh trước khi gửi.</small>
      </div>
      <label class="check">
        <input type="checkbox" name="keepOriginal" value="1" /> Giữ ảnh gốc (không thu nhỏ)
      </label>
      <label class="check">
        <input type="checkbox" name="public" value="1" /> Cho phép hiển thị công khai
      </label>
      <progress class="upload-progress" max={100} value={0} hidden aria-label="Tiến độ tải lên"></progress>
      <p class="upload-status" role="status" aria-live="polite"></p>
      <p>
        <button type="submit">Tải lên</button>
      </p>
    </form>
  );
}
