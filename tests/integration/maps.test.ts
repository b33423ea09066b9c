// Maps (issue 15 item 4) on the present demo (Tỉnh Vĩnh Long 86): the commune map on the leader's and the public
// progress pages, one linked shape per drawn commune, links that open; the page reads no extra D1 rows for it. Beside
// it, the leader page's table of the province's communes, shown 50 rows a page.
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNull } from "drizzle-orm";
import { Client, presentDb, testDb } from "../factories";
import { communeRollups, criteriaSets, units } from "../../src/db/schema";
import { refreshCommuneFigures } from "../../src/services/commune-figures";

beforeAll(async () => {
  await presentDb();
}, 240_000);

const rowsRead = (res: Response) => Number(/rows=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1]);
/** The communes of the open province 86 on the 2026–2030 xã set (the page's set): the linked shapes. */
async function counted(): Promise<{ on: string[]; off: string[] }> {
  const db = testDb();
  const set = (await db.select().from(criteriaSets).where(eq(criteriaSets.code, "QD51-2025-XA")).get())!;
  const province = (await db.select().from(units).where(and(eq(units.code, "86"), isNull(units.validTo))).get())!;
  const communes = await db.select({ code: units.code, setId: communeRollups.setId }).from(units).leftJoin(communeRollups, eq(communeRollups.unitId, units.id)).where(and(eq(units.parentId, province.id), eq(units.level, "commune"))).all();
  return { on: communes.filter((c) => c.setId === set.id).map((c) => c.code).sort(), off: communes.filter((c) => c.setId !== set.id).map((c) => c.code).sort() };
}
/**
 * Rows read (warm) by the two pages (same seed): the map adds no D1 read. 355 and 257 before issue 20 read the 124
 * communes from one packed row (services/commune-figures.ts) instead of a units row and a rollup row each.
 */
const ROWS_BEFORE = { leader: 117, public: 9 };
/** docs/benchmarks.md: a page's first load ≤ 60 KB gzip; the HTML alone stays well under it. */
const GZIP_BUDGET = 40_000;
async function gzipBytes(text: string): Promise<number> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}
const shapes = (map: string) => map.match(/<path /g)?.length ?? 0;
const mapOf = (html: string) => /<figure class="map" id="map-communes">[\s\S]*?<\/figure>/.exec(html)?.[0] ?? "";

describe("the commune map of Tỉnh Vĩnh Long", () => {
  it("is on the leader's progress page: 124 linked shapes, two views with legends, the table stays; a link opens the commune", async () => {
    const leader = new Client();
    await leader.login("lanhdao");
    await leader.get("/progress/86"); // warm: the figure below is a warm isolate's, whichever file seeded the demo
    const res = await leader.get("/progress/86");
    const html = await res.text();
    const map = mapOf(html);
    const gz = await gzipBytes(html);
    console.log(`/progress/86: ${html.length} bytes (${gz} gzip; without the map ${await gzipBytes(html.replace(map, ""))}), map ${map.length} bytes, rows read ${rowsRead(res)}`);
    expect(rowsRead(res)).toBe(ROWS_BEFORE.leader);
    expect(gz).toBeLessThan(GZIP_BUDGET);
    const links = [...map.matchAll(/<a href="\/progress\/(\d{5})"/g)].map((m) => m[1]);
    const { on, off } = await counted();
    expect(shapes(map)).toBe(124);
    expect(links.sort()).toEqual(on);
    expect(on.length + off.length).toBe(124);
    for (const code of off) expect(map).toMatch(new RegExp(`<g class="ex rx" data-code="${code}"><title>[^<]+: không tính theo bộ tiêu chí này</title>`));
    expect(map).toContain("Đánh giá");
    expect(map).toContain("Đã công nhận");
    expect(map).toMatch(/<title>Xã Phú Phụng: [^<]+<\/title>/);
    expect(html).toContain('id="table-units"');
    expect((await leader.get("/progress/28879")).status).toBe(200);
    expect(links).toContain("28879");
  });

  it("is on the public progress page with links to the communes' public pages", async () => {
    const anonymous = new Client();
    await anonymous.get("/public/progress/86");
    const res = await anonymous.get("/public/progress/86");
    const html = await res.text();
    const map = mapOf(html);
    const gz = await gzipBytes(html);
    console.log(`/public/progress/86: ${html.length} bytes (${gz} gzip; without the map ${await gzipBytes(html.replace(map, ""))}), map ${map.length} bytes, rows read ${rowsRead(res)}`);
    expect(rowsRead(res)).toBe(ROWS_BEFORE.public);
    expect(gz).toBeLessThan(GZIP_BUDGET);
    const links = [...map.matchAll(/<a href="(\/public\/progress\/\d{5})"/g)].map((m) => m[1]);
    expect(shapes(map)).toBe(124);
    expect(links.length).toBe((await counted()).on.length);
    expect((await anonymous.get(links[0])).status).toBe(200);
  });
});

/** The communes named in the units table's body (each row's first cell links to the commune's page). */
const tableCommunes = (html: string) => {
  const table = /<table id="table-units">[\s\S]*?<\/table>/.exec(html)?.[0] ?? "";
  return [...table.matchAll(/<th scope="row"><a href="\/progress\/(\d{5})">/g)].map((m) => m[1]);
};
const pagerOf = (html: string) => /<nav class="pager no-print" aria-label="Các trang của bảng: [^"]+">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? "";

describe("the communes table of Tỉnh Vĩnh Long", () => {
  it("shows 50 rows a page; the pages together hold every commune once; a filter or a sort starts again at page 1", async () => {
    const leader = new Client();
    await leader.login("lanhdao");
    const { on } = await counted();
    const pages = Math.ceil(on.length / 50);
    expect(pages).toBeGreaterThan(1);
    const seen: string[] = [];
    let href = "/progress/86";
    for (let page = 1; page <= pages; page++) {
      const html = await (await leader.get(href)).text();
      const rows = tableCommunes(html);
      expect(rows.length).toBe(page < pages ? 50 : on.length - 50 * (pages - 1));
      seen.push(...rows);
      const pager = pagerOf(html);
      expect(pager).toContain(`Trang ${page}/${pages}: dòng ${50 * (page - 1) + 1}–${50 * (page - 1) + rows.length} trong ${on.length}`);
      expect(pager.includes('rel="prev"')).toBe(page > 1);
      const next = /<a href="([^"]+)" rel="next">Trang sau →<\/a>/.exec(pager)?.[1];
      if (page < pages) href = next!.replace(/&amp;/g, "&");
      else expect(next).toBeUndefined();
    }
    expect(href).toBe(`/progress/86?p_units=${pages}#t-units`);
    expect(seen.sort()).toEqual(on);
    // Past the last page: the last page. Not a number: the first.
    expect(tableCommunes(await (await leader.get("/progress/86?p_units=999")).text()).length).toBe(on.length - 50 * (pages - 1));
    expect(tableCommunes(await (await leader.get("/progress/86?p_units=abc")).text())).toEqual(tableCommunes(await (await leader.get("/progress/86")).text()));
    // On page 2, the sort links and the filter form drop the page; the filter finds a commune of any page.
    const second = await (await leader.get("/progress/86?p_units=2")).text();
    const units = /<div class="report-table" id="t-units">[\s\S]*?<table/.exec(second)![0];
    expect(units).not.toMatch(/name="p_units"/);
    const table = /<table id="table-units">[\s\S]*?<\/thead>/.exec(second)![0];
    expect(table).toContain("s_units=");
    expect(table).not.toContain("p_units=");
    const filtered = await (await leader.get("/progress/86?p_units=2&f_units=phu%20phung")).text();
    expect(tableCommunes(filtered)).toEqual(["28879"]);
    expect(pagerOf(filtered)).toBe("");
  });
});

describe("a province page read again after a write", () => {
  it("draws the map, the table and the counts by level from the new figures (what the isolate keeps is keyed by the figures' text)", async () => {
    const leader = new Client();
    await leader.login("lanhdao");
    const db = testDb();
    const phuPhung = (await db.select().from(units).where(and(eq(units.code, "28879"), isNull(units.validTo))).get())!;
    const titleOf = async () => /<a href="\/progress\/28879"[^>]*><title>([^<]+)<\/title>/.exec(await (await leader.get("/progress/86?f_units=phu%20phung")).text())?.[1];
    const rowOf = async () => /<tr><th scope="row"><a href="\/progress\/28879">Xã Phú Phụng<\/a> <\/th>([\s\S]*?)<\/tr>/.exec(await (await leader.get("/progress/86?f_units=phu%20phung")).text())?.[1];
    const levelsOf = async () => /<table id="table-levels">[\s\S]*?<\/table>/.exec(await (await leader.get("/progress/86")).text())?.[0];
    const before = await titleOf();
    await titleOf(); // twice: the second from what the isolate kept
    const rowBefore = await rowOf();
    const levelsBefore = await levelsOf();
    const rollup = (await db.select().from(communeRollups).where(eq(communeRollups.unitId, phuPhung.id)).get())!;
    const other = rollup.levelReached === "NTM" ? null : "NTM";
    await db.batch([db.update(communeRollups).set({ levelReached: other, criteriaMetBase: rollup.criteriaMetBase + 1 }).where(eq(communeRollups.unitId, phuPhung.id)), refreshCommuneFigures(db, phuPhung.id)]);
    const after = await titleOf();
    expect(after).not.toBe(before);
    expect(after).toMatch(other ? /^Xã Phú Phụng: NTM \(đánh giá\)/ : /^Xã Phú Phụng: Chưa đạt/);
    const rowAfter = await rowOf();
    expect(rowAfter).not.toBe(rowBefore);
    expect(rowAfter).toContain(`<td class="num">${rollup.criteriaMetBase + 1} </td>`);
    // The province's counts by level, from the same communes, moved with it.
    expect(await levelsOf()).not.toBe(levelsBefore);
  });
});
