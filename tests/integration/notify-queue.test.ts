// Reaching people (issue 18) through the real Queue binding in workerd: the outbox row is written in the
// change's own batch (and not at all when the change fails), the producer sends it to the queue, the consumer
// delivers it to the Zalo/e-mail stand-in (vitest.config.ts routes outbound fetches there), retries a 500,
// dead-letters after five failures and logs each step; unverified channels are never used.
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { communeBindings, contactChannels, deliveries, dossiers, feedbackCategories, outbox, users } from "../../src/db/schema";
import { transition } from "../../src/services/recognition";
import { flagDeadlines, buildMonthlyDigests } from "../../src/services/feedback-jobs";
import { feedbackItems } from "../../src/db/schema";
import { flushOutbox, outboxStatements } from "../../src/services/outbox";
import { createDb, meteredD1, newMeter } from "../../src/db/client";
import { unitByCode } from "../../src/services/units";
import { loggedIn, seededDb, testDb, type Client } from "../factories";
import { sentTo, script, verifiedChannel } from "../factories/notify";

const VB = "28879";
let cat: Record<string, number> = {};
let staff: Client;

beforeAll(async () => {
  const db = await seededDb();
  const province = (await unitByCode(db, "83"))!;
  cat = Object.fromEntries((await db.select().from(feedbackCategories).where(eq(feedbackCategories.provinceId, province.id)).all()).map((c) => [c.name, c.id]));
  staff = await loggedIn("xa.vinhbinh");
});

const userId = async (username: string) => (await testDb().select().from(users).where(eq(users.username, username)).get())!.id;

async function send(title: string) {
  const res = await staff.post(`/communes/${VB}/feedback`, { title, content: "Người dân phản ánh.", categoryId: String(cat["Sản xuất nông nghiệp"]) });
  expect(res.status).toBe(303);
  return Number(/\/feedback\/(\d+)$/.exec(res.headers.get("Location") ?? "")?.[1]);
}

const logOf = async (feedbackId: number, channel: string) =>
  (await testDb().select().from(deliveries).where(and(eq(deliveries.dedupeKey, `routed:/feedback/${feedbackId}`), eq(deliveries.channel, channel))).orderBy(deliveries.id).all()).map((d) => d.status);

/** Waits (polling, up to `ms`) for the consumer to have logged `count` rows for the item's routed event. */
async function waitForLog(feedbackId: number, channel: string, until: (statuses: string[]) => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    const statuses = await logOf(feedbackId, channel);
    if (until(statuses) || Date.now() > end) return statuses;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("outbox and queue", () => {
  it("a routed item writes its outbox row in the same batch; a refused save writes none", async () => {
    const db = testDb();
    const before = (await db.select().from(outbox).all()).length;
    const refused = await staff.post(`/communes/${VB}/feedback`, { title: "", content: "x", categoryId: String(cat["Sản xuất nông nghiệp"]) });
    expect(refused.status).toBe(422);
    expect((await db.select().from(outbox).all()).length).toBe(before);
    const id = await send("Giá phân bón tăng cao");
    const rows = await db.select().from(outbox).where(eq(outbox.dedupeKey, `routed:/feedback/${id}`)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0].userIds).toContain(await userId("so.nongnghiep"));
    expect(rows[0].params.link).toBe(`/feedback/${id}`);
    expect(rows[0].params.text).toContain("Giá phân bón tăng cao");
    expect(rows[0].enqueuedAt).toBeNull();
  });

  it("producer → queue → consumer → Zalo stand-in: one ZNS request, logged as sent; the unverified e-mail gets nothing", async () => {
    const db = testDb();
    const so = await userId("so.nongnghiep");
    const phone = await verifiedChannel(db, so, "zalo", "84912000001");
    await db.insert(contactChannels).values({ userId: so, channel: "email", address: "chua.xac.minh@example.test", verifiedAt: null });
    const id = await send("Kênh mương nội đồng bị bồi lắng");
    const flushed = await flushOutbox(db, env.NOTIFY_QUEUE, new Date());
    expect(flushed.claimed).toBeGreaterThanOrEqual(1);
    expect(await waitForLog(id, "zalo", (s) => s.includes("sent"))).toEqual(["sent"]);
    const zns = (await sentTo(phone)).filter((s) => JSON.stringify(s.body).includes("Kênh mương nội đồng"));
    expect(zns).toHaveLength(1);
    expect(zns[0].body).toMatchObject({ phone, template_id: "301" });
    expect(zns[0].authorized).toBe(true);
    expect(await sentTo("chua.xac.minh@example.test")).toEqual([]);
    expect(await logOf(id, "email")).toEqual([]);
    // Claimed once: a second flush sends nothing more.
    expect((await flushOutbox(db, env.NOTIFY_QUEUE, new Date())).claimed).toBe(0);
  });

  it("a 500 from the provider is retried and then sent", async () => {
    const db = testDb();
    await db.delete(contactChannels);
    const phone = await verifiedChannel(db, await userId("so.nongnghiep"), "zalo", "84912000002");
    await script(phone, [500]);
    const id = await send("Dịch bệnh trên đàn heo");
    await flushOutbox(db, env.NOTIFY_QUEUE, new Date());
    expect(await waitForLog(id, "zalo", (s) => s.includes("sent"))).toEqual(["retry", "sent"]);
    expect((await sentTo(phone)).map((s) => s.status)).toEqual([500, 200]);
  });

  it("five failures: dead-lettered and shown as given up in the log", async () => {
    const db = testDb();
    await db.delete(contactChannels);
    const phone = await verifiedChannel(db, await userId("so.nongnghiep"), "zalo", "84912000003");
    await script(phone, [500, 500, 500, 500, 500, 500]);
    const id = await send("Nước mặn xâm nhập");
    await flushOutbox(db, env.NOTIFY_QUEUE, new Date());
    const statuses = await waitForLog(id, "zalo", (s) => s.includes("dead"), 25_000);
    expect(statuses).toEqual(["retry", "retry", "retry", "retry", "failed", "dead"]);
    expect((await sentTo(phone)).length).toBe(5);
  });
});

describe("cost on a save (figures printed for the note)", () => {
  it("a routed item's save stays within its 50-row budget; the outbox row and the enqueue cost a few rows and milliseconds", async () => {
    const res = await staff.post(`/communes/${VB}/feedback`, { title: "Đo chi phí hàng đợi", content: "Đo.", categoryId: String(cat["Sản xuất nông nghiệp"]) });
    const timing = res.headers.get("Server-Timing") ?? "";
    const saveWritten = Number(/written=(\d+)/.exec(timing)?.[1]);
    const saveMs = Number(/total;dur=([\d.]+)/.exec(timing)?.[1]);
    expect(saveWritten).toBeLessThanOrEqual(50);
    // The outbox statement alone (what the save's batch carries for it) and one flush (claim + lookups + sendBatch).
    const outboxMeter = newMeter();
    const odb = createDb(meteredD1(env.DB, outboxMeter));
    const t0 = performance.now();
    await odb.batch(outboxStatements(odb, "routed", [1, 2, 3], { text: "Đo", link: "/feedback/0" }, "/feedback/0", new Date().toISOString()) as never);
    const outboxMs = performance.now() - t0;
    const flushMeter = newMeter();
    const t1 = performance.now();
    const flushed = await flushOutbox(createDb(meteredD1(env.DB, flushMeter)), env.NOTIFY_QUEUE, new Date());
    const flushMs = performance.now() - t1;
    console.log(
      `[bench:notify] save (feedback routed, with its outbox row): ${saveWritten} rows written, ${saveMs.toFixed(1)} ms server; ` +
        `outbox row alone: ${outboxMeter.rowsWritten} rows written, ${outboxMs.toFixed(1)} ms; ` +
        `flush of ${flushed.claimed} outbox rows → ${flushed.messages} messages: ${flushMeter.queries} queries, ${flushMeter.rowsRead} rows read, ${flushMeter.rowsWritten} rows written, ${flushMs.toFixed(1)} ms (after the response, in waitUntil)`,
    );
    expect(outboxMeter.rowsWritten).toBeLessThanOrEqual(2);
    expect(flushMeter.queries).toBeLessThanOrEqual(4);
  });
});

describe("dossier events", () => {
  it("a dossier returned or decided writes its outbox row (to the commune's staff) in the transition's batch; a stale transition writes none", async () => {
    const db = testDb();
    const vb = (await unitByCode(db, VB))!;
    const staffId = await userId("xa.vinhbinh");
    const binding = (await db.select().from(communeBindings).where(eq(communeBindings.unitId, vb.id)).get())!;
    const insert = (year: number, status: "under_review" | "appraised") =>
      db.insert(dossiers).values({ communeId: vb.id, provinceId: vb.provinceId!, districtId: vb.districtId, setId: binding.setId, level: "nc", year, chain: "district_review", status, createdBy: staffId, createdAt: new Date().toISOString() }).returning().get();
    const ctx = (role: "district" | "leader") => ({ actorId: staffId, role, nowIso: new Date().toISOString(), ip: null });
    const rows = async (key: string) => db.select().from(outbox).where(eq(outbox.dedupeKey, key)).all();

    const review = await insert(2031, "under_review");
    expect((await transition(db, ctx("district"), { ...review, version: review.version + 5 }, vb, "return", { version: review.version + 5, reason: "Thiếu biên bản" })).ok).toBe(false);
    expect(await rows(`dossier_returned:/dossiers/${review.id}`)).toEqual([]);
    expect((await transition(db, ctx("district"), review, vb, "return", { version: review.version, reason: "Thiếu biên bản lấy ý kiến" })).ok).toBe(true);
    const returned = await rows(`dossier_returned:/dossiers/${review.id}`);
    expect(returned).toHaveLength(1);
    expect(returned[0].userIds).toContain(staffId);
    expect(returned[0].params.text).toContain("Thiếu biên bản lấy ý kiến");

    const appraised = await insert(2032, "appraised");
    expect((await transition(db, ctx("leader"), appraised, vb, "reject", { version: appraised.version, reason: "Chưa đạt tiêu chí Môi trường" })).ok).toBe(true);
    const decided = await rows(`dossier_decided:/dossiers/${appraised.id}`);
    expect(decided).toHaveLength(1);
    expect(decided[0].params.text).toContain("không công nhận");
  });
});

describe("daily cron events", () => {
  it("the 80 % and 100 % flags and the monthly digest write their outbox rows in the job's batch", async () => {
    const db = testDb();
    const id = await send("Giống lúa mới chậm phát triển");
    const item = (await db.select().from(feedbackItems).where(eq(feedbackItems.id, id)).get())!;
    const flagged = await flagDeadlines(db, new Date().toISOString(), item.dueDate);
    expect(flagged.flagged100).toContain(id);
    const rows = await db.select().from(outbox).where(eq(outbox.dedupeKey, `flag100:/feedback/${id}`)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0].params).toMatchObject({ title: "Giống lúa mới chậm phát triển", link: `/feedback/${id}` });
    expect(rows[0].userIds).toContain(await userId("so.nongnghiep"));
    const provinces = await buildMonthlyDigests(db, "2026-11", new Date().toISOString());
    const digests = await db.select().from(outbox).where(eq(outbox.kind, "digest")).all();
    expect(digests.map((d) => d.dedupeKey).sort()).toEqual(provinces.map((p) => `digest:${p}/2026-11`).sort());
    expect(digests[0].userIds).toContain(await userId("so.nongnghiep"));
  });
});
