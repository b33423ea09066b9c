// Progress pages read the rollups the checklist keeps in the same batch as every indicator save
// (area_rollups, area_level_counts, area_criterion_counts, area_roadmap_counts, commune_rollups), never the
// indicator values of many communes. Every query is an indexed seek or a short range:
//   province page (3-tier): ≈ 2 rows per district + ≤ 4 level counters per district + a fixed ≈ 48 (session 3,
//   unit 2, sets 3, levels 4, targets ≤ 1, roadmap ≈ 4, pass rates 1 per criterion, trend ≤ 12) + its recognised
//   dossiers (per district recognised counts; once per isolate for a closed province's archive);
//   district page / 2-tier province: the area's packed commune row (one row for all its communes) + one counter per
//   criterion (pass rates) + the same fixed part (levels and the distribution come from the packed figures).
// Criteria-set definitions (sets, levels, criteria, indicators) are never updated in place — a changed set is
// loaded or cloned as a new set — so they are kept per isolate after the first read.
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { progressTargets, type Unit } from "../db/schema";
import { aggregateCommunes, choosePeriod, defaultTargets, periodOfSet, type ProgrammePeriod, type AreaFigures, type CriterionDef, type LevelDef, type RoadmapEntry, type Targets, type TrendSource } from "../domain/progress";
import { criterionAt, decodeSnapshot } from "../domain/snapshots";
import { compiledDefinition, getSet } from "./criteria-sets";
import { evaluatedByDistrict, recognisedByDistrict, recognisedOf, type ExactCounts } from "./level-counts";
import { packedCommunes, packedFrom, packedQuery, type PackedCommune } from "./commune-figures";
import { inBatch } from "../db/prepared";
import { derivedCache } from "../domain/derived";
import { progressQueries } from "./progress-queries";

// ---------------------------------------------------------------------------------------------------------------
// Definitions (cached per isolate)

export type SetDefs = {
  id: number;
  code: string;
  name: string;
  decision: string;
  periodFrom: number;
  periodTo: number;
  levels: LevelDef[];
  baseLevel: string;
  criteria: CriterionDef[];
  /** Level → ids of the criteria that apply at it (some criterion has a target there). */
  applicable: Record<string, Set<number>>;
};

export type IndicatorDef = { id: number; criterionId: number; code: string; name: string; kind: string; comparator: "gte" | "lte" | "eq" | "in"; unit: string | null; evidenceRequired: boolean; sort: number };

const setCache = new Map<number, SetDefs>();
const indicatorCache = new Map<number, IndicatorDef[]>();

/** Forget cached definitions (tests that load new sets into a reused isolate). */
export function forgetDefinitions(): void {
  setCache.clear();
  indicatorCache.clear();
}

export async function setDefinitions(db: Db, setId: number): Promise<SetDefs | null> {
  const cached = setCache.get(setId);
  if (cached) return cached;
  // Two rows cold: the set and its version's compiled definition (criteria-sets.ts).
  const set = await getSet(db, setId);
  if (!set) return null;
  const def = await compiledDefinition(db, set);
  const ordered = def.levels.map((l) => ({ code: l.code, name: l.name, rank: l.rank })).sort((a, b) => a.rank - b.rank);
  const criterionOf = new Map(def.indicators.map((i) => [i.id, i.criterionId]));
  const applicable: Record<string, Set<number>> = {};
  for (const l of ordered) applicable[l.code] = new Set();
  for (const t of def.targets) {
    const criterionId = criterionOf.get(t.indicatorId);
    if (criterionId !== undefined) (applicable[t.level] ??= new Set()).add(criterionId);
  }
  const defs: SetDefs = {
    id: set.id,
    code: set.code,
    name: set.name,
    decision: set.decision,
    periodFrom: set.periodFrom,
    periodTo: set.periodTo,
    levels: ordered,
    baseLevel: ordered[0]?.code ?? "",
    criteria: def.criteria.map((c) => ({ id: c.id, number: c.number, name: c.name, groupCode: c.groupCode, groupName: c.groupName })).sort((a, b) => a.number - b.number),
    applicable,
  };
  setCache.set(setId, defs);
  return defs;
}

export async function indicatorDefinitions(db: Db, setId: number): Promise<IndicatorDef[]> {
  const cached = indicatorCache.get(setId);
  if (cached) return cached;
  const set = await getSet(db, setId);
  const def = set ? await compiledDefinition(db, set) : { indicators: [] };
  const list = def.indicators
    .map((i) => ({ id: i.id, criterionId: i.criterionId, code: i.code, name: i.name, kind: i.kind, comparator: i.comparator, unit: i.unit, evidenceRequired: i.evidenceRequired, sort: i.sort }))
    .sort((a, b) => a.sort - b.sort);
  indicatorCache.set(setId, list);
  return list;
}

// ---------------------------------------------------------------------------------------------------------------
// Small reads

export type AreaSet = { id: number; communes: number; criteriaMetSum: number };

/** The criteria sets counted in an area, with its communes and base criteria met per set (most communes first). */
export async function areaSets(db: Db, unitId: number): Promise<AreaSet[]> {
  return areaSetsFrom(await progressQueries(db).areaSets.all({ unitId }));
}

/** areaSets' read as an item of a caller's db.batch (its rows through areaSetsFrom). */
export const areaSetsRead = (db: Db, unitId: number) => inBatch(progressQueries(db).areaSets, { unitId });
export const areaSetsFrom = (rows: AreaSet[]): AreaSet[] => rows.filter((r) => r.communes > 0).sort((a, b) => b.communes - a.communes || a.id - b.id);

/** Targets for a year: the unit's own, else its province's, else the national defaults (80 / 40 / 10 %, 15 criteria). */
export async function targetsFor(db: Db, unit: Unit, year: number): Promise<Targets> {
  const ids = [unit.id, unit.provinceId].filter((id): id is number => id !== null);
  return targetsFrom(unit, year, await Promise.all(ids.map((id) => progressQueries(db).targets.get({ unitId: id, year }))));
}

type TargetsRow = Awaited<ReturnType<ReturnType<typeof progressQueries>["targets"]["get"]>>;

/** targetsFor from its rows (the unit's, then its province's). */
function targetsFrom(unit: Unit, year: number, rows: TargetsRow[]): Targets {
  const found = rows.find((r) => r);
  if (!found) return defaultTargets(year);
  return { year, shareNtm: found.shareNtm, shareAdvanced: found.shareAdvanced, shareModel: found.shareModel, minCriteria: found.minCriteria, version: found.version, isDefault: false, unitName: found.unitId === unit.id ? undefined : "tỉnh" };
}

/** The unit's own targets row for a year (the edit form), or null. */
export async function ownTargets(db: Db, unitId: number, year: number) {
  return (await db.select().from(progressTargets).where(and(eq(progressTargets.unitId, unitId), eq(progressTargets.year, year))).get()) ?? null;
}

export async function roadmapOf(db: Db, unitId: number, setId: number): Promise<RoadmapEntry[]> {
  return progressQueries(db).roadmap.all({ unitId, setId });
}

export type SnapshotRow = TrendSource & { takenAt: string; levelCounts: Record<string, number>; criterionCounts: Record<string, number> };

/** An area's snapshots of the 12 months ending with `current`, newest first (≤ 12 rows read). */
export async function areaSnapshots(db: Db, unitId: number, setId: number, from: string, current: string): Promise<SnapshotRow[]> {
  return snapshotsFrom(await progressQueries(db).snapshots.all({ unitId, setId, from, to: current }));
}

function snapshotsFrom(rows: Awaited<ReturnType<ReturnType<typeof progressQueries>["snapshots"]["all"]>>): SnapshotRow[] {
  return rows.map((r) => ({ month: r.month, communes: r.communes, criteriaMetSum: r.criteriaMetSum, levels: decodeSnapshot(r.levelCounts, r.criterionCounts).levels, takenAt: r.takenAt, levelCounts: r.levelCounts, criterionCounts: r.criterionCounts }));
}

// ---------------------------------------------------------------------------------------------------------------
// Area counters through single-row seeks (a VALUES list joined on the full primary key: one row read each)

const valuesList = (items: (string | number)[]) => sql.join(items.map((v) => sql`(${v})`), sql`, `);

/** Exact level → communes for an area and set (one seek per level of the set, plus "none"). */
export async function areaLevels(db: Db, unitId: number, set: SetDefs): Promise<Record<string, number>> {
  const codes = ["", ...set.levels.map((l) => l.code)];
  const rows = await db.all<{ level: string; communes: number }>(sql`
    WITH k(level) AS (VALUES ${valuesList(codes)})
    SELECT k.level AS level, l.communes AS communes FROM k
    JOIN area_level_counts l ON l.unit_id = ${unitId} AND l.set_id = ${set.id} AND l.level = k.level`);
  return Object.fromEntries(rows.filter((r) => r.communes !== 0).map((r) => [r.level, r.communes]));
}

/**
 * A set's criterion counters of an area at a level, one seek per criterion of the set (its ids as a VALUES list joined on
 * the full primary key; `criterion_id IN (…)` or a subquery reads twice as many rows). Inlined SQL text without
 * parameters, so it runs in a caller's db.batch too: ids and unit are integers, a level code is [A-Z_].
 */
function criterionAtQuery(db: Db, unitId: number, set: SetDefs, level: string) {
  if (!/^[A-Z_]*$/.test(level)) throw new Error(`level code ${level}`);
  const ids = set.criteria.length ? set.criteria.map((c) => `(${Math.trunc(c.id)})`).join(", ") : "(-1)";
  return db.all<{ id: number; communes: number }>(
    sql.raw(`WITH k(id) AS (VALUES ${ids}) SELECT k.id AS id, c.communes AS communes FROM k
    JOIN area_criterion_counts c ON c.unit_id = ${Math.trunc(unitId)} AND c.set_id = ${Math.trunc(set.id)} AND c.criterion_id = k.id AND c.level = '${level}'`),
  );
}
const criterionRecord = (rows: { id: number; communes: number }[]): Record<number, number> => Object.fromEntries(rows.map((r) => [r.id, r.communes]));

/** criterionId → communes meeting it at `level` in an area (one seek per criterion of the set). */
export async function areaCriterionAt(db: Db, unitId: number, set: SetDefs, level: string): Promise<Record<number, number>> {
  if (set.criteria.length === 0) return {};
  return criterionRecord(await criterionAtQuery(db, unitId, set, level));
}

export type DistrictRow = { id: number; code: string; name: string; kind: Unit["kind"]; communes: number; criteriaMetSum: number };

/** Districts of a province with their counters for the set: one row per district and one seek each. */
export async function districtRows(db: Db, provinceId: number, setId: number): Promise<DistrictRow[]> {
  const rows = await db.all<{ id: number; code: string; name: string; kind: Unit["kind"]; communes: number | null; sum: number | null }>(sql`
    SELECT u.id AS id, u.code AS code, u.name AS name, u.kind AS kind, a.communes AS communes, a.criteria_met_sum AS sum
    FROM units u LEFT JOIN area_rollups a ON a.unit_id = u.id AND a.set_id = ${setId}
    WHERE u.parent_id = ${provinceId}`);
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, kind: r.kind, communes: r.communes ?? 0, criteriaMetSum: r.sum ?? 0 }));
}

export type CommuneRow = PackedCommune;

/**
 * Communes directly under a unit (a district, or a 2-tier province) with their rollup figures: the area's packed row
 * (one row read, commune-figures.ts); an area without one yet (a database not rebuilt since the table came) is read
 * the old way, one units row plus one rollup seek per commune.
 */
export async function communeRows(db: Db, parentId: number): Promise<readonly CommuneRow[]> {
  const packed = await packedCommunes(db, parentId);
  if (packed) return packed;
  const rows = await db.all<{ id: number; code: string; name: string; kind: Unit["kind"]; set_id: number | null; base: number | null; met: string | null; level: string | null; rank: number | null; recognised: string | null }>(sql`
    SELECT u.id AS id, u.code AS code, u.name AS name, u.kind AS kind, r.set_id AS set_id, r.criteria_met_base AS base,
      r.criteria_met AS met, r.level_reached AS level, r.level_rank AS rank, r.recognised_level AS recognised
    FROM units u LEFT JOIN commune_rollups r ON r.unit_id = u.id
    WHERE u.parent_id = ${parentId} AND u.level = 'commune'`);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    rollup: r.set_id === null ? null : { setId: r.set_id, criteriaMetBase: r.base ?? 0, criteriaMet: JSON.parse(r.met ?? "{}"), levelReached: r.level, levelRank: r.rank ?? 0, recognisedLevel: r.recognised },
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Area figures for a page

export type AreaPage = {
  /** The programme period shown, and the periods the unit has data in. */
  period: ProgrammePeriod;
  periods: string[];
  sets: (AreaSet & { code: string; name: string; decision: string })[];
  set: SetDefs;
  figures: AreaFigures;
  /** The month of the snapshot the histogram comes from, or null when it is live (it always is now). */
  histogramMonth: string | null;
  /** Live: communes recognised exactly at each level, per district of a 3-tier province, else for the area (key 0). */
  recognised: ExactCounts;
  /** Live: communes evaluated exactly at each level, per district of a 3-tier province. */
  evaluatedByDistrict: ExactCounts;
  targets: Targets;
  roadmap: RoadmapEntry[];
  snapshots: SnapshotRow[];
  districts: DistrictRow[] | null;
  communes: readonly CommuneRow[] | null;
};

/**
 * The sets counted in an area within one programme period (most communes first): the requested period, else
 * the current one when the area has data in it, else the one its data belongs to. Null when the area has no
 * data at all; `sets` is empty when the chosen period has none.
 */
export async function areaSetsInPeriod(db: Db, unitId: number, requested: string | undefined, year: number, read?: AreaSet[]) {
  const counted = read ?? (await areaSets(db, unitId));
  if (counted.length === 0) return null;
  const defs = (await Promise.all(counted.map((s) => setDefinitions(db, s.id)))).filter((d): d is SetDefs => !!d);
  const all = counted.flatMap((s) => {
    const d = defs.find((x) => x.id === s.id);
    return d ? [{ ...s, code: d.code, name: d.name, decision: d.decision, period: periodOfSet(d).code }] : [];
  });
  const periods = [...new Set(all.map((s) => s.period))];
  const period = choosePeriod(requested, periods, year);
  const sets = all.filter((s) => s.period === period.code).map(({ period: _, ...s }) => s);
  return { period, periods, sets, defs };
}

/** A period the unit has no data in: the page says so and links to the periods it has. */
export type NoPeriodData = { noData: true; period: ProgrammePeriod; periods: string[] };

/**
 * Everything an area page (province or district) shows for one set of one programme period. `period` picks
 * the period (default: the current one when the unit has data in it, else the one its data belongs to);
 * `setCode` the set within it (default: the set with most communes); `passLevel` the level of the pass-rate
 * table (default: the set's base level). `year` is the current year; the targets' year is `targetYear`, else
 * the current year in the current period and the period's last year in a closed one. `sets`: the area's sets when the
 * caller read them already (areaSetsRead in its own batch).
 */
export async function loadAreaPage(
  db: Db,
  unit: Unit,
  opts: { setCode?: string; passLevel?: string; year: number; targetYear?: number; period?: string; fromMonth: string; month: string; sets?: AreaSet[] },
): Promise<AreaPage | NoPeriodData | null> {
  const inPeriod = await areaSetsInPeriod(db, unit.id, opts.period, opts.year, opts.sets);
  if (!inPeriod) return null;
  const { period, periods, sets, defs } = inPeriod;
  if (sets.length === 0) return { noData: true, period, periods };
  const chosen = sets.find((s) => s.code === opts.setCode) ?? sets[0];
  const targetYear = opts.targetYear ?? Math.min(Math.max(opts.year, period.from), period.to);
  const set = defs.find((d) => d.id === chosen.id)!;
  const passLevel = set.levels.some((l) => l.code === opts.passLevel) ? opts.passLevel! : set.baseLevel;
  const childrenAreDistricts = unit.level === "province" && unit.tiers !== 2;

  const [targets, roadmap, snapshots, children] = await (childrenAreDistricts ? Promise.all([
    targetsFor(db, unit, targetYear),
    roadmapOf(db, unit.id, set.id),
    areaSnapshots(db, unit.id, set.id, opts.fromMonth, opts.month),
    childrenAreDistricts
      ? Promise.all([districtRows(db, unit.id, set.id), areaLevels(db, unit.id, set), areaCriterionAt(db, unit.id, set, passLevel)]).then(([districts, levels, criterion]) => ({ districts, levels, criterion }))
      : Promise.all([communeRows(db, unit.id), areaCriterionAt(db, unit.id, set, passLevel)]).then(([communes, criterion]) => ({ communes, criterion })),
  ]) : communesPageReads(db, unit, set, passLevel, targetYear, opts));

  let figures: AreaFigures;
  let histogramMonth: string | null = null;
  if ("districts" in children) {
    // No live histogram for an area whose communes this page does not read: the latest snapshot's (labelled with
    // its month on the page). Since 1/7/2025 provinces have no districts: every current province's page is live.
    const latest = snapshots[0];
    const decoded = latest ? decodeSnapshot(latest.levelCounts, latest.criterionCounts) : null;
    histogramMonth = decoded?.histogram ? latest!.month : null;
    figures = { communes: chosen.communes, criteriaMetSum: chosen.criteriaMetSum, levels: children.levels, criterion: children.criterion, passLevel, histogram: decoded?.histogram ?? null };
  } else {
    // Levels, average and histogram from the communes' figures; pass rates from the area's criterion counters (the
    // packed rows do not carry each criterion's result).
    const communes = children.communes;
    figures = { ...aggregated(communes, `${set.id}:${passLevel}`, () => aggregateCommunes(communes.flatMap((c) => (c.rollup ? [c.rollup] : [])), set.id, passLevel)), criterion: children.criterion };
  }
  return {
    period,
    periods,
    sets,
    set,
    figures,
    histogramMonth,
    recognised: "communes" in children ? recognisedIn(children.communes, String(set.id), () => recognisedOf(children.communes, set.id)) : await recognisedByDistrict(db, unit, set),
    evaluatedByDistrict: "districts" in children ? await evaluatedByDistrict(db, children.districts.map((d) => d.id), set.id) : new Map(),
    targets,
    roadmap,
    snapshots,
    districts: "districts" in children ? children.districts : null,
    communes: "communes" in children ? children.communes : null,
  };
}

/** An area's figures from its communes, once per packed-row text (domain/derived.ts). */
const aggregated = derivedCache<ReturnType<typeof aggregateCommunes>>();
const recognisedIn = derivedCache<ExactCounts>();

/**
 * An area whose communes the page lists (a two-tier province, a district): its targets, roadmap, snapshots, packed
 * communes and criterion counts in one batch (one D1 round trip).
 */
async function communesPageReads(db: Db, unit: Unit, set: SetDefs, passLevel: string, targetYear: number, opts: { fromMonth: string; month: string }) {
  const q = progressQueries(db);
  const targetIds = [unit.id, unit.provinceId].filter((id): id is number => id !== null);
  const [roadmap, snapshotRows, packed, criterionRows, ...targetRows] = await (db.batch([
    inBatch(q.roadmap, { unitId: unit.id, setId: set.id }),
    inBatch(q.snapshots, { unitId: unit.id, setId: set.id, from: opts.fromMonth, to: opts.month }),
    inBatch(packedQuery(db), { areaId: unit.id }),
    criterionAtQuery(db, unit.id, set, passLevel),
    ...targetIds.map((id) => inBatch(q.targets, { unitId: id, year: targetYear })),
  ] as const) as Promise<[RoadmapEntry[], Parameters<typeof snapshotsFrom>[0], { figures: string }[], { id: number; communes: number }[], ...TargetsRow[][]]>);
  const communes = packedFrom(packed[0]) ?? (await communeRows(db, unit.id));
  return [targetsFrom(unit, targetYear, targetRows.map((r) => r[0])), roadmap, snapshotsFrom(snapshotRows), { communes, criterion: criterionRecord(criterionRows) }] as const;
}

/** Criterion counts of a snapshot at a level (for exports of a past month). */
export const snapshotCriterionAt = (row: SnapshotRow, level: string) => criterionAt(decodeSnapshot(row.levelCounts, row.criterionCounts), level);

export type PublicDistrictRow = DistrictRow & { none: number };

/** Districts with communes and communes reaching no level (public summary): one row each plus two seeks. */
export async function publicDistrictRows(db: Db, provinceId: number, setId: number): Promise<PublicDistrictRow[]> {
  const rows = await db.all<{ id: number; code: string; name: string; kind: Unit["kind"]; communes: number | null; sum: number | null; none: number | null }>(sql`
    SELECT u.id AS id, u.code AS code, u.name AS name, u.kind AS kind, a.communes AS communes, a.criteria_met_sum AS sum, l.communes AS none
    FROM units u
    LEFT JOIN area_rollups a ON a.unit_id = u.id AND a.set_id = ${setId}
    LEFT JOIN area_level_counts l ON l.unit_id = u.id AND l.set_id = ${setId} AND l.level = ''
    WHERE u.parent_id = ${provinceId}`);
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, kind: r.kind, communes: r.communes ?? 0, criteriaMetSum: r.sum ?? 0, none: r.none ?? 0 }));
}
