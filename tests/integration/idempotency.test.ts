// Issue 14: one-time form keys. The same submission twice (double tap, retry, offline replay) creates one row and
// gets the same response; a key reused elsewhere, or a receipt replayed after its pledge changed, gets 409.
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { contributions, feedbackCategories, feedbackEvents, feedbackItems, formKeys, projects, receipts, sponsors, users, visitConcerns, visits } from "../../src/db/schema";
import { vnDateOf } from "../../src/domain/clock";
import { addPledge, loggedIn, seededDb, testDb } from "../factories";

beforeAll(async () => {
  await seededDb();
});

const VB = "28879";
const today = () => vnDateOf(new Date().toISOString());
const viToday = () => today().split("-").reverse().join("/");
const keyOf = (html: string) => /name="_key" value="([^"]+)"/.exec(html)?.[1] ?? "";
type Counted = typeof contributions | typeof sponsors | typeof receipts | typeof visits | typeof visitConcerns | typeof projects | typeof users | typeof feedbackItems | typeof feedbackEvents;
const count = async (table: Counted) =>
  (await testDb().select({ n: sql<number>`count(*)` }).from(table).get())!.n;

const pledge = (key: string, over: Record<string, string> = {}) => ({
  _key: key,
  sponsorId: "",
  sponsorKind: "business",
  sponsorName: "Công ty TNHH Hai Lần Bấm",
  contactPhone: "0275 3871 999",
  publicConsent: "on",
  kind: "money",
  amount: "50.000.000",
  pledgedAt: viToday(),
  ...over,
});

describe("a create form carries a one-time key", () => {
  it("the pledge, visit and receipt forms each issue a fresh key", async () => {
    const canbo = await loggedIn("canbo");
    const a = keyOf(await (await canbo.get(`/communes/${VB}/contributions/new`)).text());
    const b = keyOf(await (await canbo.get(`/communes/${VB}/contributions/new`)).text());
    expect(a).toMatch(/^[\w-]{16,64}$/);
    expect(b).not.toBe(a);
    expect(keyOf(await (await canbo.get(`/communes/${VB}/visits/new`)).text())).toMatch(/^[\w-]{16,}$/);
  });
});

describe("the same key twice → one row, same response", () => {
  it("a pledge with a new sponsor, sent twice (plain form), creates one pledge and one sponsor; both answers redirect to it", async () => {
    const canbo = await loggedIn("canbo");
    const key = keyOf(await (await canbo.get(`/communes/${VB}/contributions/new`)).text());
    const [pledges, sponsorRows] = [await count(contributions), await count(sponsors)];
    const first = await canbo.post(`/communes/${VB}/contributions`, pledge(key));
    const second = await canbo.post(`/communes/${VB}/contributions`, pledge(key));
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(second.headers.get("X-Form-Replay")).toBe("1");
    expect(await count(contributions)).toBe(pledges + 1);
    expect(await count(sponsors)).toBe(sponsorRows + 1);
    const row = (await testDb().select().from(formKeys).where(eq(formKeys.key, key)).get())!;
    expect(row).toMatchObject({ kind: "contribution", target: `/communes/${VB}/contributions` });
    expect(first.headers.get("Location")).toBe(`/contributions/${row.result}`);
  });

  it("a double tap in flight (two concurrent htmx posts) creates one pledge; both get the same HX-Redirect", async () => {
    const canbo = await loggedIn("canbo");
    const key = keyOf(await (await canbo.get(`/communes/${VB}/contributions/new`)).text());
    const before = await count(contributions);
    const [a, b] = await Promise.all([
      canbo.post(`/communes/${VB}/contributions`, pledge(key, { sponsorName: "Công ty Song Song" }), { htmx: true }),
      canbo.post(`/communes/${VB}/contributions`, pledge(key, { sponsorName: "Công ty Song Song" }), { htmx: true }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.headers.get("HX-Redirect")).toMatch(/^\/contributions\/\d+$/);
    expect(b.headers.get("HX-Redirect")).toBe(a.headers.get("HX-Redirect"));
    expect(await count(contributions)).toBe(before + 1);
  });

  it("a visit with concerns sent twice creates one visit and its concerns once", async () => {
    const canbo = await loggedIn("canbo");
    const key = keyOf(await (await canbo.get(`/communes/${VB}/visits/new`)).text());
    const [v, cs] = [await count(visits), await count(visitConcerns)];
    const form = { _key: key, visitDate: today(), place: VB, participants: "Tổ công tác", summary: "Nắm tình hình.", concerns: "Đường ấp lầy lội\n\nThiếu đèn" };
    const first = await canbo.post(`/communes/${VB}/visits`, form);
    const second = await canbo.post(`/communes/${VB}/visits`, form);
    expect(first.status).toBe(303);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(await count(visits)).toBe(v + 1);
    expect(await count(visitConcerns)).toBe(cs + 2);
  });

  it("a receipt sent twice records one receipt with one number and counts the money once", async () => {
    const { contributionId } = await addPledge(VB, "Doanh nghiệp Thu Một Lần");
    const staff = await loggedIn("xa.vinhbinh");
    const page = await (await staff.get(`/contributions/${contributionId}`)).text();
    const key = keyOf(page);
    expect(page).toContain('name="version" value="1"');
    const form = { _key: key, version: "1", amount: "4.000.000", receivedAt: viToday(), payerName: "Ông A", note: "" };
    const first = await staff.post(`/contributions/${contributionId}/receipts`, form);
    const second = await staff.post(`/contributions/${contributionId}/receipts`, form);
    expect(first.status).toBe(303);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    const rows = await testDb().select().from(receipts).where(eq(receipts.contributionId, contributionId)).all();
    expect(rows).toHaveLength(1);
    const c = (await testDb().select().from(contributions).where(eq(contributions.id, contributionId)).get())!;
    expect(c.receivedTotal).toBe(4_000_000);
  });
});

describe("the other create forms", () => {
  it("a project, a feedback item, a comment on it and a user account: each sent twice, created once", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    const projectKey = keyOf(await (await xa.get(`/communes/${VB}/projects/new`)).text());
    const p = await count(projects);
    const project = { _key: projectKey, name: "Cầu ấp Vĩnh Hòa", status: "planned", progress: "0" };
    const first = await xa.post(`/communes/${VB}/projects`, project);
    expect(first.status).toBe(303);
    expect((await xa.post(`/communes/${VB}/projects`, project)).headers.get("Location")).toBe(first.headers.get("Location"));
    expect(await count(projects)).toBe(p + 1);

    const category = (await testDb().select().from(feedbackCategories).limit(1).get())!;
    const feedbackKey = keyOf(await (await xa.get(`/communes/${VB}/feedback/new`)).text());
    const f = await count(feedbackItems);
    const item = { _key: feedbackKey, title: "Đèn đường hỏng", content: "Đèn đường ấp 3 hỏng hai tuần.", categoryId: String(category.id) };
    const created = await xa.post(`/communes/${VB}/feedback`, item);
    expect(created.status).toBe(303);
    expect((await xa.post(`/communes/${VB}/feedback`, item)).headers.get("Location")).toBe(created.headers.get("Location"));
    expect(await count(feedbackItems)).toBe(f + 1);

    const itemUrl = created.headers.get("Location")!;
    const commentKey = keyOf(await (await xa.get(itemUrl)).text());
    const events = await count(feedbackEvents);
    const a = await xa.post(`${itemUrl}/comment`, { _key: commentKey, text: "Bổ sung ảnh chụp." }, { htmx: true });
    const b = await xa.post(`${itemUrl}/comment`, { _key: commentKey, text: "Bổ sung ảnh chụp." }, { htmx: true });
    expect(a.headers.get("HX-Redirect")).toBe(itemUrl);
    expect(b.headers.get("HX-Redirect")).toBe(itemUrl);
    expect(await count(feedbackEvents)).toBe(events + 1);

    const admin = await loggedIn("admin");
    const userKey = keyOf(await (await admin.get("/admin/users/new")).text());
    const account = { _key: userKey, username: "xa.hailan", displayName: "Hai Lần", role: "commune_staff", unitCode: VB, departmentId: "", password: "hailan-2026-ok" };
    const u1 = await admin.post("/admin/users", account);
    const u2 = await admin.post("/admin/users", account);
    expect(u1.status).toBe(303);
    expect(u2.status).toBe(303);
    expect(u2.headers.get("Location")).toBe(u1.headers.get("Location"));
  });
});

describe("a concern turned into feedback", () => {
  it("sent twice with the same key: one feedback item, the same answer both times (not a 409 for the repeat)", async () => {
    const canbo = await loggedIn("canbo");
    const visitKey = keyOf(await (await canbo.get(`/communes/${VB}/visits/new`)).text());
    const created = await canbo.post(`/communes/${VB}/visits`, { _key: visitKey, visitDate: today(), place: VB, participants: "Tổ", summary: "Tóm tắt", concerns: "Cống ấp hỏng" });
    const visitUrl = created.headers.get("Location")!;
    const page = await (await canbo.get(visitUrl)).text();
    const url = /action="(\/visits\/\d+\/concerns\/\d+\/feedback)"/.exec(page)![1];
    const key = /action="\/visits\/\d+\/concerns\/\d+\/feedback"[^>]*>[\s\S]*?name="_key" value="([^"]+)"/.exec(page)![1];
    const category = (await testDb().select().from(feedbackCategories).limit(1).get())!;
    const before = await count(feedbackItems);
    const a = await canbo.post(url, { _key: key, categoryId: String(category.id) }, { htmx: true });
    const b = await canbo.post(url, { _key: key, categoryId: String(category.id) }, { htmx: true });
    expect(a.headers.get("HX-Redirect")).toMatch(/^\/feedback\/\d+$/);
    expect(b.status).toBe(200);
    expect(b.headers.get("HX-Redirect")).toBe(a.headers.get("HX-Redirect"));
    expect(await count(feedbackItems)).toBe(before + 1);
  });
});

describe("replays that must not pass silently → 409", () => {
  it("a receipt replayed after its pledge changed (another receipt recorded since the form was made) → 409, nothing counted", async () => {
    const { contributionId } = await addPledge(VB, "Doanh nghiệp Đổi Sau");
    const staff = await loggedIn("xa.vinhbinh");
    const offlineKey = keyOf(await (await staff.get(`/contributions/${contributionId}`)).text());
    const other = keyOf(await (await staff.get(`/contributions/${contributionId}`)).text());
    const base = { version: "1", amount: "6.000.000", receivedAt: viToday(), payerName: "", note: "" };
    expect((await staff.post(`/contributions/${contributionId}/receipts`, { ...base, _key: other })).status).toBe(303);
    const replay = await staff.post(`/contributions/${contributionId}/receipts`, { ...base, _key: offlineKey }, { htmx: true });
    expect(replay.status).toBe(409);
    const html = await replay.text();
    expect(html).toContain("Cam kết vừa được cập nhật (đã nhận 6.000.000 đ)");
    expect(html).toContain('name="version" value="2"');
    expect(await testDb().select().from(receipts).where(eq(receipts.contributionId, contributionId)).all()).toHaveLength(1);
    expect(await testDb().select().from(formKeys).where(eq(formKeys.key, offlineKey)).get()).toBeUndefined();
  });

  it("a key already used for one form, sent to another form or by another user → 409, nothing created", async () => {
    const canbo = await loggedIn("canbo");
    const key = keyOf(await (await canbo.get(`/communes/${VB}/contributions/new`)).text());
    expect((await canbo.post(`/communes/${VB}/contributions`, pledge(key, { sponsorName: "Công ty Một Khóa" }))).status).toBe(303);
    const [v, p] = [await count(visits), await count(contributions)];
    const reused = await canbo.post(`/communes/${VB}/visits`, { _key: key, visitDate: today(), place: VB, participants: "Tổ", summary: "Tóm tắt" });
    expect(reused.status).toBe(409);
    expect(await reused.text()).toContain("Biểu mẫu này đã được gửi cho một mục khác");
    const staff = await loggedIn("xa.vinhbinh");
    const stranger = await staff.post(`/communes/${VB}/contributions`, pledge(key, { sponsorName: "Công ty Một Khóa" }));
    expect(stranger.status).toBe(409);
    expect([await count(visits), await count(contributions)]).toEqual([v, p]);
  });
});

describe("old keys", () => {
  it("the daily job deletes keys older than 90 days and keeps recent ones", async () => {
    const { JOBS } = await import("../../src/scheduled");
    const db = testDb();
    await db.insert(formKeys).values([
      { key: "old-key-0123456789ab", actorId: 1, kind: "visit", target: "/x", result: "1", createdAt: "2026-01-01T00:00:00.000Z" },
      { key: "new-key-0123456789ab", actorId: 1, kind: "visit", target: "/x", result: "2", createdAt: "2026-11-20T00:00:00.000Z" },
    ]);
    const job = JOBS.find((j) => j.name === "forms.purgeKeys")!;
    await job.run(db, new Date("2026-12-01T00:00:00Z"), "2026-12-01");
    expect(await db.select().from(formKeys).where(eq(formKeys.key, "old-key-0123456789ab")).get()).toBeUndefined();
    expect(await db.select().from(formKeys).where(eq(formKeys.key, "new-key-0123456789ab")).get()).toBeDefined();
  });
});
