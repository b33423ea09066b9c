import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { Client, loggedIn, seededDb, testDb } from "../factories";
import { assignments, auditLog, contributions, criteria, receipts, sponsors, users } from "../../src/db/schema";
import { unitByCode } from "../../src/services/units";
import { readXlsxRows as readXlsx } from "../../src/domain/table-file";
import { readVietQr } from "../../src/domain/vietqr";

beforeAll(async () => {
  await seededDb();
});

const VB = "28879";
const rowsRead = (res: Response) => Number(/rows=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? NaN);
const idFrom = (res: Response, re: RegExp) => Number(re.exec(res.headers.get("Location") ?? "")?.[1]);
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&nbsp;|\u00a0/g, " ").replace(/\s+/g, " ");

async function giaoThong(): Promise<number> {
  const db = testDb();
  const rows = await db.select().from(criteria).where(eq(criteria.name, "Giao thông")).all();
  const page = await (await (await loggedIn("canbo")).get(`/communes/${VB}/contributions/new`)).text();
  const id = rows.map((r) => r.id).find((id) => page.includes(`value="${id}"`));
  if (!id) throw new Error("criterion Giao thông not offered");
  return id;
}

const pledgeForm = (over: Record<string, string> = {}) => ({
  sponsorId: "",
  sponsorKind: "business",
  sponsorName: "Công ty TNHH Cơ khí Chợ Lách",
  contactPhone: "0275 3871 234",
  contactEmail: "",
  contactAddress: "Khu phố 1, thị trấn Chợ Lách",
  contactNote: "",
  publicConsent: "on",
  publicName: "",
  kind: "money",
  amount: "50.000.000",
  description: "Ủng hộ bê tông hóa đường ấp",
  quantity: "",
  unitValue: "",
  valuationBasis: "",
  valuationApprovedBy: "",
  labourDays: "",
  landM2: "",
  hamletId: "",
  projectId: "",
  criterionId: "",
  mobilisedBy: "",
  pledgedAt: "",
  dueDate: "",
  evidenceNote: "",
  evidenceLink: "",
  ...over,
});

const todayVi = () => {
  const d = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
};

describe("the pledge → receipt → public ledger flow", () => {
  let contributionId = 0;

  it("canbo (assigned to Vĩnh Bình) records a 50.000.000 pledge from a new consenting sponsor", async () => {
    const criterionId = await giaoThong();
    const canbo = await loggedIn("canbo");
    const res = await canbo.post(`/communes/${VB}/contributions`, pledgeForm({ criterionId: String(criterionId), pledgedAt: todayVi() }));
    expect(res.status).toBe(303);
    contributionId = idFrom(res, /\/contributions\/(\d+)$/);
    const db = testDb();
    const c = (await db.select().from(contributions).where(eq(contributions.id, contributionId)).get())!;
    const canboUser = (await db.select().from(users).where(eq(users.username, "canbo")).get())!;
    expect(c).toMatchObject({ kind: "money", amount: 50_000_000, status: "pledged", receivedTotal: 0, criterionId, mobilisedBy: canboUser.id, createdBy: canboUser.id });
    const s = (await db.select().from(sponsors).where(eq(sponsors.id, c.sponsorId)).get())!;
    expect(s).toMatchObject({ name: "Công ty TNHH Cơ khí Chợ Lách", publicConsent: true, mobilisedBy: canboUser.id, contactPhone: "0275 3871 234" });
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.entity, "contribution"), eq(auditLog.entityId, String(contributionId)))).all();
    expect(audits.map((a) => a.action)).toEqual(["contribution.create"]);
    const sponsorAudit = await db.select().from(auditLog).where(and(eq(auditLog.entity, "sponsor"), eq(auditLog.entityId, String(s.id)))).all();
    expect(sponsorAudit.map((a) => a.action)).toEqual(["sponsor.create"]);
    const page = await canbo.get(`/contributions/${contributionId}`);
    expect(page.status).toBe(200);
    const html = text(await page.text());
    expect(html).toContain("50.000.000 đ");
    expect(html).toContain("2. Giao thông");
    expect(html).not.toContain("Lập phiếu thu"); // the cadre does not record receipts
  });

  it("xa.vinhbinh records a 30.000.000 receipt; the printed receipt states the amount in words", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    const page = await (await xa.get(`/contributions/${contributionId}`)).text();
    expect(page).toContain("Lập phiếu thu");
    const res = await xa.post(`/contributions/${contributionId}/receipts`, { amount: "30,000,000", receivedAt: todayVi(), payerName: "Ông Lê Văn Giao", note: "" });
    expect(res.status).toBe(303);
    // One batch: guarded update, counter, receipt, audit, and the ledger rollups' delta out and back in (15 rows each in a
    // three-tier province: services/ledger-rollups.ts), + 1 each for the sponsor's consent (the commune's anonymous row
    // of the public page, issue 20).
    expect(rowsRead(res)).toBeLessThanOrEqual(62);
    const receiptId = idFrom(res, /\/receipts\/(\d+)\?new=1$/);
    const print = await xa.get(`/receipts/${receiptId}?new=1`);
    expect(print.status).toBe(200);
    const html = text(await print.text());
    const year = new Date().getUTCFullYear();
    expect(html).toMatch(new RegExp(`Số: ${VB}-${year}-\\d{4}`));
    expect(html).toContain("PHIẾU THU");
    expect(html).toContain("30.000.000 đ");
    expect(html).toContain("Ba mươi triệu đồng.");
    expect(html).toContain("Ông Lê Văn Giao");
    expect(html).toContain("Khu phố 1, thị trấn Chợ Lách"); // the commune concerned sees the address
    const c = (await testDb().select().from(contributions).where(eq(contributions.id, contributionId)).get())!;
    expect([c.receivedTotal, c.status]).toEqual([30_000_000, "pledged"]);
    // A leader reads the receipt but not the sponsor's address.
    const leader = await loggedIn("huyen.cholach");
    const leaderView = text(await (await leader.get(`/receipts/${receiptId}`)).text());
    expect(leaderView).toContain("Ba mươi triệu đồng.");
    expect(leaderView).not.toContain("Khu phố 1");
  });

  it("the public page (no login) shows the sponsor, 30.000.000 received of 50.000.000 pledged, and finds the receipt", async () => {
    const anon = new Client();
    const res = await anon.get(`/public/communes/${VB}`);
    expect(res.status).toBe(200);
    const html = text(await res.text());
    expect(html).toContain("Công ty TNHH Cơ khí Chợ Lách");
    expect(html).toMatch(/Công ty TNHH Cơ khí Chợ Lách Doanh nghiệp 50\.000\.000 đ 30\.000\.000 đ/);
    expect(html).toContain("2. Giao thông");
    expect(html).not.toContain("0275 3871 234");
    expect(html).not.toContain("Khu phố 1");
    expect(rowsRead(res)).toBeLessThanOrEqual(60);
    const { number, checkCode } = (await testDb().select().from(receipts).where(eq(receipts.contributionId, contributionId)).get())!;
    const lookup = await anon.get(`/public/communes/${VB}?receipt=${encodeURIComponent(number.replace(/-0+(\d)/, "-$1"))}&check=${checkCode!.toLowerCase()}`);
    expect(lookup.status).toBe(200);
    const found = text(await lookup.text());
    expect(found).toContain(number);
    expect(found).not.toContain("Ông Lê Văn Giao"); // never the payer's name
    expect((await anon.get(`/public/communes/${VB}?receipt=${VB}-1999-0042&check=${checkCode}`)).status).toBe(404);
    const malformed = await anon.get(`/public/communes/${VB}?receipt=abc`);
    expect(malformed.status).toBe(422);
    expect(await malformed.text()).toContain("Số phiếu thu chưa đúng");
    expect((await anon.get("/public/communes/99999")).status).toBe(404);
  });

  it("refuses a receipt over the pledge without an explicit confirmation (422), accepts it confirmed", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    const over = await xa.post(`/contributions/${contributionId}/receipts`, { amount: "25.000.000", receivedAt: todayVi() });
    expect(over.status).toBe(422);
    const html = await over.text();
    expect(html).toContain("vượt số còn lại của cam kết (còn 20.000.000 đ)");
    expect(html).toContain('value="25.000.000"');
    expect(html).toContain("Xác nhận thu vượt số cam kết");
    const c = (await testDb().select().from(contributions).where(eq(contributions.id, contributionId)).get())!;
    expect(c.receivedTotal).toBe(30_000_000);
    // With htmx, the 422 is the receipt form fragment only (the partial the page also renders).
    const partial = await xa.post(`/contributions/${contributionId}/receipts`, { amount: "25.000.000", receivedAt: todayVi() }, { htmx: true });
    expect(partial.status).toBe(422);
    const fragment = await partial.text();
    expect(fragment.startsWith('<form method="post" action="/contributions/')).toBe(true);
    expect(fragment).toContain('id="receipt-form"');
    expect(fragment).not.toContain("<html");
    expect(partial.headers.get("Vary")).toContain("HX-Request");
    const confirmed = await xa.post(`/contributions/${contributionId}/receipts`, { amount: "25.000.000", receivedAt: todayVi(), confirmOver: "on" });
    expect(confirmed.status).toBe(303);
    const after = (await testDb().select().from(contributions).where(eq(contributions.id, contributionId)).get())!;
    expect([after.receivedTotal, after.status]).toEqual([55_000_000, "received"]);
  });
});

describe("bad input gets 422 with a Vietnamese message, keeping what was typed", () => {
  it.each([
    ["-50.000.000", "Số tiền cam kết không được âm."],
    ["50.000.000,5", "Số tiền cam kết phải là số nguyên đồng"],
    ["1,5", "Số tiền cam kết phải là số nguyên đồng"],
    ["5.000.000.000.000", "Số tiền cam kết quá lớn"],
    ["năm chục triệu", "Số tiền cam kết chưa đúng định dạng"],
  ])("pledge amount %s", async (amount, message) => {
    const canbo = await loggedIn("canbo");
    const before = (await testDb().select().from(contributions).all()).length;
    const res = await canbo.post(`/communes/${VB}/contributions`, pledgeForm({ amount, pledgedAt: todayVi(), sponsorName: "Người Nhập Sai" }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).toContain(`value="${amount}"`);
    expect(html).toContain('value="Người Nhập Sai"');
    expect((await testDb().select().from(contributions).all()).length).toBe(before);
  });

  it("a missing sponsor name, an unknown criterion, a receipt of -1 or 0,5", async () => {
    const canbo = await loggedIn("canbo");
    const noName = await canbo.post(`/communes/${VB}/contributions`, pledgeForm({ sponsorName: "", pledgedAt: todayVi() }));
    expect(noName.status).toBe(422);
    expect(await noName.text()).toContain("Vui lòng nhập tên nhà tài trợ.");
    const foreign = await canbo.post(`/communes/${VB}/contributions`, pledgeForm({ criterionId: "999999", pledgedAt: todayVi() }));
    expect(foreign.status).toBe(422);
    expect(await foreign.text()).toContain("Tiêu chí không thuộc bộ tiêu chí của xã.");
    const xa = await loggedIn("xa.vinhbinh");
    const created = await xa.post(`/communes/${VB}/contributions`, pledgeForm({ sponsorName: "Bà Tư Bánh Tráng", amount: "2.000.000", pledgedAt: todayVi() }));
    expect(created.status).toBe(303);
    const id = idFrom(created, /\/contributions\/(\d+)$/);
    for (const [amount, message] of [["-1", "Số tiền thu không được âm."], ["0,5", "Số tiền thu phải là số nguyên đồng"], ["0", "Số tiền thu phải lớn hơn 0."]]) {
      const res = await xa.post(`/contributions/${id}/receipts`, { amount, receivedAt: todayVi() });
      expect(res.status, amount).toBe(422);
      expect(await res.text()).toContain(message);
    }
  });
});

describe("permissions", () => {
  it("a cadre records only for communes of an active assignment; leaders and departments never", async () => {
    const canbo = await loggedIn("canbo");
    // Long Thới (28885): canbo's assignment there ended on 31/01/2025.
    const db = testDb();
    const longThoi = (await unitByCode(db, "28885"))!;
    const ended = await db.select().from(assignments).where(eq(assignments.unitId, longThoi.id)).all();
    expect(ended.length === 0 || ended.every((a) => a.periodTo !== null)).toBe(true);
    expect((await canbo.get("/communes/28885/contributions/new")).status).toBe(403);
    expect((await canbo.post("/communes/28885/contributions", pledgeForm({ pledgedAt: todayVi() }))).status).toBe(403);
    expect((await canbo.get("/communes/28885/contributions")).status).toBe(200); // reading is fine
    const leader = await loggedIn("lanhdao");
    expect((await leader.get(`/communes/${VB}/contributions/new`)).status).toBe(403);
    expect((await leader.get(`/communes/${VB}/contributions`)).status).toBe(200);
    const dept = await loggedIn("so.nongnghiep");
    expect((await dept.get(`/communes/${VB}/contributions`)).status).toBe(403);
    expect((await dept.get("/reports/contributions")).status).toBe(403);
    const xa = await loggedIn("xa.vinhbinh");
    expect((await xa.get("/communes/28876/contributions")).status).toBe(403);
    expect((await new Client().get(`/communes/${VB}/contributions`)).status).toBe(302);
  });

  it("receipts: commune staff of the commune and admin only", async () => {
    const c = (await testDb().select().from(contributions).where(eq(contributions.status, "pledged")).all()).find((x) => x.kind === "money")!;
    for (const name of ["canbo", "lanhdao", "huyen.cholach"]) {
      const client = await loggedIn(name);
      expect((await client.post(`/contributions/${c.id}/receipts`, { amount: "1.000", receivedAt: todayVi() })).status, name).toBe(403);
    }
  });
});

describe("consent and contact data", () => {
  const SECRET_NAME = "Trần Thị Kín Đáo Zyxw";
  const SECRET_PHONE = "0909 777 135";
  let sponsorId = 0;

  beforeAll(async () => {
    // Admin records a non-consenting sponsor (no mobilising cadre) with a receipt.
    const admin = await loggedIn("admin");
    const res = await admin.post(`/communes/${VB}/contributions`, pledgeForm({ sponsorName: SECRET_NAME, contactPhone: SECRET_PHONE, contactEmail: "kindao@example.vn", publicConsent: "", amount: "7.000.000", pledgedAt: todayVi() }));
    expect(res.status).toBe(303);
    const id = idFrom(res, /\/contributions\/(\d+)$/);
    sponsorId = (await testDb().select().from(contributions).where(eq(contributions.id, id)).get())!.sponsorId;
    expect((await admin.post(`/contributions/${id}/receipts`, { amount: "7.000.000", receivedAt: todayVi(), payerName: SECRET_NAME })).status).toBe(303);
  });

  it("never shows a non-consenting name or any contact field on public pages", async () => {
    const anon = new Client();
    const r7 = (await testDb().select().from(receipts).all()).find((r) => r.amount === 7_000_000)!;
    const number = `${r7.number}&check=${r7.checkCode}`;
    for (const path of [`/public/communes/${VB}`, `/public/communes/${VB}?receipt=${number}`]) {
      const html = await (await anon.get(path)).text();
      expect(html, path).not.toContain(SECRET_NAME);
      expect(html, path).not.toContain(SECRET_PHONE);
      expect(html, path).not.toContain("kindao@example.vn");
      expect(html, path).not.toContain("0275 3871 234");
    }
    const publicPage = text(await (await anon.get(`/public/communes/${VB}`)).text());
    expect(publicPage).toMatch(/\d+ nhà tài trợ không công khai tên/);
    expect(text(await (await anon.get(`/public/communes/${VB}?receipt=${number}`)).text())).toContain("Nhà tài trợ không công khai tên");
  });

  it("shows contact data to admin and the commune concerned, not to leaders or a cadre who did not mobilise them", async () => {
    for (const [name, sees] of [["admin", true], ["xa.vinhbinh", true], ["lanhdao", false], ["huyen.cholach", false], ["canbo", false]] as const) {
      const client = await loggedIn(name);
      const page = await client.get(`/sponsors/${sponsorId}`);
      expect(page.status, name).toBe(200);
      const html = await page.text();
      expect(html.includes(SECRET_PHONE), `${name} sponsor page`).toBe(sees);
      const list = await (await client.get("/sponsors")).text();
      expect(list.includes(SECRET_PHONE), `${name} sponsor list`).toBe(sees);
      for (const format of ["csv", "xlsx"]) {
        const res = await client.get(`/reports/contributions?unit=${VB}&by=detail&format=${format}`);
        expect(res.status, `${name} ${format}`).toBe(200);
        const body = format === "csv" ? await res.text() : JSON.stringify(readXlsx(new Uint8Array(await res.arrayBuffer())));
        expect(body.includes(SECRET_PHONE), `${name} ${format} export`).toBe(sees);
        expect(body).toContain(SECRET_NAME); // internal exports name every sponsor
      }
    }
  });

  it("the mobilising cadre sees the contact of the sponsors they brought", async () => {
    const canbo = await loggedIn("canbo");
    const db = testDb();
    const mine = (await db.select().from(sponsors).where(eq(sponsors.name, "Công ty TNHH Cơ khí Chợ Lách")).get())!;
    expect(await (await canbo.get(`/sponsors/${mine.id}`)).text()).toContain("0275 3871 234");
  });

  it("consent can be given later on the sponsor page (version-checked), and the name then appears in public", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    const s = (await testDb().select().from(sponsors).where(eq(sponsors.id, sponsorId)).get())!;
    const form = { sponsorKind: s.kind, sponsorName: s.name, contactPhone: s.contactPhone ?? "", contactEmail: s.contactEmail ?? "", contactAddress: "", contactNote: "", publicConsent: "on", publicName: "Gia đình bà Kín Đáo", version: String(s.version) };
    expect((await xa.post(`/sponsors/${sponsorId}`, form)).status).toBe(303);
    const stale = await xa.post(`/sponsors/${sponsorId}`, { ...form, publicName: "Tên khác" });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("Đã có người lưu trước bạn.");
    const leader = await loggedIn("lanhdao");
    expect((await leader.post(`/sponsors/${sponsorId}`, { ...form, version: String(s.version + 1) })).status).toBe(403);
    const html = await (await new Client().get(`/public/communes/${VB}`)).text();
    expect(html).toContain("Gia đình bà Kín Đáo");
    expect(html).not.toContain(SECRET_NAME);
    expect(html).not.toContain(SECRET_PHONE);
  });
});

describe("cancellation", () => {
  it("cancels the open remainder after a partial receipt; 409 on a stale version; totals follow", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    const created = await xa.post(`/communes/${VB}/contributions`, pledgeForm({ sponsorName: "Hợp tác xã Dừa Vĩnh Bình", amount: "20.000.000", pledgedAt: todayVi(), publicConsent: "" }));
    const id = idFrom(created, /\/contributions\/(\d+)$/);
    expect((await xa.post(`/contributions/${id}/receipts`, { amount: "4.000.000", receivedAt: todayVi() })).status).toBe(303);
    const c = (await testDb().select().from(contributions).where(eq(contributions.id, id)).get())!;
    const short = await xa.post(`/contributions/${id}/cancel`, { reason: "ab", version: String(c.version) });
    expect(short.status).toBe(422);
    expect(await short.text()).toContain("Vui lòng ghi lý do hủy");
    const stale = await xa.post(`/contributions/${id}/cancel`, { reason: "Hợp tác xã giải thể", version: String(c.version - 1) });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("vừa được người khác cập nhật");
    const ok = await xa.post(`/contributions/${id}/cancel`, { reason: "Hợp tác xã giải thể", version: String(c.version) });
    expect(ok.status).toBe(303);
    const after = (await testDb().select().from(contributions).where(eq(contributions.id, id)).get())!;
    expect([after.status, after.cancelReason, after.receivedTotal]).toEqual(["cancelled", "Hợp tác xã giải thể", 4_000_000]);
    expect((await xa.post(`/contributions/${id}/receipts`, { amount: "1.000", receivedAt: todayVi() })).status).toBe(422);
    const again = await xa.post(`/contributions/${id}/cancel`, { reason: "Hợp tác xã giải thể", version: String(after.version) });
    expect(again.status).toBe(422);
    // The report counts 4.000.000 pledged and received for it, nothing outstanding.
    const csv = await (await xa.get(`/reports/contributions?unit=${VB}&by=detail&format=csv`)).text();
    expect(csv).toMatch(/Hợp tác xã Dừa Vĩnh Bình,[^\r\n]*,20000000,4000000,0,/);
  });

  it("labour days are confirmed delivered without a money receipt", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    const created = await xa.post(`/communes/${VB}/contributions`, pledgeForm({ sponsorName: "Đoàn Thanh niên xã", sponsorKind: "association", kind: "labour", amount: "", labourDays: "120", pledgedAt: todayVi() }));
    expect(created.status).toBe(303);
    const id = idFrom(created, /\/contributions\/(\d+)$/);
    const c = (await testDb().select().from(contributions).where(eq(contributions.id, id)).get())!;
    expect((await xa.post(`/contributions/${id}/receipts`, { amount: "1.000", receivedAt: todayVi() })).status).toBe(422);
    expect((await xa.post(`/contributions/${id}/deliver`, { version: String(c.version) })).status).toBe(303);
    expect((await testDb().select().from(contributions).where(eq(contributions.id, id)).get())!.status).toBe("received");
  });
});

describe("editing a pledge", () => {
  it("admin edits an open pledge (version-checked); it cannot drop below what was received nor change kind after a receipt", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    const created = await xa.post(`/communes/${VB}/contributions`, pledgeForm({ sponsorName: "Cửa hàng Vật tư Ba Lành", amount: "10.000.000", pledgedAt: todayVi() }));
    const id = idFrom(created, /\/contributions\/(\d+)$/);
    expect((await xa.post(`/contributions/${id}/receipts`, { amount: "6.000.000", receivedAt: todayVi() })).status).toBe(303);
    const admin = await loggedIn("admin");
    const form = await admin.get(`/contributions/${id}/edit`);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('value="10.000.000"');
    const version = /name="version" value="(\d+)"/.exec(html)![1];
    const sponsorId = /<option value="(\d+)" selected="">Cửa hàng Vật tư Ba Lành<\/option>/.exec(html)![1];
    const edit = (over: Record<string, string>) => ({ ...pledgeForm({ sponsorId, pledgedAt: todayVi() }), version, ...over });
    const below = await admin.post(`/contributions/${id}`, edit({ amount: "5.000.000" }));
    expect(below.status).toBe(422);
    expect(await below.text()).toContain("Số tiền cam kết không được nhỏ hơn số đã nhận (6.000.000 đ).");
    const kind = await admin.post(`/contributions/${id}`, edit({ kind: "labour", labourDays: "10" }));
    expect(kind.status).toBe(422);
    expect(await kind.text()).toContain("không đổi được hình thức đóng góp");
    expect((await admin.post(`/contributions/${id}`, edit({ amount: "12.000.000", dueDate: "31/12/2099" }))).status).toBe(303);
    const stale = await admin.post(`/contributions/${id}`, edit({ amount: "13.000.000" }));
    expect(stale.status).toBe(409);
    const staleHtml = await stale.text();
    expect(staleHtml).toContain("Đã có người lưu trước bạn.");
    expect(staleHtml).toContain('value="13.000.000"');
    const c = (await testDb().select().from(contributions).where(eq(contributions.id, id)).get())!;
    expect([c.amount, c.dueDate, c.receivedTotal, c.status]).toEqual([12_000_000, "2099-12-31", 6_000_000, "pledged"]);
    const audit = await testDb().select().from(auditLog).where(and(eq(auditLog.action, "contribution.update"), eq(auditLog.entityId, String(id)))).all();
    expect(audit).toHaveLength(1);
    expect((await (await loggedIn("lanhdao")).get(`/contributions/${id}/edit`)).status).toBe(403);
  });
});

describe("reports and exports", () => {
  it("groups by commune, district, criterion, project and cadre within scope, with CSV and XLSX that add up", async () => {
    const leader = await loggedIn("lanhdao");
    for (const by of ["commune", "district", "criterion", "project", "cadre"]) {
      const res = await leader.get(`/reports/contributions?by=${by}`);
      expect(res.status, by).toBe(200);
      expect(await res.text()).toContain("Tổng cộng");
    }
    const page = text(await (await leader.get("/reports/contributions?by=commune")).text());
    expect(page).toContain("Xã Vĩnh Bình");
    const xlsx = readXlsx(new Uint8Array(await (await leader.get("/reports/contributions?unit=83&by=commune&format=xlsx")).arrayBuffer()));
    expect(xlsx[0].slice(0, 4)).toEqual(["Nhóm", "Số cam kết", "Đã cam kết (đ)", "Đã nhận (đ)"]);
    const body = xlsx.slice(1, -1);
    const total = xlsx.at(-1)!;
    expect(total[0]).toBe("Tổng cộng");
    expect(body.reduce((s, r) => s + Number(r[2]), 0)).toBe(total[2]);
    expect(body.reduce((s, r) => s + Number(r[3]), 0)).toBe(total[3]);
    const csvRes = await leader.get("/reports/contributions?unit=832&by=criterion&format=csv");
    expect(csvRes.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(csvRes.headers.get("Content-Disposition")).toMatch(/^attachment; filename="dong-gop-criterion-832-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await csvRes.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM, so Excel reads UTF-8
    const csv = new TextDecoder().decode(bytes);
    expect(csv.startsWith("Nhóm,")).toBe(true);
    expect(csv).toContain("2. Giao thông");
    const district = await loggedIn("huyen.cholach");
    expect((await district.get("/reports/contributions?unit=83")).status).toBe(403);
    expect((await district.get("/reports/contributions?unit=832&by=province")).status).toBe(422);
    expect((await district.get("/reports/contributions?unit=832&format=pdf")).status).toBe(422);
  });
});

describe("projects and the fund account", () => {
  it("commune staff create a project; the sponsor share comes from linked contributions; public page lists it", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    const bad = await xa.post(`/communes/${VB}/projects`, { name: "", status: "planned", progress: "120", budgetState: "-1" });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Vui lòng nhập tên công trình.");
    expect(badHtml).toContain("Tiến độ là số nguyên từ 0 đến 100");
    const res = await xa.post(`/communes/${VB}/projects`, { name: "Nhà văn hóa ấp Vĩnh Hòa", status: "in_progress", progress: "35", budgetState: "500.000.000", budgetCommune: "100.000.000", budgetResidents: "50.000.000", budgetSponsors: "150.000.000" });
    expect(res.status).toBe(303);
    const projectId = idFrom(res, /\/projects\/(\d+)$/);
    const pledge = await xa.post(`/communes/${VB}/contributions`, pledgeForm({ sponsorName: "Ngân hàng TMCP Mẫu", amount: "100.000.000", projectId: String(projectId), pledgedAt: todayVi() }));
    expect(pledge.status).toBe(303);
    const page = text(await (await xa.get(`/projects/${projectId}`)).text());
    expect(page).toContain("Mạnh thường quân đã cam kết (tính từ các đóng góp gắn với công trình) 100.000.000 đ (12% tổng kinh phí)");
    expect(page).toContain("Cam kết còn thiếu so với kế hoạch 50.000.000 đ");
    const leader = await loggedIn("lanhdao");
    expect((await leader.post(`/communes/${VB}/projects`, { name: "X", status: "planned" })).status).toBe(403);
    const pub = text(await (await new Client().get(`/public/communes/${VB}`)).text());
    expect(pub).toContain("Nhà văn hóa ấp Vĩnh Hòa");
    expect(pub).toContain("Cầu bê tông ấp Vĩnh Thạnh"); // the demo project
  });

  it("admin configures the fund account; the public page renders a VietQR SVG of that account", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    expect((await xa.get(`/communes/${VB}/fund-account`)).status).toBe(403);
    const admin = await loggedIn("admin");
    const bad = await admin.post(`/communes/${VB}/fund-account`, { bankBin: "000000", accountNumber: "1", accountName: "", version: "0" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Chọn ngân hàng trong danh sách.");
    expect((await admin.post(`/communes/${VB}/fund-account`, { bankBin: "970405", accountNumber: "7100 205 123456", accountName: "UBND XA VINH BINH - QUY NTM", version: "0" })).status).toBe(303);
    expect((await admin.post(`/communes/${VB}/fund-account`, { bankBin: "970405", accountNumber: "1111", accountName: "X", version: "0" })).status).toBe(409);
    const html = await (await new Client().get(`/public/communes/${VB}`)).text();
    expect(html).toContain("<svg");
    expect(text(html)).toContain("7100205123456");
    expect(text(html)).toContain("UNG HO NTM 28879");
    const svgPaths = /<svg[\s\S]*?<\/svg>/.exec(html)![0];
    expect(svgPaths.length).toBeGreaterThan(500);
    void readVietQr;
  });
});
