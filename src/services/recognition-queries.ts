// Recognition dossier reads for lists and pages: a commune's dossiers, the inbox of dossiers in progress, a
// dossier's details, the checklist's recognition notices and the public list of recognised communes.
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { preparedOnce } from "../db/prepared";
import { criteria, criteriaLevels, dossierDocuments, dossierEvents, dossierReturns, dossiers, indicators, units, users, type Unit } from "../db/schema";
import { IN_PROGRESS, type Chain, type DossierState, type RecognitionNotices } from "../domain/recognition";
import type { Checklist } from "./checklist";
import { chunk } from "./units";
import type { Dossier, DossierDocument, DossierEvent, DossierReturn } from "./recognition";

export type DossierListItem = {
  id: number;
  level: string;
  year: number;
  status: DossierState;
  chain: Chain;
  submittedAt: string | null;
  decisionNumber: string | null;
  decisionDate: string | null;
  communeCode: string;
  communeName: string;
  communeId: number;
  provinceId: number;
  districtId: number | null;
};

const listColumns = {
  id: dossiers.id,
  level: dossiers.level,
  year: dossiers.year,
  status: dossiers.status,
  chain: dossiers.chain,
  submittedAt: dossiers.submittedAt,
  decisionNumber: dossiers.decisionNumber,
  decisionDate: dossiers.decisionDate,
  communeCode: units.code,
  communeName: units.name,
  communeId: dossiers.communeId,
  provinceId: dossiers.provinceId,
  districtId: dossiers.districtId,
};

/** A commune's dossiers, newest year first. */
export async function communeDossiers(db: Db, communeId: number): Promise<DossierListItem[]> {
  return db
    .select(listColumns)
    .from(dossiers)
    .innerJoin(units, eq(units.id, dossiers.communeId))
    .where(eq(dossiers.communeId, communeId))
    .orderBy(desc(dossiers.year), desc(dossiers.id))
    .all();
}

/** Dossiers in progress in an area (a district's by the district index, a province's by the province index). */
export async function dossiersInProgress(db: Db, area: Pick<Unit, "id" | "level">): Promise<DossierListItem[]> {
  const where =
    area.level === "district"
      ? and(eq(dossiers.districtId, area.id), inArray(dossiers.status, [...IN_PROGRESS]))
      : and(eq(dossiers.provinceId, area.id), inArray(dossiers.status, [...IN_PROGRESS]));
  return db.select(listColumns).from(dossiers).innerJoin(units, eq(units.id, dossiers.communeId)).where(where).orderBy(asc(dossiers.submittedAt), asc(dossiers.id)).limit(500).all();
}

/** The levels of a criteria set, lowest first (the registration form's choices). */
export async function setLevels(db: Db, setId: number): Promise<{ code: string; name: string }[]> {
  return db.select({ code: criteriaLevels.code, name: criteriaLevels.name }).from(criteriaLevels).where(eq(criteriaLevels.setId, setId)).orderBy(asc(criteriaLevels.rank)).all();
}

export type DossierDetail = {
  documents: DossierDocument[];
  events: DossierEvent[];
  returns: DossierReturn[];
  levels: { code: string; name: string; rank: number }[];
  criteria: { id: number; number: number; name: string; revocationKey: boolean }[];
  indicators: { id: number; criterionId: number; code: string; name: string; kind: string; unit: string | null }[];
};

/** Everything the dossier page shows besides the dossier row: documents, events, returns, the set's names. */
export async function dossierDetail(db: Db, dossier: Dossier): Promise<DossierDetail> {
  const [documents, events, returns, levels, crit, inds] = await Promise.all([
    db
      .select({ d: dossierDocuments, addedByName: users.displayName })
      .from(dossierDocuments)
      .leftJoin(users, eq(users.id, dossierDocuments.addedBy))
      .where(eq(dossierDocuments.dossierId, dossier.id))
      .orderBy(asc(dossierDocuments.id))
      .all(),
    db
      .select({ e: dossierEvents, actorName: users.displayName })
      .from(dossierEvents)
      .leftJoin(users, eq(users.id, dossierEvents.actorId))
      .where(eq(dossierEvents.dossierId, dossier.id))
      .orderBy(asc(dossierEvents.at), asc(dossierEvents.id))
      .all(),
    db.select().from(dossierReturns).where(eq(dossierReturns.dossierId, dossier.id)).orderBy(asc(dossierReturns.id)).all(),
    db.select({ code: criteriaLevels.code, name: criteriaLevels.name, rank: criteriaLevels.rank }).from(criteriaLevels).where(eq(criteriaLevels.setId, dossier.setId)).orderBy(asc(criteriaLevels.rank)).all(),
    db.select({ id: criteria.id, number: criteria.number, name: criteria.name, revocationKey: criteria.revocationKey }).from(criteria).where(eq(criteria.setId, dossier.setId)).orderBy(asc(criteria.number)).all(),
    db
      .select({ id: indicators.id, criterionId: indicators.criterionId, code: indicators.code, name: indicators.name, kind: indicators.kind, unit: indicators.unit })
      .from(indicators)
      .where(eq(indicators.setId, dossier.setId))
      .orderBy(asc(indicators.sort))
      .all(),
  ]);
  return {
    documents: documents.map((r) => ({ ...r.d, addedByName: r.addedByName })),
    events: events.map((r) => ({ ...r.e, actorName: r.actorName })),
    returns,
    levels,
    criteria: crit,
    indicators: inds,
  };
}

// ---------------------------------------------------------------------------------------------
// The checklist's notices

export type { RecognitionNotices };

/** The commune's dossiers for the checklist's notices, built once per isolate (src/db/prepared.ts). */
export const noticeDossiersQuery = preparedOnce((db) =>
  db
    .select({ id: dossiers.id, level: dossiers.level, year: dossiers.year, status: dossiers.status, chain: dossiers.chain, submittedAt: dossiers.submittedAt, decisionNumber: dossiers.decisionNumber, decisionDate: dossiers.decisionDate })
    .from(dossiers)
    .where(eq(dossiers.communeId, sql.placeholder("communeId")))
    .orderBy(desc(dossiers.year), desc(dossiers.id))
    .prepare(),
);

type NoticeDossier = Awaited<ReturnType<ReturnType<typeof noticeDossiersQuery>["all"]>>[number];

/**
 * For the top of a commune's checklist: the recognised level, dossiers returned with the indicators to fix,
 * dossiers frozen in the chain, drafts. Reads the commune's few dossiers by index, then returns and the
 * last return event of returned ones only.
 */
export async function recognitionNotices(db: Db, checklist: Checklist, read?: NoticeDossier[]): Promise<RecognitionNotices> {
  const unit = checklist.unit;
  // `read`: the rows of noticeDossiersQuery when the caller read them in its own batch.
  const rows = read ?? (await noticeDossiersQuery(db).all({ communeId: unit.id }));
  const returnedIds = rows.filter((r) => r.status === "returned").map((r) => r.id);
  const [returns, events] = returnedIds.length
    ? await Promise.all([
        db.select().from(dossierReturns).where(and(inArray(dossierReturns.dossierId, returnedIds), isNull(dossierReturns.resolvedAt))).all(),
        db
          .select({ dossierId: dossierEvents.dossierId, at: dossierEvents.at, reason: dossierEvents.reason, byName: users.displayName, action: dossierEvents.action })
          .from(dossierEvents)
          .leftJoin(users, eq(users.id, dossierEvents.actorId))
          .where(and(inArray(dossierEvents.dossierId, returnedIds), eq(dossierEvents.action, "return")))
          .orderBy(desc(dossierEvents.at), desc(dossierEvents.id))
          .all(),
      ])
    : [[], []];
  const indicatorOf = new Map(checklist.def.indicators.map((i) => [i.id, i]));
  const levelRank = new Map(checklist.def.levels.map((l) => [l.code, l.rank]));
  const recognisedRows = rows.filter((r) => r.status === "recognised").sort((a, b) => (levelRank.get(b.level) ?? 0) - (levelRank.get(a.level) ?? 0));
  const level = checklist.rollup?.recognisedLevel ?? recognisedRows[0]?.level ?? null;
  const top = recognisedRows.find((r) => r.level === level) ?? null;
  return {
    communeCode: unit.code,
    recognised: level ? { level, decisionNumber: top?.decisionNumber ?? null, decisionDate: top?.decisionDate ?? null, dossierId: top?.id ?? 0 } : null,
    returned: rows
      .filter((r) => r.status === "returned")
      .map((r) => {
        const last = events.find((e) => e.dossierId === r.id);
        return {
          dossierId: r.id,
          level: r.level,
          year: r.year,
          at: last?.at ?? null,
          byName: last?.byName ?? null,
          note: last?.reason ?? null,
          items: returns
            .filter((x) => x.dossierId === r.id)
            .map((x) => ({ indicatorId: x.indicatorId, code: indicatorOf.get(x.indicatorId)?.code ?? "", name: indicatorOf.get(x.indicatorId)?.name ?? "", reason: x.reason })),
        };
      }),
    frozen: rows
      .filter((r) => IN_PROGRESS.includes(r.status) && r.status !== "returned")
      .map((r) => ({ dossierId: r.id, level: r.level, year: r.year, status: r.status, chain: r.chain, since: r.submittedAt })),
    drafts: rows.filter((r) => r.status === "draft").map((r) => ({ dossierId: r.id, level: r.level, year: r.year })),
  };
}

// ---------------------------------------------------------------------------------------------
// Public list

export type PublicRecognition = {
  id: number;
  level: string;
  year: number;
  status: DossierState;
  decisionNumber: string | null;
  decisionDate: string | null;
  decisionSigner: string | null;
  revocationNumber: string | null;
  revocationDate: string | null;
  communeName: string;
  communeCode: string;
  districtName: string | null;
  provinceName: string;
};

/** Recognised (and revoked) communes of the current provinces, or of one province; by the province/status index. */
export async function publicRecognitions(db: Db, provinceCode?: string): Promise<{ provinces: { code: string; name: string }[]; items: PublicRecognition[] }> {
  const provinces = await db
    .select({ id: units.id, code: units.code, name: units.name })
    .from(units)
    .where(and(eq(units.level, "province"), isNull(units.validTo)))
    .orderBy(asc(units.code))
    .all();
  const chosen = provinceCode ? provinces.filter((p) => p.code === provinceCode) : provinces;
  if (chosen.length === 0) return { provinces, items: [] };
  const rows = await db
    .select({
      id: dossiers.id,
      level: dossiers.level,
      year: dossiers.year,
      status: dossiers.status,
      decisionNumber: dossiers.decisionNumber,
      decisionDate: dossiers.decisionDate,
      decisionSigner: dossiers.decisionSigner,
      revocationNumber: dossiers.revocationNumber,
      revocationDate: dossiers.revocationDate,
      provinceId: dossiers.provinceId,
      districtId: dossiers.districtId,
      communeName: units.name,
      communeCode: units.code,
    })
    .from(dossiers)
    .innerJoin(units, eq(units.id, dossiers.communeId))
    .where(and(inArray(dossiers.provinceId, chosen.map((p) => p.id)), inArray(dossiers.status, ["recognised", "revoked"])))
    .orderBy(desc(dossiers.decisionDate), desc(dossiers.id))
    .limit(2000)
    .all();
  // District names: a few primary-key reads (a second join on units would clash on column names).
  const districtIds = [...new Set(rows.map((r) => r.districtId).filter((id): id is number => id !== null))];
  const districts = new Map<number, string>();
  for (const ids of chunk(districtIds, 90)) {
    for (const d of await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, ids)).all()) districts.set(d.id, d.name);
  }
  const provinceName = new Map(provinces.map((p) => [p.id, p.name]));
  const items: PublicRecognition[] = rows.map(({ provinceId, districtId, ...r }) => ({ ...r, districtName: districtId ? (districts.get(districtId) ?? null) : null, provinceName: provinceName.get(provinceId) ?? "" }));
  return { provinces: provinces.map(({ code, name }) => ({ code, name })), items };
}
