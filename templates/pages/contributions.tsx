// Pages of a commune's sponsor contributions: the commune ledger, one contribution with its receipts, the
// receipt form, delivery and cancellation (the pledge form is in contribution-form.tsx).
import { Page, type LayoutUser } from "../layouts/page";
import { webHref } from "../../src/domain/text";
import { Csrf, Field, FormError, FormKey, type FieldErrors } from "../components/form";
import { CheckField, LedgerFigures, StatusBadge, TextArea, vnd } from "../components/ledger-figures";
import { formatDate, formatDateTime, formatNumber, formatVnd } from "../../src/domain/format";
import { CONTRIBUTION_KIND_LABELS, isOverdue, outstanding, type LedgerTotals } from "../../src/domain/ledger";
import type { ContributionListRow, ContributionDetail } from "../../src/web/ledger-view";

type Props = { user: LayoutUser; csrfToken: string };
export type FormState = Record<string, string>;

export type CommuneLedgerLinks = { canRecord: boolean; canManageProjects: boolean; canManageFund: boolean };

function CommuneNav(props: { code: string; links: CommuneLedgerLinks }) {
  const base = `/communes/${props.code}`;
  return (
    <ul class="actions">
      {props.links.canRecord ? (
        <li>
          <a class="button primary" href={`${base}/contributions/new`}>
            Ghi nhận cam kết mới
          </a>
        </li>
      ) : null}
      <li>
        <a class="button" href={`${base}/projects`}>
          Công trình
        </a>
      </li>
      <li>
        <a class="button" href="/sponsors">
          Nhà tài trợ
        </a>
      </li>
      <li>
        <a class="button" href={`/reports/contributions?unit=${props.code}&by=criterion`}>
          Báo cáo
        </a>
      </li>
      <li>
        <a class="button" href={`/public/communes/${props.code}`}>
          Trang công khai
        </a>
      </li>
      {props.links.canManageFund ? (
        <li>
          <a class="button" href={`${base}/fund-account`}>
            Tài khoản quỹ (VietQR)
          </a>
        </li>
      ) : null}
    </ul>
  );
}

export function CommuneLedgerPage(props: Props & { communeName: string; communeCode: string; totals: LedgerTotals; rows: ContributionListRow[]; next: string | null; today: string; links: CommuneLedgerLinks }) {
  return (
    <Page title={`Mạnh thường quân: ${props.communeName}`} user={props.user} csrfToken={props.csrfToken} wide>
      <p>
        <a href={`/units/${props.communeCode}`}>← {props.communeName}</a>
      </p>
      <h1>Đóng góp của mạnh thường quân: {props.communeName}</h1>
      <LedgerFigures totals={props.totals} />
      <CommuneNav code={props.communeCode} links={props.links} />
      {props.rows.length === 0 ? (
        <p>Chưa có cam kết đóng góp nào.</p>
      ) : (
        <div class="table-wrap">
          <table class="ledger-table">
            <caption>{props.next ? `${formatNumber(props.rows.length)} cam kết mới nhất (trong ${formatNumber(props.totals.count + props.totals.cancelled)})` : `${formatNumber(props.rows.length)} cam kết, mới nhất trước`}</caption>
            <thead>
              <tr>
                <th scope="col">Ngày</th>
                <th scope="col">Nhà tài trợ</th>
                <th scope="col">Hình thức</th>
                <th scope="col" class="num">Cam kết</th>
                <th scope="col" class="num">Đã nhận</th>
                <th scope="col">Trạng thái</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td>{formatDate(r.pledgedAt)}</td>
                  <td>
                    <a href={`/contributions/${r.id}`}>{r.sponsorName}</a>
                    {r.sponsorPublicName === null ? <span class="badge muted-badge" title="Không đồng ý công khai tên">ẩn danh</span> : null}
                  </td>
                  <td>
                    {CONTRIBUTION_KIND_LABELS[r.kind]}
                    {r.labourDays ? ` · ${formatNumber(r.labourDays)} ngày` : ""}
                    {r.landM2 ? ` · ${formatNumber(r.landM2)} m²` : ""}
                  </td>
                  <td class="num">{vnd(r.amount, r.kind === "labour" || r.kind === "land")}</td>
                  <td class="num">{vnd(r.receivedTotal, r.kind === "labour" || r.kind === "land")}</td>
                  <td>
                    <StatusBadge status={r.status} overdue={isOverdue(r, props.today)} dueDate={r.dueDate} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {props.next ? (
            <p>
              <a href={props.next}>Xem thêm (cũ hơn) →</a>
            </p>
          ) : null}
        </div>
      )}
    </Page>
  );
}

export type ReceiptFormProps = { contributionId: number; state: FormState; errors?: FieldErrors; showConfirm: boolean; csrfToken: string };

export function ReceiptForm(props: ReceiptFormProps) {
  const s = props.state;
  const e = props.errors;
  const action = `/contributions/${props.contributionId}/receipts`;
  return (
    <form method="post" action={action} hx-post={action} hx-target="#receipt-form" hx-swap="outerHTML" class="stack card" id="receipt-form" novalidate>
      <h2>Lập phiếu thu</h2>
      <Csrf token={props.csrfToken} />
      <FormKey />
      {s.version ? <input type="hidden" name="version" value={s.version} /> : null}
      <FormError errors={e} />
      <Field name="amount" label="Số tiền thu (đồng)" value={s.amount} errors={e} inputmode="numeric" maxlength={30} hint="Thu từng phần được; ví dụ 30.000.000." />
      <Field name="receivedAt" label="Ngày thu (dd/mm/yyyy)" value={s.receivedAt} errors={e} inputmode="numeric" maxlength={10} />
      <Field name="payerName" label="Người nộp" value={s.payerName} errors={e} maxlength={200} />
      <TextArea name="note" label="Ghi chú" value={s.note} errors={e} maxlength={500} />
      {props.showConfirm ? <CheckField name="confirmOver" label="Xác nhận thu vượt số cam kết" checked={s.confirmOver === "on"} hint="Chỉ đánh dấu khi nhà tài trợ thực sự đóng nhiều hơn số đã cam kết." /> : null}
      <p class="form-actions">
        <button type="submit" class="primary">
          Lưu và in phiếu thu
        </button>
      </p>
    </form>
  );
}

export function ContributionPage(
  props: Props & {
    d: ContributionDetail;
    today: string;
    canReceipt: boolean;
    canCancel: boolean;
    receiptForm: Omit<ReceiptFormProps, "csrfToken"> | null;
    cancelState: { reason: string; version: number; error?: string; conflict?: boolean };
  },
) {
  const { c, sponsor, commune } = props.d;
  const money = c.kind === "money" || c.kind === "in_kind";
  const left = outstanding(c);
  return (
    <Page title={`Cam kết của ${sponsor.name}`} user={props.user} csrfToken={props.csrfToken}>
      <p>
        <a href={`/communes/${commune.code}/contributions`}>← Mạnh thường quân {commune.name}</a>
      </p>
      <h1>
        Cam kết của <a href={`/sponsors/${sponsor.id}`}>{sponsor.name}</a>
      </h1>
      <p>
        <StatusBadge status={c.status} overdue={isOverdue(c, props.today)} dueDate={c.dueDate} />
      </p>
      <dl class="facts" id="contribution-facts">
        <div>
          <dt>Hình thức</dt>
          <dd>{CONTRIBUTION_KIND_LABELS[c.kind]}</dd>
        </div>
        {c.kind === "labour" ? (
          <div>
            <dt>Ngày công</dt>
            <dd>{formatNumber(c.labourDays)} ngày</dd>
          </div>
        ) : null}
        {c.kind === "land" ? (
          <div>
            <dt>Diện tích</dt>
            <dd>{formatNumber(c.landM2)} m²</dd>
          </div>
        ) : null}
        {money || c.amount ? (
          <div>
            <dt>{money ? "Cam kết" : "Giá trị quy đổi"}</dt>
            <dd data-figure="pledged">{formatVnd(c.amount)}</dd>
          </div>
        ) : null}
        {money ? (
          <div>
            <dt>Đã nhận</dt>
            <dd data-figure="received">{formatVnd(c.receivedTotal)}</dd>
          </div>
        ) : null}
        {money && c.status === "pledged" ? (
          <div>
            <dt>Còn lại</dt>
            <dd>{formatVnd(left)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Ngày cam kết</dt>
          <dd>{formatDate(c.pledgedAt)}</dd>
        </div>
        {c.dueDate ? (
          <div>
            <dt>Hạn</dt>
            <dd>{formatDate(c.dueDate)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Địa bàn</dt>
          <dd>
            {commune.name}
            {props.d.hamletName ? `, ${props.d.hamletName}` : ""}
          </dd>
        </div>
        {props.d.criterionName ? (
          <div>
            <dt>Tiêu chí</dt>
            <dd>{props.d.criterionName}</dd>
          </div>
        ) : null}
        {props.d.projectName ? (
          <div>
            <dt>Công trình</dt>
            <dd>
              <a href={`/projects/${c.projectId}`}>{props.d.projectName}</a>
            </dd>
          </div>
        ) : null}
        {props.d.mobiliserName ? (
          <div>
            <dt>Cán bộ vận động</dt>
            <dd>{props.d.mobiliserName}</dd>
          </div>
        ) : null}
        <div>
          <dt>Người ghi nhận</dt>
          <dd>
            {props.d.creatorName ?? ""} <span class="muted">{formatDateTime(c.createdAt)}</span>
          </dd>
        </div>
      </dl>
      {c.description ? <p>{c.description}</p> : null}
      {c.kind === "in_kind" ? (
        <p class="muted">
          {formatNumber(c.quantity)} × {formatVnd(c.unitValue)} · Căn cứ định giá: {c.valuationBasis} · Người duyệt: {c.valuationApprovedBy}
        </p>
      ) : null}
      {c.evidenceNote || c.evidenceLink ? (
        <p>
          Minh chứng: {c.evidenceNote ?? ""}{" "}
          {webHref(c.evidenceLink) ? (
            <a href={webHref(c.evidenceLink)!} rel="noopener noreferrer nofollow" target="_blank">
              Mở minh chứng
            </a>
          ) : (c.evidenceLink ?? null)}
        </p>
      ) : null}
      {c.status === "cancelled" ? (
        <div class="alert warn">
          <strong>Đã hủy.</strong> Lý do: {c.cancelReason}
          {c.receivedTotal > 0 ? ` (số đã nhận ${formatVnd(c.receivedTotal)} vẫn được tính)` : ""}
        </div>
      ) : null}

      {money ? (
        <section id="receipts">
          <h2>Phiếu thu</h2>
          {props.d.receipts.length === 0 ? (
            <p class="muted">Chưa có phiếu thu.</p>
          ) : (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Số phiếu</th>
                    <th scope="col">Ngày thu</th>
                    <th scope="col" class="num">Số tiền</th>
                    <th scope="col">Người thu</th>
                  </tr>
                </thead>
                <tbody>
                  {props.d.receipts.map((r) => (
                    <tr>
                      <td>
                        <a href={`/receipts/${r.id}`}>{r.number}</a>
                      </td>
                      <td>{formatDate(r.receivedAt)}</td>
                      <td class="num">{formatVnd(r.amount)}</td>
                      <td>{r.receivedByName ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {props.receiptForm ? <ReceiptForm {...props.receiptForm} csrfToken={props.csrfToken} /> : null}
        </section>
      ) : props.canReceipt && c.status === "pledged" ? (
        <form method="post" action={`/contributions/${c.id}/deliver`} class="card stack">
          <Csrf token={props.csrfToken} />
          <input type="hidden" name="version" value={String(c.version)} />
          <p>{c.kind === "labour" ? "Khi các ngày công đã được thực hiện:" : "Khi đất đã được bàn giao:"}</p>
          <button type="submit" class="primary">
            Xác nhận đã nhận
          </button>
        </form>
      ) : null}

      {props.canCancel && c.status === "pledged" ? (
        <p>
          <a class="button" href={`/contributions/${c.id}/edit`}>
            Sửa cam kết
          </a>
        </p>
      ) : null}
      {props.canCancel && c.status === "pledged" ? (
        <form method="post" action={`/contributions/${c.id}/cancel`} class="card stack" id="cancel-form" novalidate>
          <h2>Hủy cam kết</h2>
          <Csrf token={props.csrfToken} />
          <input type="hidden" name="version" value={String(props.cancelState.version)} />
          {props.cancelState.conflict ? (
            <div class="alert warn" role="alert">
              Cam kết vừa được người khác cập nhật. Thông tin trên trang đã là mới nhất; kiểm tra lại rồi bấm hủy lần nữa nếu vẫn muốn hủy.
            </div>
          ) : null}
          {c.receivedTotal > 0 ? <p class="muted">Đã nhận {formatVnd(c.receivedTotal)}: số này vẫn được tính, chỉ phần còn lại bị hủy.</p> : null}
          <TextArea name="reason" label="Lý do hủy" value={props.cancelState.reason} errors={props.cancelState.error ? { reason: props.cancelState.error } : undefined} maxlength={500} />
          <p>
            <button type="submit">Hủy cam kết</button>
          </p>
        </form>
      ) : null}
    </Page>
  );
}
