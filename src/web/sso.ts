// Request plumbing for SSO (issue 19): behind Cloudflare Access, a valid assertion logs its e-mail's account in
// (a normal session); an invalid one is refused (401). Admin pages may require the assertion (ADMIN_REQUIRE_SSO).
import type { MiddlewareHandler } from "hono";
import { setCookie } from "hono/cookie";
import type { AppEnv } from "../env";
import { ACCESS_HEADER, SSO_REFUSED, ssoConfig, verifyAccessJwt } from "../auth/sso";
import { SESSION_COOKIE, SESSION_HOURS, createSession, loadSession } from "../auth/sessions";
import { userIdByEmail } from "../services/sso";
import { auditStatement } from "../services/audit";
import { isProduction, isPublicPage, renderError } from "./context";
import { clientIp } from "./request";
import { statusOf } from "./outcome";

export const ssoSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const config = ssoConfig(c.env);
  const assertion = c.req.header(ACCESS_HEADER);
  if (!config || !assertion || isPublicPage(c)) return next();
  const outcome = await verifyAccessJwt(assertion, config, c.var.now);
  if (!outcome.ok) return renderError(c, statusOf(outcome), SSO_REFUSED[outcome.reason]);
  c.set("ssoEmail", outcome.email);
  if (c.var.user) return next();
  // Not logged in yet: the e-mail's account, when the admin linked one (otherwise the password login stays).
  const userId = await userIdByEmail(c.var.db, outcome.email);
  if (userId === null) return next();
  const ip = clientIp(c);
  const session = await createSession(c.var.db, userId, { ip, userAgent: c.req.header("User-Agent") ?? null, now: c.var.now });
  const user = await loadSession(c.var.db, session.token, c.var.now, { production: isProduction(c) });
  if (!user) return next(); // a demo account in production
  await auditStatement(c.var.db, { actorId: userId, action: "login.sso", entity: "session", entityId: userId, after: { email: outcome.email }, ip });
  setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, sameSite: "Lax", secure: isProduction(c), path: "/", maxAge: SESSION_HOURS * 3600 });
  c.set("user", user);
  c.set("csrfToken", user.csrfToken);
  return next();
};

/** With ADMIN_REQUIRE_SSO=true, /admin pages need this request's Access assertion to name the logged-in account. */
export const adminRequiresSso: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.env.ADMIN_REQUIRE_SSO !== "true" || !c.req.path.startsWith("/admin") || !c.var.user) return next();
  const email = c.var.ssoEmail;
  if (email && (await userIdByEmail(c.var.db, email)) === c.var.user.actor.id) return next();
  return renderError(c, 403, "Trang quản trị yêu cầu đăng nhập một lần (SSO) qua Cloudflare Access bằng e-mail đã gắn với tài khoản này.");
};
