// Criteria sets: load a set file into D1, export it back (full fidelity), clone it for a province,
// edit and verify a target (audited), and read a set's definition for evaluation.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../db/client";
import { criteria, criteriaLevels, criteriaSetCompiled, criteriaSets, indicators, indicatorTargets, type CriteriaSet } from "../db/schema";
import { consistencyProblems, criteriaSetSchema, type CriteriaSetFile, type LevelCode, type TargetKey, type TargetValue } from "../domain/criteria-format";
import type { EvalSet, EvalTarget } from "../domain/evaluation";
import { auditIfChangedStatement, auditStatement } from "./audit";
import { chunk, rowsPerStatement, runInBatches } from "./units";
import type { Failure, Outcome } from "../domain/outcome";

export type LoadOutcome = Outcome<{ setId: number }, Failure<"invalid", { errors: string[] }>>;

/** Validates a set file; with dryRun nothing is written. A code already in use is refused. */
export async function loadSet(
  db: Db,
  input: unknown,
  opts: { actorId: number | null; provinceId?: number | null; clonedFromId?: number | null; dryRun?: boolean } = { actorId: null },
): Promise<LoadOutcome> {
  const parsed = criteriaSetSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, kind: "invalid", errors: parsed.error.issues.slice(0, 50).map((i) => `${i.path.join(".") || "tệp"}: ${i.message}`) };
  }
  const set = parsed.data;
  const problems = consistencyProblems(set);
  if (await db.select({ id: criteriaSets.id }).from(criteriaSets).where(eq(criteriaSets.code, set.code)).get()) {
    problems.unshift(`Mã bộ tiêu chí "${set.code}" đã có. Hãy đổi mã (ví dụ thêm hậu tố tỉnh) để nạp thành bộ mới.`);
  }
  if (problems.length) return { ok: false, kind: "invalid", errors: problems };
  if (opts.dryRun) return { ok: true, setId: 0 };

  const [inserted] = await db.batch([
    db
      .insert(criteriaSets)
      .values({
        code: set.code,
        name: set.name,
        decision: set.decision,
        periodFrom: set.period[0],
        periodTo: set.period[1],
        appliesTo: set.appliesTo,
        targetKey: set.targetKey,
        status: set.status,
        source: set.source ?? null,
        provinceId: opts.provinceId ?? null,
        clonedFromId: opts.clonedFromId ?? null,
      })
      .returning({ id: criteriaSets.id }),
    auditStatement(db, { actorId: opts.actorId, action: opts.clonedFromId ? "criteria_set.clone" : "criteria_set.load", entity: "criteria_set", entityId: set.code }),
  ]);
  const setId = inserted[0].id;
  await db.insert(criteriaLevels).values(set.levels.map((l) => ({ setId, ...l })));
  const criterionIds = new Map<number, number>();
  for (const part of chunk(set.criteria, rowsPerStatement(7))) {
    const rows = await db
      .insert(criteria)
      .values(part.map((c) => ({ setId, number: c.number, name: c.name, groupCode: c.group, groupName: c.groupName, revocationKey: c.revocationKey })))
      .returning({ id: criteria.id, number: criteria.number });
    for (const r of rows) criterionIds.set(r.number, r.id);
  }
  const indicatorRows = set.criteria.flatMap((c) =>
    c.indicators.map((ind) => ({
      setId,
      criterionId: criterionIds.get(c.number)!,
      code: ind.code,
      name: ind.name,
      kind: ind.kind,
      comparator: ind.comparator,
      unit: ind.unit ?? null,
      level: ind.level,
      evidenceRequired: ind.evidenceRequired,
      guidance: ind.guidance ?? null,
      choices: ind.choices ?? null,
      sort: 0,
    })),
  );
  indicatorRows.forEach((r, i) => (r.sort = i));
  const indicatorIds = new Map<string, number>();
  for (const part of chunk(indicatorRows, rowsPerStatement(13))) {
    const rows = await db.insert(indicators).values(part).returning({ id: indicators.id, code: indicators.code });
    for (const r of rows) indicatorIds.set(r.code, r.id);
  }
  const targetRows = set.criteria.flatMap((c) =>
    c.indicators.flatMap((ind) =>
      ind.targets.map((t, i) => ({
        setId,
        indicatorId: indicatorIds.get(ind.code)!,
        level: t.level,
        key: t.key,
        yearFrom: t.years[0],
        yearTo: t.years[1],
        value: t.value,
        source: t.source,
        verified: t.verified,
        sort: i,
      })),
    ),
  );
  await runInBatches(db, chunk(targetRows, rowsPerStatement(11)).map((part) => db.insert(indicatorTargets).values(part)));
  return { ok: true, setId };
}

/** The set as its file (JSON), exactly as it would load. */
export async function exportSet(db: Db, setId: number): Promise<CriteriaSetFile | null> {
  const set = await db.select().from(criteriaSets).where(eq(criteriaSets.id, setId)).get();
  if (!set) return null;
  const [levels, crit, inds, targets] = await Promise.all([
    db.select().from(criteriaLevels).where(eq(criteriaLevels.setId, setId)).orderBy(asc(criteriaLevels.rank)).all(),
    db.select().from(criteria).where(eq(criteria.setId, setId)).orderBy(asc(criteria.number)).all(),
    db.select().from(indicators).where(eq(indicators.setId, setId)).orderBy(asc(indicators.sort)).all(),
    db.select().from(indicatorTargets).where(eq(indicatorTargets.setId, setId)).orderBy(asc(indicatorTargets.indicatorId), asc(indicatorTargets.sort)).all(),
  ]);
  const targetsOf = Map.groupBy(targets, (t) => t.indicatorId);
  const file: CriteriaSetFile = {
    code: set.code,
    name: set.name,
    decision: set.decision,
    period: [set.periodFrom, set.periodTo],
    appliesTo: set.appliesTo as CriteriaSetFile["appliesTo"],
    targetKey: set.targetKey,
    status: set.status,
    ...(set.source !== null ? { source: set.source } : {}),
    levels: levels.map((l) => ({ code: l.code as LevelCode, name: l.name, rank: l.rank, rule: l.rule, ...(l.basis ? { basis: l.basis as LevelCode } : {}), ...(l.pilot ? { pilot: true } : {}) })),
    criteria: crit.map((c) => ({
      number: c.number,
      name: c.name,
      group: c.groupCode,
      groupName: c.groupName,
      revocationKey: c.revocationKey,
      indicators: inds
        .filter((i) => i.criterionId === c.id)
        .map((i) => ({
          code: i.code,
          name: i.name,
          kind: i.kind,
          comparator: i.comparator,
          ...(i.unit !== null ? { unit: i.unit } : {}),
          level: i.level as LevelCode,
          evidenceRequired: i.evidenceRequired,
          ...(i.guidance !== null ? { guidance: i.guidance } : {}),
          ...(i.choices !== null ? { choices: i.choices } : {}),
          targets: (targetsOf.get(i.id) ?? []).map((t) => ({
            level: t.level as LevelCode,
            key: t.key as TargetKey,
            years: [t.yearFrom, t.yearTo] as [number, number],
            value: t.value as TargetValue,
            source: t.source,
            verified: t.verified,
          })),
        })),
    })),
  };
  return file;
}

/** A province's own copy of a set (status draft) to adjust targets; the original stays as it was. */
export async function cloneSet(db: Db, setId: number, input: { code: string; name: string; provinceId: number; actorId: number }): Promise<LoadOutcome> {
  const file = await exportSet(db, setId);
  if (!file) return { ok: false, kind: "invalid", errors: ["Không tìm thấy bộ tiêu chí."] };
  return loadSet(db, { ...file, code: input.code, name: input.name, status: "draft" }, { actorId: input.actorId, provinceId: input.provinceId, clonedFromId: setId });
}

/** A province sees, binds and exports only national sets and its own (another province's drafts stay private). */
export function visibleToProvince(set: Pick<CriteriaSet, "provinceId">, provinceId: number | null): boolean {
  return set.provinceId === null || set.provinceId === provinceId;
}

export async function listSets(db: Db): Promise<CriteriaSet[]> {
  return db.select().from(criteriaSets).orderBy(asc(criteriaSets.periodFrom), asc(criteriaSets.code)).all();
}

export async function getSet(db: Db, setId: number): Promise<CriteriaSet | undefined> {
  return db.select().from(criteriaSets).where(eq(criteriaSets.id, setId)).get();
}

export async function findSetByCode(db: Db, code: string): Promise<CriteriaSet | undefined> {
  return db.select().from(criteriaSets).where(eq(criteriaSets.code, code)).get();
}

export type SetDefinition = {
  set: CriteriaSet;
  levels: (typeof criteriaLevels.$inferSelect)[];
  criteria: (typeof criteria.$inferSelect)[];
  indicators: (typeof indicators.$inferSelect)[];
  targets: (typeof indicatorTargets.$inferSelect)[];
};

/** A set version's definition without its set row: every level, criterion, indicator and target (all keys). */
export type CompiledDefinition = Omit<SetDefinition, "set">;

/** The definition read table by table (levels by rank, criteria by number, indicators by sort, targets by id). */
export async function definitionRowByRow(db: Db, setId: number, key?: string): Promise<CompiledDefinition> {
  const [levels, crit, inds, targets] = await Promise.all([
    db.select().from(criteriaLevels).where(eq(criteriaLevels.setId, setId)).orderBy(asc(criteriaLevels.rank)).all(),
    db.select().from(criteria).where(eq(criteria.setId, setId)).orderBy(asc(criteria.number)).all(),
    db.select().from(indicators).where(eq(indicators.setId, setId)).orderBy(asc(indicators.sort)).all(),
    db
      .select()
      .from(indicatorTargets)
      .where(key === undefined ? eq(indicatorTargets.setId, setId) : and(eq(indicatorTargets.setId, setId), inArray(indicatorTargets.key, keysFor(key))))
      .orderBy(asc(indicatorTargets.id))
      .all(),
  ]);
  return { levels, criteria: crit, indicators: inds, targets };
}

const keysFor = (key: string) => (key === "all" ? ["all"] : ["all", key]);

/**
 * The whole definition of the set's current version from its compiled row (one row read), compiling it from the
 * tables on the first read of a version. A version never changes once made, so the row never goes stale.
 */
export async function compiledDefinition(db: Db, set: Pick<CriteriaSet, "id" | "version">): Promise<CompiledDefinition> {
  const row = await db
    .select({ body: criteriaSetCompiled.body })
    .from(criteriaSetCompiled)
    .where(and(eq(criteriaSetCompiled.setId, set.id), eq(criteriaSetCompiled.version, set.version)))
    .get();
  if (row) return JSON.parse(row.body) as CompiledDefinition;
  const def = await definitionRowByRow(db, set.id);
  await db.batch([
    db.insert(criteriaSetCompiled).values({ setId: set.id, version: set.version, body: JSON.stringify(def) }).onConflictDoNothing(),
    db.delete(criteriaSetCompiled).where(and(eq(criteriaSetCompiled.setId, set.id), sql`${criteriaSetCompiled.version} < ${set.version}`)),
  ]);
  return def;
}

/**
 * Set definitions change rarely (a target edit bumps the set's version), so each Worker isolate keeps the
 * last few: a checklist read then costs one set row instead of every indicator and target, and a cold isolate
 * reads the version's compiled row.
 */
const definitionCache = new Map<string, SetDefinition>();
const DEFINITION_CACHE_SIZE = 24;

/** Forget cached definitions (tests wipe the database between files in one isolate, so set ids come back). */
export function forgetSetDefinitions(): void {
  definitionCache.clear();
}

/** A set's definition with only the targets a commune with `key` can use ("all" and its own key). */
export async function loadDefinition(db: Db, setId: number, key: string): Promise<SetDefinition | null> {
  const set = await getSet(db, setId);
  return set ? definitionFor(db, set, key) : null;
}

/** As `loadDefinition`, for a set row already read (the checklist reads it in its one batch). */
export async function definitionFor(db: Db, set: CriteriaSet, key: string): Promise<SetDefinition> {
  const cacheKey = `${set.id}:${key}`;
  const cached = definitionCache.get(cacheKey);
  if (cached && cached.set.version === set.version && cached.set.status === set.status) return cached;
  const full = await compiledDefinition(db, set);
  const keys = new Set(keysFor(key));
  const def = { set, levels: full.levels, criteria: full.criteria, indicators: full.indicators, targets: full.targets.filter((t) => keys.has(t.key)) };
  if (definitionCache.size >= DEFINITION_CACHE_SIZE) definitionCache.delete(definitionCache.keys().next().value!);
  definitionCache.set(cacheKey, def);
  return def;
}

/** The definition in the shape the pure evaluation module takes. */
export function toEvalSet(def: Pick<SetDefinition, "levels" | "criteria" | "indicators" | "targets">): EvalSet {
  const targetsOf = Map.groupBy(def.targets, (t) => t.indicatorId);
  return {
    levels: def.levels.map((l) => ({ code: l.code as LevelCode, rank: l.rank })),
    criteria: def.criteria.map((c) => ({ id: c.id, number: c.number, revocationKey: c.revocationKey })),
    indicators: def.indicators.map((i) => ({
      id: i.id,
      criterionId: i.criterionId,
      code: i.code,
      kind: i.kind,
      comparator: i.comparator,
      targets: (targetsOf.get(i.id) ?? []).map(
        (t): EvalTarget => ({ level: t.level as LevelCode, key: t.key as TargetKey, yearFrom: t.yearFrom, yearTo: t.yearTo, value: t.value as TargetValue }),
      ),
    })),
  };
}

export type TargetEdit = { value: TargetValue; source: string; verified: boolean; version: number };

/** An admin edits a target and/or marks it verified; audited, version-checked. */
export async function updateTarget(db: Db, actorId: number, targetId: number, edit: TargetEdit, ip: string | null) {
  const before = await db.select().from(indicatorTargets).where(eq(indicatorTargets.id, targetId)).get();
  if (!before) return { ok: false as const, kind: "not_found" as const };
  const statements: BatchItem<"sqlite">[] = [
    db
      .update(indicatorTargets)
      .set({ value: edit.value, source: edit.source, verified: edit.verified, version: edit.version + 1 })
      .where(and(eq(indicatorTargets.id, targetId), eq(indicatorTargets.version, edit.version))),
    // The set's version moves with every target edit, which invalidates cached definitions.
    db.update(criteriaSets).set({ version: sql`${criteriaSets.version} + 1` }).where(and(eq(criteriaSets.id, before.setId), sql`changes() > 0`)),
    auditIfChangedStatement(db, {
      actorId,
      action: edit.verified && !before.verified ? "criteria_target.verify" : "criteria_target.update",
      entity: "indicator_target",
      entityId: targetId,
      before: { value: before.value, source: before.source, verified: before.verified },
      after: { value: edit.value, source: edit.source, verified: edit.verified },
      ip,
    }),
  ];
  const [updated] = (await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])) as [{ meta: { changes: number } }];
  if (updated.meta.changes === 0) return { ok: false as const, kind: "conflict" as const, current: before };
  return { ok: true as const, target: before };
}
