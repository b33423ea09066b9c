// Forms read through the one validator wrapper (src/web/validate.ts): a refused form answers 422 with the field's
// Vietnamese message and what was typed; checks that came before the fields (a stale version, a one-button form's
// 404) keep their status; nothing is saved.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { addPledge, loggedIn, seededDb, testDb } from "../factories";
import { communeBindings, contributions, fundAccounts, receipts, sponsors } from "../../src/db/schema";
import { unitByCode } from "../../src/services/units";

beforeAll(async () => {
  await seededDb();
});

const VB = "28879";
const isoToday = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const vi = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
/** A date next year: after "today" whatever the day the suite runs. */
const nextYear = () => vi(`${Number(isoToday().slice(0, 4)) + 1}${isoToday().slice(4)}`.replace(/-02-29$/, "-02-28"));

describe("the ledger's forms", () => {
  it("fund account: a bank not in the list and a missing version → 422, the messages, the typed name kept, nothing saved", async () => {
    const admin = await loggedIn("admin");
    const vb = (await unitByCode(testDb(), VB))!;
    const before = await testDb().select().from(fundAccounts).where(eq(fundAccounts.communeId, vb.id)).get();
    const bad = await admin.post(`/communes/${VB}/fund-account`, { bankBin: "000000", accountNumber: "7100 205", accountName: "QUY NTM XA DA GO", version: "" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain("Chọn ngân hàng trong danh sách.");
    expect(html).toContain("Thiếu phiên bản dữ liệu, vui lòng tải lại trang.");
    expect(html).toContain('value="QUY NTM XA DA GO"');
    expect(html).toContain('value="7100 205"');
    expect(await testDb().select().from(fundAccounts).where(eq(fundAccounts.communeId, vb.id)).get()).toEqual(before);
  });

  it("pledge edit: a pledge date after today (the per-request rule) → 422 with the message and the typed description", async () => {
    const { contributionId } = await addPledge(VB, "Công ty Kiểm Thử Biểu Mẫu");
    const xa = await loggedIn("xa.vinhbinh");
    const row = (await testDb().select().from(contributions).where(eq(contributions.id, contributionId)).get())!;
    const form = { sponsorId: String(row.sponsorId), kind: "money", amount: "12.000.000", description: "Mô tả vừa gõ lại", pledgedAt: nextYear(), version: String(row.version) };
    const res = await xa.post(`/contributions/${contributionId}`, form);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Ngày cam kết không được sau hôm nay.");
    expect(html).toContain("Mô tả vừa gõ lại");
    expect(html).toContain('value="12.000.000"');
    // A missing version is the form's message, the fields as typed.
    const stale = await xa.post(`/contributions/${contributionId}`, { ...form, pledgedAt: vi(isoToday()), version: "" });
    expect(stale.status).toBe(422);
    expect(await stale.text()).toContain("Thiếu phiên bản dữ liệu, vui lòng tải lại trang.");
    expect((await testDb().select().from(contributions).where(eq(contributions.id, contributionId)).get())!).toEqual(row);
  });

  it("receipt: a date after today → 422 with the message and the typed payer; a stale version is still 409 first", async () => {
    const { contributionId } = await addPledge(VB, "Hộ Kiểm Thử Phiếu Thu");
    const xa = await loggedIn("xa.vinhbinh");
    const row = (await testDb().select().from(contributions).where(eq(contributions.id, contributionId)).get())!;
    const form = { amount: "1.000.000", receivedAt: nextYear(), payerName: "Người Nộp Vừa Gõ", note: "", version: String(row.version) };
    const res = await xa.post(`/contributions/${contributionId}/receipts`, form);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Ngày thu không được sau hôm nay.");
    expect(html).toContain('value="Người Nộp Vừa Gõ"');
    const stale = await xa.post(`/contributions/${contributionId}/receipts`, { ...form, version: String(row.version + 5) });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("Cam kết vừa được cập nhật");
    expect(await testDb().select().from(receipts).where(eq(receipts.contributionId, contributionId)).all()).toEqual([]);
  });

  it("sponsor merge: no duplicate picked → 422 with the message, nothing merged; a non-admin still gets 403", async () => {
    const { sponsorId } = await addPledge(VB, "Công ty Gộp Thử");
    const admin = await loggedIn("admin");
    const res = await admin.post(`/sponsors/${sponsorId}/merge`, { from: "khong-chon", version: "1" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Chọn nhà tài trợ trùng cần gộp.");
    expect((await testDb().select().from(sponsors).where(eq(sponsors.id, sponsorId)).get())!.version).toBe(1);
    expect((await (await loggedIn("xa.vinhbinh")).post(`/sponsors/${sponsorId}/merge`, { from: "x" })).status).toBe(403);
  });
});

describe("settings forms", () => {
  it("binding: no set chosen → 422 'Hãy chọn bộ tiêu chí.'; a malformed version → 422 with the form's message, the typed years kept", async () => {
    const admin = await loggedIn("admin");
    const vb = (await unitByCode(testDb(), VB))!;
    const binding = (await testDb().select().from(communeBindings).where(eq(communeBindings.unitId, vb.id)).get())!;
    const base = { setId: String(binding.setId), key: binding.key, targetLevel: binding.targetLevel, targetYear: "2024", evalYear: "2023", version: "x" };
    const noSet = await admin.post(`/communes/${VB}/binding`, { ...base, setId: "" });
    expect(noSet.status).toBe(422);
    expect(await noSet.text()).toContain("Hãy chọn bộ tiêu chí.");
    const noVersion = await admin.post(`/communes/${VB}/binding`, { ...base, version: "-2" });
    expect(noVersion.status).toBe(422);
    const html = await noVersion.text();
    expect(html).toContain("Thiếu phiên bản dữ liệu; hãy tải lại trang.");
    expect(html).toContain('value="2024"');
    expect(html).toContain('value="2023"');
    expect(await testDb().select().from(communeBindings).where(eq(communeBindings.unitId, vb.id)).get()).toEqual(binding);
  });

  it("recognition chain and revocation rule: a value not offered → 422 with the message; a non-admin still gets 403", async () => {
    const admin = await loggedIn("admin");
    const chain = await admin.post("/recognitions/chain", { chain: "khac", version: "1" });
    expect(chain.status).toBe(422);
    expect(await chain.text()).toContain("Hãy chọn một quy trình.");
    const rule = await admin.post("/recognitions/revocation-rule", { rule: "none", source: "x".repeat(301) });
    expect(rule.status).toBe(422);
    expect(await rule.text()).toContain("Nguồn văn bản tối đa 300 ký tự, không chứa ký tự điều khiển.");
    expect((await (await loggedIn("lanhdao")).post("/recognitions/chain", { chain: "khac" })).status).toBe(403);
  });

  it("one-button forms keep their refusal: a malformed session id and an empty e-mail to unlink → 404 in Vietnamese", async () => {
    const admin = await loggedIn("admin");
    const session = await admin.post("/admin/sessions/end", { id: "khong-phai-ma" });
    expect(session.status).toBe(404);
    expect(await session.text()).toContain("Không tìm thấy phiên đăng nhập này");
    const unlink = await admin.post("/admin/sso/unlink", { email: "   " });
    expect(unlink.status).toBe(404);
    expect(await unlink.text()).toContain("Không tìm thấy e-mail này trong tỉnh.");
  });
});
