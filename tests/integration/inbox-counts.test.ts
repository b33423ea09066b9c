// Inbox counts (issue 15): unread notifications in the menu, what waits on each role's home, "còn N ngày làm việc"
// / "quá hạn N ngày làm việc" in the feedback lists.
import { and, count, eq, gte, inArray, lt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { loggedIn, seededDb, testDb } from "../factories";
import { assignments, feedbackItems, notifications, units, users, visits } from "../../src/db/schema";
import { isActive } from "../../src/domain/assignments";
import { addDays } from "../../src/domain/working-days";
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

  it("shows a cadre the feedback they logged still open or overdue and the units they follow due a visit, equal to a recount", async () => {
    const db = testDb();
    const cadre = (await db.select().from(users).where(eq(users.username, "canbo")).get())!;
    const today = vietnamDate(new Date());
    // Two open items logged by the cadre, one past due (copies of an open item of the province).
    const [{ id: _, ...item }] = await db.select().from(feedbackItems).where(inArray(feedbackItems.status, OPEN_STATUSES)).limit(1).all();
    await db.insert(feedbackItems).values([
      { ...item, createdBy: cadre.id, dueDate: addDays(today, 5) },
      { ...item, createdBy: cadre.id, dueDate: addDays(today, -3) },
    ]);
    const mine = and(eq(feedbackItems.createdBy, cadre.id), inArray(feedbackItems.status, OPEN_STATUSES));
    const open = (await db.select({ n: count() }).from(feedbackItems).where(mine).get())!.n;
    const overdue = (await db.select({ n: count() }).from(feedbackItems).where(and(mine, lt(feedbackItems.dueDate, today))).get())!.n;
    expect(open).toBeGreaterThanOrEqual(2);
    expect(overdue).toBeGreaterThanOrEqual(1);
    // The recount of units due a visit: active assignments, no visit to the unit (a commune: any of its visits) in 60 days.
    const since = addDays(today, -60);
    const recount = async () => {
      const active = (await db.select({ a: assignments, u: units }).from(assignments).innerJoin(units, eq(units.id, assignments.unitId)).where(eq(assignments.cadreId, cadre.id)).all()).filter((r) => isActive(r.a, today));
      const dueUnits: (typeof units.$inferSelect)[] = [];
      for (const { u } of active) {
        const communeId = u.level === "hamlet" ? u.communeId! : u.id;
        const seen = (await db.select().from(visits).where(and(eq(visits.communeId, communeId), gte(visits.visitDate, since))).all()).filter((v) => u.level !== "hamlet" || v.unitId === u.id);
        if (seen.length === 0) dueUnits.push(u);
      }
      return { due: dueUnits.length, dueUnits };
    };
    const before = await recount();
    expect(before.due).toBeGreaterThan(0);
    const client = await loggedIn("canbo");
    let home = await (await client.get("/")).text();
    expect(home).toContain(`${open} phản ánh bạn ghi nhận đang chờ trả lời`);
    expect(home).toContain(`${overdue} phản ánh bạn ghi nhận quá hạn`);
    expect(home).toContain(`${before.due} địa bàn chưa đi cơ sở trong 60 ngày`);
    // A visit today to a commune the cadre follows and had not visited: one unit fewer is due.
    const commune = before.dueUnits.find((u) => u.level !== "hamlet")!;
    await db.insert(visits).values({ unitId: commune.id, communeId: commune.id, provinceId: commune.provinceId!, visitDate: today, participants: "Cán bộ", summary: "Thăm xã", createdBy: cadre.id });
    const after = await recount();
    expect(after.due).toBe(before.due - 1);
    home = await (await client.get("/")).text();
    if (after.due) expect(home).toContain(`${after.due} địa bàn chưa đi cơ sở trong 60 ngày`);
    else expect(home).not.toContain("chưa đi cơ sở");
  });

  it("shows a commune's staff the commune's open feedback and a leader the province's overdue items, equal to a recount", async () => {
    const db = testDb();
    const today = vietnamDate(new Date());
    const staff = (await db.select().from(users).where(eq(users.username, "xa.vinhbinh")).get())!;
    const commune = (await db.select().from(units).where(eq(units.code, "28879")).all()).find((u) => u.validTo === null)!;
    const open = (await db.select({ n: count() }).from(feedbackItems).where(and(eq(feedbackItems.unitId, commune.id), inArray(feedbackItems.status, OPEN_STATUSES))).get())!.n;
    expect(staff).toBeTruthy();
    const staffHome = await (await (await loggedIn("xa.vinhbinh")).get("/")).text();
    if (open) expect(staffHome).toContain(`${open} phản ánh đang chờ trả lời`);
    else expect(staffHome).not.toContain("phản ánh đang chờ trả lời");
    const overdue = (await db.select({ n: count() }).from(feedbackItems).where(and(eq(feedbackItems.provinceId, commune.provinceId!), inArray(feedbackItems.status, OPEN_STATUSES), lt(feedbackItems.dueDate, today))).get())!.n;
    expect(overdue).toBeGreaterThan(0);
    const leaderHome = await (await (await loggedIn("lanhdao")).get("/")).text();
    expect(leaderHome).toContain(`${overdue} phản ánh quá hạn`);
    expect(leaderHome).not.toContain("phản ánh đang chờ trả lời");
  });

  it("says how many working days are left, or how many overdue, in the department's list", async () => {
    const client = await loggedIn("so.nongnghiep");
    const list = await client.get("/me/feedback");
    const html = await (await client.get(list.headers.get("Location")!)).text();
    const marks = [...html.matchAll(/(Còn \d+ ngày làm việc|Quá hạn \d+ ngày làm việc|Đến hạn hôm nay)<span class="date"> · hạn \d{2}\/\d{2}\/\d{4}<\/span>|Đến hạn hôm nay/g)];
    expect(marks.length).toBeGreaterThan(0);
  });
});
