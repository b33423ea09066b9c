// The communes of an area packed in one row (issue 20): commune_figures_packed holds, per district or two-tier
// province, every commune directly under it with its unit fields and rollup figures, so the progress pages, the
// province map and the public summary read one row instead of a units row and a rollup row per commune.
// Kept on write: every statement that writes commune_rollups is followed, in the same db.batch, by
// `refreshCommuneFigures`, which recomputes that commune's entry from the rows themselves as they stand inside the
// batch and merges it with json_patch. One UPDATE is atomic, so concurrent writes to two communes of the same area
// never lose each other's entry, and a stale write rolls its refresh back with it. Bulk loads and unit imports rebuild
// a province (`rebuildCommuneFigures`); `npm run rollups:check` compares every packed row with a recount.
import { eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { preparedOnce } from "../db/prepared";
import { communeFiguresPacked, type Unit } from "../db/schema";
import { fold } from "../domain/text";

/** What a progress page needs of one commune: its unit fields and, when bound, its rollup's figures. */
export type PackedCommune = {
  id: number;
  code: string;
  name: string;
  kind: Unit["kind"];
  rollup: { setId: number; criteriaMetBase: number; criteriaMet: Partial<Record<string, number>>; levelReached: string | null; levelRank: number; recognisedLevel: string | null } | null;
};

type Entry = [string, string, Unit["kind"], number | null, number | null, Partial<Record<string, number>> | null, string | null, number | null, string | null];

/** One commune's entry from `units u LEFT JOIN commune_rollups r` (the order of `Entry`). */
const ENTRY = sql.raw(`json_array(u.code, u.name, u.kind, r.set_id, r.criteria_met_base, json(r.criteria_met), r.level_reached, r.level_rank, r.recognised_level)`);

const fromUnits = (where: SQL) => sql`from units u left join commune_rollups r on r.unit_id = u.id where u.level = 'commune' and u.parent_id is not null and ${where}`;

/**
 * The statement that refreshes one commune's entry in its area's packed row from its units row and rollup as they are
 * when it runs: put it after the write(s) of the commune's rollup in the same batch. An area without a packed row yet
 * (a database not rebuilt since the table came) keeps none: a row holding only the communes written since would hide
 * the others, so rows are made whole by `rebuildCommuneFigures` only, and pages read such an area the old way.
 */
export const refreshCommuneFigures = (db: Db, communeId: number) =>
  db
    .update(communeFiguresPacked)
    .set({ figures: sql`json_patch(${sql.identifier("figures")}, coalesce((select json_object(cast(u.id as text), ${ENTRY}) ${fromUnits(sql`u.id = ${communeId}`)}), '{}'))` })
    .where(sql`${communeFiguresPacked.unitId} = (select parent_id from units where id = ${communeId})`);

/** A province's packed rows rebuilt from its units and rollups (after bulk loads; `rollups:check --repair`). */
export async function rebuildCommuneFigures(db: Db, provinceId: number): Promise<void> {
  await db.batch([
    db.delete(communeFiguresPacked).where(eq(communeFiguresPacked.provinceId, provinceId)),
    db.insert(communeFiguresPacked).select(sql`select u.parent_id, ${provinceId}, json_group_object(cast(u.id as text), ${ENTRY}) ${fromUnits(sql`u.province_id = ${provinceId}`)} group by u.parent_id`),
  ]);
}

const decode = (figures: string): PackedCommune[] =>
  Object.entries(JSON.parse(figures) as Record<string, Entry>).map(([id, [code, name, kind, setId, base, met, level, rank, recognised]]) => ({
    id: Number(id),
    code,
    name,
    kind,
    rollup: setId === null ? null : { setId, criteriaMetBase: base ?? 0, criteriaMet: met ?? {}, levelReached: level, levelRank: rank ?? 0, recognisedLevel: recognised },
  }));

/** An area's packed row (every progress page of a two-tier province), built once per isolate (src/db/prepared.ts). */
export const packedQuery = preparedOnce((db) => db.select({ figures: communeFiguresPacked.figures }).from(communeFiguresPacked).where(eq(communeFiguresPacked.unitId, sql.placeholder("areaId"))).prepare());

/**
 * The communes directly under an area from its packed row (one row read), in the order the units_parent index gives
 * (folded name, then id) as the row-per-commune read did; null when the area has no packed row yet.
 */
export async function packedCommunes(db: Db, areaId: number): Promise<readonly PackedCommune[] | null> {
  return packedFrom(await packedQuery(db).get({ areaId }));
}

/** The row decoded last in this isolate: a page read again before any write to its area decodes nothing. */
let lastDecoded: { figures: string; communes: readonly PackedCommune[] } | null = null;

/** packedCommunes from its row (a caller's batch may read it). Shared between requests: callers only read it. */
export function packedFrom(row: { figures: string } | undefined): readonly PackedCommune[] | null {
  if (!row) return null;
  if (lastDecoded?.figures === row.figures) return lastDecoded.communes;
  const keyed = decode(row.figures).map((c) => ({ c, k: fold(c.name) }));
  const communes = keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.c.id - b.c.id)).map((x) => x.c);
  lastDecoded = { figures: row.figures, communes };
  return communes;
}

/**
 * Name and code of the communes inside an area (a province: its packed rows, one per district or one for a two-tier
 * province; a district: its own) — for reports that list communes by id, without a units row per commune.
 */
export async function communeLabelsIn(db: Db, area: Pick<Unit, "id" | "level">): Promise<Map<number, { name: string; code: string }>> {
  const c = communeFiguresPacked;
  const rows = await db
    .select({ figures: c.figures })
    .from(c)
    .where(area.level === "province" ? eq(c.provinceId, area.id) : eq(c.unitId, area.id))
    .all();
  return new Map(rows.flatMap((r) => decode(r.figures).map((x) => [x.id, { name: x.name, code: x.code }] as const)));
}

/** Stored packed rows of a province that differ from a recount ("commune_figures_packed 832: 28879 … ≠ …"). */
export async function communeFiguresDifferences(db: Db, provinceId: number): Promise<string[]> {
  const [stored, fresh] = await Promise.all([
    db.select().from(communeFiguresPacked).where(eq(communeFiguresPacked.provinceId, provinceId)).all(),
    db.all<{ area: number; figures: string }>(sql`select u.parent_id as area, json_group_object(cast(u.id as text), ${ENTRY}) as figures
      ${fromUnits(sql`u.province_id = ${provinceId}`)} group by u.parent_id`),
  ]);
  const byId = (rows: PackedCommune[]) => new Map(rows.map((c) => [c.id, JSON.stringify(c)]));
  const expected = new Map(fresh.map((r) => [r.area, byId(decode(r.figures))]));
  const out: string[] = [];
  for (const row of stored) {
    const want = expected.get(row.unitId) ?? new Map<number, string>();
    expected.delete(row.unitId);
    const have = byId(decode(row.figures));
    for (const id of new Set([...have.keys(), ...want.keys()])) {
      if (have.get(id) !== want.get(id)) out.push(`commune_figures_packed ${row.unitId}/${id}: ${have.get(id) ?? "—"} ≠ ${want.get(id) ?? "—"}`);
    }
  }
  for (const area of expected.keys()) out.push(`commune_figures_packed ${area}: thiếu dòng`);
  return out;
}
