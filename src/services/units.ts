// Units: import a province from a GSO list, look units up, list children and counts, search by folded name.
import { and, asc, count, desc, eq, getTableColumns, gte, inArray, isNull, lt, lte, ne, or, sql, type Placeholder } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "../db/client";
import { inBatch, preparedOnce } from "../db/prepared";
import { unitSearchTerms, units, type NewUnit, type Unit, type UnitLevel } from "../db/schema";
import type { UnitRef } from "../domain/permissions";
import { fold, prefixUpperBound, searchTerms } from "../domain/text";
import type { PlannedUnit, ProvincePlan } from "../domain/units";
import { dayBefore, vietnamDate } from "../domain/clock";
import { rebuildCommuneFigures } from "./commune-figures";

/** D1 binds at most 100 parameters per statement. */
export const D1_MAX_PARAMS = 100;
export const rowsPerStatement = (columns: number) => Math.floor(D1_MAX_PARAMS / columns);

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs statements in db.batch calls of at most `size` (one round trip each, all-or-nothing per call). */
export async function runInBatches(db: Db, statements: BatchItem<"sqlite">[], size = 50): Promise<void> {
  for (const group of chunk(statements, size)) {
    if (group.length > 0) await db.batch(group as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  }
}

export type ImportSummary = {
  province: string;
  tiers: 2 | 3;
  districts: number;
  communes: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Older units closed because this generation reuses their code. */
  closed?: number;
};

const DEFAULT_VALID_FROM = { 3: "2025-03-01", 2: "2025-07-01" } as const;

type Ancestors = { parentId: number | null; provinceId: number | null; districtId: number | null };

function toRow(unit: PlannedUnit, validFrom: string, anc: Ancestors, tiers: 2 | 3 | null): NewUnit {
  return {
    code: unit.code,
    name: unit.name,
    nameFolded: fold(unit.name),
    kind: unit.kind,
    level: unit.level,
    parentId: anc.parentId,
    provinceId: anc.provinceId,
    districtId: anc.districtId,
    communeId: null,
    tiers,
    region: unit.region,
    gsoRegion: unit.gsoRegion,
    validFrom,
  };
}

const SAME_FIELDS = ["name", "kind", "parentId", "provinceId", "districtId", "tiers"] as const;

/**
 * Loads one province idempotently: new units are inserted, changed ones updated, the rest untouched,
 * so a second run writes nothing. The region, once set by the admin, is not overwritten.
 */
export async function importProvince(db: Db, plan: ProvincePlan, validFrom: string = DEFAULT_VALID_FROM[plan.tiers]): Promise<ImportSummary> {
  const summary: ImportSummary = {
    province: plan.province.code,
    tiers: plan.tiers,
    districts: plan.districts.length,
    communes: plan.communes.length,
    inserted: 0,
    updated: 0,
    unchanged: 0,
  };
  const province = await upsertLevel(db, [plan.province], "province", validFrom, () => ({ parentId: null, provinceId: null, districtId: null }), plan.tiers, summary);
  const provinceId = province.get(plan.province.code)!;
  const districts = await upsertLevel(db, plan.districts, "district", validFrom, () => ({ parentId: provinceId, provinceId, districtId: null }), null, summary, provinceId);
  await upsertLevel(
    db,
    plan.communes,
    "commune",
    validFrom,
    (u) => {
      const districtId = plan.tiers === 3 ? districts.get(u.parentCode!)! : null;
      return { parentId: districtId ?? provinceId, provinceId, districtId };
    },
    null,
    summary,
    provinceId,
  );
  // A GSO code names one unit at a time: an older open unit carrying a code of this generation (the same
  // province's 3-tier generation, or a commune of another old province whose code the new commune kept, e.g.
  // Bến Tre's 28879) ends the day before. Units absorbed under other codes are closed by the succession table.
  const end = dayBefore(validFrom);
  const codes = [plan.province.code, ...plan.districts.map((d) => d.code), ...plan.communes.map((c) => c.code)];
  summary.closed = 0;
  for (const part of chunk(codes, 90)) {
    const closed = await db
      .update(units)
      .set({ validTo: end })
      .where(and(inArray(units.code, part), ne(units.level, "hamlet"), lt(units.validFrom, validFrom), isNull(units.validTo)))
      .returning({ id: units.id });
    summary.closed += closed.length;
  }
  if (summary.closed > 0) await closeEmptiedAreas(db, end);
  // New or renamed communes: their areas' packed rows (progress pages) carry the unit fields.
  if (summary.inserted + summary.updated > 0) await rebuildCommuneFigures(db, provinceId);
  return summary;
}

/**
 * Closes (valid_to = `end`) every open district and province of an older generation whose communes have all
 * closed: an old district or province absorbed entirely by the merger. Hamlets end with their commune.
 */
export async function closeEmptiedAreas(db: Db, end: string): Promise<number> {
  const closedCommunes = sql`select 1 from ${units} c where c.level = 'commune' and c.valid_to is not null`;
  const hamlets = await db.run(sql`update ${units} set valid_to = ${end} where level = 'hamlet' and valid_to is null
    and commune_id in (select id from ${units} where level = 'commune' and valid_to is not null)`);
  let n = 0;
  for (const [level, column] of [["district", "district_id"], ["province", "province_id"]] as const) {
    const res = await db.run(sql`update ${units} set valid_to = ${end} where level = ${level} and valid_to is null and valid_from < ${end}
      and exists (${closedCommunes} and c.${sql.raw(column)} = ${units}.id)
      and not exists (select 1 from ${units} c where c.level = 'commune' and c.valid_to is null and c.${sql.raw(column)} = ${units}.id)`);
    n += res.meta.changes ?? 0;
  }
  return n + (hamlets.meta.changes ?? 0);
}

async function upsertLevel(
  db: Db,
  planned: PlannedUnit[],
  level: UnitLevel,
  validFrom: string,
  ancestorsOf: (u: PlannedUnit) => Ancestors,
  tiers: 2 | 3 | null,
  summary: ImportSummary,
  provinceId?: number,
): Promise<Map<string, number>> {
  const existingRows = await loadGeneration(db, level, validFrom, planned, provinceId);
  const existing = new Map(existingRows.map((u) => [u.code, u]));
  const inserts: NewUnit[] = [];
  const touched = new Set<string>();
  const statements: BatchItem<"sqlite">[] = [];
  for (const unit of planned) {
    const row = toRow(unit, validFrom, ancestorsOf(unit), tiers);
    const old = existing.get(unit.code);
    if (!old) {
      inserts.push(row);
      touched.add(unit.code);
    } else if (SAME_FIELDS.some((f) => (old[f] ?? null) !== (row[f] ?? null))) {
      summary.updated++;
      touched.add(unit.code);
      const { region: _keepAdminRegion, ...changes } = row;
      statements.push(db.update(units).set(changes).where(eq(units.id, old.id)));
      statements.push(db.delete(unitSearchTerms).where(eq(unitSearchTerms.unitId, old.id)));
    } else {
      summary.unchanged++;
    }
  }
  summary.inserted += inserts.length;
  for (const rows of chunk(inserts, rowsPerStatement(Object.keys(inserts[0] ?? { a: 1 }).length))) {
    statements.push(db.insert(units).values(rows));
  }
  await runInBatches(db, statements);
  const after = await loadGeneration(db, level, validFrom, planned, provinceId);
  const ids = new Map(after.map((u) => [u.code, u.id]));
  await indexSearchTerms(db, after.filter((u) => touched.has(u.code)));
  return ids;
}

function loadGeneration(db: Db, level: UnitLevel, validFrom: string, planned: PlannedUnit[], provinceId?: number) {
  const sameGeneration = and(eq(units.level, level), eq(units.validFrom, validFrom));
  if (provinceId === undefined) {
    return db.select().from(units).where(and(sameGeneration, inArray(units.code, planned.map((p) => p.code)))).all();
  }
  return db.select().from(units).where(and(eq(units.provinceId, provinceId), sameGeneration)).all();
}

/** Writes the word-start terms of each unit's folded name (INSERT OR IGNORE: re-running adds nothing). */
export async function indexSearchTerms(db: Db, list: Pick<Unit, "id" | "name">[]): Promise<void> {
  const rows = list.flatMap((u) => searchTerms(u.name).map((term) => ({ term, unitId: u.id })));
  const statements = chunk(rows, rowsPerStatement(2)).map((part) => db.insert(unitSearchTerms).values(part).onConflictDoNothing());
  await runInBatches(db, statements);
}

/** Inserts hamlets (ấp) under a commune, with their search terms. */
export async function addHamlets(db: Db, commune: Unit, hamlets: { code: string; name: string; kind: "ap" | "thon" | "khu_pho"; households?: number; population?: number }[]) {
  const rows: NewUnit[] = hamlets.map((h) => ({
    code: h.code,
    name: h.name,
    nameFolded: fold(h.name),
    kind: h.kind,
    level: "hamlet",
    parentId: commune.id,
    provinceId: commune.provinceId,
    districtId: commune.districtId,
    communeId: commune.id,
    households: h.households ?? null,
    population: h.population ?? null,
    validFrom: commune.validFrom,
  }));
  const statements = chunk(rows, rowsPerStatement(15)).map((part) => db.insert(units).values(part).onConflictDoNothing());
  await runInBatches(db, statements);
  const inserted = await db.select().from(units).where(and(eq(units.communeId, commune.id), eq(units.level, "hamlet"))).all();
  await indexSearchTerms(db, inserted);
  return inserted;
}

/**
 * The one lookup by GSO code: the unit that carried `code` on the date `on` (yyyy-mm-dd, Vietnam time; default
 * today). Codes were reused by the 2025 merger (28879 was Xã Vĩnh Bình until 30/6/2025, Xã Phú Phụng since), so a
 * code names a unit only together with a date. Should two open generations overlap, the later one wins.
 */
export async function unitByCode(db: Db, code: string, on: string = vietnamDate(new Date())): Promise<Unit | undefined> {
  return unitByCodeQuery(db).get({ code, on });
}

const unitByCodeQuery = preparedOnce((db) =>
  db
    .select()
    .from(units)
    .where(and(eq(units.code, sql.placeholder("code")), validOn(sql.placeholder("on"))))
    .orderBy(desc(units.validFrom))
    .limit(1)
    .prepare(),
);

/** The last unit a code named (the latest generation, open or closed): for a code that names nothing today. */
export async function lastUnitByCode(db: Db, code: string): Promise<Unit | undefined> {
  return db.select().from(units).where(eq(units.code, code)).orderBy(desc(units.validFrom)).limit(1).get();
}

/** The same lookup for many codes of one level at once (imports): code → unit valid on `on`. */
export async function unitsByCode(db: Db, codes: string[], on: string, level: UnitLevel): Promise<Map<string, Unit>> {
  const out = new Map<string, Unit>();
  for (const part of chunk([...new Set(codes)], 90)) {
    const rows = await db.select().from(units).where(and(inArray(units.code, part), eq(units.level, level), validOn(on))).orderBy(units.validFrom).all();
    for (const r of rows) out.set(r.code, r); // the later generation wins, as in unitByCode
  }
  return out;
}

/** Units valid on a yyyy-mm-dd date. */
const validOn = (on: string | Placeholder) => and(lte(units.validFrom, on), or(isNull(units.validTo), gte(units.validTo, on)));

/** Whether a unit has ended (closed by a later generation). */
export const isClosed = (u: Pick<Unit, "validTo">): boolean => u.validTo !== null;

export const unitRef = (u: Pick<Unit, "id" | "level" | "provinceId" | "districtId" | "communeId"> & { validTo?: string | null; heirs?: UnitRef[] }): UnitRef => ({
  id: u.id,
  level: u.level,
  provinceId: u.provinceId,
  districtId: u.districtId,
  communeId: u.communeId,
  ...(u.validTo ? { closed: true } : {}),
  ...(u.heirs?.length ? { heirs: u.heirs } : {}),
});

/** Province → district → commune above a unit, top first. */
export async function parentChain(db: Db, unit: Unit): Promise<Unit[]> {
  if (unit.provinceId === null && unit.districtId === null && unit.communeId === null) return [];
  return inChainOrder(await unitsByIdQuery(db).all(chainIds(unit)));
}

/** parentChain's read as an item of a caller's db.batch (its rows go through inChainOrder). */
export const parentChainInBatch = (db: Db, unit: Unit) => inBatch(unitsByIdQuery(db), chainIds(unit));

/** Three placeholders, a missing level repeating the first id (an IN list holds each id once). */
function chainIds(unit: Unit) {
  const ids = [unit.provinceId, unit.districtId, unit.communeId].filter((id): id is number => id !== null);
  return { a: ids[0] ?? 0, b: ids[1] ?? ids[0] ?? 0, c: ids[2] ?? ids[0] ?? 0 };
}

/** Ancestors top first. */
export function inChainOrder(rows: Unit[]): Unit[] {
  const order = { province: 0, district: 1, commune: 2, hamlet: 3 };
  return rows.sort((a, b) => order[a.level] - order[b.level]);
}

/** Up to three units by id (`a`, `b`, `c`; repeat one to ask for fewer): every page's breadcrumbs, built once per isolate (src/db/prepared.ts). */
export const unitsByIdQuery = preparedOnce((db) =>
  db
    .select()
    .from(units)
    .where(inArray(units.id, [sql.placeholder("a"), sql.placeholder("b"), sql.placeholder("c")]))
    .prepare(),
);

export type ChildRow = Unit & { communeCount: number; hamletCount: number };

/** Children of a unit with how many communes and hamlets each holds. */
export async function childrenWithCounts(db: Db, unit: Unit): Promise<ChildRow[]> {
  const children = await db.select().from(units).where(eq(units.parentId, unit.id)).orderBy(asc(units.nameFolded)).all();
  const counts = new Map<number, { communes: number; hamlets: number }>();
  const bump = (id: number | null, key: "communes" | "hamlets", n: number) => {
    if (id === null) return;
    const entry = counts.get(id) ?? { communes: 0, hamlets: 0 };
    entry[key] += n;
    counts.set(id, entry);
  };
  if (unit.level === "province" && unit.tiers === 3) {
    for (const level of ["commune", "hamlet"] as const) {
      const rows = await db
        .select({ districtId: units.districtId, n: count() })
        .from(units)
        .where(and(eq(units.provinceId, unit.id), eq(units.level, level)))
        .groupBy(units.districtId)
        .all();
      for (const r of rows) bump(r.districtId, level === "commune" ? "communes" : "hamlets", r.n);
    }
  } else if (unit.level !== "commune" && unit.level !== "hamlet") {
    const column = unit.level === "province" ? units.provinceId : units.districtId;
    const rows = await db
      .select({ communeId: units.communeId, n: count() })
      .from(units)
      .where(and(eq(column, unit.id), eq(units.level, "hamlet")))
      .groupBy(units.communeId)
      .all();
    for (const r of rows) bump(r.communeId, "hamlets", r.n);
  }
  return children.map((c) => ({
    ...c,
    communeCount: counts.get(c.id)?.communes ?? 0,
    hamletCount: counts.get(c.id)?.hamlets ?? 0,
  }));
}

export type SearchHit = Unit & { parentName: string | null };

/** Units whose folded name has a word starting with the folded query ("vinh binh" finds "Xã Vĩnh Bình"). */
export async function searchUnits(db: Db, query: string, scope: UnitRef, limit = 50): Promise<SearchHit[]> {
  const q = fold(query);
  // One indexed range scan on the term primary key, joined to the units it names.
  const found = await db
    .selectDistinct(getTableColumns(units))
    .from(unitSearchTerms)
    .innerJoin(units, eq(units.id, unitSearchTerms.unitId))
    .where(and(gte(unitSearchTerms.term, q), lt(unitSearchTerms.term, prefixUpperBound(q)), visibleFrom(scope)))
    .limit(limit)
    .all();
  if (found.length === 0) return [];
  const parentIds = [...new Set(found.map((u) => u.parentId).filter((id): id is number => id !== null))];
  const parents = await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, parentIds)).all();
  const parentName = new Map(parents.map((p) => [p.id, p.name]));
  const levelOrder = { province: 0, district: 1, commune: 2, hamlet: 3 };
  return found
    .map((u) => ({ ...u, parentName: u.parentId ? parentName.get(u.parentId) ?? null : null }))
    .sort((a, b) => levelOrder[a.level] - levelOrder[b.level] || a.nameFolded.localeCompare(b.nameFolded));
}

/**
 * Units a user scoped to `scope` may open: the scope's subtree and the ancestors above it (as can("unit.view")).
 * Columns carry a unary "+" so SQLite keeps driving the query from the search-term range, not from these.
 */
export function visibleFrom(scope: UnitRef) {
  const ancestors = [scope.provinceId, scope.districtId, scope.communeId].filter((id): id is number => id !== null);
  const subtree = { province: units.provinceId, district: units.districtId, commune: units.communeId, hamlet: units.id }[scope.level];
  const noIndex = (column: SQLiteColumn) => sql`+${column}`;
  return or(
    eq(noIndex(units.id), scope.id),
    eq(noIndex(subtree), scope.id),
    ancestors.length ? inArray(noIndex(units.id), ancestors) : undefined,
  );
}

/** Counts of districts, communes and hamlets under a unit (index range counts). */
export async function descendantCounts(db: Db, unit: Unit): Promise<Record<"district" | "commune" | "hamlet", number>> {
  const column = unit.level === "province" ? units.provinceId : units.districtId;
  // A commune's descendants are its hamlets, its children: the parent index finds them (commune_id has no index,
  // and a level filter would make SQLite walk every hamlet of the country by the level index).
  const where = unit.level === "commune" || unit.level === "hamlet" ? eq(units.parentId, unit.id) : and(eq(column, unit.id), or(eq(units.level, "district"), eq(units.level, "commune"), eq(units.level, "hamlet")));
  const rows = await db.select({ level: units.level, n: count() }).from(units).where(where).groupBy(units.level).all();
  const result = { district: 0, commune: 0, hamlet: 0 };
  for (const r of rows) if (r.level !== "province") result[r.level] = r.n;
  return result;
}


export async function getUnit(db: Db, id: number): Promise<Unit | undefined> {
  return db.select().from(units).where(eq(units.id, id)).get();
}
