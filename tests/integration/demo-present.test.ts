// The demo that `npm start` loads: Tỉnh Vĩnh Long (86) two-tier on the 2026–2030 set, with the 2021–2025
// archive of Bến Tre, Trà Vinh and the old Vĩnh Long; every demo account reaches its pages.
import { env } from "cloudflare:workers";
import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { Client, presentDb, testDb } from "../factories";
import { communeBindings, communeRollups, criteriaSets, dossiers, units, users } from "../../src/db/schema";
import { PRESENT_ACCOUNTS, proposedGroup } from "../../src/demo/present";
import { planProvince } from "../../src/domain/units";
import { importProvince } from "../../src/services/units";
import { crossMerger } from "../../src/services/succession";
import { carriedRecognitions } from "../../src/db/schema";

beforeAll(async () => {
  await presentDb();
}, 240_000);

const hrefs = (html: string) =>
  [...html.matchAll(/<a [^>]*href="(\/[^"#]*)"/g)].map((m) => m[1].replaceAll("&amp;", "&")).filter((h) => !h.startsWith("/logout") && !h.startsWith("//"));

describe("the present demo", () => {
  it("is Tỉnh Vĩnh Long, two-tier, 124 communes open today; the three old provinces closed on 30/06/2025", async () => {
    const db = testDb();
    const open = await db.select().from(units).where(and(eq(units.level, "province"), isNull(units.validTo))).all();
    expect(open.map((p) => [p.code, p.name, p.tiers])).toEqual([["86", "Tỉnh Vĩnh Long", 2]]);
    const closed = await db.select().from(units).where(and(eq(units.level, "province"), eq(units.validTo, "2025-06-30"))).all();
    expect(closed.map((p) => p.code).sort()).toEqual(["83", "84", "86"]);
    const communes = await db.select().from(units).where(and(eq(units.provinceId, open[0].id), eq(units.level, "commune"))).all();
    expect(communes.length).toBe(124);
    expect(communes.every((c) => c.validTo === null)).toBe(true);
    const openOld = await db.select().from(units).where(and(eq(units.level, "commune"), eq(units.validFrom, "2025-03-01"), isNull(units.validTo))).all();
    expect(openOld).toEqual([]);
  });

  it("binds every xã of 86 to the 2026–2030 set by its commune group, and Bến Tre's 2021–2025 checklists stay in the archive", async () => {
    const db = testDb();
    const [qd51, qd318] = await Promise.all(["QD51-2025-XA", "QD318-2022-XA"].map(async (code) => (await db.select().from(criteriaSets).where(eq(criteriaSets.code, code)).get())!));
    const present = (await db.select().from(units).where(and(eq(units.code, "86"), isNull(units.validTo))).get())!;
    const xa = await db.select().from(units).where(and(eq(units.provinceId, present.id), eq(units.kind, "xa"))).all();
    const bindings = await db.select().from(communeBindings).where(eq(communeBindings.setId, qd51.id)).all();
    expect(bindings.length).toBe(xa.length);
    for (const b of bindings) expect(b.key).toBe(String(xa.find((c) => c.id === b.unitId)!.communeGroup));
    expect(new Set(xa.map((c) => c.communeGroup))).toEqual(new Set([1, 2]));
    const reached = await db.select().from(communeRollups).where(eq(communeRollups.setId, qd51.id)).all();
    const share = reached.filter((r) => r.levelReached).length / reached.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.7);
    const vinhBinh = (await db.select().from(units).where(and(eq(units.code, "28879"), eq(units.validTo, "2025-06-30"))).get())!;
    expect(vinhBinh.name).toBe("Xã Vĩnh Bình");
    const archived = (await db.select().from(communeRollups).where(eq(communeRollups.unitId, vinhBinh.id)).get())!;
    expect([archived.setId, archived.levelReached, archived.recognisedLevel]).toEqual([qd318.id, "NTM", "NTM"]);
  });

  it("proposes group 1 only for a xã that kept a 2025 thị trấn's code", () => {
    expect([proposedGroup("thi_tran"), proposedGroup("xa"), proposedGroup(undefined)]).toEqual([1, 2, 2]);
  });

  it("changes nothing when the README's import and succession commands run again", async () => {
    const db = testDb();
    const imported = await importProvince(db, planProvince(env.UNITS_2026, "86"));
    expect([imported.inserted, imported.updated]).toEqual([0, 0]);
    const crossed = await crossMerger(db, { units2025Csv: env.UNITS_2025, successionCsv: env.SUCCESSION_2025, province: "86" });
    expect(crossed.oldProvincesLoaded).toEqual([]);
    expect([crossed.succession.inserted, crossed.succession.updated, crossed.succession.closed]).toEqual([0, 0, 0]);
  });

  it("has the status of most merged communes confirmed by a decision, a few left to decide, Phú Phụng among them", async () => {
    const db = testDb();
    const rows = await db.select().from(carriedRecognitions).all();
    const decided = rows.filter((r) => r.decidedAt !== null);
    expect(decided.length).toBeGreaterThan(20);
    expect(decided.every((r) => r.decisionNumber?.endsWith("/QĐ-UBND"))).toBe(true);
    const phuPhung = (await db.select().from(units).where(and(eq(units.code, "28879"), isNull(units.validTo))).get())!;
    expect(rows.find((r) => r.unitId === phuPhung.id)).toBeUndefined();
    // The province's progress page counts them (the levels 2026–2030 starts from), equal to a recount.
    const leader = new Client();
    await leader.login("lanhdao");
    const html = await (await leader.get("/progress/86")).text();
    const total = /<tfoot><tr><th scope="row">Tổng số xã đã có quyết định<\/th><td class="num">(\d+)<\/td>/.exec(html)?.[1];
    expect(Number(total)).toBe(decided.length);
    for (const level of new Set(decided.map((r) => r.level).filter((l) => l !== null))) {
      expect(html).toMatch(new RegExp(`<td( data-label="[^"]*")? class="num">${decided.filter((r) => r.level === level).length}</td>`));
    }
  });

  it("logs every demo account in, and every link on its home page answers without an error, as a page with a doctype", { timeout: 120_000 }, async () => {
    const db = testDb();
    expect((await db.select().from(users).all()).map((u) => u.username).sort()).toEqual(PRESENT_ACCOUNTS.map((a) => a.username).sort());
    for (const account of PRESENT_ACCOUNTS) {
      const client = new Client();
      expect((await client.login(account.username)).status, account.username).toBe(303);
      const home = await client.get("/");
      expect(home.status, `${account.username} /`).toBe(200);
      const links = [...new Set(hrefs(await home.text()))];
      expect(links.length, account.username).toBeGreaterThan(2);
      for (const link of links) {
        const res = await client.get(link);
        expect([200, 302, 303], `${account.username} ${link}`).toContain(res.status);
        const body = await res.text();
        // Every full page is a standards-mode document with a description.
        if (res.status === 200 && res.headers.get("Content-Type")?.startsWith("text/html")) {
          expect(body.startsWith("<!doctype html><html lang=\"vi\">"), link).toBe(true);
          expect(body, link).toMatch(/<meta name="description" content="[^"]{20,}"/);
        }
      }
    }
  });

  it("keeps the 2021–2025 archive of the old provinces reachable: public and for the new province's leader", async () => {
    const anonymous = new Client();
    const pub = await anonymous.get("/public/progress/83");
    expect(pub.status).toBe(200);
    const pubHtml = await pub.text();
    expect(pubHtml.slice(pubHtml.indexOf("<h1"), pubHtml.indexOf("</h1>")).replace(/<[^>]+>/g, "")).toContain("Tỉnh Bến Tre · Giai đoạn 2021–2025 (đã kết thúc)");
    const leader = new Client();
    await leader.login("lanhdao");
    // From today's province, the 2021–2025 period links the archive of the three old provinces it was formed from.
    const archive = await (await leader.get("/progress/86?period=2021-2025")).text();
    const links = [...archive.matchAll(/<li><a href="([^"]+)">([^<]+)<\/a><\/li>/g)].map((m) => [m[1].replaceAll("&amp;", "&"), m[2]]);
    expect(links).toEqual([
      ["/progress/83?on=2025-06-30", "Tỉnh Bến Tre (đến 30/06/2025)"],
      ["/progress/84?on=2025-06-30", "Tỉnh Trà Vinh (đến 30/06/2025)"],
      ["/progress/86?on=2025-06-30", "Tỉnh Vĩnh Long (đến 30/06/2025)"],
    ]);
    const rowsOf = (res: Response) => Number(/rows=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1]);
    const cold: Record<string, number> = {};
    for (const path of ["/progress/83", "/progress/84", "/progress/86?on=2025-06-30", "/communes/28879/checklist?on=2025-06-30"]) {
      const res = await leader.get(path);
      expect([path, res.status]).toEqual([path, 200]);
      cold[path] = rowsOf(res);
      await res.arrayBuffer();
    }
    // The archive's dossiers open for the new province's leader, as the archive's list links them.
    const list = await (await leader.get("/communes/28879/dossiers?on=2025-06-30")).text();
    const dossierLink = /href="(\/dossiers\/\d+)[^"]*"/.exec(list)?.[1];
    expect(dossierLink).toBeDefined();
    const opened = await leader.get(dossierLink!);
    expect([dossierLink, opened.status]).toEqual([dossierLink, 200]);
    const dossierHtml = await opened.text();
    expect(dossierHtml).toContain("Xã Vĩnh Bình");
    expect(dossierHtml).not.toMatch(/<form[^>]+action="\/dossiers\//); // archive: read only
    // A closed province's recognitions per district are read once per isolate (its archive cannot change), and so
    // are the provinces it went into: the next request reads at least the province's recognised dossiers fewer rows,
    // shows the same figures and stays within the province page's budget (2 × districts + 4 × districts + 50).
    const db = testDb();
    const benTre = (await db.select().from(units).where(and(eq(units.code, "83"), eq(units.level, "province"))).get())!;
    const decisions = await db.select({ id: dossiers.id }).from(dossiers).where(and(eq(dossiers.provinceId, benTre.id), eq(dossiers.status, "recognised"))).all();
    expect(decisions.length).toBeGreaterThan(50);
    const again = await leader.get("/progress/83");
    expect(cold["/progress/83"] - rowsOf(again)).toBeGreaterThanOrEqual(decisions.length);
    const districts = await db.select({ id: units.id }).from(units).where(eq(units.parentId, benTre.id)).all();
    expect(rowsOf(again)).toBeLessThanOrEqual(6 * districts.length + 50);
    const html = await again.text();
    expect(/<table id="table-units">[\s\S]*?<\/table>/.exec(html)?.[0]).toContain("NTM trở lên: số xã (đã công nhận)");
  });

  it("pages the carry-over list by name (a page reads within its budget) and opens one commune by ?c=", async () => {
    const admin = new Client();
    await admin.login("admin");
    const rowsRead = (res: Response) => Number(/rows=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1]);
    const first = await admin.get("/merger/carry-over");
    const html = await first.text();
    expect(html).toContain('href="/merger/carry-over?trang=2"');
    expect(rowsRead(first)).toBeLessThan(600);
    const one = await (await admin.get("/merger/carry-over?c=28879")).text();
    expect(one).toContain('id="carry-28879"');
    expect(one.match(/<section [^>]*id="carry-/g)?.length).toBe(1);
    const last = await (await admin.get("/merger/carry-over?trang=8")).text();
    expect(last).not.toContain("Trang sau");
  });

  it("lets the cadre reach the pledge form and the sponsors by clicks from the commune card", async () => {
    const cadre = new Client();
    await cadre.login("canbo");
    const board = await (await cadre.get("/me/communes")).text();
    expect(board).toContain('href="/communes/28879/contributions"');
    const ledger = await (await cadre.get("/communes/28879/contributions")).text();
    expect(ledger).toContain('href="/communes/28879/contributions/new"');
    expect(ledger).toContain('href="/sponsors"');
    expect((await cadre.get("/sponsors")).status).toBe(200);
  });

  it("opens Xã Phú Phụng's checklist on the 2026–2030 set for xa.phuphung", async () => {
    const client = new Client();
    await client.login("xa.phuphung");
    const res = await client.get("/communes/28879/checklist");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Xã Phú Phụng");
    expect(html).toContain("2026–2030");
    // The communes it was formed from are listed once, after the checklist: the summary stays on the first screen.
    expect(html.match(/<section aria-labelledby="predecessors-h" id="predecessors"/g)?.length).toBe(1);
    expect(html.indexOf('<section aria-labelledby="predecessors-h" id="predecessors"')).toBeGreaterThan(html.indexOf('<div class="checklist">'));
    const db = testDb();
    const phuPhung = (await db.select().from(units).where(and(eq(units.code, "28879"), isNull(units.validTo))).get())!;
    const rollup = (await db.select().from(communeRollups).where(eq(communeRollups.unitId, phuPhung.id)).get())!;
    // Five indicators short of the 2026–2030 standard, each in its own criterion.
    expect([rollup.levelReached, rollup.criteriaMetBase, rollup.criteriaTotal.NTM]).toEqual([null, 5, 10]);
  });
});
