// Which generation of units a request looks at: a GSO code names a unit only together with a date.
import type { Context } from "hono";
import type { AppEnv } from "../env";
import type { Unit } from "../db/schema";
import { isoDateOrNull, vietnamDate } from "../domain/clock";
import { unitByCode } from "../services/units";

type C = Context<AppEnv>;

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

/** The unit a route's code names on the request's date. */
export function unitAt(c: C, code: string): Promise<Unit | undefined> {
  return unitByCode(c.var.db, code, onDate(c));
}

/** `?on=` suffix for links to a closed unit (empty for an open one). */
export const onSuffix = (u: Pick<Unit, "validTo">, sep: "?" | "&" = "?"): string => (u.validTo ? `${sep}on=${u.validTo}` : "");
