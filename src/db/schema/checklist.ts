// A commune's checklist: bindings, values with history, rollups and the write guard.
import { sql } from "drizzle-orm";
import { sqliteTable, text, integer, index, uniqueIndex, primaryKey, check } from "drizzle-orm/sqlite-core";
import { now } from "./now";

// ---- A commune's checklist: binding, values with history, rollups ----

/** Each commune-level unit is bound to a set, its target key (region or group), target level and year. */
export const communeBindings = sqliteTable(
  "commune_bindings",
  {
    unitId: integer("unit_id").primaryKey(),
    setId: integer("set_id").notNull(),
    key: text("key").notNull(),
    targetLevel: text("target_level").notNull(),
    targetYear: integer("target_year").notNull(),
    /** The year whose targets apply now (evaluation year). */
    evalYear: integer("eval_year").notNull(),
    version: integer("version").notNull().default(1),
    updatedAt: text("updated_at").notNull().default(now),
  },
  // A target edit recomputes the communes bound to its set with its key.
  (t) => [index("commune_bindings_set_key").on(t.setId, t.key)],
);

export const indicatorValues = sqliteTable(
  "indicator_values",
  {
    id: integer("id").primaryKey(),
    unitId: integer("unit_id").notNull(),
    indicatorId: integer("indicator_id").notNull(),
    criterionId: integer("criterion_id").notNull(),
    value: text("value"),
    evidenceNote: text("evidence_note"),
    evidenceLink: text("evidence_link"),
    /** Cached evaluation: JSON {"NTM":true,"NTM_NC":false} for the levels where the indicator applies. */
    met: text("met", { mode: "json" }).$type<Partial<Record<string, boolean>>>().notNull(),
    updatedBy: integer("updated_by"),
    updatedAt: text("updated_at").notNull().default(now),
    version: integer("version").notNull().default(1),
  },
  (t) => [uniqueIndex("indicator_values_unit_indicator").on(t.unitId, t.indicatorId), index("indicator_values_unit_criterion").on(t.unitId, t.criterionId)],
);

export const indicatorValueHistory = sqliteTable(
  "indicator_value_history",
  {
    id: integer("id").primaryKey(),
    unitId: integer("unit_id").notNull(),
    indicatorId: integer("indicator_id").notNull(),
    oldValue: text("old_value"),
    newValue: text("new_value"),
    oldEvidence: text("old_evidence"),
    newEvidence: text("new_evidence"),
    note: text("note"),
    changedBy: integer("changed_by"),
    changedAt: text("changed_at").notNull(),
  },
  (t) => [index("indicator_value_history_unit_indicator").on(t.unitId, t.indicatorId, t.changedAt)],
);

/** Per commune: criteria met at each level, level reached. Updated in the same batch as a value write. */
export const communeRollups = sqliteTable(
  "commune_rollups",
  {
    unitId: integer("unit_id").primaryKey(),
    setId: integer("set_id").notNull(),
    provinceId: integer("province_id").notNull(),
    districtId: integer("district_id"),
    /** JSON {"NTM": 17, "NTM_NC": 9} */
    criteriaMet: text("criteria_met", { mode: "json" }).$type<Partial<Record<string, number>>>().notNull(),
    criteriaTotal: text("criteria_total", { mode: "json" }).$type<Partial<Record<string, number>>>().notNull(),
    /** JSON {criterionId: {"NTM": true, "NTM_NC": false}}: which levels each criterion meets. */
    criteria: text("criteria", { mode: "json" }).$type<Record<string, Partial<Record<string, boolean>>>>().notNull(),
    /** Criteria met at the set's first level (NTM): the leaders' "x/19". */
    criteriaMetBase: integer("criteria_met_base").notNull(),
    levelReached: text("level_reached"),
    levelRank: integer("level_rank").notNull(),
    /** A recognised level (recognition workflow) may differ from the evaluated one. */
    recognisedLevel: text("recognised_level"),
    /** Bumped by every write of the evaluated figures: saves check it in their batch (concurrent saves cannot drift). */
    version: integer("version").notNull().default(0),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("commune_rollups_district").on(t.districtId), index("commune_rollups_province").on(t.provinceId)],
);

/**
 * Per area with communes directly under it (a district, a two-tier province): every such commune's unit fields and
 * rollup figures packed in one JSON object, so a progress page reads one row instead of two per commune
 * (services/commune-figures.ts). `figures` maps the commune id to [code, name, kind, setId, criteriaMetBase,
 * criteriaMet, levelReached, levelRank, recognisedLevel] (the rollup fields null when the commune has none); each
 * write of a commune rollup refreshes its entry from the rows themselves (json_patch) in the same db.batch.
 */
export const communeFiguresPacked = sqliteTable(
  "commune_figures_packed",
  {
    unitId: integer("unit_id").primaryKey(),
    provinceId: integer("province_id").notNull(),
    figures: text("figures").notNull(),
  },
  (t) => [index("commune_figures_packed_province").on(t.provinceId)],
);

/** Per district or province and set: communes counted, sum of base criteria met (for the average). */
export const areaRollups = sqliteTable(
  "area_rollups",
  {
    unitId: integer("unit_id").notNull(),
    setId: integer("set_id").notNull(),
    communes: integer("communes").notNull(),
    criteriaMetSum: integer("criteria_met_sum").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.setId] })],
);

/** Per area, set and level: communes that reached it (level_reached = this level exactly, "" = none). */
export const areaLevelCounts = sqliteTable(
  "area_level_counts",
  {
    unitId: integer("unit_id").notNull(),
    setId: integer("set_id").notNull(),
    level: text("level").notNull(),
    communes: integer("communes").notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.setId, t.level] })],
);

/** Per area, set, criterion and level: communes meeting the criterion (leaders' pass rate per criterion). */
export const areaCriterionCounts = sqliteTable(
  "area_criterion_counts",
  {
    unitId: integer("unit_id").notNull(),
    setId: integer("set_id").notNull(),
    criterionId: integer("criterion_id").notNull(),
    level: text("level").notNull(),
    communes: integer("communes").notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.setId, t.criterionId, t.level] })],
);

/**
 * One row whose CHECK fails when the statement before it in a batch changed nothing: a stale
 * optimistic-concurrency write aborts its whole batch (D1 batches are transactions).
 */
export const writeGuards = sqliteTable(
  "write_guards",
  {
    id: integer("id").primaryKey(),
    ok: integer("ok").notNull(),
  },
  (t) => [check("write_guards_ok", sql`${t.ok} = 1`)],
);

export type IndicatorValue = typeof indicatorValues.$inferSelect;
export type CommuneRollup = typeof communeRollups.$inferSelect;
