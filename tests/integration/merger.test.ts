import { env } from "cloudflare:workers";
import { and, count, eq, isNull, lt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { loggedIn, seededDb, testDb } from "../factories";
import { unitSuccessions, units } from "../../src/db/schema";
import { parseSuccession, SuccessionFileError } from "../../src/domain/succession";
import { planProvince } from "../../src/domain/units";
import { crossMerger, loadSuccession, predecessorsOf, successorsOf } from "../../src/services/succession";
import { importProvince, unitByCode } from "../../src/services/units";

// The README's crossing on the seeded (3-tier Bến Tre) demo: import two-tier Vĩnh Long (86), then its succession rows.
beforeAll(async () => {
  const db = await seededDb();
  await importProvince(db, planProvince(env.UNITS_2026, "86"));
  await crossMerger(db, { units2025Csv: env.UNITS_2025, successionCsv: env.SUCCESSION_2025, province: "86" });
});

const DEMO_ACCOUNTS = ["admin", "lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"];
const hrefs = (html: string) => [...html.matchAll(/<a[^>]*href="(\/[^"#]*)/g)].map((m) => m[1].replace(/&amp;/g, "&"));

describe("code reuse: 28879 names Xã Vĩnh Bình until 30/6/2025 and Xã Phú Phụng since", () => {
  it("unitByCode resolves by date (default today)", async () => {
    const db = testDb();
    const old = (await unitByCode(db, "28879", "2025-06-30"))!;
    const now = (await unitByCode(db, "28879", "2025-07-01"))!;
    expect(old.name).toBe("Xã Vĩnh Bình");
    expect(old.validTo).toBe("2025-06-30");
    expect(now.name).toBe("Xã Phú Phụng");
    expect((await unitByCode(db, "28879"))!.id).toBe(now.id);
    expect(await unitByCode(db, "83")).toBeUndefined();
    expect((await unitByCode(db, "83", "2025-06-30"))!.name).toContain("Bến Tre");
  });

  it("xa.vinhbinh reaches its own (closed) checklist, read-only, with a notice naming Phú Phụng", async () => {
    const client = await loggedIn("xa.vinhbinh");
    const res = await client.get("/communes/28879/checklist");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Xã Vĩnh Bình");
    expect(html).toContain('id="closed-unit-notice"');
    expect(html).toMatch(/Đơn vị kế thừa:[\s\S]*Xã Phú Phụng/);
    expect(html).not.toContain("/edit");
    const home = await client.get("/");
    expect(await home.text()).toContain("Xã Phú Phụng");
  });

  it("a POST to a closed commune's checklist is refused (4xx) and changes nothing", async () => {
    const client = await loggedIn("xa.vinhbinh");
    const res = await client.post("/communes/28879/indicators/1", { value: "1", version: "1" });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it("/units/28879 shows the current Phú Phụng by default and old Vĩnh Bình with ?on=2025-06-30", async () => {
    const admin = await loggedIn("admin");
    const res = await admin.get("/units/28879");
    expect(res.status).toBe(200); // admin of (closed) Bến Tre: its own generation, with the notice
    expect(await res.text()).toContain('id="closed-unit-notice"');
    const home = await (await admin.get("/")).text();
    expect(home).toMatch(/Đơn vị kế thừa:[\s\S]*Tỉnh Vĩnh Long/);
    expect(await (await admin.get("/admin/users")).text()).toMatch(/Tài khoản cần chuyển phạm vi \(6\)/);
    const lanhdao = await loggedIn("lanhdao");
    const old = await lanhdao.get("/units/28879?on=2025-06-30");
    expect(old.status).toBe(200);
    const html = await old.text();
    expect(html).toContain("Xã Vĩnh Bình");
    expect(html).toContain("Xã Phú Phụng");
    // The archive page's links stay in its generation.
    expect(html).toContain('href="/communes/28879/checklist?on=2025-06-30"');
    const checklist = await (await lanhdao.get("/communes/28879/checklist?on=2025-06-30")).text();
    const history = /href="(\/communes\/28879\/indicators\/\d+\/history\?on=2025-06-30)"/.exec(checklist)![1];
    const historyPage = await lanhdao.get(history);
    expect(historyPage.status).toBe(200);
    expect(await historyPage.text()).toContain("Xã Vĩnh Bình");
  });

  it("every lookup site resolves the code by the request's date", async () => {
    const admin = await loggedIn("admin");
    for (const path of ["/progress/28879?on=2025-06-30", "/communes/28879/dossiers?on=2025-06-30", "/communes/28879/contributions?on=2025-06-30", "/public/communes/28879?on=2025-06-30", "/communes/28879/visits?on=2025-06-30", "/reports/contributions?unit=28879&on=2025-06-30"]) {
      const res = await admin.get(path);
      expect([path, res.status]).toEqual([path, 200]);
      expect(await res.text()).toContain("Vĩnh Bình");
    }
    const report = await admin.get("/reports/feedback?unit=832&on=2025-06-30");
    expect(report.status).toBe(200);
    expect(await report.text()).toContain("Chợ Lách");
    // Binding criteria is a write: refused on the closed commune's archive.
    expect((await admin.get("/communes/28879/binding?on=2025-06-30")).status).toBe(403);
  });
});

describe("closing what the merger absorbed", () => {
  it("closes the three old provinces (Bến Tre 83, Trà Vinh 84, old Vĩnh Long 86), their districts and communes", async () => {
    const db = testDb();
    for (const code of ["83", "84", "86"]) expect((await unitByCode(db, code, "2025-06-30"))!.validTo).toBe("2025-06-30");
    expect((await unitByCode(db, "832", "2025-06-30"))!.validTo).toBe("2025-06-30"); // Huyện Chợ Lách
    expect((await unitByCode(db, "28876", "2025-06-30"))!.validTo).toBe("2025-06-30"); // Xã Sơn Định (absorbed under another code)
    const open = await db.select({ n: count() }).from(units).where(and(isNull(units.validTo), lt(units.validFrom, "2025-07-01"))).get();
    expect(open!.n).toBe(0);
  });

  it("Phú Phụng knows its three predecessors and Vĩnh Bình its successor", async () => {
    const db = testDb();
    const phuPhung = (await unitByCode(db, "28879", "2025-07-01"))!;
    expect((await predecessorsOf(db, phuPhung.id)).map((l) => l.unit.code).sort()).toEqual(["28873", "28876", "28879"]);
    const vinhBinh = (await unitByCode(db, "28879", "2025-06-30"))!;
    expect((await successorsOf(db, vinhBinh.id)).map((l) => l.unit.name)).toEqual(["Xã Phú Phụng"]);
  });

  it("is idempotent: a second run inserts, updates and closes nothing", async () => {
    const db = testDb();
    const again = await crossMerger(db, { units2025Csv: env.UNITS_2025, successionCsv: env.SUCCESSION_2025, province: "86" });
    expect(again.oldProvincesLoaded).toEqual([]);
    expect(again.succession).toMatchObject({ rows: 124, inserted: 0, updated: 0, closed: 0, partial: 4 });
  });

  it("every demo account still reaches every link of its home page", async () => {
    for (const username of DEMO_ACCOUNTS) {
      const client = await loggedIn(username);
      const home = await client.get("/");
      expect([username, home.status]).toEqual([username, 200]);
      for (const href of new Set(hrefs(await home.text()))) {
        if (href === "/logout") continue;
        let res = await client.get(href);
        if (res.status === 302 || res.status === 303) res = await client.get(res.headers.get("Location")!);
        expect([username, href, res.status]).toEqual([username, href, 200]);
      }
    }
  });
});

describe("bad succession files are refused whole, with row numbers", () => {
  const HEADER = "province_code,commune_code,commune_name,predecessor_codes,status,source_text";
  const countRows = async () => (await testDb().select({ n: count() }).from(unitSuccessions).get())!.n;

  it("duplicate rows", () => {
    const text = `${HEADER}\n86,28879,Xã Phú Phụng,28876;28879,resolved,"a, b"\n86,28879,Xã Phú Phụng,28873,resolved,c\n`;
    expect(() => parseSuccession(text)).toThrow(/Dòng 3: xã mới 28879 trùng với dòng 2/);
  });

  it("unknown codes: nothing written", async () => {
    const before = await countRows();
    const text = `${HEADER}\n86,28879,Xã Phú Phụng,28876;99999,resolved,x\n86,77777,Xã Không Có,28873,resolved,y\n`;
    const err = await crossMerger(testDb(), { units2025Csv: env.UNITS_2025, successionCsv: text }).catch((e) => e);
    expect(err).toBeInstanceOf(SuccessionFileError);
    expect(err.message).toMatch(/Dòng 2: mã xã cũ 99999/);
    expect(err.message).toMatch(/Dòng 3: không có xã 77777/);
    expect(await countRows()).toBe(before);
  });

  it("a cycle: nothing written", async () => {
    const db = testDb();
    // Two units open across 1/7/2025 (never closed): each listed as the other's predecessor.
    await db.insert(units).values([
      { code: "99901", name: "Xã Thử Một", nameFolded: "xa thu mot", kind: "xa", level: "commune", validFrom: "2025-01-01" },
      { code: "99902", name: "Xã Thử Hai", nameFolded: "xa thu hai", kind: "xa", level: "commune", validFrom: "2025-01-01" },
    ]);
    const before = await countRows();
    const text = `${HEADER}\n99,99901,Xã Thử Một,99902,resolved,x\n99,99902,Xã Thử Hai,99901,resolved,y\n`;
    const err = await loadSuccession(db, parseSuccession(text)).catch((e) => e);
    expect(err).toBeInstanceOf(SuccessionFileError);
    expect(err.message).toMatch(/Dòng 2, 3: bảng kế thừa tạo vòng lặp/);
    expect(await countRows()).toBe(before);
    expect((await db.select().from(units).where(eq(units.code, "99901")).get())!.validTo).toBeNull();
  });
});
