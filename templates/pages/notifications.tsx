// The notifications page (/me/notifications).
import { Page, type LayoutUser } from "../layouts/page";
import { Csrf } from "../components/form";
import { formatDateTime } from "../../src/domain/format";

export type NotificationView = { id: number; createdAt: string; text: string; link: string | null; readAt: string | null };

export function NotificationsPage(props: { user: LayoutUser; csrfToken: string; rows: NotificationView[]; unread: number }) {
  return (
    <Page title="Thông báo" user={props.user} csrfToken={props.csrfToken}>
      <h1>Thông báo</h1>
      <p><a href="/me/contacts">Nhận thông báo qua Zalo, thư điện tử hoặc trình duyệt</a></p>
      <p class="muted">{props.unread ? `${props.unread} thông báo chưa đọc.` : "Không có thông báo chưa đọc."}</p>
      {props.unread ? (
        <form method="post" action="/me/notifications/read">
          <Csrf token={props.csrfToken} />
          <button type="submit">Đánh dấu tất cả đã đọc</button>
        </form>
      ) : null}
      {props.rows.length === 0 ? (
        <p>Chưa có thông báo nào.</p>
      ) : (
        <ul class="notifications">
          {props.rows.map((n) => (
            <li class={n.readAt ? "read" : "unread"}>
              {n.readAt ? null : <span class="badge warn">Mới</span>} <span class="muted">{formatDateTime(n.createdAt)}</span>
              <br />
              {n.link ? <a href={n.link}>{n.text}</a> : n.text}
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
