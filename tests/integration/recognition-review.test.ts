// Issue 12 item 6: a model commune is reviewed against the advanced criteria plus its model conditions and
// needs a prior advanced recognition; the 18/2022 revocation rule covers 2021–2025 recognitions only, a
// 2026–2030 one follows the province's own (unverified) setting, none configured by default.
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { loggedIn, seededDb, testDb } from "../factories";
import { auditLog, communeRollups, criteria, dossiers, units, users } from "../../src/db/schema";
import { unitByCode } from "../../src/services/units";
import { annualReview, setProvinceRevocationRule } from "../../src/services/recognition-review";
import { findSetByCode } from "../../src/services/criteria-sets";
import { NO_RULE_MESSAGE } from "../../src/domain/recognition-review";

beforeAll(async () => {
  await seededDb();
});

const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10).split("-").reverse().join("/");

async function province() {
  return (await unitByCode(testDb(), "83"))!;
}

/** The demo's model communes (recognised NTM_KM), by commune id. */
async function modelCommunes() {
  const p = await province();
  return testDb().select({ id: dossiers.id, communeId: dossiers.communeId }).from(dossiers).where(and(eq(dossiers.provinceId, p.id), eq(dossiers.level, "NTM_KM"), eq(dossiers.status, "recognised"))).all();
}

describe("model communes (319/QĐ-TTg)", () => {
  it("every demo model commune also holds an earlier advanced recognition", async () => {
    const models = await modelCommunes();
    expect(models.length).toBeGreaterThan(0);
    const nc = await testDb()
      .select({ communeId: dossiers.communeId, date: dossiers.decisionDate })
      .from(dossiers)
      .where(and(inArray(dossiers.communeId, models.map((m) => m.communeId)), eq(dossiers.level, "NTM_NC"), eq(dossiers.status, "recognised")))
      .all();
    expect(new Set(nc.map((r) => r.communeId))).toEqual(new Set(models.map((m) => m.communeId)));
  });

  it("a model commune failing 10 of its 19 advanced criteria is listed for revocation by the yearly review", async () => {
    const db = testDb();
    const [model] = await modelCommunes();
    const rollup = (await db.select().from(communeRollups).where(eq(communeRollups.unitId, model.communeId)).get())!;
    const crit = await db.select().from(criteria).where(eq(criteria.setId, rollup.setId)).all();
    const advanced = crit.filter((c) => rollup.criteria[String(c.id)]?.NTM_NC !== undefined).sort((a, b) => a.number - b.number);
    expect(advanced).toHaveLength(19);
    // The commune's current results: 10 advanced criteria now fail (the basic NTM results and model conditions stay met).
    const results = structuredClone(rollup.criteria);
    for (const c of advanced.slice(0, 10)) results[String(c.id)] = { ...results[String(c.id)], NTM_NC: false };
    await db.update(communeRollups).set({ criteria: results }).where(eq(communeRollups.unitId, model.communeId));

    const items = await annualReview(db, (await province()).id);
    const item = items.find((i) => i.dossierId === model.id)!;
    expect(item.level).toBe("NTM_KM");
    expect(item.cls).toBe("revoke");
    expect(item.check).toMatchObject({ failed: 10, total: 20, revoke: true });
    expect(item.failing.map((f) => f.number)).toEqual(advanced.slice(0, 10).map((c) => c.number));

    const html = await (await (await loggedIn("lanhdao")).get("/recognitions/review")).text();
    expect(html).toContain("Xã kiểu mẫu được rà soát theo các tiêu chí nâng cao cùng điều kiện kiểu mẫu.");
  });

  it("refuses a model dossier for a commune without an advanced recognition (registration and decision)", async () => {
    const db = testDb();
    const commune = await loggedIn("xa.vinhbinh");
    const res = await commune.post("/communes/28879/dossiers", { level: "NTM_KM", year: "2025" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Chỉ xét mức “Đạt chuẩn nông thôn mới kiểu mẫu” cho xã đã có quyết định công nhận mức “Đạt chuẩn nông thôn mới nâng cao”");
    const vb = (await unitByCode(db, "28879"))!;
    expect(await db.select().from(dossiers).where(and(eq(dossiers.communeId, vb.id), eq(dossiers.level, "NTM_KM"))).all()).toEqual([]);

    // A model dossier already appraised (e.g. loaded from elsewhere) still cannot be decided without the advanced recognition.
    const set = (await findSetByCode(db, "QD318-2022-XA"))!;
    const admin = (await db.select().from(users).where(eq(users.username, "admin")).get())!;
    const [d] = await db
      .insert(dossiers)
      .values({ communeId: vb.id, provinceId: vb.provinceId!, districtId: vb.districtId, setId: set.id, level: "NTM_KM", year: 2025, chain: "district_review", status: "appraised", createdBy: admin.id })
      .returning();
    const boss = await loggedIn("lanhdao");
    const decided = await boss.post(`/dossiers/${d.id}/recognise`, { version: String(d.version), number: "321/QĐ-UBND", date: today(), signer: "Chủ tịch UBND tỉnh" });
    expect(decided.status).toBe(422);
    expect(await decided.text()).toContain("chưa được công nhận mức đó");
    expect((await db.select().from(dossiers).where(eq(dossiers.id, d.id)).get())!.status).toBe("appraised");
  });
});

describe("the revocation rule by period", () => {
  it("a 2026–2030 recognition with no province rule is listed as having no verified rule, neither ok nor revoke; a province rule applies once set", async () => {
    const db = testDb();
    const p = await province();
    const set51 = (await findSetByCode(db, "QD51-2025-XA"))!;
    const commune = (await db.select().from(units).where(and(eq(units.provinceId, p.id), eq(units.kind, "xa"))).limit(1).get())!;
    const admin = (await db.select().from(users).where(eq(users.username, "admin")).get())!;
    const [d] = await db
      .insert(dossiers)
      .values({ communeId: commune.id, provinceId: p.id, districtId: commune.districtId, setId: set51.id, level: "NTM", year: 2026, chain: "district_review", status: "recognised", decisionNumber: "77/QĐ-UBND", decisionDate: "2026-06-01", createdBy: admin.id })
      .returning();

    let item = (await annualReview(db, p.id)).find((i) => i.dossierId === d.id)!;
    expect(item.cls).toBe("no_rule");
    expect(item.check.revoke).toBe(false);
    expect(item.check.reason).toBe(NO_RULE_MESSAGE);
    expect(item.rule).toEqual({ kind: "none", verified: false });
    const html = await (await (await loggedIn("lanhdao")).get("/recognitions/review")).text();
    expect(html).toContain("Chưa có quy tắc thu hồi đã xác minh (1)");

    // 2021–2025 recognitions keep 18/2022.
    const old = (await annualReview(db, p.id)).filter((i) => i.dossierId !== d.id);
    expect(old.every((i) => i.rule.kind === "qd18_2022" && i.cls !== "no_rule")).toBe(true);

    await setProvinceRevocationRule(db, admin.id, p, { rule: "qd18_2022", source: null }, null);
    item = (await annualReview(db, p.id)).find((i) => i.dossierId === d.id)!;
    expect(item.rule).toEqual({ kind: "province", verified: false, source: null });
    expect(item.cls).not.toBe("no_rule");
  });

  it("the admin sets the province's 2026–2030 rule on the recognitions page (audited); it stays marked unverified until a text is named", async () => {
    const db = testDb();
    const admin = await loggedIn("admin");
    const refused = await admin.post("/recognitions/revocation-rule", { rule: "thu-hoi-ngay", source: "" });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Hãy chọn một quy tắc.");
    expect((await (await loggedIn("lanhdao")).post("/recognitions/revocation-rule", { rule: "none", source: "" })).status).toBe(403);

    expect((await admin.post("/recognitions/revocation-rule", { rule: "none", source: "" })).status).toBe(303);
    let page = await (await admin.get("/recognitions")).text();
    expect(page).toContain("Quy tắc thu hồi cho công nhận giai đoạn 2026–2030");
    expect(page).toContain("<strong>chưa có quy tắc</strong>");
    expect(page).toContain("chưa xác minh");

    expect((await admin.post("/recognitions/revocation-rule", { rule: "qd18_2022", source: "Quyết định số 12/2026/QĐ-UBND" })).status).toBe(303);
    page = await (await admin.get("/recognitions")).text();
    expect(page).toContain("tỉnh áp dụng ngưỡng của 18/2022/QĐ-TTg");
    expect(page).toContain("(theo Quyết định số 12/2026/QĐ-UBND)");
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, "province_settings.revocation_rule_2026")).all();
    expect(audit.at(-1)).toMatchObject({ entity: "province", entityId: "83" });
    const p = await province();
    const item = (await annualReview(db, p.id)).find((i) => i.rule.kind === "province")!;
    expect(item.rule).toEqual({ kind: "province", verified: true, source: "Quyết định số 12/2026/QĐ-UBND" });
  });
});
