// Evidence files (R2 objects by SHA-256) and the files frozen with a dossier submission.
import { sqliteTable, text, integer, real, index } from "drizzle-orm/sqlite-core";

// ---- Evidence files (objects in R2 under their SHA-256, metadata here) ----

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

/** The exact evidence files (by hash) of a commune's checklist when a dossier was submitted. */
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
