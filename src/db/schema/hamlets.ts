// Issue 21 "xã nắm tới hộ": households followed by the commune (strictest privacy), their retention setting,
// and which indicators count them (data: the province says which field feeds which indicator).
import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
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
    setId: integer("set_id").notNull(),
    indicatorCode: text("indicator_code").notNull(),
    field: text("field", { enum: HOUSEHOLD_FIELDS }).notNull(),
    source: text("source").notNull().default(""),
    verified: integer("verified", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [uniqueIndex("household_indicator_links_set_code").on(t.setId, t.indicatorCode)],
);

export type Household = typeof households.$inferSelect;
