// Binding a commune to a criteria set (admin) against real D1 with the demo seeded.
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { loggedIn, seededDb, testDb } from "../factories";
import {
  areaCriterionCounts,
  areaLevelCounts,
  areaRoadmapCounts,
  areaRollups,
  auditLog,
  communeBindings,
  communeRollups,
  criteriaSets,
  indicatorValueHistory,
  indicatorValues,
  indicators,
  units,
  users,
} from "../../src/db/schema";
import type { Db } from "../../src/db/client";
import { unitByCode } from "../../src/services/units";
import { loadChecklist } from "../../src/services/checklist";
import { rebuildAreaRollups } from "../../src/services/rollups";
import { communeFiguresDifferences } from "../../src/services/commune-figures";
import { cloneSet, findSetByCode } from "../../src/services/criteria-sets";

const VB = "28879";
const NON_ADMINS = ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"];
const rowsRead = (res: Response) => Number(/rows=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? NaN);

beforeAll(async () => {
  await seededDb();
});

async function ctx(code = VB) {
  const db = testDb();
  const unit = (await unitByCode(db, code))!;
  const binding = await db.select().from(communeBindings).where(eq(communeBindings.unitId, unit.id)).get();
  return { db, unit, binding };
}

async function areaCounters(db: Db) {
  const province = (await unitByCode(db, "83"))!;
  const ids = [province.id, ...(await db.select({ id: units.id }).from(units).where(and(eq(units.provinceId, province.id), eq(units.level, "district"))).all()).map((r) => r.id)];
  const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify({ ...r, updatedAt: undefined })).sort();
  return {
    rollups: sorted((await db.select().from(areaRollups).where(inArray(areaRollups.unitId, ids)).all()).filter((r) => r.communes !== 0)),
    levels: sorted((await db.select().from(areaLevelCounts).where(inArray(areaLevelCounts.unitId, ids)).all()).filter((r) => r.communes !== 0)),
    criteria: sorted((await db.select().from(areaCriterionCounts).where(inArray(areaCriterionCounts.unitId, ids)).all()).filter((r) => r.communes !== 0)),
    roadmap: sorted((await db.select().from(areaRoadmapCounts).where(inArray(areaRoadmapCounts.unitId, ids)).all()).filter((r) => r.planned !== 0)),
  };
}

/** The counters kept up to date by the binding change equal a rebuild from the commune rollups and bindings. */
async function expectCountersMatchRebuild(db: Db) {
  const kept = await areaCounters(db);
  // The packed commune rows (progress pages) were refreshed in the same batches (issue 20).
  expect(await communeFiguresDifferences(db, (await unitByCode(db, "83"))!.id)).toEqual([]);
  await rebuildAreaRollups(db, (await unitByCode(db, "83"))!.id, new Date().toISOString());
  expect(kept).toEqual(await areaCounters(db));
}

/** The stored rollup equals a fresh evaluation of the commune's values. */
async function expectRollupFresh(db: Db, code: string) {
  const unit = (await unitByCode(db, code))!;
  const checklist = (await loadChecklist(db, unit))!;
  const rollup = (await db.select().from(communeRollups).where(eq(communeRollups.unitId, unit.id)).get())!;
  expect(rollup.setId).toBe(checklist.binding.setId);
  expect(rollup.criteriaMet).toEqual(checklist.evaluation.criteriaMet);
  expect(rollup.levelReached).toBe(checklist.evaluation.levelReached);
  const values = await db.select().from(indicatorValues).where(eq(indicatorValues.unitId, unit.id)).all();
  for (const v of values) expect(v.met, `indicator ${v.indicatorId}`).toEqual(checklist.evaluation.indicators.get(v.indicatorId));
}

const planned = async (db: Db, unitId: number, setId: number, year: number, level: string) =>
  (await db
    .select()
    .from(areaRoadmapCounts)
    .where(and(eq(areaRoadmapCounts.unitId, unitId), eq(areaRoadmapCounts.setId, setId), eq(areaRoadmapCounts.targetYear, year), eq(areaRoadmapCounts.targetLevel, level)))
    .get())?.planned ?? 0;

describe("binding form", () => {
  it("shows the current binding and a form with the set's keys, levels and years", async () => {
    const { binding } = await ctx();
    const admin = await loggedIn("admin");
    const res = await admin.get(`/communes/${VB}/binding`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Gắn bộ tiêu chí: Xã Vĩnh Bình");
    expect(html).toContain("Đang gắn");
    expect(html).toContain("Đồng bằng sông Cửu Long (vùng của tỉnh)");
    expect(html).toContain("Trung du và miền núi phía Bắc — xã đặc biệt khó khăn");
    expect(html).toContain('<option value="NTM_KM"');
    expect(html).toContain(`name="version" value="${binding!.version}"`);
    // phường/thị trấn sets are not offered to a xã
    expect(html).not.toContain("QD04-2022-DTVM");
    expect(html).toContain("QD51-2025-XA");
    expect(rowsRead(res)).toBeLessThanOrEqual(200);

    // choosing another set (htmx) re-renders the form for it: groups, its levels, its period
    const other = await admin.get(`/communes/${VB}/binding?set=${(await findSetByCode(testDb(), "QD51-2025-XA"))!.id}`, true);
    const frag = await other.text();
    expect(frag.startsWith('<section id="binding-form"')).toBe(true);
    expect(frag).toContain("Nhóm xã 2");
    expect(frag).toContain('<option value="NTM_HD"');
    expect(frag).toContain("không được chuyển");
    expect(frag).toContain('name="confirmArchive"');
  });

  it("refuses a wrong key kind, a level not in the set and a year outside the period (422, Vietnamese, input kept)", async () => {
    const { db, unit, binding } = await ctx();
    const admin = await loggedIn("admin");
    const set318 = binding!.setId;
    const set51 = (await findSetByCode(db, "QD51-2025-XA"))!.id;
    const base = { setId: String(set318), key: "DBSCL", targetLevel: "NTM_NC", targetYear: "2025", evalYear: "2025", version: String(binding!.version) };
    const cases: [Record<string, string>, string][] = [
      [{ key: "1" }, "Bộ tiêu chí này chia chỉ tiêu đích theo vùng: hãy chọn vùng, không phải nhóm xã “1”."],
      [{ key: "DBSH" }, "Vùng “DBSH” không dùng được cho xã này"],
      [{ setId: String(set51), key: "DBSCL", targetLevel: "NTM", targetYear: "2030", evalYear: "2026", confirmArchive: "1" }, "Bộ tiêu chí này chia chỉ tiêu đích theo nhóm xã (1, 2, 3): hãy chọn nhóm xã, không phải vùng “DBSCL”."],
      [{ targetLevel: "DTVM" }, "Mức “DTVM” không có trong bộ tiêu chí này"],
      [{ evalYear: "2030" }, "Năm đánh giá phải trong giai đoạn 2021–2025 của bộ tiêu chí."],
      [{ targetYear: "2019" }, "Năm phấn đấu đạt phải trong giai đoạn 2021–2025 của bộ tiêu chí."],
      [{ setId: String((await findSetByCode(db, "QD04-2022-DTVM"))!.id), key: "all", targetLevel: "DTVM", confirmArchive: "1" }, "không áp dụng cho loại đơn vị này"],
      [{ setId: "999999" }, "Hãy chọn bộ tiêu chí."],
    ];
    const auditBefore = (await db.select().from(auditLog).all()).length;
    for (const [change, message] of cases) {
      const res = await admin.post(`/communes/${VB}/binding`, { ...base, ...change }, { htmx: true });
      expect(res.status, JSON.stringify(change)).toBe(422);
      const html = await res.text();
      expect(html, JSON.stringify(change)).toContain(message);
      if (change.evalYear) expect(html).toContain(`value="${change.evalYear}"`);
    }
    expect(await db.select().from(communeBindings).where(eq(communeBindings.unitId, unit.id)).get()).toEqual(binding);
    expect((await db.select().from(auditLog).all()).length).toBe(auditBefore);
  });
});

describe("changing key, level or years", () => {
  it("updates the binding (audited), moves the roadmap count, recomputes the commune; a stale form gets 409", async () => {
    const { db, unit, binding } = await ctx();
    const b = binding!;
    const admin = await loggedIn("admin");
    const district = unit.districtId!;
    const oldPlanned = await planned(db, district, b.setId, b.targetYear, b.targetLevel);
    const newPlanned = await planned(db, district, b.setId, 2024, "NTM_KM");
    const res = await admin.post(`/communes/${VB}/binding`, { setId: String(b.setId), key: "TDMNPB", targetLevel: "NTM_KM", targetYear: "2024", evalYear: "2024", version: String(b.version) });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(`/communes/${VB}/binding?saved=update`);
    const after = (await db.select().from(communeBindings).where(eq(communeBindings.unitId, unit.id)).get())!;
    expect(after).toMatchObject({ setId: b.setId, key: "TDMNPB", targetLevel: "NTM_KM", targetYear: 2024, evalYear: 2024, version: b.version + 1 });
    expect(await planned(db, district, b.setId, b.targetYear, b.targetLevel)).toBe(oldPlanned - 1);
    expect(await planned(db, district, b.setId, 2024, "NTM_KM")).toBe(newPlanned + 1);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.entity, "commune_binding"), eq(auditLog.entityId, VB))).all();
    expect(audit.map((a) => a.action)).toEqual(["commune_binding.update"]);
    expect(audit[0].before).toMatchObject({ key: "DBSCL", targetLevel: b.targetLevel });
    expect(audit[0].after).toMatchObject({ key: "TDMNPB", targetLevel: "NTM_KM" });
    await expectRollupFresh(db, VB);
    await expectCountersMatchRebuild(db);
    const page = await (await admin.get(`/communes/${VB}/binding?saved=update`)).text();
    expect(page).toContain("Đã lưu và tính lại kết quả của xã.");

    const stale = await admin.post(`/communes/${VB}/binding`, { setId: String(b.setId), key: "DBSCL", targetLevel: "NTM", targetYear: "2025", evalYear: "2025", version: String(b.version) }, { htmx: true });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain("Người khác đã lưu cách gắn của xã trước bạn");
    expect(html).toContain(`name="version" value="${b.version + 1}"`);
    expect((await db.select().from(communeBindings).where(eq(communeBindings.unitId, unit.id)).get())!.key).toBe("TDMNPB");

    // Back to the region of the province (a deliberate resubmit with the newer version).
    const back = await admin.post(`/communes/${VB}/binding`, { setId: String(b.setId), key: "DBSCL", targetLevel: b.targetLevel, targetYear: String(b.targetYear), evalYear: String(b.evalYear), version: String(b.version + 1) });
    expect(back.status).toBe(303);
    await expectRollupFresh(db, VB);
    await expectCountersMatchRebuild(db);
  });
});

describe("changing the set", () => {
  it("refuses while values exist unless the admin confirms archiving; then archives them to the history and binds anew", async () => {
    const { db, unit, binding } = await ctx();
    const b = binding!;
    const admin = await loggedIn("admin");
    const adminId = (await db.select({ id: users.id }).from(users).where(eq(users.username, "admin")).get())!.id;
    const province = (await unitByCode(db, "83"))!;
    const cloned = await cloneSet(db, b.setId, { code: "QD318-2022-XA-BT", name: "Bộ 318 áp dụng tại Bến Tre", provinceId: province.id, actorId: adminId });
    if (!cloned.ok) throw new Error(cloned.errors.join("; "));
    await db.update(criteriaSets).set({ status: "active" }).where(eq(criteriaSets.id, cloned.setId));
    const entered = await db.select().from(indicatorValues).where(eq(indicatorValues.unitId, unit.id)).all();
    const withData = entered.filter((v) => v.value !== null || v.evidenceNote !== null || v.evidenceLink !== null);
    expect(withData.length).toBeGreaterThan(0);
    const form = { setId: String(cloned.setId), key: "DBSCL", targetLevel: "NTM_NC", targetYear: "2025", evalYear: "2025", version: String(b.version) };

    const refused = await admin.post(`/communes/${VB}/binding`, form, { htmx: true });
    expect(refused.status).toBe(422);
    const msg = await refused.text();
    expect(msg).toContain(`đã có số liệu ở ${withData.length} chỉ tiêu`);
    expect(msg).toContain("Số liệu không được chuyển sang bộ mới (kể cả bộ nhân bản từ bộ cũ)");
    expect(await db.select().from(indicatorValues).where(eq(indicatorValues.unitId, unit.id)).all()).toEqual(entered);

    const historyBefore = (await db.select().from(indicatorValueHistory).where(eq(indicatorValueHistory.unitId, unit.id)).all()).length;
    const oldProvince = (await db.select().from(areaRollups).where(and(eq(areaRollups.unitId, province.id), eq(areaRollups.setId, b.setId))).get())!;
    const res = await admin.post(`/communes/${VB}/binding`, { ...form, confirmArchive: "1" });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(`/communes/${VB}/binding?saved=change_set`);

    const archived = await db.select().from(indicatorValueHistory).where(and(eq(indicatorValueHistory.unitId, unit.id), eq(indicatorValueHistory.note, "Đổi bộ tiêu chí"))).all();
    expect(archived.length).toBe(withData.length);
    expect((await db.select().from(indicatorValueHistory).where(eq(indicatorValueHistory.unitId, unit.id)).all()).length).toBe(historyBefore + withData.length);
    const sample = withData.find((v) => v.evidenceNote !== null)!;
    expect(archived.find((h) => h.indicatorId === sample.indicatorId)).toMatchObject({ oldValue: sample.value, newValue: null, oldEvidence: sample.evidenceNote, changedBy: adminId });

    const newIndicators = await db.select({ id: indicators.id }).from(indicators).where(eq(indicators.setId, cloned.setId)).all();
    const values = await db.select().from(indicatorValues).where(eq(indicatorValues.unitId, unit.id)).all();
    expect(values.map((v) => v.indicatorId).sort()).toEqual(newIndicators.map((i) => i.id).sort());
    expect(values.every((v) => v.value === null)).toBe(true);
    const after = (await db.select().from(communeBindings).where(eq(communeBindings.unitId, unit.id)).get())!;
    expect(after).toMatchObject({ setId: cloned.setId, key: "DBSCL", version: b.version + 1 });
    expect((await db.select().from(communeRollups).where(eq(communeRollups.unitId, unit.id)).get())!.setId).toBe(cloned.setId);
    expect((await db.select().from(areaRollups).where(and(eq(areaRollups.unitId, province.id), eq(areaRollups.setId, b.setId))).get())!.communes).toBe(oldProvince.communes - 1);
    expect((await db.select().from(areaRollups).where(and(eq(areaRollups.unitId, province.id), eq(areaRollups.setId, cloned.setId))).get())!.communes).toBe(1);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.action, "commune_binding.change_set"), eq(auditLog.entityId, VB))).all();
    expect(audit.length).toBe(1);
    expect(audit[0].after).toMatchObject({ setId: cloned.setId, archivedValues: withData.length, fromSetId: b.setId });
    await expectRollupFresh(db, VB);
    await expectCountersMatchRebuild(db);

    // The stale form from before the change is refused.
    const stale = await admin.post(`/communes/${VB}/binding`, { ...form, setId: String(b.setId), confirmArchive: "1" });
    expect(stale.status).toBe(409);
  });
});

describe("a new binding", () => {
  it("binds an unbound commune with bindCommune (values, rollups, counters), audited; a second create gets 409", async () => {
    const db = testDb();
    const vb = (await unitByCode(db, VB))!;
    const { id: _id, ...copy } = vb;
    await db.insert(units).values({ ...copy, code: "99901", name: "Xã Thử Nghiệm", nameFolded: "xa thu nghiem" });
    const unit = (await unitByCode(db, "99901"))!;
    const set = (await findSetByCode(db, "QD318-2022-XA"))!;
    const admin = await loggedIn("admin");
    const page = await (await admin.get("/communes/99901/binding")).text();
    expect(page).toContain("Xã Thử Nghiệm chưa được gắn bộ tiêu chí.");
    expect(page).toContain('name="version" value="0"');
    expect(page).toContain('<option value="DBSCL" selected');
    const province = (await unitByCode(db, "83"))!;
    const before = (await db.select().from(areaRollups).where(and(eq(areaRollups.unitId, province.id), eq(areaRollups.setId, set.id))).get())!.communes;
    const plannedBefore = await planned(db, unit.districtId!, set.id, 2025, "NTM");
    const form = { setId: String(set.id), key: "DBSCL", targetLevel: "NTM", targetYear: "2025", evalYear: "2025", version: "0" };
    const res = await admin.post("/communes/99901/binding", form);
    expect(res.status).toBe(303);
    const binding = (await db.select().from(communeBindings).where(eq(communeBindings.unitId, unit.id)).get())!;
    expect(binding).toMatchObject({ setId: set.id, key: "DBSCL", targetLevel: "NTM", targetYear: 2025, evalYear: 2025, version: 1 });
    expect((await db.select().from(indicatorValues).where(eq(indicatorValues.unitId, unit.id)).all()).length).toBe(66);
    expect((await db.select().from(communeRollups).where(eq(communeRollups.unitId, unit.id)).get())!.criteriaMetBase).toBe(0);
    expect((await db.select().from(areaRollups).where(and(eq(areaRollups.unitId, province.id), eq(areaRollups.setId, set.id))).get())!.communes).toBe(before + 1);
    expect(await planned(db, unit.districtId!, set.id, 2025, "NTM")).toBe(plannedBefore + 1);
    expect((await db.select().from(auditLog).where(and(eq(auditLog.entity, "commune_binding"), eq(auditLog.entityId, "99901"))).all()).map((a) => a.action)).toEqual(["commune_binding.create"]);
    await expectCountersMatchRebuild(db);
    const again = await admin.post("/communes/99901/binding", form, { htmx: true });
    expect(again.status).toBe(409);
    expect((await db.select().from(indicatorValues).where(eq(indicatorValues.unitId, unit.id)).all()).length).toBe(66);
    // the commune's checklist now opens
    expect((await admin.get("/communes/99901/checklist")).status).toBe(200);
  });
});

describe("permissions", () => {
  it("gives non-admins 403 on the binding routes; only admins see the link on the unit page", async () => {
    const { db, unit, binding } = await ctx();
    for (const name of NON_ADMINS) {
      const client = await loggedIn(name);
      expect((await client.get(`/communes/${VB}/binding`)).status, name).toBe(403);
      const res = await client.post(`/communes/${VB}/binding`, { setId: String(binding!.setId), key: "DBSCL", targetLevel: "NTM", targetYear: "2025", evalYear: "2025", version: String(binding!.version) });
      expect(res.status, name).toBe(403);
      const unitPage = await client.get(`/units/${VB}`);
      if (unitPage.status === 200) expect(await unitPage.text()).not.toContain(`/communes/${VB}/binding`);
    }
    expect(await db.select().from(communeBindings).where(eq(communeBindings.unitId, unit.id)).get()).toEqual(binding);
    const admin = await loggedIn("admin");
    expect(await (await admin.get(`/units/${VB}`)).text()).toContain(`<a class="button" href="/communes/${VB}/binding">Gắn bộ tiêu chí</a>`);
    expect((await admin.get("/communes/832/binding")).status).toBe(404);
    expect((await admin.get("/communes/00000/binding")).status).toBe(404);
  });
});
