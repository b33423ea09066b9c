// Progress targets per unit (province or district) and year: version-checked edits, audited in the same batch.
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { auditLog, progressTargets, users, type Unit } from "../db/schema";
import { auditIfChangedStatement } from "./audit";
import { ownTargets } from "./progress";
import type { Failure, Outcome } from "../domain/outcome";
import type { TargetsHistoryRow } from "../web/progress-view";

export type TargetsInput = { year: number; shareNtm: number; shareAdvanced: number; shareModel: number; minCriteria: number; version: number };
export type TargetsRow = typeof progressTargets.$inferSelect;

export type SaveTargetsOutcome = Outcome<{ row: TargetsRow }, Failure<"conflict", { current: TargetsRow | null }>>;

const values = (i: TargetsInput) => ({ shareNtm: i.shareNtm, shareAdvanced: i.shareAdvanced, shareModel: i.shareModel, minCriteria: i.minCriteria });

/**
 * Creates (version 0 in the form) or updates (the version read) a unit's targets for a year. A stale version, or a
 * row created meanwhile by someone else, gets 409 with the current row; the audit row is written only when the
 * change was applied (same batch).
 */
export async function saveTargets(db: Db, actorId: number, unit: Unit, input: TargetsInput, ip: string | null): Promise<SaveTargetsOutcome> {
  const before = await ownTargets(db, unit.id, input.year);
  const entityId = `${unit.code}/${input.year}`;
  const audit = auditIfChangedStatement(db, {
    actorId,
    action: input.version === 0 ? "progress_target.create" : "progress_target.update",
    entity: "progress_target",
    entityId,
    before: before ? values({ ...before, year: before.year, version: before.version }) : null,
    after: values(input),
    ip,
  });
  const write =
    input.version === 0
      ? db.insert(progressTargets).values({ unitId: unit.id, year: input.year, ...values(input), version: 1 }).onConflictDoNothing()
      : db
          .update(progressTargets)
          .set({ ...values(input), version: sql`${progressTargets.version} + 1` })
          .where(and(eq(progressTargets.unitId, unit.id), eq(progressTargets.year, input.year), eq(progressTargets.version, input.version)));
  const [result] = (await db.batch([write, audit])) as [{ meta: { changes: number } }, unknown];
  const current = await ownTargets(db, unit.id, input.year);
  if (result.meta.changes === 0) return { ok: false, kind: "conflict", current };
  return { ok: true, row: current! };
}

/** The audited changes of a unit's targets for a year, newest first. */
export async function targetsHistory(db: Db, unit: Unit, year: number): Promise<TargetsHistoryRow[]> {
  return db
    .select({ at: auditLog.at, actorName: users.displayName, action: auditLog.action, before: auditLog.before, after: auditLog.after })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.entity, "progress_target"), eq(auditLog.entityId, `${unit.code}/${year}`)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(50)
    .all();
}
