// The public ledger of a commune (/public/communes/:code, the API's commune ledger): what anyone may see of its
// contributions, read from the ledger rollups (services/ledger-rollups.ts) so the page does not grow with the commune's
// history (issue 20). Totals, per criterion and per project from the commune's rollup rows; the named sponsors (consent
// only, by the public name when given, never a contact field) from the commune's sponsor rows whose public state is
// "listed", largest pledge first, a keyset page at a time (index ledger_rollups_shown); the anonymous line from the
// commune's anonymous row, whose sponsor count is kept on write.
import { and, asc, desc, eq, inArray, isNull, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { inBatch, preparedOnce } from "../db/prepared";
import type { RunnableQuery } from "drizzle-orm/runnable-query";
import { criteria, evidenceFiles, fundAccounts, ledgerRollups, projects, sponsors, units, type EvidenceFile, type Unit } from "../db/schema";
import { budgetTotal, emptyTotals, publicSponsorName, SPONSOR_KIND_LABELS, type LedgerTotals } from "../domain/ledger";
import { cursorOf, type Cursor } from "../domain/keyset";
import { bankName, qrSvg, transferReference, vietQrPayload } from "../domain/vietqr";
import { rollupAsOf, rollupQueries, storedRows, withOverdueToday } from "./ledger-rollups";
import { provinceIdOf } from "../domain/permissions";
import { chunk } from "./units";
import type { PublicFund, PublicLedger, PublicSponsor } from "../web/ledger-view";

/** Named sponsors on the public page itself; the rest behind "Xem toàn bộ" (pages of PUBLIC_SPONSORS_PAGE). */
export const PUBLIC_SPONSORS_ON_PAGE = 30;
export const PUBLIC_SPONSORS_PAGE = 50;

export type PublicSponsorsPage = { sponsors: PublicSponsor[]; next: string | null };

/**
 * One page of a commune's named sponsors: pledged descending, then the newest sponsor first (the sponsor id: a key the
 * index orders, so a page reads its own rows), after `after` (the cursor "<pledged>_<sponsor id>" of the page before).
 */
export async function publicSponsors(db: Db, commune: Unit, today: string, limit: number, after: Cursor | null, asOf = rollupAsOf(db, commune)): Promise<PublicSponsorsPage> {
  const [rows] = await db.batch([sponsorsRead(db, commune.id, limit, after)]);
  return sponsorsPage(db, commune, today, limit, rows, asOf);
}

/** The read of a sponsors page: `limit` + 1 rows (the one more says there is a next page). */
const sponsorsRead = (db: Db, communeId: number, limit: number, after: Cursor | null): RunnableQuery<SponsorRow[], "sqlite"> =>
  after ? sponsorRows(db, communeId, sql`(${ledgerRollups.pledged}, ${ledgerRollups.key}) < (${Number(after.key)}, ${after.id})`, limit + 1) : inBatch(publicQueries(db).firstSponsors, { communeId, limit: limit + 1 });

type SponsorRow = Awaited<ReturnType<ReturnType<typeof sponsorRows>["all"]>>[number];

async function sponsorsPage(db: Db, commune: Unit, today: string, limit: number, rows: SponsorRow[], asOf: Promise<string | null>): Promise<PublicSponsorsPage> {
  const page = rows.slice(0, limit);
  const totals = await withOverdueToday(db, commune, "sponsor", today, page.map((p) => p.row), asOf);
  const sponsorsOut: PublicSponsor[] = [];
  for (const p of page) {
    // The state is kept on write; the consent is checked again here: a name is never shown without it.
    const name = publicSponsorName({ publicConsent: p.publicConsent, publicName: p.publicName, name: p.sponsorName });
    if (name === null) continue;
    const { label: _, ...t } = totals.get(p.row.key)!;
    sponsorsOut.push({ name, kind: SPONSOR_KIND_LABELS[p.sponsorKind], totals: t });
  }
  const last = page.at(-1)?.row;
  return { sponsors: sponsorsOut, next: rows.length > limit && last ? cursorOf(String(last.pledged), last.key) : null };
}

/** The listed sponsor rows of a commune, pledged descending, `where` more (a cursor). */
const sponsorRows = <L extends number | Placeholder>(db: Db, communeId: number | Placeholder, where: SQL | undefined, limit: L) =>
  db
    .select({ row: ledgerRollups, sponsorName: sponsors.name, publicName: sponsors.publicName, publicConsent: sponsors.publicConsent, sponsorKind: sponsors.kind })
    .from(ledgerRollups)
    .innerJoin(sponsors, eq(sponsors.id, ledgerRollups.key))
    .where(and(eq(ledgerRollups.areaId, communeId), eq(ledgerRollups.dim, "sponsor"), eq(ledgerRollups.shown, 2), where))
    .orderBy(desc(ledgerRollups.pledged), desc(ledgerRollups.key))
    .limit(limit);

/** The page's reads that do not depend on a cursor, built once per isolate (src/db/prepared.ts). */
const publicQueries = preparedOnce((db) => {
  const communeId = sql.placeholder("communeId");
  return {
    firstSponsors: sponsorRows(db, communeId, undefined, sql.placeholder("limit")).prepare(),
    anonymous: db
      .select()
      .from(ledgerRollups)
      .where(and(eq(ledgerRollups.areaId, communeId), eq(ledgerRollups.dim, "anonymous"), eq(ledgerRollups.key, 0)))
      .prepare(),
    projects: db.select().from(projects).where(eq(projects.communeId, communeId)).orderBy(asc(projects.id)).limit(200).prepare(),
    parents: db
      .select({ id: units.id, name: units.name, level: units.level })
      .from(units)
      .where(inArray(units.id, [sql.placeholder("districtId"), sql.placeholder("provinceId")]))
      .prepare(),
    fund: db.select().from(fundAccounts).where(eq(fundAccounts.communeId, communeId)).prepare(),
    // The files their owner marked public, of the commune's projects (a project's files carry its commune).
    projectFiles: db
      .select()
      .from(evidenceFiles)
      .where(and(eq(evidenceFiles.unitId, communeId), eq(evidenceFiles.parentKind, "project"), isNull(evidenceFiles.withdrawnAt), eq(evidenceFiles.isPublic, true)))
      .orderBy(asc(evidenceFiles.id))
      .prepare(),
  };
});

/** Criteria never change in place (a changed set is a new set): their labels are kept per isolate once read. */
const criterionLabels = new Map<number, { number: number; name: string }>();
export const forgetCriterionLabels = () => criterionLabels.clear();

async function labelsOf(db: Db, ids: number[]): Promise<Map<number, { number: number; name: string }>> {
  const missing = ids.filter((id) => !criterionLabels.has(id));
  for (const part of chunk(missing, 90)) for (const k of await db.select({ id: criteria.id, number: criteria.number, name: criteria.name }).from(criteria).where(inArray(criteria.id, part)).all()) criterionLabels.set(k.id, { number: k.number, name: k.name });
  return criterionLabels;
}

/** The commune's anonymous line (its row read by the caller): its non-consenting sponsors who contributed, and all their contributions' totals. */
async function anonymousLine(db: Db, commune: Unit, today: string, row: typeof ledgerRollups.$inferSelect | undefined, asOf: Promise<string | null>): Promise<PublicLedger["anonymous"]> {
  if (!row || (row.count === 0 && row.cancelled === 0)) return { sponsors: 0, totals: emptyTotals() };
  const { label: _, ...totals } = (await withOverdueToday(db, commune, "anonymous", today, [row], asOf)).get(0)!;
  return { sponsors: row.anonSponsors, totals };
}

/** What anyone may see of a commune's contributions (see the file's comment). ≈ 60 + criteria + projects rows. */
export async function publicLedger(db: Db, commune: Unit, today: string, sponsorsAfter: Cursor | null = null): Promise<PublicLedger & { projectFiles: EvidenceFile[] }> {
  // The page's fixed reads in one batch (one D1 round trip); the province's as_of once for the four groupings.
  const [q, r, communeId] = [publicQueries(db), rollupQueries(db), commune.id];
  const [asOfRows, criterionRows, projectRollups, projectRows, parents, funds, sponsorRowsRead, anonymousRows, projectFiles] = await db.batch([
    inBatch(r.asOf, { provinceId: provinceIdOf(commune) }),
    inBatch(r.rows, { areaId: communeId, dim: "criterion" }),
    inBatch(r.rows, { areaId: communeId, dim: "project" }),
    inBatch(q.projects, { communeId }),
    inBatch(q.parents, { districtId: commune.districtId ?? 0, provinceId: commune.provinceId ?? 0 }),
    inBatch(q.fund, { communeId }),
    sponsorsRead(db, communeId, sponsorsAfter ? PUBLIC_SPONSORS_PAGE : PUBLIC_SPONSORS_ON_PAGE, sponsorsAfter),
    inBatch(q.anonymous, { communeId }),
    inBatch(q.projectFiles, { communeId }),
  ]);
  const asOf = Promise.resolve(asOfRows[0]?.asOf ?? null);
  const fund = funds[0];
  const [byCriterionKey, byProject, named, anonymous] = await Promise.all([
    withOverdueToday(db, commune, "criterion", today, storedRows(criterionRows), asOf),
    withOverdueToday(db, commune, "project", today, storedRows(projectRollups), asOf),
    sponsorsPage(db, commune, today, sponsorsAfter ? PUBLIC_SPONSORS_PAGE : PUBLIC_SPONSORS_ON_PAGE, sponsorRowsRead, asOf),
    anonymousLine(db, commune, today, anonymousRows[0], asOf),
  ]);
  const criterionIds = [...new Set([...[...byCriterionKey.keys()].filter((k) => k !== 0), ...projectRows.flatMap((p) => (p.criterionId ? [p.criterionId] : []))])];
  const crit = await labelsOf(db, criterionIds);
  const shownProjects = new Set(projectRows.map((p) => p.id));
  const critLabel = (id: number | null) => (id && crit.has(id) ? `${crit.get(id)!.number}. ${crit.get(id)!.name}` : null);
  const totals = emptyTotals();
  const byCriterion = [...byCriterionKey].map(([key, { label: _, ...t }]) => {
    for (const k of Object.keys(totals) as (keyof LedgerTotals)[]) totals[k] += t[k];
    return { label: critLabel(key) ?? "Chưa gắn tiêu chí", totals: t, n: key === 0 ? 999 : (crit.get(key)?.number ?? 998) };
  });
  byCriterion.sort((a, b) => a.n - b.n);
  return {
    commune: {
      name: commune.name,
      code: commune.code,
      parents: [parents.find((p) => p.level === "district")?.name, parents.find((p) => p.level === "province")?.name].filter((n): n is string => !!n),
    },
    totals,
    byCriterion: byCriterion.map(({ label, totals }) => ({ label, totals })),
    projects: projectRows.map((p) => ({
      id: p.id,
      name: p.name,
      status: p.status,
      progress: p.progress,
      criterionName: critLabel(p.criterionId),
      budget: { total: budgetTotal(p), state: p.budgetState, commune: p.budgetCommune, residents: p.budgetResidents, sponsors: p.budgetSponsors, other: p.budgetOther },
      sponsorPledged: byProject.get(p.id)?.pledged ?? 0,
      sponsorReceived: byProject.get(p.id)?.received ?? 0,
    })),
    sponsors: named.sponsors,
    sponsorsNext: named.next,
    anonymous,
    fund: fund ? publicFund(fund, commune.code) : null,
    projectFiles: projectFiles.filter((f) => shownProjects.has(f.parentId)),
  };
}

function publicFund(fund: typeof fundAccounts.$inferSelect, communeCode: string): PublicFund {
  const reference = transferReference(communeCode);
  return { bankName: bankName(fund.bankBin), accountNumber: fund.accountNumber, accountName: fund.accountName, reference, svg: qrSvg(vietQrPayload(fund, reference)) };
}
