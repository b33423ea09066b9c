// Counts of an area's communes by level for the leader's figures: evaluated per district (the checklists, kept in
// area_level_counts: O(districts × levels) rows); recognised (decisions) from the communes' rollups where the page
// reads its communes anyway, else per district from one read of the province's recognised dossiers, counted here.
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";

const valuesList = (items: number[]) => sql.join(items.map((v) => sql`(${v})`), sql`, `);

export type ExactCounts = Map<number, Record<string, number>>;

/** Per district (by id): communes whose evaluated level is exactly each level ("" = none). */
export async function evaluatedByDistrict(db: Db, districtIds: number[], setId: number): Promise<ExactCounts> {
  const out: ExactCounts = new Map();
  if (districtIds.length === 0) return out;
  const rows = await db.all<{ unit_id: number; level: string; communes: number }>(sql`
    WITH k(id) AS (VALUES ${valuesList(districtIds)})
    SELECT c.unit_id AS unit_id, c.level AS level, c.communes AS communes FROM k
    JOIN area_level_counts c ON c.unit_id = k.id AND c.set_id = ${setId}`);
  for (const r of rows) out.set(r.unit_id, { ...out.get(r.unit_id), [r.level]: r.communes });
  return out;
}

/** Communes recognised exactly at each level, from communes whose rollups the page reads anyway (0 extra rows). */
export function recognisedOf(communes: readonly { rollup: { setId: number; recognisedLevel: string | null } | null }[], setId: number): ExactCounts {
  const counts: Record<string, number> = {};
  for (const c of communes) if (c.rollup?.setId === setId && c.rollup.recognisedLevel) counts[c.rollup.recognisedLevel] = (counts[c.rollup.recognisedLevel] ?? 0) + 1;
  return new Map([[0, counts]]);
}

/** A closed province's recognitions are a read-only archive (no decision can change them): kept per isolate. */
const archiveCache = new Map<string, ExactCounts>();
export const forgetArchiveCounts = () => archiveCache.clear();

/**
 * Per district (by id): communes recognised exactly at each level of the set, i.e. at the highest level of their
 * decisions in force (status `recognised`) under it. One query over the province's recognised dossiers (a seek on
 * dossiers_province_status), counted here per commune then per district: rows read = the province's recognised
 * dossiers (76 for Bến Tre; a GROUP BY in SQL reads each row twice through its temporary b-tree). A closed
 * province's counts are kept per isolate.
 */
export async function recognisedByDistrict(db: Db, province: { id: number; validTo: string | null }, set: { id: number; levels: { code: string; rank: number }[] }): Promise<ExactCounts> {
  const key = `${province.id}:${set.id}`;
  const cached = province.validTo !== null ? archiveCache.get(key) : undefined;
  if (cached) return cached;
  const rows = await db.all<{ district_id: number | null; commune_id: number; level: string }>(sql`
    SELECT district_id, commune_id, level FROM dossiers WHERE province_id = ${province.id} AND status = 'recognised' AND set_id = ${set.id}`);
  const out = exactByDistrict(rows.map((r) => ({ districtId: r.district_id ?? 0, communeId: r.commune_id, level: r.level })), set.levels);
  if (province.validTo !== null) archiveCache.set(key, out);
  return out;
}

/** From decisions (several per commune: NTM, then NTM nâng cao…) to communes per district at their highest level. */
export function exactByDistrict(decisions: { districtId: number; communeId: number; level: string }[], levels: { code: string; rank: number }[]): ExactCounts {
  const rank = new Map(levels.map((l) => [l.code, l.rank]));
  const best = new Map<number, { districtId: number; level: string }>();
  for (const d of decisions) {
    const r = rank.get(d.level);
    const now = best.get(d.communeId);
    if (r !== undefined && (!now || r > rank.get(now.level)!)) best.set(d.communeId, d);
  }
  const out: ExactCounts = new Map();
  for (const { districtId, level } of best.values()) {
    const counts = out.get(districtId) ?? {};
    counts[level] = (counts[level] ?? 0) + 1;
    out.set(districtId, counts);
  }
  return out;
}
