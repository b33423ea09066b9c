// The dossier's forms: satisfaction/confirmations details form and the workflow action forms (submit, review, decisions).
import { Csrf } from "./form";
import type { TransitionAction } from "../../src/domain/recognition";
import type { DossierPageProps } from "../pages/recognition-dossier";
import { FieldError, dossierBase as base, type Errors } from "./recognition-common";

export type DetailsState = { satisfactionPct: string; satisfactionEvidence: string; noDebtConfirmed: boolean; securityConfirmed: boolean; version: number };
export type DecisionState = { number: string; date: string; signer: string; reason: string };

export function DetailsForm(props: { dossierId: number; csrfToken: string; state: DetailsState; errors: Errors }) {
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
        <input id="f-satisfaction" name="satisfactionPct" type="text" inputmode="decimal" value={s.satisfactionPct} maxlength={6} aria-describedby={e.satisfactionPct ? "f-satisfaction-error" : undefined} />
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

export function ActionForms(props: DossierPageProps) {
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
