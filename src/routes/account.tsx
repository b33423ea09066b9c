import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import type { AppEnv } from "../env";
import { SESSION_COOKIE, SESSION_HOURS, createSession } from "../auth/sessions";
import { changeOwnPassword } from "../services/users";
import { isProduction, pageProps, requireUser } from "../web/context";
import { validate } from "../web/validate";
import { passwordChangeSchema } from "../domain/user-forms";
import { PasswordPage } from "../../templates/pages/admin-security";
import { clientIp, currentUser } from "../web/request";
import { statusOf } from "../web/outcome";

export const accountRoutes = new Hono<AppEnv>()
  .use("/", requireUser)
  .get("/", (c) => c.html(<PasswordPage {...pageProps(c)} />))
  .post(
    "/",
    validate("form", passwordChangeSchema, (c, errors) => c.html(<PasswordPage {...pageProps(c)} errors={errors} />, 422)),
    async (c) => {
      const { current, password } = c.req.valid("form");
      const user = currentUser(c);
      const ip = clientIp(c);
      const outcome = await changeOwnPassword(c.var.db, user.actor.id, current, password, ip);
      if (!outcome.ok) return c.html(<PasswordPage {...pageProps(c)} errors={outcome.errors} />, statusOf(outcome));
      // Every session ended, this one included; the user continues on a fresh one.
      const session = await createSession(c.var.db, user.actor.id, { ip, userAgent: c.req.header("User-Agent") ?? null, now: c.var.now });
      setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, sameSite: "Lax", secure: isProduction(c), path: "/", maxAge: SESSION_HOURS * 3600 });
      return c.html(<PasswordPage user={pageProps(c).user} csrfToken={session.csrfToken} notice="Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc." />);
    },
  );
