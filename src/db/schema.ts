// The one Drizzle schema. drizzle-kit generates migrations/ from it; wrangler applies them.
import { sql } from "drizzle-orm";
import { sqliteTable, text, integer, index, uniqueIndex, primaryKey, check } from "drizzle-orm/sqlite-core";

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

export const ROLES = ["admin", "leader", "cadre", "commune_staff", "department"] as const;
export type Role = (typeof ROLES)[number];

// Primary keys are plain INTEGER PRIMARY KEY (rowid), not AUTOINCREMENT: AUTOINCREMENT makes every insert
// scan sqlite_sequence, which D1 bills as rows read.
const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

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

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey(),
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    passwordSalt: text("password_salt").notNull(),
    passwordIterations: integer("password_iterations").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    /** The unit the user works in; its subtree is the user's scope. */
    unitId: integer("unit_id").notNull(),
    departmentId: integer("department_id"),
    disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
    /** Demo accounts refuse to log in when ENVIRONMENT=production. */
    isDemo: integer("is_demo", { mode: "boolean" }).notNull().default(false),
    version: integer("version").notNull().default(1),
    createdAt: text("created_at").notNull().default(now),
    passwordChangedAt: text("password_changed_at").notNull().default(now),
  },
  (t) => [uniqueIndex("users_username").on(t.username), index("users_unit").on(t.unitId)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    /** SHA-256 (hex) of the cookie token: a leaked table does not give live sessions away. */
    id: text("id").primaryKey(),
    userId: integer("user_id").notNull(),
    csrfToken: text("csrf_token").notNull(),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user").on(t.userId), index("sessions_expires").on(t.expiresAt)],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey(),
    at: text("at").notNull().default(now),
    actorId: integer("actor_id"),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id"),
    before: text("before", { mode: "json" }),
    after: text("after", { mode: "json" }),
    ip: text("ip"),
  },
  (t) => [index("audit_entity").on(t.entity, t.entityId), index("audit_actor_at").on(t.actorId, t.at), index("audit_at").on(t.at)],
);

export type Unit = typeof units.$inferSelect;
export type NewUnit = typeof units.$inferInsert;
export type User = typeof users.$inferSelect;
export type Department = typeof departments.$inferSelect;

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

// ---- A commune's checklist: binding, values with history, rollups ----

/** Each commune-level unit is bound to a set, its target key (region or group), target level and year. */
export const communeBindings = sqliteTable("commune_bindings", {
  unitId: integer("unit_id").primaryKey(),
  setId: integer("set_id").notNull(),
  key: text("key").notNull(),
  targetLevel: text("target_level").notNull(),
  targetYear: integer("target_year").notNull(),
  /** The year whose targets apply now (evaluation year). */
  evalYear: integer("eval_year").notNull(),
  version: integer("version").notNull().default(1),
  updatedAt: text("updated_at").notNull().default(now),
});

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
    /** A recognised level (issue: recognition workflow) may differ from the evaluated one. */
    recognisedLevel: text("recognised_level"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("commune_rollups_district").on(t.districtId), index("commune_rollups_province").on(t.provinceId)],
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

export type CriteriaSet = typeof criteriaSets.$inferSelect;
export type Indicator = typeof indicators.$inferSelect;
export type IndicatorTarget = typeof indicatorTargets.$inferSelect;
export type IndicatorValue = typeof indicatorValues.$inferSelect;
export type CommuneRollup = typeof communeRollups.$inferSelect;
