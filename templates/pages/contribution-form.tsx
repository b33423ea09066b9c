// The pledge form of a commune's sponsor contributions: new pledge and editing an existing one.
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf, Field, FormError, FormKey, Select, type FieldErrors } from "../components/form";
import { CheckField, TextArea } from "../components/ledger-figures";
import { CONTRIBUTION_KINDS, CONTRIBUTION_KIND_LABELS, SPONSOR_KINDS, SPONSOR_KIND_LABELS } from "../../src/domain/ledger";
import type { CommuneOptions, Option } from "../../src/web/ledger-view";
import type { FormState } from "./contributions";

type Props = { user: LayoutUser; csrfToken: string };

const optionsOf = (list: Option[]) => list.map((o) => ({ value: o.value, label: o.label }));

/** The pledge form: sponsor (existing or new), kind and amounts, links, dates, evidence. */
export function ContributionFormPage(
  props: Props & {
    communeName: string;
    communeCode: string;
    options: CommuneOptions;
    state: FormState;
    errors?: FieldErrors;
    actorIsCadre: boolean;
    /** Editing an existing pledge: its id and version (no new sponsor there). */
    edit?: { id: number; version: number; conflict?: boolean };
  },
) {
  const s = props.state;
  const e = props.errors;
  const list = `/communes/${props.communeCode}/contributions`;
  const action = props.edit ? `/contributions/${props.edit.id}` : list;
  const kind = s.kind || "money";
  const title = props.edit ? "Sửa cam kết đóng góp" : "Ghi nhận cam kết đóng góp";
  return (
    <Page title={`${title}: ${props.communeName}`} user={props.user} csrfToken={props.csrfToken}>
      <p>
        <a href={props.edit ? action : list}>← {props.edit ? "Cam kết" : `Mạnh thường quân ${props.communeName}`}</a>
      </p>
      <h1>{title}</h1>
      <p class="muted">{props.communeName}</p>
      <form method="post" action={action} class="stack contribution-form" novalidate>
        <Csrf token={props.csrfToken} />
        {props.edit ? null : <FormKey />}
        {props.edit ? <input type="hidden" name="version" value={String(props.edit.version)} /> : null}
        {props.edit?.conflict ? (
          <div class="alert warn" role="alert">
            <strong>Đã có người lưu trước bạn.</strong> Nội dung bạn nhập vẫn được giữ bên dưới; mở lại trang cam kết để xem bản mới nhất, hoặc bấm “Lưu cam kết” lần nữa để thay.
          </div>
        ) : null}
        <FormError errors={e} />
        {e && Object.keys(e).some((k) => k !== "form") ? (
          <div class="alert error" role="alert">
            Chưa lưu: vui lòng sửa các ô được đánh dấu bên dưới.
          </div>
        ) : null}
        <fieldset>
          <legend>Nhà tài trợ</legend>
          <Select
            name="sponsorId"
            label={props.edit ? "Nhà tài trợ" : "Nhà tài trợ đã có"}
            value={s.sponsorId}
            options={optionsOf(props.options.sponsors)}
            errors={e}
            emptyLabel={props.edit ? undefined : "— Nhà tài trợ mới (nhập bên dưới) —"}
          />
          {props.edit ? null : (
          <div class="new-sponsor stack">
            <p class="muted">Nhà tài trợ mới (bỏ qua nếu đã chọn ở trên):</p>
            <Select name="sponsorKind" label="Loại nhà tài trợ" value={s.sponsorKind || "business"} options={SPONSOR_KINDS.map((k) => ({ value: k, label: SPONSOR_KIND_LABELS[k] }))} errors={e} />
            <Field name="sponsorName" label="Tên nhà tài trợ" value={s.sponsorName} errors={e} maxlength={200} />
            <Field name="contactPhone" label="Điện thoại" type="tel" inputmode="tel" value={s.contactPhone} errors={e} maxlength={30} hint="Thông tin liên hệ chỉ quản trị, xã liên quan và cán bộ vận động xem được." />
            <Field name="contactEmail" label="Email" type="email" value={s.contactEmail} errors={e} maxlength={200} />
            <Field name="contactAddress" label="Địa chỉ" value={s.contactAddress} errors={e} maxlength={300} />
            <TextArea name="contactNote" label="Ghi chú liên hệ" value={s.contactNote} errors={e} maxlength={500} />
            <CheckField name="publicConsent" label="Nhà tài trợ đồng ý công khai tên và số tiền đóng góp" checked={s.publicConsent === "on"} errors={e} hint="Không đánh dấu thì trang công khai chỉ ghi “nhà tài trợ không công khai tên”." />
            <Field name="publicName" label="Tên hiển thị công khai (không bắt buộc)" value={s.publicName} errors={e} maxlength={200} hint="Ví dụ: “Gia đình ông Nguyễn Văn A”. Để trống thì dùng tên nhà tài trợ." />
            {e?.confirmNewSponsor || s.confirmNewSponsor === "on" ? (
              <CheckField name="confirmNewSponsor" label="Vẫn tạo nhà tài trợ mới (không trùng với nhà tài trợ đã có)" checked={s.confirmNewSponsor === "on"} errors={e} />
            ) : null}
          </div>
          )}
        </fieldset>
        <fieldset class={e?.kind ? "invalid" : undefined}>
          <legend>Hình thức đóng góp</legend>
          <div class="radios">
            {CONTRIBUTION_KINDS.map((k) => (
              <label class="radio">
                <input type="radio" name="kind" value={k} checked={kind === k} /> {CONTRIBUTION_KIND_LABELS[k]}
              </label>
            ))}
          </div>
          {e?.kind ? <p class="error-text">{e.kind}</p> : null}
          <Field
            name="amount"
            label="Số tiền cam kết (đồng)"
            value={s.amount}
            errors={e}
            inputmode="numeric"
            maxlength={30}
            hint="Số nguyên đồng, ví dụ 50.000.000. Với ngày công, hiến đất: giá trị quy đổi nếu có. Hiện vật: tự tính bằng số lượng × đơn giá."
          />
          <TextArea name="description" label="Nội dung, mô tả" value={s.description} errors={e} maxlength={500} hint="Ví dụ: ủng hộ làm đường ấp Vĩnh Thạnh; hoặc tên hiện vật." />
          <div class="kind-in_kind stack">
            <p class="muted">Hiện vật:</p>
            <Field name="quantity" label="Số lượng" value={s.quantity} errors={e} inputmode="numeric" maxlength={15} />
            <Field name="unitValue" label="Đơn giá (đồng)" value={s.unitValue} errors={e} inputmode="numeric" maxlength={30} />
            <Field name="valuationBasis" label="Căn cứ định giá" value={s.valuationBasis} errors={e} maxlength={300} hint="Ví dụ: giá thị trường tháng 3/2026, hóa đơn số …" />
            <Field name="valuationApprovedBy" label="Người duyệt giá trị" value={s.valuationApprovedBy} errors={e} maxlength={200} />
          </div>
          <div class="kind-labour">
            <Field name="labourDays" label="Số ngày công" value={s.labourDays} errors={e} inputmode="numeric" maxlength={12} />
          </div>
          <div class="kind-land">
            <Field name="landM2" label="Diện tích đất hiến (m²)" value={s.landM2} errors={e} inputmode="numeric" maxlength={15} />
          </div>
        </fieldset>
        <fieldset>
          <legend>Gắn với</legend>
          <Select name="hamletId" label="Ấp" value={s.hamletId} options={optionsOf(props.options.hamlets)} errors={e} emptyLabel="— Toàn xã —" />
          <Select name="criterionId" label="Tiêu chí" value={s.criterionId} options={optionsOf(props.options.criteria)} errors={e} emptyLabel="— Không gắn tiêu chí —" />
          <Select name="projectId" label="Công trình" value={s.projectId} options={optionsOf(props.options.projects)} errors={e} emptyLabel="— Không gắn công trình —" />
          <Select
            name="mobilisedBy"
            label="Cán bộ vận động"
            value={s.mobilisedBy}
            options={optionsOf(props.options.cadres)}
            errors={e}
            emptyLabel={props.actorIsCadre ? "— Tôi (người ghi nhận) —" : "— Không ghi —"}
          />
        </fieldset>
        <fieldset>
          <legend>Thời hạn và minh chứng</legend>
          <Field name="pledgedAt" label="Ngày cam kết (dd/mm/yyyy)" value={s.pledgedAt} errors={e} inputmode="numeric" maxlength={10} />
          <Field name="dueDate" label="Hạn đóng góp (dd/mm/yyyy, không bắt buộc)" value={s.dueDate} errors={e} inputmode="numeric" maxlength={10} />
          <TextArea name="evidenceNote" label="Ghi chú minh chứng" value={s.evidenceNote} errors={e} maxlength={1000} hint="Ví dụ: thư cam kết ký ngày …, biên bản họp ấp." />
          <Field name="evidenceLink" label="Đường dẫn minh chứng (http:// hoặc https://)" type="url" value={s.evidenceLink} errors={e} maxlength={500} />
        </fieldset>
        <p class="form-actions">
          <button type="submit" class="primary">
            Lưu cam kết
          </button>{" "}
          <a href={props.edit ? action : list}>Hủy</a>
        </p>
      </form>
    </Page>
  );
}
