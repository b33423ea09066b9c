// Feedback reports: the monthly digest page (/reports/feedback/:yyyy-mm) and the leaders' view (on-time
// rate per department, the overdue list).
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf } from "../components/form";
import { averageRating, type Digest, type DigestFigures, type DigestRow } from "../../src/domain/feedback";
import { formatDate, formatDateTime, formatNumber } from "../../src/domain/format";
import { FeedbackTable, type ListRowView } from "./feedback";

const pct = (n: number | null) => (n === null ? "—" : `${formatNumber(n, 1)} %`);

function FiguresTable(props: { caption: string; rows: DigestRow[]; total?: DigestFigures; firstHeader: string; id: string; hrefOf?: (id: number) => string }) {
  return (
    <div class="table-wrap">
      <table id={props.id} class="figures">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.firstHeader}</th>
            <th scope="col" class="num">Tiếp nhận</th>
            <th scope="col" class="num">Đã trả lời</th>
            <th scope="col" class="num">Đúng hạn</th>
            <th scope="col" class="num">Trễ hạn</th>
            <th scope="col" class="num">Tỷ lệ đúng hạn</th>
            <th scope="col" class="num">Tồn cuối kỳ</th>
            <th scope="col" class="num">Quá hạn</th>
            <th scope="col" class="num">Hài lòng (TB)</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <Row name={r.name} f={r.figures} href={r.id !== null && props.hrefOf ? props.hrefOf(r.id) : undefined} />
          ))}
        </tbody>
        {props.total ? (
          <tfoot>
            <Row name="Tổng cộng" f={props.total} strong />
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}

function Row(props: { name: string; f: DigestFigures; strong?: boolean; href?: string }) {
  const f = props.f;
  const avg = averageRating(f);
  return (
    <tr>
      <th scope="row">{props.strong ? <strong>{props.name}</strong> : props.href ? <a href={props.href}>{props.name}</a> : props.name}</th>
      <td class="num">{formatNumber(f.received)}</td>
      <td class="num">{formatNumber(f.answered)}</td>
      <td class="num">{formatNumber(f.answeredOnTime)}</td>
      <td class="num">{formatNumber(f.answeredLate)}</td>
      <td class="num">{pct(f.onTimeRate)}</td>
      <td class="num">{formatNumber(f.pending)}</td>
      <td class="num">{formatNumber(f.overdue)}</td>
      <td class="num">{avg === null ? "—" : `${formatNumber(avg, 1)}/5`}</td>
    </tr>
  );
}

function Headline(props: { f: DigestFigures }) {
  const f = props.f;
  return (
    <dl class="facts headline">
      <div>
        <dt>Tiếp nhận</dt>
        <dd id="fig-received">{formatNumber(f.received)}</dd>
      </div>
      <div>
        <dt>Đã trả lời</dt>
        <dd id="fig-answered">{formatNumber(f.answered)}</dd>
      </div>
      <div>
        <dt>Trả lời đúng hạn</dt>
        <dd id="fig-ontime">
          {formatNumber(f.answeredOnTime)} ({pct(f.onTimeRate)})
        </dd>
      </div>
      <div>
        <dt>Quá hạn chưa trả lời</dt>
        <dd id="fig-overdue">{formatNumber(f.overdue)}</dd>
      </div>
    </dl>
  );
}

const monthLabel = (month: string) => `tháng ${Number(month.slice(5))}/${month.slice(0, 4)}`;

export function DigestPage(props: {
  user: LayoutUser;
  csrfToken: string;
  month: string;
  areaName: string;
  digest: Digest | null;
  builtAt: string | null;
  live: boolean;
  months: string[];
  canBuild: boolean;
}) {
  const d = props.digest;
  return (
    <Page title={`Tổng hợp phản ánh ${monthLabel(props.month)}`} user={props.user} csrfToken={props.csrfToken} wide>
      <p>
        <a href="/reports/feedback">← Báo cáo phản ánh, kiến nghị</a>
      </p>
      <h1>
        Tổng hợp phản ánh, kiến nghị {monthLabel(props.month)}: {props.areaName}
      </h1>
      {d ? (
        <p class="muted">
          Từ {formatDate(d.from)} đến {formatDate(d.to)}.{" "}
          {props.live ? "Số liệu tính tại thời điểm xem." : `Báo cáo lập lúc ${formatDateTime(props.builtAt)} (tự động ngày 1 hằng tháng).`} “Đúng hạn”: trả lời trước hết ngày hạn (tính theo ngày làm việc);
          “Tồn”, “Quá hạn”: chưa trả lời vào cuối tháng.
        </p>
      ) : (
        <div class="alert info">Chưa có báo cáo của {monthLabel(props.month)}. Báo cáo tự động lập vào ngày 1 của tháng sau.</div>
      )}
      {props.canBuild ? (
        <form method="post" action={`/reports/feedback/${props.month}/build`}>
          <Csrf token={props.csrfToken} />
          <button type="submit">{d ? "Lập lại báo cáo tháng này" : "Lập báo cáo ngay"}</button>
        </form>
      ) : null}
      {d ? (
        <>
          <Headline f={d.total} />
          <FiguresTable id="by-department" caption="Theo sở, ngành" firstHeader="Sở, ngành" rows={d.byDepartment} total={d.total} />
          <FiguresTable id="by-category" caption="Theo lĩnh vực" firstHeader="Lĩnh vực" rows={d.byCategory} />
        </>
      ) : null}
      {props.months.length ? (
        <nav aria-label="Các tháng đã có báo cáo" class="filters">
          Các tháng khác:{" "}
          {props.months.map((m) => (
            <>
              <a href={`/reports/feedback/${m}`}>{m.slice(5)}/{m.slice(0, 4)}</a>{" "}
            </>
          ))}
        </nav>
      ) : null}
    </Page>
  );
}

export function FeedbackReportPage(props: {
  user: LayoutUser;
  csrfToken: string;
  areaName: string;
  areaCode: string;
  from: string;
  to: string;
  digest: Digest;
  overdue: ListRowView[];
  months: string[];
  error?: string;
  /** Each department's name links to its inbox (admin and province leaders). */
  departmentInboxes?: boolean;
}) {
  return (
    <Page title="Báo cáo phản ánh, kiến nghị" user={props.user} csrfToken={props.csrfToken} wide>
      <h1>Phản ánh, kiến nghị: {props.areaName}</h1>
      <form method="get" action="/reports/feedback" class="search period">
        <input type="hidden" name="unit" value={props.areaCode} />
        <label for="r-from">Từ ngày (dd/mm/yyyy)</label>
        <input id="r-from" name="from" type="text" inputmode="numeric" maxlength={10} placeholder="dd/mm/yyyy" value={formatDate(props.from)} />
        <label for="r-to">Đến ngày (dd/mm/yyyy)</label>
        <input id="r-to" name="to" type="text" inputmode="numeric" maxlength={10} placeholder="dd/mm/yyyy" value={formatDate(props.to)} />
        <button type="submit">Xem</button>
      </form>
      {props.error ? (
        <div class="alert error" role="alert">
          {props.error}
        </div>
      ) : null}
      <p class="muted">
        Từ {formatDate(props.from)} đến {formatDate(props.to)}. Tỷ lệ đúng hạn = số trả lời trước hết hạn / số đã trả lời trong kỳ.
      </p>
      <Headline f={props.digest.total} />
      <FiguresTable
        id="on-time"
        caption="Tỷ lệ trả lời đúng hạn theo sở, ngành"
        firstHeader="Sở, ngành"
        rows={props.digest.byDepartment}
        total={props.digest.total}
        hrefOf={props.departmentInboxes ? (id) => `/departments/${id}/feedback` : undefined}
      />
      <h2 id="overdue-h">Phản ánh quá hạn chưa trả lời ({formatNumber(props.overdue.length)})</h2>
      <FeedbackTable rows={props.overdue} caption="Quá hạn lâu nhất trước" showCommune showDepartment empty="Không có phản ánh quá hạn." />
      {props.months.length ? (
        <>
          <h2>Báo cáo tháng</h2>
          <ul class="months">
            {props.months.map((m) => (
              <li>
                <a href={`/reports/feedback/${m}`}>Tháng {Number(m.slice(5))}/{m.slice(0, 4)}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Page>
  );
}
