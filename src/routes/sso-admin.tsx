// /admin/sso (issue 19): a province admin links the e-mails Cloudflare Access vouches for to accounts.
import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../env";
import { ssoConfig } from "../auth/sso";
import { linkEmail, listIdentities, unlinkEmail } from "../services/sso";
import { authorize, pageProps, requireUser } from "../web/context";
import { fieldErrors } from "../web/validate";
import { SsoAdminPage } from "../../templates/pages/sso-admin";
import { type C, clientIp, currentActor } from "../web/request";
import { statusOf } from "../web/outcome";

const email = z.string().trim().toLowerCase().max(254, "E-mail tối đa 254 ký tự.").pipe(z.email({ message: "E-mail không hợp lệ." }));
const linkSchema = z.object({ email, username: z.string().trim().min(1, "Nhập tài khoản.").max(64, "Tài khoản tối đa 64 ký tự.") });

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

export const ssoAdminRoutes = new Hono<AppEnv>()
  .use("/admin/sso", requireUser)
  .use("/admin/sso/*", requireUser)
  .get("/admin/sso", async (c) => {
    authorize(c, "user.manage");
    return page(c);
  })
  .post("/admin/sso", async (c) => {
    authorize(c, "user.manage");
    const body = await c.req.parseBody();
    const form = { email: typeof body.email === "string" ? body.email.slice(0, 300) : "", username: typeof body.username === "string" ? body.username.slice(0, 100) : "" };
    const parsed = linkSchema.safeParse(form);
    if (!parsed.success) return page(c, { form, errors: fieldErrors(parsed.error) }, 422);
    const outcome = await linkEmail(c.var.db, currentActor(c), parsed.data.email, parsed.data.username, clientIp(c));
    if (!outcome.ok) return page(c, { form, errors: outcome.errors }, statusOf(outcome));
    return page(c, { notice: `Đã gắn ${parsed.data.email} với tài khoản ${parsed.data.username}.` });
  })
  .post("/admin/sso/unlink", async (c) => {
    authorize(c, "user.manage");
    const body = await c.req.parseBody();
    const value = typeof body.email === "string" ? body.email.trim().toLowerCase().slice(0, 254) : "";
    if (!value || !(await unlinkEmail(c.var.db, currentActor(c), value, clientIp(c)))) throw new HTTPException(404, { message: "Không tìm thấy e-mail này trong tỉnh." });
    return page(c, { notice: `Đã bỏ gắn ${value}.` });
  });
