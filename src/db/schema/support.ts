// Support assignments ("nắm"), field visits and the concerns raised on them.
import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";
import { now } from "./now";

// ---- Support assignments ("nắm"), field visits, feedback loop ----

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
