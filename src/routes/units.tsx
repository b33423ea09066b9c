import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { unitSearchSchema } from "../domain/unit-forms";
import type { AppEnv } from "../env";
import { can } from "../domain/permissions";
import { fold } from "../domain/text";
import { childrenWithCounts, descendantCounts, parentChain, searchUnits, unitRef } from "../services/units";
import { authorize, isHtmx, pageProps, requireUser } from "../web/context";
import { msg } from "../messages";
import { UnitPage } from "../../templates/pages/unit";
import { SearchResults, UnitSearchPage } from "../../templates/pages/unit-search";
import { unitAt } from "../web/unit-date";
import { closedNotice, predecessorSection, unitHref } from "../web/merger-view";
import type { Context } from "hono";
import type { Unit } from "../db/schema";
import { coversUnit } from "../domain/assignments";
import { activeAssignmentUnitIds } from "../services/assignments";
import { currentActor, todayOf } from "../web/request";


/** The commune's pages the user may open, for the links on its page (a cadre: where assigned). */
async function communeSections(c: Context<AppEnv>, unit: Unit) {
  const actor = currentActor(c);
  const ref = unitRef(unit);
  const assigned = actor.role === "cadre" && coversUnit(await activeAssignmentUnitIds(c.var.db, actor.id, todayOf(c)), ref);
  return {
    dossiers: can(actor, "unit.viewData", { unit: ref }),
    ledger: can(actor, "ledger.view", { unit: ref }),
    pledge: !unit.validTo && can(actor, "contribution.record", { unit: ref, assigned }),
    visits: can(actor, "visit.view", { unit: ref, assigned }),
    feedback: can(actor, "feedback.view", { unit: ref, assigned }),
  };
}

const UNIT_CODE = /^\d{2,5}(-\d{2,3})?$/;

export const unitRoutes = new Hono<AppEnv>()
  .use("*", requireUser)
  .get("/", async (c) => {
    const parsed = unitSearchSchema.safeParse(c.req.query("q") ?? "");
    const query = parsed.success ? parsed.data.trim() : "";
    let error: string | undefined = parsed.success ? undefined : "Từ khóa quá dài (tối đa 100 ký tự).";
    let items: Parameters<typeof SearchResults>[0]["items"] = [];
    if (!error && query !== "") {
      if (fold(query).length < 2) error = msg.searchTooShort;
      else {
        const actor = currentActor(c);
        const hits = await searchUnits(c.var.db, query, actor.scope);
        items = hits
          .filter((u) => can(actor, "unit.view", { unit: unitRef(u) }))
          .map((u) => ({ code: u.code, name: u.name, kind: u.kind, parentName: u.parentName, viewable: true }));
      }
    }
    c.header("Vary", "HX-Request");
    const status = error ? 422 : 200;
    if (isHtmx(c)) return c.html(<SearchResults query={query} items={items} error={error} />, status);
    return c.html(<UnitSearchPage {...pageProps(c)} query={query} items={items} error={error} />, status);
  })
  .get("/:code", async (c) => {
    const code = c.req.param("code");
    const unit = UNIT_CODE.test(code) ? await unitAt(c, code) : undefined;
    if (!unit) throw new HTTPException(404, { message: msg.unitNotFound(code.slice(0, 20)) });
    authorize(c, "unit.view", { unit: unitRef(unit) });
    const actor = currentActor(c);
    const [chain, counts, children] = await Promise.all([parentChain(c.var.db, unit), descendantCounts(c.var.db, unit), childrenWithCounts(c.var.db, unit)]);
    return c.html(
      <UnitPage
        {...pageProps(c)}
        unit={unit}
        chain={chain.map((p) => ({ code: p.code, name: p.name, viewable: can(actor, "unit.view", { unit: unitRef(p) }), href: unitHref(p) }))}
        counts={counts}
        notices={<>{await closedNotice(c, unit)}{await predecessorSection(c, unit)}</>}
        canViewData={can(actor, "unit.viewData", { unit: unitRef(unit) })}
        canBindCriteria={unit.level === "commune" && can(actor, "criteria.manage", { unit: unitRef(unit) })}
        sections={unit.level === "commune" ? await communeSections(c, unit) : undefined}
        children={children.map((ch) => ({
          code: ch.code,
          name: ch.name,
          kind: ch.kind,
          communeCount: ch.communeCount,
          hamletCount: ch.hamletCount,
          viewable: can(actor, "unit.view", { unit: unitRef(ch) }),
          href: unitHref(ch),
        }))}
      />,
    );
  });
