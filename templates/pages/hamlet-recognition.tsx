// Issue 21: hamlet recognitions. The admin's list of the province's hamlet-level sets with the load form; one
// hamlet's checklist against each set (kept by the commune's staff) and the decision (commune or province).
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf, FormError, type FieldErrors } from "../components/form";
import { DateField, SelectField, TextField, type Values } from "../components/fields";
import { formatDate } from "../../src/domain/format";
import { msg } from "../../src/messages";

export type HamletSetRow = { id: number; code: string; name: string; title: string; decidedBy: "commune" | "province"; source: string; verified: boolean };

const decider = (d: "commune" | "province") => (d === "commune" ? "UBND xã quyết định công nhận" : "UBND tỉnh quyết định công nhận");

export function HamletSetsPage(props: { user: LayoutUser; csrfToken: string; sets: HamletSetRow[]; text: string; errors: string[]; loaded?: string }) {
  return (
    <Page title="Bộ tiêu chí cấp ấp" user={props.user} csrfToken={props.csrfToken}>
      <h1>Bộ tiêu chí cấp ấp, khu dân cư</h1>
      <p class="muted">
        Khu dân cư kiểu mẫu, ấp nông thôn mới kiểu mẫu, ấp đạt chuẩn nông thôn mới ở xã đặc biệt khó khăn: theo quyết định của tỉnh. Mỗi bộ ghi nguồn
        (văn bản) và trạng thái đã xác minh; không có sẵn bộ nào.
      </p>
      {props.loaded ? (
        <p class="alert success" role="status">
          Đã nạp bộ tiêu chí {props.loaded}.
        </p>
      ) : null}
      {props.sets.length === 0 ? (
        <p>Tỉnh chưa nạp bộ tiêu chí cấp ấp nào.</p>
      ) : (
        <ul id="hamlet-sets">
          {props.sets.map((s) => (
            <li>
              <strong>{s.code}</strong> — {s.name} ({s.title}; {decider(s.decidedBy)}) · {s.verified ? `đã xác minh: ${s.source}` : <span class="unverified">{msg.unverified}</span>}
            </li>
          ))}
        </ul>
      )}
      <form method="post" action="/admin/hamlet-sets" class="stack card">
        <Csrf token={props.csrfToken} />
        {props.errors.length ? (
          <div class="alert error" role="alert">
            <ul>
              {props.errors.map((e) => (
                <li>{e}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <TextField
          name="json"
          label="Bộ tiêu chí (JSON)"
          rows={12}
          value={props.text}
          hint='{"code": "KDC-KM-VL", "name": "…", "title": "Khu dân cư kiểu mẫu", "decidedBy": "commune" hoặc "province", "source": "số, ngày văn bản của tỉnh", "verified": false, "criteria": [{"name": "…", "source": "", "verified": false}]}'
        />
        <button type="submit" class="primary">
          Nạp bộ tiêu chí
        </button>
      </form>
    </Page>
  );
}

export type HamletSetCheckView = {
  set: HamletSetRow;
  criteria: { id: number; number: number; name: string; verified: boolean; met: boolean | null; note: string | null }[];
  allMet: boolean;
  recognition: { decisionNumber: string; decisionDate: string; signer: string } | null;
  canEdit: boolean;
  canDecide: boolean;
};

export function HamletRecognitionPage(props: {
  user: LayoutUser;
  csrfToken: string;
  commune: { code: string; name: string };
  hamlet: { code: string; name: string };
  sets: HamletSetCheckView[];
  decision?: { setId: number; values: Values; errors?: FieldErrors };
  notice?: string;
}) {
  const base = `/communes/${props.commune.code}/hamlets/${props.hamlet.code}`;
  return (
    <Page title={`Công nhận ${props.hamlet.name}`} user={props.user} csrfToken={props.csrfToken}>
      <p>
        <a href={`/communes/${props.commune.code}/hamlets`}>← Ấp, khu phố của {props.commune.name}</a>
      </p>
      <h1>
        {props.hamlet.name}: khu dân cư kiểu mẫu, ấp đạt chuẩn
      </h1>
      {props.notice ? (
        <p class="alert success" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.sets.length === 0 ? <p>Tỉnh chưa nạp bộ tiêu chí cấp ấp nào.</p> : null}
      {props.sets.map((v) => (
        <section class="card" id={`set-${v.set.code}`}>
          <h2>
            {v.set.name} <small class="muted">({decider(v.set.decidedBy)})</small>
          </h2>
          {v.set.verified ? null : <p class="muted">Bộ tiêu chí {msg.unverified} (chưa ghi văn bản gốc).</p>}
          {v.recognition ? (
            <p class="alert success recognised">
              Đã công nhận {v.set.title}: quyết định số {v.recognition.decisionNumber} ngày {formatDate(v.recognition.decisionDate)} ({v.recognition.signer}).
            </p>
          ) : null}
          <form method="post" action={`${base}/checks`} class="stack">
            <Csrf token={props.csrfToken} />
            <input type="hidden" name="setId" value={String(v.set.id)} />
            <ol class="plain stack">
              {v.criteria.map((c) => (
                <li>
                  <label>
                    <input type="checkbox" name={`met_${c.id}`} value="1" checked={c.met === true} disabled={!v.canEdit} /> {c.number}. {c.name}
                  </label>
                  {c.note ? <small class="muted"> — {c.note}</small> : null}
                </li>
              ))}
            </ol>
            {v.canEdit ? <button type="submit">Lưu kết quả tự đánh giá</button> : null}
          </form>
          <p class="status">{v.allMet ? "Đạt đủ các tiêu chí." : "Chưa đạt đủ các tiêu chí."}</p>
          {props.decision?.setId === v.set.id ? <FormError errors={props.decision.errors} /> : null}
          {v.canDecide && !v.recognition && v.allMet ? (
            <form method="post" action={`${base}/decision`} class="stack">
              <Csrf token={props.csrfToken} />
              <input type="hidden" name="setId" value={String(v.set.id)} />
              <TextField name="decisionNumber" label="Số quyết định" value={props.decision?.setId === v.set.id ? props.decision.values.decisionNumber : ""} errors={props.decision?.setId === v.set.id ? props.decision.errors : undefined} maxlength={60} required />
              <DateField name="decisionDate" label="Ngày quyết định" value={props.decision?.setId === v.set.id ? props.decision.values.decisionDate : ""} errors={props.decision?.setId === v.set.id ? props.decision.errors : undefined} required />
              <TextField name="signer" label="Người ký" value={props.decision?.setId === v.set.id ? props.decision.values.signer : ""} errors={props.decision?.setId === v.set.id ? props.decision.errors : undefined} maxlength={120} required />
              <button type="submit" class="primary">
                Ghi quyết định công nhận {v.set.title}
              </button>
            </form>
          ) : null}
        </section>
      ))}
    </Page>
  );
}

export type HouseholdLinkRow = { id: number; setCode: string; indicatorCode: string; indicatorName: string; field: string; fieldLabel: string; source: string; verified: boolean };

/** The admin's list of indicators that count households (share of the households the communes follow) and its form. */
export function HouseholdLinksPage(props: {
  user: LayoutUser;
  csrfToken: string;
  links: HouseholdLinkRow[];
  sets: { value: number; label: string }[];
  fields: { value: string; label: string }[];
  values: Values;
  errors?: FieldErrors;
}) {
  const v = props.values;
  return (
    <Page title="Chỉ tiêu đếm hộ gia đình" user={props.user} csrfToken={props.csrfToken}>
      <h1>Chỉ tiêu tính theo số hộ gia đình</h1>
      <p class="muted">
        Chỉ tiêu nào của bộ tiêu chí được gợi ý giá trị từ danh sách hộ xã theo dõi (tỷ lệ hộ trên tổng số hộ trong danh sách). Cán bộ xã xác nhận
        giá trị gợi ý trước khi ghi vào bộ tiêu chí.
      </p>
      {props.links.length === 0 ? (
        <p>Chưa gắn chỉ tiêu nào.</p>
      ) : (
        <ul id="household-links">
          {props.links.map((l) => (
            <li>
              {l.setCode} · {l.indicatorCode} {l.indicatorName} ← {l.fieldLabel} · {l.verified ? `đã xác minh: ${l.source}` : <span class="unverified">{msg.unverified}</span>}
              <form method="post" action={`/admin/household-links/${l.id}/delete`} class="inline">
                <Csrf token={props.csrfToken} />
                <button type="submit" class="link" aria-label={`Bỏ liên kết ${l.setCode} ${l.indicatorCode}`}>
                  Bỏ
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action="/admin/household-links" class="stack card" novalidate>
        <Csrf token={props.csrfToken} />
        <FormError errors={props.errors} />
        <SelectField name="setId" label="Bộ tiêu chí" value={v.setId} options={props.sets} errors={props.errors} empty="— Chọn bộ tiêu chí —" required />
        <TextField name="indicatorCode" label="Mã chỉ tiêu (ví dụ 8.1)" value={v.indicatorCode} errors={props.errors} maxlength={20} required />
        <SelectField name="field" label="Thông tin hộ được đếm" value={v.field} options={props.fields} errors={props.errors} required />
        <TextField name="source" label="Nguồn (văn bản của tỉnh)" value={v.source} errors={props.errors} maxlength={500} />
        <div class="field">
          <label>
            <input type="checkbox" name="verified" value="1" checked={v.verified === "1"} /> Đã xác minh (đã đối chiếu với văn bản)
          </label>
        </div>
        <button type="submit" class="primary">
          Lưu liên kết
        </button>
      </form>
    </Page>
  );
}
