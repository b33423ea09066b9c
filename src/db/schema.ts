// The one Drizzle schema. drizzle-kit generates migrations/ from it; wrangler applies them.
import { sql } from "drizzle-orm";
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

export const ROLES = ["admin", "leader", "cadre", "commune_staff", "department"] as const;
export type Role = (typeof ROLES)[number];

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/**
 * Administrative units as one tree. Ancestor ids are copied onto each row (province_id, district_id,
 * commune_id) so scope checks and "all communes of X" are single indexed lookups.
 */
export const units = sqliteTable(
  "units",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
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
    id: integer("id").primaryKey({ autoIncrement: true }),
    provinceId: integer("province_id").notNull(),
    code: text("code").notNull(),
    name: text("name").notNull(),
  },
  (t) => [uniqueIndex("departments_province_code").on(t.provinceId, t.code)],
);

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
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
    id: integer("id").primaryKey({ autoIncrement: true }),
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
