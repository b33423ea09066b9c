// Ledger reports (pledged vs received vs overdue), the public ledger of a commune (no login), and the
// commune fund account form (VietQR).
import { raw } from "hono/html";
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf, Field, FormError, Select, type FieldErrors } from "../components/form";
import { LedgerFigures } from "../components/ledger-figures";
import { formatDate, formatNumber, formatVnd } from "../../src/domain/format";
import { PROJECT_STATUS_LABELS, REPORT_GROUPING_LABELS, receivedPercent, type LedgerTotals, type ReportGrouping } from "../../src/domain/ledger";
import { VIETQR_BANKS } from "../../src/domain/vietqr";
import type { PublicLedger, ReportRow } from "../../src/web/ledger-view";
import { FileList, type FileView } from "../components/evidence-files";
import { PublicSponsorTable } from "./public-sponsors";

type Props = { user: LayoutUser; csrfToken: string };

function TotalsCells(props: { t: LedgerTotals }) {
  const t = props.t;
  return (
    <>
      <td class="num">{formatNumber(t.count)}</td>
      <td class="num">{formatVnd(t.pledged)}</td>
      <td class="num">{formatVnd(t.received)}</td>
      <td class="num">{receivedPercent(t)}%</td>
      <td class="num">{formatVnd(t.outstanding)}</td>
      <td class="num">{t.overdueCount ? `${formatNumber(t.overdueCount)} · ${formatVnd(t.overdueAmount)}` : "—"}</td>
    </>
  );
}

export function LedgerReportPage(props: Props & { unitName: string; unitCode: string; by: ReportGrouping; groupings: ReportGrouping[]; rows: ReportRow[]; total: LedgerTotals; today: string }) {
  const q = (by: string, format?: string) => `/reports/contributions?unit=${props.unitCode}&by=${by}${format ? `&format=${format}` : ""}`;
  return (
    <Page title="Báo cáo đóng góp" user={props.user} csrfToken={props.csrfToken} wide>
      <h1>Đóng góp của mạnh thường quân: {props.unitName}</h1>
      <p class="muted">Cam kết, đã nhận và cam kết quá hạn tính đến ngày {formatDate(props.today)}.</p>
      <LedgerFigures totals={props.total} />
      <nav aria-label="Nhóm theo" class="filters tabs">
        {props.groupings.map((g) =>
          g === props.by ? (
            <strong aria-current="page">{REPORT_GROUPING_LABELS[g]}</strong>
          ) : (
            <a href={q(g)}>{REPORT_GROUPING_LABELS[g]}</a>
          ),
        )}
      </nav>
      <p class="actions">
        <a class="button" href={q(props.by, "csv")} download>
          Tải CSV
        </a>
        <a class="button" href={q(props.by, "xlsx")} download>
          Tải Excel (XLSX)
        </a>
        <a class="button" href={q("detail", "xlsx")} download>
          Danh sách chi tiết (XLSX)
        </a>
        <a class="button" href={q("detail", "csv")} download>
          Danh sách chi tiết (CSV)
        </a>
      </p>
      {props.rows.length === 0 ? (
        <p>Chưa có cam kết nào trong phạm vi này.</p>
      ) : (
        <div class="table-wrap">
          <table id="ledger-report">
            <caption>{REPORT_GROUPING_LABELS[props.by]}</caption>
            <thead>
              <tr>
                <th scope="col">Nhóm</th>
                <th scope="col" class="num">Số cam kết</th>
                <th scope="col" class="num">Đã cam kết</th>
                <th scope="col" class="num">Đã nhận</th>
                <th scope="col" class="num">Tỷ lệ</th>
                <th scope="col" class="num">Còn phải thu</th>
                <th scope="col" class="num">Quá hạn</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <th scope="row">{r.link ? <a href={r.link}>{r.label}</a> : r.label}</th>
                  <TotalsCells t={r.totals} />
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Tổng cộng</th>
                <TotalsCells t={props.total} />
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </Page>
  );
}

export type ReceiptLookup = { query: string; check?: string; found: { number: string; receivedAt: string; amount: number; sponsor: string; purpose: string } | null; error?: string } | null;

/** The public ledger: no login, no contact data, names of consenting sponsors only. */
export function PublicLedgerPage(props: Props & { l: PublicLedger; today: string; lookup: ReceiptLookup; files?: Record<number, FileView[]> }) {
  const l = props.l;
  return (
    <Page title={`Công khai đóng góp: ${l.commune.name}`} user={null} csrfToken={props.csrfToken}>
      <p class="muted">{l.commune.parents.join(" · ")}</p>
      <h1>Công khai đóng góp xây dựng nông thôn mới: {l.commune.name}</h1>
      <p class="links">
        <a href={`/public/progress/${l.commune.code}`}>Tiến độ nông thôn mới của {l.commune.name}</a>
      </p>
      <p class="muted">Số liệu tính đến ngày {formatDate(props.today)}. Tên nhà tài trợ chỉ được nêu khi nhà tài trợ đồng ý công khai.</p>
      <LedgerFigures totals={l.totals} id="public-totals" />

      <section class="card" id="receipt-lookup">
        <h2>Tra cứu phiếu thu</h2>
        <form method="get" action={`/public/communes/${l.commune.code}`} class="search" role="search">
          <label for="receipt-q">Số phiếu thu (ví dụ {l.commune.code}-2026-0001)</label>
          <input id="receipt-q" name="receipt" type="search" value={props.lookup?.query ?? ""} maxlength={30} />
          <label for="receipt-check">Mã kiểm tra (in trên phiếu thu)</label>
          <input id="receipt-check" name="check" type="text" value={props.lookup?.check ?? ""} maxlength={20} autocomplete="off" />
          <button type="submit">Tra cứu</button>
        </form>
        {props.lookup?.error ? (
          <p class="error-text" role="alert">
            {props.lookup.error}
          </p>
        ) : null}
        {props.lookup?.found ? (
          <dl class="facts" role="status">
            <div>
              <dt>Số phiếu</dt>
              <dd>{props.lookup.found.number}</dd>
            </div>
            <div>
              <dt>Ngày thu</dt>
              <dd>{formatDate(props.lookup.found.receivedAt)}</dd>
            </div>
            <div>
              <dt>Số tiền</dt>
              <dd>{formatVnd(props.lookup.found.amount)}</dd>
            </div>
            <div>
              <dt>Nhà tài trợ</dt>
              <dd>{props.lookup.found.sponsor}</dd>
            </div>
            <div>
              <dt>Nội dung</dt>
              <dd>{props.lookup.found.purpose}</dd>
            </div>
          </dl>
        ) : null}
      </section>

      <h2>Nhà tài trợ</h2>
      {l.sponsors.length === 0 && l.anonymous.sponsors === 0 ? (
        <p>Chưa có đóng góp nào.</p>
      ) : (
        <>
          <PublicSponsorTable id="public-sponsors" sponsors={l.sponsors}>
            {l.anonymous.sponsors > 0 ? (
              <tr>
                <th scope="row">{formatNumber(l.anonymous.sponsors)} nhà tài trợ không công khai tên</th>
                <td class="num">{formatVnd(l.anonymous.totals.pledged)}</td>
                <td class="num">{formatVnd(l.anonymous.totals.received)}</td>
              </tr>
            ) : null}
          </PublicSponsorTable>
          {l.sponsorsNext ? (
            <p class="links">
              <a href={`/public/communes/${l.commune.code}/sponsors`}>Xem toàn bộ nhà tài trợ công khai tên →</a>
            </p>
          ) : null}
        </>
      )}

      {l.byCriterion.length > 0 ? (
        <>
          <h2>Theo tiêu chí</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Tiêu chí</th>
                  <th scope="col" class="num">Cam kết</th>
                  <th scope="col" class="num">Đã nhận</th>
                </tr>
              </thead>
              <tbody>
                {l.byCriterion.map((c) => (
                  <tr>
                    <th scope="row">{c.label}</th>
                    <td class="num">{formatVnd(c.totals.pledged)}</td>
                    <td class="num">{formatVnd(c.totals.received)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      {l.projects.length > 0 ? (
        <>
          <h2>Công trình</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Công trình</th>
                  <th scope="col" class="num">Kinh phí</th>
                  <th scope="col" class="num">Mạnh thường quân cam kết / đã nhận</th>
                </tr>
              </thead>
              <tbody>
                {l.projects.map((p) => (
                  <tr>
                    <th scope="row">
                      {p.name}
                      <br />
                      <small class="muted">
                        {PROJECT_STATUS_LABELS[p.status]} ({p.progress}%){p.criterionName ? ` · ${p.criterionName}` : ""}
                      </small>
                      {props.files?.[p.id]?.length ? <FileList listId={`files-project-${p.id}`} files={props.files[p.id]} /> : null}
                    </th>
                    <td class="num wrap">
                      {formatVnd(p.budget.total)}
                      <br />
                      <small class="muted">
                        Nhà nước, xã {formatVnd(p.budget.state + p.budget.commune)} · Nhân dân {formatVnd(p.budget.residents)}
                        {p.budget.other ? ` · Khác ${formatVnd(p.budget.other)}` : ""}
                      </small>
                    </td>
                    <td class="num">
                      {formatVnd(p.sponsorPledged)} / {formatVnd(p.sponsorReceived)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      {l.fund ? (
        <section class="card vietqr" id="fund-account">
          <h2>Ủng hộ qua tài khoản Quỹ nông thôn mới của xã</h2>
          <div class="vietqr-body">
            <figure class="qr" aria-label="Mã VietQR chuyển khoản">
              {raw(l.fund.svg)}
            </figure>
            <dl>
              <dt>Ngân hàng</dt>
              <dd>{l.fund.bankName}</dd>
              <dt>Số tài khoản</dt>
              <dd class="code">{l.fund.accountNumber}</dd>
              <dt>Tên tài khoản</dt>
              <dd>{l.fund.accountName}</dd>
              <dt>Nội dung chuyển khoản</dt>
              <dd class="code">{l.fund.reference}</dd>
            </dl>
          </div>
          <p class="muted">Quét mã bằng ứng dụng ngân hàng; nội dung chuyển khoản đã điền sẵn. Xã lập phiếu thu khi nhận được tiền.</p>
        </section>
      ) : null}
    </Page>
  );
}

export function FundAccountPage(
  props: Props & { communeName: string; communeCode: string; state: Record<string, string>; errors?: FieldErrors; version: number; conflict?: boolean; saved?: boolean; previewSvg: string | null },
) {
  const s = props.state;
  const e = props.errors;
  return (
    <Page title={`Tài khoản quỹ: ${props.communeName}`} user={props.user} csrfToken={props.csrfToken}>
      <p>
        <a href={`/communes/${props.communeCode}/contributions`}>← Mạnh thường quân {props.communeName}</a>
      </p>
      <h1>Tài khoản Quỹ nông thôn mới: {props.communeName}</h1>
      <p class="muted">Tài khoản này hiện trên trang công khai của xã kèm mã VietQR. Kiểm tra kỹ số tài khoản trước khi lưu.</p>
      {props.saved ? (
        <div class="alert info" role="status">
          Đã lưu tài khoản quỹ.
        </div>
      ) : null}
      <form method="post" action={`/communes/${props.communeCode}/fund-account`} class="stack" novalidate>
        <Csrf token={props.csrfToken} />
        <input type="hidden" name="version" value={String(props.version)} />
        {props.conflict ? (
          <div class="alert warn" role="alert">
            Đã có người lưu tài khoản quỹ trước bạn. Nội dung bạn nhập vẫn được giữ; bấm “Lưu” lần nữa nếu vẫn muốn thay.
          </div>
        ) : null}
        <FormError errors={e} />
        <Select name="bankBin" label="Ngân hàng" value={s.bankBin} options={VIETQR_BANKS.map((b) => ({ value: b.bin, label: b.name }))} errors={e} emptyLabel="— Chọn ngân hàng —" />
        <Field name="accountNumber" label="Số tài khoản" value={s.accountNumber} errors={e} inputmode="numeric" maxlength={30} />
        <Field name="accountName" label="Tên tài khoản" value={s.accountName} errors={e} maxlength={100} hint="Ví dụ: UBND XA VINH BINH - QUY NONG THON MOI" />
        <p>
          <button type="submit" class="primary">
            Lưu
          </button>
        </p>
      </form>
      {props.previewSvg ? (
        <section class="card vietqr">
          <h2>Mã VietQR đang hiển thị</h2>
          <figure class="qr">{raw(props.previewSvg)}</figure>
        </section>
      ) : null}
    </Page>
  );
}

