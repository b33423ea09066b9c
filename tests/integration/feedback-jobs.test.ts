// The Worker's scheduled handler with a fixed date: the digest of a seeded month (February 2027, with Tết)
// figure by figure, and the 80 % / 100 % flags with their notifications, run twice (idempotent).
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { auditLog, departments, feedbackCategories, feedbackDigests, feedbackEvents, feedbackItems, notifications, users, visitConcerns } from "../../src/db/schema";
import type { Digest } from "../../src/domain/feedback";
import { DEFAULT_HOLIDAYS, dueDateFor } from "../../src/domain/working-days";
import { chunk, unitByCode } from "../../src/services/units";
import { rebuildFeedbackCounts } from "../../src/services/feedback-counts";
import { loggedIn, seededDb } from "../factories";

const H = new Set(DEFAULT_HOLIDAYS.map((h) => h.date));
const ids: Record<string, number> = {};
let adminId = 0;
let sxdUserId = 0;

async function runScheduled(scheduledTime: string) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: new Date(scheduledTime), cron: "5 17 * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

beforeAll(async () => {
  const db = await seededDb();
  // This file's database is its own: clear the demo items, keep categories, departments and holidays.
  await db.batch([db.delete(visitConcerns), db.delete(feedbackEvents), db.delete(notifications), db.delete(feedbackDigests), db.delete(feedbackItems)]);
  const province = (await unitByCode(db, "83"))!;
  const vb = (await unitByCode(db, "28879"))!;
  const depts = await db.select().from(departments).where(eq(departments.provinceId, province.id)).all();
  const snn = depts.find((d) => d.code === "SNNMT")!.id;
  const sxd = depts.find((d) => d.code === "SXD")!.id;
  const cats = await db.select().from(feedbackCategories).where(eq(feedbackCategories.provinceId, province.id)).all();
  const agri = cats.find((c) => c.name === "Sản xuất nông nghiệp")!.id;
  const roads = cats.find((c) => c.name === "Hạ tầng giao thông")!.id;
  const admin = (await db.select().from(users).where(eq(users.username, "admin")).get())!;
  adminId = admin.id;
  const [sxdUser] = await db
    .insert(users)
    .values({ username: "so.xaydung", displayName: "Sở Xây dựng", passwordHash: admin.passwordHash, passwordSalt: admin.passwordSalt, passwordIterations: admin.passwordIterations, role: "department", unitId: province.id, departmentId: sxd, isDemo: true })
    .returning();
  sxdUserId = sxdUser.id;

  // Items of February 2027 (Tết 05/02 and 08–11/02 are days off). Times are UTC; Vietnam is UTC+7.
  const item = (name: string, p: { received: string; due: string; dept: number | null; cat: number; status: typeof feedbackItems.$inferInsert.status; answered?: string; rating?: number; flagged?: string }) => ({
    provinceId: province.id,
    unitId: vb.id,
    districtId: vb.districtId,
    source: "commune" as const,
    categoryId: p.cat,
    departmentId: p.dept,
    title: name,
    content: `Nội dung ${name}`,
    status: p.status,
    receivedAt: p.received,
    slaDays: 10,
    dueDate: p.due,
    answeredAt: p.answered ?? null,
    publicAnswer: p.answered ? "Trả lời" : null,
    rating: p.rating ?? null,
    flagged80At: p.flagged ?? null,
    flagged100At: p.flagged ?? null,
    createdBy: admin.id,
  });
  const rows = [
    // 00:30 on 01/02 in Vietnam (still 31/01 in UTC): a February item. Answered on time, rated 5.
    item("I1", { received: "2027-01-31T17:30:00.000Z", due: "2027-02-22", dept: snn, cat: agri, status: "closed", answered: "2027-02-19T03:00:00.000Z", rating: 5 }),
    // Answered 00:30 on 25/02 in Vietnam: one day late.
    item("I2", { received: "2027-02-03T02:00:00.000Z", due: "2027-02-24", dept: snn, cat: agri, status: "answered", answered: "2027-02-24T17:30:00.000Z" }),
    item("I3", { received: "2027-02-15T02:00:00.000Z", due: "2027-03-01", dept: sxd, cat: roads, status: "routed" }),
    item("I4", { received: "2027-02-17T02:00:00.000Z", due: "2027-03-03", dept: sxd, cat: roads, status: "in_progress" }),
    item("I5", { received: "2027-02-18T02:00:00.000Z", due: "2027-03-04", dept: snn, cat: agri, status: "routed" }),
    // Received in January, never answered: overdue since 03/02.
    item("I6", { received: "2027-01-20T02:00:00.000Z", due: "2027-02-03", dept: sxd, cat: roads, status: "routed" }),
    // Received in January, answered on its due date 01/02.
    item("I7", { received: "2027-01-18T02:00:00.000Z", due: "2027-02-01", dept: snn, cat: agri, status: "closed", answered: "2027-02-01T09:00:00.000Z", rating: 3 }),
    // 23:59 on Sunday 28/02 in Vietnam, not routed yet.
    item("I8", { received: "2027-02-28T16:59:00.000Z", due: "2027-03-12", dept: null, cat: agri, status: "new" }),
    // All in January: not in the February digest.
    item("I9", { received: "2027-01-05T02:00:00.000Z", due: "2027-01-19", dept: snn, cat: agri, status: "closed", answered: "2027-01-15T02:00:00.000Z", rating: 4 }),
    // 09:00 on 01/03 in Vietnam: March.
    item("I10", { received: "2027-03-01T02:00:00.000Z", due: "2027-03-15", dept: snn, cat: agri, status: "routed" }),
    // Overdue since 05/02 and already flagged then.
    item("I11", { received: "2027-01-21T02:00:00.000Z", due: "2027-02-04", dept: sxd, cat: roads, status: "returned", flagged: "2027-02-04T17:05:00.000Z" }),
  ];
  // ≤ 100 bound parameters per statement.
  for (const part of chunk(rows, 4)) {
    for (const r of await db.insert(feedbackItems).values(part).returning({ id: feedbackItems.id, title: feedbackItems.title })) ids[r.title] = r.id;
  }
  // Inserted directly: the counters the digest reads are rebuilt from the items (as rollups:check --repair does).
  await rebuildFeedbackCounts(db, rows[0].provinceId);
});

describe("the due dates used by the fixture are the working-day module's", () => {
  it.each([
    ["2027-02-01", "2027-02-22"],
    ["2027-02-03", "2027-02-24"],
    ["2027-02-15", "2027-03-01"],
    ["2027-02-17", "2027-03-03"],
    ["2027-02-18", "2027-03-04"],
    ["2027-01-20", "2027-02-03"],
    ["2027-01-18", "2027-02-01"],
    ["2027-02-28", "2027-03-12"],
    ["2027-01-21", "2027-02-04"],
  ])("received %s → due %s", (received, due) => expect(dueDateFor(received, 10, H)).toBe(due));
});

describe("scheduled handler at 00:05 on 01/03/2027 (Vietnam)", () => {
  let digest: Digest;

  beforeAll(async () => {
    await runScheduled("2027-02-28T17:05:00.000Z");
    const db = await seededDb();
    const province = (await unitByCode(db, "83"))!;
    const row = await db.select().from(feedbackDigests).where(and(eq(feedbackDigests.provinceId, province.id), eq(feedbackDigests.month, "2027-02"))).get();
    digest = row!.data as unknown as Digest;
  });

  it("stores February's digest with exact totals", () => {
    expect(digest.from).toBe("2027-02-01");
    expect(digest.to).toBe("2027-02-28");
    expect(digest.total).toEqual({ received: 6, answered: 3, answeredOnTime: 2, answeredLate: 1, pending: 6, overdue: 2, onTimeRate: 66.7, ratings: 2, ratingSum: 8 });
  });

  it("by department and by category", () => {
    const fig = (rows: Digest["byDepartment"]) => rows.map((r) => [r.name, r.figures.received, r.figures.answered, r.figures.answeredOnTime, r.figures.pending, r.figures.overdue]);
    expect(fig(digest.byDepartment)).toEqual([
      ["Sở Nông nghiệp và Môi trường", 3, 3, 2, 1, 0],
      ["Sở Xây dựng", 2, 0, 0, 4, 2],
      ["Chưa chuyển sở, ngành", 1, 0, 0, 1, 0],
    ]);
    expect(fig(digest.byCategory)).toEqual([
      ["Hạ tầng giao thông", 2, 0, 0, 4, 2],
      ["Sản xuất nông nghiệp", 4, 3, 2, 2, 0],
    ]);
  });

  it("flags I4 at 80 % and I3 (due today) and I6 (overdue) at 100 %, nothing else", async () => {
    const db = await seededDb();
    const rows = await db.select().from(feedbackItems).where(inArray(feedbackItems.id, Object.values(ids))).all();
    const flagged80 = rows.filter((r) => r.flagged80At === "2027-02-28T17:05:00.000Z").map((r) => r.title).sort();
    const flagged100 = rows.filter((r) => r.flagged100At === "2027-02-28T17:05:00.000Z").map((r) => r.title).sort();
    expect(flagged100).toEqual(["I3", "I6"]);
    // A 100 % flag also marks the 80 % one, so I3 and I6 never get a late 80 % warning.
    expect(flagged80).toEqual(["I3", "I4", "I6"]);
    const events = await db.select().from(feedbackEvents).where(inArray(feedbackEvents.feedbackId, Object.values(ids))).all();
    expect(events.map((e) => `${rows.find((r) => r.id === e.feedbackId)!.title}:${e.kind}`).sort()).toEqual(["I3:flag100", "I4:flag80", "I6:flag100"]);
  });

  it("notifies the department's users and the province admin", async () => {
    const db = await seededDb();
    const notes = await db.select().from(notifications).all();
    expect(notes.length).toBe(6);
    const mine = (userId: number) => notes.filter((n) => n.userId === userId).map((n) => n.text).sort();
    for (const userId of [sxdUserId, adminId]) {
      expect(mine(userId)).toEqual([
        "Phản ánh “I3” (Xã Vĩnh Bình) đến hạn trả lời hôm nay (01/03/2027).",
        "Phản ánh “I4” (Xã Vĩnh Bình) đã dùng 80% thời hạn; hạn trả lời 03/03/2027.",
        "Phản ánh “I6” (Xã Vĩnh Bình) đã quá hạn trả lời (hạn 03/02/2027).",
      ]);
    }
    expect(notes.find((n) => n.text.includes("I4"))!.link).toBe(`/feedback/${ids.I4}`);
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, "feedback.flag")).all();
    expect(audit.at(-1)!.after).toMatchObject({ date: "2027-03-01", flagged80: [ids.I4] });
  });

  it("a second run the same day changes nothing and rebuilds the same digest", async () => {
    await runScheduled("2027-02-28T17:05:00.000Z");
    const db = await seededDb();
    expect((await db.select().from(notifications).all()).length).toBe(6);
    const digests = await db.select().from(feedbackDigests).where(eq(feedbackDigests.month, "2027-02")).all();
    expect(digests.length).toBe(1);
    expect((digests[0].data as unknown as Digest).total).toEqual(digest.total);
  });

  it("the next day flags nothing new except what crossed a line, and builds no digest", async () => {
    // 02/03/2027: I4 (9/10) stays flagged at 80; I5 reaches 80 % (8/10).
    await runScheduled("2027-03-01T17:05:00.000Z");
    const db = await seededDb();
    const rows = await db.select().from(feedbackItems).where(inArray(feedbackItems.id, [ids.I4, ids.I5])).all();
    expect(rows.find((r) => r.id === ids.I5)!.flagged80At).toBe("2027-03-01T17:05:00.000Z");
    expect(rows.find((r) => r.id === ids.I4)!.flagged100At).toBeNull();
    expect((await db.select().from(notifications).all()).length).toBe(8);
    expect((await db.select().from(feedbackDigests).all()).map((d) => d.month)).toEqual(["2027-02"]);
  });

  it("the digest page shows the stored figures", async () => {
    const client = await loggedIn("lanhdao");
    const res = await client.get("/reports/feedback/2027-02");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Tổng hợp phản ánh, kiến nghị tháng 2/2027");
    expect(html).toMatch(/id="fig-received">6</);
    expect(html).toMatch(/id="fig-ontime">2 \(66,7 %\)/);
    expect(html).toMatch(/id="fig-overdue">2</);
    expect(html).toContain("Sở Xây dựng");
  });
});
