// Request plumbing, one way each: the route context type, the signed-in user, the client's IP, a numeric id and
// the commune behind :code.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { SessionUser } from "../auth/sessions";
import type { Unit } from "../db/schema";
import type { Action, Actor } from "../domain/permissions";
import { unitRef } from "../services/units";
import { authorize } from "./context";
import { unitAt } from "./unit-date";
import { vietnamDate } from "../domain/clock";
import type { AppEnv } from "../env";
import { msg } from "../messages";

export type C = Context<AppEnv>;

/**
 * The signed-in user of a route behind the `requireUser` middleware (which sends anonymous visitors to the login
 * page first); a 401 if a route forgot it, never a crash.
 */
export function currentUser(c: C): SessionUser {
  const user = c.var.user;
  if (!user) throw new HTTPException(401, { message: msg.forbidden });
  return user;
}

/** The client's IP as Cloudflare reports it (audit rows, throttles). */
export const clientIp = (c: C): string | null => c.req.header("CF-Connecting-IP") ?? null;

/** A positive integer id from the path, or 404 with `notFound`. */
export function idParam(c: C, name = "id", notFound: string = msg.notFound): number {
  const raw = c.req.param(name) ?? "";
  if (!/^[1-9]\d{0,9}$/.test(raw)) throw new HTTPException(404, { message: notFound });
  return Number(raw);
}

/** The signed-in user's actor (role, scope), for `can()` and the services. */
export const currentActor = (c: C): Actor => currentUser(c).actor;

/** Today's date in Vietnam (yyyy-mm-dd) for this request. */
export const todayOf = (c: C): string => vietnamDate(c.var.now);

/**
 * The commune behind the route's :code on the request's date (404 unless a commune-level unit), authorised for
 * `action` when given (403 outside the user's scope).
 */
export async function communeParam(c: C, action?: Action): Promise<Unit> {
  const code = c.req.param("code") ?? "";
  const unit = /^\d{5}$/.test(code) ? await unitAt(c, code) : undefined;
  if (!unit || unit.level !== "commune") throw new HTTPException(404, { message: msg.unitNotFound(code.slice(0, 20)) });
  if (action) authorize(c, action, { unit: unitRef(unit) });
  return unit;
}
