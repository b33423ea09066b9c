// The user's own contact channels and preferences (issue 18). One URL prefix: /me/contacts.
import { Hono } from "hono";
import type { AppEnv } from "../env";
import type { Channel } from "../domain/notify";
import { myContacts, removeChannel, savePrefs, setChannel, verifyChannel, type ContactOutcome } from "../services/contacts";
import { pageProps, redirectAfterPost, requireUser } from "../web/context";
import { validate } from "../web/validate";
import { channelSchema, codeSchema, prefsSchema } from "../domain/contact-forms";
import { ContactsPage } from "../../templates/pages/contacts";
import { type C, clientIp, currentActor } from "../web/request";
import { statusOf } from "../web/outcome";

const CHANNEL = ":channel{zalo|email|push}";
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
  .use("*", requireUser)
  .get("/", async (c) => {
    const ok = c.req.query("ok");
    return render(c, { notice: ok && NOTICES.has(ok) ? NOTICE_TEXT[ok] : undefined });
  })
  .post(
    "/prefs",
    validate("form", prefsSchema, (c) => render(c, { errorsFor: { form: "prefs", errors: { form: "Dữ liệu không hợp lệ." } } }, 422)),
    async (c) => answer(c, "prefs", await savePrefs(c.var.db, currentActor(c).id, c.req.valid("form"), clientIp(c)), "saved"),
  )
  .post(
    `/${CHANNEL}/verify`,
    validate("form", codeSchema, (c) => render(c, { errorsFor: { form: c.req.param("channel") as Channel, errors: { code: "Mã xác minh không hợp lệ." } } }, 422)),
    async (c) => {
      const channel = c.req.param("channel") as Channel;
      const outcome = await verifyChannel(c.var.db, currentActor(c).id, channel, c.req.valid("form").code, c.var.now, clientIp(c));
      return answer(c, channel, outcome, "verified");
    },
  )
  .post(`/${CHANNEL}/delete`, async (c) => {
    const channel = c.req.param("channel") as Channel;
    return answer(c, channel, await removeChannel(c.var.db, currentActor(c).id, channel, clientIp(c)), "removed");
  })
  .post(
    `/${CHANNEL}`,
    validate("form", channelSchema, (c, errors) => render(c, { errorsFor: { form: c.req.param("channel") as Channel, errors: { address: Object.values(errors)[0] ?? "Dữ liệu không hợp lệ." } } }, 422)),
    async (c) => {
      const channel = c.req.param("channel") as Channel;
      const outcome = await setChannel(c.var.db, currentActor(c).id, channel, c.req.valid("form"), c.var.now, clientIp(c));
      return answer(c, channel, outcome, "sent");
    },
  );
