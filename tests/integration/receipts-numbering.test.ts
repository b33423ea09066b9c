import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seededDb, testDb } from "../factories";
import { auditLog, contributions, receiptCounters, receipts, sponsors, users } from "../../src/db/schema";
import { unitByCode, unitRef } from "../../src/services/units";
import { createContribution } from "../../src/services/contributions";
import { recordReceipt } from "../../src/services/receipts";
import type { Actor } from "../../src/domain/permissions";
import type { ContributionInput, SponsorInput } from "../../src/domain/ledger-forms";

beforeAll(async () => {
  await seededDb();
});

async function setup() {
  const db = testDb();
  const commune = (await unitByCode(db, "28876"))!; // Xã Sơn Định: no other test writes here
  const staff = (await db.select().from(users).where(eq(users.username, "admin")).get())!;
  const actor: Actor = { id: staff.id, role: "admin", scope: unitRef((await unitByCode(db, "83"))!), departmentId: null };
  return { db, commune, actor };
}

const pledge = (amount: number): ContributionInput => ({
  sponsorId: null,
  kind: "money",
  amount,
  quantity: null,
  unitValue: null,
  labourDays: null,
  landM2: null,
  description: "Ủng hộ làm đường",
  valuationBasis: null,
  valuationApprovedBy: null,
  hamletId: null,
  projectId: null,
  criterionId: null,
  mobilisedBy: null,
  pledgedAt: "2026-01-05",
  dueDate: null,
  evidenceNote: null,
  evidenceLink: null,
});
const sponsor = (name: string): SponsorInput => ({ kind: "business", name, contactPhone: null, contactEmail: null, contactAddress: null, contactNote: null, publicConsent: true, publicName: null });
const receipt = (amount: number, confirmOver = false) => ({ amount, receivedAt: "2026-02-01", payerName: null, note: null, confirmOver });

describe("receipt numbers", () => {
  it("are unique and gapless per commune and year under 12 concurrent saves, some of which are refused", async () => {
    const { db, commune, actor } = await setup();
    const a = await createContribution(db, actor, commune, pledge(100_000_000), sponsor("Công ty Số Thứ Tự"));
    if (!a.ok) throw new Error(JSON.stringify(a));
    const c = (await db.select().from(contributions).where(eq(contributions.id, a.value.id)).get())!;
    // 12 receipts of 10 million against a 100 million pledge, all read the same state: exactly 10 fit.
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => recordReceipt(db, actor.id, commune, c, receipt(10_000_000))));
    const ok = outcomes.filter((o) => o.ok);
    expect(ok).toHaveLength(10);
    expect(outcomes.filter((o) => !o.ok).every((o) => !o.ok && o.kind === "invalid" && o.needsConfirm)).toBe(true);
    const stored = await db.select().from(receipts).where(and(eq(receipts.communeId, commune.id), eq(receipts.year, 2026))).all();
    expect(stored.map((r) => r.seq).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(stored.map((r) => r.number)).size).toBe(10);
    expect(stored.map((r) => r.number)).toContain("28876-2026-0001");
    expect(stored.map((r) => r.number)).toContain("28876-2026-0010");
    const counter = await db.select().from(receiptCounters).where(and(eq(receiptCounters.communeId, commune.id), eq(receiptCounters.year, 2026))).get();
    expect(counter!.lastSeq).toBe(10);
    const after = (await db.select().from(contributions).where(eq(contributions.id, c.id)).get())!;
    expect(after.receivedTotal).toBe(100_000_000);
    expect(after.status).toBe("received");
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, "receipt.create")).all();
    expect(audits.map((x) => x.entityId)).toContain("28876-2026-0010");
  });

  it("continue the sequence for another pledge of the same commune, restart for another year, and accept an over-receipt only when confirmed", async () => {
    const { db, commune, actor } = await setup();
    const b = await createContribution(db, actor, commune, pledge(5_000_000), sponsor("Bà Năm Bán Bánh"));
    if (!b.ok) throw new Error("create failed");
    let c = (await db.select().from(contributions).where(eq(contributions.id, b.value.id)).get())!;
    const r1 = await recordReceipt(db, actor.id, commune, c, receipt(3_000_000));
    expect(r1.ok && r1.number).toBe("28876-2026-0011");
    c = (await db.select().from(contributions).where(eq(contributions.id, c.id)).get())!;
    expect(c.status).toBe("pledged");
    const over = await recordReceipt(db, actor.id, commune, c, receipt(4_000_000));
    expect(over.ok).toBe(false);
    const confirmed = await recordReceipt(db, actor.id, commune, c, receipt(4_000_000, true));
    expect(confirmed.ok && confirmed.number).toBe("28876-2026-0012");
    c = (await db.select().from(contributions).where(eq(contributions.id, c.id)).get())!;
    expect([c.receivedTotal, c.status]).toEqual([7_000_000, "received"]);
    const lastYear = await recordReceipt(db, actor.id, commune, c, { ...receipt(1_000, true), receivedAt: "2025-12-31" });
    expect(lastYear.ok && lastYear.number).toBe("28876-2025-0001");
    const sponsorRow = await db.select().from(sponsors).where(eq(sponsors.id, c.sponsorId)).get();
    expect(sponsorRow!.name).toBe("Bà Năm Bán Bánh");
  });
});
