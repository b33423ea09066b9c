// Evidence files and recognition dossiers (issue 13): submission freezes the exact files (hashes); later
// checklist changes leave the dossier alone; frozen files cannot be withdrawn; the ZIP holds them by
// criterion and indicator.
import { eq } from "drizzle-orm";
import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { dossierDocuments, dossierFiles, dossiers, evidenceFiles, users } from "../../src/db/schema";
import { loadChecklist } from "../../src/services/checklist";
import { unitByCode } from "../../src/services/units";
import { jpeg, pdf } from "../fixtures/files";
import { Client, loggedIn, seededDb, testDb } from "../factories";

const VB = "28879";
const thisYear = Number(new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 4));

async function vinhBinh() {
  const db = testDb();
  const unit = (await unitByCode(db, VB))!;
  return { db, unit, checklist: (await loadChecklist(db, unit))! };
}
const dossierRow = async (id: number) => (await testDb().select().from(dossiers).where(eq(dossiers.id, id)).get())!;

async function upload(client: Client, unitId: number, indicatorId: number, bytes: Uint8Array, name: string) {
  const form = new FormData();
  form.set("_csrf", client.csrf);
  form.set("kind", "indicator");
  form.set("parentId", String(indicatorId));
  form.set("unitId", String(unitId));
  form.set("file", new File([bytes], name));
  const res = await client.fetch("/files", { method: "POST", body: form, headers: { "X-Upload": "1", "X-CSRF-Token": client.csrf } });
  expect(res.status, await res.clone().text()).toBe(201);
  return Number(res.headers.get("X-File-Id"));
}

/** A value that passes the indicator at `level` (region DBSCL, year 2025), as tests/integration/recognition.test.ts does. */
function passingValue(checklist: Awaited<ReturnType<typeof vinhBinh>>["checklist"], indicatorId: number, level: string): string {
  const ind = checklist.def.indicators.find((i) => i.id === indicatorId)!;
  const targets = checklist.def.targets.filter((t) => t.indicatorId === ind.id && t.level === level && t.yearFrom <= 2025 && 2025 <= t.yearTo);
  const v = (targets.find((t) => t.key === "DBSCL") ?? targets.find((t) => t.key === "all")!).value;
  if (ind.kind === "boolean" || ind.kind === "document") return v === true ? "true" : "false";
  if (ind.kind === "choice") return Array.isArray(v) ? v[0] : String(v);
  return String(v).replace(".", ",");
}

let dossierId = 0;
let docId = 0;
const files: Record<string, { id: number; bytes: Uint8Array; indicatorId: number }> = {};

beforeAll(async () => {
  await seededDb();
  const commune = await loggedIn("xa.vinhbinh");
  const { unit, checklist } = await vinhBinh();
  // Meet the advanced level, then register and complete a dossier.
  for (const g of checklist.evaluation.gap) {
    const v = (await vinhBinh()).checklist.values.get(g.indicatorId)!;
    const res = await commune.post(`/communes/${VB}/indicators/${g.indicatorId}`, { value: passingValue(checklist, g.indicatorId, "NTM_NC"), evidenceNote: v.evidenceNote ?? "Biên bản kiểm tra", evidenceLink: v.evidenceLink ?? "", note: "", version: String(v.version) });
    expect(res.status).toBe(303);
  }
  const reg = await commune.post(`/communes/${VB}/dossiers`, { level: "NTM_NC", year: String(thisYear) });
  dossierId = Number(/\/dossiers\/(\d+)$/.exec(reg.headers.get("Location")!)![1]);
  const d = await dossierRow(dossierId);
  expect((await commune.post(`/dossiers/${dossierId}/details`, { satisfactionPct: "96", satisfactionEvidence: "Báo cáo 15/BC-MTTQ", noDebtConfirmed: "1", securityConfirmed: "1", version: String(d.version) })).status).toBe(303);
  for (const kind of ["to_trinh", "bao_cao_ket_qua", "tong_hop_y_kien", "bien_ban_hop"]) {
    expect((await commune.post(`/dossiers/${dossierId}/documents`, { kind, title: `Văn bản ${kind}`, link: `https://vanban.example.vn/${kind}`, note: "" })).status).toBe(303);
  }
  const [first, second] = checklist.def.indicators;
  for (const [key, ind, bytes, name] of [
    ["road", first, jpeg(3000, { seed: 21 }), "Đường ấp 3.jpg"],
    ["road2", first, jpeg(3000, { seed: 22 }), "Đường ấp 3.jpg"],
    ["decision", second, pdf("Quyết định 12/QĐ-UBND"), "QĐ 12.pdf"],
    ["withdrawn", second, jpeg(100, { seed: 23 }), "nham.jpg"],
  ] as const) {
    files[key] = { id: await upload(commune, unit.id, ind.id, bytes, name), bytes, indicatorId: ind.id };
  }
  expect((await commune.post(`/files/${files.withdrawn.id}/withdraw`, { back: "/" })).status).toBe(303);
  // A scan of the submission letter on the dossier's "tờ trình" document.
  docId = (await testDb().select().from(dossierDocuments).where(eq(dossierDocuments.dossierId, dossierId)).get())!.id;
  const form = new FormData();
  for (const [k, v] of Object.entries({ _csrf: commune.csrf, kind: "dossier_document", parentId: String(docId), back: `/dossiers/${dossierId}` })) form.set(k, v);
  form.set("file", new File([pdf("Tờ trình 45/TTr-UBND")], "to-trinh.pdf"));
  expect((await commune.fetch("/files", { method: "POST", body: form })).status).toBe(303);
});

describe("a dossier's evidence files", () => {
  it("submission freezes the live indicator files by hash, in the submission's batch", async () => {
    const commune = await loggedIn("xa.vinhbinh");
    const res = await commune.post(`/dossiers/${dossierId}/submit`, { version: String((await dossierRow(dossierId)).version) });
    expect(res.status, await res.clone().text()).toBe(303);
    const d = await dossierRow(dossierId);
    const frozen = await testDb().select().from(dossierFiles).where(eq(dossierFiles.dossierId, dossierId)).all();
    expect(frozen.map((f) => f.fileId).sort()).toEqual([files.road.id, files.road2.id, files.decision.id].sort());
    expect(frozen.every((f) => f.submittedAt === d.submittedAt)).toBe(true);
    const page = await (await commune.get(`/dossiers/${dossierId}`)).text();
    expect(page).toContain("Tệp minh chứng đã khóa khi nộp: <strong>3</strong>");
    expect(page).toContain(`href="/files/dossiers/${dossierId}/minh-chung.zip"`);
  });

  it("a document's scan shows on the dossier; after submission it is locked: no new file (403), no withdrawal (409)", async () => {
    const commune = await loggedIn("xa.vinhbinh");
    const scan = (await testDb().select().from(evidenceFiles).where(eq(evidenceFiles.parentKind, "dossier_document")).get())!;
    const page = await (await commune.get(`/dossiers/${dossierId}`)).text();
    expect(page).toContain(`id="files-dossier_document-${docId}"`);
    expect(page).toContain(`href="/files/${scan.id}"`);
    expect((await (await loggedIn("lanhdao")).get(`/files/${scan.id}`)).status).toBe(200);
    const form = new FormData();
    for (const [k, v] of Object.entries({ _csrf: commune.csrf, kind: "dossier_document", parentId: String(docId) })) form.set(k, v);
    form.set("file", new File([pdf("Bổ sung")], "bo-sung.pdf"));
    expect((await commune.fetch("/files", { method: "POST", body: form })).status).toBe(403);
    expect((await commune.post(`/files/${scan.id}/withdraw`, { back: "/" })).status).toBe(409);
  });

  it("frozen files cannot be withdrawn (409); a later upload does not change the dossier", async () => {
    const commune = await loggedIn("xa.vinhbinh");
    const res = await commune.post(`/files/${files.decision.id}/withdraw`, { back: "/" });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("không thể rút lại");
    expect((await testDb().select().from(evidenceFiles).where(eq(evidenceFiles.id, files.decision.id)).get())!.withdrawnAt).toBeNull();
    const { unit, checklist } = await vinhBinh();
    await upload(commune, unit.id, checklist.def.indicators[0].id, jpeg(500, { seed: 24 }), "sau-khi-nop.jpg");
    expect((await testDb().select().from(dossierFiles).where(eq(dossierFiles.dossierId, dossierId)).all()).length).toBe(3);
  });

  it("'Tải toàn bộ minh chứng' streams a ZIP named by criterion and indicator with the exact bytes and a list of hashes", async () => {
    const { checklist } = await vinhBinh();
    const [first, second] = checklist.def.indicators;
    const critOf = (i: typeof first) => checklist.def.criteria.find((c) => c.id === i.criterionId)!;
    const folder = (i: typeof first) => `${String(critOf(i).number).padStart(2, "0")}. ${critOf(i).name}`;
    for (const name of ["xa.vinhbinh", "lanhdao", "admin"]) {
      const res = await (await loggedIn(name)).get(`/files/dossiers/${dossierId}/minh-chung.zip`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("application/zip");
      expect(res.headers.get("Content-Disposition")).toContain(`minh-chung-${VB}-NTM_NC-${thisYear}.zip`);
      const zip = unzipSync(new Uint8Array(await res.arrayBuffer()));
      const names = Object.keys(zip).sort();
      expect(names).toEqual(
        [`${folder(first)}/${first.code} Đường ấp 3.jpg`, `${folder(first)}/${first.code} Đường ấp 3 (2).jpg`, `${folder(second)}/${second.code} QĐ 12.pdf`, "danh-sach.txt"].sort(),
      );
      expect(zip[`${folder(first)}/${first.code} Đường ấp 3.jpg`]).toEqual(files.road.bytes);
      expect(zip[`${folder(second)}/${second.code} QĐ 12.pdf`]).toEqual(files.decision.bytes);
      const list = new TextDecoder().decode(zip["danh-sach.txt"]);
      expect(list.split("\n").filter(Boolean)).toHaveLength(4);
    }
  });

  it("the ZIP is 403 for another commune's staff and 404 for an unknown dossier", async () => {
    const db = testDb();
    const model = (await db.select().from(users).where(eq(users.username, "xa.vinhbinh")).get())!;
    const sonDinh = (await unitByCode(db, "28870"))!;
    await db.insert(users).values({ username: "xa.sondinh", displayName: "Cán bộ xã Sơn Định", passwordHash: model.passwordHash, passwordSalt: model.passwordSalt, passwordIterations: model.passwordIterations, role: "commune_staff", unitId: sonDinh.id, isDemo: true });
    expect((await (await loggedIn("xa.sondinh")).get(`/files/dossiers/${dossierId}/minh-chung.zip`)).status).toBe(403);
    expect((await (await loggedIn("xa.vinhbinh")).get(`/files/dossiers/999999/minh-chung.zip`)).status).toBe(404);
  });
});
