// Issue 20: a commune's contributions, its feedback and an indicator's history are listed newest first a keyset page at a
// time ("Xem thêm"): the pages together list every row once, in order, each page reading about its own rows; a
// malformed page link is a 422. The contributions page's totals come from the rollups and count every pledge.
import { env } from "cloudflare:workers";
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { contributions, feedbackItems, indicatorValueHistory, indicatorValues } from "../../src/db/schema";
import { rebuildLedgerRollups } from "../../src/services/ledger-rollups";
import { unitByCode } from "../../src/services/units";
import { addPledge, loggedIn, seededDb, testDb, type Client } from "../factories";

const VB = "28879";
const rowsRead = (res: Response) => Number(/rows=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? NaN);
let communeId = 0;
let indicatorId = 0;
const at = (i: number) => new Date(Date.UTC(2024, 0, 1) + Math.floor(i / 2) * 86_400_000).toISOString();

beforeAll(async () => {
  const db = await seededDb();
  const commune = (await unitByCode(db, VB))!;
  communeId = commune.id;
  indicatorId = (await db.select().from(indicatorValues).where(eq(indicatorValues.unitId, communeId)).get())!.indicatorId;
  await addPledge(VB, "Nhà tài trợ trang");
  // 230 more rows of each, two per day (equal dates: the id breaks the tie).
  await env.DB.batch(
    Array.from({ length: 230 }, (_, i) => [
      env.DB.prepare(
        `insert into contributions (sponsor_id, commune_id, province_id, district_id, kind, amount, status, pledged_at, created_by)
         select (select min(id) from sponsors where province_id = u.province_id), u.id, u.province_id, u.district_id, 'money', ?, 'pledged', ?, 1 from units u where u.id = ?`,
      ).bind(1_000_000 * (i + 1), at(i).slice(0, 10), communeId),
      env.DB.prepare(
        `insert into feedback_items (province_id, unit_id, district_id, source, category_id, title, content, status, received_at, sla_days, due_date, created_by)
         select province_id, id, district_id, 'commune', (select min(id) from feedback_categories), ?, 'Nội dung', 'new', ?, 10, '2026-12-31', 1 from units where id = ?`,
      ).bind(`Trang ${i}`, at(i), communeId),
      env.DB.prepare("insert into indicator_value_history (unit_id, indicator_id, old_value, new_value, changed_at) values (?, ?, ?, ?, ?)").bind(communeId, indicatorId, String(i), String(i + 1), at(i)),
    ]).flat(),
  );
  await rebuildLedgerRollups(db, commune.provinceId!, "2026-01-01");
});

/** Follows "Xem thêm" from `path`, collecting `pick(html)` of each page; every page within `maxRows` rows read. */
async function walk(client: Client, path: string, pick: (html: string) => string[], maxRows: number) {
  const seen: string[] = [];
  let next: string | null = path;
  for (let page = 0; next && page < 20; page++) {
    const res = await client.get(next);
    expect(res.status, next).toBe(200);
    expect(rowsRead(res), next).toBeLessThanOrEqual(maxRows);
    const html = await res.text();
    seen.push(...pick(html));
    next = /<a href="([^"]+)">Xem thêm \(cũ hơn\)/.exec(html)?.[1]?.replaceAll("&amp;", "&") ?? null;
  }
  return seen;
}
const ids = (re: RegExp) => (html: string) => [...new Set([...html.matchAll(re)].map((m) => m[1]))];

describe("keyset pages, newest first", () => {
  it("a commune's contributions: every pledge once, in order; totals of all of them", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    const seen = await walk(xa, `/communes/${VB}/contributions`, ids(/href="\/contributions\/(\d+)"/g), 1000);
    const expected = await testDb().select({ id: contributions.id }).from(contributions).where(eq(contributions.communeId, communeId)).orderBy(desc(contributions.pledgedAt), desc(contributions.id)).all();
    expect(seen).toEqual(expected.map((r) => String(r.id)));
    const first = await (await xa.get(`/communes/${VB}/contributions`)).text();
    expect(first).toContain(`cam kết mới nhất (trong ${expected.length.toLocaleString("vi-VN")})`);
    expect((await xa.get(`/communes/${VB}/contributions?after=1'`)).status).toBe(422);
  });

  it("a commune's feedback: every item once, in order", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    const seen = await walk(xa, `/communes/${VB}/feedback?status=all`, ids(/href="\/feedback\/(\d+)"/g), 1000);
    const expected = await testDb().select({ id: feedbackItems.id }).from(feedbackItems).where(eq(feedbackItems.unitId, communeId)).orderBy(desc(feedbackItems.receivedAt), desc(feedbackItems.id)).all();
    expect(seen).toEqual(expected.map((r) => String(r.id)));
    expect((await xa.get(`/communes/${VB}/feedback?after=x`)).status).toBe(422);
  });

  it("an indicator's history: every change once", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    const seen = await walk(xa, `/communes/${VB}/indicators/${indicatorId}/history`, (html) => [...html.matchAll(/<strong>([^<]*)<\/strong><\/td>/g)].map((m) => m[1]), 1000);
    const all = await testDb().select().from(indicatorValueHistory).where(and(eq(indicatorValueHistory.unitId, communeId), eq(indicatorValueHistory.indicatorId, indicatorId))).all();
    expect(seen.length).toBe(all.length);
    expect(all.length).toBeGreaterThan(200);
  });
});
