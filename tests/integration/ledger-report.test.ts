import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { contributions, units } from "../../src/db/schema";
import { groupLedger, sumLedger } from "../../src/domain/ledger";
import { ledgerReport } from "../../src/services/ledger";
import { REPORT_GROUPINGS } from "../../src/domain/ledger";
import { advanceLedgerRollups, ledgerRollupDifferences, rebuildLedgerRollups } from "../../src/services/ledger-rollups";
import { unitByCode } from "../../src/services/units";
import { addPledge, seededDb } from "../factories";

// The sponsor report reads the rollups kept on write (ledger_rollups) and today's overdue pledges instead of every
// contribution of the area: its figures must equal the domain's own addToTotals over the rows, for every grouping and scope.
describe("sponsor report by SQL aggregates", () => {
  it("equals the row-by-row totals of domain/ledger.ts for every grouping, in the province, a district and a commune", async () => {
    const db = await seededDb();
    for (const [code, name] of [["28879", "Báo cáo A"], ["28870", "Báo cáo B"], ["28879", "Báo cáo C"]]) await addPledge(code, name);
    // A spread of states: received in part, received, cancelled after a part, overdue, labour and land, no due date.
    const statements = [
      "update contributions set received_total = 4000000, due_date = '2026-01-15' where id = (select min(id) from contributions)",
      "update contributions set status = 'received', received_total = amount, due_date = null where id = (select min(id) + 1 from contributions)",
      "update contributions set status = 'cancelled', received_total = 2500000, labour_days = 3 where id = (select max(id) from contributions)",
      "insert into contributions (sponsor_id, commune_id, province_id, district_id, kind, amount, status, pledged_at, due_date, labour_days, land_m2, received_total, created_by, mobilised_by, criterion_id) select sponsor_id, commune_id, province_id, district_id, 'labour', 0, 'received', '2026-05-01', '2026-06-01', 12, null, 0, 1, null, (select min(id) from criteria) from contributions where id = (select min(id) from contributions)",
      "insert into contributions (sponsor_id, commune_id, province_id, district_id, kind, amount, status, pledged_at, due_date, labour_days, land_m2, received_total, created_by, mobilised_by) select sponsor_id, commune_id, province_id, district_id, 'land', 150000000, 'pledged', '2026-05-01', '2026-07-01', null, 250, 0, 1, mobilised_by from contributions where id = (select min(id) from contributions)",
    ];
    for (const s of statements) await env.DB.prepare(s).run();
    const provinceId = (await unitByCode(db, "83", "2025-06-30"))!.id;
    const today = "2026-11-27";
    const all = await db.select().from(contributions).all();
    expect(all.length).toBeGreaterThanOrEqual(5);
    const unitOf = async (code: string) => (await unitByCode(db, code, "2025-06-30"))!;
    const names = new Map((await db.select().from(units).all()).map((u) => [u.id, u]));
    const check = async (label: string) => {
      for (const code of ["83", "832", "28879"]) {
        const unit = await unitOf(code);
        const inScope = all.filter((r) => (unit.level === "province" ? r.provinceId === unit.id : unit.level === "district" ? r.districtId === unit.id : r.communeId === unit.id));
        expect(inScope.length).toBeGreaterThan(0);
        const keyOf = { commune: (r: (typeof all)[0]) => r.communeId, district: (r: (typeof all)[0]) => r.districtId, province: () => unit.provinceId ?? unit.id, criterion: (r: (typeof all)[0]) => r.criterionId, project: (r: (typeof all)[0]) => r.projectId, cadre: (r: (typeof all)[0]) => r.mobilisedBy };
        for (const by of REPORT_GROUPINGS) {
          const report = await ledgerReport(db, unit, by, today);
          expect(report.total, `${label} ${code} ${by}`).toEqual(sumLedger(inScope, today));
          const expected = groupLedger(inScope, keyOf[by], today);
          expect(report.rows.length, `${label} ${code} ${by}`).toBe(expected.size);
          for (const row of report.rows) expect(row.totals, `${label} ${code} ${by} ${row.key}`).toEqual(expected.get(row.key === "" ? null : Number(row.key)));
          // Communes are named from the packed commune rows (issue 20), as their units rows name them.
          if (by === "commune") for (const row of report.rows) expect([row.label, row.link], `${label} ${code} ${row.key}`).toEqual([names.get(Number(row.key))!.name, `/communes/${names.get(Number(row.key))!.code}/contributions`]);
        }
      }
    };
    // The raw writes above bypass the services: the rollups are rebuilt from the rows (as rollups:check --repair does),
    // their overdue figures as of a day before, on or after today (the report adds or takes away what fell due between).
    for (const asOf of ["2026-01-01", "2026-06-15", today, "2027-03-01"]) {
      await rebuildLedgerRollups(db, provinceId, asOf);
      await check(`as of ${asOf}`);
    }
    // The daily job moves as_of forward: the figures stay the same, the stored overdue ones now include the days since.
    await rebuildLedgerRollups(db, provinceId, "2026-01-01");
    await advanceLedgerRollups(db, today);
    await advanceLedgerRollups(db, today);
    expect(await ledgerRollupDifferences(db, provinceId)).toEqual([]);
    await check("advanced");
  });
});
