// Admin pages for criteria sets (issue 3): the list with upload, one set with its targets, clone and status forms,
// and the target edit form. Pure functions of their props.
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf } from "../components/form";
import { formatDate, formatNumber } from "../../src/domain/format";

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

const EXPORTS = [
  { format: "json", label: "JSON" },
  { format: "csv", label: "CSV" },
  { format: "xlsx", label: "XLSX" },
] as const;

export function ExportLinks(props: { id: number; code: string }) {
  return (
    <span class="export-links" hx-boost="false">
      {EXPORTS.map((e) => (
        <a href={`/admin/criteria/${props.id}/export/${e.format}`} download aria-label={`Tải bộ ${props.code} dạng ${e.label}`}>
          {e.label}
        </a>
      ))}
    </span>
  );
}

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

// ---------------------------------------------------------------------------------------------
// One set

export type TargetRowView = { id: number; level: string; levelName: string; key: string; keyLabel: string; years: string; text: string; source: string; verified: boolean };
export type IndicatorRowView = {
  id: number;
  code: string;
  name: string;
  kindLabel: string;
  unit: string | null;
  levelName: string;
  evidenceRequired: boolean;
  guidance: string | null;
  choices: string[] | null;
  targets: TargetRowView[];
};
export type CriterionRowView = { id: number; number: number; name: string; revocationKey: boolean; indicators: IndicatorRowView[] };
export type GroupRowView = { code: string; name: string; criteria: CriterionRowView[] };

export type SetDetailView = {
  id: number;
  code: string;
  name: string;
  decision: string;
  period: string;
  status: string;
  statusLabel: string;
  version: number;
  scope: string;
  source: string | null;
  appliesTo: string;
  targetKeyLabel: string;
  clonedFrom: { id: number; code: string; name: string } | null;
  createdAt: string;
  levels: { code: string; name: string; rank: number; rule: string }[];
  groups: GroupRowView[];
  targets: number;
  unverified: number;
};

export type CloneState = { values: { code: string; name: string }; errors?: Record<string, string | undefined> };
export type StatusState = { status: string; statusLabel: string; version: number; next: { value: string; label: string } | null; error?: string; notice?: string };

const isUrl = (s: string) => /^https?:\/\/\S+$/.test(s);

function Source(props: { source: string }) {
  return isUrl(props.source) ? (
    <a href={props.source} rel="noopener noreferrer nofollow" target="_blank" class="source-link">
      {props.source}
    </a>
  ) : (
    <span>{props.source}</span>
  );
}

export function UnverifiedMark(props: { source: string }) {
  return (
    <span class="badge warn unverified" title={`Chỉ tiêu đích chưa được đối chiếu với văn bản gốc. Nguồn: ${props.source}`}>
      chưa xác minh
    </span>
  );
}

export function StatusForm(props: { csrfToken: string; setId: number; state: StatusState; canManage: boolean }) {
  const s = props.state;
  const action = `/admin/criteria/${props.setId}/status`;
  return (
    <section id="status-form" class="card" aria-labelledby="status-title">
      <h2 id="status-title">Trạng thái</h2>
      <p>
        Hiện tại: <strong>{s.statusLabel}</strong>
      </p>
      {s.notice ? (
        <div class="alert info" role="status">
          {s.notice}
        </div>
      ) : null}
      {s.error ? (
        <div class="alert error" role="alert">
          {s.error}
        </div>
      ) : null}
      {s.next && props.canManage ? (
        <form method="post" action={action} hx-post={action} hx-target="#status-form" hx-swap="outerHTML" class="inline-form">
          <Csrf token={props.csrfToken} />
          <input type="hidden" name="version" value={String(s.version)} />
          <input type="hidden" name="status" value={s.next.value} />
          <button type="submit">Chuyển sang “{s.next.label}”</button>
        </form>
      ) : s.next ? (
        <p class="muted">Bộ tiêu chí của tỉnh khác: bạn không đổi trạng thái được.</p>
      ) : (
        <p class="muted">Bộ tiêu chí đã ngừng áp dụng. Nhân bản nếu cần dùng lại.</p>
      )}
    </section>
  );
}

export function CloneForm(props: { csrfToken: string; setId: number; provinceName: string | null; state: CloneState }) {
  const action = `/admin/criteria/${props.setId}/clone`;
  const e = props.state.errors ?? {};
  const field = (name: "code" | "name", label: string, hint: string, max: number) => (
    <div class={e[name] ? "field invalid" : "field"}>
      <label for={`clone-${name}`}>{label}</label>
      <input
        id={`clone-${name}`}
        name={name}
        type="text"
        value={props.state.values[name]}
        maxlength={max}
        aria-invalid={e[name] ? "true" : undefined}
        aria-describedby={`clone-${name}-hint${e[name] ? ` clone-${name}-error` : ""}`}
      />
      <small id={`clone-${name}-hint`}>{hint}</small>
      {e[name] ? (
        <p class="error-text" id={`clone-${name}-error`}>
          {e[name]}
        </p>
      ) : null}
    </div>
  );
  return (
    <section id="clone-form" class="card" aria-labelledby="clone-title">
      <h2 id="clone-title">Nhân bản cho tỉnh</h2>
      {props.provinceName ? (
        <>
          <p class="muted">Tạo bản sao (trạng thái bản nháp) thuộc {props.provinceName} để điều chỉnh chỉ tiêu đích; bộ gốc giữ nguyên.</p>
          {e.form ? (
            <div class="alert error" role="alert">
              {e.form}
            </div>
          ) : null}
          <form method="post" action={action} hx-post={action} hx-target="#clone-form" hx-swap="outerHTML" class="stack" novalidate>
            <Csrf token={props.csrfToken} />
            {field("code", "Mã bộ mới", "Chữ in hoa, số, gạch ngang; ví dụ QD318-2022-XA-BT.", 40)}
            {field("name", "Tên bộ mới", "Ví dụ: Bộ tiêu chí xã NTM 2021–2025 — áp dụng tại tỉnh.", 300)}
            <p class="form-actions">
              <button type="submit" class="primary">
                Nhân bản
              </button>
            </p>
          </form>
        </>
      ) : (
        <p class="muted">Tài khoản của bạn không thuộc tỉnh nào nên không nhân bản được.</p>
      )}
    </section>
  );
}

export function SetDetailPage(props: {
  user: LayoutUser;
  csrfToken: string;
  set: SetDetailView;
  provinceName: string | null;
  canManage: boolean;
  notice?: string;
  clone: CloneState;
  status: StatusState;
}) {
  const s = props.set;
  return (
    <Page title={s.code} user={props.user} csrfToken={props.csrfToken} wide>
      <nav aria-label="Đường dẫn" class="crumbs">
        <ol>
          <li>
            <a href="/">Trang chủ</a>
          </li>
          <li>
            <a href="/admin/criteria">Bộ tiêu chí</a>
          </li>
          <li aria-current="page">{s.code}</li>
        </ol>
      </nav>
      <h1>
        {s.name} <span class="code">({s.code})</span>
      </h1>
      {props.notice ? (
        <div class="alert info" role="status" id="notice">
          {props.notice}
        </div>
      ) : null}
      <dl class="facts">
        <div>
          <dt>Quyết định</dt>
          <dd>{s.decision}</dd>
        </div>
        <div>
          <dt>Giai đoạn</dt>
          <dd>{s.period}</dd>
        </div>
        <div>
          <dt>Trạng thái</dt>
          <dd>{s.statusLabel}</dd>
        </div>
        <div>
          <dt>Phạm vi</dt>
          <dd>{s.scope}</dd>
        </div>
        <div>
          <dt>Áp dụng cho</dt>
          <dd>{s.appliesTo}</dd>
        </div>
        <div>
          <dt>Chỉ tiêu đích theo</dt>
          <dd>{s.targetKeyLabel}</dd>
        </div>
        <div>
          <dt>Chỉ tiêu đích</dt>
          <dd>
            {formatNumber(s.targets)} ({formatNumber(s.unverified)} chưa xác minh)
          </dd>
        </div>
        <div>
          <dt>Ngày nạp</dt>
          <dd>{formatDate(s.createdAt)}</dd>
        </div>
        {s.clonedFrom ? (
          <div>
            <dt>Nhân bản từ</dt>
            <dd>
              <a href={`/admin/criteria/${s.clonedFrom.id}`}>{s.clonedFrom.code}</a>
            </dd>
          </div>
        ) : null}
      </dl>
      {s.source ? (
        <p class="muted">
          Nguồn: <Source source={s.source} />
        </p>
      ) : null}
      <p>
        Tải về: <ExportLinks id={s.id} code={s.code} />
      </p>
      {props.canManage ? null : <p class="alert warn">Bộ tiêu chí của tỉnh khác: bạn chỉ xem và tải về được.</p>}

      <section aria-labelledby="levels-title">
        <h2 id="levels-title">Các mức</h2>
        <ol class="levels">
          {s.levels.map((l) => (
            <li>
              <strong>{l.name}</strong> <span class="code">{l.code}</span>
              {l.rule ? <span class="muted"> — {l.rule}</span> : null}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="criteria-title">
        <h2 id="criteria-title">Tiêu chí, chỉ tiêu và chỉ tiêu đích</h2>
        {s.groups.map((g) => (
          <section class="criteria-group">
            <h3>
              {g.code ? `${g.code}. ` : ""}
              {g.name}
            </h3>
            {g.criteria.map((c) => (
              <section class="admin-criterion" id={`crit-${c.id}`}>
                <h4>
                  {c.number}. {c.name} {c.revocationKey ? <span class="badge">xét thu hồi</span> : null}
                </h4>
                <ul class="admin-indicators">
                  {c.indicators.map((i) => (
                    <li class="admin-indicator" id={`ind-${i.id}`}>
                      <p class="ind-head">
                        <strong class="code">{i.code}</strong> {i.name}
                      </p>
                      <p class="muted small">
                        {i.kindLabel}
                        {i.unit ? ` (${i.unit})` : ""} · từ mức {i.levelName}
                        {i.evidenceRequired ? " · cần minh chứng" : ""}
                        {i.choices?.length ? ` · lựa chọn: ${i.choices.join("; ")}` : ""}
                      </p>
                      <ul class="admin-targets">
                        {i.targets.map((t) => (
                          <li id={`t-${t.id}`} class={t.verified ? "admin-target" : "admin-target unverified-target"}>
                            <span class="target-what">
                              <span class="badge">{t.levelName}</span> {t.keyLabel} · {t.years}: <strong>{t.text}</strong>
                            </span>{" "}
                            {t.verified ? <span class="badge good">đã xác minh</span> : <UnverifiedMark source={t.source} />}{" "}
                            {props.canManage ? (
                              <a href={`/admin/criteria/targets/${t.id}`} aria-label={`Sửa chỉ tiêu đích ${i.code}, ${t.levelName}, ${t.keyLabel}, ${t.years}`}>
                                Sửa
                              </a>
                            ) : null}
                            <br />
                            <small class="muted">
                              Nguồn: <Source source={t.source} />
                            </small>
                          </li>
                        ))}
                      </ul>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </section>
        ))}
      </section>

      <StatusForm csrfToken={props.csrfToken} setId={s.id} state={props.status} canManage={props.canManage} />
      <CloneForm csrfToken={props.csrfToken} setId={s.id} provinceName={props.provinceName} state={props.clone} />
    </Page>
  );
}

// ---------------------------------------------------------------------------------------------
// Target edit

export type TargetFormState = { value: string; values: string[]; source: string; verified: boolean; version: number };
export type TargetFormProps = {
  csrfToken: string;
  target: {
    id: number;
    setId: number;
    setCode: string;
    setName: string;
    criterion: string;
    indicatorCode: string;
    indicatorName: string;
    kindLabel: string;
    unit: string | null;
    control: "decimal" | "boolean" | "choice" | "choices";
    kind: string;
    comparatorSign: string;
    choices: string[];
    levelName: string;
    keyLabel: string;
    years: string;
    currentText: string;
  };
  state: TargetFormState;
  error?: { field: "value" | "source" | "form"; message: string };
  conflict?: { text: string; source: string; verified: boolean };
};

export function TargetForm(props: TargetFormProps) {
  const t = props.target;
  const s = props.state;
  const action = `/admin/criteria/targets/${t.id}`;
  const err = (f: string) => (props.error?.field === f ? props.error.message : undefined);
  const valueError = err("value");
  const sourceError = err("source");
  const described = (id: string, error?: string) => (error ? `${id}-error` : undefined);
  return (
    <section id="target-form" class="card">
      <form method="post" action={action} hx-post={action} hx-target="#target-form" hx-swap="outerHTML" class="stack" novalidate>
        <Csrf token={props.csrfToken} />
        <input type="hidden" name="version" value={String(s.version)} />
        <p class="muted">
          Tiêu chí {t.criterion} · Chỉ tiêu <strong class="code">{t.indicatorCode}</strong> {t.indicatorName}
        </p>
        <p>
          Mức <strong>{t.levelName}</strong> · {t.keyLabel} · {t.years} · hiện tại: <strong>{t.currentText}</strong>
        </p>
        {props.conflict ? (
          <div class="alert warn" role="alert">
            <strong>Đã có người sửa chỉ tiêu đích này trước bạn.</strong> Hiện là <strong>{props.conflict.text}</strong>, nguồn “{props.conflict.source}”,{" "}
            {props.conflict.verified ? "đã xác minh" : "chưa xác minh"}. Nội dung bạn nhập vẫn được giữ bên dưới; bấm “Lưu” lần nữa nếu vẫn muốn thay.
          </div>
        ) : null}
        {err("form") ? (
          <div class="alert error" role="alert">
            {err("form")}
          </div>
        ) : null}
        {t.control === "choices" ? (
          <fieldset class={valueError ? "field invalid" : "field"} aria-describedby={described("f-value", valueError)}>
            <legend>Giá trị đích ({t.comparatorSign} một trong các lựa chọn)</legend>
            {t.choices.map((c, n) => (
              <div class="check">
                <input id={`f-values-${n}`} type="checkbox" name="values" value={c} checked={s.values.includes(c)} />
                <label for={`f-values-${n}`}>{c}</label>
              </div>
            ))}
            {valueError ? (
              <p class="error-text" id="f-value-error">
                {valueError}
              </p>
            ) : null}
          </fieldset>
        ) : (
          <div class={valueError ? "field invalid" : "field"}>
            <label for="f-value">
              Giá trị đích ({t.kindLabel}
              {t.control === "decimal" ? `, ${t.comparatorSign}` : ""}
              {t.unit ? `, ${t.unit}` : t.kind === "percent" ? ", %" : ""})
            </label>
            {t.control === "decimal" ? (
              <input id="f-value" name="value" type="text" inputmode="decimal" value={s.value} maxlength={40} aria-invalid={valueError ? "true" : undefined} aria-describedby={`f-value-hint${valueError ? " f-value-error" : ""}`} />
            ) : (
              <select id="f-value" name="value" aria-invalid={valueError ? "true" : undefined} aria-describedby={described("f-value", valueError)}>
                {(t.control === "boolean"
                  ? [
                      { v: "true", label: t.kind === "document" ? "Có văn bản" : "Đạt" },
                      { v: "false", label: "Không yêu cầu" },
                    ]
                  : t.choices.map((c) => ({ v: c, label: c }))
                ).map((o) => (
                  <option value={o.v} selected={o.v === s.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            )}
            {t.control === "decimal" ? <small id="f-value-hint">Số thập phân dùng dấu phẩy hoặc dấu chấm, ví dụ 80 hoặc 80,5.</small> : null}
            {valueError ? (
              <p class="error-text" id="f-value-error">
                {valueError}
              </p>
            ) : null}
          </div>
        )}
        <div class={sourceError ? "field invalid" : "field"}>
          <label for="f-source">Nguồn (văn bản, điều khoản, đường dẫn)</label>
          <textarea id="f-source" name="source" rows={3} maxlength={500} aria-invalid={sourceError ? "true" : undefined} aria-describedby={described("f-source", sourceError)}>
            {s.source}
          </textarea>
          {sourceError ? (
            <p class="error-text" id="f-source-error">
              {sourceError}
            </p>
          ) : null}
        </div>
        <div class="check">
          <input id="f-verified" name="verified" type="checkbox" value="1" checked={s.verified} />
          <label for="f-verified">Đã xác minh (đã đối chiếu với văn bản gốc)</label>
        </div>
        <p class="muted small">Khi giá trị đích thay đổi, các xã đang dùng chỉ tiêu đích này được tính lại ngay.</p>
        <p class="form-actions">
          <button type="submit" class="primary">
            Lưu
          </button>{" "}
          <a href={`/admin/criteria/${t.setId}#t-${t.id}`}>Hủy</a>
        </p>
      </form>
    </section>
  );
}

export function TargetEditPage(props: { user: LayoutUser; csrfToken: string; form: TargetFormProps }) {
  const t = props.form.target;
  return (
    <Page title={`Sửa chỉ tiêu đích ${t.indicatorCode}`} user={props.user} csrfToken={props.csrfToken}>
      <nav aria-label="Đường dẫn" class="crumbs">
        <ol>
          <li>
            <a href="/admin/criteria">Bộ tiêu chí</a>
          </li>
          <li>
            <a href={`/admin/criteria/${t.setId}`}>{t.setCode}</a>
          </li>
          <li aria-current="page">Chỉ tiêu đích {t.indicatorCode}</li>
        </ol>
      </nav>
      <h1>Sửa chỉ tiêu đích {t.indicatorCode}</h1>
      <TargetForm {...props.form} />
    </Page>
  );
}
