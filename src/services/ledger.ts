// Sponsors ledger read models: pledged vs received vs overdue reports per area/criterion/project/cadre,
// the public ledger of a commune (consenting sponsors only, never contact data), the commune's fund account
// (VietQR).
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { contributions, criteria, fundAccounts, projects, sponsors, units, users, type Unit } from "../db/schema";
import { budgetTotal, emptyTotals, groupLedger, hasContributed, publicSponsorName, sumLedger, SPONSOR_KIND_LABELS, type LedgerRow, type LedgerTotals, type ReportGrouping, type SponsorKind } from "../domain/ledger";
import type { FundAccountInput } from "../domain/ledger-forms";
import { bankName, qrSvg, transferReference, vietQrPayload } from "../domain/vietqr";
import { compareVi } from "../domain/text";
import { auditStatement } from "./audit";
import { asBatch, guardStatement, isStale, ledgerFigureColumns } from "./ledger-common";
import { chunk } from "./units";
import { ledgerTotalsBy, type GroupLabel } from "./ledger-rollups";
import { linkedCommunes } from "./sponsors";
import { provinceIdOf, type UnitRef } from "../domain/permissions";
import type { Failure, Outcome } from "../domain/outcome";
import type { PublicFund, PublicLedger, ReportRow } from "../web/ledger-view";

type ScopedRow = LedgerRow & {
  id: number;
  sponsorId: number;
  communeId: number;
  districtId: number | null;
  criterionId: number | null;
  projectId: number | null;
  mobilisedBy: number | null;
  pledgedAt: string;
  description: string | null;
};

const scopedColumns = {
  id: contributions.id,
  sponsorId: contributions.sponsorId,
  communeId: contributions.communeId,
  districtId: contributions.districtId,
  criterionId: contributions.criterionId,
  projectId: contributions.projectId,
  mobilisedBy: contributions.mobilisedBy,
  ...ledgerFigureColumns,
  pledgedAt: contributions.pledgedAt,
  description: contributions.description,
};

/** The contributions inside a unit (see scopeOf). */
async function scopedContributions(db: Db, unit: Unit): Promise<ScopedRow[]> {
  return db.select(scopedColumns).from(contributions).where(scopeOf(unit)).all();
}

async function namesOf<T extends { id: number }>(ids: number[], load: (part: number[]) => Promise<T[]>): Promise<Map<number, T>> {
  const out = new Map<number, T>();
  for (const part of chunk([...new Set(ids)], 90)) for (const row of await load(part)) out.set(row.id, row);
  return out;
}

/** The scope condition of `unit` (province: province index; district: province index + district; commune: commune index). */
function scopeOf(unit: Unit) {
  return unit.level === "province"
    ? eq(contributions.provinceId, unit.id)
    : unit.level === "district"
      ? and(eq(contributions.provinceId, unit.provinceId!), eq(contributions.districtId, unit.id))
      : eq(contributions.communeId, unit.level === "commune" ? unit.id : unit.communeId!);
}

/** Pledged, received, outstanding and overdue per group, within `unit`; groups sorted by pledged value. */
export async function ledgerReport(db: Db, unit: Unit, by: ReportGrouping, today: string): Promise<{ rows: ReportRow[]; total: LedgerTotals }> {
  // Kept on write (services/ledger-rollups.ts): one row per group, not every contribution of the area. A grouping
  // with one key in this scope (the whole province; a commune's own district or commune) is the sum of the criterion rows.
  const single: { key: number | null } | null =
    by === "province"
      ? { key: provinceIdOf(unit) }
      : by === "district" && unit.level !== "province"
        ? { key: unit.level === "district" ? unit.id : unit.districtId }
        : by === "commune" && (unit.level === "commune" || unit.level === "hamlet")
          ? { key: unit.level === "commune" ? unit.id : unit.communeId }
          : null;
  const byKey = await ledgerTotalsBy(db, unit, single ? "criterion" : (by as Exclude<ReportGrouping, "province">), today, !single);
  const total = emptyTotals();
  for (const t of byKey.values()) for (const k of Object.keys(total) as (keyof LedgerTotals)[]) total[k] += t[k];
  const totalsOf = ({ label: _, ...t }: LedgerTotals & { label: GroupLabel }): LedgerTotals => t;
  const groups = new Map<number | null, LedgerTotals>(single ? (byKey.size ? [[single.key, total]] : []) : [...byKey].map(([k, t]) => [k === 0 ? null : k, totalsOf(t)]));
  // Group names come with the rollup rows (joined); a single group's name is one lookup.
  const singleUnit = single?.key ? await db.select({ name: units.name, code: units.code }).from(units).where(eq(units.id, single.key)).get() : undefined;
  const label = (id: number): { label: string; link: string | null } => {
    const l = single ? { name: singleUnit?.name ?? null, code: singleUnit?.code ?? null } : (byKey.get(id)?.label ?? { name: null, code: null });
    return {
      label: l.name ?? `#${id}`,
      link: by === "commune" && l.code ? `/communes/${l.code}/contributions` : by === "project" ? `/projects/${id}` : null,
    };
  };
  const none: Record<ReportGrouping, string> = {
    commune: "—",
    district: "Không thuộc huyện",
    province: "—",
    criterion: "Chưa gắn tiêu chí",
    project: "Không gắn công trình",
    cadre: "Không ghi cán bộ vận động",
  };
  const out: ReportRow[] = [...groups].map(([key, totals]) => (key === null ? { key: "", label: none[by], link: null, totals } : { key: String(key), ...label(key), totals }));
  out.sort((a, b) => b.totals.pledged - a.totals.pledged || compareVi(a.label, b.label));
  return { rows: out, total };
}

export type DetailRow = ScopedRow & {
  communeName: string;
  communeCode: string;
  commune: Unit;
  sponsorName: string;
  sponsorKind: SponsorKind;
  sponsorMobilisedBy: number | null;
  /** Communes the sponsor is legitimately linked to (linkedCommunes): only these see its contact. */
  sponsorLinked: UnitRef[];
  contactPhone: string | null;
  contactEmail: string | null;
  criterionName: string | null;
  projectName: string | null;
  mobiliserName: string | null;
};

/** Every contribution in `unit` with names (for the detailed export). Contact fields are for the route to filter. */
export async function ledgerDetail(db: Db, unit: Unit): Promise<DetailRow[]> {
  const rows = await scopedContributions(db, unit);
  const [communes, sponsorRows, crit, proj, people] = await Promise.all([
    namesOf(rows.map((r) => r.communeId), (part) => db.select().from(units).where(inArray(units.id, part)).all()),
    namesOf(rows.map((r) => r.sponsorId), (part) => db.select().from(sponsors).where(inArray(sponsors.id, part)).all()),
    namesOf(rows.flatMap((r) => (r.criterionId ? [r.criterionId] : [])), (part) => db.select({ id: criteria.id, name: criteria.name, number: criteria.number }).from(criteria).where(inArray(criteria.id, part)).all()),
    namesOf(rows.flatMap((r) => (r.projectId ? [r.projectId] : [])), (part) => db.select({ id: projects.id, name: projects.name }).from(projects).where(inArray(projects.id, part)).all()),
    namesOf(rows.flatMap((r) => (r.mobilisedBy ? [r.mobilisedBy] : [])), (part) => db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, part)).all()),
  ]);
  const linked = await linkedCommunes(db, [...sponsorRows.values()]);
  return rows
    .map((r) => {
      const s = sponsorRows.get(r.sponsorId)!;
      const c = communes.get(r.communeId)!;
      const k = r.criterionId ? crit.get(r.criterionId) : undefined;
      return {
        ...r,
        commune: c,
        communeName: c.name,
        communeCode: c.code,
        sponsorName: s.name,
        sponsorKind: s.kind,
        sponsorMobilisedBy: s.mobilisedBy,
        sponsorLinked: linked.get(s.id) ?? [],
        contactPhone: s.contactPhone,
        contactEmail: s.contactEmail,
        criterionName: k ? `${k.number}. ${k.name}` : null,
        projectName: r.projectId ? (proj.get(r.projectId)?.name ?? null) : null,
        mobiliserName: r.mobilisedBy ? (people.get(r.mobilisedBy)?.name ?? null) : null,
      };
    })
    .sort((a, b) => compareVi(a.communeName, b.communeName) || a.pledgedAt.localeCompare(b.pledgedAt) || a.id - b.id);
}

// ---- Public ledger ----

/**
 * What anyone may see of a commune's contributions. Sponsor names only with consent (by the public name
 * when given); no contact field is selected at all. ≈ contributions + projects + criteria rows.
 */
export async function publicLedger(db: Db, commune: Unit, today: string): Promise<PublicLedger> {
  // One D1 round trip for the four reads (a batch: one request and one result to decode, not four).
  const [rows, projectRows, parents, fundRows] = await db.batch([
    db
      .select({
        ...scopedColumns,
        // Aliased: contributions.kind has the same column name (a select must not repeat one, see db/client.ts).
        sponsorKind: sql<SponsorKind>`${sponsors.kind}`.as("sponsor_kind"),
        publicConsent: sponsors.publicConsent,
        publicName: sponsors.publicName,
        // Selected only to be dropped below unless the sponsor consented (publicSponsorName).
        sponsorName: sponsors.name,
      })
      .from(contributions)
      .innerJoin(sponsors, eq(sponsors.id, contributions.sponsorId))
      .where(eq(contributions.communeId, commune.id)),
    db.select().from(projects).where(eq(projects.communeId, commune.id)).orderBy(asc(projects.id)).limit(200),
    db
      .select({ id: units.id, name: units.name, level: units.level })
      .from(units)
      .where(inArray(units.id, [commune.districtId ?? 0, commune.provinceId ?? 0])),
    db.select().from(fundAccounts).where(eq(fundAccounts.communeId, commune.id)).limit(1),
  ]);
  const fund = fundRows[0];
  const criterionIds = [...new Set([...rows.map((r) => r.criterionId), ...projectRows.map((p) => p.criterionId)].filter((id): id is number => id !== null))];
  const crit = await namesOf(criterionIds, (part) => db.select({ id: criteria.id, number: criteria.number, name: criteria.name }).from(criteria).where(inArray(criteria.id, part)).all());
  const critLabel = (id: number | null) => (id && crit.has(id) ? `${crit.get(id)!.number}. ${crit.get(id)!.name}` : null);

  const named = new Map<string, { name: string; kind: string; rows: LedgerRow[] }>();
  const anonymousIds = new Set<number>();
  const anonymousRows: LedgerRow[] = [];
  // Sponsors whose every pledge was cancelled with nothing received are not listed, named or counted (issue 14).
  const bySponsor = groupLedger(rows, (r) => r.sponsorId, today);
  for (const r of rows) {
    const name = publicSponsorName({ publicConsent: r.publicConsent, publicName: r.publicName, name: r.sponsorName });
    if (name === null) {
      if (hasContributed(bySponsor.get(r.sponsorId)!)) anonymousIds.add(r.sponsorId);
      anonymousRows.push(r);
      continue;
    }
    const key = String(r.sponsorId);
    const entry = named.get(key) ?? { name, kind: SPONSOR_KIND_LABELS[r.sponsorKind], rows: [] };
    entry.rows.push(r);
    named.set(key, entry);
  }
  const byProject = groupLedger(rows, (r) => r.projectId, today);
  const byCriterion = [...groupLedger(rows, (r) => r.criterionId, today)]
    .map(([id, totals]) => ({ label: critLabel(id) ?? "Chưa gắn tiêu chí", totals, n: id === null ? 999 : (crit.get(id)?.number ?? 998) }))
    .sort((a, b) => a.n - b.n)
    .map(({ label, totals }) => ({ label, totals }));
  return {
    commune: {
      name: commune.name,
      code: commune.code,
      parents: [parents.find((p) => p.level === "district")?.name, parents.find((p) => p.level === "province")?.name].filter((n): n is string => !!n),
    },
    totals: sumLedger(rows, today),
    byCriterion,
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
    sponsors: [...named.values()]
      .map((s) => ({ name: s.name, kind: s.kind, totals: sumLedger(s.rows, today) }))
      .filter((s) => hasContributed(s.totals))
      .sort((a, b) => b.totals.pledged - a.totals.pledged || compareVi(a.name, b.name)),
    anonymous: { sponsors: anonymousIds.size, totals: sumLedger(anonymousRows, today) },
    fund: fund ? publicFund(fund, commune.code) : null,
  };
}

function publicFund(fund: typeof fundAccounts.$inferSelect, communeCode: string): PublicFund {
  const reference = transferReference(communeCode);
  return { bankName: bankName(fund.bankBin), accountNumber: fund.accountNumber, accountName: fund.accountName, reference, svg: qrSvg(vietQrPayload(fund, reference)) };
}

// ---- Fund account ----

export type FundAccount = typeof fundAccounts.$inferSelect;

export async function getFundAccount(db: Db, communeId: number): Promise<FundAccount | undefined> {
  return db.select().from(fundAccounts).where(eq(fundAccounts.communeId, communeId)).get();
}

/** Creates (version 0 = none yet) or updates a commune's fund account, version-checked, audited. */
export async function saveFundAccount(
  db: Db,
  actorId: number,
  communeId: number,
  input: FundAccountInput,
  version: number,
  ip: string | null = null,
): Promise<Outcome<{}, Failure<"conflict", { current: FundAccount | undefined }>>> {
  const current = await getFundAccount(db, communeId);
  if ((current?.version ?? 0) !== version) return { ok: false, kind: "conflict", current };
  const write = current
    ? db
        .update(fundAccounts)
        .set({ ...input, updatedBy: actorId, updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`, version: version + 1 })
        .where(and(eq(fundAccounts.communeId, communeId), eq(fundAccounts.version, version)))
    : db.insert(fundAccounts).values({ communeId, ...input, updatedBy: actorId, version: 1 }).onConflictDoNothing();
  try {
    await db.batch(
      asBatch([
        write,
        guardStatement(db),
        auditStatement(db, {
          actorId,
          action: current ? "fund_account.update" : "fund_account.create",
          entity: "fund_account",
          entityId: communeId,
          before: current ? { bankBin: current.bankBin, accountNumber: current.accountNumber, accountName: current.accountName } : null,
          after: input,
          ip,
        }),
      ]),
    );
  } catch (error) {
    if (!isStale(error)) throw error;
    return { ok: false, kind: "conflict", current: await getFundAccount(db, communeId) };
  }
  return { ok: true };
}
