// Reaching people (issue 18): the consumer driven message by message (the Worker's queue handler with a batch
// built by cloudflare:test, so the retry delays it asks for are visible), against the provider stand-in:
// 429 backed off, 500 retried with doubling delays, identical events merged, quiet hours, kinds switched off,
// the daily digest option, unverified channels, Web Push signed and encrypted; and the user's contact pages.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { auditLog, contactChannels, deliveries, notifyPrefs, outbox, users } from "../../src/db/schema";
import { asBatch } from "../../src/services/batch";
import { flushOutbox, outboxStatements, type NotifyMessage } from "../../src/services/outbox";
import { dailyBulletinJob } from "../../src/services/deliver";
import type { EventKind } from "../../src/domain/notify";
import { loggedIn, seededDb, testDb } from "../factories";
import { script, sentTo, verifiedChannel } from "../factories/notify";

let so = 0;
let n = 0;
beforeAll(async () => {
  const db = await seededDb();
  so = (await db.select().from(users).where(eq(users.username, "so.nongnghiep")).get())!.id;
});

/** Writes one event to the outbox and returns the messages the producer sends for it (captured, with their delays). */
async function produce(kind: EventKind, subject = `/feedback/${9000 + ++n}`, now = new Date()) {
  const db = testDb();
  await db.batch(asBatch(outboxStatements(db, kind, [so], { text: `Sự kiện thử ${subject}`, link: subject, title: "Thử" }, subject, now.toISOString())));
  const sent: { body: NotifyMessage; delaySeconds?: number }[] = [];
  await flushOutbox(db, { sendBatch: async (messages) => (sent.push(...(messages as typeof sent)), { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } }) as never }, now);
  return sent;
}

/** Runs the Worker's queue handler on the messages (attempt number given) with a 30 s backoff base. */
async function consume(bodies: NotifyMessage[], attempts = 1) {
  const batch = createMessageBatch<NotifyMessage>("ntm-notify", bodies.map((body, i) => ({ id: `m${++n}-${i}`, timestamp: new Date(), attempts, body })));
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, NOTIFY_BACKOFF_SECONDS: "30" } as typeof env);
  return getQueueResult(batch, ctx);
}

const logFor = async (key: string) => (await testDb().select().from(deliveries).where(eq(deliveries.dedupeKey, key)).orderBy(deliveries.id).all()).map((d) => [d.status, d.attempt, d.reason]);

async function freshChannels() {
  const db = testDb();
  await db.batch([db.delete(contactChannels), db.delete(notifyPrefs)]);
}

describe("consumer: retries and backoff", () => {
  it("a 429 is backed off (Retry-After honoured, else four times the step); a 500 doubles the delay per attempt", async () => {
    await freshChannels();
    const phone = await verifiedChannel(testDb(), so, "zalo", "84913000001");
    const [m] = await produce("flag80");
    await script(phone, [429], 300);
    // (cloudflare:test's getQueueResult reports which messages were retried, not their delay: the log says it.)
    let r = await consume([m.body], 1);
    expect(r.retryMessages).toHaveLength(1);
    await script(phone, [429]);
    r = await consume([m.body], 2);
    expect(r.retryMessages).toHaveLength(1);
    await script(phone, [500]);
    r = await consume([m.body], 3);
    expect(r.retryMessages).toHaveLength(1);
    r = await consume([m.body], 4);
    expect(r.explicitAcks).toHaveLength(1);
    const log = await logFor(m.body.d);
    expect(log.map(([s, a]) => `${s}#${a}`)).toEqual(["retry#1", "retry#2", "retry#3", "sent#4"]);
    expect(String(log[0][2])).toContain("quá nhiều yêu cầu (429)");
    expect(String(log[0][2])).toContain("thử lại sau 300 giây"); // Retry-After
    expect(String(log[1][2])).toContain("thử lại sau 240 giây"); // 30 × 2 × 4
    expect(String(log[2][2])).toContain("lỗi 500");
    expect(String(log[2][2])).toContain("thử lại sau 120 giây"); // 30 × 4
    expect((await sentTo(phone)).map((s) => s.status)).toEqual([429, 429, 500, 200]);
  });

  it("a permanent refusal (400) is logged as failed and not retried", async () => {
    const phone = "84913000001";
    const [m] = await produce("flag80");
    await script(phone, [400]);
    const r = await consume([m.body]);
    expect(r.retryMessages).toEqual([]);
    expect((await logFor(m.body.d)).map(([s]) => s)).toEqual(["failed"]);
  });
});

describe("consumer: merging, preferences, channels", () => {
  it("identical events within the window are delivered once", async () => {
    await freshChannels();
    const phone = await verifiedChannel(testDb(), so, "zalo", "84913000002");
    const first = await produce("answer", "/feedback/4242");
    const second = await produce("answer", "/feedback/4242");
    const r = await consume([first[0].body, second[0].body]);
    expect(r.explicitAcks).toHaveLength(2);
    expect((await logFor("answer:/feedback/4242")).map(([s]) => s)).toEqual(["sent", "merged"]);
    expect(await sentTo(phone)).toHaveLength(1);
  });

  it("quiet hours delay the message to their end (Vietnam time); outside them it goes at once", async () => {
    await freshChannels();
    await verifiedChannel(testDb(), so, "email", "so.nn@example.test");
    await testDb().insert(notifyPrefs).values({ userId: so, off: [], quietFrom: "22:00", quietTo: "06:00", dailyDigest: false });
    const night = await produce("flag100", undefined, new Date("2026-12-01T16:00:00Z")); // 23:00 in Vietnam
    expect(night.map((m) => m.delaySeconds)).toEqual([7 * 3600]);
    const day = await produce("flag100", undefined, new Date("2026-12-02T03:00:00Z")); // 10:00
    expect(day.map((m) => m.delaySeconds)).toEqual([undefined]);
  });

  it("a kind switched off is not sent; the daily digest option holds non-urgent events but not deadline flags", async () => {
    await freshChannels();
    const email = await verifiedChannel(testDb(), so, "email", "so.nn2@example.test");
    await testDb().insert(notifyPrefs).values({ userId: so, off: ["answer"], quietFrom: null, quietTo: null, dailyDigest: true });
    expect(await produce("answer")).toEqual([]);
    const [routed] = await produce("routed");
    const [flag] = await produce("flag80");
    await consume([routed.body, flag.body]);
    expect((await logFor(routed.body.d)).map(([s]) => s)).toEqual(["held"]);
    expect((await logFor(flag.body.d)).map(([s]) => s)).toEqual(["sent"]);
    expect(await sentTo(email)).toHaveLength(1);
    // The daily job turns what was held into one bulletin, sent by the next flush.
    const db = testDb();
    expect(await dailyBulletinJob(db, new Date(), "2026-12-02")).toBe(1);
    expect((await logFor(routed.body.d)).map(([s]) => s)).toEqual(["bundled"]);
    const bulletin: { body: NotifyMessage }[] = [];
    await flushOutbox(db, { sendBatch: async (m) => (bulletin.push(...(m as typeof bulletin)), {}) as never }, new Date());
    expect(bulletin.map((m) => m.body.k)).toEqual(["daily"]);
    await consume(bulletin.map((m) => m.body));
    const mails = await sentTo(email);
    expect(mails).toHaveLength(2);
    expect(mails[1].body).toMatchObject({ subject: "Bản tin ngày 02/12/2026: 1 thông báo" });
    expect(await dailyBulletinJob(db, new Date(), "2026-12-03")).toBe(0);
  });

  it("an unverified channel receives nothing but its own verification code; a channel unverified after enqueueing is skipped", async () => {
    await freshChannels();
    const db = testDb();
    await db.insert(contactChannels).values({ userId: so, channel: "zalo", address: "84913000004", codeHash: "x".repeat(64), codeExpiresAt: "2999-01-01T00:00:00Z" });
    expect(await produce("flag80")).toEqual([]);
    const verify = await produce("verify", "zalo:nonce-1");
    expect(verify.map((m) => m.body.ch)).toEqual(["zalo"]);
    // Verified when produced, then replaced by a new (unverified) number before delivery: skipped.
    await verifiedChannel(db, so, "email", "so.nn3@example.test");
    const [m] = await produce("flag80");
    await db.update(contactChannels).set({ verifiedAt: null }).where(and(eq(contactChannels.userId, so), eq(contactChannels.channel, "email")));
    await consume([m.body]);
    expect((await logFor(m.body.d)).map(([s]) => s)).toEqual(["skipped"]);
    expect(await sentTo("so.nn3@example.test")).toEqual([]);
  });

  it("Web Push: the payload is encrypted for the subscription and signed with our VAPID key", async () => {
    await freshChannels();
    const keys = (await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"])) as CryptoKeyPair;
    const p256dh = btoa(String.fromCharCode(...new Uint8Array((await crypto.subtle.exportKey("raw", keys.publicKey)) as ArrayBuffer))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const auth = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16)))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    await testDb().insert(contactChannels).values({ userId: so, channel: "push", address: "https://push.standin.test/push/so-nn", keys: { p256dh, auth }, verifiedAt: new Date().toISOString() });
    const [m] = await produce("flag100");
    await consume([m.body]);
    expect((await logFor(m.body.d)).map(([s]) => s)).toEqual(["sent"]);
    const [push] = await sentTo("so-nn");
    expect(push).toMatchObject({ channel: "push", authorized: true, body: { encoding: "aes128gcm" } });
    expect((push.body as { bytes: number }).bytes).toBeGreaterThan(4000);
  });
});

describe("contact pages", () => {
  it("set a Zalo number, receive the code through ZNS, a wrong code is refused, the right one verifies; audited with the number masked", async () => {
    await freshChannels();
    const db = testDb();
    const client = await loggedIn("so.nongnghiep");
    const bad = await client.post("/me/contacts/zalo", { address: "12345" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Số điện thoại di động không hợp lệ");
    expect((await client.post("/me/contacts/zalo", { address: "0914 555 666" })).status).toBe(303);
    expect((await client.post("/me/contacts/zalo", { address: "0914 555 666" })).status).toBe(429); // a new code at most once a minute
    await flushOutbox(db, env.NOTIFY_QUEUE, new Date());
    let code = "";
    for (let i = 0; i < 100 && !code; i++) {
      const [zns] = await sentTo("84914555666");
      code = (zns?.body as { template_data?: { code?: string } } | undefined)?.template_data?.code ?? "";
      if (!code) await new Promise((r) => setTimeout(r, 200));
    }
    expect(code).toMatch(/^\d{6}$/);
    const wrong = await client.post("/me/contacts/zalo/verify", { code: code === "000000" ? "111111" : "000000" });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain("Mã xác minh không đúng");
    expect((await client.post("/me/contacts/zalo/verify", { code })).status).toBe(303);
    // The code does not stay in the outbox once its message went out.
    expect(JSON.stringify(await db.select().from(outbox).where(like(outbox.dedupeKey, "verify:zalo:%")).all())).not.toContain(code);
    const row = (await db.select().from(contactChannels).where(eq(contactChannels.userId, so)).get())!;
    expect(row.verifiedAt).not.toBeNull();
    expect(row.codeHash).toBeNull();
    const audits = await db.select().from(auditLog).where(like(auditLog.action, "contact.%")).all();
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(["contact.set", "contact.verify"]));
    expect(JSON.stringify(audits)).not.toContain("555666");
    const page = await (await client.get("/me/contacts")).text();
    expect(page).toContain("0914 555 666");
    expect(page).toContain("Đã xác minh");
  });

  it("the admin sees the delivery log and the province's channels; other users do not; templates preview in Vietnamese", async () => {
    const admin = await loggedIn("admin");
    const log = await admin.get("/admin/notify");
    expect(log.status).toBe(200);
    const html = await log.text();
    expect(html).toContain("Nhật ký gửi thông báo");
    expect(html).toContain("0914 555 666");
    expect((await testDb().select().from(auditLog).where(eq(auditLog.action, "contact.view")).all()).length).toBe(1);
    expect((await (await loggedIn("lanhdao")).get("/admin/notify")).status).toBe(403);
    expect(await (await (await loggedIn("canbo")).get("/me/contacts")).text()).not.toContain("0914 555 666");
    const preview = await (await admin.get("/admin/notify/templates")).text();
    expect(preview).toContain("Đã dùng 80% thời hạn trả lời");
    expect(preview).toContain("Mã mẫu ZNS: 303");
  });

  it("preferences: bad quiet hours → 422 with a message; saved otherwise", async () => {
    const client = await loggedIn("so.nongnghiep");
    const bad = await client.post("/me/contacts/prefs", { quietFrom: "25:00", quietTo: "06:00", on_flag80: "1" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Giờ không hợp lệ");
    expect((await client.post("/me/contacts/prefs", { quietFrom: "22:00", quietTo: "06:00", on_flag80: "1", on_flag100: "1" })).status).toBe(303);
    const prefs = (await testDb().select().from(notifyPrefs).where(eq(notifyPrefs.userId, so)).get())!;
    expect(prefs.off).toEqual(expect.arrayContaining(["routed", "answer", "digest"]));
    expect(prefs.off).not.toContain("flag80");
    expect(prefs.quietFrom).toBe("22:00");
    expect((await testDb().select().from(outbox).all()).length).toBeGreaterThan(0);
  });
});
