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
}) {
  return (
    <Page title={msg.home} user={props.user} csrfToken={props.csrfToken}>
      <h1>Xin chào, {props.displayName}</h1>
      <p class="muted">
        {msg.roles[props.role]} · Phạm vi: <a href={`/units/${props.scope.code}`}>{props.scope.name}</a>
      </p>
      <ul class="actions">
        {props.role === "commune_staff" ? <li><a class="button primary" href={`/communes/${props.scope.code}/checklist`}>Bộ tiêu chí của xã</a></li> : null}
        <li><a class="button" href={`/units/${props.scope.code}`}>Xem {props.scope.name}</a></li>
        <li><a class="button" href="/units">{msg.searchUnits}</a></li>
        {props.role === "admin" ? <li><a class="button" href="/admin/users">Quản lý người dùng</a></li> : null}
      </ul>
      {props.children.length > 0 ? <UnitTable items={props.children} caption={props.childCaption} /> : null}
    </Page>
  );
}
