// Which generation of units a request looks at: a GSO code names a unit only together with a date.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import type { Unit } from "../db/schema";
import { isoDateOrNull, vietnamDate } from "../domain/clock";
import { lastUnitByCode, unitByCode, unitRef } from "../services/units";
import { successorUnits } from "../services/succession";
import type { UnitRef } from "../domain/permissions";
import { type C } from "./request";

/**
 * The date codes in this request's URL are resolved on: an explicit `?on=yyyy-mm-dd`; otherwise the last day
 * of the user's own unit when that unit has closed (so a user not yet re-scoped keeps reaching their own,
 * now archived, unit; its pages say which unit succeeded it); otherwise today in Vietnam.
 */
export function onDate(c: C): string {
  return isoDateOrNull(c.req.query("on")) ?? c.var.user?.scopeValidTo ?? vietnamDate(c.var.now);
}

/** Whether the request names a date explicitly (links on its page then keep `?on=`). */
export const explicitOn = (c: C): string | null => isoDateOrNull(c.req.query("on"));

/**
 * The unit a route's code names on the request's date. A closed unit carries its successors (`heirs`), so readers
 * of the new commune may open the archive of the communes it was formed from (unitRef passes them to can()).
 */
export async function unitAt(c: C, code: string): Promise<(Unit & { heirs?: UnitRef[] }) | undefined> {
  // A code that names no unit on the date (e.g. 83, Bến Tre until 30/6/2025) opens the last unit it named: the archive.
  const unit = (await unitByCode(c.var.db, code, onDate(c))) ?? (explicitOn(c) ? undefined : await lastUnitByCode(c.var.db, code));
  if (!unit || unit.validTo === null) return unit;
  const heirs = (await successorUnits(c.var.db, unit)).map((h) => unitRef(h));
  return { ...unit, heirs };
}

/** `?on=` suffix for links to a closed unit (empty for an open one). */
export const onSuffix = (u: Pick<Unit, "validTo">, sep: "?" | "&" = "?"): string => (u.validTo ? `${sep}on=${u.validTo}` : "");

const CODED_LINK = /\b(href|hx-get|hx-post|action)="(\/(?:units|communes|progress|public\/communes|public\/progress)\/[^"#?]*)(\?[^"#]*)?(#[^"]*)?"/g;

/** Adds `on=` to a page's links to coded URLs that do not name a date themselves. */
export function keepOn(html: string, on: string): string {
  return html.replace(CODED_LINK, (whole, attr: string, path: string, query: string | undefined, hash: string | undefined) => {
    if (query && /[?&]on=/.test(query)) return whole;
    const q = query ? `${query.replace(/&amp;$/, "")}&amp;on=${on}` : `?on=${on}`;
    return `${attr}="${path}${q}${hash ?? ""}"`;
  });
}

/**
 * A page asked for with `?on=` (an older generation) keeps that date in its links to coded URLs, so its
 * links (indicator history, filters, parents, children) stay in the same generation.
 */
export const keepOnInLinks: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const on = c.req.method === "GET" ? explicitOn(c) : null;
  if (!on || !(c.res.headers.get("Content-Type") ?? "").includes("text/html")) return;
  const html = await c.res.text();
  c.res = new Response(keepOn(html, on), { status: c.res.status, headers: c.res.headers });
};
