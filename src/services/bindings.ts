// Binding a commune to a criteria set: the form's choices, and saving a new binding, a move to another set
// (old values archived into the history first) or a change of key, level or years (recomputed). Version-checked,
// audited in the same batch as the change.
import { and, count, eq, isNotNull, or, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../db/client";
import { communeBindings, communeRollups, criteriaLevels, indicatorTargets, indicatorValueHistory, indicatorValues, type CriteriaSet, type Unit } from "../db/schema";
import { bindingChange, checkBinding, keyOptions, removalDelta, type BindingChange, type BindingRaw, type BindingValues, type KeyOption, type SetForBinding, type UnitForBinding } from "../domain/bindings";
import { NTM_REGION_NAMES } from "../domain/units";
import { guardStatement, isStale, STALE_OR_DUPLICATE, type Batch } from "./batch";
const isStaleOrDuplicate = (error: unknown) => isStale(error, STALE_OR_DUPLICATE);
import { auditStatement } from "./audit";
import { bindCommune, getBinding, recomputeCommune } from "./checklist";
import { areaDeltaStatements, roadmapStatements, stateFromRollup } from "./rollups";
import { listSets, visibleToProvince } from "./criteria-sets";
import { getUnit } from "./units";
import type { Failure, Outcome } from "../domain/outcome";

type Binding = typeof communeBindings.$inferSelect;

export const ARCHIVE_NOTE = "Đổi bộ tiêu chí";

const areasOf = (u: Pick<Unit, "provinceId" | "districtId">) => [u.districtId, u.provinceId].filter((id): id is number => id !== null);
const unitForBinding = (u: Unit): UnitForBinding => ({ kind: u.kind, region: u.region, communeGroup: u.communeGroup });

export type BindingContext = {
  unit: Unit;
  provinceRegion: string | null;
  binding: Binding | undefined;
  /** Sets that apply to this kind of unit (retired ones only when the commune is bound to it). */
  sets: CriteriaSet[];
  /** Indicators of the commune that have a value or evidence (what a change of set would archive). */
  valuesEntered: number;
};

export async function bindingContext(db: Db, unit: Unit): Promise<BindingContext> {
  const [province, binding, all, entered] = await Promise.all([
    unit.provinceId === null ? undefined : getUnit(db, unit.provinceId),
    getBinding(db, unit.id),
    listSets(db),
    valuesEnteredCount(db, unit.id),
  ]);
  const sets = all.filter((s) => visibleToProvince(s, unit.provinceId) && s.appliesTo.includes(unit.kind) && (s.status !== "retired" || s.id === binding?.setId));
  return { unit, provinceRegion: province?.region ?? null, binding, sets, valuesEntered: entered };
}

async function valuesEnteredCount(db: Db, unitId: number): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(indicatorValues)
    .where(and(eq(indicatorValues.unitId, unitId), or(isNotNull(indicatorValues.value), isNotNull(indicatorValues.evidenceNote), isNotNull(indicatorValues.evidenceLink))))
    .get();
  return row?.n ?? 0;
}

/** The set with its levels, and whether it has targets keyed by region/group (an indexed probe of one row). */
export async function setForBinding(db: Db, set: CriteriaSet): Promise<SetForBinding> {
  const [levels, keyed] = await Promise.all([
    db.select({ code: criteriaLevels.code, name: criteriaLevels.name }).from(criteriaLevels).where(eq(criteriaLevels.setId, set.id)).orderBy(criteriaLevels.rank).all(),
    db
      .select({ id: indicatorTargets.id })
      .from(indicatorTargets)
      .where(and(eq(indicatorTargets.setId, set.id), sql`${indicatorTargets.key} <> 'all'`))
      .limit(1)
      .get(),
  ]);
  return {
    id: set.id,
    name: set.name,
    targetKey: set.targetKey,
    periodFrom: set.periodFrom,
    periodTo: set.periodTo,
    appliesTo: set.appliesTo,
    status: set.status,
    levels,
    keyed: keyed !== undefined,
  };
}

export function keyOptionsFor(ctx: BindingContext, set: SetForBinding): KeyOption[] {
  return keyOptions(set, unitForBinding(ctx.unit), ctx.provinceRegion, NTM_REGION_NAMES);
}

export type SaveBindingOutcome = Outcome<{ change: BindingChange; archived: number }, Failure<"invalid", { errors: Record<string, string> }> | Failure<"conflict", { current: Binding | undefined }>>;


/** Aborts its batch when the statement just before it changed nothing (someone saved first). */
const guard = guardStatement;

/**
 * Saves the binding form. `version` is the binding's version the form was built from (0 for a commune not bound yet).
 * A move to another set needs `confirmArchive` when the commune has values: they are written to the history with the
 * note "Đổi bộ tiêu chí" and removed (values are not migrated, not even to a clone of the old set).
 */
export async function saveBinding(
  db: Db,
  actorId: number,
  ctx: BindingContext,
  set: SetForBinding,
  raw: BindingRaw,
  opts: { version: number; confirmArchive: boolean; nowIso: string; ip: string | null },
): Promise<SaveBindingOutcome> {
  const { unit, binding } = ctx;
  const checked = checkBinding(set, unitForBinding(unit), keyOptionsFor(ctx, set), raw, binding?.setId ?? null);
  if (!checked.ok) return { ok: false, kind: "invalid", errors: checked.errors };
  if ((binding?.version ?? 0) !== opts.version) return { ok: false, kind: "conflict", current: binding };
  const next = checked.value;
  const change = bindingChange(binding ?? null, next);
  const audit = (action: string, extra: Record<string, unknown> = {}) =>
    auditStatement(db, { actorId, action, entity: "commune_binding", entityId: unit.code, before: binding ? pick(binding) : null, after: { ...pick(next), ...extra }, ip: opts.ip });
  try {
    switch (change) {
      case "unchanged":
        return { ok: true, change, archived: 0 };
      case "create":
        await bindCommune(db, unit, next, { actorId, nowIso: opts.nowIso, append: [audit("commune_binding.create")] });
        return { ok: true, change, archived: 0 };
      case "update": {
        const b = binding!;
        const statements: Batch = [
          db
            .update(communeBindings)
            .set({ key: next.key, targetLevel: next.targetLevel, targetYear: next.targetYear, evalYear: next.evalYear, version: b.version + 1, updatedAt: opts.nowIso })
            .where(and(eq(communeBindings.unitId, unit.id), eq(communeBindings.version, b.version))),
          guard(db),
          audit("commune_binding.update"),
        ];
        if (b.targetYear !== next.targetYear || b.targetLevel !== next.targetLevel) {
          statements.push(...roadmapStatements(db, areasOf(unit), b.setId, b.targetYear, b.targetLevel, -1));
          statements.push(...roadmapStatements(db, areasOf(unit), b.setId, next.targetYear, next.targetLevel, 1));
        }
        await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
        // The key or the evaluation year chooses other targets: re-evaluate values, caches and counters.
        await recomputeCommune(db, unit, opts.nowIso);
        return { ok: true, change, archived: 0 };
      }
      case "change_set": {
        const b = binding!;
        if (ctx.valuesEntered > 0 && !opts.confirmArchive) {
          return {
            ok: false,
            kind: "invalid",
            errors: {
              confirmArchive: `${unit.name} đã có số liệu ở ${ctx.valuesEntered} chỉ tiêu theo bộ tiêu chí đang gắn. Số liệu không được chuyển sang bộ mới (kể cả bộ nhân bản từ bộ cũ). Đánh dấu “Lưu trữ số liệu cũ” nếu vẫn muốn đổi: số liệu cũ được ghi vào lịch sử rồi xóa khỏi danh mục của xã.`,
            },
          };
        }
        const rollup = await db.select().from(communeRollups).where(eq(communeRollups.unitId, unit.id)).get();
        const evidence = sql`case when ${indicatorValues.evidenceNote} is not null and ${indicatorValues.evidenceLink} is not null
          then ${indicatorValues.evidenceNote} || ' | ' || ${indicatorValues.evidenceLink}
          else coalesce(${indicatorValues.evidenceNote}, ${indicatorValues.evidenceLink}) end`;
        const prepend: Batch = [
          db.delete(communeBindings).where(and(eq(communeBindings.unitId, unit.id), eq(communeBindings.version, b.version))),
          guard(db),
          // INSERT … SELECT in indicator_value_history's column order: id, unit, indicator, old, new, old/new evidence, note, by, at.
          db.insert(indicatorValueHistory).select(
            sql`select null, ${indicatorValues.unitId}, ${indicatorValues.indicatorId}, ${indicatorValues.value}, null, ${evidence}, null, ${ARCHIVE_NOTE}, ${actorId}, ${opts.nowIso}
              from ${indicatorValues} where ${indicatorValues.unitId} = ${unit.id}
              and (${indicatorValues.value} is not null or ${indicatorValues.evidenceNote} is not null or ${indicatorValues.evidenceLink} is not null)`,
          ),
          db.delete(indicatorValues).where(eq(indicatorValues.unitId, unit.id)),
          // Only the rollup that was read (a save in between would make the removal delta wrong): else 409.
          ...(rollup ? [db.delete(communeRollups).where(and(eq(communeRollups.unitId, unit.id), eq(communeRollups.version, rollup.version))), guard(db)] : []),
          ...(rollup ? areaDeltaStatements(db, areasOf(unit), b.setId, removalDelta(stateFromRollup(rollup)), opts.nowIso) : []),
          ...roadmapStatements(db, areasOf(unit), b.setId, b.targetYear, b.targetLevel, -1),
        ];
        const append: Batch = [
          // Versions keep growing across a change of set, so a form from before the change stays stale.
          db.update(communeBindings).set({ version: b.version + 1 }).where(eq(communeBindings.unitId, unit.id)),
          audit("commune_binding.change_set", { archivedValues: ctx.valuesEntered, fromSetId: b.setId }),
        ];
        await bindCommune(db, unit, next, { actorId, nowIso: opts.nowIso, prepend, append });
        return { ok: true, change, archived: ctx.valuesEntered };
      }
    }
  } catch (error) {
    if (isStaleOrDuplicate(error)) return { ok: false, kind: "conflict", current: await getBinding(db, unit.id) };
    throw error;
  }
}

function pick(b: Pick<BindingValues, "setId" | "targetYear" | "evalYear"> & { key: string; targetLevel: string }) {
  return { setId: b.setId, key: b.key, targetLevel: b.targetLevel, targetYear: b.targetYear, evalYear: b.evalYear };
}
