// Progress targets, the roadmap counts and monthly snapshots.
import { sqliteTable, text, integer, index, primaryKey } from "drizzle-orm/sqlite-core";

// ---- Progress targets, roadmap, monthly snapshots ----

/** Targets leaders measure progress against, per province (or district) and year. */
export const progressTargets = sqliteTable(
  "progress_targets",
  {
    unitId: integer("unit_id").notNull(),
    year: integer("year").notNull(),
    /** Shares in percent of communes: e.g. 80 (NTM), 40 (advanced), 10 (model); none under `minCriteria` criteria. */
    shareNtm: integer("share_ntm").notNull(),
    shareAdvanced: integer("share_advanced").notNull(),
    shareModel: integer("share_model").notNull(),
    minCriteria: integer("min_criteria").notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.year] })],
);

/** Per area, set, target year and target level: communes planned (from bindings) — the roadmap (lộ trình). */
export const areaRoadmapCounts = sqliteTable(
  "area_roadmap_counts",
  {
    unitId: integer("unit_id").notNull(),
    setId: integer("set_id").notNull(),
    targetYear: integer("target_year").notNull(),
    targetLevel: text("target_level").notNull(),
    planned: integer("planned").notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.setId, t.targetYear, t.targetLevel] })],
);

/** Monthly copy of an area's rollups (taken on the 1st and on demand) for the 12-month trend. */
export const rollupSnapshots = sqliteTable(
  "rollup_snapshots",
  {
    unitId: integer("unit_id").notNull(),
    setId: integer("set_id").notNull(),
    month: text("month").notNull(),
    communes: integer("communes").notNull(),
    criteriaMetSum: integer("criteria_met_sum").notNull(),
    levelCounts: text("level_counts", { mode: "json" }).$type<Record<string, number>>().notNull(),
    criterionCounts: text("criterion_counts", { mode: "json" }).$type<Record<string, number>>().notNull(),
    takenAt: text("taken_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.setId, t.month] })],
);

/** Monthly copy of each commune's figures (most-improved communes of the quarter). */
export const communeSnapshots = sqliteTable(
  "commune_snapshots",
  {
    unitId: integer("unit_id").notNull(),
    month: text("month").notNull(),
    provinceId: integer("province_id").notNull(),
    districtId: integer("district_id"),
    criteriaMetBase: integer("criteria_met_base").notNull(),
    levelReached: text("level_reached"),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.month] }), index("commune_snapshots_province_month").on(t.provinceId, t.month)],
);
