// The feedback loop: categories, items, events, notifications and monthly digests.
import { sqliteTable, text, integer, index, primaryKey, uniqueIndex } from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";
import { now } from "./now";

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
    // A commune's list, newest first, a keyset page at a time (listForCommune).
    index("feedback_unit_received").on(t.unitId, t.receivedAt),
    index("feedback_province_received").on(t.provinceId, t.receivedAt),
    // The period report reads open items and items answered since the period began (digestItems).
    index("feedback_province_answered").on(t.provinceId, t.answeredAt),
    // The overdue list of a province: its open items by due date.
    index("feedback_province_status_due").on(t.provinceId, t.status, t.dueDate),
    index("feedback_status_due").on(t.status, t.dueDate),
    // A cadre's home: the items they logged that are still open.
    index("feedback_created_by_status").on(t.createdBy, t.status, t.dueDate),
    // A department's inbox "Cần trả lời" in due-date order, a page at a time (listForDepartment): the open items only,
    // so a department with years of closed items does not walk them.
    index("feedback_department_open_due")
      .on(t.departmentId, t.dueDate)
      .where(sql`${t.status} in ('routed', 'in_progress')`),
    // The overdue list beside the feedback report (overdueItems): a province's open items in due-date order, so its
    // first page reads its own rows, not every open item past due (issue 20).
    index("feedback_province_open_due")
      .on(t.provinceId, t.dueDate)
      .where(sql`${t.status} in ('new', 'routed', 'in_progress', 'returned')`),
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

/**
 * Feedback figures kept on write (issue 20): per province, area (district_id 0 = the whole province), calendar block
 * (grain y/m/d: a year, a month, a day; period = the block's first day), dimension
 * ('dept': key = department id, 0 = not routed; 'cat': category id) the sum of the items' day deltas
 * (domain/feedback-counts.ts): flows at the day they happen, pending/overdue as +1/-1 at the days they start and stop.
 * A period's figures are two prefix sums read from a few block rows per key, whatever the years of history.
 */
export const feedbackCounts = sqliteTable(
  "feedback_counts",
  {
    provinceId: integer("province_id").notNull(),
    districtId: integer("district_id").notNull(),
    grain: text("grain", { enum: ["y", "m", "d"] }).notNull(),
    period: text("period").notNull(),
    dim: text("dim", { enum: ["dept", "cat"] }).notNull(),
    keyId: integer("key_id").notNull(),
    received: integer("received").notNull().default(0),
    answered: integer("answered").notNull().default(0),
    answeredOnTime: integer("answered_on_time").notNull().default(0),
    answeredLate: integer("answered_late").notNull().default(0),
    ratings: integer("ratings").notNull().default(0),
    ratingSum: integer("rating_sum").notNull().default(0),
    pending: integer("pending").notNull().default(0),
    overdue: integer("overdue").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.provinceId, t.districtId, t.grain, t.period, t.dim, t.keyId] })],
);
