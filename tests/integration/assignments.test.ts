// Support assignments ("nắm"), the coverage report and the cadre's board, against real D1.
import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { assignments, auditLog, contributions, sponsors, units, users } from "../../src/db/schema";
import { addDays } from "../../src/domain/working-days";
import { vnDateOf } from "../../src/domain/clock";
import { unitByCode } from "../../src/services/units";
import { loggedIn, seededDb, testDb } from "../factories";

const rowsRead = (res: Response) => Number(/rows=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? NaN);
const today = () => vnDateOf(new Date().toISOString());
let canboId = 0;
let districtCadreId = 0;

beforeAll(async () => {
  const db = await seededDb();
  const canbo = (await db.select().from(users).where(eq(users.username, "canbo")).get())!;
  canboId = canbo.id;
  const choLach = (await unitByCode(db, "832"))!;
  const [district] = await db
    .insert(users)
    .values({ username: "canbo.cholach", displayName: "Trần Thị Huyện", passwordHash: canbo.passwordHash, passwordSalt: canbo.passwordSalt, passwordIterations: canbo.passwordIterations, role: "cadre", unitId: choLach.id, isDemo: true })
    .returning();
  districtCadreId = district.id;
});

describe("the cadre's board /me/communes", () => {
  it("lists canbo's four communes with level, criteria, last visit, open feedback and sponsors' money (0 đ without contributions)", async () => {
    const canbo = await loggedIn("canbo");
    const res = await canbo.get("/me/communes");
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const name of ["Xã Vĩnh Bình", "Xã Sơn Định", "Xã Hòa Nghĩa", "Xã Mỹ Hòa"]) expect(html).toContain(name);
    expect(html).not.toContain("Xã Long Thới"); // ended assignment
    const vb = /<li class="card board-item" id="board-28879">([\s\S]*?)<\/li>/.exec(html)![1];
    expect(vb).toContain("23-KH/TU");
    expect(vb).toMatch(/Tiêu chí đạt<\/dt><dd>19\/19</);
    expect(vb).toContain(`${addDays(today(), -12).split("-").reverse().join("/")}`);
    expect(vb).toMatch(/Mạnh thường quân đã đóng góp<\/dt><dd>0 đ</);
    expect(vb).toContain('href="/communes/28879/visits/new"');
    expect(rowsRead(res)).toBeLessThan(120);
  });

  it("sums received money of non-cancelled contributions of the commune", async () => {
    const db = testDb();
    const vb = (await unitByCode(db, "28879"))!;
    const [sponsor] = await db.insert(sponsors).values({ provinceId: vb.provinceId!, kind: "business", name: "Công ty TNHH Dừa Xanh", nameFolded: "cong ty tnhh dua xanh", createdBy: canboId }).returning();
    const base = { sponsorId: sponsor.id, communeId: vb.id, provinceId: vb.provinceId!, districtId: vb.districtId, kind: "money" as const, pledgedAt: "2026-10-01", createdBy: canboId };
    await db.insert(contributions).values([
      { ...base, amount: 50_000_000, receivedTotal: 35_000_000, status: "received" },
      { ...base, amount: 20_000_000, receivedTotal: 1_500_000, status: "pledged" },
      { ...base, amount: 9_000_000, receivedTotal: 9_000_000, status: "cancelled" },
    ]);
    const html = await (await (await loggedIn("canbo")).get("/me/communes")).text();
    const vbCard = /<li class="card board-item" id="board-28879">([\s\S]*?)<\/li>/.exec(html)![1];
    expect(vbCard).toMatch(/Mạnh thường quân đã đóng góp<\/dt><dd>36\.500\.000 đ</);
  });

  it("other roles have no communes on the board", async () => {
    const html = await (await (await loggedIn("xa.vinhbinh")).get("/me/communes")).text();
    expect(html).toContain("Bạn chưa được phân công theo dõi địa bàn nào.");
  });
});

describe("admin assigns cadres", () => {
  it("assigns canbo to Phú Phụng, keeps the history when ending it; canbo can then act there, and not after", async () => {
    const admin = await loggedIn("admin");
    const res = await admin.post("/admin/assignments", { cadreId: String(canboId), unitCode: "28873", role: "Cán bộ phụ trách xã", planRef: "23-KH/TU", periodFrom: today() });
    expect(res.status).toBe(303);
    const db = testDb();
    const phuPhung = (await unitByCode(db, "28873"))!;
    const row = (await db.select().from(assignments).where(and(eq(assignments.unitId, phuPhung.id), isNull(assignments.periodTo))).get())!;
    expect(row).toMatchObject({ cadreId: canboId, role: "Cán bộ phụ trách xã", planRef: "23-KH/TU" });
    expect(await db.select().from(auditLog).where(eq(auditLog.action, "assignment.create")).all()).not.toHaveLength(0);
    const canbo = await loggedIn("canbo");
    expect((await canbo.get("/communes/28873/visits/new")).status).toBe(200);

    // The same cadre twice on the same commune: 422.
    const dup = await admin.post("/admin/assignments", { cadreId: String(canboId), unitCode: "28873", role: "Phụ trách", periodFrom: today() });
    expect(dup.status).toBe(422);
    expect(await dup.text()).toContain("Cán bộ này đang được phân công theo dõi đơn vị này trong thời gian đó.");

    // End it: the row stays with its end date; a stale version is 409.
    const stale = await admin.post(`/admin/assignments/${row.id}/end`, { periodTo: today(), version: "7" });
    expect(stale.status).toBe(409);
    const before = await admin.post(`/admin/assignments/${row.id}/end`, { periodTo: "2020-01-01", version: "1" });
    expect(before.status).toBe(422);
    expect(await before.text()).toContain("Ngày kết thúc không được trước ngày bắt đầu phân công.");
    expect((await admin.post(`/admin/assignments/${row.id}/end`, { periodTo: addDays(today(), -0), version: "1" })).status).toBe(303);
    const ended = (await db.select().from(assignments).where(eq(assignments.id, row.id)).get())!;
    expect(ended.periodTo).toBe(today());
    const history = await (await admin.get(`/admin/assignments?cadre=${canboId}&history=1`)).text();
    expect(history).toContain("Xã Long Thới");
    expect(history).toContain("Xã Phú Phụng");
  });

  it.each([
    [{ unitCode: "28879-01" }, "Cán bộ cấp tỉnh được phân công theo dõi xã, phường, thị trấn (tỉnh nắm tới xã)."],
    [{ unitCode: "99999" }, "Không tìm thấy đơn vị có mã"],
    [{ unitCode: "" }, "Vui lòng nhập mã đơn vị."],
    [{ cadreId: "" }, "Vui lòng chọn cán bộ."],
    [{ periodFrom: "32/01/2026" }, "Ngày không hợp lệ"],
    [{ periodTo: "2020-01-01" }, "Ngày kết thúc không được trước ngày bắt đầu."],
  ])("refuses %j with 422 and a Vietnamese message", async (form, message) => {
    const admin = await loggedIn("admin");
    const count = (await testDb().select().from(assignments).all()).length;
    const res = await admin.post("/admin/assignments", { cadreId: String(canboId), unitCode: "28891", role: "Phụ trách", planRef: "Giữ lại KH", periodFrom: "2026-01-15", ...form });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).toContain("Giữ lại KH");
    expect((await testDb().select().from(assignments).all()).length).toBe(count);
  });

  it("a district cadre follows hamlets of the district (huyện nắm tới ấp), not communes", async () => {
    const admin = await loggedIn("admin");
    const commune = await admin.post("/admin/assignments", { cadreId: String(districtCadreId), unitCode: "28876", role: "Phụ trách", periodFrom: today() });
    expect(commune.status).toBe(422);
    expect(await commune.text()).toContain("huyện nắm tới ấp");
    const otherDistrict = await admin.post("/admin/assignments", { cadreId: String(districtCadreId), unitCode: "29116-01", role: "Phụ trách", periodFrom: today() });
    expect(otherDistrict.status).toBe(422);
    expect((await admin.post("/admin/assignments", { cadreId: String(districtCadreId), unitCode: "28876-02", role: "Phụ trách ấp", periodFrom: today() })).status).toBe(303);
    // The district cadre logs a visit to that hamlet only.
    const cadre = await loggedIn("canbo.cholach");
    const form = await cadre.get("/communes/28876/visits/new");
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain("Ấp Sơn Thuận");
    expect(html).not.toContain("(cả xã)");
    expect((await cadre.post("/communes/28876/visits", { visitDate: today(), place: "28876", participants: "x", summary: "y" })).status).toBe(422);
    expect((await cadre.post("/communes/28876/visits", { visitDate: today(), place: "28876-02", participants: "Trần Thị Huyện", summary: "Nắm tình hình ấp" })).status).toBe(303);
  });

  it("only the admin manages assignments", async () => {
    for (const name of ["lanhdao", "canbo", "xa.vinhbinh"]) {
      const client = await loggedIn(name);
      expect((await client.get("/admin/assignments")).status, name).toBe(403);
      expect((await client.post("/admin/assignments", { cadreId: String(canboId), unitCode: "28891", role: "x", periodFrom: today() })).status, name).toBe(403);
    }
  });
});

describe("coverage report", () => {
  it("counts communes with a provincial cadre and lists cadres without a visit in 60 days", async () => {
    const db = testDb();
    // A provincial cadre assigned to a commune with no visit at all.
    const canbo = (await db.select().from(users).where(eq(users.id, canboId)).get())!;
    const province = (await unitByCode(db, "83"))!;
    const [idle] = await db
      .insert(users)
      .values({ username: "canbo.idle", displayName: "Lê Văn Chưa Đi", passwordHash: canbo.passwordHash, passwordSalt: canbo.passwordSalt, passwordIterations: canbo.passwordIterations, role: "cadre", unitId: province.id, isDemo: true })
      .returning();
    const tanThieng = (await unitByCode(db, "28891"))!;
    await db.insert(assignments).values({ cadreId: idle.id, unitId: tanThieng.id, provinceId: province.id, role: "Phụ trách", periodFrom: "2026-01-01" });

    const leader = await loggedIn("lanhdao");
    const res = await leader.get("/reports/coverage");
    expect(res.status).toBe(200);
    const html = await res.text();
    const communes = (await db.select({ id: units.id }).from(units).where(and(eq(units.provinceId, province.id), eq(units.level, "commune"))).all()).length;
    // canbo's 4, Phú Phụng (ended today: active through today), Tân Thiềng.
    expect(html).toContain(`id="communes-covered">6/${communes}<`);
    expect(html).toContain("Lê Văn Chưa Đi");
    expect(html).toContain("chưa có chuyến thăm nào");
    expect(html).not.toMatch(/id="idle-list">[\s\S]*Nguyễn Văn Hỗ Trợ/);
    expect(html).toContain('<a href="/units/28885">Xã Long Thới</a>'); // canbo's assignment ended in 2025
    expect(html).not.toContain('<a href="/units/28879">Xã Vĩnh Bình</a>');
    expect(rowsRead(res)).toBeLessThan(1200);

    // N = 5 days: canbo's last visit (12 days ago, or today's in this file) decides.
    const short = await (await leader.get("/reports/coverage?days=5")).text();
    expect(short).toContain("không có chuyến thăm trong 5 ngày");
  });

  it("the district leader sees the district; the admin saves the province's default N; bad N is 422", async () => {
    const district = await (await loggedIn("huyen.cholach")).get("/reports/coverage");
    expect(district.status).toBe(200);
    expect(await district.text()).toContain("Độ bao phủ phân công: Huyện Chợ Lách");
    const admin = await loggedIn("admin");
    const bad = await admin.post("/reports/coverage/settings", { visitGapDays: "0" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Số ngày phải là số nguyên từ 1 đến 365.");
    expect((await admin.post("/reports/coverage/settings", { visitGapDays: "45" })).status).toBe(303);
    expect(await (await admin.get("/reports/coverage")).text()).toContain("Cán bộ không có chuyến thăm trong 45 ngày");
    expect((await (await loggedIn("lanhdao")).post("/reports/coverage/settings", { visitGapDays: "30" })).status).toBe(403);
    expect((await (await loggedIn("canbo")).get("/reports/coverage")).status).toBe(403);
  });
});
