// Reads of /api/v1 (issue 19) that the pages do not already have: pages by cursor (id order) and the province summary
// the national deployment pulls. Every query is a seek on an index; a page reads at most `limit + 1` rows.
import { and, asc, count, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Db } from "../db/client";
import { dossiers, indicatorValueHistory, units, users, type Unit } from "../db/schema";
import { areaLevels, areaSetsInPeriod } from "./progress";

/** A page of rows in id order: `limit` rows and the cursor of the next page (null on the last). */
export function pageOf<T extends { id: number }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? String(items[items.length - 1].id) : null };
}

/** The cursor as an id (0 for the first page), or null when it is not one this API handed out. */
export function cursorId(cursor: string | undefined): number | null {
  if (cursor === undefined || cursor === "") return 0;
  return /^\d{1,15}$/.test(cursor) ? Number(cursor) : null;
}

export async function childUnits(db: Db, parentId: number, after: number, limit: number): Promise<Unit[]> {
  return db.select().from(units).where(and(eq(units.parentId, parentId), gt(units.id, after))).orderBy(asc(units.id)).limit(limit + 1).all();
}

/** Every unit that has carried `code` at `level` (one per generation), oldest first. */
export async function generationsOf(db: Db, code: string, level: Unit["level"]): Promise<Unit[]> {
  return db.select().from(units).where(and(eq(units.code, code), eq(units.level, level))).orderBy(asc(units.validFrom)).all();
}

export async function historyPage(db: Db, unitId: number, indicatorId: number, after: number, limit: number) {
  return db
    .select({
      id: indicatorValueHistory.id,
      oldValue: indicatorValueHistory.oldValue,
      newValue: indicatorValueHistory.newValue,
      oldEvidence: indicatorValueHistory.oldEvidence,
      newEvidence: indicatorValueHistory.newEvidence,
      note: indicatorValueHistory.note,
      changedBy: users.displayName,
      changedAt: indicatorValueHistory.changedAt,
    })
    .from(indicatorValueHistory)
    .leftJoin(users, eq(users.id, indicatorValueHistory.changedBy))
    .where(and(eq(indicatorValueHistory.unitId, unitId), eq(indicatorValueHistory.indicatorId, indicatorId), gt(indicatorValueHistory.id, after)))
    .orderBy(asc(indicatorValueHistory.id))
    .limit(limit + 1)
    .all();
}

/** Recognised and revoked communes of a province, by the province/status index, in id order. */
export async function recognitionsPage(db: Db, provinceId: number, after: number, limit: number) {
  const rows = await db
    .select({
      id: dossiers.id,
      communeCode: units.code,
      communeName: units.name,
      level: dossiers.level,
      year: dossiers.year,
      status: dossiers.status,
      decisionNumber: dossiers.decisionNumber,
      decisionDate: dossiers.decisionDate,
      revocationNumber: dossiers.revocationNumber,
      revocationDate: dossiers.revocationDate,
    })
    .from(dossiers)
    .innerJoin(units, eq(units.id, dossiers.communeId))
    .where(and(eq(dossiers.provinceId, provinceId), inArray(dossiers.status, ["recognised", "revoked"]), gt(dossiers.id, after)))
    .orderBy(asc(dossiers.id))
    .limit(limit + 1)
    .all();
  return rows.map((r) => ({ ...r, status: r.status as "recognised" | "revoked" }));
}

export type SetFigures = { code: string; name: string; communes: number; criteriaMetSum: number; levels: Record<string, number> };

/** An area's figures per set in one programme period (the area rollups: one row per set and level). */
export async function areaFiguresInPeriod(db: Db, unitId: number, period: string | undefined, year: number) {
  const inPeriod = await areaSetsInPeriod(db, unitId, period, year);
  if (!inPeriod) return { period: null, periods: [] as string[], sets: [] as SetFigures[] };
  const sets: SetFigures[] = [];
  for (const s of inPeriod.sets) {
    const def = inPeriod.defs.find((d) => d.id === s.id)!;
    sets.push({ code: s.code, name: s.name, communes: s.communes, criteriaMetSum: s.criteriaMetSum, levels: await areaLevels(db, unitId, def) });
  }
  return { period: inPeriod.period.code, periods: inPeriod.periods, sets };
}

/**
 * What the national deployment pulls from a province: its unit counts, its area rollups in every programme period,
 * and its recognitions counted by level, year and status. O(sets × levels + periods) rows, never per commune.
 */
export async function provinceSummary(db: Db, province: Unit, year: number, nowIso: string) {
  const [levels, recognitions, first] = await Promise.all([
    // Districts and communes only (the province/level index): hamlets would be most of the rows read.
    db
      .select({ level: units.level, n: count() })
      .from(units)
      .where(and(eq(units.provinceId, province.id), inArray(units.level, ["district", "commune"]), isNull(units.validTo)))
      .groupBy(units.level)
      .all(),
    db
      .select({ level: dossiers.level, year: dossiers.year, status: dossiers.status, communes: count() })
      .from(dossiers)
      .where(and(eq(dossiers.provinceId, province.id), inArray(dossiers.status, ["recognised", "revoked"])))
      .groupBy(dossiers.level, dossiers.year, dossiers.status)
      .orderBy(asc(dossiers.year), asc(dossiers.level))
      .all(),
    areaFiguresInPeriod(db, province.id, undefined, year),
  ]);
  const periods = [];
  for (const period of first.periods) {
    periods.push({ period, sets: period === first.period ? first.sets : (await areaFiguresInPeriod(db, province.id, period, year)).sets });
  }
  const n = (level: string) => levels.find((l) => l.level === level)?.n ?? 0;
  return {
    province: { code: province.code, name: province.name, tiers: province.tiers, region: province.region },
    generatedAt: nowIso,
    units: { districts: n("district"), communes: n("commune") },
    periods,
    recognitions,
  };
}
