// Counts of an area's communes by level for the leader's figures: evaluated per district (the checklists, kept in
// area_level_counts: O(districts × levels) rows) and recognised (decisions, on the communes' rollups) where the page
// reads its communes anyway. A 3-tier province's page reads no commune, so it has no recognised count (no counter
// of decisions per area exists yet).
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
export function recognisedOf(communes: { rollup: { setId: number; recognisedLevel: string | null } | null }[], setId: number): ExactCounts {
  const counts: Record<string, number> = {};
  for (const c of communes) if (c.rollup?.setId === setId && c.rollup.recognisedLevel) counts[c.rollup.recognisedLevel] = (counts[c.rollup.recognisedLevel] ?? 0) + 1;
  return new Map([[0, counts]]);
}
