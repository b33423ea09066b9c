// Inbox counts (issue 15): unread notifications in the menu, what waits on each role's home, "còn N ngày làm việc"
// / "quá hạn N ngày làm việc" in the feedback lists.
import { and, count, eq, inArray, lt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { loggedIn, seededDb, testDb } from "../factories";
import { feedbackItems, notifications, users } from "../../src/db/schema";
import { OPEN_STATUSES } from "../../src/domain/feedback";
import { vietnamDate } from "../../src/domain/clock";

beforeAll(async () => {
  await seededDb();
});

describe("inbox counts", () => {
  it("shows a user's unread notifications in the menu and on the home page; none once read", async () => {
    const db = testDb();
    const user = (await db.select().from(users).where(eq(users.username, "xa.vinhbinh")).get())!;
    await db.update(notifications).set({ readAt: new Date().toISOString() }).where(eq(notifications.userId, user.id));
    const client = await loggedIn("xa.vinhbinh");
    expect(await (await client.get("/")).text()).not.toContain('class="count"');
    for (const text of ["Phản ánh mới", "Phản ánh đã được trả lời"]) await db.insert(notifications).values({ userId: user.id, createdAt: new Date().toISOString(), kind: "test", text, link: null });
    const home = await (await client.get("/")).text();
    expect(home).toContain('<a href="/me/notifications">Thông báo<span class="count">2<span class="visually-hidden"> chưa đọc</span></span></a>');
    expect(home).toContain('popovertarget="menu">Menu<span class="count">2');
    expect(home).toContain("2 thông báo chưa đọc");
    await db.update(notifications).set({ readAt: new Date().toISOString() }).where(eq(notifications.userId, user.id));
    expect(await (await client.get("/")).text()).not.toContain('class="count"');
  });

  it("shows the department its open and overdue feedback on its home, equal to a count of its items", async () => {
    const db = testDb();
    const dept = (await db.select().from(users).where(eq(users.username, "so.nongnghiep")).get())!;
    const today = vietnamDate(new Date());
    const mine = and(eq(feedbackItems.departmentId, dept.departmentId!), inArray(feedbackItems.status, OPEN_STATUSES));
    const open = (await db.select({ n: count() }).from(feedbackItems).where(mine).get())!.n;
    const overdue = (await db.select({ n: count() }).from(feedbackItems).where(and(mine, lt(feedbackItems.dueDate, today))).get())!.n;
    expect(open).toBeGreaterThan(0);
    const home = await (await (await loggedIn("so.nongnghiep")).get("/")).text();
    expect(home).toContain(`${open} phản ánh đang chờ trả lời`);
    if (overdue) expect(home).toContain(`${overdue} phản ánh quá hạn`);
    else expect(home).not.toContain("phản ánh quá hạn");
  });

  it("says how many working days are left, or how many overdue, in the department's list", async () => {
    const client = await loggedIn("so.nongnghiep");
    const list = await client.get("/me/feedback");
    const html = await (await client.get(list.headers.get("Location")!)).text();
    const marks = [...html.matchAll(/(Còn \d+ ngày làm việc|Quá hạn \d+ ngày làm việc|Đến hạn hôm nay)<span class="date"> · hạn \d{2}\/\d{2}\/\d{4}<\/span>|Đến hạn hôm nay/g)];
    expect(marks.length).toBeGreaterThan(0);
  });
});
