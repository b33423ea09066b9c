import { Hono } from "hono";
import type { AppEnv } from "../env";
import { can } from "../domain/permissions";
import { childrenWithCounts, getUnit, unitRef } from "../services/units";
import { pageProps, requireUser } from "../web/context";
import { HomePage } from "../../templates/pages/home";
import { closedNotice, unitHref } from "../web/merger-view";
import { currentUser } from "../web/request";

export const home = new Hono<AppEnv>().get("/", requireUser, async (c) => {
  const user = currentUser(c);
  const scope = (await getUnit(c.var.db, user.actor.scope.id))!;
  const children = scope.level === "hamlet" ? [] : await childrenWithCounts(c.var.db, scope);
  const captions = { province: "Đơn vị trực thuộc", district: "Các xã trong phạm vi của bạn", commune: "Các ấp của xã", hamlet: "" };
  return c.html(
    <HomePage
      {...pageProps(c)}
      role={user.actor.role}
      displayName={user.displayName}
      scope={{ code: scope.code, name: scope.name }}
      childCaption={captions[scope.level]}
      notice={await closedNotice(c, scope, true)}
      mergerLinks={!scope.validTo}
      children={children.map((ch) => ({ code: ch.code, name: ch.name, kind: ch.kind, viewable: can(user.actor, "unit.view", { unit: unitRef(ch) }), href: unitHref(ch) }))}
    />,
  );
});
