import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { Client, loggedIn, seededDb, testDb } from "../factories";
import { seedFixtureProvince } from "./progress-fixture";
import { auditLog, communeRollups, dossiers, indicatorValues, progressTargets, units } from "../../src/db/schema";
import { unitByCode } from "../../src/services/units";
import { loadChecklist } from "../../src/services/checklist";
import { xlsxSheetTable } from "../../src/domain/progress-export";
import { monthOf, quarterStart } from "../../src/domain/progress";
import { baselineMonth } from "../../src/domain/emulation";
import { takeSnapshot } from "../../src/services/snapshots";
import { vietnamDate } from "../../src/scheduled";

beforeAll(async () => {
  const db = await seededDb();
  await seedFixtureProvince(db);
});

const rowsRead = (res: Response) => Number(/rows=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? NaN);
const decode = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
const text = (html: string) => decode(html.replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ").trim();

/** The body rows of `<table id="table-<id>">` as cell texts. */
function tableRows(html: string, id: string): string[][] {
  const table = new RegExp(`<table id="table-${id}">([\\s\\S]*?)</table>`).exec(html);
  if (!table) throw new Error(`no table ${id}`);
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table[1])![1];
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1])));
}

const month = () => monthOf(vietnamDate(new Date()));
const monthText = () => `${month().slice(5)}/${month().slice(0, 4)}`;

describe("province page on a fixed dataset (Tỉnh Thử Nghiệm: 6 communes)", () => {
  it("shows every figure exactly: levels, shares, targets, average, districts, pass rates, roadmap; distribution after a snapshot", async () => {
    const db = testDb();
    // The fixture is what it claims: levels and base criteria met per commune.
    const rollups = await db.select({ unitId: communeRollups.unitId, level: communeRollups.levelReached, base: communeRollups.criteriaMetBase }).from(communeRollups).innerJoin(units, eq(units.id, communeRollups.unitId)).where(eq(units.provinceId, (await unitByCode(db, "99"))!.id)).all();
    expect(rollups.map((r) => `${r.level ?? ""}:${r.base}`).sort()).toEqual([":12", ":17", "NTM:19", "NTM:19", "NTM_KM:19", "NTM_NC:19"]);

    const leader = await loggedIn("lanhdao.99");
    const res = await leader.get("/progress/99");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Tiến độ xây dựng nông thôn mới: Tỉnh Thử Nghiệm");
    expect(text(/id="kpi-communes">([\s\S]*?)</.exec(html)![1])).toBe("6");
    expect(text(/id="kpi-base">([\s\S]*?)<\/span>/.exec(html)![1])).toBe("4 (66,7%)");
    expect(text(/id="kpi-average">([\s\S]*?)</.exec(html)![1])).toBe("17,50");

    expect(tableRows(html, "targets")).toEqual([
      ["Tỷ lệ xã đạt NTM trở lên (%)", "80", "66,7", "Chưa đạt (còn thiếu 1 xã)"],
      ["Tỷ lệ xã đạt NTM nâng cao trở lên (%)", "40", "33,3", "Chưa đạt (còn thiếu 1 xã)"],
      ["Tỷ lệ xã đạt NTM kiểu mẫu (%)", "10", "16,7", "Đạt"],
      ["Số xã đạt dưới 15 tiêu chí", "0", "—", "Chưa có số liệu chốt"],
      ["Bình quân số tiêu chí đạt/xã", "—", "17,5", ""],
    ]);
    // Recognised counts: from the province's recognition decisions (none in this fixture).
    expect(tableRows(html, "levels")).toEqual([
      ["NTM", "2", "33,3", "4", "66,7", "0", "0,0", "80", "Còn thiếu 1 xã"],
      ["NTM nâng cao", "1", "16,7", "2", "33,3", "0", "0,0", "40", "Còn thiếu 1 xã"],
      ["NTM kiểu mẫu", "1", "16,7", "1", "16,7", "0", "0,0", "10", "Đạt"],
      ["Chưa đạt chuẩn", "2", "33,3", "—", "—", "—", "—", "—", ""],
    ]);
    // Per district: communes at NTM / advanced / model or above (number, %), then the criteria sum and average.
    expect(tableRows(html, "units")).toEqual([
      ["Huyện Hai", "3", "1", "33,3", "0", "0,0", "0", "0,0", "0", "0,0", "0", "0,0", "0", "0,0", "48", "16,00"],
      ["Huyện Một", "3", "3", "100,0", "0", "0,0", "2", "66,7", "0", "0,0", "1", "33,3", "0", "0,0", "57", "19,00"],
    ]);
    const names = ["Quy hoạch", "Giao thông", "Thủy lợi và phòng, chống thiên tai", "Điện", "Trường học", "Cơ sở vật chất văn hóa", "Cơ sở hạ tầng thương mại nông thôn", "Thông tin và Truyền thông", "Nhà ở dân cư", "Thu nhập", "Nghèo đa chiều", "Lao động", "Tổ chức sản xuất và phát triển kinh tế nông thôn", "Giáo dục và Đào tạo", "Y tế", "Văn hóa", "Môi trường và an toàn thực phẩm", "Hệ thống chính trị và tiếp cận pháp luật", "Quốc phòng và An ninh"];
    const met = [5, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6];
    const rate = (n: number) => ({ 4: "66,7", 5: "83,3", 6: "100,0" })[n]!;
    expect(tableRows(html, "criteria")).toEqual(names.map((name, i) => [String(i + 1), i < 3 ? `${name} chậm nhất` : name, String(met[i]), rate(met[i]), String(6 - met[i])]));
    expect(tableRows(html, "roadmap")).toEqual([
      ["2025", "NTM", "1", "4", "4", "Đạt kế hoạch"],
      ["2025", "NTM nâng cao", "2", "3", "2", "Còn thiếu 1 xã"],
      ["2025", "NTM kiểu mẫu", "1", "1", "1", "Đạt kế hoạch"],
      ["2026", "NTM", "1", "6", "4", "Còn thiếu 2 xã"],
      ["2026", "NTM kiểu mẫu", "1", "2", "1", "Còn thiếu 1 xã"],
    ]);
    // No snapshot yet: the province page has no distribution (it reads no commune rollup).
    expect(html).not.toContain('id="table-distribution"');
    // The end of last quarter, for "most improved" below.
    const p99 = (await unitByCode(db, "99"))!;
    await takeSnapshot(db, p99, baselineMonth(quarterStart(month())), new Date().toISOString(), { id: null, reason: "job" });
    const trend = tableRows(html, "trend");
    expect(trend).toHaveLength(12);
    expect(trend[11]).toEqual([`${monthText()} (hiện tại)`, "6", "17,50", "66,7", "33,3", "16,7"]);

    // The admin takes this month's snapshot on demand: the distribution and "under 15" appear, as of this month.
    const admin = await loggedIn("admin.99");
    const taken = await admin.post("/progress/99/snapshot", {});
    expect(taken.status).toBe(303);
    const after = await (await leader.get("/progress/99")).text();
    expect(tableRows(after, "distribution")).toEqual([
      ["19 tiêu chí", "4", "66,7"],
      ["15–18 tiêu chí", "1", "16,7"],
      ["10–14 tiêu chí", "1", "16,7"],
      ["Dưới 10 tiêu chí", "0", "0,0"],
    ]);
    expect(after).toContain(`Theo số liệu chốt tháng ${monthText()}.`);
    expect(tableRows(after, "targets")[3]).toEqual(["Số xã đạt dưới 15 tiêu chí", "0", "1", "Chưa đạt (còn 1 xã)"]);
    const audit = await testDb().select().from(auditLog).where(and(eq(auditLog.action, "progress_snapshot.take"), eq(auditLog.entityId, `99/${month()}`))).all();
    expect(audit).toHaveLength(1);
  });

  it("computes the district page live from its communes (distribution included) and sorts and filters its tables", async () => {
    const leader = await loggedIn("lanhdao.99");
    const res = await leader.get("/progress/992");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(tableRows(html, "distribution")).toEqual([
      ["19 tiêu chí", "1", "33,3"],
      ["15–18 tiêu chí", "1", "33,3"],
      ["10–14 tiêu chí", "1", "33,3"],
      ["Dưới 10 tiêu chí", "0", "0,0"],
    ]);
    expect(html).not.toContain("Theo số liệu chốt");
    expect(tableRows(html, "units").map((r) => [r[0], r[1], r.at(-1)])).toEqual([
      ["Xã Chuẩn Hai", "19", "NTM"],
      ["Xã Mười Bảy", "17", "Chưa đạt chuẩn"],
      ["Xã Mười Hai", "12", "Chưa đạt chuẩn"],
    ]);
    const sorted = await (await leader.get("/progress/992?s_units=base-asc")).text();
    expect(tableRows(sorted, "units").map((r) => r[0])).toEqual(["Xã Mười Hai", "Xã Mười Bảy", "Xã Chuẩn Hai"]);
    expect(sorted).toContain('aria-sort="ascending"');
    const filtered = await (await leader.get("/progress/992?f_units=muoi")).text();
    expect(tableRows(filtered, "units").map((r) => r[0])).toEqual(["Xã Mười Bảy", "Xã Mười Hai"]);
    const criteriaByRate = await (await leader.get("/progress/99?s_criteria=rate-asc")).text();
    expect(tableRows(criteriaByRate, "criteria").slice(0, 3).map((r) => r[0])).toEqual(["2", "3", "1"]);
  });

  it("reflects a commune's save on reload, with no rebuild step", async () => {
    const db = testDb();
    const unit = (await unitByCode(db, "99202"))!;
    const checklist = (await loadChecklist(db, unit))!;
    const criterion2 = checklist.def.criteria.find((c) => c.number === 2)!;
    const failing = checklist.def.indicators.filter((i) => i.criterionId === criterion2.id && checklist.evaluation.indicators.get(i.id)?.NTM === false);
    expect(failing).toHaveLength(1);
    const ind = failing[0];
    const target = checklist.def.targets.find((t) => t.indicatorId === ind.id && t.level === "NTM" && (t.key === "DBSCL" || t.key === "all"))!;
    const staff = await loggedIn("xa.99202");
    const value = ind.kind === "boolean" || ind.kind === "document" ? "true" : String(target.value).replace(".", ",");
    const saved = await staff.post(`/communes/99202/indicators/${ind.id}`, { value, evidenceNote: "Biên bản nghiệm thu", version: String(checklist.values.get(ind.id)!.version) });
    expect(saved.status).toBe(303);
    const leader = await loggedIn("lanhdao.99");
    const html = await (await leader.get("/progress/99")).text();
    expect(text(/id="kpi-average">([\s\S]*?)</.exec(html)![1])).toBe("17,67");
    expect(tableRows(html, "criteria")[1]).toEqual(["2", "Giao thông chậm nhất", "5", "83,3", "1"]);
    expect(tableRows(html, "units")[0].filter((_, i, all) => i < 2 || i >= all.length - 2)).toEqual(["Huyện Hai", "3", "49", "16,33"]);
  });

  it("exports the tables as XLSX with the same figures as the page, and each table as CSV", async () => {
    const leader = await loggedIn("lanhdao.99");
    const html = await (await leader.get("/progress/99")).text();
    const res = await leader.get("/progress/99/export/bao-cao.xlsx");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("spreadsheetml");
    expect(res.headers.get("Content-Disposition")).toContain("tien-do-99-bao-cao.xlsx");
    const data = new Uint8Array(await res.arrayBuffer());
    const sheets: Record<string, string> = { targets: "Mục tiêu năm", levels: "Số xã theo mức đạt chuẩn", units: "Các huyện, thị xã, thành phố", distribution: "Phân bố số xã theo số tiêu ch", criteria: "Tỷ lệ xã đạt từng tiêu chí (m", roadmap: "Lộ trình đạt chuẩn so với kết", trend: "Diễn biến 12 tháng" };
    const XLSX = await import("@e965/xlsx");
    const wb = XLSX.read(data, { type: "array" });
    for (const [id, prefix] of Object.entries(sheets)) {
      const name = wb.SheetNames.find((n) => n.startsWith(prefix.slice(0, 20)))!;
      expect(name, id).toBeTruthy();
      const sheet = xlsxSheetTable(data, name)!;
      const page = tableRows(html, id);
      expect(sheet.rows.length, id).toBe(page.length);
      sheet.rows.forEach((row, r) =>
        row.forEach((cell, i) => {
          const shown = page[r][i].replace(/ chậm nhất$/, "");
          if (typeof cell === "number") expect(Number(shown.replace(/\./g, "").replace(",", ".")), `${id} ${r}:${i}`).toBeCloseTo(cell, 5);
          else if (cell === null) expect(shown, `${id} ${r}:${i}`).toBe("—");
          else expect(shown, `${id} ${r}:${i}`).toBe(cell);
        }),
      );
    }
    const csv = await leader.get("/progress/99/export/criteria.csv");
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    const lines = (await csv.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("TT,Tiêu chí,Số xã đạt,Tỷ lệ đạt (%),Số xã chưa đạt");
    expect(lines).toHaveLength(20);
    expect((await leader.get("/progress/99/export/nope.csv")).status).toBe(404);
    expect((await leader.get("/progress/99/export/bao-cao.csv")).status).toBe(404);
  });
});

describe("drill-down, permissions and the public summary (Bến Tre demo)", () => {
  it("leads from the province to Vĩnh Bình's failing indicator and its evidence in 3 links", async () => {
    const leader = await loggedIn("lanhdao");
    const province = await (await leader.get("/progress/83")).text();
    const district = /href="(\/progress\/832)"/.exec(province)![1];
    const districtPage = await (await leader.get(district)).text();
    const commune = /href="(\/progress\/28879)"/.exec(districtPage)![1];
    const communePage = await (await leader.get(commune)).text();
    expect(communePage).toContain("Chỉ tiêu chưa đạt mức NTM nâng cao");
    const indicatorLink = /href="(\/communes\/28879\/checklist#ind-(\d+))"/.exec(communePage)!;
    const checklist = await (await leader.get(indicatorLink[1].split("#")[0])).text();
    expect(checklist).toContain(`id="ind-${indicatorLink[2]}"`);
    expect(checklist).toContain("Minh chứng");
  });

  it("lets leaders and admins read their scope only; others get 403; anonymous users go to the login page", async () => {
    for (const [name, code, status] of [
      ["lanhdao", "83", 200],
      ["admin", "832", 200],
      ["huyen.cholach", "832", 200],
      ["huyen.cholach", "28879", 200],
      ["huyen.cholach", "83", 403],
      ["huyen.cholach", "29116", 403],
      ["canbo", "83", 403],
      ["xa.vinhbinh", "28879", 403],
      ["so.nongnghiep", "83", 403],
      ["lanhdao.99", "83", 403],
    ] as const) {
      const client = await loggedIn(name);
      expect((await client.get(`/progress/${code}`)).status, `${name} ${code}`).toBe(status);
    }
    const anon = new Client();
    const res = await anon.get("/progress/83");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toContain("/login");
    expect((await (await loggedIn("lanhdao")).get("/progress/99999")).status).toBe(404);
    expect((await (await loggedIn("lanhdao")).get("/progress/83?year=abc")).status).toBe(422);
  });

  it("keeps the province page within 2 × districts + 4 × districts (level counters) + recognised decisions + 50 rows read and the district page within 50 whatever its communes", async () => {
    const db = testDb();
    const leader = await loggedIn("lanhdao");
    await leader.get("/progress/83"); // definitions are read once per isolate
    const province = (await unitByCode(db, "83"))!;
    const districts = await db.select().from(units).where(eq(units.parentId, province.id)).all();
    const res = await leader.get("/progress/83");
    // Each district's communes per level (issue 15): at most one counter row per level and "none", per district;
    // recognised per district: one read of the province's recognised dossiers (kept per isolate once it is closed).
    const decisions = await db.select({ id: dossiers.id }).from(dossiers).where(and(eq(dossiers.provinceId, province.id), eq(dossiers.status, "recognised"))).all();
    expect(rowsRead(res)).toBeLessThanOrEqual(2 * districts.length + 4 * districts.length + decisions.length + 50);
    const cholach = (await unitByCode(db, "832"))!;
    const communes = await db.select().from(units).where(eq(units.parentId, cholach.id)).all();
    const district = await leader.get("/progress/832");
    // Its communes come from one packed row (issue 20), its pass rates from one counter per criterion (19).
    expect(communes.length).toBeGreaterThan(5);
    expect(rowsRead(district)).toBeLessThanOrEqual(50);
    const commune = await leader.get("/progress/28879");
    expect(rowsRead(commune)).toBeLessThanOrEqual(80);
  });

  it("shows a public summary without login: counts and levels only", async () => {
    const anon = new Client();
    const res = await anon.get("/public/progress/83");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toContain("public");
    const html = await res.text();
    expect(html).toContain("Tiến độ xây dựng nông thôn mới: Tỉnh Bến Tre");
    expect(html).toContain("Huyện Chợ Lách");
    expect(html).not.toContain("Giao thông");
    expect(html).not.toContain("Tải báo cáo");
    const district = await (await anon.get("/public/progress/832")).text();
    expect(district).toContain("Xã Vĩnh Bình");
    const commune = await (await anon.get("/public/progress/28879")).text();
    expect(commune).toContain("NTM");
    expect(rowsRead(res)).toBeLessThanOrEqual(60);
  });
});

describe("targets (admin, versioned and audited)", () => {
  it("saves new targets, shows them on the page, refuses a stale version with 409 and bad input with 422, keeping what was typed", async () => {
    const admin = await loggedIn("admin.99");
    const form = await admin.get("/progress/99/targets?year=2026");
    expect(form.status).toBe(200);
    const body = await form.text();
    expect(body).toContain('name="version" value="0"');
    const created = await admin.post("/progress/99/targets", { year: "2026", shareNtm: "90", shareAdvanced: "50", shareModel: "15", minCriteria: "17", version: "0" });
    expect(created.status).toBe(303);
    const db = testDb();
    const province = (await unitByCode(db, "99"))!;
    const row = (await db.select().from(progressTargets).where(and(eq(progressTargets.unitId, province.id), eq(progressTargets.year, 2026))).get())!;
    expect([row.shareNtm, row.shareAdvanced, row.shareModel, row.minCriteria, row.version]).toEqual([90, 50, 15, 17, 1]);
    const page = await (await (await loggedIn("lanhdao.99")).get("/progress/99?year=2026")).text();
    expect(tableRows(page, "targets")[0]).toEqual(["Tỷ lệ xã đạt NTM trở lên (%)", "90", "66,7", "Chưa đạt (còn thiếu 2 xã)"]);
    expect(tableRows(page, "targets")[3][0]).toBe("Số xã đạt dưới 17 tiêu chí");

    const updated = await admin.post("/progress/99/targets", { year: "2026", shareNtm: "85", shareAdvanced: "50", shareModel: "15", minCriteria: "17", version: "1" });
    expect(updated.status).toBe(303);
    const stale = await admin.post("/progress/99/targets", { year: "2026", shareNtm: "70", shareAdvanced: "30", shareModel: "5", minCriteria: "15", version: "1" });
    expect(stale.status).toBe(409);
    const staleHtml = await stale.text();
    expect(staleHtml).toContain("Đã có người lưu mục tiêu này trước bạn.");
    expect(staleHtml).toContain("NTM 85% · nâng cao 50% · kiểu mẫu 15% · tối thiểu 17 tiêu chí");
    expect(staleHtml).toContain('value="70"');
    expect(staleHtml).toContain('name="version" value="2"');
    const invalid = await admin.post("/progress/99/targets", { year: "2026", shareNtm: "120", shareAdvanced: "abc", shareModel: "5", minCriteria: "15", version: "2" });
    expect(invalid.status).toBe(422);
    const invalidHtml = await invalid.text();
    expect(invalidHtml).toContain("Tỷ lệ từ 0 đến 100.");
    expect(invalidHtml).toContain('value="abc"');
    const history = await db.select().from(auditLog).where(and(eq(auditLog.entity, "progress_target"), eq(auditLog.entityId, "99/2026"))).all();
    expect(history.map((h) => h.action)).toEqual(["progress_target.create", "progress_target.update"]);
    expect((await admin.get("/progress/99/targets?year=2026")).status).toBe(200);
    const leader = await loggedIn("lanhdao.99");
    expect((await leader.post("/progress/99/targets", { year: "2026", shareNtm: "1", shareAdvanced: "1", shareModel: "1", minCriteria: "1", version: "2" })).status).toBe(403);
    expect((await leader.post("/progress/99/snapshot", {})).status).toBe(403);
  });
});

describe("emulation (Đồng khởi mới)", () => {
  it("names the leading commune, each commune's gap to it, and the district leaders; the most improved after a save", async () => {
    const leader = await loggedIn("lanhdao.99");
    const res = await leader.get("/progress/99/thi-dua");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Xã dẫn đầu: <a");
    expect(/Xã dẫn đầu: <a href="\/progress\/99101">Xã Kiểu Mẫu<\/a>/.test(html)).toBe(true);
    const gaps = tableRows(html, "gaps");
    const order = gaps.map((r) => r[0].replace(" dẫn đầu", ""));
    expect(order.slice(0, 2)).toEqual(["Xã Kiểu Mẫu", "Xã Nâng Cao"]);
    expect(order.slice(4)).toEqual(["Xã Mười Bảy", "Xã Mười Hai"]);
    expect(gaps[0][1]).toBe("1");
    const byName = Object.fromEntries(gaps.map((r) => [r[0].replace(" dẫn đầu", ""), r]));
    // columns: name, rank, district, level, met, criteria gap, level gap, …
    expect(byName["Xã Mười Hai"].slice(2, 7)).toEqual(["Huyện Hai", "Chưa đạt chuẩn", "12", "7", "3"]);
    expect(byName["Xã Nâng Cao"].slice(2, 7)).toEqual(["Huyện Một", "NTM nâng cao", "19", "0", "1"]);
    expect(tableRows(html, "leaders").map((r) => [r[0], r[1]])).toEqual([
      ["Huyện Hai", "Xã Chuẩn Hai"],
      ["Huyện Một", "Xã Kiểu Mẫu"],
    ]);
    // Xã Mười Bảy fixed one indicator since the end of last quarter (test above): 17 → 18 criteria.
    expect(tableRows(html, "improved")).toEqual([["Xã Mười Bảy", "17", "18", "1", "Chưa đạt chuẩn → Chưa đạt chuẩn"]]);
    const district = await (await leader.get("/progress/992/thi-dua")).text();
    expect(district).toContain('Xã dẫn đầu: <a href="/progress/99201">Xã Chuẩn Hai</a>');
    expect((await leader.get("/progress/99/thi-dua/export/gaps.csv")).status).toBe(200);
    expect((await leader.get("/progress/99/thi-dua/export/bao-cao.xlsx")).status).toBe(200);
    expect((await leader.get("/progress/99101/thi-dua")).status).toBe(404);
  });
});

void indicatorValues;
