import { Hono } from "hono";
import type { AppEnv } from "../env";
import { can } from "../domain/permissions";
import { levelRows } from "../domain/progress";
import { childrenWithCounts, getUnit, unitRef } from "../services/units";
import { areaLevels, areaSetsInPeriod } from "../services/progress";
import { inboxCounts } from "../services/inbox-counts";
import { vietnamDate } from "../domain/clock";
import { openProvinces, recentRecognitions, searchPublicCommunes } from "../services/landing";
import type { PublicProvince } from "../web/landing-view";
import { pageProps } from "../web/context";
import { clock } from "../web/progress-page";
import { levelName } from "../web/progress-view";
import { noControlChars } from "../web/validate";
import { HomePage } from "../../templates/pages/home";
import { LandingPage, type LandingSummary } from "../../templates/pages/landing";
import { closedNotice, unitHref } from "../web/merger-view";
import { type C } from "../web/request";


/** A province's figures for the landing page: communes per level in the current period (live rollups). */
async function provinceSummary(c: C, p: PublicProvince, t: ReturnType<typeof clock>): Promise<LandingSummary | null> {
  const inPeriod = await areaSetsInPeriod(c.var.db, p.id, undefined, t.year);
  const first = inPeriod?.sets[0];
  const set = first ? inPeriod.defs.find((d) => d.id === first.id) : undefined;
  if (!first || !set) return null;
  const levels = await areaLevels(c.var.db, p.id, set);
  const rows = levelRows(set.levels.map((l) => ({ ...l, name: levelName(l.code) })), { communes: first.communes, levels }, null, levelName(null));
  return {
    code: p.code,
    name: p.name,
    setName: set.name,
    communes: first.communes,
    baseName: levelName(set.baseLevel),
    reached: rows[0].atLeast,
    reachedShare: rows[0].atLeastShare,
    levels: rows.map((r) => ({ name: r.name, communes: r.exact, share: r.exactShare })),
    asOf: t.asOf,
  };
}

/** `/` for an anonymous visitor: the public landing page (search, summary, recognitions, ledgers). */
async function landing(c: C) {
  const raw = (c.req.query("q") ?? "").trim().slice(0, 60);
  const q = noControlChars(raw) ? raw : "";
  const provinces = await openProvinces(c.var.db);
  const t = clock(c);
  const [hits, recent, summaries] = await Promise.all([
    q ? searchPublicCommunes(c.var.db, q) : Promise.resolve(null),
    recentRecognitions(c.var.db, provinces.map((p) => p.id)),
    // A province's deployment shows its summary; a national database lists the provinces instead.
    provinces.length <= 3 ? Promise.all(provinces.map((p) => provinceSummary(c, p, t))) : Promise.resolve([]),
  ]);
  return c.html(
    <LandingPage
      csrfToken={c.var.csrfToken}
      q={q}
      hits={hits}
      provinces={provinces}
      summaries={summaries.filter((s): s is LandingSummary => s !== null)}
      recent={recent.map((r) => ({ ...r, levelName: levelName(r.level) }))}
    />,
  );
}

export const home = new Hono<AppEnv>().get("/", async (c) => {
  const user = c.var.user;
  if (!user) return landing(c);
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
      provinceWide={scope.level === "province"}
      counts={{ unread: user.unread, ...((await inboxCounts(c.var.db, user.actor, vietnamDate(c.var.now))) ?? { open: null, overdue: 0 }) }}
      children={children.map((ch) => ({ code: ch.code, name: ch.name, kind: ch.kind, viewable: can(user.actor, "unit.view", { unit: unitRef(ch) }), href: unitHref(ch) }))}
    />,
  );
});
