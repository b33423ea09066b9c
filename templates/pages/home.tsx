import type { Child } from "hono/jsx";
import { Page, type LayoutUser } from "../layouts/page";
import { UnitTable, type UnitListItem } from "../components/unit-list";
import { msg } from "../../src/messages";
import type { Role } from "../../src/db/schema";

export function HomePage(props: {
  user: LayoutUser;
  csrfToken: string;
  role: Role;
  displayName: string;
  scope: { code: string; name: string };
  children: UnitListItem[];
  childCaption: string;
  /** The user's unit has closed (merger): names its successor(s). */
  notice?: Child;
  /** The merger pages (carry-over, succession) apply: a unit that has not closed. */
  mergerLinks?: boolean;
  /** The user works at province level (province-wide reports). */
  provinceWide?: boolean;
  /** What waits for the user: unread notifications, open and overdue feedback (issue 15). */
  counts?: { unread: number; open: number | null; overdue: number; visitsDue?: { units: number; gapDays: number } } | null;
}) {
  const k = props.counts;
  // A cadre's feedback is what they logged, followed on their board of communes.
  const cadre = props.role === "cadre";
  const feedbackHref = cadre ? "/me/communes" : "/me/feedback";
  return (
    <Page title={msg.home} user={props.user} csrfToken={props.csrfToken}>
      <h1>Xin chào, {props.displayName}</h1>
      <p class="muted">
        {msg.roles[props.role]} · Phạm vi: <a href={`/units/${props.scope.code}`}>{props.scope.name}</a>
      </p>
      {props.notice}
      {k && (k.unread || k.open || k.overdue || k.visitsDue?.units) ? (
        <p class="home-counts" id="home-counts">
          {k.unread ? <a class="badge warn" href="/me/notifications">{k.unread >= 100 ? "99+" : k.unread} thông báo chưa đọc</a> : null}
          {k.open ? <a class="badge info" href={feedbackHref}>{k.open} phản ánh {cadre ? "bạn ghi nhận " : ""}đang chờ trả lời</a> : null}
          {k.overdue ? <a class="badge bad" href={feedbackHref}>{k.overdue} phản ánh {cadre ? "bạn ghi nhận " : ""}quá hạn</a> : null}
          {k.visitsDue?.units ? <a class="badge warn" href="/me/communes">{k.visitsDue.units} địa bàn chưa đi cơ sở trong {k.visitsDue.gapDays} ngày</a> : null}
        </p>
      ) : null}
      <ul class="actions">
        {props.role === "commune_staff" ? <li><a class="button primary" href={`/communes/${props.scope.code}/checklist`}>Bộ tiêu chí của xã</a></li> : null}
        {props.role === "commune_staff" ? <li><a class="button" href={`/communes/${props.scope.code}/dossiers`}>Hồ sơ xét công nhận</a></li> : null}
        {props.role === "admin" || props.role === "leader" ? <li><a class="button primary" href={`/progress/${props.scope.code}`}>Tiến độ nông thôn mới</a></li> : null}
        {props.role === "admin" || props.role === "leader" ? <li><a class="button" href="/recognitions">Hồ sơ xét công nhận</a></li> : null}
        {props.role === "commune_staff" ? <li><a class="button" href={`/communes/${props.scope.code}/contributions`}>Mạnh thường quân của xã</a></li> : null}
        {props.role === "commune_staff" ? <li><a class="button" href={`/communes/${props.scope.code}/hamlets`}>Ấp, khu phố và hộ gia đình</a></li> : null}
        {props.role === "admin" || props.role === "leader" || props.role === "cadre" ? <li><a class="button" href="/reports/contributions">Đóng góp mạnh thường quân</a></li> : null}
        {props.role === "cadre" ? <li><a class="button primary" href="/me/communes">Địa bàn được phân công</a></li> : null}
        <li><a class="button" href="/me/feedback">Phản ánh, kiến nghị</a></li>
        {props.role === "admin" ? <li><a class="button" href="/admin/assignments">Phân công cán bộ</a></li> : null}
        {props.role === "admin" ? <li><a class="button" href="/admin/feedback-categories">Lĩnh vực phản ánh, ngày nghỉ</a></li> : null}
        {props.role === "admin" || props.role === "leader" ? <li><a class="button" href="/reports/coverage">Độ bao phủ phân công</a></li> : null}
        {props.mergerLinks && (props.role === "admin" || props.role === "leader") ? <li><a class="button" href="/merger/carry-over">Sáp nhập: kế thừa kết quả</a></li> : null}
        {props.mergerLinks && props.role === "admin" ? <li><a class="button" href="/merger/succession">Sáp nhập: hoàn thiện liên kết</a></li> : null}
        <li><a class="button" href={`/units/${props.scope.code}`}>Xem {props.scope.name}</a></li>
        <li><a class="button" href="/units">{msg.searchUnits}</a></li>
        {props.role === "admin" ? <li><a class="button" href="/admin/users">Quản lý người dùng</a></li> : null}
        {props.role === "admin" ? <li><a class="button" href="/admin/criteria">Bộ tiêu chí</a></li> : null}
        {props.role === "admin" ? <li><a class="button" href="/admin/hamlet-sets">Tiêu chí cấp ấp, khu dân cư</a></li> : null}
        {props.role === "admin" ? <li><a class="button" href="/admin/household-links">Chỉ tiêu tính theo số hộ</a></li> : null}
        {props.provinceWide && (props.role === "admin" || props.role === "leader") ? <li><a class="button" href="/reports/upward">Báo cáo gửi cấp trên</a></li> : null}
        {props.role === "admin" ? <li><a class="button" href="/admin/notify">Tin nhắn Zalo, thư điện tử đã gửi</a></li> : null}
        {props.role === "admin" ? <li><a class="button" href="/admin/api-tokens">Kết nối hệ thống khác (API)</a></li> : null}
        {props.role === "admin" ? <li><a class="button" href="/admin/sso">Đăng nhập một lần (SSO)</a></li> : null}
      </ul>
      {props.children.length > 0 ? <UnitTable items={props.children} caption={props.childCaption} /> : null}
    </Page>
  );
}
