// Issue 17, finding 2 (sponsor IDOR): a commune's staff posting a pledge that names another commune's sponsor
// (same province) was accepted, and that pledge then gave them the sponsor's contact data, edit rights and the
// power to publish a non-consenting name on the other commune's public ledger. Editing a pledge did the same.
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { Client, loggedIn, seededDb, testDb } from "../factories";
import { auditLog, contributions, sponsors, users } from "../../src/db/schema";

const ATTACKER_COMMUNE = "28879"; // xa.vinhbinh
const VICTIM_COMMUNE = "28876"; // Sơn Định, same district and province
const NAME = "Ông Bí Mật Qwxz";
const PHONE = "0911 222 333";
const EMAIL = "bimat@example.vn";

const todayVi = () => {
  const d = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
};

const pledgeForm = (over: Record<string, string> = {}) => ({
  sponsorId: "", sponsorKind: "individual", sponsorName: "", contactPhone: "", contactEmail: "", contactAddress: "", contactNote: "", publicConsent: "", publicName: "",
  kind: "money", amount: "1.000.000", description: "", quantity: "", unitValue: "", valuationBasis: "", valuationApprovedBy: "", labourDays: "", landM2: "",
  hamletId: "", projectId: "", criterionId: "", mobilisedBy: "", pledgedAt: todayVi(), dueDate: "", evidenceNote: "", evidenceLink: "",
  ...over,
});

let victimSponsorId = 0;
let attackerPledgeId = 0;

async function counts() {
  const db = testDb();
  return {
    contributions: (await db.select({ n: count() }).from(contributions).get())!.n,
    audit: (await db.select({ n: count() }).from(auditLog).get())!.n,
  };
}

beforeAll(async () => {
  await seededDb();
  // The admin records a non-consenting sponsor with contact data for Sơn Định.
  const admin = await loggedIn("admin");
  const res = await admin.post(
    `/communes/${VICTIM_COMMUNE}/contributions`,
    pledgeForm({ sponsorName: NAME, contactPhone: PHONE, contactEmail: EMAIL, contactAddress: "Ấp Sơn Lộc", contactNote: "gọi sau 17 giờ" }),
  );
  expect(res.status).toBe(303);
  const id = Number(/\/contributions\/(\d+)$/.exec(res.headers.get("Location")!)![1]);
  victimSponsorId = (await testDb().select().from(contributions).where(eq(contributions.id, id)).get())!.sponsorId;
  // The attacker's own, legitimate pledge (a new sponsor of their own).
  const xa = await loggedIn("xa.vinhbinh");
  const own = await xa.post(`/communes/${ATTACKER_COMMUNE}/contributions`, pledgeForm({ sponsorName: "Bà Năm Tạp Hóa", contactPhone: "0900 000 001" }));
  expect(own.status).toBe(303);
  attackerPledgeId = Number(/\/contributions\/(\d+)$/.exec(own.headers.get("Location")!)![1]);
}, 60_000);

async function expectVictimUntouched() {
  const s = (await testDb().select().from(sponsors).where(eq(sponsors.id, victimSponsorId)).get())!;
  expect(s.publicConsent).toBe(false);
  expect(s.version).toBe(1);
  const html = await (await new Client().get(`/public/communes/${VICTIM_COMMUNE}`)).text();
  expect(html).not.toContain(NAME);
  expect(html).not.toContain(PHONE);
}

async function expectNoAccess(xa: Client) {
  const page = await xa.get(`/sponsors/${victimSponsorId}`);
  expect([403, 404]).toContain(page.status);
  const body = await page.text();
  expect(body).not.toContain(PHONE);
  expect(body).not.toContain(EMAIL);
  const s = (await testDb().select().from(sponsors).where(eq(sponsors.id, victimSponsorId)).get())!;
  const edit = await xa.post(`/sponsors/${victimSponsorId}`, {
    sponsorKind: s.kind, sponsorName: s.name, contactPhone: "", contactEmail: "", contactAddress: "", contactNote: "", publicConsent: "on", publicName: "", version: String(s.version),
  });
  expect([403, 404]).toContain(edit.status);
  expect(await (await xa.get("/sponsors")).text()).not.toContain(PHONE);
}

describe("a pledge cannot name another commune's sponsor", () => {
  it("creating a pledge with a foreign sponsorId is refused and writes nothing", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    const before = await counts();
    const res = await xa.post(`/communes/${ATTACKER_COMMUNE}/contributions`, pledgeForm({ sponsorId: String(victimSponsorId) }));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await counts()).toEqual(before);
    await expectNoAccess(xa);
    await expectVictimUntouched();
  });

  it("editing one's own pledge to point at a foreign sponsor is refused and changes nothing", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    const pledge = (await testDb().select().from(contributions).where(eq(contributions.id, attackerPledgeId)).get())!;
    const before = await counts();
    const res = await xa.post(`/contributions/${attackerPledgeId}`, { ...pledgeForm({ sponsorId: String(victimSponsorId) }), version: String(pledge.version) });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await counts()).toEqual(before);
    expect((await testDb().select().from(contributions).where(eq(contributions.id, attackerPledgeId)).get())!.sponsorId).toBe(pledge.sponsorId);
    await expectNoAccess(xa);
    await expectVictimUntouched();
  });

  it("a pledge that names a foreign sponsor anyway (written before this fix) gives no contact data or edit rights", async () => {
    const db = testDb();
    const attacker = (await db.select().from(users).where(eq(users.username, "xa.vinhbinh")).get())!;
    const pledge = (await db.select().from(contributions).where(eq(contributions.id, attackerPledgeId)).get())!;
    await db.update(contributions).set({ sponsorId: victimSponsorId }).where(eq(contributions.id, attackerPledgeId));
    const xa = await loggedIn("xa.vinhbinh");
    const page = await xa.get(`/sponsors/${victimSponsorId}`);
    expect(await page.text()).not.toContain(PHONE);
    const s = (await db.select().from(sponsors).where(eq(sponsors.id, victimSponsorId)).get())!;
    const edit = await xa.post(`/sponsors/${victimSponsorId}`, {
      sponsorKind: s.kind, sponsorName: s.name, contactPhone: "", contactEmail: "", contactAddress: "", contactNote: "", publicConsent: "on", publicName: "", version: String(s.version),
    });
    expect([403, 404]).toContain(edit.status);
    expect(await (await xa.get("/sponsors")).text()).not.toContain(PHONE);
    const csv = await (await xa.get(`/reports/contributions?unit=${ATTACKER_COMMUNE}&by=detail&format=csv`)).text();
    expect(csv).toContain(NAME);
    expect(csv).not.toContain(PHONE);
    expect(csv).not.toContain(EMAIL);
    const receipt = await xa.post(`/contributions/${attackerPledgeId}/receipts`, { amount: "100.000", receivedAt: todayVi(), payerName: "Người nộp" });
    expect(receipt.status).toBe(303);
    const printed = await (await xa.get(receipt.headers.get("Location")!)).text();
    expect(printed).toContain("100.000");
    expect(printed).not.toContain("Ấp Sơn Lộc");
    await expectVictimUntouched();
    // The staff of a commune legitimately linked still see it: the admin's pledge for Sơn Định links it there.
    expect(attacker.id).not.toBe(s.createdBy);
    await db.update(contributions).set({ sponsorId: pledge.sponsorId }).where(eq(contributions.id, attackerPledgeId));
  });

  it("the commune's own sponsor, a sponsor the actor mobilised and the admin still work", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    const own = (await testDb().select().from(contributions).where(eq(contributions.id, attackerPledgeId)).get())!;
    expect(await (await xa.get(`/sponsors/${own.sponsorId}`)).text()).toContain("0900 000 001");
    const again = await xa.post(`/communes/${ATTACKER_COMMUNE}/contributions`, pledgeForm({ sponsorId: String(own.sponsorId) }));
    expect(again.status).toBe(303);
    const admin = await loggedIn("admin");
    expect(await (await admin.get(`/sponsors/${victimSponsorId}`)).text()).toContain(PHONE);
    const adminPledge = await admin.post(`/communes/${ATTACKER_COMMUNE}/contributions`, pledgeForm({ sponsorId: String(victimSponsorId) }));
    expect(adminPledge.status).toBe(303);
  });
});
