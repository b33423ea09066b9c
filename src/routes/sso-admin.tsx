// /admin/sso (issue 19): a province admin links the e-mails Cloudflare Access vouches for to accounts.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import { ssoConfig } from "../auth/sso";
import { linkEmail, listIdentities, unlinkEmail } from "../services/sso";
import { authorize, pageProps, requireUser } from "../web/context";
import { validate } from "../web/validate";
import { ssoLinkSchema, ssoUnlinkSchema } from "../domain/sso-forms";
import { SsoAdminPage } from "../../templates/pages/sso-admin";
import { type C, clientIp, currentActor } from "../web/request";

/** What the link form shows again: the values as typed, cut to a sane length. */
const typedForm = (raw: Record<string, unknown>) => ({ email: typeof raw.email === "string" ? raw.email.slice(0, 300) : "", username: typeof raw.username === "string" ? raw.username.slice(0, 100) : "" });

async function page(c: C, extra: { form?: { email: string; username: string }; errors?: Record<string, string>; notice?: string } = {}, status: 200 | 422 = 200) {
  return c.html(
    <SsoAdminPage
      {...pageProps(c)}
      rows={await listIdentities(c.var.db, currentActor(c))}
      enabled={ssoConfig(c.env) !== null}
      adminRequired={c.env.ADMIN_REQUIRE_SSO === "true"}
      form={extra.form ?? { email: "", username: "" }}
      errors={extra.errors}
      notice={extra.notice}
    />,
    status,
  );
}

const UNLINK_NOT_FOUND = "Không tìm thấy e-mail này trong tỉnh.";

/** A one-button form: no e-mail is an e-mail not found (404), after the permission check. */
const unlinkForm = validate("form", ssoUnlinkSchema, (c) => {
  authorize(c, "user.manage");
  throw new HTTPException(404, { message: UNLINK_NOT_FOUND });
});

export const ssoAdminRoutes = new Hono<AppEnv>()
  .use("*", requireUser)
  .get("/", async (c) => {
    authorize(c, "user.manage");
    return page(c);
  })
  .post(
    "/",
    validate("form", ssoLinkSchema, (c, errors, raw) => {
      authorize(c, "user.manage");
      return page(c, { form: typedForm(raw), errors }, 422);
    }),
    async (c) => {
      authorize(c, "user.manage");
      const input = c.req.valid("form");
      const outcome = await linkEmail(c.var.db, currentActor(c), input.email, input.username, clientIp(c));
      if (!outcome.ok) return page(c, { form: typedForm(await c.req.parseBody()), errors: outcome.errors }, 422);
      return page(c, { notice: `Đã gắn ${input.email} với tài khoản ${input.username}.` });
    },
  )
  .post("/unlink", unlinkForm, async (c) => {
    authorize(c, "user.manage");
    const value = c.req.valid("form").email;
    if (!(await unlinkEmail(c.var.db, currentActor(c), value, clientIp(c)))) throw new HTTPException(404, { message: UNLINK_NOT_FOUND });
    return page(c, { notice: `Đã bỏ gắn ${value}.` });
  });
