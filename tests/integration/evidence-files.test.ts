// Evidence files (issue 13) in workerd with the R2 binding and real D1: upload, dedup, sniffing, bad
// files refused with nothing stored, access per role, the evidence-met rule, withdrawal, visits.
import { env } from "cloudflare:workers";
import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, evidenceFiles, users, visitConcerns } from "../../src/db/schema";
import { MAX_FILE_BYTES, objectKey } from "../../src/domain/files";
import { loadChecklist } from "../../src/services/checklist";
import { communeUsage, loadParent, uploadFile } from "../../src/services/evidence-files";
import { unitByCode } from "../../src/services/units";
import { concat, exe, jpeg, pdf, zipTail } from "../fixtures/files";
import { Client, loggedIn, seededDb, testDb } from "../factories";

const VB = "28879";
const enc = (s: string) => new TextEncoder().encode(s);
const sha = async (b: Uint8Array) => [...new Uint8Array(await crypto.subtle.digest("SHA-256", b))].map((x) => x.toString(16).padStart(2, "0")).join("");
const rowsRead = (res: Response) => Number(/rows=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? NaN);
const objectCount = async () => (await env.EVIDENCE.list({ prefix: "sha256/" })).objects.length;
const fileRows = async () => (await testDb().select().from(evidenceFiles).all()).length;

let vb = 0;
let evidenceInd = 0;
let otherInd = 0;

/** POST /files as the plain form does (multipart, _csrf field) or as upload.js does (X-Upload, header token). */
async function upload(client: Client, fields: Record<string, string>, file: Uint8Array | null, name = "anh.jpg", opts: { xhr?: boolean; thumb?: Uint8Array } = {}) {
  const form = new FormData();
  if (!opts.xhr) form.set("_csrf", client.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set("file", new File([file], name, { type: "image/jpeg" }));
  if (opts.thumb) form.set("thumb", new File([opts.thumb], "thumb.jpg"));
  const headers: Record<string, string> = opts.xhr ? { "X-Upload": "1", "X-CSRF-Token": client.csrf } : {};
  return client.fetch("/files", { method: "POST", body: form, headers });
}
const toIndicator = (id: number) => ({ kind: "indicator", parentId: String(id), unitId: String(vb), back: `/communes/${VB}/indicators/${id}/edit` });

beforeAll(async () => {
  const db = await seededDb();
  const unit = (await unitByCode(db, VB))!;
  vb = unit.id;
  const checklist = (await loadChecklist(db, unit))!;
  evidenceInd = checklist.def.indicators.find((i) => i.evidenceRequired && (i.kind === "boolean" || i.kind === "document"))!.id;
  otherInd = checklist.def.indicators.find((i) => i.id !== evidenceInd)!.id;
  // Staff of another commune (Sơn Định) of the same district.
  const model = (await db.select().from(users).where(eq(users.username, "xa.vinhbinh")).get())!;
  const sonDinh = (await unitByCode(db, "28870"))!;
  await db.insert(users).values({ username: "xa.sondinh", displayName: "Cán bộ xã Sơn Định", passwordHash: model.passwordHash, passwordSalt: model.passwordSalt, passwordIterations: model.passwordIterations, role: "commune_staff", unitId: sonDinh.id, isDemo: true });
});

describe("upload", () => {
  it("stores a JPEG in R2 under its SHA-256 and a D1 row with sniffed type, size, EXIF time and GPS, and an audit row", async () => {
    const client = await loggedIn("xa.vinhbinh");
    const bytes = jpeg(4096, { exif: true, seed: 11 });
    const res = await upload(client, toIndicator(evidenceInd), bytes, "C:\\DCIM\\Đường ấp 3.png");
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(`/communes/${VB}/indicators/${evidenceInd}/edit`);
    const hash = await sha(bytes);
    const row = (await testDb().select().from(evidenceFiles).where(eq(evidenceFiles.sha256, hash)).get())!;
    expect(row).toMatchObject({ parentKind: "indicator", parentId: evidenceInd, unitId: vb, fileName: "Đường ấp 3.jpg", contentType: "image/jpeg", size: bytes.length, takenAt: "2026-11-30T08:15:00", gpsLat: 10.241667, gpsLon: 106.38, isPublic: false, withdrawnAt: null });
    const object = await env.EVIDENCE.get(objectKey(hash));
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(bytes);
    const audit = await testDb().select().from(auditLog).where(and(eq(auditLog.action, "file.upload"), eq(auditLog.entityId, String(row.id)))).get();
    expect(audit).toBeTruthy();
  });

  it("stores duplicate content once: a second parent gets a row, the same parent again gets the same row", async () => {
    const client = await loggedIn("xa.vinhbinh");
    const bytes = pdf("Biên bản nghiệm thu");
    const objects = await objectCount();
    expect((await upload(client, toIndicator(otherInd), bytes, "bien-ban.pdf")).status).toBe(303);
    expect((await upload(client, toIndicator(evidenceInd), bytes, "bien-ban.pdf")).status).toBe(303);
    const again = await upload(client, toIndicator(evidenceInd), bytes, "bien-ban-2.pdf", { xhr: true });
    expect(again.status).toBe(201);
    expect(await objectCount()).toBe(objects + 1);
    const rows = await testDb().select().from(evidenceFiles).where(eq(evidenceFiles.sha256, await sha(bytes))).all();
    expect(rows.map((r) => r.parentId).sort()).toEqual([evidenceInd, otherInd].sort());
    expect(rows.every((r) => r.contentType === "application/pdf")).toBe(true);
  });

  it("answers upload.js with the refreshed list: thumbnail, link, withdraw button", async () => {
    const client = await loggedIn("xa.vinhbinh");
    const res = await upload(client, toIndicator(otherInd), jpeg(50_000, { seed: 3 }), "duong.jpg", { xhr: true, thumb: jpeg(2000, { seed: 4 }) });
    expect(res.status).toBe(201);
    const html = await res.text();
    expect(html).toContain(`id="files-indicator-${otherInd}"`);
    expect(html).toMatch(/<img src="\/files\/\d+\/thumb" loading="lazy"/);
    expect(html).toContain("Rút");
    const id = Number(res.headers.get("X-File-Id"));
    const thumb = await client.get(`/files/${id}/thumb`);
    expect(thumb.status).toBe(200);
    expect(new Uint8Array(await thumb.arrayBuffer())).toEqual(jpeg(2000, { seed: 4 }));
  });

  it("refuses bad files with a Vietnamese 4xx and stores nothing, neither in R2 nor in D1", async () => {
    const client = await loggedIn("xa.vinhbinh");
    const cases: [Uint8Array | null, string, number, string][] = [
      [null, "x.jpg", 422, "Vui lòng chọn một tệp"],
      [new Uint8Array(), "rong.jpg", 422, "Tệp rỗng"],
      [concat(jpeg(16), new Uint8Array(MAX_FILE_BYTES)), "to.jpg", 413, "tối đa 10 MB"],
      [exe(), "anh-dep.jpg", 415, "chương trình hoặc tệp nén đã đổi tên"],
      [enc("<html><script>alert(1)</script></html>"), "trang.pdf", 415, "Chỉ nhận ảnh"],
      [concat(pdf(), zipTail()), "ho-so.pdf", 422, "dữ liệu lạ gắn kèm"],
      [concat(jpeg(), enc("<html><body><script>alert(1)</script>")), "anh.jpg", 422, "dữ liệu lạ gắn kèm"],
      [concat(jpeg(), exe()), "anh.jpg", 422, "dữ liệu lạ gắn kèm"],
    ];
    const [objects, rows] = [await objectCount(), await fileRows()];
    for (const [bytes, name, status, message] of cases) {
      for (const xhr of [false, true]) {
        const res = await upload(client, toIndicator(evidenceInd), bytes, name, { xhr });
        expect(res.status, name).toBe(status);
        expect(await res.text()).toContain(message);
      }
    }
    expect(await objectCount()).toBe(objects);
    expect(await fileRows()).toBe(rows);
  });

  it("refuses an upload without the CSRF token, by a reader who may not edit, and to an unknown parent", async () => {
    const [objects, rows] = [await objectCount(), await fileRows()];
    const staff = await loggedIn("xa.vinhbinh");
    const form = new FormData();
    for (const [k, v] of Object.entries(toIndicator(evidenceInd))) form.set(k, v);
    form.set("file", new File([jpeg(100, { seed: 99 })], "a.jpg"));
    expect((await staff.fetch("/files", { method: "POST", body: form })).status).toBe(403);
    expect((await upload(await loggedIn("lanhdao"), toIndicator(evidenceInd), jpeg(100, { seed: 98 }))).status).toBe(403);
    expect((await upload(await loggedIn("xa.sondinh"), toIndicator(evidenceInd), jpeg(100, { seed: 97 }))).status).toBe(403);
    expect((await upload(staff, { ...toIndicator(evidenceInd), parentId: "999999" }, jpeg(100, { seed: 96 }))).status).toBe(404);
    expect((await upload(staff, { ...toIndicator(evidenceInd), kind: "receipt" }, jpeg(100, { seed: 95 }))).status).toBe(404);
    expect(await objectCount()).toBe(objects);
    expect(await fileRows()).toBe(rows);
  });
});

describe("access", () => {
  async function firstFile() {
    return (await testDb().select().from(evidenceFiles).where(and(eq(evidenceFiles.parentKind, "indicator"), eq(evidenceFiles.contentType, "image/jpeg"))).get())!;
  }

  it("serves a file through the Worker with the sniffed type, Content-Disposition and nosniff to readers of the checklist", async () => {
    const file = await firstFile();
    for (const name of ["xa.vinhbinh", "huyen.cholach", "lanhdao", "admin", "canbo"]) {
      const res = await (await loggedIn(name)).get(`/files/${file.id}`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("image/jpeg");
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(res.headers.get("Content-Disposition")).toBe(`inline; filename="Duong ap 3.jpg"; filename*=UTF-8''${encodeURIComponent("Đường ấp 3.jpg")}`);
    }
    const download = await (await loggedIn("xa.vinhbinh")).get(`/files/${file.id}?download=1`);
    expect(download.headers.get("Content-Disposition")).toMatch(/^attachment; /);
  });

  it("is 403 for another commune's staff; anonymous users are sent to log in", async () => {
    const file = await firstFile();
    for (const name of ["xa.sondinh"]) {
      expect((await (await loggedIn(name)).get(`/files/${file.id}`)).status, name).toBe(403);
      expect((await (await loggedIn(name)).get(`/files/${file.id}/thumb`)).status, name).toBe(403);
    }
    const anon = await new Client().get(`/files/${file.id}`);
    expect(anon.status).toBe(302);
    expect(anon.headers.get("Location")).toContain("/login?next=");
  });

  it("serves a file marked public to anyone; 404 for unknown ids", async () => {
    const client = await loggedIn("xa.vinhbinh");
    const res = await upload(client, { ...toIndicator(otherInd), public: "1" }, jpeg(500, { seed: 42 }), "cong-khai.jpg", { xhr: true });
    const id = Number(res.headers.get("X-File-Id"));
    const anon = await new Client().get(`/files/${id}`);
    expect(anon.status).toBe(200);
    expect(anon.headers.get("Content-Type")).toBe("image/jpeg");
    expect((await new Client().get(`/files/99999`)).status).toBe(404);
  });
});

describe("checklist", () => {
  it("an evidence-required indicator is met with an attached file instead of a note or link", async () => {
    const db = await seededDb();
    const unit = (await unitByCode(db, VB))!;
    const client = await loggedIn("xa.vinhbinh");
    // A fresh indicator of the same kind with no file yet.
    const checklist = (await loadChecklist(db, unit))!;
    const fresh = checklist.def.indicators.find((i) => i.evidenceRequired && (i.kind === "boolean" || i.kind === "document") && i.id !== evidenceInd && i.id !== otherInd)!;
    const version = () => loadChecklist(db, unit).then((c) => String(c!.values.get(fresh.id)!.version));
    const save = async () => client.post(`/communes/${VB}/indicators/${fresh.id}`, { value: "true", evidenceNote: "", evidenceLink: "", version: await version() }, { htmx: true });
    const before = await save();
    expect(before.status).toBe(422);
    expect(await before.text()).toContain("tệp đính kèm, ghi chú hoặc đường dẫn");
    expect((await upload(client, toIndicator(fresh.id), pdf("Quyết định phê duyệt"), "qd.pdf")).status).toBe(303);
    const after = await save();
    expect(after.status).toBe(200);
    const html = await after.text();
    expect(html).toContain("qd.pdf");
    const met = (await loadChecklist(db, unit))!.evaluation.indicators.get(fresh.id)!;
    expect(Object.values(met).some(Boolean)).toBe(true);
  });

  it("shows lazy thumbnails in the checklist within the page's row budget and the upload form on the edit page", async () => {
    const client = await loggedIn("xa.vinhbinh");
    // ?all=1: every criterion's indicators (a met criterion's otherwise load when it is opened).
    const res = await client.get(`/communes/${VB}/checklist?all=1`);
    const html = await res.text();
    expect(html).toMatch(/<img src="\/files\/\d+\/thumb" loading="lazy"/);
    expect(rowsRead(res)).toBeLessThanOrEqual(500);
    const edit = await (await client.get(`/communes/${VB}/indicators/${evidenceInd}/edit`)).text();
    expect(edit).toContain('enctype="multipart/form-data"');
    expect(edit).toContain('name="keepOriginal"');
    expect(edit).toContain("Đường ấp 3.jpg");
  });

  it("withdraws a file: hidden from lists, kept in D1 and R2 for the audit, no longer evidence", async () => {
    const db = testDb();
    const client = await loggedIn("xa.vinhbinh");
    const file = (await db.select().from(evidenceFiles).where(and(eq(evidenceFiles.parentId, otherInd), isNull(evidenceFiles.withdrawnAt))).get())!;
    expect((await (await loggedIn("xa.sondinh")).post(`/files/${file.id}/withdraw`, { back: "/" })).status).toBe(403);
    const res = await client.post(`/files/${file.id}/withdraw`, { back: `/communes/${VB}/indicators/${otherInd}/edit` });
    expect(res.status).toBe(303);
    const row = (await db.select().from(evidenceFiles).where(eq(evidenceFiles.id, file.id)).get())!;
    expect(row.withdrawnAt).not.toBeNull();
    expect(await env.EVIDENCE.head(objectKey(row.sha256))).not.toBeNull();
    const edit = await (await client.get(`/communes/${VB}/indicators/${otherInd}/edit`)).text();
    expect(edit).not.toContain(`href="/files/${file.id}"`);
    expect((await (await loggedIn("lanhdao")).get(`/files/${file.id}`)).status).toBe(404);
  });
});

describe("visits", () => {
  it("canbo attaches a photo to a visit's concern; commune staff read it, another commune's staff get 403", async () => {
    const canbo = await loggedIn("canbo");
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10).split("-").reverse().join("/");
    const res = await canbo.post(`/communes/${VB}/visits`, { visitDate: today, place: VB, participants: "Đoàn tỉnh", metWith: "", summary: "Kiểm tra đường", concerns: "Đường ấp 3 sạt lở" });
    const visitId = Number(/\/visits\/(\d+)$/.exec(res.headers.get("Location") ?? "")?.[1]);
    const concern = (await testDb().select().from(visitConcerns).where(eq(visitConcerns.visitId, visitId)).get())!;
    const up = await upload(canbo, { kind: "concern", parentId: String(concern.id), back: `/visits/${visitId}` }, jpeg(800, { seed: 7 }), "sat-lo.jpg");
    expect(up.status).toBe(303);
    expect(up.headers.get("Location")).toBe(`/visits/${visitId}`);
    const row = (await testDb().select().from(evidenceFiles).where(eq(evidenceFiles.parentKind, "concern")).get())!;
    expect(row.unitId).toBe(vb);
    expect((await (await loggedIn("xa.vinhbinh")).get(`/files/${row.id}`)).status).toBe(200);
    expect((await (await loggedIn("xa.sondinh")).get(`/files/${row.id}`)).status).toBe(403);
    expect((await upload(await loggedIn("xa.vinhbinh"), { kind: "visit", parentId: String(visitId) }, jpeg(800, { seed: 8 }))).status).toBe(403);
    const page = await (await canbo.get(`/visits/${visitId}`)).text();
    expect(page).toContain(`id="files-concern-${concern.id}"`);
    expect(page).toContain(`<img src="/files/${row.id}/thumb" loading="lazy"`);
    expect(page).toContain('name="kind" value="visit"');
    expect(await (await loggedIn("xa.vinhbinh")).get(`/visits/${visitId}`).then((r) => r.text())).not.toContain('name="kind" value="visit"');
    expect((await upload(canbo, { kind: "visit", parentId: String(visitId), back: `/visits/${visitId}` }, jpeg(900, { seed: 9 }), "doan.jpg")).status).toBe(303);
    const list = await (await canbo.get(`/communes/${VB}/visits`)).text();
    expect(list).toMatch(new RegExp(`id="files-visit-${visitId}"[\\s\\S]*loading="lazy"`));
  });
});

describe("storage quota", () => {
  it("admin sees each commune's usage against the quota; others are refused", async () => {
    const res = await (await loggedIn("admin")).get("/files/usage");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Hạn mức mỗi xã: <strong>500 MB</strong>");
    expect(html).toMatch(/Xã Vĩnh Bình <small class="muted">\(28879\)<\/small>/);
    for (const name of ["xa.vinhbinh", "lanhdao", "canbo"]) expect((await (await loggedIn(name)).get("/files/usage")).status, name).toBe(403);
  });
});

describe("quota enforcement", () => {
  it("refuses a file that would take the commune over its quota, storing nothing", async () => {
    const db = testDb();
    const parent = (await loadParent(db, null, "indicator", evidenceInd, vb, "2026-12-01"))!;
    const { bytes } = await communeUsage(db, vb);
    const [objects, rows] = [await objectCount(), await fileRows()];
    const file = jpeg(5000, { seed: 77 });
    const input = { bytes: file, name: "vuot.jpg", thumb: null, exif: null, isPublic: false };
    const refused = await uploadFile(db, env.EVIDENCE, 1, parent, input, "2026-12-01T00:00:00Z", null, bytes + 4000);
    expect(refused).toMatchObject({ ok: false, kind: "too_large" });
    expect(!refused.ok && refused.message).toContain("trên hạn mức");
    expect([await objectCount(), await fileRows()]).toEqual([objects, rows]);
    expect((await uploadFile(db, env.EVIDENCE, 1, parent, input, "2026-12-01T00:00:00Z", null, bytes + 6000)).ok).toBe(true);
  });
});
