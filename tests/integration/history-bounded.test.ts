import { env } from "cloudflare:workers";
import { and, eq, lt } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb, meteredD1, newMeter } from "../../src/db/client";
import { auditLog, feedbackCategories, feedbackItems, units, users } from "../../src/db/schema";
import { buildDigest } from "../../src/domain/feedback";
import { addDays, vnMidnightUtc } from "../../src/domain/working-days";
import { vnDateOf } from "../../src/domain/clock";
import { nextAuditCursor, searchAudit } from "../../src/services/audit-log";
import { listCategories, listProvinceDepartments } from "../../src/services/feedback";
import { overdueItems, periodFigures } from "../../src/services/feedback-queries";
import { rebuildFeedbackCounts } from "../../src/services/feedback-counts";
import { loggedIn, seededDb } from "../factories";

// Reports and lists must not grow with the years of history (issue 20): a page reads about its own rows.
const province = async (db: Awaited<ReturnType<typeof seededDb>>) => (await db.select().from(units).where(and(eq(units.code, "83"), eq(units.level, "province"))).get())!;

describe("audit log: an index per filter and keyset pages", () => {
  it("pages through one entity newest first, each page reading about its own rows, no row twice or missed", async () => {
    const db = await seededDb();
    const p = await province(db);
    const actor = (await db.select({ id: users.id }).from(users).where(eq(users.username, "admin")).get())!;
    // 1,500 rows of other entities (newer) and 450 of "bench_entity", several sharing one timestamp.
    const rows = Array.from({ length: 1_950 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 3) * 60_000).toISOString(),
      actorId: actor.id,
      action: i < 450 ? "bench.read" : "other.write",
      entity: i < 450 ? "bench_entity" : "other_entity",
      entityId: String(i),
      provinceId: p.id,
    }));
    const inserts = Array.from({ length: Math.ceil(rows.length / 14) }, (_, k) => db.insert(auditLog).values(rows.slice(k * 14, k * 14 + 14)));
    await db.batch(inserts as [(typeof inserts)[0], ...(typeof inserts)[0][]]);

    const seen: string[] = [];
    let before: { at: string; id: number } | undefined;
    for (let page = 0; page < 5; page++) {
      const meter = newMeter();
      const got = await searchAudit(createDb(meteredD1(env.DB, meter)), p.id, { entity: "bench_entity", before }, 200);
      // The rows of the page plus the joined users, not every audit row of the province.
      expect(meter.rowsRead).toBeLessThanOrEqual(2 * 200 + 5);
      seen.push(...got.map((r) => r.entityId!));
      const cursor = nextAuditCursor(got, 200);
      if (!cursor) break;
      before = { at: cursor.slice(0, cursor.lastIndexOf("_")), id: Number(cursor.slice(cursor.lastIndexOf("_") + 1)) };
    }
    expect(seen).toHaveLength(450);
    expect(new Set(seen).size).toBe(450);
    expect(seen[0]).toBe("449");
    expect(seen.at(-1)).toBe("0");
    // Same for an action filter.
    const meter = newMeter();
    expect(await searchAudit(createDb(meteredD1(env.DB, meter)), p.id, { action: "bench.read" }, 50)).toHaveLength(50);
    expect(meter.rowsRead).toBeLessThanOrEqual(2 * 50 + 5);
  });

  it("the page links to the next page, which continues where it ended; a forged cursor is a 422", async () => {
    await seededDb();
    const admin = await loggedIn("admin");
    const first = await (await admin.get("/admin/audit?entity=bench_entity")).text();
    const next = /href="(\/admin\/audit\?[^"]*before=[^"]+)"/.exec(first)![1].replaceAll("&amp;", "&");
    const second = await admin.get(next);
    expect(second.status).toBe(200);
    const html = await second.text();
    expect(html).toContain("dòng tiếp theo");
    expect(html).toContain(">249<");
    expect(html).not.toContain(">250<");
    const bad = await admin.get("/admin/audit?before=%27%20OR%201%3D1");
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Liên kết trang không hợp lệ");
  });
});

describe("feedback report: bounded by the period", () => {
  it("equals the digest over every item of the province, and does not read items answered before the period", async () => {
    const db = await seededDb();
    const p = await province(db);
    const [category] = await db.select().from(feedbackCategories).where(eq(feedbackCategories.provinceId, p.id)).all();
    const commune = (await db.select().from(units).where(eq(units.code, "28879")).get())!;
    const creator = (await db.select({ id: users.id }).from(users).where(eq(users.username, "canbo")).get())!;
    // Three years of closed items (answered within days) and a few open ones.
    const old = Array.from({ length: 400 }, (_, i) => {
      const received = Date.UTC(2023, 0, 1) + i * 2 * 86_400_000;
      return {
        provinceId: p.id,
        unitId: commune.id,
        districtId: commune.districtId,
        source: "visit" as const,
        categoryId: category.id,
        departmentId: category.defaultDepartmentId,
        title: "Kiến nghị cũ",
        content: "Nội dung",
        status: i % 50 === 0 ? ("in_progress" as const) : ("closed" as const),
        receivedAt: new Date(received).toISOString(),
        slaDays: 10,
        dueDate: new Date(received + 14 * 86_400_000).toISOString().slice(0, 10),
        answeredAt: i % 50 === 0 ? null : new Date(received + (i % 20) * 86_400_000).toISOString(),
        rating: i % 50 === 0 ? null : 3 + (i % 3),
        createdBy: creator.id,
      };
    });
    for (let i = 0; i < old.length; i += 5) await db.insert(feedbackItems).values(old.slice(i, i + 5));
    // Inserted directly, as an import would: the counters the report reads are rebuilt (rollups:check --repair).
    await rebuildFeedbackCounts(db, p.id);

    // The former read: every item received before the period's end (the oracle).
    const everyItem = async (from: string, to: string) => {
      const rows = await db.select().from(feedbackItems).where(and(eq(feedbackItems.provinceId, p.id), lt(feedbackItems.receivedAt, vnMidnightUtc(addDays(to, 1))))).all();
      const [depts, cats] = await Promise.all([listProvinceDepartments(db, p.id), listCategories(db, p.id)]);
      const items = rows.map((r) => ({ departmentId: r.departmentId, categoryId: r.categoryId, receivedDate: vnDateOf(r.receivedAt), dueDate: r.dueDate, answeredDate: r.answeredAt ? vnDateOf(r.answeredAt) : null, rating: r.rating }));
      return { digest: buildDigest({ from, to, dayAfter: addDays(to, 1) }, items, { departments: new Map(depts.map((d) => [d.id, d.name])), categories: new Map(cats.map((c) => [c.id, c.name])) }), read: rows.length };
    };
    for (const [from, to] of [["2023-03-01", "2023-03-31"], ["2024-06-01", "2024-06-30"], ["2025-01-01", "2025-03-31"], ["2026-11-01", "2026-11-30"]]) {
      const meter = newMeter();
      const figures = await periodFigures(createDb(meteredD1(env.DB, meter)), p.id, from, to);
      const oracle = await everyItem(from, to);
      expect(figures, `${from} → ${to}`).toEqual(oracle.digest);
      if (from >= "2025-01-01") expect(meter.rowsRead).toBeLessThan(oracle.read / 2);
    }
    // The overdue list beside it reads the open overdue items, not every item of the province.
    const meter = newMeter();
    const overdue = await overdueItems(createDb(meteredD1(env.DB, meter)), { provinceId: p.id, districtId: null }, "2026-11-27");
    expect(overdue.length).toBeGreaterThanOrEqual(8);
    expect(meter.rowsRead).toBeLessThan(old.length / 2);
  });
});

describe("sponsors list: keyset pages", () => {
  it("lists every sponsor of the province once across pages of 50, in name order; a forged cursor is a 422", async () => {
    const db = await seededDb();
    const p = await province(db);
    await env.DB.prepare(
      "insert into sponsors (province_id, kind, name, name_folded, public_consent, created_by) select ?, 'individual', 'Nhà tài trợ trang ' || value, 'nha tai tro trang ' || printf('%03d', value), 0, 1 from generate_series(1, 120)",
    )
      .bind(p.id)
      .run()
      .catch(async () => {
        // generate_series may be missing: insert in a loop instead.
        for (let i = 1; i <= 120; i++) await env.DB.prepare("insert into sponsors (province_id, kind, name, name_folded, public_consent, created_by) values (?, 'individual', ?, ?, 0, 1)").bind(p.id, `Nhà tài trợ trang ${i}`, `nha tai tro trang ${String(i).padStart(3, "0")}`).run();
      });
    const total = (await env.DB.prepare("select count(*) as n from sponsors where province_id = ?").bind(p.id).first<{ n: number }>())!.n;
    const admin = await loggedIn("admin");
    const seen: string[] = [];
    let path: string | null = "/sponsors";
    for (let page = 0; path && page < 10; page++) {
      const res = await admin.get(path);
      expect(res.status).toBe(200);
      const html = await res.text();
      seen.push(...[...html.matchAll(/<a href="\/sponsors\/(\d+)">/g)].map((m) => m[1]));
      path = /href="(\/sponsors\?[^"]*after=\d+)"/.exec(html)?.[1].replaceAll("&amp;", "&") ?? null;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect((await admin.get("/sponsors?after=abc")).status).toBe(422);
  });
});
