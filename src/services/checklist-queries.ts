// The checklist's and a save's reads, built once per isolate (src/db/prepared.ts): a checklist request and a save
// build no select, only bind. Used by services/checklist.ts and services/checklist-page.ts.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { inBatch, preparedOnce } from "../db/prepared";
import { communeBindings, communeRollups, criteria, criteriaLevels, criteriaSets, indicatorTargets, indicatorValues, indicators, users } from "../db/schema";

/** A value with its author's name, as the checklist and a 409 show it. */
export const valueColumns = {
  value: indicatorValues.value,
  evidenceNote: indicatorValues.evidenceNote,
  evidenceLink: indicatorValues.evidenceLink,
  updatedAt: indicatorValues.updatedAt,
  updatedByName: users.displayName,
  version: indicatorValues.version,
};

/** The checklist's four reads, built once per isolate (src/db/prepared.ts); `unitId` is bound per request. */
export const checklistQueries = preparedOnce((db) => {
  const unitId = sql.placeholder("unitId");
  return {
    binding: db.select().from(communeBindings).where(eq(communeBindings.unitId, unitId)).prepare(),
    set: db.select().from(criteriaSets).where(inArray(criteriaSets.id, db.select({ id: communeBindings.setId }).from(communeBindings).where(eq(communeBindings.unitId, unitId)))).prepare(),
    values: db.select({ indicatorId: indicatorValues.indicatorId, ...valueColumns }).from(indicatorValues).leftJoin(users, eq(users.id, indicatorValues.updatedBy)).where(eq(indicatorValues.unitId, unitId)).prepare(),
    rollup: db.select().from(communeRollups).where(eq(communeRollups.unitId, unitId)).prepare(),
  };
});

/** The checklist's four reads as items of one db.batch (binding, set, values, rollup; see checklistFrom). */
export const checklistReads = (db: Db, unitId: number) => {
  const [q, id] = [checklistQueries(db), { unitId }];
  return [inBatch(q.binding, id), inBatch(q.set, id), inBatch(q.values, id), inBatch(q.rollup, id)] as const;
};

/** A save's reads besides the checklist's binding and rollup, built once per isolate (src/db/prepared.ts): a save builds only its writes. */
export const saveQueries = preparedOnce((db) => {
  const unitId = sql.placeholder("unitId");
  const indicatorId = sql.placeholder("indicatorId");
  return {
    indicator: db.select().from(indicators).where(eq(indicators.id, indicatorId)).limit(1).prepare(),
    // "all" and the commune's key (the same twice when its key is "all": an IN list holds it once).
    targets: db.select().from(indicatorTargets).where(and(eq(indicatorTargets.indicatorId, indicatorId), inArray(indicatorTargets.key, ["all", sql.placeholder("key")]))).prepare(),
    levels: db.select({ code: criteriaLevels.code, rank: criteriaLevels.rank }).from(criteriaLevels).where(eq(criteriaLevels.setId, sql.placeholder("setId"))).prepare(),
    criterion: db.select().from(criteria).where(eq(criteria.id, sql.placeholder("criterionId"))).limit(1).prepare(),
    current: db.select().from(indicatorValues).where(and(eq(indicatorValues.unitId, unitId), eq(indicatorValues.indicatorId, indicatorId))).prepare(),
    siblings: db
      .select({ indicatorId: indicatorValues.indicatorId, met: indicatorValues.met })
      .from(indicatorValues)
      .where(and(eq(indicatorValues.unitId, unitId), eq(indicatorValues.criterionId, sql.placeholder("criterionId"))))
      .prepare(),
  };
});
