import { formatNumber } from "../../src/domain/format";
// The recognition dossier page (status, steps, alerts, returns, problems, event log) and the return page.
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf } from "../components/form";
import { Breadcrumbs, type Crumb } from "./unit";
import { formatDate, formatDateTime } from "../../src/domain/format";
import { ACTION_LABELS, CHAIN_LABELS, STATE_LABELS, chainSteps, type Chain, type DossierState, type TransitionAction, type UnmetCriterion } from "../../src/domain/recognition";
import { FieldError, dossierBase as base, levelName, type Errors } from "../components/recognition-common";
import { DocumentsSection, type DocumentState, type DocumentView } from "../components/recognition-documents";
import { ActionForms, DetailsForm, type DecisionState, type DetailsState } from "../components/recognition-forms";
import { DiffSection, SnapshotSection, type DiffView, type SnapshotView } from "../components/recognition-snapshot";

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
export type EventView = { at: string; actorName: string | null; action: string; fromStatus: string | null; toStatus: string | null; reason: string | null };
export type ReturnItemView = { indicatorId: number; code: string; name: string; reason: string };

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
      {props.problems && props.actions.includes("submit") ? <ProblemsSection problems={props.problems} communeCode={props.communeCode} /> : null}
      {props.diff ? <DiffSection diff={props.diff} /> : null}
      {canEdit && props.details ? <DetailsForm dossierId={d.id} csrfToken={props.csrfToken} state={props.details.state} errors={props.details.errors} /> : null}
      {!canEdit ? (
        <section class="card">
          <h2>Sự hài lòng của người dân và các xác nhận</h2>
          <p>
            Tỷ lệ hài lòng: <strong>{d.satisfactionPct === null ? "—" : `${formatNumber(d.satisfactionPct)}%`}</strong>
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
      <p class="links">
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

/** Why the dossier cannot be submitted yet (also swapped out of band after each document added). */
export function ProblemsSection(props: { problems: { unmet: UnmetCriterion[]; messages: string[] }; communeCode: string; oob?: boolean }) {
  const oob = props.oob ? "true" : undefined;
  return props.problems.messages.length ? (
    <section class="card rec-problems" id="problems" aria-labelledby="problems-title" hx-swap-oob={oob}>
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
    <p class="alert info" id="problems" hx-swap-oob={oob}>
      Hồ sơ đã đủ điều kiện để nộp.
    </p>
  );
}
