// Sponsors (mạnh thường quân): the list within the user's scope and one sponsor's page. Contact fields are
// rendered only when the route passes `contact` (can("sponsor.contact")).
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf, Field, FormError, Select, type FieldErrors } from "../components/form";
import { CheckField, StatusBadge, TextArea } from "../components/ledger-figures";
import { formatDate, formatNumber, formatVnd } from "../../src/domain/format";
import { CONTRIBUTION_KIND_LABELS, SPONSOR_KINDS, SPONSOR_KIND_LABELS, isOverdue, sumLedger, type SponsorKind } from "../../src/domain/ledger";
import type { SponsorContributionRow } from "../../src/web/ledger-view";
import type { LedgerTotals } from "../../src/domain/ledger";
import { SponsorMergeForm, type MergeCandidate } from "../components/sponsor-merge";

type Props = { user: LayoutUser; csrfToken: string };

export type SponsorListItem = { id: number; name: string; kind: SponsorKind; publicConsent: boolean; totals: Pick<LedgerTotals, "pledged" | "received">; contactPhone: string | null };

export function SponsorListPage(props: Props & { scopeName: string; query: string; items: SponsorListItem[]; showContact: boolean; next?: string | null }) {
  return (
    <Page title="Mạnh thường quân" user={props.user} csrfToken={props.csrfToken} wide>
      <h1>Mạnh thường quân</h1>
      <p class="muted">Phạm vi: {props.scopeName}</p>
      <form method="get" action="/sponsors" class="search" role="search">
        <label for="sponsor-q">Tìm theo tên (gõ đầu tên, không cần dấu)</label>
        <input id="sponsor-q" name="q" type="search" value={props.query} maxlength={60} />
        <button type="submit">Tìm</button>
      </form>
      {props.items.length === 0 ? (
        <p>Chưa có nhà tài trợ nào{props.query ? " khớp với tìm kiếm" : ""}.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>{formatNumber(props.items.length)} nhà tài trợ{props.next ? " (trang này)" : ""}</caption>
            <thead>
              <tr>
                <th scope="col">Tên</th>
                <th scope="col">Loại</th>
                {props.showContact ? <th scope="col">Điện thoại</th> : null}
                <th scope="col" class="num">Cam kết</th>
                <th scope="col" class="num">Đã nhận</th>
                <th scope="col">Công khai</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((s) => (
                <tr>
                  <td>
                    <a href={`/sponsors/${s.id}`}>{s.name}</a>
                  </td>
                  <td>{SPONSOR_KIND_LABELS[s.kind]}</td>
                  {props.showContact ? <td>{s.contactPhone ?? ""}</td> : null}
                  <td class="num">{formatVnd(s.totals.pledged)}</td>
                  <td class="num">{formatVnd(s.totals.received)}</td>
                  <td>{s.publicConsent ? "Có" : "Không"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.next ? (
        <p>
          <a href={props.next}>Trang sau →</a>
        </p>
      ) : null}
    </Page>
  );
}

export type SponsorView = {
  id: number;
  name: string;
  kind: SponsorKind;
  publicConsent: boolean;
  publicName: string | null;
  version: number;
  /** Present only for users who may see contact data. */
  contact: { phone: string | null; email: string | null; address: string | null; note: string | null } | null;
  mobiliserName: string | null;
};

export function SponsorPage(
  props: Props & {
    s: SponsorView;
    rows: SponsorContributionRow[];
    today: string;
    edit: { state: Record<string, string>; errors?: FieldErrors; conflict?: boolean } | null;
    /** The admin's merge form (issue 14). */
    merge?: { candidates: MergeCandidate[]; error?: string } | null;
  },
) {
  const s = props.s;
  const totals = sumLedger(props.rows, props.today);
  return (
    <Page title={s.name} user={props.user} csrfToken={props.csrfToken}>
      <p>
        <a href="/sponsors">← Mạnh thường quân</a>
      </p>
      <h1>{s.name}</h1>
      <dl class="facts">
        <div>
          <dt>Loại</dt>
          <dd>{SPONSOR_KIND_LABELS[s.kind]}</dd>
        </div>
        <div>
          <dt>Công khai</dt>
          <dd>{s.publicConsent ? `Có, tên hiển thị: ${s.publicName || s.name}` : "Không đồng ý công khai tên"}</dd>
        </div>
        {s.mobiliserName ? (
          <div>
            <dt>Cán bộ vận động</dt>
            <dd>{s.mobiliserName}</dd>
          </div>
        ) : null}
        <div>
          <dt>Cam kết</dt>
          <dd>{formatVnd(totals.pledged)}</dd>
        </div>
        <div>
          <dt>Đã nhận</dt>
          <dd>{formatVnd(totals.received)}</dd>
        </div>
      </dl>
      {s.contact ? (
        <section class="card" aria-label="Thông tin liên hệ">
          <h2>Liên hệ</h2>
          <p class="muted">Thông tin cá nhân: chỉ quản trị, xã liên quan và cán bộ vận động xem được.</p>
          <dl class="facts">
            <div>
              <dt>Điện thoại</dt>
              <dd>{s.contact.phone ?? "—"}</dd>
            </div>
            <div>
              <dt>Email</dt>
              <dd>{s.contact.email ?? "—"}</dd>
            </div>
            <div>
              <dt>Địa chỉ</dt>
              <dd>{s.contact.address ?? "—"}</dd>
            </div>
          </dl>
          {s.contact.note ? <p>{s.contact.note}</p> : null}
        </section>
      ) : null}
      <h2>Các lần đóng góp</h2>
      {props.rows.length === 0 ? (
        <p>Chưa có đóng góp nào trong phạm vi của bạn.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Ngày</th>
                <th scope="col">Xã</th>
                <th scope="col">Hình thức</th>
                <th scope="col" class="num">Cam kết</th>
                <th scope="col" class="num">Đã nhận</th>
                <th scope="col">Trạng thái</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td>
                    <a href={`/contributions/${r.id}`}>{formatDate(r.pledgedAt)}</a>
                  </td>
                  <td>{r.communeName}</td>
                  <td>{CONTRIBUTION_KIND_LABELS[r.kind]}</td>
                  <td class="num">{formatVnd(r.amount)}</td>
                  <td class="num">{formatVnd(r.receivedTotal)}</td>
                  <td>
                    <StatusBadge status={r.status} overdue={isOverdue(r, props.today)} dueDate={r.dueDate} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.edit ? <SponsorEditForm id={s.id} version={s.version} csrfToken={props.csrfToken} {...props.edit} /> : null}
      {props.merge ? <SponsorMergeForm id={s.id} version={s.version} csrfToken={props.csrfToken} {...props.merge} /> : null}
    </Page>
  );
}

function SponsorEditForm(props: { id: number; version: number; csrfToken: string; state: Record<string, string>; errors?: FieldErrors; conflict?: boolean }) {
  const v = props.state;
  const e = props.errors;
  return (
    <form method="post" action={`/sponsors/${props.id}`} class="card stack" id="sponsor-edit" novalidate>
      <h2>Sửa thông tin nhà tài trợ</h2>
      <Csrf token={props.csrfToken} />
      <input type="hidden" name="version" value={String(props.version)} />
      {props.conflict ? (
        <div class="alert warn" role="alert">
          <strong>Đã có người lưu trước bạn.</strong> Thông tin phía trên là bản mới nhất; nội dung bạn nhập vẫn được giữ bên dưới. Bấm “Lưu” lần nữa nếu vẫn muốn thay.
        </div>
      ) : null}
      <FormError errors={e} />
      <Select name="sponsorKind" label="Loại nhà tài trợ" value={v.sponsorKind} options={SPONSOR_KINDS.map((k) => ({ value: k, label: SPONSOR_KIND_LABELS[k] }))} errors={e} />
      <Field name="sponsorName" label="Tên nhà tài trợ" value={v.sponsorName} errors={e} maxlength={200} />
      <Field name="contactPhone" label="Điện thoại" type="tel" value={v.contactPhone} errors={e} maxlength={30} />
      <Field name="contactEmail" label="Email" type="email" value={v.contactEmail} errors={e} maxlength={200} />
      <Field name="contactAddress" label="Địa chỉ" value={v.contactAddress} errors={e} maxlength={300} />
      <TextArea name="contactNote" label="Ghi chú liên hệ" value={v.contactNote} errors={e} maxlength={500} />
      <CheckField name="publicConsent" label="Đồng ý công khai tên và số tiền đóng góp" checked={v.publicConsent === "on"} errors={e} />
      <Field name="publicName" label="Tên hiển thị công khai (không bắt buộc)" value={v.publicName} errors={e} maxlength={200} />
      <p>
        <button type="submit" class="primary">
          Lưu
        </button>
      </p>
    </form>
  );
}
