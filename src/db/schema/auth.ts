// Users and roles, sessions, the audit log and login/receipt-lookup throttles.
import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { now } from "./now";

export const ROLES = ["admin", "leader", "cadre", "commune_staff", "department"] as const;
export type Role = (typeof ROLES)[number];

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
    // The audit page filtered by entity or by action, newest first (searchAudit).
    index("audit_province_entity_at").on(t.provinceId, t.entity, t.at),
    index("audit_province_action_at").on(t.provinceId, t.action, t.at),
  ],
);

export type User = typeof users.$inferSelect;

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
