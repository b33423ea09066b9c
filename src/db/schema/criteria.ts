// Criteria sets: set → levels → criteria → indicators → targets.
import { sqliteTable, text, integer, index, primaryKey, uniqueIndex } from "drizzle-orm/sqlite-core";
import { now } from "./now";

// ---- Criteria sets (data, not code): set → levels → criteria → indicators → targets ----

export const criteriaSets = sqliteTable(
  "criteria_sets",
  {
    id: integer("id").primaryKey(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    decision: text("decision").notNull(),
    periodFrom: integer("period_from").notNull(),
    periodTo: integer("period_to").notNull(),
    /** JSON list of unit kinds the set applies to, e.g. ["xa"]. */
    appliesTo: text("applies_to", { mode: "json" }).$type<string[]>().notNull(),
    targetKey: text("target_key", { enum: ["region", "group"] }).notNull(),
    status: text("status", { enum: ["draft", "active", "retired"] }).notNull(),
    source: text("source"),
    /** Null for a national set; a province's own set (often a clone) carries its province. */
    provinceId: integer("province_id"),
    clonedFromId: integer("cloned_from_id"),
    version: integer("version").notNull().default(1),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("criteria_sets_code").on(t.code)],
);

export const criteriaLevels = sqliteTable(
  "criteria_levels",
  {
    id: integer("id").primaryKey(),
    setId: integer("set_id").notNull(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    rank: integer("rank").notNull(),
    rule: text("rule").notNull(),
    /** The level whose criteria this one is also reviewed against (model → advanced, 319/QĐ-TTg); null = its own only. */
    basis: text("basis"),
    /** A pilot framework (thí điểm), e.g. "NTM hiện đại" of 51/2025/QĐ-TTg Phụ lục II. */
    pilot: integer("pilot", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [uniqueIndex("criteria_levels_set_code").on(t.setId, t.code)],
);

export const criteria = sqliteTable(
  "criteria",
  {
    id: integer("id").primaryKey(),
    setId: integer("set_id").notNull(),
    number: integer("number").notNull(),
    name: text("name").notNull(),
    groupCode: text("group_code").notNull(),
    groupName: text("group_name").notNull(),
    revocationKey: integer("revocation_key", { mode: "boolean" }).notNull(),
  },
  (t) => [uniqueIndex("criteria_set_number").on(t.setId, t.number)],
);

export const indicators = sqliteTable(
  "indicators",
  {
    id: integer("id").primaryKey(),
    setId: integer("set_id").notNull(),
    criterionId: integer("criterion_id").notNull(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["boolean", "number", "percent", "choice", "document"] }).notNull(),
    comparator: text("comparator", { enum: ["gte", "lte", "eq", "in"] }).notNull(),
    unit: text("unit"),
    level: text("level").notNull(),
    evidenceRequired: integer("evidence_required", { mode: "boolean" }).notNull(),
    guidance: text("guidance"),
    choices: text("choices", { mode: "json" }).$type<string[]>(),
    sort: integer("sort").notNull(),
  },
  (t) => [uniqueIndex("indicators_set_code").on(t.setId, t.code), index("indicators_criterion").on(t.criterionId)],
);

export const indicatorTargets = sqliteTable(
  "indicator_targets",
  {
    id: integer("id").primaryKey(),
    setId: integer("set_id").notNull(),
    indicatorId: integer("indicator_id").notNull(),
    level: text("level").notNull(),
    key: text("key").notNull(),
    yearFrom: integer("year_from").notNull(),
    yearTo: integer("year_to").notNull(),
    /** JSON: number, boolean, string or list of strings. */
    value: text("value", { mode: "json" }).$type<number | boolean | string | string[]>().notNull(),
    source: text("source").notNull(),
    verified: integer("verified", { mode: "boolean" }).notNull(),
    sort: integer("sort").notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("indicator_targets_set_key").on(t.setId, t.key), index("indicator_targets_indicator_key").on(t.indicatorId, t.key)],
);

/**
 * A set version's whole definition (levels, criteria, indicators, every target) as one JSON row. A set version is
 * immutable (a target edit or a status change makes a new version), so a cold isolate reads this one row instead
 * of every level, criterion, indicator and target. Written on the first read of a version (older versions' rows of
 * the set are deleted then); always derivable from the tables above.
 */
export const criteriaSetCompiled = sqliteTable(
  "criteria_set_compiled",
  {
    setId: integer("set_id").notNull(),
    version: integer("version").notNull(),
    body: text("body").notNull(),
    compiledAt: text("compiled_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.setId, t.version] })],
);

export type CriteriaSet = typeof criteriaSets.$inferSelect;
export type Indicator = typeof indicators.$inferSelect;
export type IndicatorTarget = typeof indicatorTargets.$inferSelect;
