// Issue 20: the feedback report from counters kept on write (feedback_counts). The figures equal the former computation
// over the items (digestItems + buildDigest, kept here as the oracle) for many periods after every kind of write, the
// report reads a bounded number of rows whatever the years of history, and rollups:check finds and repairs a tampered
// counter.
import { env } from "cloudflare:workers";
import { and, eq, gte, isNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, meteredD1, newMeter } from "../../src/db/client";
import { departments, feedbackCategories, feedbackCounts, feedbackItems, users, type Unit } from "../../src/db/schema";
import { vnDateOf } from "../../src/domain/clock";
import { buildDigest, type Party } from "../../src/domain/feedback";
import type { Actor } from "../../src/domain/permissions";
import { addDays, vnMidnightUtc } from "../../src/domain/working-days";
import { applyTransition, createFeedback, getItem, listCategories, listProvinceDepartments, type Ctx, type TransitionInput } from "../../src/services/feedback";
import { feedbackCountDifferences, rebuildFeedbackCounts } from "../../src/services/feedback-counts";
import { periodFigures } from "../../src/services/feedback-queries";
import { getUnit, unitByCode, unitRef } from "../../src/services/units";
import { loggedIn, seededDb, testDb } from "../factories";

type Db = Awaited<ReturnType<typeof seededDb>>;
const VB = "28879";
const rowsRead = (res: Response) => Number(/rows=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? NaN);
const keyOf = (html: string) => /name="_key" value="([^"]+)"/.exec(html)?.[1] ?? "";

/** The former read (digestItems): the items received by the period's end and not answered before its start. */
async function digestItems(db: Db, provinceId: number, from: string, to: string, districtId: number | null) {
  const received = and(eq(feedbackItems.provinceId, provinceId), sql`${feedbackItems.receivedAt} < ${vnMidnightUtc(addDays(to, 1))}`, districtId ? eq(feedbackItems.districtId, districtId) : undefined);
  const [open, answered] = await Promise.all([
    db.select().from(feedbackItems).where(and(received, isNull(feedbackItems.answeredAt))).all(),
    db.select().from(feedbackItems).where(and(received, gte(feedbackItems.answeredAt, vnMidnightUtc(from)))).all(),
  ]);
  return [...open, ...answered].map((r) => ({ departmentId: r.departmentId, categoryId: r.categoryId, receivedDate: vnDateOf(r.receivedAt), dueDate: r.dueDate, answeredDate: r.answeredAt ? vnDateOf(r.answeredAt) : null, rating: r.rating }));
}

/** The oracle: buildDigest over those items. */
async function oracle(db: Db, provinceId: number, from: string, to: string, districtId: number | null) {
  const [items, depts, cats] = await Promise.all([digestItems(db, provinceId, from, to, districtId), listProvinceDepartments(db, provinceId), listCategories(db, provinceId)]);
  return buildDigest({ from, to, dayAfter: addDays(to, 1) }, items, { departments: new Map(depts.map((d) => [d.id, d.name])), categories: new Map(cats.map((c) => [c.id, c.name])) });
}

let seed = 20;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)];

/** Periods: fixed ones (one day, across years, the past, this year) and random ones between 2023 and 2027. */
function periods(): [string, string][] {
  const fixed: [string, string][] = [
    ["2024-03-15", "2024-03-15"],
    ["2023-12-20", "2024-01-10"],
    ["2024-01-01", "2026-12-31"],
    ["2025-06-30", "2025-07-01"],
    ["2026-01-01", vnDateOf(new Date().toISOString())],
    ["2020-01-01", "2020-12-31"],
  ];
  const random40 = Array.from({ length: 40 }, (): [string, string] => {
    const a = addDays("2023-01-01", Math.floor(random() * 1_600));
    return [a, addDays(a, Math.floor(random() * (random() < 0.3 ? 3 : 500)))];
  });
  return [...fixed, ...random40];
}

async function expectFiguresEqual(db: Db, provinceId: number, districtId: number | null, label: string) {
  for (const [from, to] of periods()) {
    expect(await periodFigures(db, provinceId, from, to, districtId), `${label}: ${from} → ${to}`).toEqual(await oracle(db, provinceId, from, to, districtId));
  }
}

let province: Unit;
let commune: Unit;
let dept: Record<string, number> = {};
let cat: Record<string, number> = {};
const actors: Record<string, Actor> = {};

beforeAll(async () => {
  const db = await seededDb();
  province = (await unitByCode(db, "83"))!;
  commune = (await unitByCode(db, VB))!;
  dept = Object.fromEntries((await db.select().from(departments).where(eq(departments.provinceId, province.id)).all()).map((d) => [d.code, d.id]));
  cat = Object.fromEntries((await db.select().from(feedbackCategories).where(eq(feedbackCategories.provinceId, province.id)).all()).map((c) => [c.name, c.id]));
  for (const username of ["admin", "so.nongnghiep", "xa.vinhbinh"]) {
    const u = (await db.select().from(users).where(eq(users.username, username)).get())!;
    actors[username] = { id: u.id, role: u.role, scope: unitRef((await getUnit(db, u.unitId))!), departmentId: u.departmentId };
  }
});

describe("feedback figures from the counters kept on write", () => {
  it("equal the digest over the items for many periods after writes on many days through the services", async () => {
    const db = testDb();
    const ctxAt = (day: string): Ctx => ({ nowIso: `${addDays(day, -1)}T${String(17 + Math.floor(random() * 7)).padStart(2, "0")}:30:00.000Z`, today: day, holidays: new Set(), ip: null });
    const step = async (id: number, who: string, parties: Party[], input: TransitionInput, day: string) => {
      const item = (await getItem(db, id))!;
      return applyTransition(db, actors[who], item, parties, input, item.version, ctxAt(day));
    };
    const cats = ["Hạ tầng giao thông", "Sản xuất nông nghiệp", "Môi trường", "Y tế", "Khác"];
    const depts = ["SNNMT", "SXD", "STC", "SCT", "SYT"];
    // 60 items over three years: some answered early, some late, some never; routed, re-routed, returned, rated, closed.
    for (let k = 0; k < 60; k++) {
      const day = addDays("2023-11-20", k * 19 + Math.floor(random() * 10));
      const category = pick(cats);
      const created = await createFeedback(
        db,
        actors["xa.vinhbinh"],
        { commune, hamlet: null, source: "commune", visitConcernId: null, criterionId: null, categoryId: cat[category], departmentId: null, title: `Phản ánh ${k}`, content: "Nội dung", dueDate: random() < 0.2 ? addDays(day, 3) : null },
        ctxAt(day),
      );
      expect(created.ok).toBe(true);
      const id = created.ok ? created.id : 0;
      let at = day;
      const later = (n: number) => (at = addDays(at, n));
      if (created.ok && created.status === "new") expect((await step(id, "admin", ["coordinator"], { action: "route", departmentId: dept[pick(depts)], dueDate: null, note: "" }, later(1))).ok).toBe(true);
      if (random() < 0.3) {
        const current = (await getItem(db, id))!.departmentId;
        const to = dept[pick(depts.filter((d) => dept[d] !== current))];
        expect((await step(id, "admin", ["coordinator"], { action: "reroute", departmentId: to, dueDate: random() < 0.5 ? addDays(at, 20) : null, note: "" }, later(2))).ok).toBe(true);
      }
      if (random() < 0.2) {
        expect((await step(id, "so.nongnghiep", ["department"], { action: "return", reason: "Không thuộc thẩm quyền." }, later(1))).ok).toBe(true);
        if (random() < 0.5) continue; // left returned (open)
        expect((await step(id, "admin", ["coordinator"], { action: "route", departmentId: dept[pick(depts)], dueDate: addDays(at, 5 + Math.floor(random() * 20)), note: "" }, later(1))).ok).toBe(true);
      }
      if (random() < 0.15) continue; // never answered
      if (random() < 0.5) expect((await step(id, "so.nongnghiep", ["department"], { action: "accept" }, later(1))).ok).toBe(true);
      // On time or late (up to 40 days after).
      expect((await step(id, "so.nongnghiep", ["department"], { action: "answer", publicAnswer: "Đã xử lý.", internalNote: "" }, later(Math.floor(random() * 40)))).ok).toBe(true);
      const r = random();
      if (r < 0.5) expect((await step(id, "xa.vinhbinh", ["sender"], { action: "rate", rating: 1 + Math.floor(random() * 5), comment: "" }, later(Math.floor(random() * 5)))).ok).toBe(true);
      else if (r < 0.7) expect((await step(id, "admin", ["coordinator"], { action: "close", note: "" }, later(3))).ok).toBe(true);
    }
    // Two answers of the same item at once: one wins (the other is stale), counted once.
    const open = await createFeedback(db, actors["xa.vinhbinh"], { commune, hamlet: null, source: "commune", visitConcernId: null, criterionId: null, categoryId: cat["Y tế"], departmentId: dept.SYT, title: "Song song", content: "x", dueDate: null }, ctxAt("2025-02-03"));
    const id = open.ok ? open.id : 0;
    const item = (await getItem(db, id))!;
    const both = await Promise.all(
      ["2025-02-10", "2025-03-20"].map((day) => applyTransition(db, actors["so.nongnghiep"], item, ["department"], { action: "answer", publicAnswer: "Trả lời", internalNote: "" }, item.version, ctxAt(day))),
    );
    expect(both.filter((o) => o.ok)).toHaveLength(1);
    await expectFiguresEqual(db, province.id, null, "tỉnh");
    await expectFiguresEqual(db, province.id, commune.districtId, "huyện");
    expect(await feedbackCountDifferences(db, province.id)).toEqual([]);
  });

  it("equal the digest after today's writes through the routes: a repeated create, concurrent answers, return, re-route, rate", async () => {
    const db = testDb();
    const xa = await loggedIn("xa.vinhbinh");
    const so = await loggedIn("so.nongnghiep");
    const admin = await loggedIn("admin");
    const key = keyOf(await (await xa.get(`/communes/${VB}/feedback/new`)).text());
    const form = { _key: key, title: "Cống thoát nước tắc", content: "Nước ngập khi mưa.", categoryId: String(cat["Sản xuất nông nghiệp"]) };
    const first = await xa.post(`/communes/${VB}/feedback`, form);
    const second = await xa.post(`/communes/${VB}/feedback`, form);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    const url = first.headers.get("Location")!;
    // Two answers sent at once with the same version: one is saved.
    const answers = await Promise.all([so.post(`${url}/answer`, { publicAnswer: "Một", version: "1" }), so.post(`${url}/answer`, { publicAnswer: "Hai", version: "1" })]);
    expect(answers.map((r) => r.status).sort()).toEqual([303, 409]);
    expect((await xa.post(`${url}/rate`, { rating: "4", comment: "", version: "2" })).status).toBe(303);
    // Another: returned, routed elsewhere with a later due date, re-routed.
    const other = await xa.post(`/communes/${VB}/feedback`, { _key: keyOf(await (await xa.get(`/communes/${VB}/feedback/new`)).text()), title: "Sạt lở bờ kênh", content: "Bờ kênh sạt.", categoryId: String(cat["Sản xuất nông nghiệp"]) });
    const url2 = other.headers.get("Location")!;
    expect((await so.post(`${url2}/return`, { reason: "Thuộc Sở Xây dựng.", version: "1" })).status).toBe(303);
    expect((await admin.post(`${url2}/route`, { departmentId: String(dept.SXD), dueDate: "", note: "", version: "2" })).status).toBe(303);
    expect((await admin.post(`${url2}/route`, { departmentId: String(dept.SNNMT), note: "", version: "3" })).status).toBe(303);
    expect((await so.post(`${url2}/answer`, { publicAnswer: "Đã gia cố.", version: "4" })).status).toBe(303);
    expect((await admin.post(`${url2}/close`, { note: "", version: "5" })).status).toBe(303);
    await expectFiguresEqual(db, province.id, null, "tỉnh");
    await expectFiguresEqual(db, province.id, commune.districtId, "huyện");
    expect(await feedbackCountDifferences(db, province.id)).toEqual([]);
  });

  it("rollups check finds a tampered or missing counter, and the repair puts it right", async () => {
    const db = testDb();
    expect(await feedbackCountDifferences(db, province.id)).toEqual([]);
    await env.DB.prepare("update feedback_counts set received = received + 2 where rowid = (select min(rowid) from feedback_counts where province_id = ? and grain = 'd')").bind(province.id).run();
    await env.DB.prepare("delete from feedback_counts where rowid = (select max(rowid) from feedback_counts where province_id = ? and grain = 'y')").bind(province.id).run();
    const found = await feedbackCountDifferences(db, province.id);
    expect(found).toHaveLength(2);
    expect(found.join("\n")).toMatch(/\|d\|.*received (\d+) ≠/);
    await rebuildFeedbackCounts(db, province.id);
    expect(await feedbackCountDifferences(db, province.id)).toEqual([]);
    await expectFiguresEqual(db, province.id, null, "sau khi sửa");
    // Items written while the repair runs are not lost (a repair whose read went stale is done again).
    const ctx: Ctx = { nowIso: new Date().toISOString(), today: vnDateOf(new Date().toISOString()), holidays: new Set(), ip: null };
    const input = { commune, hamlet: null, source: "commune" as const, visitConcernId: null, criterionId: null, categoryId: cat["Y tế"], departmentId: null, title: "Trong lúc sửa", content: "x", dueDate: null };
    await Promise.all([rebuildFeedbackCounts(db, province.id), ...Array.from({ length: 4 }, () => createFeedback(db, actors["xa.vinhbinh"], input, ctx))]);
    expect(await feedbackCountDifferences(db, province.id)).toEqual([]);
  });
});

/** `years` years of items before today, ~`perYear` a year, inserted directly (as an import would), then the repair. */
async function addHistory(years: number, perYear: number, endYear: number) {
  const cats = (await testDb().select().from(feedbackCategories).where(eq(feedbackCategories.provinceId, province.id)).all()).map((c) => [c.id, c.defaultDepartmentId] as const);
  const creator = actors["xa.vinhbinh"].id;
  const rows: unknown[][] = [];
  for (let y = 0; y < years; y++) {
    for (let i = 0; i < perYear; i++) {
      const received = addDays(`${endYear - y}-01-01`, Math.floor((i * 365) / perYear));
      const [categoryId, departmentId] = cats[i % cats.length];
      const answered = i % 23 === 0 ? null : addDays(received, i % 19);
      rows.push([province.id, commune.id, commune.districtId, categoryId, departmentId, answered ? "closed" : "in_progress", `${received}T02:00:00.000Z`, addDays(received, 14), answered ? `${answered}T03:00:00.000Z` : null, answered && i % 3 ? 1 + (i % 5) : null, creator]);
    }
  }
  for (let k = 0; k < rows.length; k += 2_000) {
    await env.DB.prepare(
      `insert into feedback_items (province_id, unit_id, district_id, source, category_id, department_id, title, content, status, received_at, sla_days, due_date, answered_at, rating, created_by)
       select value ->> '$[0]', value ->> '$[1]', value ->> '$[2]', 'commune', value ->> '$[3]', value ->> '$[4]', 'Lịch sử', 'Nội dung', value ->> '$[5]', value ->> '$[6]', 10, value ->> '$[7]', value ->> '$[8]', value ->> '$[9]', value ->> '$[10]'
       from json_each(?)`,
    )
      .bind(JSON.stringify(rows.slice(k, k + 2_000)))
      .run();
  }
  await rebuildFeedbackCounts(testDb(), province.id);
}

describe("the feedback report within its row budget whatever the history", () => {
  it("reads ≤ 1,000 rows for the year to date and for five years, and no more when the history doubles", async () => {
    const leader = await loggedIn("lanhdao");
    const today = vnDateOf(new Date().toISOString());
    const year = Number(today.slice(0, 4));
    const pages = async () => {
      const ytd = await leader.get("/reports/feedback");
      const five = await leader.get(`/reports/feedback?from=${encodeURIComponent(`31/12/${year - 5}`)}&to=${encodeURIComponent(`30/12/${year}`)}`);
      expect(ytd.status).toBe(200);
      expect(five.status).toBe(200);
      return { ytd: rowsRead(ytd), five: rowsRead(five) };
    };
    await addHistory(5, 1_500, year);
    const before = await pages();
    console.log(`feedback report, 5 years × 1,500 items: rows read year to date ${before.ytd}, five years ${before.five}`);
    expect(before.ytd).toBeLessThanOrEqual(1_000);
    expect(before.five).toBeLessThanOrEqual(1_000);
    await addHistory(5, 1_500, year - 5);
    const after = await pages();
    console.log(`feedback report, 10 years × 1,500 items: rows read year to date ${after.ytd}, five years ${after.five}`);
    expect(after.ytd).toBeLessThanOrEqual(1_000);
    expect(after.five).toBeLessThanOrEqual(1_000);
    // Only the year rows of the five older years are added (a row per year and key).
    expect(after.ytd).toBeLessThanOrEqual(before.ytd + 100);
    // The figures read the counters only: a few block rows per key, not the items.
    const meter = newMeter();
    await periodFigures(createDb(meteredD1(env.DB, meter)), province.id, `${year - 5}-12-31`, `${year}-12-30`);
    console.log(`periodFigures over five years: ${meter.rowsRead} rows read`);
    expect(meter.rowsRead).toBeLessThanOrEqual(600);
    expect(await periodFigures(testDb(), province.id, `${year - 5}-12-31`, `${year}-12-30`)).toEqual(await oracle(testDb(), province.id, `${year - 5}-12-31`, `${year}-12-30`, null));
    expect((await testDb().select({ n: sql<number>`count(*)` }).from(feedbackCounts).get())!.n).toBeGreaterThan(0);
  });
});
