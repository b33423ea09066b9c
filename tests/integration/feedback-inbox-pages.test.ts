// Issue 20: a department's inbox reads a page of its earliest deadlines (keyset "Xem thêm") and counts its items up to a
// cap, so a department with a large backlog stays within the routine row budget; the pages together list every item once.
import { env } from "cloudflare:workers";
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { departments, feedbackItems } from "../../src/db/schema";
import { unitByCode } from "../../src/services/units";
import { loggedIn, seededDb, testDb } from "../factories";

const rowsRead = (res: Response) => Number(/rows=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? NaN);
let deptId = 0;

beforeAll(async () => {
  const db = await seededDb();
  const province = (await unitByCode(db, "83"))!;
  deptId = (await db.select().from(departments).where(and(eq(departments.provinceId, province.id), eq(departments.code, "SNNMT"))).get())!.id;
  // A backlog: 130 open items and 300 closed ones with earlier deadlines (the closed must not be walked), from 60 of
  // the province's communes in turn (a page of 50 names 50 communes) and its categories in turn.
  const insert = (status: string, i: number, due: string) =>
    env.DB.prepare(
      `insert into feedback_items (province_id, unit_id, district_id, source, category_id, department_id, title, content, status, received_at, sla_days, due_date, created_by)
       select province_id, id, district_id, 'commune',
         (select id from feedback_categories where province_id = ?1 order by id limit 1 offset ?2 % (select count(*) from feedback_categories where province_id = ?1)),
         ?3, ?4, 'Nội dung', ?5, '2026-01-05T02:00:00.000Z', 10, ?6, 1
       from units where province_id = ?1 and level = 'commune' order by id limit 1 offset ?7`,
    ).bind(province.id, i, deptId, `Tồn đọng ${status} ${String(i).padStart(3, "0")}`, status, due, i % 60);
  const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
  await env.DB.batch([
    ...Array.from({ length: 130 }, (_, i) => insert(i % 2 ? "routed" : "in_progress", i, day(100 + Math.floor(i / 3)))),
    ...Array.from({ length: 300 }, (_, i) => insert("closed", i, day(i % 90))),
  ]);
});

describe("department inbox pages", () => {
  it("reads ≤ 150 rows warm for a page of 50 items from 50 communes, and says there are more from the page's own 51st row", async () => {
    const client = await loggedIn("so.nongnghiep");
    await client.get(`/departments/${deptId}/feedback`);
    const warm = await client.get(`/departments/${deptId}/feedback`);
    expect(warm.status).toBe(200);
    const html = await warm.text();
    expect(rowsRead(warm)).toBeLessThanOrEqual(150);
    expect(new Set([...html.matchAll(/href="\/feedback\/(\d+)"/g)].map((m) => m[1])).size).toBe(50);
    expect(html).toContain("Hơn 50 phản ánh");
  });

  it("shows the first 50 by due date with a capped count, and the pages list every open item once, in order", async () => {
    const client = await loggedIn("so.nongnghiep");
    const first = await client.get(`/departments/${deptId}/feedback`);
    expect(first.status).toBe(200);
    expect(rowsRead(first)).toBeLessThanOrEqual(300);
    let html = await first.text();
    expect(html).toContain("Hơn 50 phản ánh");
    const expected = await testDb()
      .select({ id: feedbackItems.id, title: feedbackItems.title, due: feedbackItems.dueDate })
      .from(feedbackItems)
      .where(and(eq(feedbackItems.departmentId, deptId), inArray(feedbackItems.status, ["routed", "in_progress"])))
      .all();
    expected.sort((a, b) => a.due.localeCompare(b.due) || a.id - b.id);
    const seen: number[] = [];
    for (let page = 0; page < 10; page++) {
      seen.push(...[...html.matchAll(/href="\/feedback\/(\d+)"/g)].map((m) => Number(m[1])).filter((id, i, all) => all.indexOf(id) === i));
      const next = /href="(\/departments\/\d+\/feedback\?status=open&amp;after=[^"]+)"/.exec(html)?.[1]?.replaceAll("&amp;", "&");
      if (!next) break;
      const res = await client.get(next);
      expect(res.status).toBe(200);
      expect(rowsRead(res)).toBeLessThanOrEqual(300);
      html = await res.text();
    }
    expect(seen).toEqual(expected.map((r) => r.id));
    expect((await client.get(`/departments/${deptId}/feedback?after=hôm-qua`)).status).toBe(422);
  });
});
