// Recognition dossiers: dossiers, their documents, events and returned indicators.
import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { now } from "./now";

// ---- Recognition dossiers ----

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
