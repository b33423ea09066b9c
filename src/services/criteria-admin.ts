// Admin side of criteria sets: the list with bound-commune counts, a set's full definition for review,
// upload (dry run or load), status changes, target edits followed by recomputing the communes that use the target.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { areaRollups, communeBindings, communeRollups, indicatorValues, criteria, criteriaLevels, criteriaSets, indicatorTargets, indicators, units, type CriteriaSet, type IndicatorTarget } from "../db/schema";
import type { BatchItem } from "drizzle-orm/batch";
import type { CriteriaSetFile, LevelCode, TargetKey, TargetValue } from "../domain/criteria-format";
import type { EvalIndicator, EvalLevel, LevelResult } from "../domain/evaluation";
import { isEmptyDelta, rollupDelta } from "../domain/rollups";
import { csvToSet, xlsxToSet } from "../domain/criteria-sheet";
import { xlsxBoundsProblem } from "../domain/xlsx-guard";
import { reevaluateIndicator, sameTargetValue, statusChangeProblem, type SetStatus, type UploadKind } from "../domain/criteria-admin";
import type { Failure, Outcome } from "../domain/outcome";
import { auditIfChangedStatement } from "./audit";
import { areaDeltaStatements, stateFromRollup } from "./rollups";
import { refreshCommuneFigures } from "./commune-figures";
import { getSet, listSets, loadSet, updateTarget, visibleToProvince } from "./criteria-sets";
import { chunk, runInBatches } from "./units";

// ---------------------------------------------------------------------------------------------
// List

export type SetListRow = CriteriaSet & { clonedFromCode: string | null; provinceName: string | null; communesBound: number };

/** National sets and the province's own, with the code it was cloned from, its owning province and the communes bound to it in `provinceId`. */
export async function listSetsForAdmin(db: Db, provinceId: number | null): Promise<SetListRow[]> {
  const sets = (await listSets(db)).filter((s) => visibleToProvince(s, provinceId));
  const owners = [...new Set(sets.map((s) => s.provinceId).filter((id): id is number => id !== null))];
  const [counts, provinces] = await Promise.all([
    provinceId === null ? [] : db.select({ setId: areaRollups.setId, communes: areaRollups.communes }).from(areaRollups).where(eq(areaRollups.unitId, provinceId)).all(),
    owners.length ? db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, owners)).all() : [],
  ]);
  const code = new Map(sets.map((s) => [s.id, s.code]));
  const bound = new Map(counts.map((r) => [r.setId, r.communes]));
  const name = new Map(provinces.map((p) => [p.id, p.name]));
  return sets.map((s) => ({
    ...s,
    clonedFromCode: s.clonedFromId === null ? null : (code.get(s.clonedFromId) ?? `#${s.clonedFromId}`),
    provinceName: s.provinceId === null ? null : (name.get(s.provinceId) ?? null),
    communesBound: bound.get(s.id) ?? 0,
  }));
}

// ---------------------------------------------------------------------------------------------
// One set, as stored (with target ids and versions for editing)

export type SetDetail = {
  set: CriteriaSet;
  clonedFrom: Pick<CriteriaSet, "id" | "code" | "name"> | null;
  levels: (typeof criteriaLevels.$inferSelect)[];
  criteria: (typeof criteria.$inferSelect)[];
  indicators: (typeof indicators.$inferSelect)[];
  targets: IndicatorTarget[];
};

export async function setDetail(db: Db, setId: number): Promise<SetDetail | null> {
  const [set, levels, crit, inds, targets] = await Promise.all([
    getSet(db, setId),
    // Sorted here, not by SQL: an ORDER BY off the index makes D1 count every row twice (temp b-tree).
    db.select().from(criteriaLevels).where(eq(criteriaLevels.setId, setId)).all(),
    db.select().from(criteria).where(eq(criteria.setId, setId)).all(),
    db.select().from(indicators).where(eq(indicators.setId, setId)).all(),
    db.select().from(indicatorTargets).where(eq(indicatorTargets.setId, setId)).all(),
  ]);
  if (!set) return null;
  levels.sort((a, b) => a.rank - b.rank);
  crit.sort((a, b) => a.number - b.number);
  inds.sort((a, b) => a.sort - b.sort);
  targets.sort((a, b) => a.indicatorId - b.indicatorId || a.sort - b.sort);
  const clonedFrom =
    set.clonedFromId === null
      ? null
      : ((await db.select({ id: criteriaSets.id, code: criteriaSets.code, name: criteriaSets.name }).from(criteriaSets).where(eq(criteriaSets.id, set.clonedFromId)).get()) ?? null);
  return { set, clonedFrom, levels, criteria: crit, indicators: inds, targets };
}

// ---------------------------------------------------------------------------------------------
// Upload: dry run or load

export type UploadError = { row: number | null; column?: string; message: string };
export type UploadSummary = { code: string; name: string; decision: string; period: [number, number]; levels: number; criteria: number; indicators: number; targets: number; unverified: number };
export type UploadResult =
  | { ok: true; dryRun: true; summary: UploadSummary }
  | { ok: true; dryRun: false; summary: UploadSummary; setId: number }
  | Failure<"invalid" | "too_large", { errors: UploadError[] }>;

const MAX_ERRORS = 200;

export function summaryOf(set: CriteriaSetFile): UploadSummary {
  const inds = set.criteria.flatMap((c) => c.indicators);
  const targets = inds.flatMap((i) => i.targets);
  return {
    code: set.code,
    name: set.name,
    decision: set.decision,
    period: set.period,
    levels: set.levels.length,
    criteria: set.criteria.length,
    indicators: inds.length,
    targets: targets.length,
    unverified: targets.filter((t) => !t.verified).length,
  };
}

/** Reads the file's content into a set file, or the problems found (sheet rows numbered as in the spreadsheet). */
export function readUpload(kind: UploadKind, bytes: Uint8Array): { data: unknown; errors: UploadError[] } {
  if (kind === "xlsx") {
    const r = xlsxToSet(bytes);
    return { data: r.set, errors: r.errors.map((e) => ({ row: e.row, column: e.column, message: e.message })) };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: kind === "json", ignoreBOM: false }).decode(bytes);
  } catch {
    return { data: null, errors: [{ row: null, message: "Tệp JSON không phải văn bản UTF-8." }] };
  }
  if (kind === "csv") {
    const r = csvToSet(text);
    return { data: r.set, errors: r.errors.map((e) => ({ row: e.row, column: e.column, message: e.message })) };
  }
  try {
    return { data: JSON.parse(text.replace(/^\uFEFF/, "")) as unknown, errors: [] };
  } catch (error) {
    return { data: null, errors: [{ row: null, message: `Tệp JSON không đúng cú pháp: ${(error as Error).message.slice(0, 200)}` }] };
  }
}

/**
 * Checks an uploaded set (every problem, with sheet rows) and, unless `dryRun`, loads it as a new set (audited by
 * loadSet in the batch that creates it). A dry run writes nothing.
 */
export async function importUpload(
  db: Db,
  file: { kind: UploadKind; bytes: Uint8Array },
  opts: { actorId: number; provinceId: number | null; dryRun: boolean },
): Promise<UploadResult> {
  // A spreadsheet is bounded (entries, inflated size, declared range) before the library parses it.
  const bounds = file.kind === "xlsx" ? await xlsxBoundsProblem(file.bytes) : null;
  if (bounds) return { ok: false, kind: "too_large", errors: [{ row: null, message: bounds }] };
  const read = readUpload(file.kind, file.bytes);
  if (read.errors.length || read.data === null) return { ok: false, kind: "invalid", errors: read.errors.slice(0, MAX_ERRORS) };
  const checked = await loadSet(db, read.data, { actorId: opts.actorId, provinceId: opts.provinceId, dryRun: true });
  if (!checked.ok) return { ok: false, kind: "invalid", errors: checked.errors.slice(0, MAX_ERRORS).map((message) => ({ row: null, message })) };
  const summary = summaryOf(read.data as CriteriaSetFile);
  if (opts.dryRun) return { ok: true, dryRun: true, summary };
  const loaded = await loadSet(db, read.data, { actorId: opts.actorId, provinceId: opts.provinceId });
  if (!loaded.ok) return { ok: false, kind: "invalid", errors: loaded.errors.map((message) => ({ row: null, message })) };
  return { ok: true, dryRun: false, summary, setId: loaded.setId };
}

// ---------------------------------------------------------------------------------------------
// Status

export type StatusOutcome = Outcome<{ set: CriteriaSet }, Failure<"not_found"> | Failure<"conflict", { current: CriteriaSet }> | Failure<"invalid", { message: string }>>;

/** draft → active → retired; version-checked and audited in one batch. */
export async function changeSetStatus(db: Db, actorId: number, setId: number, to: string, version: number, ip: string | null): Promise<StatusOutcome> {
  const set = await getSet(db, setId);
  if (!set) return { ok: false, kind: "not_found" };
  if (set.version !== version) return { ok: false, kind: "conflict", current: set };
  const problem = statusChangeProblem(set.status as SetStatus, to);
  if (problem) return { ok: false, kind: "invalid", message: problem };
  const [updated] = (await db.batch([
    db
      .update(criteriaSets)
      .set({ status: to as SetStatus, version: version + 1 })
      .where(and(eq(criteriaSets.id, setId), eq(criteriaSets.version, version))),
    auditIfChangedStatement(db, { actorId, action: "criteria_set.status", entity: "criteria_set", entityId: set.code, before: { status: set.status }, after: { status: to }, ip }),
  ])) as [{ meta: { changes: number } }, unknown];
  const current = (await getSet(db, setId))!;
  if (updated.meta.changes === 0) return { ok: false, kind: "conflict", current };
  return { ok: true, set: current };
}

// ---------------------------------------------------------------------------------------------
// Targets

export type TargetContext = {
  target: IndicatorTarget;
  indicator: typeof indicators.$inferSelect;
  criterion: typeof criteria.$inferSelect;
  set: CriteriaSet;
  levels: (typeof criteriaLevels.$inferSelect)[];
};

export async function targetContext(db: Db, targetId: number): Promise<TargetContext | null> {
  const target = await db.select().from(indicatorTargets).where(eq(indicatorTargets.id, targetId)).get();
  if (!target) return null;
  const [indicator, set, levels] = await Promise.all([
    db.select().from(indicators).where(eq(indicators.id, target.indicatorId)).get(),
    getSet(db, target.setId),
    db.select().from(criteriaLevels).where(eq(criteriaLevels.setId, target.setId)).orderBy(asc(criteriaLevels.rank)).all(),
  ]);
  if (!indicator || !set) return null;
  const criterion = await db.select().from(criteria).where(eq(criteria.id, indicator.criterionId)).get();
  if (!criterion) return null;
  return { target, indicator, criterion, set, levels };
}

/**
 * The bound communes whose checklist uses this target: bound to its set, with its key (any key for an "all" target,
 * since a commune falls back to "all" when its own key has none) and an evaluation year inside its years.
 * commune_bindings has no index on set_id (schema), so this reads every binding once.
 */
export async function bindingsUsingTarget(db: Db, target: Pick<IndicatorTarget, "setId" | "key" | "yearFrom" | "yearTo">) {
  const rows = await db
    .select({ unit: units, key: communeBindings.key, evalYear: communeBindings.evalYear })
    .from(communeBindings)
    .innerJoin(units, eq(units.id, communeBindings.unitId))
    .where(target.key === "all" ? eq(communeBindings.setId, target.setId) : and(eq(communeBindings.setId, target.setId), eq(communeBindings.key, target.key)))
    .all();
  return rows.filter((r) => r.evalYear >= target.yearFrom && r.evalYear <= target.yearTo);
}

export type Recomputation = { checked: number; changed: number };

const rankOf = (levels: EvalLevel[], code: string | null) => levels.find((l) => l.code === code)?.rank ?? 0;

/**
 * Re-evaluates, for every commune using `target`, the target's indicator, its criterion and the commune's level, from
 * the cached results of the other indicators (the same result as recomputeCommune, checked by the tests), and writes
 * only what changed: the indicator's cached result, the commune rollup and the area counters. Reads the indicator's
 * criterion rows and the rollup of each commune (≈ communes × (indicators in the criterion + 1) rows), a few queries
 * per 90 communes, instead of every indicator of every commune.
 */
export async function recomputeForTarget(db: Db, target: IndicatorTarget, nowIso: string): Promise<Recomputation> {
  const bound = await bindingsUsingTarget(db, target);
  if (bound.length === 0) return { checked: 0, changed: 0 };
  const [indicator, targets, levelRows] = await Promise.all([
    db.select().from(indicators).where(eq(indicators.id, target.indicatorId)).get(),
    db.select().from(indicatorTargets).where(eq(indicatorTargets.indicatorId, target.indicatorId)).all(),
    db.select({ code: criteriaLevels.code, rank: criteriaLevels.rank }).from(criteriaLevels).where(eq(criteriaLevels.setId, target.setId)).all(),
  ]);
  if (!indicator) return { checked: 0, changed: 0 };
  const levels = levelRows as EvalLevel[];
  targets.sort((a, b) => a.sort - b.sort);
  const evalIndicator: EvalIndicator = {
    id: indicator.id,
    criterionId: indicator.criterionId,
    code: indicator.code,
    kind: indicator.kind,
    comparator: indicator.comparator,
    targets: targets.map((t) => ({ level: t.level as LevelCode, key: t.key as TargetKey, yearFrom: t.yearFrom, yearTo: t.yearTo, value: t.value as TargetValue })),
  };
  const statements: BatchItem<"sqlite">[] = [];
  let changed = 0;
  for (const part of chunk(bound, 90)) {
    const ids = part.map((b) => b.unit.id);
    const [siblings, rollups] = await Promise.all([
      db
        .select({ id: indicatorValues.id, unitId: indicatorValues.unitId, indicatorId: indicatorValues.indicatorId, value: indicatorValues.value, met: indicatorValues.met })
        .from(indicatorValues)
        .where(and(inArray(indicatorValues.unitId, ids), eq(indicatorValues.criterionId, indicator.criterionId)))
        .all(),
      db.select().from(communeRollups).where(inArray(communeRollups.unitId, ids)).all(),
    ]);
    const siblingsOf = Map.groupBy(siblings, (s) => s.unitId);
    const rollupOf = new Map(rollups.map((r) => [r.unitId, r]));
    for (const { unit, key, evalYear } of part) {
      const own = siblingsOf.get(unit.id)?.find((s) => s.indicatorId === indicator.id);
      const rollup = rollupOf.get(unit.id);
      if (!own || !rollup) continue;
      const before = stateFromRollup(rollup);
      const r = reevaluateIndicator(evalIndicator, levels, {
        binding: { key: key as TargetKey, year: evalYear },
        value: own.value,
        siblings: siblingsOf.get(unit.id)!.map((s) => ({ indicatorId: s.indicatorId, met: s.met as LevelResult })),
        before,
      });
      if (r.metChanged) statements.push(db.update(indicatorValues).set({ met: r.met }).where(eq(indicatorValues.id, own.id)));
      if (r.criterionChanged) {
        statements.push(
          db
            .update(communeRollups)
            .set({
              criteriaMet: r.criteriaMet,
              criteria: Object.fromEntries([...r.after.criteria].map(([id, res]) => [String(id), res])),
              criteriaMetBase: r.after.criteriaMetBase,
              levelReached: r.levelReached,
              levelRank: rankOf(levels, r.levelReached),
              // A save that read the rollup before this write retries instead of overwriting it.
              version: sql`${communeRollups.version} + 1`,
              updatedAt: nowIso,
            })
            .where(eq(communeRollups.unitId, unit.id)),
          refreshCommuneFigures(db, unit.id),
        );
        const delta = rollupDelta(before, r.after);
        if (!isEmptyDelta(delta)) statements.push(...areaDeltaStatements(db, [unit.districtId, unit.provinceId].filter((id): id is number => id !== null), rollup.setId, delta, nowIso));
      }
      if (r.metChanged || r.criterionChanged) changed++;
    }
  }
  await runInBatches(db, statements, 100);
  return { checked: bound.length, changed };
}

export type TargetEditInput = { value: TargetValue; source: string; verified: boolean; version: number };
export type TargetEditOutcome = Outcome<{ before: IndicatorTarget; recomputed: Recomputation; valueChanged: boolean }, Failure<"not_found"> | Failure<"conflict", { current: IndicatorTarget }>>;

/**
 * Saves a target (value, source, verified; version-checked and audited by updateTarget), then — when the value
 * changed — re-evaluates every commune that uses it, so checklists and rollups reflect the new target.
 */
export async function editTarget(db: Db, actorId: number, targetId: number, input: TargetEditInput, nowIso: string, ip: string | null): Promise<TargetEditOutcome> {
  const outcome = await updateTarget(db, actorId, targetId, input, ip);
  if (!outcome.ok) {
    if (outcome.kind === "not_found") return { ok: false, kind: "not_found" };
    const current = (await db.select().from(indicatorTargets).where(eq(indicatorTargets.id, targetId)).get()) ?? outcome.current;
    return { ok: false, kind: "conflict", current };
  }
  const before = outcome.target;
  const valueChanged = !sameTargetValue(before.value as TargetValue, input.value);
  const recomputed = valueChanged ? await recomputeForTarget(db, before, nowIso) : { checked: 0, changed: 0 };
  return { ok: true, before, recomputed, valueChanged };
}
