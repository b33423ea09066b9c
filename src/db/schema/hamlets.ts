// Issue 21 "xã nắm tới hộ": households followed by the commune (strictest privacy), their retention setting,
// and which indicators count them (data: the province says which field feeds which indicator).
import { sqliteTable, text, integer, index, uniqueIndex, primaryKey } from "drizzle-orm/sqlite-core";
import { now } from "./now";

export const POVERTY_STATUSES = ["poor", "near_poor", "none"] as const;
export const HOUSING_KINDS = ["solid", "semi_solid", "temporary"] as const;
/** Follow-up fields that can feed an indicator counting households (share of households with …). */
export const HOUSEHOLD_FIELDS = ["clean_water", "sanitation", "solid_housing", "not_poor"] as const;
export type HouseholdField = (typeof HOUSEHOLD_FIELDS)[number];

/**
 * One household of a hamlet, as the commune follows it: head of household, address and the commune's follow-up
 * (poverty status, housing, clean water, sanitation; null = not yet known). Personal data (Law 91/2025/QH15):
 * read only by the commune's own staff and the admin, every list read audited, deleted on request.
 */
export const households = sqliteTable(
  "households",
  {
    id: integer("id").primaryKey(),
    hamletId: integer("hamlet_id").notNull(),
    communeId: integer("commune_id").notNull(),
    provinceId: integer("province_id").notNull(),
    headName: text("head_name").notNull(),
    headFolded: text("head_folded").notNull(),
    address: text("address").notNull(),
    poverty: text("poverty", { enum: POVERTY_STATUSES }),
    housing: text("housing", { enum: HOUSING_KINDS }),
    cleanWater: integer("clean_water", { mode: "boolean" }),
    sanitation: integer("sanitation", { mode: "boolean" }),
    note: text("note"),
    createdBy: integer("created_by").notNull(),
    createdAt: text("created_at").notNull().default(now),
    updatedBy: integer("updated_by").notNull(),
    updatedAt: text("updated_at").notNull().default(now),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("households_hamlet").on(t.hamletId, t.headFolded), index("households_commune_updated").on(t.communeId, t.updatedAt)],
);

/** The commune's retention setting: rows not updated for this many months are deleted by the daily job (null = kept until deleted). */
export const householdRetention = sqliteTable("household_retention", {
  communeId: integer("commune_id").primaryKey(),
  months: integer("months"),
  updatedBy: integer("updated_by").notNull(),
  updatedAt: text("updated_at").notNull().default(now),
});

/**
 * Which household field feeds which indicator of a criteria set (e.g. clean water → "Tỷ lệ hộ được sử dụng nước
 * sạch"), as a share of the households listed. Data the admin loads, with its source and verified flag.
 */
export const householdIndicatorLinks = sqliteTable(
  "household_indicator_links",
  {
    id: integer("id").primaryKey(),
    /** The province whose admin says so (national sets are shared: each province links them its own way). */
    provinceId: integer("province_id").notNull(),
    setId: integer("set_id").notNull(),
    indicatorCode: text("indicator_code").notNull(),
    field: text("field", { enum: HOUSEHOLD_FIELDS }).notNull(),
    source: text("source").notNull().default(""),
    verified: integer("verified", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [uniqueIndex("household_indicator_links_province_set_code").on(t.provinceId, t.setId, t.indicatorCode)],
);

export type Household = typeof households.$inferSelect;

// ---- Hamlet recognitions: model residential areas, hamlets meeting the standard (the province's own sets) ----

/**
 * A hamlet-level criteria set (khu dân cư kiểu mẫu, ấp NTM kiểu mẫu, ấp đạt chuẩn NTM in especially difficult
 * communes): the province's own decision, loaded by its admin with source and verified flag; nothing invented.
 * `decidedBy` says who recognises a hamlet under it: the commune's People's Committee or the province.
 */
export const hamletCriteriaSets = sqliteTable(
  "hamlet_criteria_sets",
  {
    id: integer("id").primaryKey(),
    provinceId: integer("province_id").notNull(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    /** The title a recognised hamlet holds, e.g. "Khu dân cư kiểu mẫu". */
    title: text("title").notNull(),
    decidedBy: text("decided_by", { enum: ["commune", "province"] }).notNull(),
    source: text("source").notNull().default(""),
    verified: integer("verified", { mode: "boolean" }).notNull().default(false),
    createdBy: integer("created_by").notNull(),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("hamlet_criteria_sets_province_code").on(t.provinceId, t.code)],
);

export const hamletCriteria = sqliteTable(
  "hamlet_criteria",
  {
    id: integer("id").primaryKey(),
    setId: integer("set_id").notNull(),
    number: integer("number").notNull(),
    name: text("name").notNull(),
    source: text("source").notNull().default(""),
    verified: integer("verified", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [uniqueIndex("hamlet_criteria_set_number").on(t.setId, t.number)],
);

/** The hamlet checklist the commune's staff keep: one row per hamlet and criterion. */
export const hamletChecks = sqliteTable(
  "hamlet_checks",
  {
    hamletId: integer("hamlet_id").notNull(),
    criterionId: integer("criterion_id").notNull(),
    setId: integer("set_id").notNull(),
    met: integer("met", { mode: "boolean" }).notNull(),
    note: text("note"),
    updatedBy: integer("updated_by").notNull(),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.hamletId, t.criterionId] }), index("hamlet_checks_set").on(t.hamletId, t.setId)],
);

export const hamletRecognitions = sqliteTable(
  "hamlet_recognitions",
  {
    id: integer("id").primaryKey(),
    hamletId: integer("hamlet_id").notNull(),
    communeId: integer("commune_id").notNull(),
    provinceId: integer("province_id").notNull(),
    setId: integer("set_id").notNull(),
    decidedBy: text("decided_by", { enum: ["commune", "province"] }).notNull(),
    decisionNumber: text("decision_number").notNull(),
    decisionDate: text("decision_date").notNull(),
    signer: text("signer").notNull(),
    recordedBy: integer("recorded_by").notNull(),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("hamlet_recognitions_hamlet_set").on(t.hamletId, t.setId), index("hamlet_recognitions_commune").on(t.communeId), index("hamlet_recognitions_province").on(t.provinceId, t.setId)],
);

export type HamletCriteriaSet = typeof hamletCriteriaSets.$inferSelect;
