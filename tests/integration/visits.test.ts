// Field visits and the one-step concern → feedback item, against real D1.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, feedbackEvents, feedbackItems, notifications, users, visitConcerns, visits } from "../../src/db/schema";
import { vnDateOf } from "../../src/domain/clock";
import { unitByCode } from "../../src/services/units";
import { loggedIn, seededDb, testDb } from "../factories";

beforeAll(async () => {
  await seededDb();
});

const VB = "28879";
const rowsRead = (res: Response) => Number(/rows=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? NaN);
const today = () => vnDateOf(new Date().toISOString());

async function logVisit(form: Record<string, string>) {
  const canbo = await loggedIn("canbo");
  const res = await canbo.post(`/communes/${VB}/visits`, {
    visitDate: today(),
    place: VB,
    participants: "Nguyễn Văn Hỗ Trợ",
    metWith: "Bà con ấp Vĩnh Phú",
    summary: "Nắm tình hình nước sạch.",
    concerns: "Thiếu nước sạch mùa khô\n\n- Cần sửa cống ấp Vĩnh Phú",
    ...form,
  });
  return { canbo, res };
}

describe("logging a visit", () => {
  it("canbo logs a visit to Vĩnh Bình with two concerns in one batch (visit, concerns, audit)", async () => {
    const { canbo, res } = await logVisit({});
    expect(res.status).toBe(303);
    const id = Number(/\/visits\/(\d+)$/.exec(res.headers.get("Location") ?? "")?.[1]);
    const db = testDb();
    const visit = (await db.select().from(visits).where(eq(visits.id, id)).get())!;
    expect(visit.visitDate).toBe(today());
    expect(visit.communeId).toBe((await unitByCode(db, VB))!.id);
    const concerns = await db.select().from(visitConcerns).where(eq(visitConcerns.visitId, id)).all();
    expect(concerns.map((c) => c.content)).toEqual(["Thiếu nước sạch mùa khô", "Cần sửa cống ấp Vĩnh Phú"]);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.action, "visit.create"), eq(auditLog.entityId, String(id)))).get();
    expect(audit).toBeTruthy();
    const page = await canbo.get(`/visits/${id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Tâm tư, nguyện vọng của người dân (2)");
    expect(html).toContain("Chuyển thành phản ánh");
    expect(rowsRead(page)).toBeLessThan(200);
  });

  it("a visit to a hamlet of an assigned commune", async () => {
    const { res } = await logVisit({ place: "28879-05" });
    expect(res.status).toBe(303);
    const id = Number(/\/visits\/(\d+)$/.exec(res.headers.get("Location")!)![1]);
    const visit = (await testDb().select().from(visits).where(eq(visits.id, id)).get())!;
    expect(visit.unitId).toBe((await unitByCode(testDb(), "28879-05"))!.id);
  });

  it.each([
    [{ visitDate: "31/12/2099" }, "Ngày thăm không được sau ngày hôm nay."],
    [{ visitDate: "30/02/2026" }, "Ngày không hợp lệ"],
    [{ summary: "   " }, "Vui lòng ghi tóm tắt nội dung chuyến thăm."],
    [{ participants: "" }, "Vui lòng ghi thành phần đoàn."],
    [{ place: "28876" }, "Nơi đến không thuộc địa bàn bạn được phân công."],
    [{ concerns: Array.from({ length: 31 }, (_, i) => `Ý ${i}`).join("\n") }, "Tối đa 30 ý kiến cho một chuyến thăm."],
  ])("refuses %j with 422, a Vietnamese message and the typed values", async (form, message) => {
    const db = testDb();
    const before = (await db.select().from(visits).all()).length;
    const { res } = await logVisit({ summary: "Tóm tắt giữ lại", ...form });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(message);
    if (!("summary" in form)) expect(html).toContain("Tóm tắt giữ lại");
    expect((await db.select().from(visits).all()).length).toBe(before);
  });

  it("only a cadre assigned to the commune may log; others get 403", async () => {
    const canbo = await loggedIn("canbo");
    expect((await canbo.get("/communes/28873/visits/new")).status).toBe(403); // Phú Phụng: not assigned
    const res = await canbo.post("/communes/28873/visits", { visitDate: today(), participants: "x", summary: "y" });
    expect(res.status).toBe(403);
    const staff = await loggedIn("xa.vinhbinh");
    // Issue 21: commune staff log visits to their own commune's hamlets, nowhere else.
    expect((await staff.get(`/communes/${VB}/visits/new`)).status).toBe(200);
    expect((await staff.get("/communes/29116/visits/new")).status).toBe(403);
    expect((await staff.get(`/communes/${VB}/visits`)).status).toBe(200);
    const dept = await loggedIn("so.nongnghiep");
    expect((await dept.get(`/communes/${VB}/visits`)).status).toBe(403);
  });

  it("the commune's visit list shows the demo visits, newest first", async () => {
    const leader = await loggedIn("huyen.cholach");
    const res = await leader.get(`/communes/${VB}/visits`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Ấp Vĩnh Thạnh");
    expect(html).not.toContain("Ghi nhận chuyến thăm</a>");
  });
});

describe("turning a concern into a feedback item in one step", () => {
  it("creates the item routed to the category's department, links the concern, notifies the department", async () => {
    const { canbo, res } = await logVisit({ concerns: "Sâu bệnh trên vườn bưởi ấp Vĩnh Phú, đề nghị hỗ trợ thuốc và kỹ thuật" });
    const visitId = Number(/\/visits\/(\d+)$/.exec(res.headers.get("Location")!)![1]);
    const db = testDb();
    const [concern] = await db.select().from(visitConcerns).where(eq(visitConcerns.visitId, visitId)).all();
    const page = await (await canbo.get(`/visits/${visitId}`)).text();
    const categoryId = /<option value="(\d+)">Sản xuất nông nghiệp<\/option>/.exec(page)![1];
    const out = await canbo.post(`/visits/${visitId}/concerns/${concern.id}/feedback`, { categoryId }, { htmx: true });
    expect(out.status).toBe(200);
    const itemId = Number(/\/feedback\/(\d+)$/.exec(out.headers.get("HX-Redirect") ?? "")?.[1]);
    const item = (await db.select().from(feedbackItems).where(eq(feedbackItems.id, itemId)).get())!;
    expect(item).toMatchObject({ source: "visit", status: "routed", visitConcernId: concern.id, title: "Sâu bệnh trên vườn bưởi ấp Vĩnh Phú, đề nghị hỗ trợ thuốc và kỹ thuật", slaDays: 10 });
    expect(item.dueDate > today()).toBe(true);
    expect((await db.select().from(visitConcerns).where(eq(visitConcerns.id, concern.id)).get())!.feedbackId).toBe(itemId);
    const events = await db.select().from(feedbackEvents).where(eq(feedbackEvents.feedbackId, itemId)).all();
    expect(events.map((e) => e.kind)).toEqual(["created", "routed"]);
    const snn = (await db.select().from(users).where(eq(users.username, "so.nongnghiep")).get())!;
    const notes = await db.select().from(notifications).where(eq(notifications.userId, snn.id)).all();
    expect(notes.some((n) => n.link === `/feedback/${itemId}` && n.text.includes("Sâu bệnh trên vườn bưởi"))).toBe(true);

    // Twice: 409, nothing new.
    const again = await canbo.post(`/visits/${visitId}/concerns/${concern.id}/feedback`, { categoryId }, { htmx: true });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("Đã chuyển thành phản ánh");
    expect((await db.select().from(feedbackItems).where(eq(feedbackItems.visitConcernId, concern.id)).all()).length).toBe(1);
  });

  it("without a category: 422 with the message, nothing saved", async () => {
    const { canbo, res } = await logVisit({ concerns: "Một ý kiến" });
    const visitId = Number(/\/visits\/(\d+)$/.exec(res.headers.get("Location")!)![1]);
    const db = testDb();
    const [concern] = await db.select().from(visitConcerns).where(eq(visitConcerns.visitId, visitId)).all();
    const before = (await db.select().from(feedbackItems).all()).length;
    const out = await canbo.post(`/visits/${visitId}/concerns/${concern.id}/feedback`, { categoryId: "" }, { htmx: true });
    expect(out.status).toBe(422);
    expect(await out.text()).toContain("Vui lòng chọn lĩnh vực.");
    const unknown = await canbo.post(`/visits/${visitId}/concerns/${concern.id}/feedback`, { categoryId: "99999" });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain("Vui lòng chọn lĩnh vực trong danh sách.");
    expect((await db.select().from(feedbackItems).all()).length).toBe(before);
    expect((await db.select().from(visitConcerns).where(eq(visitConcerns.id, concern.id)).get())!.feedbackId).toBeNull();
  });

  it("the commune's staff may forward a concern too; a district leader only reads; other communes' staff get 403", async () => {
    const db = testDb();
    const visit = (await db.select().from(visits).all())[0];
    const staff = await loggedIn("xa.vinhbinh");
    const page = await staff.get(`/visits/${visit.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Chuyển thành phản ánh</button>");
    // One label per concern's select: ids stay unique.
    const ids = [...html.matchAll(/id="(f-category-\d+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    const leader = await loggedIn("huyen.cholach");
    const asLeader = await leader.get(`/visits/${visit.id}`);
    expect(asLeader.status).toBe(200);
    expect(await asLeader.text()).not.toContain("Chuyển thành phản ánh</button>");
    const [concern] = await db.select().from(visitConcerns).where(eq(visitConcerns.visitId, visit.id)).all();
    expect((await leader.post(`/visits/${visit.id}/concerns/${concern.id}/feedback`, { categoryId: "1" })).status).toBe(403);
  });
});
