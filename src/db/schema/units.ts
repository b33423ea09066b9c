// Administrative units, departments, province settings and holidays.
import { sqliteTable, text, integer, index, uniqueIndex, primaryKey } from "drizzle-orm/sqlite-core";

export const UNIT_LEVELS = ["province", "district", "commune", "hamlet"] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

export const UNIT_KINDS = [
  "tinh", "thanh_pho_tw",
  "huyen", "quan", "thi_xa", "thanh_pho",
  "xa", "phuong", "thi_tran", "dac_khu",
  "ap", "thon", "khu_pho",
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const NTM_REGIONS = ["TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL"] as const;
export type NtmRegion = (typeof NTM_REGIONS)[number];

/**
 * Administrative units as one tree. Ancestor ids are copied onto each row (province_id, district_id,
 * commune_id) so scope checks and "all communes of X" are single indexed lookups.
 */
export const units = sqliteTable(
  "units",
  {
    id: integer("id").primaryKey(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    nameFolded: text("name_folded").notNull(),
    kind: text("kind", { enum: UNIT_KINDS }).notNull(),
    level: text("level", { enum: UNIT_LEVELS }).notNull(),
    parentId: integer("parent_id"),
    provinceId: integer("province_id"),
    districtId: integer("district_id"),
    communeId: integer("commune_id"),
    /** Province only: 3 (province → district → commune) or 2 (province → commune). */
    tiers: integer("tiers"),
    /** Province only: NTM region (7), a per-province setting. Communes may override (especially disadvantaged). */
    region: text("region", { enum: NTM_REGIONS }),
    gsoRegion: text("gso_region"),
    /** Commune only: 2026–2030 commune group 1/2/3. */
    communeGroup: integer("commune_group"),
    households: integer("households"),
    population: integer("population"),
    validFrom: text("valid_from").notNull(),
    validTo: text("valid_to"),
  },
  (t) => [
    uniqueIndex("units_level_code_valid_from").on(t.level, t.code, t.validFrom),
    index("units_code").on(t.code),
    index("units_parent").on(t.parentId, t.nameFolded),
    index("units_province_level").on(t.provinceId, t.level),
    index("units_district_level").on(t.districtId, t.level),
  ],
);

/** Word-start search terms of each unit's folded name: "huyen cho lach", "cho lach", "lach". Prefix range on the PK. */
export const unitSearchTerms = sqliteTable(
  "unit_search_terms",
  {
    term: text("term").notNull(),
    unitId: integer("unit_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.term, t.unitId] }), index("unit_search_terms_unit").on(t.unitId)],
);

export const departments = sqliteTable(
  "departments",
  {
    id: integer("id").primaryKey(),
    provinceId: integer("province_id").notNull(),
    code: text("code").notNull(),
    name: text("name").notNull(),
  },
  (t) => [uniqueIndex("departments_province_code").on(t.provinceId, t.code)],
);
export type Unit = typeof units.$inferSelect;
export type NewUnit = typeof units.$inferInsert;
export type Department = typeof departments.$inferSelect;

// ---- Province settings ----

export const provinceSettings = sqliteTable("province_settings", {
  unitId: integer("unit_id").primaryKey(),
  /** Recognition chain: "district_review" (commune → district review → provincial appraisal → decision) or "direct" (2-tier). */
  recognitionChain: text("recognition_chain", { enum: ["district_review", "direct"] }).notNull(),
  /** Days without a visit before a cadre shows in the coverage report. */
  visitGapDays: integer("visit_gap_days").notNull().default(60),
  /**
   * Revocation rule for 2026–2030 recognitions (18/2022/QĐ-TTg covers 2021–2025 only; no national text found):
   * null = none configured; "qd18_2022" = the province applies the 18/2022 thresholds by analogy. Unverified
   * until `revocationRuleSource` names a text.
   */
  revocationRule2026: text("revocation_rule_2026", { enum: ["qd18_2022"] }),
  revocationRuleSource: text("revocation_rule_source"),
  version: integer("version").notNull().default(1),
});

/** National public holidays: shared by every province, read-only to province admins. */
export const holidays = sqliteTable("holidays", {
  date: text("date").primaryKey(),
  name: text("name").notNull(),
});

/** A province's own days off (added by its admin); deadlines use national + own province's days. */
export const provinceHolidays = sqliteTable(
  "province_holidays",
  {
    provinceId: integer("province_id").notNull(),
    date: text("date").notNull(),
    name: text("name").notNull(),
  },
  (t) => [primaryKey({ columns: [t.provinceId, t.date] })],
);
