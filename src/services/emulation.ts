// The emulation page ("Đồng khởi mới"): the communes of a district or province with their rollups, a few key
// indicator values and the quarter's baseline snapshot — indexed seeks per commune (≈ 2 + keys + 1 rows each).
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import type { Unit } from "../db/schema";
import { KEY_INDICATORS, baselineMonth, type EmulationCommune, type KeyIndicator } from "../domain/emulation";
import { quarterStart } from "../domain/progress";
import { areaSets, indicatorDefinitions, setDefinitions, type SetDefs } from "./progress";

export type EmulationData = {
  set: SetDefs;
  sets: { code: string; name: string }[];
  keys: KeyIndicator[];
  communes: EmulationCommune[];
  districts: { id: number; code: string; name: string }[];
  baselineMonth: string;
};

const where = (unit: Unit) => (unit.level === "province" ? sql`u.province_id = ${unit.id} AND u.level = 'commune'` : sql`u.parent_id = ${unit.id} AND u.level = 'commune'`);

export async function loadEmulation(db: Db, unit: Unit, opts: { setCode?: string; month: string }): Promise<EmulationData | null> {
  const counted = await areaSets(db, unit.id);
  const defs = (await Promise.all(counted.map((s) => setDefinitions(db, s.id)))).filter((d): d is SetDefs => !!d);
  const set = defs.find((d) => d.code === opts.setCode) ?? defs[0];
  if (!set) return null;
  const wanted = KEY_INDICATORS[set.code] ?? [];
  const indicatorDefs = wanted.length ? await indicatorDefinitions(db, set.id) : [];
  const keys: KeyIndicator[] = wanted.flatMap((code) => {
    const d = indicatorDefs.find((i) => i.code === code);
    // The comparator tells whether higher is better (income) or lower (poverty).
    return d && (d.kind === "number" || d.kind === "percent") ? [{ id: d.id, code: d.code, name: d.name, unit: d.unit, comparator: d.comparator }] : [];
  });
  const baseline = baselineMonth(quarterStart(opts.month));
  const rank = new Map(set.levels.map((l) => [l.code, l.rank]));
  const [rows, values, snapshots, districts] = await Promise.all([
    db.all<{ id: number; code: string; name: string; district_id: number | null; set_id: number | null; base: number | null; met: string | null; level: string | null; rank: number | null }>(sql`
      SELECT u.id AS id, u.code AS code, u.name AS name, u.district_id AS district_id, r.set_id AS set_id, r.criteria_met_base AS base,
        r.criteria_met AS met, r.level_reached AS level, r.level_rank AS rank
      FROM units u JOIN commune_rollups r ON r.unit_id = u.id WHERE ${where(unit)}`),
    keys.length
      ? db.all<{ unit_id: number; indicator_id: number; value: string | null }>(sql`
          SELECT v.unit_id AS unit_id, v.indicator_id AS indicator_id, v.value AS value FROM units u
          JOIN indicator_values v ON v.unit_id = u.id AND v.indicator_id IN ${sql`(${sql.join(keys.map((k) => sql`${k.id}`), sql`, `)})`}
          WHERE ${where(unit)}`)
      : Promise.resolve([]),
    db.all<{ unit_id: number; base: number; level: string | null }>(sql`
      SELECT s.unit_id AS unit_id, s.criteria_met_base AS base, s.level_reached AS level FROM units u
      JOIN commune_snapshots s ON s.unit_id = u.id AND s.month = ${baseline} WHERE ${where(unit)}`),
    unit.level === "province" ? db.all<{ id: number; code: string; name: string }>(sql`SELECT id, code, name FROM units WHERE parent_id = ${unit.id} AND level = 'district'`) : Promise.resolve([]),
  ]);
  const valuesOf = Map.groupBy(values, (v) => v.unit_id);
  const baselineOf = new Map(snapshots.map((s) => [s.unit_id, s]));
  const communes: EmulationCommune[] = rows
    .filter((r) => r.set_id === set.id)
    .map((r) => {
      const b = baselineOf.get(r.id);
      return {
        id: r.id,
        code: r.code,
        name: r.name,
        districtId: r.district_id,
        criteriaMetBase: r.base ?? 0,
        criteriaMet: JSON.parse(r.met ?? "{}"),
        levelReached: r.level,
        levelRank: r.rank ?? 0,
        values: Object.fromEntries((valuesOf.get(r.id) ?? []).map((v) => [v.indicator_id, v.value === null || v.value === "" ? null : Number(v.value)])),
        baseline: b ? { criteriaMetBase: b.base, levelRank: b.level ? rank.get(b.level) ?? 0 : 0 } : null,
      };
    });
  return { set, sets: defs.map((d) => ({ code: d.code, name: d.name })), keys, communes, districts, baselineMonth: baseline };
}
