// The admin's delivery log, contact list and template preview (issue 18): /admin/notify, /admin/notify/templates.
import { Page, type LayoutUser } from "../layouts/page";
import { formatDateTime } from "../../src/domain/format";
import { CHANNEL_LABELS, TEMPLATES, displayPhone, type Channel, type EventKind } from "../../src/domain/notify";
import { DELIVERY_STATUS_LABELS, type DeliveryLogRow, type ProvinceContact } from "../../src/web/notify-view";

const STATUS_BADGE: Record<string, string> = { sent: "good", failed: "bad", dead: "bad", retry: "warn" };

const channelLabel = (c: string) => CHANNEL_LABELS[c as Channel] ?? c;
const kindLabel = (k: string) => TEMPLATES[k as EventKind]?.label ?? k;

export function DeliveryLogPage(props: { user: LayoutUser; csrfToken: string; rows: DeliveryLogRow[]; contacts: ProvinceContact[]; pending: number; status: string }) {
  return (
    <Page title="Nhật ký gửi thông báo" user={props.user} csrfToken={props.csrfToken} wide>
      <h1>Nhật ký gửi thông báo</h1>
      <p>
        Sự kiện chờ đưa vào hàng đợi: <strong>{props.pending}</strong>. <a href="/admin/notify/templates">Xem mẫu tin nhắn</a>
      </p>
      <form method="get" action="/admin/notify" class="filters-form">
        <label for="f-status">Trạng thái</label>
        <select id="f-status" name="status">
          <option value="">Tất cả</option>
          {Object.entries(DELIVERY_STATUS_LABELS).map(([v, l]) => (
            <option value={v} selected={props.status === v}>{l}</option>
          ))}
        </select>
        <button type="submit">Lọc</button>
      </form>
      <div class="table-wrap">
        <table id="delivery-log">
          <caption>{props.rows.length} dòng gần nhất (tối đa 200)</caption>
          <thead>
            <tr><th scope="col">Lúc</th><th scope="col">Người nhận</th><th scope="col">Kênh</th><th scope="col">Loại</th><th scope="col">Lần</th><th scope="col">Trạng thái</th><th scope="col">Lý do</th></tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>{formatDateTime(r.at)}</td>
                <td>{r.displayName} <span class="muted">({r.username})</span></td>
                <td>{channelLabel(r.channel)}</td>
                <td>{kindLabel(r.kind)}</td>
                <td>{r.attempt}</td>
                <td><span class={`badge ${STATUS_BADGE[r.status] ?? "muted"}`}>{DELIVERY_STATUS_LABELS[r.status] ?? r.status}</span></td>
                <td class="small">{r.reason ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Kênh liên lạc của người dùng trong tỉnh</h2>
      <p class="muted">Dữ liệu cá nhân: chỉ người dùng và quản trị viên xem được; chỉ có trong bản sao lưu của quản trị viên.</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr><th scope="col">Tài khoản</th><th scope="col">Kênh</th><th scope="col">Địa chỉ</th><th scope="col">Xác minh</th></tr>
          </thead>
          <tbody>
            {props.contacts.map((c) => (
              <tr>
                <td>{c.displayName} <span class="muted">({c.username})</span></td>
                <td>{channelLabel(c.channel)}</td>
                <td>{c.channel === "zalo" ? displayPhone(c.address) : c.channel === "push" ? new URL(c.address).host : c.address}</td>
                <td>{c.verified ? "Đã xác minh" : "Chưa"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}

export type TemplatePreview = { kind: EventKind; label: string; subject: string; body: string; znsTemplateId: string | null };

export function TemplatesPage(props: { user: LayoutUser; csrfToken: string; previews: TemplatePreview[] }) {
  return (
    <Page title="Mẫu tin nhắn" user={props.user} csrfToken={props.csrfToken} wide>
      <h1>Mẫu tin nhắn theo loại sự kiện</h1>
      <p>Xem trước với dữ liệu mẫu. Thư điện tử và thông báo đẩy dùng tiêu đề và nội dung dưới đây; Zalo ZNS gửi cùng các tham số tới mẫu đã được Zalo duyệt.</p>
      {props.previews.map((p) => (
        <section class="card" id={`mau-${p.kind}`}>
          <h2>{p.label}</h2>
          <p><strong>Tiêu đề:</strong> {p.subject}</p>
          <p><strong>Nội dung:</strong> {p.body}</p>
          <p class="muted">Mã mẫu ZNS: {p.znsTemplateId ?? "chưa cấu hình (ZALO_TEMPLATE_IDS)"}</p>
        </section>
      ))}
    </Page>
  );
}
