// Evidence files: who may read or attach to a parent, upload (validate → R2 once per hash →
// one D1 batch with the audit row), list live files of parents, withdraw, the commune's usage.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { preparedOnce } from "../db/prepared";
import { auditLog, communeBindings, dossierDocuments, dossiers, evidenceFiles, indicators, projects, receipts, units, visitConcerns, type EvidenceFile, type FileParentKind, type Unit } from "../db/schema";
import { coversUnit } from "../domain/assignments";
import { COMMUNE_QUOTA_BYTES, checkFile, checkThumb, cleanFileName, fileMsg, hex, objectKey, readExif, type SniffedType } from "../domain/files";
import { can, type Actor } from "../domain/permissions";
import { activeAssignmentUnitIds } from "./assignments";
import { auditStatement } from "./audit";
import { getUnit, unitRef } from "./units";
import { getVisit } from "./visits";
import type { Failure, Outcome } from "../domain/outcome";

/** A parent as far as files are concerned: where it lives and what the actor may do with it. */
export type FileParent = {
  kind: FileParentKind;
  id: number;
  unit: Unit;
  communeId: number;
  canRead: boolean;
  canAttach: boolean;
  locked: boolean;
  /** Who looks after the parent's files even when it is locked (then a withdrawal is a 409, not a 403). */
  canManage?: boolean;
};

/** Parents that take files today; the others are in the schema, their pages come next. */
export const ATTACHABLE_KINDS = ["indicator", "visit", "concern", "project", "receipt", "dossier_document"] as const satisfies readonly FileParentKind[];
export type AttachableKind = (typeof ATTACHABLE_KINDS)[number];

/**
 * Loads a parent and asks can() with the parent's own scope rules: an indicator is read as the
 * commune's checklist (unit.viewData) and edited by its staff (checklist.edit); a visit or its
 * concern as the visit (visit.view), attached to by its author or an assigned cadre (visit.log); a
 * project or receipt with the ledger (ledger.view), attached by project.manage / receipt.record.
 * `unitId` names the commune for an indicator (indicator ids are shared by every commune of a set).
 */
export async function loadParent(db: Db, actor: Actor | null, kind: FileParentKind, id: number, unitId: number | null, today: string): Promise<FileParent | null> {
  if (kind === "indicator") {
    if (unitId === null) return null;
    const [unit, indicator, binding] = await Promise.all([
      getUnit(db, unitId),
      db.select({ setId: indicators.setId }).from(indicators).where(eq(indicators.id, id)).get(),
      db.select({ setId: communeBindings.setId }).from(communeBindings).where(eq(communeBindings.unitId, unitId)).get(),
    ]);
    if (!unit || unit.level !== "commune" || !indicator || !binding || indicator.setId !== binding.setId) return null;
    const ref = unitRef(unit);
    return { kind, id, unit, communeId: unit.id, canRead: can(actor, "unit.viewData", { unit: ref }), canAttach: can(actor, "checklist.edit", { unit: ref }), locked: false };
  }
  if (kind === "visit" || kind === "concern") {
    let visitId = id;
    if (kind === "concern") {
      const concern = await db.select({ visitId: visitConcerns.visitId }).from(visitConcerns).where(eq(visitConcerns.id, id)).get();
      if (!concern) return null;
      visitId = concern.visitId;
    }
    const visit = await getVisit(db, visitId);
    const place = visit ? await getUnit(db, visit.unitId) : undefined;
    if (!visit || !place || (unitId !== null && unitId !== visit.unitId)) return null;
    const ref = unitRef(place);
    const assigned = actor?.role === "cadre" ? coversUnit(await activeAssignmentUnitIds(db, actor.id, today), ref) : false;
    const canRead = can(actor, "visit.view", { unit: ref, assigned, createdBy: visit.createdBy });
    const canAttach = actor?.role === "cadre" && (visit.createdBy === actor.id || can(actor, "visit.log", { unit: ref, assigned }));
    return { kind, id, unit: place, communeId: visit.communeId, canRead, canAttach, locked: false };
  }
  if (kind === "project" || kind === "receipt") {
    // Projects and receipts are read with the commune's ledger; a receipt's files are part of the
    // accounting record, so they cannot be withdrawn.
    const table = kind === "project" ? projects : receipts;
    const row = await db.select({ communeId: table.communeId }).from(table).where(eq(table.id, id)).get();
    const unit = row ? await getUnit(db, row.communeId) : undefined;
    if (!unit || (unitId !== null && unitId !== unit.id)) return null;
    const ref = unitRef(unit);
    const canRead = can(actor, "ledger.view", { unit: ref });
    const canAttach = can(actor, kind === "project" ? "project.manage" : "receipt.record", { unit: ref });
    return { kind, id, unit, communeId: unit.id, canRead, canAttach, locked: kind === "receipt" };
  }
  if (kind === "dossier_document") {
    // A dossier's document takes files while the commune may edit the dossier; once submitted they are locked.
    const doc = await db.select({ dossierId: dossierDocuments.dossierId }).from(dossierDocuments).where(eq(dossierDocuments.id, id)).get();
    const dossier = doc ? await db.select({ communeId: dossiers.communeId, status: dossiers.status }).from(dossiers).where(eq(dossiers.id, doc.dossierId)).get() : undefined;
    const unit = dossier ? await getUnit(db, dossier.communeId) : undefined;
    if (!dossier || !unit || (unitId !== null && unitId !== unit.id)) return null;
    const ref = unitRef(unit);
    const editable = dossier.status === "draft" || dossier.status === "returned";
    const prepares = can(actor, "dossier.prepare", { unit: ref });
    return { kind, id, unit, communeId: unit.id, canRead: can(actor, "unit.viewData", { unit: ref }), canAttach: editable && prepares, locked: !editable, canManage: prepares };
  }
  return null;
}

export type UploadInput = { bytes: Uint8Array; name: string; thumb: Uint8Array | null; exif: Uint8Array | null; isPublic: boolean };
export type UploadOutcome = Outcome<{ file: EvidenceFile; deduplicated: boolean }, Failure<"too_large" | "unsupported" | "invalid", { message: string }>>;

const sha256 = async (b: Uint8Array) => hex(await crypto.subtle.digest("SHA-256", b));

/** Bytes the commune's live files take (each attachment counts; the bucket stores a hash once). */
export async function communeUsage(db: Db, communeId: number): Promise<{ bytes: number; files: number }> {
  const row = await db
    .select({ bytes: sql<number>`coalesce(sum(${evidenceFiles.size}), 0)`, files: sql<number>`count(*)` })
    .from(evidenceFiles)
    .where(and(eq(evidenceFiles.unitId, communeId), isNull(evidenceFiles.withdrawnAt)))
    .get();
  return { bytes: Number(row?.bytes ?? 0), files: Number(row?.files ?? 0) };
}

async function putOnce(bucket: R2Bucket, bytes: Uint8Array, hash: string, type: string): Promise<void> {
  const key = objectKey(hash);
  if (await bucket.head(key)) return;
  await bucket.put(key, bytes, { sha256: hash, httpMetadata: { contentType: type } });
}

/**
 * Validates first (nothing is stored when the file is refused), then puts the object under its hash
 * (skipped when the bucket already holds it) and writes the row and its audit row in one batch.
 * The same content on the same parent again returns the existing row.
 */
export async function uploadFile(
  db: Db,
  bucket: R2Bucket,
  actorId: number,
  parent: FileParent,
  input: UploadInput,
  nowIso: string,
  ip: string | null,
  quotaBytes = COMMUNE_QUOTA_BYTES,
): Promise<UploadOutcome> {
  const check = checkFile(input.bytes);
  if (!check.ok) return check;
  const thumbType = input.thumb && input.thumb.length > 0 ? checkThumb(input.thumb) : null;
  if (input.thumb && input.thumb.length > 0 && !thumbType) return { ok: false, kind: "invalid", message: fileMsg.badThumb };
  const hash = await sha256(input.bytes);
  const unitId = parent.unit.id;
  const existing = await db
    .select()
    .from(evidenceFiles)
    .where(and(eq(evidenceFiles.unitId, unitId), eq(evidenceFiles.parentKind, parent.kind), eq(evidenceFiles.parentId, parent.id), eq(evidenceFiles.sha256, hash), isNull(evidenceFiles.withdrawnAt)))
    .get();
  if (existing) return { ok: true, file: existing, deduplicated: true };
  const usage = await communeUsage(db, parent.communeId);
  if (usage.bytes + input.bytes.length > quotaBytes) {
    const mb = (n: number) => (n / 1024 / 1024).toLocaleString("vi-VN", { maximumFractionDigits: 1 });
    return { ok: false, kind: "too_large", message: fileMsg.quota(mb(usage.bytes), mb(quotaBytes)) };
  }
  const exif = check.type === "image/jpeg" ? readExif(input.exif && input.exif.length ? input.exif : input.bytes) : { takenAt: null, lat: null, lon: null };
  const thumbHash = thumbType && input.thumb ? await sha256(input.thumb) : null;
  await putOnce(bucket, input.bytes, hash, check.type);
  if (thumbHash && input.thumb) await putOnce(bucket, input.thumb, thumbHash, thumbType!);
  const values = {
    parentKind: parent.kind,
    parentId: parent.id,
    unitId,
    provinceId: parent.unit.provinceId ?? parent.unit.id,
    fileName: cleanFileName(input.name, check.type),
    contentType: check.type,
    size: input.bytes.length,
    sha256: hash,
    thumbSha256: thumbHash,
    uploadedBy: actorId,
    uploadedAt: nowIso,
    takenAt: exif.takenAt,
    gpsLat: exif.lat,
    gpsLon: exif.lon,
    isPublic: input.isPublic,
  };
  const [rows] = await db.batch([
    db.insert(evidenceFiles).values(values).returning(),
    db.insert(auditLog).values({ actorId, action: "file.upload", entity: "evidence_file", entityId: sql`(select cast(max(id) as text) from evidence_files)`, after: values, ip }),
  ]);
  return { ok: true, file: (rows as EvidenceFile[])[0], deduplicated: false };
}

export async function getFile(db: Db, id: number): Promise<EvidenceFile | undefined> {
  return db.select().from(evidenceFiles).where(eq(evidenceFiles.id, id)).get();
}

/** Live (not withdrawn) files of some parents of one unit, oldest first: one indexed query. */
export async function filesOf(db: Db, unitId: number, kind: FileParentKind, parentIds?: number[]): Promise<EvidenceFile[]> {
  if (!parentIds) return allFilesOfQuery(db).all({ unitId, kind });
  if (parentIds.length === 1) return oneParentFilesQuery(db).all({ unitId, kind, parentId: parentIds[0] });
  return db
    .select()
    .from(evidenceFiles)
    .where(
      and(
        eq(evidenceFiles.unitId, unitId),
        eq(evidenceFiles.parentKind, kind),
        parentIds ? inArray(evidenceFiles.parentId, parentIds.length ? parentIds : [-1]) : undefined,
        isNull(evidenceFiles.withdrawnAt),
      ),
    )
    .orderBy(evidenceFiles.id)
    .all();
}

/** A unit's live files of one kind (the checklist's evidence), built once per isolate (src/db/prepared.ts). */
export const allFilesOfQuery = preparedOnce((db) =>
  db
    .select()
    .from(evidenceFiles)
    .where(and(eq(evidenceFiles.unitId, sql.placeholder("unitId")), eq(evidenceFiles.parentKind, sql.placeholder("kind")), isNull(evidenceFiles.withdrawnAt)))
    .orderBy(evidenceFiles.id)
    .prepare(),
);

/** The live files of one parent of a unit (the indicator a save answers with), built once per isolate. */
const oneParentFilesQuery = preparedOnce((db) =>
  db
    .select()
    .from(evidenceFiles)
    .where(
      and(
        eq(evidenceFiles.unitId, sql.placeholder("unitId")),
        eq(evidenceFiles.parentKind, sql.placeholder("kind")),
        eq(evidenceFiles.parentId, sql.placeholder("parentId")),
        isNull(evidenceFiles.withdrawnAt),
      ),
    )
    .orderBy(evidenceFiles.id)
    .prepare(),
);

/** Live files of parents of one kind across units (a visit list), by the (kind, parent) index. */
export async function filesOfParents(db: Db, kind: FileParentKind, parentIds: number[]): Promise<EvidenceFile[]> {
  if (parentIds.length === 0) return [];
  return db
    .select()
    .from(evidenceFiles)
    .where(and(eq(evidenceFiles.parentKind, kind), inArray(evidenceFiles.parentId, parentIds), isNull(evidenceFiles.withdrawnAt)))
    .orderBy(evidenceFiles.id)
    .all();
}

/** Live files of one indicator of a commune: the "met" rule's evidence. */
export async function hasIndicatorFile(db: Db, communeId: number, indicatorId: number): Promise<boolean> {
  const row = await db
    .select({ id: evidenceFiles.id })
    .from(evidenceFiles)
    .where(and(eq(evidenceFiles.unitId, communeId), eq(evidenceFiles.parentKind, "indicator"), eq(evidenceFiles.parentId, indicatorId), isNull(evidenceFiles.withdrawnAt)))
    .limit(1)
    .get();
  return !!row;
}

/** Hides a file (kept for the audit). Locked parents (a submitted dossier, a receipt) refuse. */
export async function withdrawFile(db: Db, actorId: number, file: EvidenceFile, locked: boolean, nowIso: string, ip: string | null): Promise<Outcome<{}, Failure<"conflict", { message: string }>>> {
  if (locked) return { ok: false, kind: "conflict", message: "Tệp này thuộc hồ sơ đã nộp hoặc phiếu thu nên không thể rút lại." };
  if (file.withdrawnAt) return { ok: true };
  await db.batch([
    db.update(evidenceFiles).set({ withdrawnAt: nowIso, withdrawnBy: actorId }).where(and(eq(evidenceFiles.id, file.id), isNull(evidenceFiles.withdrawnAt))),
    auditStatement(db, { actorId, action: "file.withdraw", entity: "evidence_file", entityId: file.id, before: { fileName: file.fileName, sha256: file.sha256 } }),
  ]);
  return { ok: true };
}

export type { SniffedType };

export type UsageRow = { unitId: number; code: string; name: string; bytes: number; files: number };

/** Storage per commune of a province, largest first (admin page): one grouped read over the province's files. */
export async function provinceUsage(db: Db, provinceId: number, limit = 200): Promise<UsageRow[]> {
  const rows = await db
    .select({ unitId: evidenceFiles.unitId, bytes: sql<number>`sum(${evidenceFiles.size})`, files: sql<number>`count(*)` })
    .from(evidenceFiles)
    .where(and(eq(evidenceFiles.provinceId, provinceId), isNull(evidenceFiles.withdrawnAt)))
    .groupBy(evidenceFiles.unitId)
    .orderBy(sql`2 desc`)
    .limit(limit)
    .all();
  if (rows.length === 0) return [];
  const names = await db.select({ id: units.id, code: units.code, name: units.name }).from(units).where(inArray(units.id, rows.map((r) => r.unitId))).all();
  const byId = new Map(names.map((n) => [n.id, n]));
  return rows.map((r) => ({ unitId: r.unitId, code: byId.get(r.unitId)?.code ?? "", name: byId.get(r.unitId)?.name ?? "", bytes: Number(r.bytes), files: Number(r.files) }));
}
