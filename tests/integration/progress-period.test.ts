// Issue 12: progress pages take the programme period (2021–2025 closed, 2026–2030 current), say which one
// they show and link to the other; a period without data says so; 2026–2030 has no invented national target;
// the province's completion conditions (51/2025 Phụ lục III) appear unverified.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { Client, loggedIn, seededDb, testDb } from "../factories";
import { communeBindings } from "../../src/db/schema";
import { findSetByCode } from "../../src/services/criteria-sets";
import { unitByCode } from "../../src/services/units";

beforeAll(async () => {
  await seededDb();
});

const PROVINCE = "83";
/** A commune of Bến Tre other than the demo commune, moved to the 2026–2030 set in the second part. */
const MOVED = "28882";

describe("progress by period", () => {
  it("Bến Tre has only 2021–2025 data: the page shows that period (closed), its national targets, and links to 2026–2030", async () => {
    const leader = await loggedIn("lanhdao");
    const res = await leader.get(`/progress/${PROVINCE}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Giai đoạn 2021–2025 (đã kết thúc)");
    expect(html).toContain('id="period-switch"');
    expect(html).toContain(`href="/progress/${PROVINCE}?period=2026-2030"`);
    expect(html).toContain("Xem giai đoạn 2026–2030 (hiện tại) — chưa có số liệu");
    expect(html).toContain("Mục tiêu năm 2025");
    expect(html).toContain("Mục tiêu quốc gia giai đoạn 2021–2025");
    expect(html).not.toContain("Mục tiêu quốc gia 2025");
    // Appendix III of 51/2025 belongs to 2026–2030.
    expect(html).not.toContain('id="dieu-kien-tinh"');
    // The explicit period shows the same page (the archive stays reachable).
    const explicit = await (await leader.get(`/progress/${PROVINCE}?period=2021-2025`)).text();
    expect(explicit).toContain("Giai đoạn 2021–2025 (đã kết thúc)");
    expect(explicit).toContain(`href="/progress/${PROVINCE}?period=2026-2030"`);
  });

  it("a period without data says so with a 200 and the switch back, never a 500; a malformed period is ignored", async () => {
    const leader = await loggedIn("lanhdao");
    const res = await leader.get(`/progress/${PROVINCE}?period=2026-2030`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Giai đoạn 2026–2030 (hiện tại)");
    expect(html).toContain('id="no-period-data"');
    expect(html).toContain("chưa có số liệu giai đoạn 2026–2030");
    expect(html).toContain(`href="/progress/${PROVINCE}?period=2021-2025"`);
    const district = await leader.get(`/progress/${(await unitByCode(testDb(), "834"))!.code}?period=2026-2030`);
    expect(district.status).toBe(200);
    const bad = await leader.get(`/progress/${PROVINCE}?period=2026%3Cscript%3E`);
    expect(bad.status).toBe(200);
    expect(await bad.text()).toContain("Giai đoạn 2021–2025 (đã kết thúc)");
    const exp = await leader.get(`/progress/${PROVINCE}/export/bao-cao.xlsx?period=2026-2030`);
    expect(exp.status).toBe(404);
    // The public summary too (no login): Bến Tre 2021–2025 stays reachable as an archive.
    const anon = new Client();
    const pub = await anon.get(`/public/progress/${PROVINCE}`);
    expect(pub.status).toBe(200);
    const pubHtml = await pub.text();
    expect(pubHtml).toContain("Giai đoạn 2021–2025 (đã kết thúc)");
    expect(pubHtml).toContain(`href="/public/progress/${PROVINCE}?period=2026-2030"`);
    const pubNone = await anon.get(`/public/progress/${PROVINCE}?period=2026-2030`);
    expect(pubNone.status).toBe(200);
    expect(await pubNone.text()).toContain('id="no-period-data"');
  });

  it("with 2026–2030 data the current period is the default: province targets only (no national figure), Phụ lục III unverified, 2021–2025 one click away", async () => {
    const db = testDb();
    const admin = await loggedIn("admin");
    const unit = (await unitByCode(db, MOVED))!;
    const b = (await db.select().from(communeBindings).where(eq(communeBindings.unitId, unit.id)).get())!;
    const set51 = (await findSetByCode(db, "QD51-2025-XA"))!;
    const moved = await admin.post(`/communes/${MOVED}/binding`, { setId: String(set51.id), key: "2", targetLevel: "NTM", targetYear: "2030", evalYear: "2026", version: String(b.version), confirmArchive: "1" });
    expect(moved.status, await moved.clone().text()).toBe(303);

    const leader = await loggedIn("lanhdao");
    const res = await leader.get(`/progress/${PROVINCE}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Giai đoạn 2026–2030 (hiện tại)");
    expect(html).toContain(`href="/progress/${PROVINCE}?period=2021-2025"`);
    expect(html).toContain("Xem giai đoạn 2021–2025 (đã kết thúc)");
    expect(html).not.toContain("Xem giai đoạn 2021–2025 (đã kết thúc) — chưa có số liệu");
    const year = new Date(Date.now() + 7 * 3600_000).getUTCFullYear();
    expect(html).toContain(`Mục tiêu năm ${year}`);
    expect(html).toContain(`Chưa đặt mục tiêu cho năm ${year}: giai đoạn 2026–2030 chưa có mục tiêu quốc gia đã xác minh`);
    expect(html).not.toMatch(/Mục tiêu quốc gia[^<]*≥ 80%/);
    expect(html).toContain('id="dieu-kien-tinh"');
    expect(html).toContain("Phụ lục III, Quyết định số 51/2025/QĐ-TTg");
    expect(html).toContain("Chưa có nội dung xác minh");

    // A commune's page shows the period of the set it is bound to.
    expect(await (await leader.get(`/progress/${MOVED}`)).text()).toContain("Giai đoạn 2026–2030 (hiện tại)");
    expect(await (await leader.get("/progress/28879")).text()).toContain("Giai đoạn 2021–2025 (đã kết thúc)");
    expect(await (await new Client().get(`/public/progress/${MOVED}`)).text()).toContain("Giai đoạn 2026–2030 (hiện tại)");
    const archive = await (await leader.get(`/progress/${PROVINCE}?period=2021-2025`)).text();
    expect(archive).toContain("Giai đoạn 2021–2025 (đã kết thúc)");
    expect(archive).toContain("QĐ-TTg");
    expect(archive).not.toContain('id="dieu-kien-tinh"');
  });

  it("the targets form labels the 2021–2025 figures as that period's, and prefills nothing for 2026–2030", async () => {
    const admin = await loggedIn("admin");
    const old = await (await admin.get(`/progress/${PROVINCE}/targets?year=2025`)).text();
    expect(old).toContain("Mục tiêu quốc gia giai đoạn 2021–2025: ≥ 80%.");
    expect(old).toContain('value="80"');
    const now = await (await admin.get(`/progress/${PROVINCE}/targets?year=2026`)).text();
    expect(now).toContain("Giai đoạn 2026–2030: mục tiêu do tỉnh tự đặt");
    expect(now).not.toContain("≥ 80%");
    expect(now).not.toContain('value="80"');
    const blank = await admin.post(`/progress/${PROVINCE}/targets`, { year: "2026", shareNtm: "", shareAdvanced: "", shareModel: "", minCriteria: "", version: "0" });
    expect(blank.status).toBe(422);
    expect(await blank.text()).toContain("Hãy nhập giá trị.");
  });
});
