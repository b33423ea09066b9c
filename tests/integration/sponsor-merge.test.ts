// Issue 14: duplicate sponsors are warned about, an admin merges two (pledges move, receipts keep their numbers), and
// the public ledger lists no sponsor with nothing pledged or received.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, contributions, receipts, sponsors } from "../../src/db/schema";
import { vnDateOf } from "../../src/domain/clock";
import { Client, loggedIn, seededDb, testDb } from "../factories";

beforeAll(async () => {
  await seededDb();
});

const VB = "28879";
const viToday = () => vnDateOf(new Date().toISOString()).split("-").reverse().join("/");
const idFrom = (res: Response) => Number(/\/contributions\/(\d+)$/.exec(res.headers.get("Location") ?? "")?.[1]);
const pledge = (over: Record<string, string>) => ({
  sponsorId: "",
  sponsorKind: "business",
  contactPhone: "0275 3871 555",
  publicConsent: "on",
  kind: "money",
  amount: "20.000.000",
  pledgedAt: viToday(),
  ...over,
});
const contributionOf = async (id: number) => (await testDb().select().from(contributions).where(eq(contributions.id, id)).get())!;

describe("a likely duplicate sponsor", () => {
  it("same folded name and phone: warned, nothing saved; confirmed: created; another phone: no warning", async () => {
    const canbo = await loggedIn("canbo");
    const first = await canbo.post(`/communes/${VB}/contributions`, pledge({ sponsorName: "Công ty TNHH Đông Phát" }));
    expect(first.status).toBe(303);
    const before = (await testDb().select().from(sponsors).all()).length;
    const again = await canbo.post(`/communes/${VB}/contributions`, pledge({ sponsorName: "CONG TY TNHH DONG PHAT", contactPhone: "0275.3871.555" }));
    expect(again.status).toBe(422);
    const html = await again.text();
    expect(html).toContain("Có thể trùng với nhà tài trợ đã có “Công ty TNHH Đông Phát”");
    expect(html).toContain('name="confirmNewSponsor"');
    expect((await testDb().select().from(sponsors).all()).length).toBe(before);
    const confirmed = await canbo.post(`/communes/${VB}/contributions`, pledge({ sponsorName: "CONG TY TNHH DONG PHAT", contactPhone: "0275.3871.555", confirmNewSponsor: "on" }));
    expect(confirmed.status).toBe(303);
    const other = await canbo.post(`/communes/${VB}/contributions`, pledge({ sponsorName: "Công ty TNHH Đông Phát", contactPhone: "0909 000 111" }));
    expect(other.status).toBe(303);
  });
});

describe("the admin merges two sponsors", () => {
  it("moves the pledges (version bumped), keeps the receipt's number, deletes the duplicate, audits; a stale merge → 409", async () => {
    const canbo = await loggedIn("canbo");
    const a = idFrom(await canbo.post(`/communes/${VB}/contributions`, pledge({ sponsorName: "Hợp tác xã Gộp Một", contactPhone: "0275 1111 222" })));
    const b = idFrom(await canbo.post(`/communes/${VB}/contributions`, pledge({ sponsorName: "HTX Gop Mot", contactPhone: "0275-1111-222" })));
    const keep = (await contributionOf(a)).sponsorId;
    const dup = (await contributionOf(b)).sponsorId;
    expect(dup).not.toBe(keep);
    const staff = await loggedIn("xa.vinhbinh");
    const receipt = await staff.post(`/contributions/${b}/receipts`, { amount: "5.000.000", receivedAt: viToday(), payerName: "", note: "" });
    expect(receipt.status).toBe(303);
    const before = (await testDb().select().from(receipts).where(eq(receipts.contributionId, b)).get())!;

    const admin = await loggedIn("admin");
    const page = await (await admin.get(`/sponsors/${keep}`)).text();
    const dupRow = (await testDb().select().from(sponsors).where(eq(sponsors.id, dup)).get())!;
    const keepRow = (await testDb().select().from(sponsors).where(eq(sponsors.id, keep)).get())!;
    expect(page).toContain(`value="${dup}.${dupRow.version}"`); // same phone, other spelling: offered
    // Only an admin may merge.
    expect((await staff.post(`/sponsors/${keep}/merge`, { from: `${dup}.${dupRow.version}`, version: String(keepRow.version) })).status).toBe(403);
    expect(await (await staff.get(`/sponsors/${keep}`)).text()).not.toContain("sponsor-merge");

    const stale = await admin.post(`/sponsors/${keep}/merge`, { from: `${dup}.${dupRow.version}`, version: String(keepRow.version - 1) });
    expect(stale.status).toBe(409);
    const res = await admin.post(`/sponsors/${keep}/merge`, { from: `${dup}.${dupRow.version}`, version: String(keepRow.version) });
    expect(res.status).toBe(303);
    const moved = await contributionOf(b);
    expect(moved.sponsorId).toBe(keep);
    expect(moved.version).toBe(3); // receipt + merge
    expect(moved.receivedTotal).toBe(5_000_000);
    const after = (await testDb().select().from(receipts).where(eq(receipts.contributionId, b)).get())!;
    expect(after.number).toBe(before.number);
    expect(await testDb().select().from(sponsors).where(eq(sponsors.id, dup)).get()).toBeUndefined();
    const audit = await testDb().select().from(auditLog).where(and(eq(auditLog.action, "sponsor.merge"), eq(auditLog.entityId, String(keep)))).all();
    expect(audit).toHaveLength(1);
    // Replaying the same merge: the duplicate is gone.
    expect((await admin.post(`/sponsors/${keep}/merge`, { from: `${dup}.${dupRow.version}`, version: String(keepRow.version + 1) })).status).toBe(422);
  });
});

describe("the public ledger", () => {
  it("does not list a consenting sponsor whose only pledge was cancelled with nothing received", async () => {
    const canbo = await loggedIn("canbo");
    const id = idFrom(await canbo.post(`/communes/${VB}/contributions`, pledge({ sponsorName: "Công ty Hủy Cam Kết", contactPhone: "0275 9999 000" })));
    const anon = new Client();
    expect(await (await anon.get(`/public/communes/${VB}`)).text()).toContain("Công ty Hủy Cam Kết");
    const c = await contributionOf(id);
    expect((await canbo.post(`/contributions/${id}/cancel`, { reason: "Doanh nghiệp rút cam kết", version: String(c.version) })).status).toBe(303);
    expect(await (await anon.get(`/public/communes/${VB}`)).text()).not.toContain("Công ty Hủy Cam Kết");
  });
});
