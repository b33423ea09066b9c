// Cross-cutting request plumbing: db + Server-Timing, session, CSRF, login guard, error rendering.
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { HTTPException } from "hono/http-exception";
import type { JSX } from "hono/jsx/jsx-runtime";
import { isolateDb, newMeter, serverTimingValue, withMeter } from "../db/client";
import type { AppEnv } from "../env";
import { SESSION_COOKIE, loadSession } from "../auth/sessions";
import { randomToken, timingSafeEqual } from "../auth/password";
import { can, type Action, type Resource } from "../domain/permissions";
import { msg } from "../messages";
import { ErrorMessage, ErrorPage } from "../../templates/pages/error";
import { LoginPage } from "../../templates/pages/login";
import { carryOf } from "../domain/carried-form";
import type { LayoutUser } from "../../templates/layouts/page";

const ANON_CSRF_COOKIE = "ntm_csrf";

export const isProduction = (c: Context<AppEnv>) => c.env.ENVIRONMENT === "production";
/** An htmx partial request. Boosted links and forms (HX-Boosted) want the whole page, so they are not. */
export const isHtmx = (c: Context) => c.req.header("HX-Request") === "true" && c.req.header("HX-Boosted") !== "true";

/** The isolate's db over a metered D1, metering this request; reports rows read and D1 time in Server-Timing. */
export const dbAndTiming: MiddlewareHandler<AppEnv> = async (c, next) => {
  const meter = newMeter();
  c.set("meter", meter);
  c.set("db", isolateDb(c.env.DB));
  c.set("now", new Date());
  const started = performance.now();
  await withMeter(meter, next);
  c.res.headers.append("Server-Timing", serverTimingValue(meter));
  c.res.headers.append("Server-Timing", `total;dur=${(performance.now() - started).toFixed(2)}`);
};

/** Public pages (/public/…) are the same for everyone and cacheable: no session read, no token, no cookie set. */
export const isPublicPage = (c: Context<AppEnv>) => (c.req.method === "GET" || c.req.method === "HEAD") && c.req.path.startsWith("/public/");

/** Loads the logged-in user (or null) and the CSRF token this request must echo on writes. */
export const sessionLoader: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (isPublicPage(c)) {
    c.set("user", null);
    c.set("csrfToken", "");
    return next();
  }
  const token = getCookie(c, SESSION_COOKIE);
  const user = token ? await loadSession(c.var.db, token, c.var.now, { production: isProduction(c) }) : null;
  c.set("user", user);
  if (user) {
    c.set("csrfToken", user.csrfToken);
  } else {
    // Anonymous forms (login) use a double-submit cookie.
    let anon = getCookie(c, ANON_CSRF_COOKIE);
    if (!anon || !/^[\w-]{20,64}$/.test(anon)) {
      anon = randomToken();
      setCookie(c, ANON_CSRF_COOKIE, anon, { httpOnly: true, sameSite: "Lax", path: "/", secure: isProduction(c) });
    }
    c.set("csrfToken", anon);
  }
  await next();
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A write sent by htmx (boosted or not) without a live session: 401 with X-Session-Expired and no swap, so the page keeps
 * the form and its input and public/forms.js offers to log in again and resubmit (issue 14). Nothing is written.
 */
function sessionExpired(c: Context<AppEnv>) {
  if (c.var.user || SAFE_METHODS.has(c.req.method) || c.req.header("HX-Request") !== "true") return null;
  c.header("X-Session-Expired", "1");
  c.header("HX-Reswap", "none");
  return c.text(msg.sessionExpired, 401);
}

/** Every state-changing request must carry the token: header X-CSRF-Token (htmx) or form field _csrf. */
/**
 * A plain (full-page) form posted with a session cookie that no longer names a session: the login page (401) carrying
 * what was typed, offered back after login (issue 14). Only with the cookie: a cross-site post carries no Lax cookie.
 */
async function carriedToLogin(c: Context<AppEnv>) {
  if (c.var.user || SAFE_METHODS.has(c.req.method) || !getCookie(c, SESSION_COOKIE)) return null;
  if (!(c.req.header("Content-Type") ?? "").includes("application/x-www-form-urlencoded")) return null;
  const carried = carryOf(c.req.path, await c.req.parseBody({ all: true }).catch(() => ({})));
  if (!carried) return null;
  return c.html(<LoginPage csrfToken={c.var.csrfToken} next="/" notice={msg.sessionExpired} carry={JSON.stringify(carried)} />, 401);
}

export const csrfGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();
  // Logging in needs no session; any other htmx write without one is an expired session, not a forgery.
  const expired = c.req.path === "/login" || c.req.path === "/logout" ? null : (sessionExpired(c) ?? (await carriedToLogin(c)));
  if (expired) return expired;
  let sent = c.req.header("X-CSRF-Token") ?? "";
  if (!sent) {
    const type = c.req.header("Content-Type") ?? "";
    if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
      const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      sent = typeof body._csrf === "string" ? body._csrf : "";
    }
  }
  if (!sent || !timingSafeEqual(sent, c.var.csrfToken)) {
    throw new HTTPException(403, { message: msg.csrfFailed });
  }
  return next();
};

/** Anonymous users are sent to the login page (302), with where they wanted to go. */
export const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.var.user) return next();
  const url = new URL(c.req.url);
  const next_ = c.req.method === "GET" ? url.pathname + url.search : "/";
  const target = `/login?next=${encodeURIComponent(next_)}`;
  if (isHtmx(c)) {
    c.header("HX-Redirect", target);
    return c.body(null, 401);
  }
  return c.redirect(target, 302);
};

/** After a successful form POST: htmx (boosted or not) follows HX-Redirect; plain forms get a 303. */
export function redirectAfterPost(c: Context<AppEnv>, url: string) {
  if (c.req.header("HX-Request") === "true") {
    c.header("HX-Redirect", url);
    return c.body(null, 200);
  }
  return c.redirect(url, 303);
}

/** Throws 403 unless the logged-in user may do `action` on `resource`. */
export function authorize(c: Context<AppEnv>, action: Action, resource?: Resource): void {
  if (!can(c.var.user?.actor ?? null, action, resource)) {
    throw new HTTPException(403, { message: msg.forbidden });
  }
}

export function layoutUser(c: Context<AppEnv>): LayoutUser {
  const user = c.var.user;
  if (!user) return null;
  return { displayName: user.displayName, roleLabel: msg.roles[user.actor.role], isAdmin: user.actor.role === "admin", unread: user.unread };
}

/** The props every full page needs from the request. */
export function pageProps(c: Context<AppEnv>) {
  return { user: layoutUser(c), csrfToken: c.var.csrfToken };
}

const TITLES: Record<number, string> = {
  400: msg.invalidTitle,
  403: msg.forbiddenTitle,
  404: msg.notFoundTitle,
  409: "Dữ liệu đã thay đổi",
  413: msg.invalidTitle,
  422: msg.invalidTitle,
  429: "Quá nhiều lần thử",
  500: msg.serverErrorTitle,
};

/** An error as a full Vietnamese page, or as a fragment for htmx requests. */
export function renderError(c: Context<AppEnv>, status: number, message: string) {
  const title = TITLES[status] ?? msg.serverErrorTitle;
  c.header("Vary", "HX-Request");
  const body: JSX.Element = isHtmx(c) ? (
    <ErrorMessage title={title} message={message} />
  ) : (
    <ErrorPage status={status} title={title} message={message} user={c.var.user ? layoutUser(c) : null} csrfToken={c.var.csrfToken ?? ""} />
  );
  return c.html(body, status as 400);
}
