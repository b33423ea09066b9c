// The area progress page's reads, built once per isolate (src/db/prepared.ts): the page builds no select for them,
// only binds. Used by services/progress.ts.
import { and, desc, eq, gte, lte, sql } from "drizzle-orm";
import { preparedOnce } from "../db/prepared";
import { areaRoadmapCounts, areaRollups, progressTargets, rollupSnapshots } from "../db/schema";

export const progressQueries = preparedOnce((db) => {
  const unitId = sql.placeholder("unitId");
  const setId = sql.placeholder("setId");
  return {
    areaSets: db.select({ id: areaRollups.setId, communes: areaRollups.communes, criteriaMetSum: areaRollups.criteriaMetSum }).from(areaRollups).where(eq(areaRollups.unitId, unitId)).prepare(),
    targets: db
      .select({ unitId: progressTargets.unitId, shareNtm: progressTargets.shareNtm, shareAdvanced: progressTargets.shareAdvanced, shareModel: progressTargets.shareModel, minCriteria: progressTargets.minCriteria, version: progressTargets.version })
      .from(progressTargets)
      .where(and(eq(progressTargets.unitId, unitId), eq(progressTargets.year, sql.placeholder("year"))))
      .prepare(),
    roadmap: db
      .select({ targetYear: areaRoadmapCounts.targetYear, targetLevel: areaRoadmapCounts.targetLevel, planned: areaRoadmapCounts.planned })
      .from(areaRoadmapCounts)
      .where(and(eq(areaRoadmapCounts.unitId, unitId), eq(areaRoadmapCounts.setId, setId)))
      .prepare(),
    snapshots: db
      .select()
      .from(rollupSnapshots)
      .where(and(eq(rollupSnapshots.unitId, unitId), eq(rollupSnapshots.setId, setId), gte(rollupSnapshots.month, sql.placeholder("from")), lte(rollupSnapshots.month, sql.placeholder("to"))))
      .orderBy(desc(rollupSnapshots.month))
      .limit(12)
      .prepare(),
  };
});
