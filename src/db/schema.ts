// The one Drizzle schema. drizzle-kit generates migrations/ from it; wrangler applies them.
import { sql } from "drizzle-orm";
import { sqliteTable, text, integer, real, index, uniqueIndex, primaryKey, check } from "drizzle-orm/sqlite-core";

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
    /** Last request seen on this session (idle timeout); null on rows written before it existed = createdAt. */
    lastSeenAt: text("last_seen_at"),
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
    /** The actor's province (filled by the audit helper): each province's admins read only their own rows. */
    provinceId: integer("province_id"),
  },
  (t) => [
    index("audit_entity").on(t.entity, t.entityId),
    index("audit_actor_at").on(t.actorId, t.at),
    index("audit_at").on(t.at),
    index("audit_province_at").on(t.provinceId, t.at),
  ],
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
    /** A recognised level (issue: recognition workflow) may differ from the evaluated one. */
    recognisedLevel: text("recognised_level"),
    /** Bumped by every write of the evaluated figures: saves check it in their batch (concurrent saves cannot drift). */
    version: integer("version").notNull().default(0),
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

// ---- Issue 4: support assignments ("nắm"), field visits, feedback loop ----

export const assignments = sqliteTable(
  "assignments",
  {
    id: integer("id").primaryKey(),
    cadreId: integer("cadre_id").notNull(),
    unitId: integer("unit_id").notNull(),
    /** Copied from the unit, for scope queries. */
    provinceId: integer("province_id").notNull(),
    role: text("role").notNull(),
    planRef: text("plan_ref"),
    periodFrom: text("period_from").notNull(),
    /** Null while active; an ended assignment keeps its row (history). */
    periodTo: text("period_to"),
    createdBy: integer("created_by"),
    createdAt: text("created_at").notNull().default(now),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("assignments_cadre").on(t.cadreId, t.periodTo), index("assignments_unit").on(t.unitId, t.periodTo), index("assignments_province").on(t.provinceId, t.periodTo)],
);

export const visits = sqliteTable(
  "visits",
  {
    id: integer("id").primaryKey(),
    /** The commune or hamlet visited. */
    unitId: integer("unit_id").notNull(),
    communeId: integer("commune_id").notNull(),
    provinceId: integer("province_id").notNull(),
    visitDate: text("visit_date").notNull(),
    participants: text("participants").notNull(),
    metWith: text("met_with"),
    summary: text("summary").notNull(),
    createdBy: integer("created_by").notNull(),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [index("visits_commune_date").on(t.communeId, t.visitDate), index("visits_author_date").on(t.createdBy, t.visitDate)],
);

export const visitConcerns = sqliteTable(
  "visit_concerns",
  {
    id: integer("id").primaryKey(),
    visitId: integer("visit_id").notNull(),
    content: text("content").notNull(),
    /** Set once the concern became a feedback item. */
    feedbackId: integer("feedback_id"),
  },
  (t) => [index("visit_concerns_visit").on(t.visitId)],
);

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

export const feedbackCategories = sqliteTable(
  "feedback_categories",
  {
    id: integer("id").primaryKey(),
    provinceId: integer("province_id").notNull(),
    name: text("name").notNull(),
    defaultDepartmentId: integer("default_department_id"),
    slaDays: integer("sla_days").notNull().default(10),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
  },
  (t) => [index("feedback_categories_province").on(t.provinceId)],
);

export const FEEDBACK_STATUSES = ["new", "routed", "in_progress", "answered", "closed", "returned"] as const;

export const feedbackItems = sqliteTable(
  "feedback_items",
  {
    id: integer("id").primaryKey(),
    provinceId: integer("province_id").notNull(),
    /** The commune the feedback comes from (hamlet optional). */
    unitId: integer("unit_id").notNull(),
    hamletId: integer("hamlet_id"),
    districtId: integer("district_id"),
    source: text("source", { enum: ["visit", "commune", "cadre"] }).notNull(),
    visitConcernId: integer("visit_concern_id"),
    criterionId: integer("criterion_id"),
    categoryId: integer("category_id").notNull(),
    departmentId: integer("department_id"),
    title: text("title").notNull(),
    content: text("content").notNull(),
    status: text("status", { enum: FEEDBACK_STATUSES }).notNull(),
    receivedAt: text("received_at").notNull(),
    slaDays: integer("sla_days").notNull(),
    dueDate: text("due_date").notNull(),
    answeredAt: text("answered_at"),
    publicAnswer: text("public_answer"),
    internalNote: text("internal_note"),
    rating: integer("rating"),
    ratedAt: text("rated_at"),
    flagged80At: text("flagged_80_at"),
    flagged100At: text("flagged_100_at"),
    createdBy: integer("created_by").notNull(),
    createdAt: text("created_at").notNull().default(now),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("feedback_department_status").on(t.departmentId, t.status, t.dueDate),
    index("feedback_unit_status").on(t.unitId, t.status),
    index("feedback_province_received").on(t.provinceId, t.receivedAt),
    index("feedback_status_due").on(t.status, t.dueDate),
  ],
);

export const feedbackEvents = sqliteTable(
  "feedback_events",
  {
    id: integer("id").primaryKey(),
    feedbackId: integer("feedback_id").notNull(),
    at: text("at").notNull(),
    actorId: integer("actor_id"),
    kind: text("kind").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status"),
    departmentId: integer("department_id"),
    text: text("text"),
  },
  (t) => [index("feedback_events_item").on(t.feedbackId, t.at)],
);

export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id").notNull(),
    createdAt: text("created_at").notNull(),
    kind: text("kind").notNull(),
    text: text("text").notNull(),
    link: text("link"),
    readAt: text("read_at"),
  },
  (t) => [index("notifications_user").on(t.userId, t.readAt, t.createdAt)],
);

/** A month's feedback digest per province, built on the 1st by the scheduled handler. */
export const feedbackDigests = sqliteTable(
  "feedback_digests",
  {
    id: integer("id").primaryKey(),
    provinceId: integer("province_id").notNull(),
    month: text("month").notNull(),
    createdAt: text("created_at").notNull(),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [uniqueIndex("feedback_digests_province_month").on(t.provinceId, t.month)],
);

// ---- Issue 5: sponsors (mạnh thường quân), contributions, receipts, projects ----

export const sponsors = sqliteTable(
  "sponsors",
  {
    id: integer("id").primaryKey(),
    provinceId: integer("province_id").notNull(),
    kind: text("kind", { enum: ["business", "individual", "association", "overseas", "other"] }).notNull(),
    name: text("name").notNull(),
    nameFolded: text("name_folded").notNull(),
    /** Personal data: admin, the communes concerned and the mobilising cadre only. */
    contactPhone: text("contact_phone"),
    contactEmail: text("contact_email"),
    contactAddress: text("contact_address"),
    contactNote: text("contact_note"),
    publicConsent: integer("public_consent", { mode: "boolean" }).notNull().default(false),
    publicName: text("public_name"),
    mobilisedBy: integer("mobilised_by"),
    createdBy: integer("created_by").notNull(),
    createdAt: text("created_at").notNull().default(now),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("sponsors_province_name").on(t.provinceId, t.nameFolded), index("sponsors_mobilised_by").on(t.mobilisedBy)],
);

export const projects = sqliteTable(
  "projects",
  {
    id: integer("id").primaryKey(),
    communeId: integer("commune_id").notNull(),
    provinceId: integer("province_id").notNull(),
    districtId: integer("district_id"),
    hamletId: integer("hamlet_id"),
    criterionId: integer("criterion_id"),
    name: text("name").notNull(),
    status: text("status", { enum: ["planned", "in_progress", "done", "suspended"] }).notNull(),
    progress: integer("progress").notNull().default(0),
    budgetState: integer("budget_state").notNull().default(0),
    budgetCommune: integer("budget_commune").notNull().default(0),
    budgetResidents: integer("budget_residents").notNull().default(0),
    budgetSponsors: integer("budget_sponsors").notNull().default(0),
    budgetOther: integer("budget_other").notNull().default(0),
    startDate: text("start_date"),
    endDate: text("end_date"),
    createdBy: integer("created_by").notNull(),
    createdAt: text("created_at").notNull().default(now),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("projects_commune").on(t.communeId), index("projects_province").on(t.provinceId)],
);

export const contributions = sqliteTable(
  "contributions",
  {
    id: integer("id").primaryKey(),
    sponsorId: integer("sponsor_id").notNull(),
    communeId: integer("commune_id").notNull(),
    provinceId: integer("province_id").notNull(),
    districtId: integer("district_id"),
    hamletId: integer("hamlet_id"),
    projectId: integer("project_id"),
    criterionId: integer("criterion_id"),
    kind: text("kind", { enum: ["money", "in_kind", "labour", "land"] }).notNull(),
    description: text("description"),
    /** In kind: quantity × unit value = amount; valuation basis and who approved it. */
    quantity: integer("quantity"),
    unitValue: integer("unit_value"),
    valuationBasis: text("valuation_basis"),
    valuationApprovedBy: text("valuation_approved_by"),
    /** Pledged value in VND (integer); labour days and land m² are counted separately. */
    amount: integer("amount").notNull().default(0),
    labourDays: integer("labour_days"),
    landM2: integer("land_m2"),
    status: text("status", { enum: ["pledged", "received", "cancelled"] }).notNull(),
    pledgedAt: text("pledged_at").notNull(),
    dueDate: text("due_date"),
    receivedTotal: integer("received_total").notNull().default(0),
    cancelReason: text("cancel_reason"),
    mobilisedBy: integer("mobilised_by"),
    evidenceNote: text("evidence_note"),
    evidenceLink: text("evidence_link"),
    createdBy: integer("created_by").notNull(),
    createdAt: text("created_at").notNull().default(now),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("contributions_commune_status").on(t.communeId, t.status),
    index("contributions_sponsor").on(t.sponsorId),
    index("contributions_project").on(t.projectId),
    index("contributions_mobilised_by").on(t.mobilisedBy),
    index("contributions_province").on(t.provinceId, t.status),
    // District reports and lists: without it they read the whole province's contributions.
    index("contributions_province_district").on(t.provinceId, t.districtId),
  ],
);

/** Gapless receipt numbers: one counter per commune and year, bumped in the same batch as the receipt. */
export const receiptCounters = sqliteTable(
  "receipt_counters",
  {
    communeId: integer("commune_id").notNull(),
    year: integer("year").notNull(),
    lastSeq: integer("last_seq").notNull(),
  },
  (t) => [primaryKey({ columns: [t.communeId, t.year] })],
);

export const receipts = sqliteTable(
  "receipts",
  {
    id: integer("id").primaryKey(),
    contributionId: integer("contribution_id").notNull(),
    communeId: integer("commune_id").notNull(),
    year: integer("year").notNull(),
    seq: integer("seq").notNull(),
    /** e.g. "28879-2026-0001" */
    number: text("number").notNull(),
    amount: integer("amount").notNull(),
    receivedAt: text("received_at").notNull(),
    receivedBy: integer("received_by").notNull(),
    payerName: text("payer_name"),
    note: text("note"),
    createdAt: text("created_at").notNull().default(now),
    /** Random code printed on the receipt: the public lookup needs it with the number (numbers are sequential). */
    checkCode: text("check_code"),
  },
  (t) => [uniqueIndex("receipts_commune_year_seq").on(t.communeId, t.year, t.seq), uniqueIndex("receipts_number").on(t.number), index("receipts_contribution").on(t.contributionId)],
);

/** A commune's NTM fund account for the optional VietQR code on its public page. */
export const fundAccounts = sqliteTable("fund_accounts", {
  communeId: integer("commune_id").primaryKey(),
  bankBin: text("bank_bin").notNull(),
  accountNumber: text("account_number").notNull(),
  accountName: text("account_name").notNull(),
  updatedBy: integer("updated_by"),
  updatedAt: text("updated_at").notNull().default(now),
  version: integer("version").notNull().default(1),
});

// ---- Issue 6: progress targets, roadmap, monthly snapshots ----

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

// ---- Issue 7: recognition dossiers ----

export const DOSSIER_STATUSES = ["draft", "submitted", "under_review", "returned", "reviewed", "under_appraisal", "appraised", "recognised", "rejected", "revoked"] as const;

export const dossiers = sqliteTable(
  "dossiers",
  {
    id: integer("id").primaryKey(),
    communeId: integer("commune_id").notNull(),
    provinceId: integer("province_id").notNull(),
    districtId: integer("district_id"),
    setId: integer("set_id").notNull(),
    level: text("level").notNull(),
    year: integer("year").notNull(),
    chain: text("chain", { enum: ["district_review", "direct"] }).notNull(),
    status: text("status", { enum: DOSSIER_STATUSES }).notNull(),
    satisfactionPct: integer("satisfaction_pct"),
    satisfactionEvidence: text("satisfaction_evidence"),
    noDebtConfirmed: integer("no_debt_confirmed", { mode: "boolean" }).notNull().default(false),
    securityConfirmed: integer("security_confirmed", { mode: "boolean" }).notNull().default(false),
    /** Frozen at submission: indicator values, evidence and criteria results. */
    snapshot: text("snapshot", { mode: "json" }).$type<Record<string, unknown>>(),
    /** The snapshot of the submission before, for the reviewer's diff. */
    previousSnapshot: text("previous_snapshot", { mode: "json" }).$type<Record<string, unknown>>(),
    submittedAt: text("submitted_at"),
    decisionNumber: text("decision_number"),
    decisionDate: text("decision_date"),
    decisionSigner: text("decision_signer"),
    revocationNumber: text("revocation_number"),
    revocationDate: text("revocation_date"),
    createdBy: integer("created_by").notNull(),
    createdAt: text("created_at").notNull().default(now),
    version: integer("version").notNull().default(1),
  },
  (t) => [uniqueIndex("dossiers_commune_level_year").on(t.communeId, t.level, t.year), index("dossiers_province_status").on(t.provinceId, t.status), index("dossiers_district_status").on(t.districtId, t.status)],
);

export const dossierDocuments = sqliteTable(
  "dossier_documents",
  {
    id: integer("id").primaryKey(),
    dossierId: integer("dossier_id").notNull(),
    kind: text("kind", { enum: ["to_trinh", "bao_cao_ket_qua", "tong_hop_y_kien", "bien_ban_hop", "khac"] }).notNull(),
    title: text("title").notNull(),
    link: text("link"),
    note: text("note"),
    addedBy: integer("added_by").notNull(),
    addedAt: text("added_at").notNull(),
  },
  (t) => [index("dossier_documents_dossier").on(t.dossierId)],
);

export const dossierEvents = sqliteTable(
  "dossier_events",
  {
    id: integer("id").primaryKey(),
    dossierId: integer("dossier_id").notNull(),
    at: text("at").notNull(),
    actorId: integer("actor_id").notNull(),
    action: text("action").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status"),
    reason: text("reason"),
  },
  (t) => [index("dossier_events_dossier").on(t.dossierId, t.at)],
);

/** A reviewer's reason on one returned indicator. */
export const dossierReturns = sqliteTable(
  "dossier_returns",
  {
    id: integer("id").primaryKey(),
    dossierId: integer("dossier_id").notNull(),
    eventId: integer("event_id").notNull(),
    indicatorId: integer("indicator_id").notNull(),
    reason: text("reason").notNull(),
    resolvedAt: text("resolved_at"),
  },
  (t) => [index("dossier_returns_dossier").on(t.dossierId, t.resolvedAt)],
);

// ---- Security: login throttling per account and per IP ----

export const loginThrottles = sqliteTable("login_throttles", {
  /** "user:<username>" or "ip:<address>" */
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  windowStart: text("window_start").notNull(),
  lockedUntil: text("locked_until"),
});

/** Public receipt lookups per client address and window (src/services/receipt-throttle.ts). */
export const receiptLookupThrottles = sqliteTable("receipt_lookup_throttles", {
  /** "ip:<address>" */
  key: text("key").primaryKey(),
  lookups: integer("lookups").notNull(),
  windowStart: text("window_start").notNull(),
});

// ---- Issue 12: the 2025 merger: which old units formed each new one, and status carried across ----

export const SUCCESSION_STATUSES = ["resolved", "kept", "partial"] as const;
export type SuccessionStatus = (typeof SUCCESSION_STATUSES)[number];

/**
 * One row per (new unit, old unit it was formed from), from data/succession-2025.csv. `partial` rows carry the
 * codes that matched and wait for the admin to complete them by hand against the official `source_text`
 * (completed_by/at set then, on every row of that successor).
 */
export const unitSuccessions = sqliteTable(
  "unit_successions",
  {
    id: integer("id").primaryKey(),
    successorId: integer("successor_id").notNull(),
    predecessorId: integer("predecessor_id").notNull(),
    status: text("status", { enum: SUCCESSION_STATUSES }).notNull(),
    sourceText: text("source_text").notNull(),
    completedBy: integer("completed_by"),
    completedAt: text("completed_at"),
  },
  (t) => [uniqueIndex("unit_successions_pair").on(t.successorId, t.predecessorId), index("unit_successions_predecessor").on(t.predecessorId)],
);

/**
 * "Thừa nhận": the level a commune formed by merger carries into 2026–2030, proposed from its predecessors'
 * recognised levels by the province's rule (data, unverified) and decided by a leader. One row per new commune.
 */
export const carriedRecognitions = sqliteTable(
  "carried_recognitions",
  {
    unitId: integer("unit_id").primaryKey(),
    provinceId: integer("province_id").notNull(),
    rule: text("rule").notNull(),
    /** JSON [{unitId, code, name, level}] of the predecessors as seen when proposing. */
    predecessors: text("predecessors", { mode: "json" }).$type<{ unitId: number; code: string; name: string; level: string | null }[]>().notNull(),
    proposedLevel: text("proposed_level"),
    proposedBy: integer("proposed_by").notNull(),
    proposedAt: text("proposed_at").notNull(),
    /** Set by the leader's decision; null while pending. */
    level: text("level"),
    decisionNumber: text("decision_number"),
    decisionDate: text("decision_date"),
    decisionSigner: text("decision_signer"),
    decidedBy: integer("decided_by"),
    decidedAt: text("decided_at"),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("carried_recognitions_province").on(t.provinceId, t.decidedAt)],
);

/** Per province: which carried-over rule proposes the level (a setting; no national text was found). */
export const carryRuleSettings = sqliteTable("carry_rule_settings", {
  provinceId: integer("province_id").primaryKey(),
  rule: text("rule").notNull(),
  /** The text the rule comes from; empty until one is found. */
  source: text("source").notNull().default(""),
  verified: integer("verified", { mode: "boolean" }).notNull().default(false),
  version: integer("version").notNull().default(1),
});

// ---- Issue 13: evidence files (objects in R2 under their SHA-256, metadata here) ----

export const FILE_PARENT_KINDS = ["indicator", "visit", "concern", "feedback", "receipt", "project", "dossier_document"] as const;
export type FileParentKind = (typeof FILE_PARENT_KINDS)[number];

export const evidenceFiles = sqliteTable(
  "evidence_files",
  {
    id: integer("id").primaryKey(),
    /** What the file is attached to; for "indicator" the parent id is the indicator id and unitId the commune. */
    parentKind: text("parent_kind", { enum: FILE_PARENT_KINDS }).notNull(),
    parentId: integer("parent_id").notNull(),
    /** The commune (or hamlet) the parent belongs to, and its province: every read is scoped by them. */
    unitId: integer("unit_id").notNull(),
    provinceId: integer("province_id").notNull(),
    fileName: text("file_name").notNull(),
    /** Sniffed from the magic bytes, never from the name or the browser. */
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    /** SHA-256 hex of the content: the R2 key is "sha256/<hash>" (immutable, stored once). */
    sha256: text("sha256").notNull(),
    /** A small JPEG/WebP preview made by the browser, stored under its own hash; null when none. */
    thumbSha256: text("thumb_sha256"),
    uploadedBy: integer("uploaded_by").notNull(),
    uploadedAt: text("uploaded_at").notNull(),
    /** From EXIF when present: capture time as written by the camera (local, no zone), GPS in degrees. */
    takenAt: text("taken_at"),
    gpsLat: real("gps_lat"),
    gpsLon: real("gps_lon"),
    isPublic: integer("is_public", { mode: "boolean" }).notNull().default(false),
    /** Withdrawn files stay for the audit but are hidden and no longer count as evidence. */
    withdrawnAt: text("withdrawn_at"),
    withdrawnBy: integer("withdrawn_by"),
  },
  (t) => [
    index("evidence_files_parent").on(t.unitId, t.parentKind, t.parentId),
    index("evidence_files_kind_parent").on(t.parentKind, t.parentId),
    index("evidence_files_sha").on(t.sha256),
    index("evidence_files_province_unit").on(t.provinceId, t.unitId),
  ],
);

export type EvidenceFile = typeof evidenceFiles.$inferSelect;

/** The exact evidence files (by hash) of a commune's checklist when a dossier was submitted (issue 13). */
export const dossierFiles = sqliteTable(
  "dossier_files",
  {
    id: integer("id").primaryKey(),
    dossierId: integer("dossier_id").notNull(),
    /** Equals dossiers.submitted_at of the submission that froze it (resubmissions add rows). */
    submittedAt: text("submitted_at").notNull(),
    fileId: integer("file_id").notNull(),
    sha256: text("sha256").notNull(),
    indicatorId: integer("indicator_id").notNull(),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
  },
  (t) => [index("dossier_files_dossier").on(t.dossierId, t.submittedAt), index("dossier_files_file").on(t.fileId)],
);
