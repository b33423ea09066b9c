// Every named sponsor of a commune (no login): "Xem toàn bộ" from the public ledger, a keyset page at a time.
import { Page, type LayoutUser } from "../layouts/page";
import { formatDate, formatVnd } from "../../src/domain/format";
import type { PublicSponsor } from "../../src/web/ledger-view";

/** Named sponsors with what they pledged and what was received; `children`: rows after them (the anonymous line). */
export function PublicSponsorTable(props: { id: string; sponsors: PublicSponsor[]; children?: unknown }) {
  return (
    <div class="table-wrap">
      <table id={props.id}>
        <thead>
          <tr>
            <th scope="col">Nhà tài trợ</th>
            <th scope="col" class="num">Cam kết</th>
            <th scope="col" class="num">Đã nhận</th>
          </tr>
        </thead>
        <tbody>
          {props.sponsors.map((s) => (
            <tr>
              <th scope="row">
                {s.name}
                <br />
                <small class="muted">{s.kind}</small>
              </th>
              <td class="num">{formatVnd(s.totals.pledged)}</td>
              <td class="num">{formatVnd(s.totals.received)}</td>
            </tr>
          ))}
          {props.children}
        </tbody>
      </table>
    </div>
  );
}

export function PublicSponsorsPage(props: { user: LayoutUser; csrfToken: string; communeName: string; communeCode: string; today: string; sponsors: PublicSponsor[]; next: string | null; first: boolean }) {
  return (
    <Page title={`Nhà tài trợ công khai tên: ${props.communeName}`} user={null} csrfToken={props.csrfToken}>
      <p class="links">
        <a href={`/public/communes/${props.communeCode}`}>← Công khai đóng góp của {props.communeName}</a>
      </p>
      <h1>Nhà tài trợ công khai tên: {props.communeName}</h1>
      <p class="muted">
        Số liệu tính đến ngày {formatDate(props.today)}. Chỉ nêu tên nhà tài trợ đồng ý công khai, xếp theo số tiền cam kết (lớn trước).
        {props.first ? "" : " Các trang trước: mở lại từ đầu danh sách."}
      </p>
      {props.sponsors.length === 0 ? (
        <p>Không có nhà tài trợ nào được công khai tên{props.first ? "" : " ở trang này"}.</p>
      ) : (
        <PublicSponsorTable id="public-sponsors-all" sponsors={props.sponsors} />
      )}
      {props.next ? (
        <p class="links">
          <a href={props.next}>Xem thêm (cam kết nhỏ hơn) →</a>
        </p>
      ) : null}
    </Page>
  );
}
