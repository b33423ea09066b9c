// The feedback loop through HTTP against real D1: create, route, answer, rate, return, re-route, comment,
// permissions (403), impossible transitions and stale versions (409), bad input (422), reports.
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, departments, feedbackCategories, feedbackEvents, feedbackItems, notifications, users } from "../../src/db/schema";
import { vnDateOf } from "../../src/domain/clock";
import { unitByCode } from "../../src/services/units";
import { loggedIn, seededDb, testDb, type Client } from "../factories";

const VB = "28879";
const rowsRead = (res: Response) => Number(/rows=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? NaN);
const today = () => vnDateOf(new Date().toISOString());
let dept: Record<string, number> = {};
let cat: Record<string, number> = {};

beforeAll(async () => {
  const db = await seededDb();
  const province = (await unitByCode(db, "83"))!;
  dept = Object.fromEntries((await db.select().from(departments).where(eq(departments.provinceId, province.id)).all()).map((d) => [d.code, d.id]));
  cat = Object.fromEntries((await db.select().from(feedbackCategories).where(eq(feedbackCategories.provinceId, province.id)).all()).map((c) => [c.name, c.id]));
});

const item = async (id: number) => (await testDb().select().from(feedbackItems).where(eq(feedbackItems.id, id)).get())!;
const userId = async (username: string) => (await testDb().select().from(users).where(eq(users.username, username)).get())!.id;

async function createAs(client: Client, form: Record<string, string>, code = VB) {
  const res = await client.post(`/communes/${code}/feedback`, { title: "Đèn đường ấp Vĩnh Bắc hư", content: "Nhiều đoạn tối, người dân đi lại khó khăn.", categoryId: String(cat["Hạ tầng giao thông"]), ...form });
  const id = Number(/\/feedback\/(\d+)$/.exec(res.headers.get("Location") ?? "")?.[1]);
  return { res, id };
}

describe("demo data", () => {
  it("has categories, holidays, assignments, visits and items in every state", async () => {
    const db = testDb();
    expect(Object.keys(cat).sort()).toEqual(["Giáo dục", "Hạ tầng giao thông", "Khác", "Môi trường", "Sản xuất nông nghiệp", "Y tế"]);
    const statuses = (await db.select({ status: feedbackItems.status }).from(feedbackItems).all()).map((r) => r.status);
    for (const s of ["new", "routed", "answered", "closed", "returned"]) expect(statuses, s).toContain(s);
  });
});

describe("sending feedback", () => {
  it("commune staff send an item: routed to the category's department, due in 10 working days, department notified", async () => {
    const staff = await loggedIn("xa.vinhbinh");
    const { res, id } = await createAs(staff, {});
    expect(res.status).toBe(303);
    const row = await item(id);
    expect(row).toMatchObject({ status: "routed", departmentId: dept.SXD, source: "commune", slaDays: 10 });
    expect(row.dueDate > today()).toBe(true);
    const audit = await testDb().select().from(auditLog).where(and(eq(auditLog.action, "feedback.create"), eq(auditLog.entityId, String(id)))).get();
    expect(audit).toBeTruthy();
  });

  it("a chosen department overrides the default; 'Khác' without one waits as new and notifies the admin", async () => {
    const staff = await loggedIn("xa.vinhbinh");
    const chosen = await createAs(staff, { departmentId: String(dept.SYT) });
    expect((await item(chosen.id)).departmentId).toBe(dept.SYT);
    const other = await createAs(staff, { categoryId: String(cat["Khác"]), title: "Việc khác cần hướng dẫn" });
    expect(await item(other.id)).toMatchObject({ status: "new", departmentId: null });
    const notes = await testDb().select().from(notifications).where(eq(notifications.userId, await userId("admin"))).all();
    expect(notes.some((n) => n.link === `/feedback/${other.id}`)).toBe(true);
  });

  it.each([
    [{ departmentId: "99999" }, "Sở, ngành không tồn tại trong danh sách của tỉnh."],
    [{ departmentId: "abc" }, "Sở, ngành không tồn tại trong danh sách của tỉnh."],
    [{ dueDate: "2020-01-01" }, "Hạn trả lời không được trước ngày hôm nay."],
    [{ dueDate: "31/02/2027" }, "Ngày không hợp lệ"],
    [{ title: "  " }, "Vui lòng nhập tiêu đề."],
    [{ categoryId: "" }, "Vui lòng chọn lĩnh vực."],
    [{ categoryId: "99999" }, "Vui lòng chọn lĩnh vực trong danh sách."],
    [{ hamletId: "99999" }, "Ấp không thuộc xã"],
  ])("refuses %j with 422 in Vietnamese, keeps what was typed, saves nothing", async (form, message) => {
    const staff = await loggedIn("xa.vinhbinh");
    const before = (await testDb().select().from(feedbackItems).all()).length;
    const { res } = await createAs(staff, { content: "Nội dung phải được giữ lại", ...form });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).toContain("Nội dung phải được giữ lại");
    expect((await testDb().select().from(feedbackItems).all()).length).toBe(before);
  });

  it("a cadre sends only for assigned communes; departments and leaders do not send", async () => {
    const canbo = await loggedIn("canbo");
    expect((await createAs(canbo, {})).res.status).toBe(303);
    expect((await createAs(canbo, {}, "28873")).res.status).toBe(403);
    expect((await canbo.get("/communes/28873/feedback")).status).toBe(403);
    const leader = await loggedIn("huyen.cholach");
    expect((await createAs(leader, {})).res.status).toBe(403);
    expect((await (await loggedIn("so.nongnghiep")).get(`/communes/${VB}/feedback/new`)).status).toBe(403);
  });
});

describe("the department answers, the commune rates", () => {
  it("so.nongnghiep's inbox lists items routed to it, earliest deadline first, in few rows", async () => {
    const client = await loggedIn("so.nongnghiep");
    const res = await client.get(`/departments/${dept.SNNMT}/feedback`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Phản ánh chuyển đến Sở Nông nghiệp và Môi trường");
    expect(html).toContain("Xử lý nước thải trại heo");
    expect(html).not.toContain("Đèn đường ấp Vĩnh Bắc hư");
    expect(rowsRead(res)).toBeLessThan(150);
    expect((await client.get(`/departments/${dept.SXD}/feedback`)).status).toBe(403);
    expect((await client.get("/me/feedback")).headers.get("Location")).toBe(`/departments/${dept.SNNMT}/feedback`);
  });

  it("empty answer → 422 keeping the internal note; then answer, accept the rating, close", async () => {
    const staff = await loggedIn("xa.vinhbinh");
    const { id } = await createAs(staff, { categoryId: String(cat["Sản xuất nông nghiệp"]), title: "Giá phân bón tăng cao" });
    const so = await loggedIn("so.nongnghiep");
    const page = await so.get(`/feedback/${id}`);
    expect(page.status).toBe(200);
    const pageHtml = await page.text();
    expect(pageHtml).toContain("Nhận xử lý");
    expect(pageHtml).toContain('id="form-answer"');

    const empty = await so.post(`/feedback/${id}/answer`, { publicAnswer: "   ", internalNote: "Ghi chú nội bộ giữ lại", version: "1" }, { htmx: true });
    expect(empty.status).toBe(422);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain("Vui lòng nhập nội dung trả lời.");
    expect(emptyHtml).toContain("Ghi chú nội bộ giữ lại");
    expect(emptyHtml).toMatch(/^<form id="form-answer"/);
    expect((await item(id)).status).toBe("routed");

    expect((await so.post(`/feedback/${id}/accept`, { version: "1" })).status).toBe(303);
    expect((await item(id)).status).toBe("in_progress");
    const ok = await so.post(`/feedback/${id}/answer`, { publicAnswer: "Sở đã làm việc với đại lý; giá bình ổn từ tháng sau.", internalNote: "Theo dõi giá hằng tuần.", version: "2" }, { htmx: true });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("HX-Redirect")).toBe(`/feedback/${id}`);
    const answered = await item(id);
    expect(answered).toMatchObject({ status: "answered", publicAnswer: "Sở đã làm việc với đại lý; giá bình ổn từ tháng sau.", internalNote: "Theo dõi giá hằng tuần.", version: 3 });
    expect(answered.answeredAt).toBeTruthy();
    const staffNotes = await testDb().select().from(notifications).where(eq(notifications.userId, await userId("xa.vinhbinh"))).all();
    expect(staffNotes.some((n) => n.link === `/feedback/${id}` && n.kind === "feedback.answer")).toBe(true);

    // The locality sees the public answer, never the internal note.
    const seen = await (await staff.get(`/feedback/${id}`)).text();
    expect(seen).toContain("Sở đã làm việc với đại lý");
    expect(seen).not.toContain("Theo dõi giá hằng tuần.");
    expect(seen).toContain("Đánh giá câu trả lời");
    // Leaders read it all, act on nothing.
    const leaderView = await (await loggedIn("lanhdao")).get(`/feedback/${id}`);
    const leaderHtml = await leaderView.text();
    expect(leaderHtml).toContain("Theo dõi giá hằng tuần.");
    expect(leaderHtml).not.toContain('class="stack action-form');

    // A department may not rate (403); a rating out of range is 422.
    expect((await so.post(`/feedback/${id}/rate`, { rating: "5", version: "3" })).status).toBe(403);
    const bad = await staff.post(`/feedback/${id}/rate`, { rating: "9", comment: "Nhận xét giữ lại", version: "3" });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Vui lòng chọn mức đánh giá từ 1 đến 5.");
    expect(badHtml).toContain("Nhận xét giữ lại");
    expect((await staff.post(`/feedback/${id}/rate`, { rating: "5", comment: "Cảm ơn Sở.", version: "3" })).status).toBe(303);
    expect(await item(id)).toMatchObject({ status: "closed", rating: 5 });
    const events = await testDb().select().from(feedbackEvents).where(eq(feedbackEvents.feedbackId, id)).all();
    expect(events.map((e) => e.kind)).toEqual(["created", "routed", "accept", "answer", "rate"]);
    expect(events.at(-1)!.text).toBe("5/5 — Cảm ơn Sở.");

    // Impossible now: 409 with a Vietnamese message; the item is unchanged.
    const again = await so.post(`/feedback/${id}/answer`, { publicAnswer: "Trả lời lại", version: "4" });
    expect(again.status).toBe(409);
    const againHtml = await again.text();
    expect(againHtml).toContain("khi phản ánh đang ở trạng thái “Đã đóng”");
    expect(againHtml).toContain("Trả lời lại");
    expect((await item(id)).version).toBe(4);
  });

  it("a stale version gets 409 with the newer state, keeping the typed answer", async () => {
    const staff = await loggedIn("xa.vinhbinh");
    const { id } = await createAs(staff, { categoryId: String(cat["Môi trường"]), title: "Khói đốt rơm rạ" });
    const so = await loggedIn("so.nongnghiep");
    expect((await so.post(`/feedback/${id}/accept`, { version: "1" })).status).toBe(303);
    const stale = await so.post(`/feedback/${id}/answer`, { publicAnswer: "Câu trả lời soạn trên trang cũ", version: "1" }, { htmx: true });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain("vừa được người khác cập nhật");
    expect(html).toContain("Câu trả lời soạn trên trang cũ");
    expect(html).toContain('name="version" value="2"');
    expect((await item(id)).status).toBe("in_progress");
  });

  it("departments see only items routed to them; other communes' staff see nothing of Vĩnh Bình", async () => {
    const staff = await loggedIn("xa.vinhbinh");
    const { id } = await createAs(staff, {});
    const db = testDb();
    const province = (await unitByCode(db, "83"))!;
    const admin = (await db.select().from(users).where(eq(users.username, "admin")).get())!;
    const sonDinh = (await unitByCode(db, "28876"))!;
    await db.insert(users).values([
      { username: "so.yte", displayName: "Sở Y tế", passwordHash: admin.passwordHash, passwordSalt: admin.passwordSalt, passwordIterations: admin.passwordIterations, role: "department", unitId: province.id, departmentId: dept.SYT, isDemo: true },
      { username: "xa.sondinh", displayName: "Cán bộ xã Sơn Định", passwordHash: admin.passwordHash, passwordSalt: admin.passwordSalt, passwordIterations: admin.passwordIterations, role: "commune_staff", unitId: sonDinh.id, isDemo: true },
    ]);
    const yte = await loggedIn("so.yte");
    expect((await yte.get(`/feedback/${id}`)).status).toBe(403);
    expect((await yte.post(`/feedback/${id}/answer`, { publicAnswer: "x", version: "1" })).status).toBe(403);
    const sonDinhStaff = await loggedIn("xa.sondinh");
    expect((await sonDinhStaff.get(`/feedback/${id}`)).status).toBe(403);
    expect((await sonDinhStaff.get(`/communes/${VB}/feedback`)).status).toBe(403);
    // The cadre assigned to Vĩnh Bình reads it and may follow up, but may not answer.
    const canbo = await loggedIn("canbo");
    expect((await canbo.get(`/feedback/${id}`)).status).toBe(200);
    expect((await canbo.post(`/feedback/${id}/answer`, { publicAnswer: "x", version: "1" })).status).toBe(403);
  });
});

describe("routing, returning and re-routing keep the history", () => {
  it("admin routes a new item; the department returns it; admin re-routes; follow-up goes to the department", async () => {
    const staff = await loggedIn("xa.vinhbinh");
    const { id } = await createAs(staff, { categoryId: String(cat["Khác"]), title: "Vay vốn sửa nhà" });
    const admin = await loggedIn("admin");
    // Unknown department and a past due date are refused (422), nothing changes.
    const unknown = await admin.post(`/feedback/${id}/route`, { departmentId: "99999", note: "ghi chú", version: "1" }, { htmx: true });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain("Sở, ngành không tồn tại trong danh sách của tỉnh.");
    const past = await admin.post(`/feedback/${id}/route`, { departmentId: String(dept.SNNMT), dueDate: "2020-05-01", version: "1" });
    expect(past.status).toBe(422);
    expect(await past.text()).toContain("Hạn trả lời không được trước ngày hôm nay.");
    expect((await item(id)).status).toBe("new");

    expect((await admin.post(`/feedback/${id}/route`, { departmentId: String(dept.SNNMT), version: "1" })).status).toBe(303);
    expect(await item(id)).toMatchObject({ status: "routed", departmentId: dept.SNNMT });
    const so = await loggedIn("so.nongnghiep");
    const noReason = await so.post(`/feedback/${id}/return`, { reason: "", version: "2" });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain("Vui lòng nêu lý do trả lại.");
    expect((await so.post(`/feedback/${id}/return`, { reason: "Thuộc Sở Tài chính.", version: "2" })).status).toBe(303);
    expect((await item(id)).status).toBe("returned");
    // Returned: the department can no longer answer (409).
    expect((await so.post(`/feedback/${id}/answer`, { publicAnswer: "x", version: "3" })).status).toBe(409);
    expect((await admin.post(`/feedback/${id}/route`, { departmentId: String(dept.STC), note: "Chuyển Sở Tài chính theo đề nghị.", version: "3" })).status).toBe(303);
    expect(await item(id)).toMatchObject({ status: "routed", departmentId: dept.STC });
    // Now Sở NN&MT no longer sees it.
    expect((await so.get(`/feedback/${id}`)).status).toBe(403);
    // Re-routing a routed item to the same department is refused; to another one is kept in the history.
    const same = await admin.post(`/feedback/${id}/route`, { departmentId: String(dept.STC), version: "4" });
    expect(same.status).toBe(422);
    expect((await admin.post(`/feedback/${id}/route`, { departmentId: String(dept.SCT), version: "4" })).status).toBe(303);
    const events = await testDb().select().from(feedbackEvents).where(eq(feedbackEvents.feedbackId, id)).all();
    expect(events.map((e) => [e.kind, e.departmentId])).toEqual([
      ["created", null],
      ["routed", dept.SNNMT],
      ["return", null],
      ["rerouted", dept.STC],
      ["rerouted", dept.SCT],
    ]);
    const html = await (await admin.get(`/feedback/${id}`)).text();
    expect(html).toContain("Thuộc Sở Tài chính.");
    expect(html).toMatch(/Chuyển lại đến<\/strong> Sở Tài chính/);
    expect(html).toMatch(/Chuyển lại đến<\/strong> Sở Công Thương/);

    // A follow-up comment by the commune needs no version and notifies the admins when the department has no users.
    const comment = await staff.post(`/feedback/${id}/comment`, { text: "Bổ sung: 12 hộ cần vay." });
    expect(comment.status).toBe(303);
    const adminNotes = await testDb().select().from(notifications).where(and(eq(notifications.userId, await userId("admin")), eq(notifications.kind, "feedback.comment"))).all();
    expect(adminNotes.some((n) => n.text.includes("Bổ sung: 12 hộ cần vay."))).toBe(true);
    const emptyComment = await staff.post(`/feedback/${id}/comment`, { text: "" });
    expect(emptyComment.status).toBe(422);
  });

  it("a follow-up on an item at Sở NN&MT reaches its users", async () => {
    const staff = await loggedIn("xa.vinhbinh");
    const { id } = await createAs(staff, { categoryId: String(cat["Sản xuất nông nghiệp"]), title: "Giống lúa mới" });
    expect((await staff.post(`/feedback/${id}/comment`, { text: "Xin thêm tài liệu hướng dẫn." })).status).toBe(303);
    const notes = await testDb().select().from(notifications).where(and(eq(notifications.userId, await userId("so.nongnghiep")), eq(notifications.kind, "feedback.comment"))).all();
    expect(notes.some((n) => n.link === `/feedback/${id}`)).toBe(true);
  });
});

describe("notifications inbox", () => {
  it("lists the user's notifications and marks them read", async () => {
    const so = await loggedIn("so.nongnghiep");
    const page = await so.get("/me/notifications");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/\d+ thông báo chưa đọc/);
    expect((await so.post("/me/notifications/read", {})).status).toBe(303);
    expect(await (await so.get("/me/notifications")).text()).toContain("Không có thông báo chưa đọc.");
    const unread = await testDb().select().from(notifications).where(eq(notifications.userId, await userId("so.nongnghiep"))).all();
    expect(unread.every((n) => n.readAt !== null)).toBe(true);
  });
});

describe("reports", () => {
  it("the leader sees the on-time rate per department and the overdue list", async () => {
    const leader = await loggedIn("lanhdao");
    const res = await leader.get("/reports/feedback");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Tỷ lệ trả lời đúng hạn theo sở, ngành");
    expect(html).toContain("Trạm y tế xã Sơn Định thiếu bác sĩ trực cuối tuần");
    expect(html).toContain("Sở Nông nghiệp và Môi trường");
    expect(rowsRead(res)).toBeLessThan(500);
  });

  it("a district leader reads the district's figures only; commune staff and departments get 403", async () => {
    const district = await loggedIn("huyen.cholach");
    const res = await district.get("/reports/feedback");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Phản ánh, kiến nghị: Huyện Chợ Lách");
    expect((await district.get("/reports/feedback?unit=83")).status).toBe(403);
    expect((await (await loggedIn("xa.vinhbinh")).get("/reports/feedback")).status).toBe(403);
    expect((await (await loggedIn("so.nongnghiep")).get("/reports/feedback")).status).toBe(403);
  });

  it("bad dates are 422 with a Vietnamese message", async () => {
    const leader = await loggedIn("lanhdao");
    const res = await leader.get("/reports/feedback?from=2026-12-01&to=2026-01-01");
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("“Từ ngày” phải trước “Đến ngày”.");
  });

  it("last month's digest exists from the demo, and the admin can rebuild a month", async () => {
    const month = (() => {
      const d = new Date(`${today().slice(0, 7)}-01T00:00:00Z`);
      d.setUTCDate(0);
      return d.toISOString().slice(0, 7);
    })();
    const admin = await loggedIn("admin");
    const page = await admin.get(`/reports/feedback/${month}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Theo sở, ngành");
    expect(html).toContain("Lập lại báo cáo tháng này");
    expect((await admin.post(`/reports/feedback/${month}/build`, {})).status).toBe(303);
    expect((await admin.post(`/reports/feedback/${today().slice(0, 7)}/build`, {})).status).toBe(422);
    expect((await (await loggedIn("lanhdao")).post(`/reports/feedback/${month}/build`, {})).status).toBe(403);
    const district = await (await loggedIn("huyen.cholach")).get(`/reports/feedback/${month}`);
    expect(district.status).toBe(200);
    expect(await district.text()).toContain("Số liệu tính tại thời điểm xem.");
  });
});

describe("admin: categories and holidays", () => {
  it("adds and edits a category; a duplicate name or an unknown department is 422", async () => {
    const admin = await loggedIn("admin");
    expect((await admin.post("/admin/feedback-categories", { name: "Văn hóa", defaultDepartmentId: String(dept.SVHTTDL), slaDays: "15", active: "1" })).status).toBe(303);
    const created = (await testDb().select().from(feedbackCategories).where(eq(feedbackCategories.name, "Văn hóa")).get())!;
    expect(created).toMatchObject({ slaDays: 15, defaultDepartmentId: dept.SVHTTDL, active: true });
    const dup = await admin.post("/admin/feedback-categories", { name: "y tế", slaDays: "10" });
    expect(dup.status).toBe(422);
    expect(await dup.text()).toContain("Đã có lĩnh vực cùng tên.");
    const badDept = await admin.post(`/admin/feedback-categories/${created.id}`, { name: "Văn hóa", defaultDepartmentId: "99999", slaDays: "15", active: "1" });
    expect(badDept.status).toBe(422);
    const badSla = await admin.post(`/admin/feedback-categories/${created.id}`, { name: "Văn hóa", slaDays: "0" });
    expect(badSla.status).toBe(422);
    expect(await badSla.text()).toContain("Thời hạn phải là số ngày làm việc từ 1 đến 60.");
    expect((await admin.post(`/admin/feedback-categories/${created.id}`, { name: "Văn hóa, thể thao", slaDays: "12" })).status).toBe(303);
    expect((await testDb().select().from(feedbackCategories).where(eq(feedbackCategories.id, created.id)).get())!).toMatchObject({ name: "Văn hóa, thể thao", slaDays: 12, active: false, defaultDepartmentId: null });
    expect((await (await loggedIn("lanhdao")).get("/admin/feedback-categories")).status).toBe(403);
  });

  it("adds and removes a holiday; a duplicate date is 422; deadlines follow the list", async () => {
    const admin = await loggedIn("admin");
    const page = await (await admin.get("/admin/holidays?year=2026")).text();
    expect(page).toContain("17/02/2026");
    expect(page).toContain("Nghỉ bù Giỗ Tổ Hùng Vương");
    expect((await admin.post("/admin/holidays", { date: "24/11/2027", name: "Ngày Văn hóa Việt Nam" })).status).toBe(303);
    const dup = await admin.post("/admin/holidays", { date: "2027-11-24", name: "Trùng" });
    expect(dup.status).toBe(422);
    expect(await dup.text()).toContain("Ngày này đã có trong danh sách");
    expect((await admin.post("/admin/holidays/2027-11-24/delete", {})).status).toBe(303);
    expect((await admin.post("/admin/holidays/2027-11-24/delete", {})).status).toBe(404);
    const defaults = await admin.post("/admin/holidays/defaults", {});
    expect(await defaults.text()).toContain("Danh sách đã đủ các ngày mặc định.");
  });
});

describe("rows read", () => {
  it("the item page stays small", async () => {
    const db = testDb();
    const vb = (await unitByCode(db, VB))!;
    const one = (await db.select().from(feedbackItems).where(and(eq(feedbackItems.unitId, vb.id), inArray(feedbackItems.status, ["answered", "closed"]))).get())!;
    const res = await (await loggedIn("xa.vinhbinh")).get(`/feedback/${one.id}`);
    expect(res.status).toBe(200);
    expect(rowsRead(res)).toBeLessThan(150);
  });
});
