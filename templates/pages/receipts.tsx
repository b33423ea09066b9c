// The printable receipt (phiếu thu): A5-ish layout on screen, clean on paper (print stylesheet in app.css).
import { Page, type LayoutUser } from "../layouts/page";
import { raw } from "hono/html";
import { formatVnd } from "../../src/domain/format";
import { qrSvg } from "../../src/domain/vietqr";
import type { ReceiptView } from "../../src/web/ledger-view";
import { FileList, UploadForm, type FileView } from "../components/evidence-files";
import { asset } from "../assets";

const dayMonthYear = (iso: string) => {
  const [y, m, d] = iso.slice(0, 10).split("-");
  return `Ngày ${d} tháng ${m} năm ${y}`;
};

export function ReceiptPrintPage(props: {
  user: LayoutUser;
  csrfToken: string;
  v: ReceiptView;
  words: string;
  showAddress: boolean;
  justCreated: boolean;
  /** The site's origin ("https://…"), for the printed lookup address. */
  origin: string;
  /** Scans of the signed receipt: kept with the accounting record, never withdrawn. */
  files?: { list: FileView[]; canAttach: boolean };
}) {
  const { r, c } = props.v;
  // The full address of the public lookup (printed on paper, so never a relative path), also as a QR code.
  const lookupUrl = `${props.origin}/public/communes/${props.v.communeCode}?receipt=${encodeURIComponent(r.number)}${r.checkCode ? `&check=${encodeURIComponent(r.checkCode)}` : ""}`;
  const purpose = ["Đóng góp xây dựng nông thôn mới", props.v.projectName ? `công trình ${props.v.projectName}` : null, props.v.criterionName ? `tiêu chí ${props.v.criterionName}` : null, c.description]
    .filter(Boolean)
    .join(" – ");
  return (
    <Page title={`Phiếu thu ${r.number}`} user={props.user} csrfToken={props.csrfToken}>
      <div class="no-print">
        <p>
          <a href={`/contributions/${c.id}#receipts`}>← Cam kết của {props.v.sponsorName}</a>
        </p>
        {props.justCreated ? (
          <div class="alert info" role="status">
            Đã lập phiếu thu số <strong>{r.number}</strong>.
          </div>
        ) : null}
        <p class="actions">
          <button type="button" class="primary" data-print>
            In phiếu thu
          </button>
          <span class="muted">Hoặc dùng lệnh In của trình duyệt (Ctrl+P).</span>
        </p>
        {props.files ? (
          <section class="card evidence-files" aria-labelledby="receipt-files-title">
            <h2 id="receipt-files-title">Bản chụp phiếu thu đã ký</h2>
            {props.files.list.length === 0 ? <p class="muted">Chưa có tệp nào.</p> : null}
            <FileList listId={`files-receipt-${r.id}`} files={props.files.list} />
            {props.files.canAttach ? (
              <UploadForm kind="receipt" parentId={r.id} csrfToken={props.csrfToken} back={`/receipts/${r.id}`} listId={`files-receipt-${r.id}`} label="Thêm bản chụp (ảnh hoặc PDF; không thể rút lại)" />
            ) : null}
          </section>
        ) : null}
      </div>
      <article class="receipt" aria-label={`Phiếu thu số ${r.number}`}>
        <header class="receipt-head">
          <div>
            <strong>UBND {props.v.communeName.toUpperCase()}</strong>
            <br />
            {[props.v.districtName, props.v.provinceName].filter(Boolean).join(", ")}
          </div>
          <div class="receipt-no">
            Số: <strong id="receipt-number">{r.number}</strong>
            {r.checkCode ? (
              <>
                <br />
                Mã kiểm tra: <strong id="receipt-check">{r.checkCode}</strong>
              </>
            ) : null}
          </div>
        </header>
        <h1 class="receipt-title">PHIẾU THU</h1>
        <p class="receipt-date">{dayMonthYear(r.receivedAt)}</p>
        <dl class="receipt-lines">
          <div>
            <dt>Họ và tên người nộp tiền:</dt>
            <dd>{r.payerName ?? props.v.sponsorName}</dd>
          </div>
          <div>
            <dt>Đơn vị/nhà tài trợ:</dt>
            <dd>{props.v.sponsorName}</dd>
          </div>
          {props.showAddress && props.v.sponsorAddress ? (
            <div>
              <dt>Địa chỉ:</dt>
              <dd>{props.v.sponsorAddress}</dd>
            </div>
          ) : null}
          <div>
            <dt>Lý do nộp:</dt>
            <dd>{purpose}</dd>
          </div>
          <div>
            <dt>Số tiền:</dt>
            <dd>
              <strong id="receipt-amount">{formatVnd(r.amount)}</strong>
            </dd>
          </div>
          <div>
            <dt>Viết bằng chữ:</dt>
            <dd>
              <em id="receipt-words">{props.words}.</em>
            </dd>
          </div>
          {r.note ? (
            <div>
              <dt>Ghi chú:</dt>
              <dd>{r.note}</dd>
            </div>
          ) : null}
        </dl>
        <div class="receipt-signs">
          <div>
            <strong>Người nộp tiền</strong>
            <br />
            <span class="muted">(Ký, họ tên)</span>
          </div>
          <div>
            <strong>Người lập phiếu</strong>
            <br />
            <span class="muted">(Ký, họ tên)</span>
            <p class="sign-name">{props.v.receivedByName ?? ""}</p>
          </div>
          <div>
            <strong>Thủ quỹ</strong>
            <br />
            <span class="muted">(Ký, họ tên)</span>
          </div>
        </div>
        <div class="receipt-foot">
          <div class="receipt-qr">{raw(qrSvg(lookupUrl))}</div>
          <p>
            Tra cứu công khai phiếu thu này (quét mã QR hoặc mở địa chỉ): <span class="receipt-url">{lookupUrl}</span>
          </p>
        </div>
      </article>
      <script src={asset("/receipts-print.js")} defer></script>
    </Page>
  );
}
