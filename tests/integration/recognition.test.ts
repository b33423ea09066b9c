import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { Client, DEMO_PASSWORD, loggedIn, seededDb, testDb } from "../factories";
import { hashPassword } from "../../src/auth/password";
import { auditLog, communeRollups, dossierEvents, dossierReturns, dossiers, provinceSettings, users } from "../../src/db/schema";
import { unitByCode } from "../../src/services/units";
import { loadChecklist } from "../../src/services/checklist";
import { DOSSIER_STATES, TRANSITION_ACTIONS, decide, roleFor, type DossierState, type TransitionAction } from "../../src/domain/recognition";
import type { Snapshot } from "../../src/domain/recognition-forms";
import type { Actor } from "../../src/domain/permissions";
import { unitRef } from "../../src/services/units";
import { statusOf } from "../../src/web/outcome";

beforeAll(async () => {
  await seededDb();
});

const VB = "28879";
const rowsRead = (res: Response) => Number(/rows=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? NaN);
const thisYear = Number(new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 4));
const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10).split("-").reverse().join("/");

async function vinhBinh() {
  const db = testDb();
  const unit = (await unitByCode(db, VB))!;
  return { db, unit, checklist: (await loadChecklist(db, unit))! };
}

async function dossierRow(id: number) {
  return (await testDb().select().from(dossiers).where(eq(dossiers.id, id)).get())!;
}

/** A value that passes the indicator at `level` for Vĩnh Bình (region DBSCL, year 2025). */
function passingValue(checklist: Awaited<ReturnType<typeof vinhBinh>>["checklist"], indicatorId: number, level: string): string {
  const ind = checklist.def.indicators.find((i) => i.id === indicatorId)!;
  const targets = checklist.def.targets.filter((t) => t.indicatorId === ind.id && t.level === level && t.yearFrom <= 2025 && 2025 <= t.yearTo);
  const target = targets.find((t) => t.key === "DBSCL") ?? targets.find((t) => t.key === "all")!;
  const v = target.value;
  if (ind.kind === "boolean" || ind.kind === "document") return v === true ? "true" : "false";
  if (ind.kind === "choice") return Array.isArray(v) ? v[0] : String(v);
  return String(v).replace(".", ",");
}

/** Saves indicators of Vĩnh Bình through the checklist route, as the commune's staff would. */
async function saveValue(client: Client, indicatorId: number, value: string, evidenceNote = "Biên bản kiểm tra của UBND xã") {
  const { checklist } = await vinhBinh();
  const v = checklist.values.get(indicatorId)!;
  const res = await client.post(`/communes/${VB}/indicators/${indicatorId}`, { value, evidenceNote: v.evidenceNote ?? evidenceNote, evidenceLink: v.evidenceLink ?? "", note: "Cập nhật để xét nâng cao", version: String(v.version) });
  expect(res.status, await res.clone().text()).toBe(303);
}

async function registerDossier(client: Client, level: string, year: number): Promise<number> {
  const res = await client.post(`/communes/${VB}/dossiers`, { level, year: String(year) });
  expect(res.status, await res.clone().text()).toBe(303);
  return Number(/\/dossiers\/(\d+)$/.exec(res.headers.get("Location")!)![1]);
}

async function completeDossier(client: Client, id: number) {
  const d = await dossierRow(id);
  expect((await client.post(`/dossiers/${id}/details`, { satisfactionPct: "96", satisfactionEvidence: "Báo cáo số 15/BC-MTTQ ngày 10/10", noDebtConfirmed: "1", securityConfirmed: "1", version: String(d.version) })).status).toBe(303);
  for (const [kind, title] of [
    ["to_trinh", "Tờ trình số 45/TTr-UBND"],
    ["bao_cao_ket_qua", "Báo cáo kết quả số 46/BC-UBND kèm biểu chi tiết"],
    ["tong_hop_y_kien", "Báo cáo tổng hợp ý kiến nhân dân"],
    ["bien_ban_hop", "Biên bản họp ngày 12/10"],
  ]) {
    const res = await client.post(`/dossiers/${id}/documents`, { kind, title, link: "https://vanban.example.vn/" + kind, note: "" });
    expect(res.status).toBe(303);
  }
}

describe("demo recognitions", () => {
  it("seeds recognised communes with decisions; Vĩnh Bình holds NTM; the public list shows them without login", async () => {
    const db = testDb();
    const { unit } = await vinhBinh();
    const rollup = (await db.select().from(communeRollups).where(eq(communeRollups.unitId, unit.id)).get())!;
    expect(rollup.recognisedLevel).toBe("NTM");
    const recognised = await db.select().from(dossiers).where(and(eq(dossiers.provinceId, unit.provinceId!), eq(dossiers.status, "recognised"))).all();
    expect(recognised.length).toBeGreaterThan(20);
    expect(recognised.every((d) => /^\d+\/QĐ-UBND$/.test(d.decisionNumber!))).toBe(true);
    const anon = new Client();
    const res = await anon.get("/public/recognitions");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Xã được công nhận đạt chuẩn nông thôn mới");
    expect(html).toContain("Xã Vĩnh Bình");
    expect(html).toContain("Huyện Chợ Lách");
    expect(rowsRead(res)).toBeLessThanOrEqual(4 * recognised.length + 200);
  });

  it("the yearly review lists recognised communes at risk with the rule's reason; commune staff may not open it", async () => {
    const leader = await loggedIn("lanhdao");
    const res = await leader.get("/recognitions/review");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Rà soát hằng năm");
    expect(html).toMatch(/Thuộc diện thu hồi: \d+/);
    expect(html).toMatch(/(Thu hồi|Không thu hồi): \d+\/\d+ tiêu chí không đạt/);
    expect(rowsRead(res)).toBeLessThanOrEqual(600);
    expect((await (await loggedIn("admin")).get("/recognitions/review")).status).toBe(200);
    expect((await (await loggedIn("xa.vinhbinh")).get("/recognitions/review")).status).toBe(403);
    expect((await (await loggedIn("huyen.cholach")).get("/recognitions/review")).status).toBe(403);
  });
});

describe("the whole chain over HTTP (3-tier): submit, return, resubmit, review, appraise, recognise", () => {
  let id = 0;

  it("xa.vinhbinh registers an advanced-level dossier; the page lists what blocks submission; submit → 422", async () => {
    const commune = await loggedIn("xa.vinhbinh");
    id = await registerDossier(commune, "NTM_NC", thisYear);
    const d = await dossierRow(id);
    expect(d).toMatchObject({ status: "draft", chain: "district_review", level: "NTM_NC", year: thisYear });
    const page = await commune.get(`/dossiers/${id}`);
    const html = await page.text();
    expect(html).toContain("Chưa thể nộp hồ sơ");
    expect(html).toMatch(/Còn \d+ tiêu chí chưa đạt theo kết quả tự đánh giá/);
    expect(html).toContain("Thiếu tài liệu: Tờ trình đề nghị thẩm tra, xét công nhận.");
    expect(html).toContain('id="unmet"');
    expect(rowsRead(page)).toBeLessThanOrEqual(900);
    // A second registration for the same level and year is a conflict, pointing to the first.
    const again = await commune.post(`/communes/${VB}/dossiers`, { level: "NTM_NC", year: String(thisYear) });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain(`href="/dossiers/${id}"`);
    // Bad registration input: 422, Vietnamese, what was typed is kept.
    const bad = await commune.post(`/communes/${VB}/dossiers`, { level: "", year: "20x6" });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Hãy chọn mức đề nghị công nhận.");
    expect(badHtml).toContain('value="20x6"');

    await completeDossier(commune, id);
    const blocked = await commune.post(`/dossiers/${id}/submit`, { version: String((await dossierRow(id)).version) });
    expect(blocked.status).toBe(422);
    expect(await blocked.text()).toMatch(/Còn \d+ tiêu chí chưa đạt/);
    expect((await dossierRow(id)).status).toBe("draft");
  });

  it("only the commune's staff edit; leaders get 403; bad details get 422 keeping the input", async () => {
    const leader = await loggedIn("huyen.cholach");
    const d = await dossierRow(id);
    expect((await leader.post(`/dossiers/${id}/details`, { satisfactionPct: "50", version: String(d.version) })).status).toBe(403);
    expect((await leader.post(`/dossiers/${id}/documents`, { kind: "khac", title: "x" })).status).toBe(403);
    expect((await leader.post(`/dossiers/${id}/submit`, { version: String(d.version) })).status).toBe(403);
    const commune = await loggedIn("xa.vinhbinh");
    const bad = await commune.post(`/dossiers/${id}/details`, { satisfactionPct: "105", satisfactionEvidence: "MTTQ khảo sát", noDebtConfirmed: "1", securityConfirmed: "1", version: String(d.version) });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain("Tỷ lệ hài lòng phải từ 0 đến 100.");
    expect(html).toContain('value="105"');
    expect((await dossierRow(id)).satisfactionPct).toBe(96);
    const badDoc = await commune.post(`/dossiers/${id}/documents`, { kind: "khac", title: "Ảnh", link: "javascript:alert(1)" }, { htmx: true });
    expect(badDoc.status).toBe(422);
    const docHtml = await badDoc.text();
    expect(docHtml).toContain("Đường dẫn phải bắt đầu bằng http:// hoặc https://.");
    expect(docHtml).toContain('id="documents"');
    expect(docHtml).not.toContain("<html");
    // A stale details form: 409 with the newer data, the typed input kept.
    const stale = await commune.post(`/dossiers/${id}/details`, { satisfactionPct: "90", satisfactionEvidence: "cũ", version: String(d.version - 1) });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('value="90"');
  });

  it("after fixing the checklist the commune submits; the snapshot is frozen and the checklist says so", async () => {
    const commune = await loggedIn("xa.vinhbinh");
    const { checklist } = await vinhBinh();
    expect(checklist.evaluation.nextLevel).toBe("NTM_NC");
    for (const g of checklist.evaluation.gap) await saveValue(commune, g.indicatorId, passingValue(checklist, g.indicatorId, "NTM_NC"));
    expect((await vinhBinh()).checklist.evaluation.levelReached).toBe("NTM_NC");
    const page = await (await commune.get(`/dossiers/${id}`)).text();
    expect(page).toContain("Hồ sơ đã đủ điều kiện để nộp.");
    const res = await commune.post(`/dossiers/${id}/submit`, { version: String((await dossierRow(id)).version) });
    expect(res.status).toBe(303);
    const d = await dossierRow(id);
    expect(d.status).toBe("submitted");
    const snap = d.snapshot as unknown as Snapshot;
    expect(snap.level).toBe("NTM_NC");
    expect(snap.levelReached).toBe("NTM_NC");
    expect(Object.keys(snap.values).length).toBe(checklist.def.indicators.length);
    expect(snap.satisfactionPct).toBe(96);
    expect(d.previousSnapshot).toBeNull();
    // Frozen: the dossier's documents cannot change; the live checklist still can, and tells who can reopen.
    const doc = await commune.post(`/dossiers/${id}/documents`, { kind: "khac", title: "Muộn" });
    expect(doc.status).toBe(409);
    const list = await commune.get(`/communes/${VB}/checklist`);
    const html = await list.text();
    expect(html).toContain(`id="frozen-${id}"`);
    expect(html).toContain("đã được khóa từ");
    expect(html).toContain("Người có thể mở lại hồ sơ: cán bộ xã; lãnh đạo huyện (thẩm tra)");
    expect(rowsRead(list)).toBeLessThanOrEqual(520);
  });

  it("huyen.cholach takes it in; a return without reason is 422 and changes nothing; with a reason on one indicator it returns", async () => {
    const leader = await loggedIn("huyen.cholach");
    expect((await leader.post(`/dossiers/${id}/start-review`, { version: String((await dossierRow(id)).version) })).status).toBe(303);
    expect((await dossierRow(id)).status).toBe("under_review");
    const form = await leader.get(`/dossiers/${id}/return`);
    expect(form.status).toBe(200);
    const { checklist } = await vinhBinh();
    const target = checklist.def.indicators.find((i) => i.kind === "number" || i.kind === "percent")!;
    const version = String((await dossierRow(id)).version);

    const noNote = await leader.post(`/dossiers/${id}/return`, { version, note: "", indicator_0: String(target.id), reason_0: "Số liệu chưa khớp báo cáo" });
    expect(noNote.status).toBe(422);
    const html = await noNote.text();
    expect(html).toContain("Hãy ghi lý do trả lại hồ sơ (nhận xét chung).");
    expect(html).toContain("Số liệu chưa khớp báo cáo");
    const noReason = await leader.post(`/dossiers/${id}/return`, { version, note: "Cần rà soát", indicator_0: String(target.id), reason_0: "" });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain(`Hãy ghi lý do trả lại cho chỉ tiêu ${target.code}.`);
    expect((await dossierRow(id)).status).toBe("under_review");
    // "Thêm dòng" keeps what was typed.
    const more = await leader.post(`/dossiers/${id}/return`, { version, note: "Nháp", indicator_0: String(target.id), reason_0: "a", more: "1" });
    expect(more.status).toBe(200);
    const moreHtml = await more.text();
    expect(moreHtml).toContain('name="indicator_3"');
    expect(moreHtml).toContain(">Nháp</textarea>");

    const ok = await leader.post(`/dossiers/${id}/return`, { version, note: "Đề nghị xã rà soát lại số liệu", indicator_0: String(target.id), reason_0: "Số liệu chưa khớp báo cáo thống kê", indicator_1: "", reason_1: "" });
    expect(ok.status).toBe(303);
    const d = await dossierRow(id);
    expect(d.status).toBe("returned");
    const returns = await testDb().select().from(dossierReturns).where(eq(dossierReturns.dossierId, id)).all();
    expect(returns).toHaveLength(1);
    expect(returns[0]).toMatchObject({ indicatorId: target.id, reason: "Số liệu chưa khớp báo cáo thống kê", resolvedAt: null });
    const event = (await testDb().select().from(dossierEvents).where(eq(dossierEvents.id, returns[0].eventId)).get())!;
    expect(event).toMatchObject({ action: "return", fromStatus: "under_review", toStatus: "returned", reason: "Đề nghị xã rà soát lại số liệu" });
  });

  it("the commune sees the returned item at the top of its checklist, fixes it and resubmits; the reviewer sees the diff", async () => {
    const commune = await loggedIn("xa.vinhbinh");
    const [ret] = await testDb().select().from(dossierReturns).where(eq(dossierReturns.dossierId, id)).all();
    const page = await (await commune.get(`/communes/${VB}/checklist`)).text();
    const notices = page.indexOf('id="recognition-notices"');
    expect(notices).toBeGreaterThan(0);
    expect(notices).toBeLessThan(page.indexOf('id="summary"'));
    expect(page).toContain("Số liệu chưa khớp báo cáo thống kê");
    expect(page).toContain(`href="#ind-${ret.indicatorId}"`);
    expect(page).toContain("Đề nghị xã rà soát lại số liệu");

    const { checklist } = await vinhBinh();
    const current = checklist.values.get(ret.indicatorId)!;
    const ind = checklist.def.indicators.find((i) => i.id === ret.indicatorId)!;
    const bumped = ind.comparator === "lte" ? "0" : String(Number(current.value) + (ind.kind === "percent" ? Math.min(1, 100 - Number(current.value)) : 1)).replace(".", ",");
    const newValue = bumped === String(current.value).replace(".", ",") ? "100" : bumped;
    const v = checklist.values.get(ret.indicatorId)!;
    const save = await commune.post(`/communes/${VB}/indicators/${ret.indicatorId}`, { value: newValue, evidenceNote: "Báo cáo thống kê đã đối chiếu", evidenceLink: "", note: "Theo ý kiến thẩm tra", version: String(v.version) });
    expect(save.status).toBe(303);

    const resubmit = await commune.post(`/dossiers/${id}/submit`, { version: String((await dossierRow(id)).version) });
    expect(resubmit.status).toBe(303);
    const d = await dossierRow(id);
    expect(d.status).toBe("submitted");
    expect(d.previousSnapshot).not.toBeNull();
    const resolved = (await testDb().select().from(dossierReturns).where(eq(dossierReturns.dossierId, id)).all())[0];
    expect(resolved.resolvedAt).toBe(d.submittedAt);
    // The returned notice is gone from the checklist.
    expect(await (await commune.get(`/communes/${VB}/checklist`)).text()).not.toContain("Số liệu chưa khớp báo cáo thống kê");

    const leader = await loggedIn("huyen.cholach");
    const review = await leader.get(`/dossiers/${id}`);
    const html = await review.text();
    expect(html).toContain("Thay đổi so với lần nộp trước");
    expect(html).toContain(ind.code);
    expect(html).toContain("Số liệu chưa khớp báo cáo thống kê");
    expect(html).toContain("Báo cáo thống kê đã đối chiếu");
    expect(rowsRead(review)).toBeLessThanOrEqual(300);
  });

  it("review, appraisal; the decision needs number and date (422, nothing lost); then recognition updates the level and the public list", async () => {
    const leader = await loggedIn("huyen.cholach");
    expect((await leader.post(`/dossiers/${id}/start-review`, { version: String((await dossierRow(id)).version) })).status).toBe(303);
    expect((await leader.post(`/dossiers/${id}/approve-review`, { version: String((await dossierRow(id)).version), reason: "Đạt yêu cầu" })).status).toBe(303);
    const admin = await loggedIn("admin");
    // The provincial leader cannot decide before appraisal: 409.
    const boss = await loggedIn("lanhdao");
    expect((await boss.post(`/dossiers/${id}/recognise`, { version: String((await dossierRow(id)).version), number: "123/QĐ-UBND", date: today(), signer: "A" })).status).toBe(409);
    expect((await admin.post(`/dossiers/${id}/start-appraisal`, { version: String((await dossierRow(id)).version) })).status).toBe(303);
    expect((await admin.post(`/dossiers/${id}/appraise`, { version: String((await dossierRow(id)).version), reason: "Hội đồng thẩm định thống nhất" })).status).toBe(303);
    expect((await dossierRow(id)).status).toBe("appraised");

    const version = String((await dossierRow(id)).version);
    const noNumber = await boss.post(`/dossiers/${id}/recognise`, { version, number: "", date: "", signer: "Chủ tịch UBND tỉnh" });
    expect(noNumber.status).toBe(422);
    const html = await noNumber.text();
    expect(html).toContain("Hãy nhập số quyết định, ví dụ 123/QĐ-UBND.");
    expect(html).toContain("Hãy nhập ngày ký quyết định (dd/mm/yyyy).");
    expect(html).toContain('value="Chủ tịch UBND tỉnh"');
    const badDate = await boss.post(`/dossiers/${id}/recognise`, { version, number: "123/QĐ-UBND", date: "31/02/2026", signer: "Chủ tịch UBND tỉnh" });
    expect(badDate.status).toBe(422);
    expect(await badDate.text()).toContain('value="123/QĐ-UBND"');
    expect((await dossierRow(id)).status).toBe("appraised");

    const ok = await boss.post(`/dossiers/${id}/recognise`, { version, number: "123/QĐ-UBND", date: today(), signer: "Chủ tịch UBND tỉnh" });
    expect(ok.status).toBe(303);
    const d = await dossierRow(id);
    expect(d).toMatchObject({ status: "recognised", decisionNumber: "123/QĐ-UBND", decisionSigner: "Chủ tịch UBND tỉnh" });
    const { db, unit } = await vinhBinh();
    expect((await db.select().from(communeRollups).where(eq(communeRollups.unitId, unit.id)).get())!.recognisedLevel).toBe("NTM_NC");
    const checklistPage = await (await loggedIn("xa.vinhbinh")).get(`/communes/${VB}/checklist`);
    expect(await checklistPage.text()).toContain("Quyết định số 123/QĐ-UBND");
    const pub = await (await new Client().get("/public/recognitions?province=83")).text();
    expect(pub).toContain("123/QĐ-UBND");

    // Every transition is in the event log and the audit log, with actor and states.
    const events = await db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, id)).all();
    expect(events.map((e) => e.action)).toEqual(["register", "submit", "start_review", "return", "submit", "start_review", "approve_review", "start_appraisal", "appraise", "recognise"]);
    expect(events.every((e) => e.actorId > 0 && e.at)).toBe(true);
    expect(events.at(-1)).toMatchObject({ fromStatus: "appraised", toStatus: "recognised" });
    expect(events.at(-1)!.reason).toContain("123/QĐ-UBND");
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.entity, "dossier"), eq(auditLog.entityId, String(id)))).all();
    expect(audits.filter((a) => a.action === "dossier.recognise")).toHaveLength(1);
  });

  it("revocation: a decision is required; then the recognised level falls back and the public list shows it revoked", async () => {
    const boss = await loggedIn("lanhdao");
    const version = String((await dossierRow(id)).version);
    const noReason = await boss.post(`/dossiers/${id}/revoke`, { version, number: "200/QĐ-UBND", date: today(), reason: "" });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain("Hãy ghi lý do.");
    const ok = await boss.post(`/dossiers/${id}/revoke`, { version, number: "200/QĐ-UBND", date: today(), reason: "Không giữ vững tiêu chí" });
    expect(ok.status).toBe(303);
    expect(await dossierRow(id)).toMatchObject({ status: "revoked", revocationNumber: "200/QĐ-UBND" });
    const { db, unit } = await vinhBinh();
    expect((await db.select().from(communeRollups).where(eq(communeRollups.unitId, unit.id)).get())!.recognisedLevel).toBe("NTM");
    const pub = await (await new Client().get("/public/recognitions")).text();
    expect(pub).toContain("quyết định đã bị thu hồi");
    expect(pub).toContain("200/QĐ-UBND");
  });
});

describe("configurable chain: a 'direct' province skips the district", () => {
  it("admin switches the chain (409 on a stale form); a new dossier goes straight to provincial appraisal", async () => {
    const admin = await loggedIn("admin");
    const page = await admin.get("/recognitions");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Xã → huyện thẩm tra → tỉnh thẩm định → quyết định");
    expect((await (await loggedIn("lanhdao")).post("/recognitions/chain", { chain: "direct", version: "0" })).status).toBe(403);
    expect((await admin.post("/recognitions/chain", { chain: "direct", version: "0" })).status).toBe(303);
    expect((await admin.post("/recognitions/chain", { chain: "district_review", version: "0" })).status).toBe(409);
    const { db, unit } = await vinhBinh();
    expect((await db.select().from(provinceSettings).where(eq(provinceSettings.unitId, unit.provinceId!)).get())!.recognitionChain).toBe("direct");

    const commune = await loggedIn("xa.vinhbinh");
    const id = await registerDossier(commune, "NTM_NC", thisYear + 1);
    expect((await dossierRow(id)).chain).toBe("direct");
    await completeDossier(commune, id);
    expect((await commune.post(`/dossiers/${id}/submit`, { version: String((await dossierRow(id)).version) })).status).toBe(303);
    const leader = await loggedIn("huyen.cholach");
    expect((await leader.post(`/dossiers/${id}/start-review`, { version: String((await dossierRow(id)).version) })).status).toBe(403);
    expect((await admin.post(`/dossiers/${id}/start-appraisal`, { version: String((await dossierRow(id)).version) })).status).toBe(303);
    expect((await dossierRow(id)).status).toBe("under_appraisal");
    expect((await admin.post("/recognitions/chain", { chain: "district_review", version: "1" })).status).toBe(303);
    // The dossier keeps the chain it started with.
    expect((await dossierRow(id)).chain).toBe("direct");
  });
});

describe("every state × action × role over HTTP", () => {
  const USERS = ["xa.vinhbinh", "huyen.cholach", "admin", "lanhdao", "canbo", "so.nongnghiep"] as const;
  const PATHS: Record<TransitionAction, string> = {
    edit: "details",
    submit: "submit",
    withdraw: "withdraw",
    start_review: "start-review",
    return: "return",
    approve_review: "approve-review",
    start_appraisal: "start-appraisal",
    appraise: "appraise",
    recognise: "recognise",
    reject: "reject",
    revoke: "revoke",
  };

  it("answers each with success, 403 or 409 exactly as the table says; a success moves the state", { timeout: 240_000 }, async () => {
    const db = testDb();
    const commune = await loggedIn("xa.vinhbinh");
    // A complete NTM dossier (Vĩnh Bình meets NTM), so a submission in the matrix succeeds.
    const id = await registerDossier(commune, "NTM", thisYear + 2);
    await completeDossier(commune, id);
    const { unit } = await vinhBinh();
    const clients = Object.fromEntries(await Promise.all(USERS.map(async (u) => [u, await loggedIn(u)] as const)));
    const roleOf = async (username: string) => {
      const row = await db.query.users.findFirst({ where: (t, { eq: e }) => e(t.username, username) });
      const scope = (await db.query.units.findFirst({ where: (t, { eq: e }) => e(t.id, row!.unitId) }))!;
      const actor: Actor = { id: row!.id, role: row!.role, scope: unitRef(scope), departmentId: row!.departmentId };
      return roleFor(actor, unitRef(unit));
    };
    const roles = Object.fromEntries(await Promise.all(USERS.map(async (u) => [u, await roleOf(u)] as const)));
    expect(roles).toEqual({ "xa.vinhbinh": "commune", "huyen.cholach": "district", admin: "appraiser", lanhdao: "leader", canbo: "other", "so.nongnghiep": "other" });
    const form: Record<TransitionAction, Record<string, string>> = {
      edit: { satisfactionPct: "96", satisfactionEvidence: "MTTQ", noDebtConfirmed: "1", securityConfirmed: "1" },
      submit: {},
      withdraw: {},
      start_review: {},
      return: { note: "Trả lại để kiểm tra ma trận" },
      approve_review: {},
      start_appraisal: {},
      appraise: {},
      recognise: { number: "77/QĐ-UBND", date: today(), signer: "Chủ tịch" },
      reject: { reason: "Chưa đạt" },
      revoke: { number: "78/QĐ-UBND", date: today(), reason: "Thu hồi thử" },
    };
    let checked = 0;
    for (const state of DOSSIER_STATES) {
      for (const user of USERS) {
        for (const action of TRANSITION_ACTIONS) {
          await db.update(dossiers).set({ status: state as DossierState, version: 7 }).where(eq(dossiers.id, id));
          const res = await clients[user].post(`/dossiers/${id}/${PATHS[action]}`, { version: "7", ...form[action] });
          const expected = decide(state, action, roles[user], "district_review");
          const label = `${state} × ${action} × ${user}`;
          const after = await dossierRow(id);
          if (expected.ok) {
            expect(res.status, `${label}: ${(await res.text()).slice(0, 300)}`).toBe(303);
            expect(after.status, label).toBe(expected.to);
          } else {
            expect(res.status, label).toBe(statusOf(expected));
            expect(after.status, label).toBe(state);
            expect(after.version, label).toBe(7);
          }
          checked++;
        }
      }
    }
    expect(checked).toBe(DOSSIER_STATES.length * TRANSITION_ACTIONS.length * USERS.length);
  });

  it("out of scope: another district's leader cannot read or act on a dossier (403); anonymous users are sent to login", async () => {
    const db = testDb();
    const { unit } = await vinhBinh();
    const [row] = await db.select().from(dossiers).where(eq(dossiers.communeId, unit.id)).limit(1).all();
    // A leader of Ba Tri (Mỹ Hòa's district), created like an admin would.
    const baTri = (await unitByCode(db, "29116"))!.districtId!;
    const hashed = await hashPassword(DEMO_PASSWORD);
    await db.insert(users).values({ username: "huyen.batri", displayName: "Lãnh đạo huyện Ba Tri", passwordHash: hashed.hash, passwordSalt: hashed.salt, passwordIterations: hashed.iterations, role: "leader", unitId: baTri });
    const other = await loggedIn("huyen.batri");
    expect((await other.get(`/dossiers/${row.id}`)).status).toBe(403);
    expect((await other.post(`/dossiers/${row.id}/start-review`, { version: String(row.version) })).status).toBe(403);
    expect((await other.get(`/communes/${VB}/dossiers`)).status).toBe(403);
    expect((await new Client().get(`/dossiers/${row.id}`)).status).toBe(302);
    for (const u of ["canbo", "so.nongnghiep", "huyen.cholach", "lanhdao", "admin", "xa.vinhbinh"]) {
      expect((await (await loggedIn(u)).get(`/dossiers/${row.id}`)).status, u).toBe(200);
    }
    expect((await (await loggedIn("xa.vinhbinh")).get("/dossiers/999999")).status).toBe(404);
  });
});
