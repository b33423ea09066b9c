// A commune's checklist: bind it to a set, read it, save one indicator (version-checked, with history,
// commune and area rollups in the same batch), recompute from scratch.
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { inBatch } from "../db/prepared";
import {
  communeBindings,
  communeRollups,
  criteria,
  indicatorTargets,
  indicatorValueHistory,
  indicatorValues,
  indicators,
  units,
  users,
  type CommuneRollup,
  type Unit,
} from "../db/schema";
import type { LevelCode, TargetKey } from "../domain/criteria-format";
import {
  criterionResult,
  evaluateCommune,
  indicatorResult,
  levelReached,
  parseValue,
  type Binding,
  type CommuneEvaluation,
  type EvalLevel,
  type LevelResult,
  type ValueText,
} from "../domain/evaluation";
import { rollupDelta } from "../domain/rollups";
import { auditStatement } from "./audit";
import { asBatch, guardStatement, isStale, STALE_OR_DUPLICATE, type Batch } from "./batch";
import { definitionFor, loadDefinition, toEvalSet, type SetDefinition } from "./criteria-sets";
import { chunk, rowsPerStatement } from "./units";
import { hasIndicatorFile } from "./evidence-files";
import { checklistQueries, checklistReads, saveQueries, valueColumns } from "./checklist-queries";
import { refreshCommuneFigures } from "./commune-figures";
import { areaDeltaStatements, areasOf, baseLevelOf, criteriaJson, rankOf, roadmapStatements, rollupRow, rollupWrite, stateFromRollup, stateOf } from "./rollups";
import type { Failure, Outcome } from "../domain/outcome";

export type BindingInput = { setId: number; key: TargetKey; targetLevel: LevelCode; targetYear: number; evalYear: number };
export type InitialValue = { value: ValueText; evidenceNote?: string | null; evidenceLink?: string | null };

/**
 * Binds a commune to a set with its key, target level and year, and writes one value row per indicator
 * (initial values optional), the commune rollup and (unless `skipAreas`) the area counters.
 */
export async function bindCommune(
  db: Db,
  unit: Unit,
  input: BindingInput,
  opts: {
    def?: SetDefinition;
    values?: Map<string, InitialValue>;
    actorId: number | null;
    nowIso: string;
    skipAreas?: boolean;
    /** Statements run first / last in the same batch (bindings.ts: leaving the old set, the audit row). */
    prepend?: Batch;
    append?: Batch;
  },
): Promise<CommuneEvaluation> {
  const def = opts.def ?? (await loadDefinition(db, input.setId, input.key));
  if (!def) throw new Error(`criteria set ${input.setId} not found`);
  const evalSet = toEvalSet(def);
  const binding: Binding = { key: input.key, year: input.evalYear };
  const valueOf = new Map(def.indicators.map((i) => [i.id, opts.values?.get(i.code)?.value ?? null]));
  const evaluation = evaluateCommune(evalSet, binding, valueOf);
  const valueRows = def.indicators.map((i) => ({
    unitId: unit.id,
    indicatorId: i.id,
    criterionId: i.criterionId,
    value: valueOf.get(i.id) ?? null,
    evidenceNote: opts.values?.get(i.code)?.evidenceNote ?? null,
    evidenceLink: opts.values?.get(i.code)?.evidenceLink ?? null,
    met: evaluation.indicators.get(i.id) ?? {},
    updatedBy: opts.values?.get(i.code)?.value != null ? opts.actorId : null,
    updatedAt: opts.nowIso,
  }));
  const statements: Batch = [
    ...(opts.prepend ?? []),
    db.insert(communeBindings).values({ unitId: unit.id, ...input, updatedAt: opts.nowIso }),
    ...chunk(valueRows, rowsPerStatement(10)).map((part) => db.insert(indicatorValues).values(part)),
    db.insert(communeRollups).values(rollupRow(unit, input.setId, evaluation, evalSet.levels, opts.nowIso)),
    refreshCommuneFigures(db, unit.id),
  ];
  if (!opts.skipAreas) {
    statements.push(...areaDeltaStatements(db, areasOf(unit), input.setId, rollupDelta(null, stateOf(evaluation, baseLevelOf(evalSet.levels))), opts.nowIso));
    statements.push(...roadmapStatements(db, areasOf(unit), input.setId, input.targetYear, input.targetLevel, 1));
  }
  statements.push(...(opts.append ?? []));
  await db.batch(asBatch(statements));
  return evaluation;
}

export type ChecklistValue = {
  indicatorId: number;
  value: string | null;
  evidenceNote: string | null;
  evidenceLink: string | null;
  updatedAt: string;
  updatedByName: string | null;
  version: number;
};

export type Checklist = {
  unit: Unit;
  binding: typeof communeBindings.$inferSelect;
  def: SetDefinition;
  values: Map<number, ChecklistValue>;
  evaluation: CommuneEvaluation;
  rollup: CommuneRollup | undefined;
};

export async function getBinding(db: Db, unitId: number) {
  return db.select().from(communeBindings).where(eq(communeBindings.unitId, unitId)).get();
}

/** Everything the checklist page shows, evaluated now from the stored values: one D1 round trip when the set's
 * definition is cached in the isolate (binding, set row, values, rollup in one batch), two when it is not. */
export async function loadChecklist(db: Db, unit: Unit): Promise<Checklist | null> {
  return checklistFrom(db, unit, ...(await db.batch(checklistReads(db, unit.id))));
}

type Queries = ReturnType<typeof checklistQueries>;
type Rows<K extends keyof Queries> = Awaited<ReturnType<Queries[K]["all"]>>;

export async function checklistFrom(db: Db, unit: Unit, bindingRows: Rows<"binding">, setRows: Rows<"set">, rows: Rows<"values">, rollupRows: Rows<"rollup">): Promise<Checklist | null> {
  const binding = bindingRows[0];
  const set = setRows[0];
  if (!binding || !set) return null;
  const def = await definitionFor(db, set, binding.key);
  const rollup: CommuneRollup | undefined = rollupRows[0];
  const values = new Map(rows.map((r) => [r.indicatorId, r]));
  const evaluation = evaluateCommune(toEvalSet(def), { key: binding.key as TargetKey, year: binding.evalYear }, new Map(rows.map((r) => [r.indicatorId, r.value])));
  return { unit, binding, def, values, evaluation, rollup };
}

export type SaveInput = { value: string; evidenceNote: string; evidenceLink: string; note: string; version: number };

export type SaveOutcome = Outcome<
  {
    rollup: ReturnType<typeof rollupRow>;
    met: LevelResult;
    criterionMet: LevelResult;
    criterion: typeof criteria.$inferSelect;
    indicator: typeof indicators.$inferSelect;
    targets: (typeof indicatorTargets.$inferSelect)[];
    levels: EvalLevel[];
    evalYear: number;
    saved: { value: string | null; evidenceNote: string | null; evidenceLink: string | null; version: number };
  },
  | Failure<"not_found">
  | Failure<"invalid", { field: "value" | "evidence"; message: string }>
  | Failure<"conflict", { current: { value: string | null; evidenceNote: string | null; evidenceLink: string | null; updatedAt: string; updatedByName: string | null; version: number } }>
>;

/** Attempts of a save whose indicator is current but whose commune rollup moved under it (another indicator saved). */
export const SAVE_ATTEMPTS = 8;
const RETRY = Symbol("retry");
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Saves one indicator of a commune: ≤ ~40 rows read. Version-checked (a stale version gets 409 with the
 * newer value and its author); history, audit, commune rollup and area counters in the same batch. The commune
 * rollup is version-checked in that batch too: when another indicator of the commune was saved meanwhile, the
 * save re-reads and re-evaluates (bounded), so the rollup and the area deltas never come from a stale read.
 */
export async function saveIndicator(db: Db, actorId: number, unit: Unit, indicatorId: number, input: SaveInput, nowIso: string, ip: string | null = null): Promise<SaveOutcome> {
  const q = saveQueries(db);
  const [[binding], [indicator]] = await db.batch([inBatch(checklistQueries(db).binding, { unitId: unit.id }), inBatch(q.indicator, { indicatorId })]);
  if (!binding || !indicator || indicator.setId !== binding.setId) return { ok: false, kind: "not_found" };
  // What a concurrent save cannot change is read once (one batch, one round trip); the value, the rollup and the
  // criterion's results per attempt.
  const fixed: Fixed = db
    .batch([inBatch(q.targets, { indicatorId, key: binding.key }), inBatch(q.levels, { setId: binding.setId }), inBatch(q.criterion, { criterionId: indicator.criterionId })])
    .then(([targets, levelRows, [criterion]]) => [targets, levelRows, criterion]);
  for (let attempt = 1; ; attempt++) {
    const outcome = await trySave(db, actorId, unit, binding, indicator, fixed, input, nowIso, ip);
    if (outcome !== RETRY) return outcome;
    if (attempt >= SAVE_ATTEMPTS) return { ok: false, kind: "conflict", current: await currentValue(db, unit.id, indicatorId) };
    await pause(Math.random() * 4 * attempt);
  }
}

type Fixed = Promise<[(typeof indicatorTargets.$inferSelect)[], { code: string; rank: number }[], typeof criteria.$inferSelect | undefined]>;

async function trySave(
  db: Db,
  actorId: number,
  unit: Unit,
  binding: typeof communeBindings.$inferSelect,
  indicator: typeof indicators.$inferSelect,
  fixed: Fixed,
  input: SaveInput,
  nowIso: string,
  ip: string | null,
): Promise<SaveOutcome | typeof RETRY> {
  const indicatorId = indicator.id;
  // One batch, so the value (and its version), the rollup (and its version) and the criterion's other results are
  // read at the same moment; the write below checks both versions.
  const q = saveQueries(db);
  const [[current], rollupRows, siblings] = await db.batch([
    inBatch(q.current, { unitId: unit.id, indicatorId }),
    inBatch(checklistQueries(db).rollup, { unitId: unit.id }),
    inBatch(q.siblings, { unitId: unit.id, criterionId: indicator.criterionId }),
  ]);
  const [targets, levelRows, criterion] = await fixed;
  if (!current) return { ok: false, kind: "not_found" };
  if (current.version !== input.version) return { ok: false, kind: "conflict", current: await currentValue(db, unit.id, indicatorId) };

  const parsed = input.value.trim() === "" ? ({ ok: true, value: null } as const) : parseValue(indicator.kind, input.value, indicator.choices ?? undefined);
  if (!parsed.ok) return { ok: false, kind: "invalid", field: "value", message: parsed.message };

  const key = binding.key as TargetKey;
  const rollup = rollupRows[0] as CommuneRollup | undefined;
  // In rank order, so the stored JSON has the same key order as a fresh evaluation.
  const levels = (levelRows as EvalLevel[]).sort((a, b) => a.rank - b.rank);
  const evalIndicator = {
    id: indicator.id,
    criterionId: indicator.criterionId,
    code: indicator.code,
    kind: indicator.kind,
    comparator: indicator.comparator,
    targets: targets.map((t) => ({ level: t.level as LevelCode, key: t.key as TargetKey, yearFrom: t.yearFrom, yearTo: t.yearTo, value: t.value })),
  };
  const met = indicatorResult(evalIndicator, levels, { key, year: binding.evalYear }, parsed.value);

  const evidenceNote = input.evidenceNote.trim() || null;
  const evidenceLink = input.evidenceLink.trim() || null;
  // Evidence is a note, a link or an attached file; the file lookup runs only when needed.
  if (indicator.evidenceRequired && Object.values(met).some(Boolean) && !evidenceNote && !evidenceLink && !(await hasIndicatorFile(db, unit.id, indicatorId))) {
    return { ok: false, kind: "invalid", field: "evidence", message: "Chỉ tiêu này cần minh chứng (tệp đính kèm, ghi chú hoặc đường dẫn) trước khi ghi nhận là đạt." };
  }

  // The criterion from its indicators' cached results, then the commune's level from its criteria.
  const criterionMet = criterionResult(siblings.map((s) => (s.indicatorId === indicatorId ? met : (s.met as LevelResult))), levels);
  const before = rollup ? stateFromRollup(rollup) : null;
  const criteriaResults = new Map(before?.criteria ?? []);
  criteriaResults.set(indicator.criterionId, criterionMet);
  const criteriaMet: Partial<Record<LevelCode, number>> = {};
  for (const l of levels) criteriaMet[l.code] = [...criteriaResults.values()].filter((r) => r[l.code] === true).length;
  const reached = levelReached(levels, [...criteriaResults.values()]);
  const newRollup = {
    unitId: unit.id,
    setId: binding.setId,
    provinceId: unit.provinceId!,
    districtId: unit.districtId,
    criteriaMet,
    criteriaTotal: rollup?.criteriaTotal ?? {},
    criteria: criteriaJson(criteriaResults),
    criteriaMetBase: criteriaMet[baseLevelOf(levels) as LevelCode] ?? 0,
    levelReached: reached,
    levelRank: rankOf(levels, reached),
    updatedAt: nowIso,
  };
  const delta = rollupDelta(before, { criteriaMetBase: newRollup.criteriaMetBase, levelReached: reached ?? "", criteria: criteriaResults });
  const evidence = (n: string | null, l: string | null) => [n, l].filter(Boolean).join(" | ") || null;

  const statements: Batch = [
    db
      .update(indicatorValues)
      .set({ value: parsed.value, evidenceNote, evidenceLink, met, updatedBy: actorId, updatedAt: nowIso, version: current.version + 1 })
      .where(and(eq(indicatorValues.id, current.id), eq(indicatorValues.version, input.version))),
    // Aborts the whole batch when the update above changed nothing (someone saved first).
    guardStatement(db),
    db.insert(indicatorValueHistory).values({
      unitId: unit.id,
      indicatorId,
      oldValue: current.value,
      newValue: parsed.value,
      oldEvidence: evidence(current.evidenceNote, current.evidenceLink),
      newEvidence: evidence(evidenceNote, evidenceLink),
      note: input.note.trim() || null,
      changedBy: actorId,
      changedAt: nowIso,
    }),
    auditStatement(db, {
      actorId,
      action: "indicator_value.update",
      entity: "indicator_value",
      entityId: `${unit.code}/${indicator.code}`,
      before: { value: current.value, evidence: evidence(current.evidenceNote, current.evidenceLink) },
      after: { value: parsed.value, evidence: evidence(evidenceNote, evidenceLink) },
      ip,
    }),
    ...rollupWrite(db, rollup, newRollup),
    ...areaDeltaStatements(db, areasOf(unit), binding.setId, delta, nowIso),
  ];
  try {
    await db.batch(asBatch(statements));
  } catch (error) {
    // The indicator or the rollup moved: the next attempt re-reads both and answers 409 if it was the indicator.
    if (isStale(error, STALE_OR_DUPLICATE)) return RETRY;
    throw error;
  }
  return {
    ok: true,
    rollup: newRollup,
    met,
    criterionMet,
    criterion: criterion!,
    indicator,
    targets,
    levels,
    evalYear: binding.evalYear,
    saved: { value: parsed.value, evidenceNote, evidenceLink, version: current.version + 1 },
  };
}

/** A stored value as the checklist shows it: with who saved it last. */
async function currentValue(db: Db, unitId: number, indicatorId: number) {
  return (await db
    .select(valueColumns)
    .from(indicatorValues)
    .leftJoin(users, eq(users.id, indicatorValues.updatedBy))
    .where(and(eq(indicatorValues.unitId, unitId), eq(indicatorValues.indicatorId, indicatorId)))
    .get())!;
}

/**
 * Re-evaluates one commune from its stored values (after a target edit), fixing caches and counters: one batch,
 * version-checked on the commune rollup like a save (read before the values, so a save in between is seen), retried.
 */
export async function recomputeCommune(db: Db, unit: Unit, nowIso: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const rollup = await db.select().from(communeRollups).where(eq(communeRollups.unitId, unit.id)).get();
    const checklist = await loadChecklist(db, unit);
    if (!checklist) return;
    const { def, evaluation, binding } = checklist;
    const levels = def.levels.map((l) => ({ code: l.code as LevelCode, rank: l.rank }));
    const row = rollupRow(unit, binding.setId, evaluation, levels, nowIso);
    const delta = rollupDelta(rollup ? stateFromRollup(rollup) : null, stateOf(evaluation, baseLevelOf(levels)));
    const statements: Batch = [
      ...rollupWrite(db, rollup, row),
      ...def.indicators.map((i) =>
        db.update(indicatorValues).set({ met: evaluation.indicators.get(i.id) ?? {} }).where(and(eq(indicatorValues.unitId, unit.id), eq(indicatorValues.indicatorId, i.id))),
      ),
      ...areaDeltaStatements(db, areasOf(unit), binding.setId, delta, nowIso),
    ];
    try {
      await db.batch(asBatch(statements));
      return;
    } catch (error) {
      if (!isStale(error, STALE_OR_DUPLICATE) || attempt >= SAVE_ATTEMPTS) throw error;
      await pause(Math.random() * 4 * attempt);
    }
  }
}

/** Communes bound to a set (for recomputation after a target changes). */
export async function communesBoundTo(db: Db, setId: number): Promise<Unit[]> {
  return db
    .select({ unit: units })
    .from(communeBindings)
    .innerJoin(units, eq(units.id, communeBindings.unitId))
    .where(eq(communeBindings.setId, setId))
    .all()
    .then((rows) => rows.map((r) => r.unit));
}

export type HistoryRow = typeof indicatorValueHistory.$inferSelect & { changedByName: string | null };

/** An indicator's changes, newest first: a keyset page of `limit` older than `before` (indicator_value_history_unit_indicator). */
export async function indicatorHistory(db: Db, unitId: number, indicatorId: number, limit = 200, before: { key: string; id: number } | null = null): Promise<HistoryRow[]> {
  const h = indicatorValueHistory;
  const rows = await db
    .select({ h: indicatorValueHistory, changedByName: users.displayName })
    .from(indicatorValueHistory)
    .leftJoin(users, eq(users.id, indicatorValueHistory.changedBy))
    .where(and(eq(h.unitId, unitId), eq(h.indicatorId, indicatorId), before ? sql`(${h.changedAt}, ${h.id}) < (${before.key}, ${before.id})` : undefined))
    .orderBy(desc(indicatorValueHistory.changedAt), desc(indicatorValueHistory.id))
    .limit(limit)
    .all();
  return rows.map((r) => ({ ...r.h, changedByName: r.changedByName }));
}
