// Issue 20: the ledger totals are kept on write (ledger_rollups, in the same batch as every contribution write) and
// equal a recount from the contributions after creates, edits, receipts, cancels, deliveries, merges and concurrent
// writes; a write that fails (stale version) leaves them untouched. The report and the sponsors list read them.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { contributions, ledgerRollups, sponsors } from "../../src/db/schema";
import { vnDateOf } from "../../src/domain/clock";
import { sumLedger } from "../../src/domain/ledger";
import { ledgerReport } from "../../src/services/ledger";
import { ledgerRollupDifferences, rebuildLedgerRollups } from "../../src/services/ledger-rollups";
import { listSponsors } from "../../src/services/sponsors";
import { unitByCode, unitRef } from "../../src/services/units";
import { loggedIn, seededDb, testDb } from "../factories";

beforeAll(async () => {
  const db = await seededDb();
  // Overdue figures stored as of a far day: every open pledge with a due date counts, and each write must keep that.
  await rebuildLedgerRollups(db, (await unitByCode(db, "83", "2025-06-30"))!.id, "2099-01-01");
});

const VB = "28879";
const today = () => vnDateOf(new Date().toISOString());
const viToday = () => today().split("-").reverse().join("/");
const idFrom = (res: Response) => Number(/\/contributions\/(\d+)$/.exec(res.headers.get("Location") ?? "")?.[1]);
const pledge = (over: Record<string, string>) => ({ sponsorId: "", sponsorKind: "business", contactPhone: "", publicConsent: "on", kind: "money", amount: "20.000.000", pledgedAt: viToday(), ...over });
const contributionOf = async (id: number) => (await testDb().select().from(contributions).where(eq(contributions.id, id)).get())!;

/** The province's stored rollups against a recount, and the report's total against the domain's sum of the rows. */
async function expectConsistent(step: string) {
  const db = testDb();
  const province = (await unitByCode(db, "83", "2025-06-30"))!;
  expect(await ledgerRollupDifferences(db, province.id), step).toEqual([]);
  const rows = await db.select().from(contributions).where(eq(contributions.provinceId, province.id)).all();
  for (const by of ["commune", "criterion", "cadre"] as const) expect((await ledgerReport(db, province, by, today())).total, `${step} ${by}`).toEqual(sumLedger(rows, today()));
}

describe("ledger rollups kept on write", () => {
  it("equal a recount after create, edit, receipt, cancel, delivery and merge; a stale write changes nothing", async () => {
    const canbo = await loggedIn("canbo");
    const xa = await loggedIn("xa.vinhbinh");
    const a = idFrom(await canbo.post(`/communes/${VB}/contributions`, pledge({ sponsorName: "Công ty Tổng Hợp Một", amount: "30.000.000", dueDate: "31/12/2027" })));
    const b = idFrom(await canbo.post(`/communes/${VB}/contributions`, pledge({ sponsorName: "Công ty Tổng Hợp Hai", contactPhone: "0909 123 456", dueDate: "30/06/2028" })));
    const labour = idFrom(await canbo.post(`/communes/${VB}/contributions`, pledge({ sponsorName: "Đoàn thanh niên ấp", kind: "labour", amount: "", labourDays: "40" })));
    expect([a, b, labour].every((id) => id > 0)).toBe(true);
    await expectConsistent("create");

    const ca = await contributionOf(a);
    const edit = await xa.post(`/contributions/${a}`, { sponsorId: String(ca.sponsorId), kind: "money", amount: "45.000.000", pledgedAt: viToday(), dueDate: "15/01/2028", version: String(ca.version) });
    expect(edit.status).toBe(303);
    expect((await contributionOf(a)).amount).toBe(45_000_000);
    await expectConsistent("edit");

    expect((await xa.post(`/contributions/${a}/receipts`, { amount: "5.000.000", receivedAt: viToday(), payerName: "", note: "" })).status).toBe(303);
    await expectConsistent("receipt");

    const stored = await testDb().select().from(ledgerRollups).all();
    const cb = await contributionOf(b);
    expect((await xa.post(`/contributions/${b}/cancel`, { reason: "Doanh nghiệp rút lại", version: String(cb.version + 1) })).status).toBe(409);
    expect(await testDb().select().from(ledgerRollups).all()).toEqual(stored);
    expect((await xa.post(`/contributions/${b}/cancel`, { reason: "Doanh nghiệp rút lại", version: String(cb.version) })).status).toBe(303);
    await expectConsistent("cancel");

    expect((await xa.post(`/contributions/${labour}/deliver`, { version: String((await contributionOf(labour)).version) })).status).toBe(303);
    await expectConsistent("deliver");

    const keep = (await contributionOf(a)).sponsorId;
    const dup = cb.sponsorId;
    const [keepRow, dupRow] = await Promise.all([keep, dup].map(async (id) => (await testDb().select().from(sponsors).where(eq(sponsors.id, id)).get())!));
    const merged = await (await loggedIn("admin")).post(`/sponsors/${keep}/merge`, { from: `${dup}.${dupRow.version}`, version: String(keepRow.version) });
    expect(merged.status).toBe(303);
    expect((await contributionOf(b)).sponsorId).toBe(keep);
    await expectConsistent("merge");
    const sponsorRows = await testDb().select().from(ledgerRollups).where(eq(ledgerRollups.dim, "sponsor")).all();
    expect(sponsorRows.filter((r) => r.key === dup && (r.count !== 0 || r.cancelled !== 0))).toEqual([]);
  });

  it("equal a recount after concurrent receipts and creates", async () => {
    const canbo = await loggedIn("canbo");
    const xa = await loggedIn("xa.vinhbinh");
    const id = idFrom(await canbo.post(`/communes/${VB}/contributions`, pledge({ sponsorName: "Hộ kinh doanh Song Song", amount: "100.000.000", dueDate: "31/12/2027" })));
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () => xa.post(`/contributions/${id}/receipts`, { amount: "10.000.000", receivedAt: viToday(), payerName: "", note: "" })),
      ...Array.from({ length: 3 }, (_, i) => canbo.post(`/communes/${VB}/contributions`, pledge({ sponsorName: `Cơ sở Đồng Thời ${i + 1}` }))),
    ]);
    expect(results.every((r) => r.status === 303)).toBe(true);
    expect((await contributionOf(id)).receivedTotal).toBe(40_000_000);
    await expectConsistent("concurrent");
  });

  it("the sponsors list's totals equal the sponsor's contributions in the scope", async () => {
    const db = testDb();
    for (const code of ["83", VB]) {
      const scope = (await unitByCode(db, code, "2025-06-30"))!;
      const list = await listSponsors(db, unitRef(scope), "", 200);
      expect(list.length).toBeGreaterThan(0);
      for (const row of list) {
        const rows = (await db.select().from(contributions).where(eq(contributions.sponsorId, row.sponsor.id)).all()).filter((r) => scope.level === "province" || r.communeId === scope.id);
        const { overdueCount: _c, overdueAmount: _a, ...expected } = sumLedger(rows, today());
        expect(row.totals, row.sponsor.name).toEqual(expected);
      }
    }
  });
});
