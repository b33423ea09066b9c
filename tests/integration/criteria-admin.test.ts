// Admin side of criteria sets against real D1 (seeded demo): list, upload (dry run / load), export, target edit with
// recomputation, clone, status, permissions.
import { and, asc, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { Client, loggedIn, seededDb, testDb } from "../factories";
import {
  areaCriterionCounts,
  areaLevelCounts,
  areaRoadmapCounts,
  areaRollups,
  auditLog,
  communeBindings,
  communeRollups,
  criteria,
  criteriaLevels,
  criteriaSets,
  indicatorTargets,
  indicatorValues,
  indicators,
  units,
} from "../../src/db/schema";
import qd318 from "../../data/criteria-sets/qd318-2022-xa.json";
import { criteriaSetSchema, type CriteriaSetFile } from "../../src/domain/criteria-format";
import { setToRows } from "../../src/domain/criteria-sheet";
import { rowsToCsv, rowsToXlsx, xlsxToRows } from "../../src/domain/criteria-sheet-formats";
import { exportSet, findSetByCode } from "../../src/services/criteria-sets";
import { unitByCode } from "../../src/services/units";
import { loadChecklist, recomputeCommune } from "../../src/services/checklist";
import { rebuildAreaRollups } from "../../src/services/rollups";
import { communeFiguresDifferences } from "../../src/services/commune-figures";
import type { Db } from "../../src/db/client";

const QD318 = criteriaSetSchema.parse(qd318);
const VB = "28879";
const NON_ADMINS = ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"];
const rowsRead = (res: Response) => Number(/rows=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? NaN);

beforeAll(async () => {
  await seededDb();
}, 60_000);

/** Every row of the tables a criteria upload could touch, as one string. */
async function digest(db: Db): Promise<string> {
  const parts = await Promise.all([
    db.select().from(criteriaSets).orderBy(asc(criteriaSets.id)).all(),
    db.select().from(criteriaLevels).orderBy(asc(criteriaLevels.id)).all(),
    db.select().from(criteria).orderBy(asc(criteria.id)).all(),
    db.select().from(indicators).orderBy(asc(indicators.id)).all(),
    db.select().from(indicatorTargets).orderBy(asc(indicatorTargets.id)).all(),
    db.select().from(auditLog).orderBy(asc(auditLog.id)).all(),
  ]);
  return JSON.stringify(parts);
}

/** The district and province counters of Bến Tre, to compare with a rebuild from scratch. */
async function areaCounters(db: Db) {
  const province = (await unitByCode(db, "83"))!;
  const areaIds = [province.id, ...(await db.select({ id: communeRollups.districtId }).from(communeRollups).where(eq(communeRollups.provinceId, province.id)).all()).map((r) => r.id!)];
  const ids = [...new Set(areaIds)];
  const strip = <T extends Record<string, unknown>>(rows: T[]) => rows.map(({ updatedAt: _u, ...r }) => r).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return {
    rollups: strip(await db.select().from(areaRollups).where(inArray(areaRollups.unitId, ids)).all()),
    levels: strip(await db.select().from(areaLevelCounts).where(inArray(areaLevelCounts.unitId, ids)).all()).filter((r) => r.communes !== 0),
    criteria: strip(await db.select().from(areaCriterionCounts).where(inArray(areaCriterionCounts.unitId, ids)).all()).filter((r) => r.communes !== 0),
    roadmap: strip(await db.select().from(areaRoadmapCounts).where(inArray(areaRoadmapCounts.unitId, ids)).all()).filter((r) => r.planned !== 0),
  };
}

async function expectCountersMatchRebuild(db: Db) {
  const kept = await areaCounters(db);
  const province = (await unitByCode(db, "83"))!;
  // The packed commune rows (progress pages) were refreshed in the same batches (issue 20).
  expect(await communeFiguresDifferences(db, province.id)).toEqual([]);
  await rebuildAreaRollups(db, province.id, new Date().toISOString());
  expect(kept).toEqual(await areaCounters(db));
}

async function upload(client: Client, file: { name: string; bytes: Uint8Array | string; type: string }, fields: Record<string, string>, htmx = false) {
  const form = new FormData();
  form.set("_csrf", client.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("file", new File([file.bytes], file.name, { type: file.type }));
  return client.fetch("/admin/criteria/upload", { method: "POST", body: form, htmx });
}

const renamed = (code: string): CriteriaSetFile => ({ ...structuredClone(QD318), code, name: `${QD318.name} (thử ${code})` });

describe("list and export", () => {
  it("lists every set with decision, period, status, scope and the communes bound in the province", async () => {
    const admin = await loggedIn("admin");
    const res = await admin.get("/admin/criteria");
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const code of ["QD318-2022-XA", "QD04-2022-DTVM", "QD51-2025-XA"]) expect(html).toContain(code);
    expect(html).toContain("318/QĐ-TTg");
    expect(html).toContain("2021–2025");
    expect(html).toContain("Đang áp dụng");
    expect(html).toContain("Toàn quốc");
    // every commune of Bến Tre is bound: xã to 318, phường/thị trấn to 04
    const db = testDb();
    const set318 = (await findSetByCode(db, "QD318-2022-XA"))!;
    const bound = (await db.select().from(communeBindings).where(eq(communeBindings.setId, set318.id)).all()).length;
    expect(bound).toBeGreaterThan(100);
    const row = new RegExp(`<tr id="set-${set318.id}">[\\s\\S]*?</tr>`).exec(html)![0];
    expect(row).toContain(`<td data-label="Số xã đã gắn" class="num">${bound}</td>`);
    expect(row).toContain(`href="/admin/criteria/${set318.id}/export/xlsx"`);
    expect(html).toContain('name="dryRun"');
    expect(rowsRead(res)).toBeLessThanOrEqual(60);
  });

  it("exports QD318 from the seeded database as XLSX identical to the fixture built from the shipped JSON", async () => {
    const admin = await loggedIn("admin");
    const set = (await findSetByCode(testDb(), "QD318-2022-XA"))!;
    const res = await admin.get(`/admin/criteria/${set.id}/export/xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="bo-tieu-chi-QD318-2022-XA.xlsx"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const fixture = rowsToXlsx(setToRows(QD318));
    // SheetJS writes no timestamps, so the bytes are deterministic: compare byte for byte (rows too, for a readable diff).
    expect(xlsxToRows(bytes).rows).toEqual(xlsxToRows(fixture).rows);
    expect(bytes.length).toBe(fixture.length);
    expect(Buffer.from(bytes).equals(Buffer.from(fixture))).toBe(true);
  });

  it("exports JSON with full fidelity and CSV in the sheet layout, as attachments", async () => {
    const admin = await loggedIn("admin");
    const set = (await findSetByCode(testDb(), "QD318-2022-XA"))!;
    const json = await admin.get(`/admin/criteria/${set.id}/export/json`);
    expect(json.headers.get("Content-Disposition")).toBe('attachment; filename="bo-tieu-chi-QD318-2022-XA.json"');
    expect(json.headers.get("Content-Type")).toContain("application/json");
    expect(await json.json()).toEqual(QD318);
    const csv = await admin.get(`/admin/criteria/${set.id}/export/csv`);
    expect(csv.headers.get("Content-Disposition")).toBe('attachment; filename="bo-tieu-chi-QD318-2022-XA.csv"');
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(new TextDecoder("utf-8", { ignoreBOM: true, fatal: false }).decode(await csv.arrayBuffer())).toBe(rowsToCsv(setToRows(QD318)));
    expect((await admin.get(`/admin/criteria/${set.id}/export/pdf`)).status).toBe(404);
    expect((await admin.get(`/admin/criteria/999999/export/json`)).status).toBe(404);
  });
});

describe("upload", () => {
  it("dry-runs a CSV with errors: reports them by row in Vietnamese and changes nothing", async () => {
    const db = testDb();
    const admin = await loggedIn("admin");
    const rows = setToRows(renamed("QD318-THU-CSV"));
    // sheet row = index + 2 (header is row 1)
    rows[6].target_value = "nhiều"; // row 8: a number target that is not a number
    rows[11].year_from = "20x1"; // row 13
    rows[20].target_level = "NTM_XX"; // row 22
    const csv = rowsToCsv(rows);
    const before = await digest(db);
    for (const dryRun of ["1", ""]) {
      const res = await upload(admin, { name: "bo-thu.csv", bytes: csv, type: "text/csv" }, { dryRun, scope: "province" });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain("Dòng 8");
      expect(html).toContain("Dòng 13");
      expect(html).toContain("Dòng 22");
      expect(html).toContain("không hợp lệ");
      expect(html).toContain("có 3 lỗi");
      expect(html).toContain("“nhiều”");
    }
    expect(await digest(db)).toBe(before);
  });

  it("dry-runs a valid XLSX as a fragment for htmx: summary, nothing saved", async () => {
    const db = testDb();
    const admin = await loggedIn("admin");
    const before = await digest(db);
    const bytes = rowsToXlsx(setToRows(renamed("QD318-THU-XLSX")));
    const res = await upload(admin, { name: "bo.xlsx", bytes, type: "application/octet-stream" }, { dryRun: "1", scope: "province" }, true);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<section id="upload-panel"')).toBe(true);
    expect(html).toContain("tệp “bo.xlsx” hợp lệ, chưa lưu gì");
    expect(html).toContain("20 tiêu chí, 66 chỉ tiêu");
    expect(await digest(db)).toBe(before);
  });

  it("refuses a missing, unknown or too large file, and a code already in use, without saving", async () => {
    const db = testDb();
    const admin = await loggedIn("admin");
    const before = await digest(db);
    let res = await upload(admin, { name: "bo.pdf", bytes: "%PDF-1.4", type: "application/pdf" }, { scope: "province" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Chỉ nhận tệp .json, .csv hoặc .xlsx.");
    const big = new Uint8Array(2 * 1024 * 1024 + 10).fill(0x20);
    res = await upload(admin, { name: "to.csv", bytes: big, type: "text/csv" }, { scope: "province" });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("tối đa 2 MB");
    res = await upload(admin, { name: "qd318.json", bytes: JSON.stringify(QD318), type: "application/json" }, { scope: "national" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Mã bộ tiêu chí &quot;QD318-2022-XA&quot; đã có");
    res = await upload(admin, { name: "hong.json", bytes: "{ khong phai json", type: "application/json" }, { scope: "national" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Tệp JSON không đúng cú pháp");
    expect(await digest(db)).toBe(before);
  });

  it("loads a JSON set (audited) and exports the same JSON", async () => {
    const db = testDb();
    const admin = await loggedIn("admin");
    const file = renamed("QD318-THU-JSON");
    const res = await upload(admin, { name: "bo.json", bytes: JSON.stringify(file), type: "application/json" }, { scope: "province" });
    expect(res.status).toBe(303);
    const set = (await findSetByCode(db, "QD318-THU-JSON"))!;
    expect(res.headers.get("Location")).toBe(`/admin/criteria/${set.id}?loaded=1`);
    const province = (await unitByCode(db, "83"))!;
    expect(set.provinceId).toBe(province.id);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.entity, "criteria_set"), eq(auditLog.entityId, "QD318-THU-JSON"))).all();
    expect(audit.map((a) => a.action)).toEqual(["criteria_set.load"]);
    const exported = await admin.get(`/admin/criteria/${set.id}/export/json`);
    expect(await exported.json()).toEqual(file);
    expect(await exportSet(db, set.id)).toEqual(file);
    const page = await (await admin.get(`/admin/criteria/${set.id}?loaded=1`)).text();
    expect(page).toContain("Đã nạp bộ tiêu chí.");
    expect(page).toContain("Tỉnh Bến Tre");
  });
});

describe("a set's page", () => {
  it("shows levels, criteria, indicators and every target with its key, years, value, source and unverified mark", async () => {
    const db = testDb();
    const admin = await loggedIn("admin");
    const set = (await findSetByCode(db, "QD318-2022-XA"))!;
    const res = await admin.get(`/admin/criteria/${set.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const targets = await db.select().from(indicatorTargets).where(eq(indicatorTargets.setId, set.id)).all();
    expect([...html.matchAll(/<li id="t-\d+"/g)].length).toBe(targets.length);
    expect([...html.matchAll(/class="badge warn unverified"/g)].length).toBe(targets.filter((t) => !t.verified).length);
    expect(html).toContain("NTM nâng cao");
    expect(html).toContain("Đồng bằng sông Cửu Long · 2021–2025");
    expect(html).toContain("2. Giao thông");
    expect(html).toContain("Nhân bản cho tỉnh");
    expect(html).toContain("Chuyển sang “Ngừng áp dụng”");
    // ~395 targets, 66 indicators, 20 criteria, 3 levels, the set, the session
    expect(rowsRead(res)).toBeLessThanOrEqual(600);
  });
});

/** A numeric NTM target that Vĩnh Bình meets now, with the value that makes it fail. */
async function metNumericTarget(db: Db) {
  const unit = (await unitByCode(db, VB))!;
  const checklist = (await loadChecklist(db, unit))!;
  for (const ind of checklist.def.indicators) {
    if ((ind.kind !== "number" && ind.kind !== "percent") || ind.comparator !== "gte") continue;
    const target = checklist.def.targets.find((t) => t.indicatorId === ind.id && t.level === "NTM" && t.key === "DBSCL" && t.yearFrom <= 2025 && 2025 <= t.yearTo);
    const value = checklist.values.get(ind.id)?.value;
    if (!target || value == null || !checklist.evaluation.indicators.get(ind.id)?.NTM) continue;
    const failing = Number(value) + (ind.kind === "percent" ? Math.min(1, (100 - Number(value)) / 2) : 1);
    if (ind.kind === "percent" && failing > 100) continue;
    if (ind.kind === "percent" && Number(value) >= 100) continue;
    return { unit, ind, target, value: Number(value), failing };
  }
  throw new Error("no met numeric target");
}

describe("editing a target", () => {
  it("shows the form typed by the indicator's kind; bad input gets 422 in Vietnamese keeping what was typed", async () => {
    const db = testDb();
    const admin = await loggedIn("admin");
    const { target } = await metNumericTarget(db);
    const form = await admin.get(`/admin/criteria/targets/${target.id}`);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('inputmode="decimal"');
    expect(html).toContain(`value="${String(target.value).replace(".", ",")}"`);
    const res = await admin.post(`/admin/criteria/targets/${target.id}`, { value: "tám mươi", source: "Nguồn thử", version: String(target.version) }, { htmx: true });
    expect(res.status).toBe(422);
    const frag = await res.text();
    expect(frag.startsWith('<section id="target-form"')).toBe(true);
    expect(frag).toContain("Giá trị đích phải là một số");
    expect(frag).toContain('value="tám mươi"');
    const empty = await admin.post(`/admin/criteria/targets/${target.id}`, { value: "80", source: "  ", version: String(target.version) });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("Hãy ghi nguồn của chỉ tiêu đích");
    const after = (await db.select().from(indicatorTargets).where(eq(indicatorTargets.id, target.id)).get())!;
    expect(after.version).toBe(target.version);
  });

  it("saves value, source and verified (audited), recomputes the bound communes, and refuses a stale version with 409", async () => {
    const db = testDb();
    const admin = await loggedIn("admin");
    const { unit, ind, target, failing } = await metNumericTarget(db);
    const rollupBefore = (await db.select().from(communeRollups).where(eq(communeRollups.unitId, unit.id)).get())!;
    expect(rollupBefore.levelReached).not.toBeNull();
    const bound = await db.select().from(communeBindings).where(and(eq(communeBindings.setId, target.setId), eq(communeBindings.key, "DBSCL"))).all();
    const metOf = async () =>
      new Map((await db.select().from(indicatorValues).where(eq(indicatorValues.indicatorId, ind.id)).all()).map((v) => [v.unitId, JSON.stringify(v.met)]));
    const metBefore = await metOf();

    const res = await admin.post(`/admin/criteria/targets/${target.id}`, {
      value: String(failing).replace(".", ","),
      source: "Quyết định 318/QĐ-TTg, Phụ lục I (đối chiếu bản gốc)",
      verified: "1",
      version: String(target.version),
    });
    expect(res.status).toBe(303);
    console.log(`target edit: ${bound.length} communes recomputed, Server-Timing ${res.headers.get("Server-Timing")}`);
    const location = res.headers.get("Location")!;
    const metAfter = await metOf();
    const moved = [...metAfter].filter(([unitId, met]) => metBefore.get(unitId) !== met).length;
    expect(moved).toBeGreaterThan(0);
    expect(location).toBe(`/admin/criteria/${target.setId}?saved=${target.id}&changed=1&checked=${bound.length}&moved=${moved}#t-${target.id}`);
    // The incremental re-evaluation gives what a full recomputation from every value gives.
    const state = async () => ({
      // The version counts writes (a recompute is one more), not figures.
      rollups: (await db.select().from(communeRollups).all()).map(({ updatedAt: _u, version: _v, ...r }) => r),
      met: (await db.select({ id: indicatorValues.id, met: indicatorValues.met }).from(indicatorValues).all()),
    });
    const incremental = await state();
    for (const b of bound) await recomputeCommune(db, (await db.select().from(units).where(eq(units.id, b.unitId)).get())!, new Date().toISOString());
    expect(await state()).toEqual(incremental);

    const saved = (await db.select().from(indicatorTargets).where(eq(indicatorTargets.id, target.id)).get())!;
    expect(saved).toMatchObject({ value: failing, verified: true, source: "Quyết định 318/QĐ-TTg, Phụ lục I (đối chiếu bản gốc)", version: target.version + 1 });
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.entity, "indicator_target"), eq(auditLog.entityId, String(target.id)))).all();
    expect(audit.map((a) => a.action)).toEqual(["criteria_target.verify"]);
    expect(audit[0].before).toMatchObject({ value: target.value, verified: false });

    // Vĩnh Bình's value no longer meets the target: cached result, rollup and its level change.
    const value = (await db.select().from(indicatorValues).where(and(eq(indicatorValues.unitId, unit.id), eq(indicatorValues.indicatorId, ind.id))).get())!;
    expect(value.met.NTM).toBe(false);
    const rollupAfter = (await db.select().from(communeRollups).where(eq(communeRollups.unitId, unit.id)).get())!;
    expect(rollupAfter.criteriaMetBase).toBe(rollupBefore.criteriaMetBase - 1);
    expect(rollupAfter.levelReached).toBeNull();
    const checklistPage = await (await (await loggedIn("xa.vinhbinh")).get(`/communes/${VB}/checklist`)).text();
    expect(checklistPage).toContain(`${rollupBefore.criteriaMetBase - 1}/19`);
    await expectCountersMatchRebuild(db);

    const page = await (await admin.get(location.replace(/#.*$/, ""))).text();
    expect(page).toContain(`Đã lưu chỉ tiêu đích ${ind.code}. Đã tính lại ${bound.length} xã đang dùng chỉ tiêu đích này; kết quả thay đổi ở ${moved} xã.`);
    const li = new RegExp(`<li id="t-${target.id}"[\\s\\S]*?</li>`).exec(page)![0];
    expect(li).not.toContain("chưa xác minh");
    expect(li).toContain("đã xác minh");

    // The same form again (old version): 409 with the newer data, the typed input kept, nothing overwritten.
    const stale = await admin.post(`/admin/criteria/targets/${target.id}`, { value: "1", source: "Nguồn cũ", version: String(target.version) }, { htmx: true });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain("Đã có người sửa chỉ tiêu đích này trước bạn");
    expect(html).toContain("Quyết định 318/QĐ-TTg, Phụ lục I");
    expect(html).toContain(">Nguồn cũ</textarea>");
    expect(html).toContain(`name="version" value="${target.version + 1}"`);
    expect((await db.select().from(indicatorTargets).where(eq(indicatorTargets.id, target.id)).get())!.value).toBe(failing);

    // Only the source changes: nothing to recompute.
    const again = await admin.post(`/admin/criteria/targets/${target.id}`, { value: String(failing), source: "Nguồn mới", verified: "1", version: String(target.version + 1) });
    expect(again.headers.get("Location")).toContain("changed=0&checked=0&moved=0");
  });

  it("takes a yes/no target as a select and a list target as ticked choices", async () => {
    const db = testDb();
    const admin = await loggedIn("admin");
    const set = (await findSetByCode(db, "QD318-2022-XA"))!;
    const inds = await db.select().from(indicators).where(eq(indicators.setId, set.id)).all();
    const boolInd = inds.find((i) => i.kind === "boolean")!;
    const boolTarget = (await db.select().from(indicatorTargets).where(eq(indicatorTargets.indicatorId, boolInd.id)).all())[0];
    const html = await (await admin.get(`/admin/criteria/targets/${boolTarget.id}`)).text();
    expect(html).toContain('<select id="f-value" name="value"');
    expect(html).toContain(">Không yêu cầu</option>");
    const bad = await admin.post(`/admin/criteria/targets/${boolTarget.id}`, { value: "có lẽ", source: "x", version: String(boolTarget.version) });
    expect(bad.status).toBe(422);
    const choiceInd = (await db.select().from(indicators).all()).find((i) => i.kind === "choice");
    if (choiceInd) {
      const t = (await db.select().from(indicatorTargets).where(eq(indicatorTargets.indicatorId, choiceInd.id)).all())[0];
      const page = await (await admin.get(`/admin/criteria/targets/${t.id}`)).text();
      expect(page).toContain(choiceInd.comparator === "in" ? 'type="checkbox" name="values"' : '<select id="f-value" name="value"');
      const wrong = await admin.post(`/admin/criteria/targets/${t.id}`, { value: "không có trong danh sách", values: "không có trong danh sách", source: "x", version: String(t.version) });
      expect(wrong.status).toBe(422);
    }
  });
});

describe("clone and status", () => {
  it("clones a set as a draft owned by the admin's province, then moves it draft → active → retired only", async () => {
    const db = testDb();
    const admin = await loggedIn("admin");
    const set = (await findSetByCode(db, "QD04-2022-DTVM"))!;
    const bad = await admin.post(`/admin/criteria/${set.id}/clone`, { code: "có dấu", name: "" }, { htmx: true });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Mã bộ tiêu chí: chữ in hoa");
    expect(badHtml).toContain("Hãy nhập tên bộ mới.");
    const taken = await admin.post(`/admin/criteria/${set.id}/clone`, { code: "QD318-2022-XA", name: "Trùng mã" });
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain("đã có");

    const res = await admin.post(`/admin/criteria/${set.id}/clone`, { code: "qd04-2022-dtvm-bt", name: "Đô thị văn minh — Bến Tre" });
    expect(res.status).toBe(303);
    const clone = (await findSetByCode(db, "QD04-2022-DTVM-BT"))!;
    expect(res.headers.get("Location")).toBe(`/admin/criteria/${clone.id}?cloned=1`);
    const province = (await unitByCode(db, "83"))!;
    expect(clone).toMatchObject({ status: "draft", provinceId: province.id, clonedFromId: set.id, name: "Đô thị văn minh — Bến Tre" });
    const original = (await exportSet(db, set.id))!;
    expect(await exportSet(db, clone.id)).toEqual({ ...original, code: "QD04-2022-DTVM-BT", name: "Đô thị văn minh — Bến Tre", status: "draft" });
    expect((await db.select().from(auditLog).where(and(eq(auditLog.entity, "criteria_set"), eq(auditLog.entityId, "QD04-2022-DTVM-BT"))).all()).map((a) => a.action)).toEqual(["criteria_set.clone"]);
    const list = await (await admin.get("/admin/criteria")).text();
    const row = new RegExp(`<tr id="set-${clone.id}">[\\s\\S]*?</tr>`).exec(list)![0];
    expect(row).toContain("Bản nháp");
    expect(row).toContain("Tỉnh Bến Tre");
    expect(row).toContain(`href="/admin/criteria/${set.id}"`);

    const skip = await admin.post(`/admin/criteria/${clone.id}/status`, { status: "retired", version: "1" }, { htmx: true });
    expect(skip.status).toBe(422);
    expect(await skip.text()).toContain("Chỉ có thể chuyển từ “Bản nháp” sang “Đang áp dụng”.");
    expect((await admin.post(`/admin/criteria/${clone.id}/status`, { status: "active", version: "1" })).status).toBe(303);
    const stale = await admin.post(`/admin/criteria/${clone.id}/status`, { status: "retired", version: "1" }, { htmx: true });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("Người khác đã đổi bộ tiêu chí này trước bạn");
    expect((await admin.post(`/admin/criteria/${clone.id}/status`, { status: "retired", version: "2" })).status).toBe(303);
    expect((await getStatus(db, clone.id))).toBe("retired");
    const back = await admin.post(`/admin/criteria/${clone.id}/status`, { status: "active", version: "3" });
    expect(back.status).toBe(422);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.action, "criteria_set.status"), eq(auditLog.entityId, "QD04-2022-DTVM-BT"))).all();
    expect(audit.map((a) => a.after)).toEqual([{ status: "active" }, { status: "retired" }]);
  });
});

async function getStatus(db: Db, id: number) {
  return (await db.select({ status: criteriaSets.status }).from(criteriaSets).where(eq(criteriaSets.id, id)).get())?.status;
}

describe("permissions", () => {
  it("gives non-admins 403 on every criteria admin route and hides the admin links", async () => {
    const db = testDb();
    const set = (await findSetByCode(db, "QD318-2022-XA"))!;
    const target = (await db.select().from(indicatorTargets).where(eq(indicatorTargets.setId, set.id)).limit(1).get())!;
    // Logging in writes audit rows: log everyone in first, then take the digest.
    const clients = await Promise.all(NON_ADMINS.map(async (name) => [name, await loggedIn(name)] as const));
    const before = await digest(db);
    for (const [name, client] of clients) {
      const gets = ["/admin/criteria", `/admin/criteria/${set.id}`, `/admin/criteria/${set.id}/export/json`, `/admin/criteria/${set.id}/export/csv`, `/admin/criteria/${set.id}/export/xlsx`, `/admin/criteria/targets/${target.id}`];
      for (const path of gets) expect((await client.get(path)).status, `${name} GET ${path}`).toBe(403);
      const posts: [string, Record<string, string>][] = [
        [`/admin/criteria/targets/${target.id}`, { value: "1", source: "x", verified: "1", version: String(target.version) }],
        [`/admin/criteria/${set.id}/clone`, { code: "HACK-1", name: "x" }],
        [`/admin/criteria/${set.id}/status`, { status: "retired", version: String(set.version) }],
      ];
      for (const [path, form] of posts) expect((await client.post(path, form)).status, `${name} POST ${path}`).toBe(403);
      const res = await upload(client, { name: "x.json", bytes: JSON.stringify(renamed("HACK-2")), type: "application/json" }, { scope: "national" });
      expect(res.status, `${name} upload`).toBe(403);
      const home = await (await client.get("/")).text();
      expect(home).not.toContain('href="/admin/criteria"');
    }
    expect(await digest(db)).toBe(before);
    const anon = new Client();
    expect((await anon.get("/admin/criteria")).status).toBe(302);
    const admin = await loggedIn("admin");
    expect(await (await admin.get("/")).text()).toContain('href="/admin/criteria"');
  });
});
