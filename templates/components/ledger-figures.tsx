// Small pieces shared by the sponsors ledger pages: totals figures, status badges, a textarea field,
// and a ticked checkbox field.
import type { FieldErrors } from "./form";
import { formatDate, formatNumber, formatVnd } from "../../src/domain/format";
import { CONTRIBUTION_STATUS_LABELS, receivedPercent, type ContributionStatus, type LedgerTotals } from "../../src/domain/ledger";

export function LedgerFigures(props: { totals: LedgerTotals; label?: string; id?: string }) {
  const t = props.totals;
  return (
    <section class="card ledger-figures" aria-label={props.label ?? "Tổng hợp đóng góp"} id={props.id}>
      <dl class="facts">
        <div>
          <dt>Đã cam kết</dt>
          <dd data-figure="pledged">{formatVnd(t.pledged)}</dd>
        </div>
        <div>
          <dt>Đã nhận</dt>
          <dd data-figure="received">
            {formatVnd(t.received)} <span class="muted">({receivedPercent(t)}%)</span>
          </dd>
        </div>
        <div>
          <dt>Còn phải thu</dt>
          <dd data-figure="outstanding">{formatVnd(t.outstanding)}</dd>
        </div>
        <div>
          <dt>Quá hạn</dt>
          <dd data-figure="overdue" class={t.overdueCount ? "bad-text" : undefined}>
            {t.overdueCount ? `${formatNumber(t.overdueCount)} cam kết · ${formatVnd(t.overdueAmount)}` : "Không có"}
          </dd>
        </div>
        {t.labourDaysPledged ? (
          <div>
            <dt>Ngày công</dt>
            <dd>
              {formatNumber(t.labourDaysReceived)}/{formatNumber(t.labourDaysPledged)} ngày
            </dd>
          </div>
        ) : null}
        {t.landM2Pledged ? (
          <div>
            <dt>Đất hiến</dt>
            <dd>
              {formatNumber(t.landM2Received)}/{formatNumber(t.landM2Pledged)} m²
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

export function StatusBadge(props: { status: ContributionStatus; overdue?: boolean; dueDate?: string | null }) {
  const cls = props.status === "received" ? "badge good" : props.status === "cancelled" ? "badge bad" : "badge warn";
  return (
    <span class="badges">
      <span class={cls}>{CONTRIBUTION_STATUS_LABELS[props.status]}</span>
      {props.overdue ? <span class="badge bad" title={`Hạn ${formatDate(props.dueDate)}`}>Quá hạn</span> : null}
    </span>
  );
}

export function TextArea(props: { name: string; label: string; value?: string | null; errors?: FieldErrors; maxlength?: number; rows?: number; hint?: string }) {
  const error = props.errors?.[props.name];
  const id = `f-${props.name}`;
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>{props.label}</label>
      <textarea id={id} name={props.name} rows={props.rows ?? 2} maxlength={props.maxlength} aria-invalid={error ? "true" : undefined} aria-describedby={error ? `${id}-error` : props.hint ? `${id}-hint` : undefined}>
        {props.value ?? ""}
      </textarea>
      {props.hint ? <small id={`${id}-hint`}>{props.hint}</small> : null}
      {error ? <p class="error-text" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
}

export function CheckField(props: { name: string; label: string; checked: boolean; errors?: FieldErrors; hint?: string }) {
  const error = props.errors?.[props.name];
  const id = `f-${props.name}`;
  return (
    <div class={error ? "field check invalid" : "field check"}>
      <input type="checkbox" id={id} name={props.name} value="on" checked={props.checked} aria-describedby={props.hint ? `${id}-hint` : undefined} />
      <label for={id}>{props.label}</label>
      {props.hint ? <small id={`${id}-hint`}>{props.hint}</small> : null}
      {error ? <p class="error-text">{error}</p> : null}
    </div>
  );
}

/** "1.005.000 đ" or an empty cell for 0 when `blankZero`. */
export const vnd = (n: number, blankZero = false) => (blankZero && n === 0 ? "" : formatVnd(n));
