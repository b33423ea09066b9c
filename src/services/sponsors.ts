// Sponsors (mạnh thường quân): list within a user's scope, one sponsor with its contributions, edit
// (version-checked, audited). Contact fields are loaded here but shown only where can("sponsor.contact").
import { and, asc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { contributions, sponsors, units, users, type Unit } from "../db/schema";
import type { SponsorInput } from "../domain/ledger-forms";
import { provinceIdOf, type Actor, type UnitRef } from "../domain/permissions";
import { fold, prefixUpperBound } from "../domain/text";
import { auditStatement } from "./audit";
import { asBatch, guardStatement, isStale, ledgerFigureColumns } from "./ledger-common";
import { chunk } from "./units";
import { pairsOfSponsor, publicPairStatements, rollupDelta, rollupTotals, type RollupTotals } from "./ledger-rollups";
import type { Sponsor } from "./contributions";
import type { Failure, Outcome } from "../domain/outcome";
import type { SponsorContributionRow } from "../web/ledger-view";

const ledgerColumns = {
  id: contributions.id,
  sponsorId: contributions.sponsorId,
  communeId: contributions.communeId,
  districtId: contributions.districtId,
  ...ledgerFigureColumns,
};

/**
 * `totals`: the sponsor's ledger_rollups row inside the scope (no overdue figures: they depend on the day).
 * `linked`: the communes the sponsor is legitimately linked to (see linkedCommunes), the only ones that see its contact;
 * only for a district or commune scope — in a province scope contact follows from the province (admin) or from
 * mobilising the sponsor, never from a commune.
 */
export type SponsorListRow = { sponsor: Sponsor; totals: RollupTotals; linked: UnitRef[] };

/**
 * Sponsors a user may list: for a province scope, the province's sponsors (name-prefix search on the folded
 * name, keyset pages after the sponsor `after`); for a district or commune scope, the sponsors with contributions
 * there. Totals count only the contributions inside the scope, from the rollups. At most `limit` sponsors.
 */
export async function listSponsors(db: Db, scope: UnitRef, query: string, limit = 100, after: number | null = null): Promise<SponsorListRow[]> {
  const q = fold(query);
  let list: Sponsor[];
  let totals: Map<number, RollupTotals>;
  if (scope.level === "province") {
    // Keyset page: sponsors after (name, id) of the previous page's last sponsor, on the (province, name) index.
    const last = after === null ? undefined : await db.select({ name: sponsors.nameFolded, id: sponsors.id }).from(sponsors).where(and(eq(sponsors.id, after), eq(sponsors.provinceId, scope.id))).get();
    const where = and(
      eq(sponsors.provinceId, scope.id),
      q ? and(gte(sponsors.nameFolded, q), lt(sponsors.nameFolded, prefixUpperBound(q))) : undefined,
      last ? sql`(${sponsors.nameFolded}, ${sponsors.id}) > (${last.name}, ${last.id})` : undefined,
    );
    list = await db.select().from(sponsors).where(where).orderBy(asc(sponsors.nameFolded), asc(sponsors.id)).limit(limit).all();
    totals = await rollupTotals(db, scope, "sponsor", list.map((s) => s.id));
  } else {
    totals = await rollupTotals(db, scope, "sponsor");
    list = [];
    for (const part of chunk([...totals.keys()], 90)) list.push(...(await db.select().from(sponsors).where(inArray(sponsors.id, part)).all()));
    list = list.filter((s) => !q || s.nameFolded.startsWith(q)).sort((a, b) => a.nameFolded.localeCompare(b.nameFolded)).slice(0, limit);
  }
  const linked = scope.level === "province" ? new Map<number, UnitRef[]>() : await linkedCommunes(db, list);
  const none: RollupTotals = { count: 0, cancelled: 0, pledged: 0, received: 0, outstanding: 0, labourDaysPledged: 0, labourDaysReceived: 0, landM2Pledged: 0, landM2Received: 0 };
  return list.map((sponsor) => ({ sponsor, totals: totals.get(sponsor.id) ?? none, linked: linked.get(sponsor.id) ?? [] }));
}

/**
 * The communes a sponsor is legitimately linked to: those of its pledges recorded by someone who may name the sponsor
 * for any commune — the user who created it, its mobilising cadre, or an admin. A pledge recorded by anyone else does
 * not link it (a commune once could pledge another commune's sponsor): contact data and edit rights never
 * follow from such a pledge.
 */
export async function linkedCommunes(db: Db, list: Pick<Sponsor, "id" | "createdBy" | "mobilisedBy">[]): Promise<Map<number, UnitRef[]>> {
  const out = new Map<number, UnitRef[]>();
  const byId = new Map(list.map((s) => [s.id, s]));
  for (const part of chunk([...byId.keys()], 90)) {
    const rows = await db
      .selectDistinct({ sponsorId: contributions.sponsorId, communeId: contributions.communeId, provinceId: contributions.provinceId, districtId: contributions.districtId, createdBy: contributions.createdBy, role: users.role })
      .from(contributions)
      .leftJoin(users, eq(users.id, contributions.createdBy))
      .where(inArray(contributions.sponsorId, part))
      .all();
    for (const r of rows) {
      const s = byId.get(r.sponsorId)!;
      if (r.createdBy !== s.createdBy && r.createdBy !== s.mobilisedBy && r.role !== "admin") continue;
      const refs = out.get(r.sponsorId) ?? [];
      if (!refs.some((u) => u.id === r.communeId)) refs.push({ id: r.communeId, level: "commune", provinceId: r.provinceId, districtId: r.districtId, communeId: null });
      out.set(r.sponsorId, refs);
    }
  }
  return out;
}

/**
 * May `actor` name this existing sponsor on a pledge for `commune`? Only a sponsor of the commune's province that is
 * already linked to the commune, or that the actor created or mobilised; an admin (already authorised for the commune)
 * may link any sponsor of the province.
 */
export async function mayNameSponsor(db: Db, actor: Actor, commune: Unit, sponsor: Sponsor): Promise<boolean> {
  if (sponsor.provinceId !== provinceIdOf(commune)) return false;
  if (actor.role === "admin" || sponsor.createdBy === actor.id || sponsor.mobilisedBy === actor.id) return true;
  return ((await linkedCommunes(db, [sponsor])).get(sponsor.id) ?? []).some((u) => u.id === commune.id);
}

/** A sponsor with every contribution (and its commune), for the sponsor page. */
export async function loadSponsor(db: Db, id: number): Promise<{ sponsor: Sponsor; contributions: SponsorContributionRow[]; linked: UnitRef[] } | null> {
  const sponsor = await db.select().from(sponsors).where(eq(sponsors.id, id)).get();
  if (!sponsor) return null;
  // Joined columns are picked by hand: a select must not repeat a column name (see db/client.ts).
  const rows = await db
    .select({ ...ledgerColumns, provinceId: contributions.provinceId, pledgedAt: contributions.pledgedAt, description: contributions.description, communeName: units.name, communeCode: units.code })
    .from(contributions)
    .innerJoin(units, eq(units.id, contributions.communeId))
    .where(eq(contributions.sponsorId, id))
    .orderBy(asc(contributions.pledgedAt))
    .limit(500)
    .all();
  return {
    sponsor,
    linked: (await linkedCommunes(db, [sponsor])).get(sponsor.id) ?? [],
    contributions: rows.map((r) => ({ ...r, commune: { id: r.communeId, level: "commune" as const, provinceId: r.provinceId, districtId: r.districtId, communeId: null } })),
  };
}

export type SponsorUpdate = Outcome<{ sponsor: Sponsor }, Failure<"conflict", { current: Sponsor }>>;

/** Saves a sponsor's details, consent and public name (version-checked; audit in the same batch). */
export async function updateSponsor(db: Db, actorId: number, current: Sponsor, input: SponsorInput, version: number, ip: string | null = null): Promise<SponsorUpdate> {
  if (current.version !== version) return { ok: false, kind: "conflict", current };
  const set = { ...input, nameFolded: fold(input.name), version: version + 1 };
  // Consent changed: the sponsor's pledges leave one commune's anonymous line (or join it), and its pairs' public state.
  const consent = input.publicConsent !== current.publicConsent;
  const anonymous = (sign: 1 | -1) => (consent ? [rollupDelta(db, eq(contributions.sponsorId, current.id), sign, { anonymousOnly: true })] : []);
  try {
    await db.batch(
      asBatch([
        ...anonymous(-1),
        db.update(sponsors).set(set).where(and(eq(sponsors.id, current.id), eq(sponsors.version, version))),
        guardStatement(db),
        ...anonymous(1),
        ...(consent ? publicPairStatements(db, pairsOfSponsor(current.id)) : []),
        auditStatement(db, {
          actorId,
          action: "sponsor.update",
          entity: "sponsor",
          entityId: current.id,
          before: pick(current),
          after: input,
          ip,
        }),
      ]),
    );
  } catch (error) {
    if (!isStale(error)) throw error;
    const now = await db.select().from(sponsors).where(eq(sponsors.id, current.id)).get();
    return { ok: false, kind: "conflict", current: now ?? current };
  }
  return { ok: true, sponsor: { ...current, ...set } };
}

const pick = (s: Sponsor) => ({
  kind: s.kind,
  name: s.name,
  contactPhone: s.contactPhone,
  contactEmail: s.contactEmail,
  contactAddress: s.contactAddress,
  contactNote: s.contactNote,
  publicConsent: s.publicConsent,
  publicName: s.publicName,
});
