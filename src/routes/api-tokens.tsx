// /admin/api-tokens (issue 19): a province admin creates, lists and revokes the tokens of other systems.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import { createToken, DEFAULT_RATE_LIMIT, listTokens, revokeToken } from "../services/api-tokens";
import { authorize, pageProps, requireUser } from "../web/context";
import { validate } from "../web/validate";
import { tokenBodySchema, tokenFormOf, type TokenForm } from "../domain/api-token-forms";
import { ApiTokensPage } from "../../templates/pages/api-tokens";
import { type C, clientIp, currentActor } from "../web/request";
import { once } from "../web/once";
import { statusOf } from "../web/outcome";

const provinceOf = (c: C) => currentActor(c).scope.provinceId ?? currentActor(c).scope.id;
const EMPTY: TokenForm = { name: "", username: "", access: "read", resources: [], rateLimit: String(DEFAULT_RATE_LIMIT) };

async function page(c: C, extra: { form?: TokenForm; errors?: Record<string, string>; created?: { name: string; secret: string }; notice?: string } = {}, status: 200 | 201 | 422 = 200) {
  const tokens = await listTokens(c.var.db, provinceOf(c));
  return c.html(<ApiTokensPage {...pageProps(c)} tokens={tokens} form={extra.form ?? EMPTY} errors={extra.errors} created={extra.created} notice={extra.notice} />, status);
}

const tokenForm = validate("form", tokenBodySchema(DEFAULT_RATE_LIMIT), async (c, errors) => {
  authorize(c, "user.manage");
  return page(c, { form: tokenFormOf(await c.req.parseBody({ all: true }), DEFAULT_RATE_LIMIT), errors }, 422);
});

export const apiTokenRoutes = new Hono<AppEnv>()
  .use("*", requireUser)
  .get("/", async (c) => {
    authorize(c, "user.manage");
    return page(c);
  })
  .post("/", tokenForm, async (c) => {
    authorize(c, "user.manage");
    const form = tokenFormOf(await c.req.parseBody({ all: true }), DEFAULT_RATE_LIMIT);
    const data = c.req.valid("form");
    // A repeat of the same form creates nothing; the secret was shown once, on the first answer.
    return once(c, "api-token", async (claim) => {
      const outcome = await createToken(c.var.db, currentActor(c), data, clientIp(c), claim);
      if (!outcome.ok) return page(c, { form, errors: outcome.errors }, statusOf(outcome));
      return page(c, { created: { name: data.name, secret: outcome.secret } }, 201);
    }, () => page(c, { notice: "Mã này đã được tạo ở lần gửi trước; mã chỉ hiện một lần, ngay khi tạo." }));
  })
  .post("/:id/revoke", async (c) => {
    authorize(c, "user.manage");
    const id = Number(c.req.param("id"));
    if (!Number.isInteger(id) || id <= 0) throw new HTTPException(404, { message: "Không tìm thấy mã truy cập này." });
    const outcome = await revokeToken(c.var.db, currentActor(c), id, c.var.now.toISOString(), clientIp(c));
    if (!outcome.ok) throw new HTTPException(statusOf(outcome), { message: "Không tìm thấy mã truy cập này." });
    return page(c, { notice: "Đã thu hồi mã truy cập: mọi yêu cầu dùng mã này từ nay bị từ chối (401)." });
  });
