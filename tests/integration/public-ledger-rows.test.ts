// Issue 20: the public commune page reads a bounded number of rows whatever the commune's history: ≤ 150 warm with 300
// contributions from 250 sponsors, and no more after 300 more contributions from 250 more sponsors (rows read from the
// page's Server-Timing header, as the benchmark reads them).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { vnDateOf } from "../../src/domain/clock";
import { rebuildLedgerRollups } from "../../src/services/ledger-rollups";
import { unitByCode } from "../../src/services/units";
import { Client, seededDb, testDb } from "../factories";

const CODE = "28870";
const rowsRead = (res: Response) => Number(/rows=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? NaN);
let communeId = 0;
let provinceId = 0;
let districtId: number | null = null;
let added = 0;

/** `sponsors` new sponsors (3 in 5 consenting) and `pledges` contributions among them, some received, some cancelled. */
async function addHistory(sponsors: number, pledges: number) {
  const base = added;
  added += sponsors;
  await env.DB.batch(
    Array.from({ length: sponsors }, (_, i) =>
      env.DB.prepare("insert into sponsors (province_id, kind, name, name_folded, public_consent, created_by) values (?, 'business', ?, ?, ?, 1)").bind(provinceId, `Nhà tài trợ ${base + i}`, `nha tai tro ${base + i}`, (base + i) % 5 < 3 ? 1 : 0),
    ),
  );
  const first = ((await env.DB.prepare("select max(id) as id from sponsors").first()) as { id: number }).id - sponsors + 1;
  await env.DB.batch(
    Array.from({ length: pledges }, (_, i) => {
      const status = i % 7 === 0 ? "received" : i % 11 === 0 ? "cancelled" : "pledged";
      const amount = 1_000_000 * (1 + ((base + i) % 40));
      return env.DB.prepare(
        `insert into contributions (sponsor_id, commune_id, province_id, district_id, kind, amount, received_total, status, pledged_at, due_date, created_by)
         values (?, ?, ?, ?, 'money', ?, ?, ?, '2026-01-15', ?, 1)`,
      ).bind(first + (i % sponsors), communeId, provinceId, districtId, amount, status === "received" ? amount : 0, status, i % 3 === 0 ? "2026-06-30" : null);
    }),
  );
  await rebuildLedgerRollups(testDb(), provinceId, vnDateOf(new Date().toISOString()));
}

/** Rows read by the page: the first request (cold for this page's data) and the second (warm). */
async function pageRows() {
  const client = new Client();
  const cold = await client.get(`/public/communes/${CODE}`);
  expect(cold.status).toBe(200);
  const warm = await client.get(`/public/communes/${CODE}`);
  expect(warm.status).toBe(200);
  return { cold: rowsRead(cold), warm: rowsRead(warm) };
}

beforeAll(async () => {
  const db = await seededDb();
  const commune = (await unitByCode(db, CODE))!;
  communeId = commune.id;
  provinceId = commune.provinceId!;
  districtId = commune.districtId;
});

describe("the public commune page within its row budget", () => {
  it("reads ≤ 150 rows warm with 300 contributions from 250 sponsors, and no more with 300 more", async () => {
    await addHistory(250, 300);
    const before = await pageRows();
    console.log(`public commune page, 300 contributions / 250 sponsors: rows read cold ${before.cold}, warm ${before.warm}`);
    expect(before.warm).toBeLessThanOrEqual(150);
    expect(before.cold).toBeLessThanOrEqual(300);
    await addHistory(250, 300);
    const after = await pageRows();
    console.log(`public commune page, 600 contributions / 500 sponsors: rows read cold ${after.cold}, warm ${after.warm}`);
    expect(after.warm).toBeLessThanOrEqual(before.warm);
    expect(after.cold).toBeLessThanOrEqual(300);
    // The full list of named sponsors: each page reads about its own rows, the second as few as the first.
    const client = new Client();
    const list = await client.get(`/public/communes/${CODE}/sponsors`);
    const next = /<a href="([^"]+)">Xem thêm/.exec(await list.text())?.[1]?.replaceAll("&amp;", "&");
    expect(next).toBeTruthy();
    const second = await client.get(next!);
    expect(second.status).toBe(200);
    console.log(`named sponsors list: rows read page 1 ${rowsRead(list)}, page 2 ${rowsRead(second)}`);
    expect(rowsRead(list)).toBeLessThanOrEqual(150);
    expect(rowsRead(second)).toBeLessThanOrEqual(150);
  });

  it("stays within budget when the daily job has not moved as_of for a week while other communes' pledges fell due", async () => {
    // 400 open pledges of another commune of the province, due in the last week; the province's as_of eight days ago.
    const today = vnDateOf(new Date().toISOString());
    const dayBefore = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
    const other = (await env.DB.prepare("select id, district_id as d from units where province_id = ? and level = 'commune' and id <> ? limit 1").bind(provinceId, communeId).first()) as { id: number; d: number | null };
    const sponsor = ((await env.DB.prepare("select min(id) as id from sponsors where province_id = ?").bind(provinceId).first()) as { id: number }).id;
    await env.DB.batch(
      Array.from({ length: 400 }, (_, i) =>
        env.DB.prepare(
          `insert into contributions (sponsor_id, commune_id, province_id, district_id, kind, amount, received_total, status, pledged_at, due_date, created_by)
           values (?, ?, ?, ?, 'money', 1000000, 0, 'pledged', '2026-01-15', ?, 1)`,
        ).bind(sponsor, other.id, provinceId, other.d, dayBefore(1 + (i % 7))),
      ),
    );
    await rebuildLedgerRollups(testDb(), provinceId, dayBefore(8));
    const rows = await pageRows();
    console.log(`public commune page, as_of eight days old, 400 of another commune's pledges fell due since: rows read cold ${rows.cold}, warm ${rows.warm}`);
    expect(rows.warm).toBeLessThanOrEqual(150);
  });
});
