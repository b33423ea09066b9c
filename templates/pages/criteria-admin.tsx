// Admin page listing the criteria sets, with the upload / dry-run panel. Pure functions of their props.
// One set: criteria-admin-set.tsx; target edit: criteria-admin-target.tsx.
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf } from "../components/form";
import { ExportLinks } from "../components/criteria-export-links";
import { formatNumber } from "../../src/domain/format";

// ---------------------------------------------------------------------------------------------
// List + upload

export type SetRowView = {
  id: number;
  code: string;
  name: string;
  decision: string;
  period: string;
  status: string;
  statusLabel: string;
  scope: string;
  clonedFrom: { id: number; code: string } | null;
  communesBound: number;
  createdAt: string;
};

export type UploadErrorView = { row: number | null; column?: string; message: string };
export type UploadSummaryView = { code: string; name: string; decision: string; period: [number, number]; levels: number; criteria: number; indicators: number; targets: number; unverified: number };

export type UploadState = {
  dryRun: boolean;
  scope: "province" | "national";
  fileName?: string;
  /** A problem with the file itself (none chosen, too large, wrong type). */
  error?: string;
  errors?: UploadErrorView[];
  /** A successful dry run. */
  summary?: UploadSummaryView;
};

function statusBadge(status: string, label: string) {
  const cls = status === "active" ? "badge good" : status === "draft" ? "badge warn" : "badge";
  return <span class={cls}>{label}</span>;
}

export function UploadPanel(props: { csrfToken: string; provinceName: string | null; state: UploadState }) {
  const s = props.state;
  const hasErrors = !!s.errors?.length;
  return (
    <section id="upload-panel" class="card" aria-labelledby="upload-title">
      <h2 id="upload-title">Nạp bộ tiêu chí từ tệp</h2>
      <p class="muted">
        Tệp .json (đầy đủ), .csv hoặc .xlsx theo mẫu tải về ở trên, tối đa 2 MB. Chọn “Kiểm tra thử” để xem lỗi từng dòng mà không lưu gì.
      </p>
      <form
        method="post"
        action="/admin/criteria/upload"
        enctype="multipart/form-data"
        hx-post="/admin/criteria/upload"
        hx-encoding="multipart/form-data"
        hx-target="#upload-panel"
        hx-swap="outerHTML"
        class="stack"
      >
        <Csrf token={props.csrfToken} />
        <div class={s.error ? "field invalid" : "field"}>
          <label for="f-file">Tệp bộ tiêu chí</label>
          <input id="f-file" name="file" type="file" accept=".json,.csv,.xlsx,application/json,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby={s.error ? "f-file-error" : undefined} aria-invalid={s.error ? "true" : undefined} />
          {s.error ? (
            <p class="error-text" id="f-file-error">
              {s.error}
            </p>
          ) : null}
        </div>
        <div class="field">
          <label for="f-scope">Phạm vi</label>
          <select id="f-scope" name="scope">
            {props.provinceName ? (
              <option value="province" selected={s.scope === "province"}>
                Bộ riêng của {props.provinceName}
              </option>
            ) : null}
            <option value="national" selected={s.scope === "national" || !props.provinceName}>
              Bộ toàn quốc (Trung ương ban hành)
            </option>
          </select>
        </div>
        <div class="check">
          <input id="f-dryRun" name="dryRun" type="checkbox" value="1" checked={s.dryRun} />
          <label for="f-dryRun">Kiểm tra thử (không lưu)</label>
        </div>
        <p class="form-actions">
          <button type="submit" class="primary">
            Nạp tệp
          </button>
        </p>
      </form>
      {hasErrors ? (
        <div class="alert error" role="alert">
          <strong>
            {s.fileName ? `Tệp “${s.fileName}”: ` : ""}có {formatNumber(s.errors!.length)} lỗi{s.dryRun ? "" : ", chưa nạp gì"}.
          </strong>{" "}
          Sửa các lỗi dưới đây rồi nạp lại.
          <ol class="upload-errors" aria-label="Lỗi trong tệp">
            {s.errors!.map((e) => (
              <li>
                <strong>{e.row === null ? "Tệp" : `Dòng ${e.row}`}</strong>
                {e.column ? (
                  <>
                    , cột <span class="code">{e.column}</span>
                  </>
                ) : null}
                : {e.message}
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      {s.summary ? (
        <div class="alert info" role="status">
          <strong>Kiểm tra thử: tệp {s.fileName ? `“${s.fileName}” ` : ""}hợp lệ, chưa lưu gì.</strong> Bộ <span class="code">{s.summary.code}</span> — {s.summary.name} ({s.summary.decision}, giai đoạn{" "}
          {s.summary.period[0]}–{s.summary.period[1]}): {s.summary.levels} mức, {s.summary.criteria} tiêu chí, {s.summary.indicators} chỉ tiêu, {formatNumber(s.summary.targets)} chỉ tiêu đích (
          {formatNumber(s.summary.unverified)} chưa xác minh). Bỏ chọn “Kiểm tra thử” và nạp lại để lưu.
        </div>
      ) : null}
    </section>
  );
}

export function CriteriaListPage(props: { user: LayoutUser; csrfToken: string; sets: SetRowView[]; provinceName: string | null; upload: UploadState }) {
  return (
    <Page title="Bộ tiêu chí" user={props.user} csrfToken={props.csrfToken} wide>
      <nav aria-label="Đường dẫn" class="crumbs">
        <ol>
          <li>
            <a href="/">Trang chủ</a>
          </li>
          <li aria-current="page">Bộ tiêu chí</li>
        </ol>
      </nav>
      <h1>Bộ tiêu chí</h1>
      <p class="muted">
        Bộ tiêu chí là dữ liệu: nạp từ tệp, tải về (JSON đầy đủ, CSV, XLSX), nhân bản cho tỉnh để điều chỉnh chỉ tiêu đích, rồi gắn cho từng xã.
      </p>
      <div class="table-wrap">
        <table class="criteria-sets">
          <caption>Các bộ tiêu chí ({props.sets.length})</caption>
          <thead>
            <tr>
              <th scope="col">Mã</th>
              <th scope="col">Tên</th>
              <th scope="col">Quyết định</th>
              <th scope="col">Giai đoạn</th>
              <th scope="col">Trạng thái</th>
              <th scope="col">Phạm vi</th>
              <th scope="col">Nhân bản từ</th>
              <th scope="col" class="num">
                Số xã đã gắn{props.provinceName ? " (trong tỉnh)" : ""}
              </th>
              <th scope="col">Tải về</th>
            </tr>
          </thead>
          <tbody>
            {props.sets.map((s) => (
              <tr id={`set-${s.id}`}>
                <td data-label="Mã">
                  <a href={`/admin/criteria/${s.id}`} class="code">
                    {s.code}
                  </a>
                </td>
                <td data-label="Tên">{s.name}</td>
                <td data-label="Quyết định">{s.decision}</td>
                <td data-label="Giai đoạn" class="num">{s.period}</td>
                <td data-label="Trạng thái">{statusBadge(s.status, s.statusLabel)}</td>
                <td data-label="Phạm vi">{s.scope}</td>
                <td data-label="Nhân bản từ">{s.clonedFrom ? <a href={`/admin/criteria/${s.clonedFrom.id}`} class="code">{s.clonedFrom.code}</a> : <span class="muted">—</span>}</td>
                <td data-label="Số xã đã gắn" class="num">{formatNumber(s.communesBound)}</td>
                <td data-label="Tải về">
                  <ExportLinks id={s.id} code={s.code} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.sets.length === 0 ? <p class="muted">Chưa có bộ tiêu chí nào. Hãy nạp tệp bên dưới.</p> : null}
      <UploadPanel csrfToken={props.csrfToken} provinceName={props.provinceName} state={props.upload} />
    </Page>
  );
}
