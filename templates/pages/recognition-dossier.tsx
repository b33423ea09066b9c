import { Page, type LayoutUser } from "../layouts/page";
import { webHref } from "../../src/domain/text";
import { Csrf } from "../components/form";
import { Breadcrumbs, type Crumb } from "./unit";
import { displayValue } from "../components/checklist-indicator";
import { msg } from "../../src/messages";
import { formatDate, formatDateTime } from "../../src/domain/format";
import type { IndicatorKind } from "../../src/domain/criteria-format";
import { FileList, UploadForm, type FileView } from "../components/evidence-files";
import {
  ACTION_LABELS,
  CHAIN_LABELS,
  DOCUMENT_KINDS,
  DOCUMENT_LABELS,
  REQUIRED_DOCUMENTS,
  STATE_LABELS,
  chainSteps,
  type Chain,
  type DossierState,
  type TransitionAction,
  type UnmetCriterion,
} from "../../src/domain/recognition";

export const levelName = (code: string | null) => (code ? msg.levelShort[code] ?? code : msg.noLevel);

export type DossierView = {
  id: number;
  level: string;
  year: number;
  status: DossierState;
  chain: Chain;
  version: number;
  satisfactionPct: number | null;
  satisfactionEvidence: string | null;
  noDebtConfirmed: boolean;
  securityConfirmed: boolean;
  submittedAt: string | null;
  decisionNumber: string | null;
  decisionDate: string | null;
  decisionSigner: string | null;
  revocationNumber: string | null;
  revocationDate: string | null;
};

export type DocumentView = { id: number; kind: string; title: string; link: string | null; note: string | null; addedByName: string | null; addedAt: string; files?: FileView[] };
export type EventView = { at: string; actorName: string | null; action: string; fromStatus: string | null; toStatus: string | null; reason: string | null };
export type ReturnItemView = { indicatorId: number; code: string; name: string; reason: string };
export type SnapshotView = {
  /** Evidence files frozen at the submission (issue 13) and the ZIP of them. */
  evidence?: { files: number; zipUrl: string };
  at: string;
  levelReached: string | null;
  criteria: { number: number; name: string; met: boolean | null }[];
  indicators: { code: string; name: string; kind: IndicatorKind; unit: string | null; value: string | null; evidence: string | null; met: boolean | null }[];
  satisfactionPct: number | null;
  satisfactionEvidence: string | null;
  noDebtConfirmed: boolean;
  securityConfirmed: boolean;
};
export type DiffView = {
  previousAt: string;
  indicators: { code: string; name: string; kind: IndicatorKind; unit: string | null; before: string | null; after: string | null; evidenceBefore: string | null; evidenceAfter: string | null; valueChanged: boolean; evidenceChanged: boolean; returnedReason: string | null }[];
  fields: { label: string; before: string; after: string }[];
  unchangedReturned: { code: string; name: string; reason: string }[];
};

export type DetailsState = { satisfactionPct: string; satisfactionEvidence: string; noDebtConfirmed: boolean; securityConfirmed: boolean; version: number };
export type DocumentState = { kind: string; title: string; link: string; note: string };
export type DecisionState = { number: string; date: string; signer: string; reason: string };
export type Errors = Record<string, string | undefined>;

export type DossierPageProps = {
  user: LayoutUser;
  csrfToken: string;
  chain: Crumb[];
  communeName: string;
  communeCode: string;
  dossier: DossierView;
  roleLabel: string;
  actions: TransitionAction[];
  problems: { unmet: UnmetCriterion[]; messages: string[] } | null;
  documents: DocumentView[];
  events: EventView[];
  openReturns: ReturnItemView[];
  returnNote: string | null;
  snapshot: SnapshotView | null;
  diff: DiffView | null;
  reopeners: string[];
  alert?: { kind: "error" | "warn" | "info"; message: string; list?: string[] };
  details?: { state: DetailsState; errors: Errors };
  document?: { state: DocumentState; errors: Errors };
  decision?: { action: TransitionAction; state: DecisionState; errors: Errors };
};

const base = (id: number) => `/dossiers/${id}`;

function FieldError(props: { id: string; error?: string }) {
  return props.error ? (
    <p class="error-text" id={`${props.id}-error`}>
      {props.error}
    </p>
  ) : null;
}

function Steps(props: { chain: Chain; status: DossierState }) {
  const steps = chainSteps(props.chain);
  const order: DossierState[] = ["draft", "returned", "submitted", "under_review", "reviewed", "under_appraisal", "appraised", "recognised", "rejected", "revoked"];
  const position = (s: DossierState) => {
    // Which step a state belongs to: returned counts as the commune's step; reviewed as district done.
    if (s === "returned" || s === "draft") return 0;
    if (s === "submitted") return 1;
    if (s === "under_review" || s === "reviewed") return steps.findIndex((x) => x.state === "under_review");
    if (s === "under_appraisal" || s === "appraised") return steps.findIndex((x) => x.state === "under_appraisal");
    return steps.length - 1;
  };
  const current = position(props.status);
  void order;
  return (
    <ol class="rec-steps" aria-label="Các bước xét công nhận">
      {steps.map((s, i) => (
        <li class={i < current ? "done" : i === current ? "current" : undefined} aria-current={i === current ? "step" : undefined}>
          {s.label}
        </li>
      ))}
    </ol>
  );
}

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

function DetailsForm(props: { dossierId: number; csrfToken: string; state: DetailsState; errors: Errors }) {
  const s = props.state;
  const e = props.errors;
  return (
    <form method="post" action={`${base(props.dossierId)}/details`} class="card stack" novalidate id="details">
      <Csrf token={props.csrfToken} />
      <input type="hidden" name="version" value={String(s.version)} />
      <h2>Sự hài lòng của người dân và các xác nhận</h2>
      {e.form ? <div class="alert error" role="alert">{e.form}</div> : null}
      <div class={e.satisfactionPct ? "field invalid" : "field"}>
        <label for="f-satisfaction">Tỷ lệ người dân hài lòng (%)</label>
        <input id="f-satisfaction" name="satisfactionPct" type="text" inputmode="numeric" value={s.satisfactionPct} maxlength={5} aria-describedby={e.satisfactionPct ? "f-satisfaction-error" : undefined} />
        <FieldError id="f-satisfaction" error={e.satisfactionPct} />
      </div>
      <div class={e.satisfactionEvidence ? "field invalid" : "field"}>
        <label for="f-evidence">Minh chứng khảo sát (do Mặt trận Tổ quốc tổ chức: số văn bản, ngày, đường dẫn)</label>
        <textarea id="f-evidence" name="satisfactionEvidence" rows={2} maxlength={1000} aria-describedby={e.satisfactionEvidence ? "f-evidence-error" : undefined}>
          {s.satisfactionEvidence}
        </textarea>
        <FieldError id="f-evidence" error={e.satisfactionEvidence} />
      </div>
      <div class="field check">
        <label>
          <input type="checkbox" name="noDebtConfirmed" value="1" checked={s.noDebtConfirmed} /> Xác nhận xã không còn nợ đọng xây dựng cơ bản trong xây dựng nông thôn mới
        </label>
      </div>
      <div class="field check">
        <label>
          <input type="checkbox" name="securityConfirmed" value="1" checked={s.securityConfirmed} /> Xác nhận xã không phải là điểm nóng về an ninh, trật tự
        </label>
      </div>
      <p>
        <button type="submit">Lưu thông tin</button>
      </p>
    </form>
  );
}

function DecisionFields(props: { prefix: string; state: DecisionState; errors: Errors; number?: boolean; signer?: "required" | "optional"; reason?: "required" | "optional"; reasonLabel?: string }) {
  const s = props.state;
  const e = props.errors;
  const id = (f: string) => `${props.prefix}-${f}`;
  return (
    <>
      {props.number ? (
        <>
          <div class={e.number ? "field invalid" : "field"}>
            <label for={id("number")}>Số quyết định</label>
            <input id={id("number")} name="number" type="text" value={s.number} maxlength={60} placeholder="123/QĐ-UBND" aria-describedby={e.number ? `${id("number")}-error` : undefined} />
            <FieldError id={id("number")} error={e.number} />
          </div>
          <div class={e.date ? "field invalid" : "field"}>
            <label for={id("date")}>Ngày ký (dd/mm/yyyy)</label>
            <input id={id("date")} name="date" type="text" inputmode="numeric" value={s.date} maxlength={10} placeholder="dd/mm/yyyy" aria-describedby={e.date ? `${id("date")}-error` : undefined} />
            <FieldError id={id("date")} error={e.date} />
          </div>
        </>
      ) : null}
      {props.signer ? (
        <div class={e.signer ? "field invalid" : "field"}>
          <label for={id("signer")}>Người ký{props.signer === "optional" ? " (không bắt buộc)" : ""}</label>
          <input id={id("signer")} name="signer" type="text" value={s.signer} maxlength={200} aria-describedby={e.signer ? `${id("signer")}-error` : undefined} />
          <FieldError id={id("signer")} error={e.signer} />
        </div>
      ) : null}
      {props.reason ? (
        <div class={e.reason ? "field invalid" : "field"}>
          <label for={id("reason")}>{props.reasonLabel ?? "Lý do"}{props.reason === "optional" ? " (không bắt buộc)" : ""}</label>
          <textarea id={id("reason")} name="reason" rows={2} maxlength={2000} aria-describedby={e.reason ? `${id("reason")}-error` : undefined}>
            {s.reason}
          </textarea>
          <FieldError id={id("reason")} error={e.reason} />
        </div>
      ) : null}
    </>
  );
}

function ActionForms(props: DossierPageProps) {
  const d = props.dossier;
  const empty: DecisionState = { number: "", date: "", signer: "", reason: "" };
  const stateFor = (a: TransitionAction) => (props.decision?.action === a ? props.decision.state : empty);
  const errorsFor = (a: TransitionAction) => (props.decision?.action === a ? props.decision.errors : {});
  const blocked = !!props.problems && props.problems.messages.length > 0;
  const form = (a: TransitionAction, body: unknown, button: string, primary = true) => (
    <form method="post" action={`${base(d.id)}/${a.replace("_", "-")}`} class="card stack rec-action" id={`action-${a}`} novalidate>
      <Csrf token={props.csrfToken} />
      <input type="hidden" name="version" value={String(d.version)} />
      {body as never}
      <p>
        <button type="submit" class={primary ? "primary" : undefined}>
          {button}
        </button>
      </p>
    </form>
  );
  return (
    <>
      {props.actions.map((a) => {
        switch (a) {
          case "submit":
            return (
              <form method="post" action={`${base(d.id)}/submit`} class="card stack rec-action" id="action-submit">
                <Csrf token={props.csrfToken} />
                <input type="hidden" name="version" value={String(d.version)} />
                <h2>Nộp hồ sơ</h2>
                {blocked ? (
                  <p>Chưa thể nộp: hãy hoàn thành các mục còn thiếu ở trên. Số liệu bộ tiêu chí sẽ được khóa (chụp lại) tại thời điểm nộp.</p>
                ) : (
                  <p>Khi nộp, kết quả tự đánh giá (giá trị và minh chứng của từng chỉ tiêu) sẽ được khóa lại cho cấp trên thẩm tra, thẩm định.</p>
                )}
                <p>
                  <button type="submit" class="primary" disabled={blocked}>
                    Nộp hồ sơ
                  </button>
                </p>
              </form>
            );
          case "withdraw":
            return form("withdraw", <p>Hồ sơ chưa được tiếp nhận. Bạn có thể rút về để sửa, sau đó nộp lại.</p>, "Rút hồ sơ về", false);
          case "start_review":
            return form("start_review", <p>Tiếp nhận hồ sơ để thẩm tra. Sau khi tiếp nhận, xã không tự rút hồ sơ về được.</p>, "Tiếp nhận, bắt đầu thẩm tra");
          case "start_appraisal":
            return form("start_appraisal", <p>Tiếp nhận hồ sơ để thẩm định cấp tỉnh.</p>, "Tiếp nhận, bắt đầu thẩm định");
          case "approve_review":
            return form("approve_review", <DecisionFields prefix="approve" state={stateFor(a)} errors={errorsFor(a)} reason="optional" reasonLabel="Ý kiến thẩm tra" />, "Thẩm tra đạt, chuyển tỉnh thẩm định");
          case "appraise":
            return form("appraise", <DecisionFields prefix="appraise" state={stateFor(a)} errors={errorsFor(a)} reason="optional" reasonLabel="Ý kiến thẩm định" />, "Thẩm định đạt, trình quyết định");
          case "return":
            return (
              <p class="card rec-action">
                <a class="button" href={`${base(d.id)}/return`}>
                  Trả lại hồ sơ (ghi lý do từng chỉ tiêu)
                </a>
              </p>
            );
          case "recognise":
            return form(
              "recognise",
              <>
                <h2>Quyết định công nhận</h2>
                <DecisionFields prefix="recognise" state={stateFor(a)} errors={errorsFor(a)} number signer="required" />
              </>,
              "Ghi quyết định công nhận",
            );
          case "reject":
            return form(
              "reject",
              <>
                <h2>Không công nhận</h2>
                <DecisionFields prefix="reject" state={stateFor(a)} errors={errorsFor(a)} reason="required" reasonLabel="Lý do không công nhận" />
              </>,
              "Ghi quyết định không công nhận",
              false,
            );
          case "revoke":
            return form(
              "revoke",
              <>
                <h2>Thu hồi quyết định công nhận</h2>
                <DecisionFields prefix="revoke" state={stateFor(a)} errors={errorsFor(a)} number signer="optional" reason="required" reasonLabel="Lý do thu hồi" />
              </>,
              "Ghi quyết định thu hồi",
              false,
            );
          default:
            return null;
        }
      })}
    </>
  );
}

function SnapshotSection(props: { snapshot: SnapshotView; level: string }) {
  const s = props.snapshot;
  const met = s.criteria.filter((c) => c.met === true).length;
  const applicable = s.criteria.filter((c) => c.met !== null).length;
  return (
    <section class="card" aria-labelledby="snapshot-title">
      <h2 id="snapshot-title">Kết quả tự đánh giá đã khóa</h2>
      {s.evidence ? (
        <p>
          Tệp minh chứng đã khóa khi nộp: <strong>{s.evidence.files}</strong>
          {s.evidence.files > 0 ? (
            <>
              {" · "}
              <a href={s.evidence.zipUrl} download hx-boost="false">
                Tải toàn bộ minh chứng
              </a>{" "}
              (tệp ZIP, xếp theo tiêu chí và chỉ tiêu)
            </>
          ) : null}
        </p>
      ) : null}
      <p>
        Khóa lúc <strong>{formatDateTime(s.at)}</strong> (khi nộp): <strong>{met}/{applicable}</strong> tiêu chí đạt mức {levelName(props.level)}; mức đạt khi nộp: {levelName(s.levelReached)}.
      </p>
      <p>
        Người dân hài lòng: <strong>{s.satisfactionPct === null ? "—" : `${s.satisfactionPct}%`}</strong>
        {s.satisfactionEvidence ? ` (${s.satisfactionEvidence})` : ""} · Không nợ đọng XDCB: {s.noDebtConfirmed ? "đã xác nhận" : "chưa xác nhận"} · Không là điểm nóng an ninh, trật tự:{" "}
        {s.securityConfirmed ? "đã xác nhận" : "chưa xác nhận"}
      </p>
      <details>
        <summary>Biểu chi tiết theo tiêu chí ({s.criteria.length})</summary>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Tiêu chí</th>
                <th scope="col">Kết quả</th>
              </tr>
            </thead>
            <tbody>
              {s.criteria.map((c) => (
                <tr>
                  <td>
                    {c.number}. {c.name}
                  </td>
                  <td>{c.met === null ? <span class="muted">Không áp dụng</span> : c.met ? <span class="badge good">✓ Đạt</span> : <span class="badge bad">✗ Chưa đạt</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <details>
        <summary>Giá trị và minh chứng từng chỉ tiêu ({s.indicators.length})</summary>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Chỉ tiêu</th>
                <th scope="col">Giá trị</th>
                <th scope="col">Minh chứng</th>
              </tr>
            </thead>
            <tbody>
              {s.indicators.map((i) => (
                <tr>
                  <td>
                    <span class="code">{i.code}</span> {i.name}
                  </td>
                  <td>
                    {displayValue(i.kind, i.value, i.unit)} {i.met === null ? null : i.met ? <span class="badge good">✓</span> : <span class="badge bad">✗</span>}
                  </td>
                  <td>{i.evidence ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

function DiffSection(props: { diff: DiffView }) {
  const d = props.diff;
  return (
    <section class="card rec-diff" id="diff" aria-labelledby="diff-title">
      <h2 id="diff-title">Thay đổi so với lần nộp trước ({formatDateTime(d.previousAt)})</h2>
      {d.indicators.length === 0 && d.fields.length === 0 ? <p>Không có thay đổi nào về giá trị, minh chứng hay thông tin hồ sơ.</p> : null}
      {d.indicators.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Chỉ tiêu</th>
                <th scope="col">Lần trước</th>
                <th scope="col">Lần này</th>
                <th scope="col">Lý do trả lại</th>
              </tr>
            </thead>
            <tbody>
              {d.indicators.map((i) => (
                <tr class={i.returnedReason ? "returned" : undefined}>
                  <td>
                    <span class="code">{i.code}</span> {i.name}
                  </td>
                  <td>
                    <del>{displayValue(i.kind, i.before, i.unit)}</del>
                    {i.evidenceChanged ? (
                      <>
                        <br />
                        <small>Minh chứng: {i.evidenceBefore ?? "—"}</small>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <ins>{displayValue(i.kind, i.after, i.unit)}</ins>
                    {i.evidenceChanged ? (
                      <>
                        <br />
                        <small>Minh chứng: {i.evidenceAfter ?? "—"}</small>
                      </>
                    ) : null}
                  </td>
                  <td>{i.returnedReason ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {d.fields.length ? (
        <ul>
          {d.fields.map((f) => (
            <li>
              {f.label}: <del>{f.before}</del> → <ins>{f.after}</ins>
            </li>
          ))}
        </ul>
      ) : null}
      {d.unchangedReturned.length ? (
        <div class="alert warn">
          <strong>Chỉ tiêu bị trả lại nhưng chưa thay đổi:</strong>
          <ul>
            {d.unchangedReturned.map((r) => (
              <li>
                {r.code} {r.name}: {r.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

export function DossierPage(props: DossierPageProps) {
  const d = props.dossier;
  const canEdit = props.actions.includes("edit");
  const frozen = d.status !== "draft" && d.status !== "returned";
  return (
    <Page title={`Hồ sơ công nhận ${levelName(d.level)} ${d.year} · ${props.communeName}`} user={props.user} csrfToken={props.csrfToken}>
      <Breadcrumbs chain={props.chain} current={`Hồ sơ ${levelName(d.level)} ${d.year}`} />
      <h1>
        Hồ sơ đề nghị công nhận {levelName(d.level)} năm {d.year}: {props.communeName}
      </h1>
      <p>
        Trạng thái: <strong id="dossier-status" class={`rec-status s-${d.status}`}>{STATE_LABELS[d.status]}</strong> · Quy trình: {CHAIN_LABELS[d.chain]} · Vai trò của bạn: {props.roleLabel}
      </p>
      <Steps chain={d.chain} status={d.status} />
      {props.alert ? (
        <div class={`alert ${props.alert.kind}`} role="alert">
          {props.alert.message}
          {props.alert.list?.length ? (
            <ul>
              {props.alert.list.map((m) => (
                <li>{m}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {d.status === "recognised" ? (
        <div class="alert info" id="decision">
          Đã công nhận đạt chuẩn {levelName(d.level)}: Quyết định số <strong>{d.decisionNumber}</strong> ngày {formatDate(d.decisionDate)}
          {d.decisionSigner ? `, người ký: ${d.decisionSigner}` : ""}.
        </div>
      ) : null}
      {d.status === "revoked" ? (
        <div class="alert warn" id="decision">
          Quyết định công nhận số {d.decisionNumber} ngày {formatDate(d.decisionDate)} đã bị thu hồi theo Quyết định số <strong>{d.revocationNumber}</strong> ngày {formatDate(d.revocationDate)}.
        </div>
      ) : null}
      {frozen && d.submittedAt && d.status !== "recognised" && d.status !== "rejected" && d.status !== "revoked" ? (
        <div class="alert info rec-lock" id="lock">
          🔒 Số liệu trong hồ sơ đã được khóa từ {formatDateTime(d.submittedAt)}. Bộ tiêu chí của xã vẫn sửa được nhưng không làm thay đổi hồ sơ đã nộp.{" "}
          {props.reopeners.length ? `Người có thể mở lại (trả hồ sơ về xã): ${props.reopeners.join("; ")}.` : "Hồ sơ chờ quyết định, không mở lại được."}
        </div>
      ) : null}
      {props.openReturns.length || (d.status === "returned" && props.returnNote) ? (
        <section class="card rec-returned" id="returned" aria-labelledby="returned-title">
          <h2 id="returned-title">Hồ sơ bị trả lại: cần sửa</h2>
          {props.returnNote ? <p>{props.returnNote}</p> : null}
          <ul>
            {props.openReturns.map((r) => (
              <li>
                <a href={`/communes/${props.communeCode}/checklist#ind-${r.indicatorId}`}>
                  <strong>{r.code}</strong> {r.name}
                </a>
                : {r.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {props.problems && props.actions.includes("submit") ? (
        props.problems.messages.length ? (
          <section class="card rec-problems" id="problems" aria-labelledby="problems-title">
            <h2 id="problems-title">Chưa thể nộp hồ sơ</h2>
            <ul>
              {props.problems.messages.map((m) => (
                <li>{m}</li>
              ))}
            </ul>
            {props.problems.unmet.length ? (
              <>
                <p>Các tiêu chí chưa đạt (theo bộ tiêu chí hiện tại của xã):</p>
                <ul id="unmet">
                  {props.problems.unmet.map((c) => (
                    <li>
                      <a href={`/communes/${props.communeCode}/checklist?failing=1#crit-${c.id}`}>
                        {c.number}. {c.name}
                      </a>{" "}
                      <span class="muted">(chưa đạt mức {c.levels.map(levelName).join(", ")})</span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        ) : (
          <p class="alert info" id="problems">Hồ sơ đã đủ điều kiện để nộp.</p>
        )
      ) : null}
      {props.diff ? <DiffSection diff={props.diff} /> : null}
      {canEdit && props.details ? <DetailsForm dossierId={d.id} csrfToken={props.csrfToken} state={props.details.state} errors={props.details.errors} /> : null}
      {!canEdit ? (
        <section class="card">
          <h2>Sự hài lòng của người dân và các xác nhận</h2>
          <p>
            Tỷ lệ hài lòng: <strong>{d.satisfactionPct === null ? "—" : `${d.satisfactionPct}%`}</strong>
            {d.satisfactionEvidence ? ` (${d.satisfactionEvidence})` : ""}
          </p>
          <p>
            Không nợ đọng XDCB: {d.noDebtConfirmed ? "đã xác nhận" : "chưa xác nhận"} · Không là điểm nóng an ninh, trật tự: {d.securityConfirmed ? "đã xác nhận" : "chưa xác nhận"}
          </p>
        </section>
      ) : null}
      <DocumentsSection dossierId={d.id} csrfToken={props.csrfToken} documents={props.documents} canEdit={canEdit} form={props.document} />
      {props.snapshot ? <SnapshotSection snapshot={props.snapshot} level={d.level} /> : null}
      <ActionForms {...props} />
      <section class="card" aria-labelledby="events-title">
        <h2 id="events-title">Nhật ký xử lý</h2>
        <ol class="rec-events">
          {props.events.map((e) => (
            <li>
              <span class="muted">{formatDateTime(e.at)}</span> · <strong>{e.actorName ?? "—"}</strong>: {e.action === "register" ? "lập hồ sơ" : ACTION_LABELS[e.action as TransitionAction] ?? e.action}
              {e.fromStatus && e.toStatus ? ` (${STATE_LABELS[e.fromStatus as DossierState] ?? e.fromStatus} → ${STATE_LABELS[e.toStatus as DossierState] ?? e.toStatus})` : ""}
              {e.reason ? <>: {e.reason}</> : null}
            </li>
          ))}
        </ol>
      </section>
      <p>
        <a href={`/communes/${props.communeCode}/dossiers`}>← Các hồ sơ của {props.communeName}</a> · <a href={`/communes/${props.communeCode}/checklist`}>Bộ tiêu chí của xã</a>
      </p>
    </Page>
  );
}

export type ReturnRowState = { indicator: string; reason: string };

export function ReturnPage(props: {
  user: LayoutUser;
  csrfToken: string;
  dossierId: number;
  version: number;
  communeName: string;
  title: string;
  criteria: { number: number; name: string; indicators: { id: number; code: string; name: string; failing: boolean }[] }[];
  note: string;
  rows: ReturnRowState[];
  errors: { note?: string; rows: Record<number, string>; form?: string };
}) {
  const action = `${base(props.dossierId)}/return`;
  return (
    <Page title={`Trả lại hồ sơ · ${props.communeName}`} user={props.user} csrfToken={props.csrfToken}>
      <p>
        <a href={base(props.dossierId)}>← {props.title}</a>
      </p>
      <h1>Trả lại hồ sơ: {props.communeName}</h1>
      <p>Ghi lý do chung và lý do cho từng chỉ tiêu cần xã sửa. Xã sẽ thấy các chỉ tiêu này ở đầu bộ tiêu chí của mình.</p>
      <form method="post" action={action} class="stack" novalidate>
        <Csrf token={props.csrfToken} />
        <input type="hidden" name="version" value={String(props.version)} />
        {props.errors.form ? <div class="alert error" role="alert">{props.errors.form}</div> : null}
        <div class={props.errors.note ? "field invalid" : "field"}>
          <label for="return-note">Lý do trả lại (nhận xét chung)</label>
          <textarea id="return-note" name="note" rows={3} maxlength={2000} aria-describedby={props.errors.note ? "return-note-error" : undefined}>
            {props.note}
          </textarea>
          <FieldError id="return-note" error={props.errors.note} />
        </div>
        {props.rows.map((row, i) => (
          <fieldset class={props.errors.rows[i] ? "rec-return-row invalid" : "rec-return-row"}>
            <legend>Chỉ tiêu trả lại {i + 1}</legend>
            <div class="field">
              <label for={`ind-${i}`}>Chỉ tiêu</label>
              <select id={`ind-${i}`} name={`indicator_${i}`} aria-describedby={props.errors.rows[i] ? `row-${i}-error` : undefined}>
                <option value="">— Không chọn —</option>
                {props.criteria.map((c) => (
                  <optgroup label={`${c.number}. ${c.name}`}>
                    {c.indicators.map((ind) => (
                      <option value={String(ind.id)} selected={row.indicator === String(ind.id)}>
                        {ind.code} {ind.name}
                        {ind.failing ? " (chưa đạt)" : ""}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </div>
            <div class="field">
              <label for={`reason-${i}`}>Lý do</label>
              <textarea id={`reason-${i}`} name={`reason_${i}`} rows={2} maxlength={1000}>
                {row.reason}
              </textarea>
            </div>
            <FieldError id={`row-${i}`} error={props.errors.rows[i]} />
          </fieldset>
        ))}
        {props.rows.length < 20 ? (
          <p>
            <button type="submit" name="more" value="1">
              Thêm dòng chỉ tiêu
            </button>
          </p>
        ) : null}
        <p class="form-actions">
          <button type="submit" class="primary">
            Trả lại hồ sơ
          </button>{" "}
          <a href={base(props.dossierId)}>Hủy</a>
        </p>
      </form>
    </Page>
  );
}
