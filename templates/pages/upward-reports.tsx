// /reports/upward (issue 19): the periodic report tables a province sends upward, as CSV or XLSX.
import { Page, type LayoutUser } from "../layouts/page";
import { formatDate } from "../../src/domain/format";
import { UPWARD_TABLES } from "../../src/domain/upward-report";

export function UpwardReportsPage(props: { user: LayoutUser; csrfToken: string; provinceName: string; from: string; to: string; error?: string }) {
  const q = `from=${props.from}&amp;to=${props.to}`;
  return (
    <Page title="Báo cáo định kỳ gửi cấp trên" user={props.user} csrfToken={props.csrfToken}>
      <h1>Báo cáo định kỳ gửi cấp trên — {props.provinceName}</h1>
      <p>
        Tên cột cố định (hệ thống nhận chỉ cần ghép một lần); ý nghĩa từng cột ở <a href="/api/v1/docs">tài liệu API</a>. Bảng công nhận tính các quyết định
        công nhận hoặc thu hồi trong kỳ {formatDate(props.from)} – {formatDate(props.to)}.
      </p>
      {props.error ? <p class="alert error" role="alert">{props.error}</p> : null}
      <form method="get" action="/reports/upward" class="filters-form">
        <div class="field"><label for="f-from">Từ ngày (yyyy-mm-dd)</label><input id="f-from" name="from" type="date" value={props.from} /></div>
        <div class="field"><label for="f-to">Đến ngày (yyyy-mm-dd)</label><input id="f-to" name="to" type="date" value={props.to} /></div>
        <button type="submit">Chọn kỳ</button>
      </form>
      <ul>
        {UPWARD_TABLES.map((t) => (
          <li>
            {t.title}: <a href={`/reports/upward/${t.file}.csv?${q.replace(/&amp;/g, "&")}`}>CSV</a> · <a href={`/reports/upward/${t.file}.xlsx?${q.replace(/&amp;/g, "&")}`}>XLSX</a>
          </li>
        ))}
      </ul>
    </Page>
  );
}
