import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../env";
import { SESSION_COOKIE, SESSION_HOURS, createSession, deleteSessionByToken } from "../auth/sessions";
import { checkLogin } from "../services/users";
import { attemptSucceeded, reserveAttempt, throttleKeys } from "../services/throttle";
import { auditStatement } from "../services/audit";
import { isHtmx, isProduction, redirectAfterPost } from "../web/context";
import { validate } from "../web/validate";
import { loginSchema } from "../domain/user-forms";
import { msg } from "../messages";
// Only same-site paths: "/units/83", never "//evil.example", "/\t/evil", "https://…" or anything with CR/LF.
import { safeNextPath as safeNext } from "../domain/next-path";
import { LoginForm, LoginPage } from "../../templates/pages/login";
import { clientIp } from "../web/request";
import { parseCarry } from "../domain/carried-form";
import { ResubmitPage } from "../../templates/pages/resubmit";
import { statusOf } from "../web/outcome";

export const auth = new Hono<AppEnv>()
  .get("/login", (c) => {
    if (c.var.user) return c.redirect("/", 302);
    const next = c.req.query("next");
    return c.html(<LoginPage csrfToken={c.var.csrfToken} next={safeNext(next)} notice={next ? msg.loginRequired : undefined} />);
  })
  .post(
    "/login",
    validate("form", loginSchema, (c, errors, raw) => {
      const props = { csrfToken: c.var.csrfToken, username: raw.username?.slice(0, 64), next: safeNext(raw.next), errors };
      return c.html(isHtmx(c) ? <LoginForm {...props} /> : <LoginPage {...props} />, 422);
    }),
    async (c) => {
      const { username, password, next, carry } = c.req.valid("form");
      const ip = clientIp(c);
      const nowIso = c.var.now.toISOString();
      const keys = throttleKeys(username, ip);
      // Counted before the password is checked, atomically: parallel guesses cannot outrun the limit.
      const attempt = await reserveAttempt(c.var.db, keys, nowIso);
      if (!attempt.ok) {
        const props = { csrfToken: c.var.csrfToken, username, next: safeNext(next), errors: { form: msg.loginLocked(attempt.minutes) } };
        return c.html(isHtmx(c) ? <LoginForm {...props} /> : <LoginPage {...props} />, statusOf(attempt));
      }
      const result = await checkLogin(c.var.db, username, password, isProduction(c));
      if (!result.ok) {
        const errors = { form: result.reason === "demo_refused" ? msg.loginDemoRefused : msg.loginFailed };
        const props = { csrfToken: c.var.csrfToken, username, next: safeNext(next), errors, carry };
        return c.html(isHtmx(c) ? <LoginForm {...props} /> : <LoginPage {...props} />, statusOf(result));
      }
      await attemptSucceeded(c.var.db, keys);
      // Rotation: whatever session the browser had ends; a fresh id is issued.
      const old = getCookie(c, SESSION_COOKIE);
      if (old) await deleteSessionByToken(c.var.db, old);
      const session = await createSession(c.var.db, result.userId, { ip, userAgent: c.req.header("User-Agent") ?? null, now: c.var.now });
      await auditStatement(c.var.db, { actorId: result.userId, action: "login", entity: "session", entityId: result.userId, ip });
      setCookie(c, SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: "Lax",
        secure: isProduction(c),
        path: "/",
        maxAge: SESSION_HOURS * 3600,
      });
      // A form posted when the session had expired: offered back to send again with the new session's token.
      const carried = parseCarry(carry);
      if (carried) {
        const user = { displayName: username, roleLabel: "", isAdmin: false };
        return c.html(<ResubmitPage user={user} csrfToken={session.csrfToken} carried={carried} />);
      }
      return redirectAfterPost(c, safeNext(next));
    },
  )
  .post("/logout", async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await deleteSessionByToken(c.var.db, token);
    if (c.var.user) await auditStatement(c.var.db, { actorId: c.var.user.actor.id, action: "logout", entity: "session", entityId: c.var.user.actor.id });
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return redirectAfterPost(c, "/login");
  });
