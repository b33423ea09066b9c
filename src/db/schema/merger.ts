// The 2025 merger: unit successions, carried-over recognitions and the carry rule setting.
import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";

// ---- The 2025 merger: which old units formed each new one, and status carried across ----

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
  (t) => [
    index("carried_recognitions_province").on(t.provinceId, t.decidedAt),
    // carriedCounts (province progress): decided rows per level from the index alone, already in level order.
    index("carried_recognitions_province_level").on(t.provinceId, t.level, t.decidedAt),
  ],
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
