// What the public landing page (`/` without login) reads: open provinces, a commune search over the folded-name
// index, the latest recognitions. Public data only (names, codes, decisions already published).
import { and, asc, desc, eq, gte, inArray, isNull, lt } from "drizzle-orm";
import type { Db } from "../db/client";
import { dossiers, unitSearchTerms, units } from "../db/schema";
import { fold, prefixUpperBound } from "../domain/text";
import type { PublicHit, PublicProvince, RecentRecognition } from "../web/landing-view";


export async function openProvinces(db: Db): Promise<PublicProvince[]> {
  return db
    .select({ id: units.id, code: units.code, name: units.name })
    .from(units)
    .where(and(eq(units.level, "province"), isNull(units.validTo)))
    .orderBy(asc(units.code))
    .all();
}

/** Open communes whose name starts a word with the query (the search-term index), with their province. */
export async function searchPublicCommunes(db: Db, query: string, limit = 20): Promise<PublicHit[]> {
  // The kind word matches too ("phu" → "Phường …"): read more, then rank names that start with the query first.
  const q = fold(query);
  if (q.length < 2) return [];
  const found = await db
    .selectDistinct({ id: units.id, code: units.code, name: units.name, parentId: units.parentId, provinceId: units.provinceId })
    .from(unitSearchTerms)
    .innerJoin(units, eq(units.id, unitSearchTerms.unitId))
    .where(and(gte(unitSearchTerms.term, q), lt(unitSearchTerms.term, prefixUpperBound(q)), eq(units.level, "commune"), isNull(units.validTo)))
    .limit(limit * 10)
    .all();
  const rank = (name: string) => (fold(name.replace(/^(Xã|Phường|Đặc khu)\s+/u, "")).startsWith(q) ? 0 : 1);
  found.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name, "vi"));
  found.splice(limit);
  const provinceIds = [...new Set(found.map((u) => u.provinceId ?? u.parentId).filter((id): id is number => id !== null))];
  const names = new Map(
    provinceIds.length ? (await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, provinceIds)).all()).map((p) => [p.id, p.name]) : [],
  );
  return found
    .map((u) => ({ code: u.code, name: u.name, parentName: names.get(u.provinceId ?? u.parentId ?? -1) ?? null }));
}

/** The latest recognitions of the open provinces (by the province/status index). */
export async function recentRecognitions(db: Db, provinceIds: number[], limit = 5): Promise<RecentRecognition[]> {
  if (provinceIds.length === 0) return [];
  return db
    .select({ communeCode: units.code, communeName: units.name, level: dossiers.level, decisionNumber: dossiers.decisionNumber, decisionDate: dossiers.decisionDate })
    .from(dossiers)
    .innerJoin(units, eq(units.id, dossiers.communeId))
    .where(and(inArray(dossiers.provinceId, provinceIds), eq(dossiers.status, "recognised")))
    .orderBy(desc(dossiers.decisionDate), desc(dossiers.id))
    .limit(limit)
    .all();
}
