// The user's own contact channels and preferences (issue 18). One URL prefix: /me/contacts.
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../env";
import { CHOOSABLE_KINDS, type Channel } from "../domain/notify";
import { myContacts, removeChannel, savePrefs, setChannel, verifyChannel, type ContactOutcome } from "../services/contacts";
import { pageProps, redirectAfterPost, requireUser } from "../web/context";
import { noControlChars } from "../web/validate";
import { ContactsPage } from "../../templates/pages/contacts";
import { type C, clientIp, currentActor } from "../web/request";
import { statusOf } from "../web/outcome";

const CHANNEL = ":channel{zalo|email|push}";
const field = (max: number) => z.string().max(max, `Tối đa ${max} ký tự.`).refine(noControlChars, "Có ký tự không hợp lệ.").default("");

const setSchema = z.object({ address: field(1000), p256dh: field(200), auth: field(200) });
const codeSchema = z.object({ code: field(20) });

async function render(c: C, extra: { notice?: string; errorsFor?: { form: Channel | "prefs"; errors: Record<string, string> } } = {}, status: 200 | 404 | 422 | 429 = 200) {
  const { channels, prefs } = await myContacts(c.var.db, currentActor(c).id);
  return c.html(<ContactsPage {...pageProps(c)} channels={channels} prefs={prefs} vapidPublicKey={c.env.VAPID_PUBLIC_KEY ?? null} {...extra} />, status);
}

/** The outcome of a form: back to the page with a notice (303), or the page with the form's errors. */
function answer(c: C, form: Channel | "prefs", outcome: ContactOutcome, notice: string) {
  if (outcome.ok) return redirectAfterPost(c, `/me/contacts?ok=${encodeURIComponent(notice)}`);
  return render(c, { errorsFor: { form, errors: outcome.errors } }, statusOf(outcome));
}

const NOTICES = new Set(["sent", "verified", "removed", "saved"]);
const NOTICE_TEXT: Record<string, string> = {
  sent: "Đã gửi mã xác minh. Nhập mã nhận được để hoàn tất.",
  verified: "Đã xác minh kênh liên lạc.",
  removed: "Đã xóa kênh liên lạc.",
  saved: "Đã lưu lựa chọn nhận thông báo.",
};

export const contactRoutes = new Hono<AppEnv>()
  .use("/me/contacts", requireUser)
  .use("/me/contacts/*", requireUser)
  .get("/me/contacts", async (c) => {
    const ok = c.req.query("ok");
    return render(c, { notice: ok && NOTICES.has(ok) ? NOTICE_TEXT[ok] : undefined });
  })
  .post("/me/contacts/prefs", async (c) => {
    const body = await c.req.parseBody();
    const str = (k: string) => (typeof body[k] === "string" ? (body[k] as string).trim().slice(0, 10) : "");
    const off = CHOOSABLE_KINDS.filter((k) => body[`on_${k}`] !== "1");
    const outcome = await savePrefs(c.var.db, currentActor(c).id, { off, quietFrom: str("quietFrom") || null, quietTo: str("quietTo") || null, dailyDigest: body.dailyDigest === "1" }, clientIp(c));
    return answer(c, "prefs", outcome, "saved");
  })
  .post(`/me/contacts/${CHANNEL}/verify`, async (c) => {
    const channel = c.req.param("channel") as Channel;
    const parsed = codeSchema.safeParse(await c.req.parseBody());
    if (!parsed.success) return render(c, { errorsFor: { form: channel, errors: { code: "Mã xác minh không hợp lệ." } } }, 422);
    const outcome = await verifyChannel(c.var.db, currentActor(c).id, channel, parsed.data.code, c.var.now, clientIp(c));
    return answer(c, channel, outcome, "verified");
  })
  .post(`/me/contacts/${CHANNEL}/delete`, async (c) => {
    const channel = c.req.param("channel") as Channel;
    return answer(c, channel, await removeChannel(c.var.db, currentActor(c).id, channel, clientIp(c)), "removed");
  })
  .post(`/me/contacts/${CHANNEL}`, async (c) => {
    const channel = c.req.param("channel") as Channel;
    const parsed = setSchema.safeParse(await c.req.parseBody());
    if (!parsed.success) return render(c, { errorsFor: { form: channel, errors: { address: parsed.error.issues[0]?.message ?? "Dữ liệu không hợp lệ." } } }, 422);
    const outcome = await setChannel(c.var.db, currentActor(c).id, channel, parsed.data, c.var.now, clientIp(c));
    return answer(c, channel, outcome, "sent");
  });
