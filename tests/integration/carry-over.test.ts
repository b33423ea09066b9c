import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, loggedIn, seededDb, testDb } from "../factories";
import { hashPassword } from "../../src/auth/password";
import { auditLog, carriedRecognitions, users, type Unit } from "../../src/db/schema";
import { planProvince } from "../../src/domain/units";
import { carryItems } from "../../src/services/carry-over";
import { crossMerger } from "../../src/services/succession";
import { importProvince, unitByCode, unitRef } from "../../src/services/units";
import { createAssignment } from "../../src/services/assignments";
import { findSetByCode } from "../../src/services/criteria-sets";

async function addUser(username: string, role: "admin" | "leader" | "cadre", unit: Unit) {
  const hashed = await hashPassword(DEMO_PASSWORD);
  await testDb().insert(users).values({ username, displayName: username, passwordHash: hashed.hash, passwordSalt: hashed.salt, passwordIterations: hashed.iterations, role, unitId: unit.id }).onConflictDoNothing();
}

let province: Unit;
beforeAll(async () => {
  const db = await seededDb();
  await importProvince(db, planProvince(env.UNITS_2026, "86"));
  await crossMerger(db, { units2025Csv: env.UNITS_2025, successionCsv: env.SUCCESSION_2025, province: "86" });
  province = (await unitByCode(db, "86"))!;
  await addUser("admin.86", "admin", province);
  await addUser("lanhdao.86", "leader", province);
});

describe("archive of 2021–2025 from a new commune", () => {
  it("one click from Phú Phụng opens old Vĩnh Bình's checklist, read-only; a POST to it is refused", async () => {
    const admin = await loggedIn("admin.86");
    const page = await admin.get("/units/28879");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Hình thành từ các xã");
    const link = /href="(\/communes\/28879\/checklist\?on=2025-06-30)"/.exec(html)![1];
    const archive = await admin.get(link);
    expect(archive.status).toBe(200);
    const text = await archive.text();
    expect(text).toContain("Xã Vĩnh Bình");
    expect(text).toContain('id="closed-unit-notice"');
    expect(text).toMatch(/href="\/units\/28879\?on=2025-07-01"/); // the successor, by its own date
    expect(text).not.toMatch(/indicators\/\d+\/edit/);
    const dossiers = await admin.get("/communes/28879/dossiers?on=2025-06-30");
    expect(dossiers.status).toBe(200);
    const ind = /indicators\/(\d+)\/history/.exec(text)![1];
    expect((await admin.post(`/communes/28879/indicators/${ind}?on=2025-06-30`, { value: "1", version: "1" })).status).toBe(403);
  });
});

describe("the new commune's checklist links to its predecessors", () => {
  it("once bound, Phú Phụng's checklist lists Sơn Định, Vĩnh Bình and Phú Phụng with their archive", async () => {
    const db = testDb();
    const admin = await loggedIn("admin.86");
    const set = (await findSetByCode(db, "QD318-2022-XA"))!;
    const res = await admin.post("/communes/28879/binding", { setId: String(set.id), key: "DBSCL", targetLevel: "NTM", targetYear: "2025", evalYear: "2025", version: "0" });
    expect(res.status).toBe(303);
    const page = await admin.get("/communes/28879/checklist");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Hình thành từ các xã");
    for (const name of ["Xã Sơn Định", "Xã Vĩnh Bình"]) expect(html).toContain(name);
    expect(html).toContain('href="/communes/28876/checklist?on=2025-06-30"');
  });
});

describe("accounts left on closed units", () => {
  it("are listed for the successor province's admin, who re-scopes xa.vinhbinh to Phú Phụng", async () => {
    const db = testDb();
    const admin = await loggedIn("admin.86");
    const list = await (await admin.get("/admin/users")).text();
    expect(list).toContain("Tài khoản cần chuyển phạm vi");
    expect(list).toMatch(/xa\.vinhbinh[\s\S]*Xã Vĩnh Bình[\s\S]*Xã Phú Phụng \(28879\)/);
    const account = (await db.select().from(users).where(eq(users.username, "xa.vinhbinh")).get())!;
    const res = await admin.post(`/admin/users/${account.id}`, { displayName: account.displayName, role: "commune_staff", unitCode: "28879", departmentId: "", version: String(account.version) });
    expect(res.status).toBe(303);
    const phuPhung = (await unitByCode(db, "28879"))!;
    expect((await db.select().from(users).where(eq(users.id, account.id)).get())!.unitId).toBe(phuPhung.id);
    // Re-scoped: the notice is gone and the home page shows the new commune.
    const home = await (await loggedIn("xa.vinhbinh")).get("/");
    const html = await home.text();
    expect(html).not.toContain('id="closed-unit-notice"');
    expect(html).toContain("Xã Phú Phụng");
  });
});

describe("codes typed into admin forms resolve by date", () => {
  it("a new account for unit 28879 is scoped to today's Phú Phụng", async () => {
    const admin = await loggedIn("admin.86");
    const res = await admin.post("/admin/users", { username: "xa.phuphung.test", displayName: "Cán bộ Phú Phụng", role: "commune_staff", unitCode: "28879", departmentId: "", password: "phu-phung-2026-ok" });
    expect(res.status).toBe(303);
    const user = (await testDb().select().from(users).where(eq(users.username, "xa.phuphung.test")).get())!;
    expect(user.unitId).toBe((await unitByCode(testDb(), "28879", "2025-07-01"))!.id);
  });

  it("an assignment's unit code is read on its start date", async () => {
    const db = testDb();
    await addUser("canbo.86", "cadre", province);
    const cadre = (await db.select().from(users).where(eq(users.username, "canbo.86")).get())!;
    const adminRow = (await db.select().from(users).where(eq(users.username, "admin.86")).get())!;
    const actor = { id: adminRow.id, role: "admin" as const, scope: unitRef(province), departmentId: null };
    const now = await createAssignment(db, actor, { cadreId: cadre.id, unitCode: "28879", role: "Nắm xã", planRef: "", periodFrom: "2026-01-05", periodTo: null }, null);
    expect(now.ok).toBe(true);
    // On 1/5/2025 the code named Bến Tre's Vĩnh Bình: outside this admin's province.
    const before = await createAssignment(db, actor, { cadreId: cadre.id, unitCode: "28879", role: "Nắm xã", planRef: "", periodFrom: "2025-05-01", periodTo: null }, null);
    expect(before).toMatchObject({ ok: false, errors: { unitCode: "Đơn vị nằm ngoài tỉnh của bạn." } });
  });
});

describe("carrying the recognised level across the merger (thừa nhận)", () => {
  it("the coordination office sees Phú Phụng's three predecessors with their 2021–2025 levels and a proposal", async () => {
    const items = await carryItems(testDb(), province);
    const phuPhung = items.find((i) => i.commune.code === "28879")!;
    expect(phuPhung.predecessors.map((p) => p.name).sort()).toEqual(["Xã Phú Phụng", "Xã Sơn Định", "Xã Vĩnh Bình"]);
    // Communes whose predecessors were all unrecognised have nothing to decide.
    for (const i of items) expect(i.needsDecision).toBe(i.predecessors.some((p) => p.level !== null));
    const admin = await loggedIn("admin.86");
    const page = await admin.get("/merger/carry-over");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("chưa kiểm chứng");
  });

  it("admin proposes, the leader decides; audited; shown on the commune page and the public list", async () => {
    const db = testDb();
    const item = (await carryItems(db, province)).find((i) => i.needsDecision)!;
    const code = item.commune.code;
    const admin = await loggedIn("admin.86");
    expect((await admin.post(`/merger/carry-over/${code}/propose`, {})).status).toBe(303);
    const leader = await loggedIn("lanhdao.86");
    // A leader cannot propose; an admin cannot decide.
    expect((await admin.post(`/merger/carry-over/${code}/decide`, { level: "", decisionNumber: "1", decisionDate: "01/08/2025", signer: "X" })).status).toBe(403);
    const bad = await leader.post(`/merger/carry-over/${code}/decide`, { level: "NTM", decisionNumber: "12/QĐ-UBND", decisionDate: "32/13/2025", signer: "Nguyễn Văn A" });
    expect(bad.status).toBe(422);
    const level = item.predecessors.find((p) => p.level)!.level!;
    const ok = await leader.post(`/merger/carry-over/${code}/decide`, { level, decisionNumber: "1234/QĐ-UBND", decisionDate: "15/08/2025", signer: "Nguyễn Văn A" });
    expect(ok.status).toBe(303);
    const row = (await db.select().from(carriedRecognitions).where(eq(carriedRecognitions.unitId, item.commune.id)).get())!;
    expect(row).toMatchObject({ level, decisionNumber: "1234/QĐ-UBND", decisionDate: "2025-08-15", decisionSigner: "Nguyễn Văn A" });
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, "carry.decide"), eq(auditLog.entityId, String(item.commune.id)))).get()).toBeTruthy();
    // A second decision is refused.
    expect((await leader.post(`/merger/carry-over/${code}/decide`, { level, decisionNumber: "2", decisionDate: "16/08/2025", signer: "B" })).status).toBe(409);
    expect(await (await admin.get(`/units/${code}`)).text()).toContain("1234/QĐ-UBND");
    const pub = await (await admin.get("/public/recognitions?province=86")).text();
    expect(pub).toContain("1234/QĐ-UBND");
    expect(pub).toContain(item.commune.name);
  });

  it("the admin picks the province's rule; it stays unverified; audited", async () => {
    const admin = await loggedIn("admin.86");
    expect((await admin.post("/merger/carry-over/rule", { rule: "nonsense", source: "" })).status).toBe(422);
    expect((await admin.post("/merger/carry-over/rule", { rule: "kept_code", source: "" })).status).toBe(303);
    const html = await (await admin.get("/merger/carry-over")).text();
    expect(html).toContain("Mức của xã cũ có mã được xã mới giữ lại");
    expect(html).toContain("chưa kiểm chứng");
    expect(await testDb().select().from(auditLog).where(eq(auditLog.action, "carry_rule.set")).get()).toBeTruthy();
    expect((await admin.post("/merger/carry-over/rule", { rule: "lowest", source: "" })).status).toBe(303);
  });

  it("a commune without recognised predecessors gets nothing to decide", async () => {
    const items = await carryItems(testDb(), province);
    const none = items.find((i) => !i.needsDecision);
    if (!none) return;
    const admin = await loggedIn("admin.86");
    expect((await admin.post(`/merger/carry-over/${none.commune.code}/propose`, {})).status).toBe(422);
  });

  it("the admin completes a partial succession row against its source text", async () => {
    const admin = await loggedIn("admin.86");
    const page = await (await admin.get("/merger/succession")).text();
    expect(page).toContain("Xã An Qui");
    expect(page).toContain("Xã An Thuận, Xã An Nhơn, Xã An Qui");
    const bad = await admin.post("/merger/succession/29224", { codes: "99999" });
    expect(bad.status).toBe(422);
    expect((await admin.post("/merger/succession/29224", { codes: "29218" })).status).toBe(303);
    expect((await unitByCode(testDb(), "29218", "2025-06-30"))!.validTo).toBe("2025-06-30");
    expect(await (await admin.get("/merger/succession")).text()).not.toContain('id="partial-29224"');
  });
});
