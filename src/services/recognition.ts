// Recognition dossiers (issue 7): register, fill, submit with a frozen snapshot, move along the province's
// chain (review, appraisal, decision), return with reasons, recognise and revoke. Each use case is one
// db.batch: the dossier change (version-checked), its event, its audit row and, on a decision, the
// commune's recognised level.
import { and, asc, desc, eq, getTableColumns, inArray, isNull, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../db/client";
import {
  communeRollups,
  criteria,
  criteriaLevels,
  criteriaSets,
  dossierDocuments,
  dossierEvents,
  dossierReturns,
  dossiers,
  indicators,
  provinceSettings,
  units,
  users,
  type Unit,
} from "../db/schema";
import {
  IN_PROGRESS,
  decide,
  defaultChain,
  submissionProblems,
  type Chain,
  type DocumentKind,
  type DossierState,
  type RecognitionRole,
  type TransitionAction,
  type UnmetCriterion,
  type RecognitionNotices,
} from "../domain/recognition";
import { buildSnapshot, type Snapshot } from "../domain/recognition-forms";
import {
  priorRecognitionProblem,
  recognisedLevel,
  reviewLevels,
  reviewResult,
  reviewRuleFor,
  reviewUnderRule,
  type ReviewClass,
  type ReviewRule,
  type ProvinceRevocationSetting,
} from "../domain/recognition-review";
import type { LevelResult, RevocationCheck } from "../domain/evaluation";
import { asBatch, guardStatement, isStale, STALE_OR_DUPLICATE, type Batch } from "./batch";
const isStaleOrDuplicate = (error: unknown) => isStale(error, STALE_OR_DUPLICATE);
import { auditStatement } from "./audit";
import { getBinding, loadChecklist, type Checklist } from "./checklist";
import { findSetByCode } from "./criteria-sets";
import { chunk, rowsPerStatement, runInBatches, unitByCode } from "./units";
import { freezeDossierFilesStatement } from "./dossier-files";


export type Dossier = typeof dossiers.$inferSelect;
export type DossierDocument = typeof dossierDocuments.$inferSelect & { addedByName: string | null };
export type DossierEvent = typeof dossierEvents.$inferSelect & { actorName: string | null };
export type DossierReturn = typeof dossierReturns.$inferSelect;

/** Aborts the batch (CHECK fails) when the statement just before it changed no row. */
const guard = guardStatement;

// ---------------------------------------------------------------------------------------------
// Province chain

export type ProvinceChain = { chain: Chain; configured: boolean; version: number };

/** The province's chain: its setting, else 3-tier → district review, 2-tier → direct. */
export async function provinceChain(db: Db, province: Pick<Unit, "id" | "tiers">): Promise<ProvinceChain> {
  const row = await db.select({ chain: provinceSettings.recognitionChain, version: provinceSettings.version }).from(provinceSettings).where(eq(provinceSettings.unitId, province.id)).get();
  if (row) return { chain: row.chain, configured: true, version: row.version };
  return { chain: defaultChain(province.tiers), configured: false, version: 0 };
}

/** Sets the chain (version 0 = no row yet). Dossiers already registered keep the chain they started with. */
export async function setProvinceChain(db: Db, actorId: number, province: Pick<Unit, "id" | "code" | "tiers">, chain: Chain, version: number, ip: string | null): Promise<{ ok: true } | { ok: false; status: 409; current: ProvinceChain }> {
  const before = await provinceChain(db, province);
  const write =
    version === 0
      ? db.insert(provinceSettings).values({ unitId: province.id, recognitionChain: chain }).onConflictDoNothing()
      : db
          .update(provinceSettings)
          .set({ recognitionChain: chain, version: version + 1 })
          .where(and(eq(provinceSettings.unitId, province.id), eq(provinceSettings.version, version)));
  try {
    await db.batch([write, guard(db), auditStatement(db, { actorId, action: "province_settings.recognition_chain", entity: "province", entityId: province.code, before: { chain: before.chain }, after: { chain }, ip })]);
  } catch (error) {
    if (isStaleOrDuplicate(error)) return { ok: false, status: 409, current: await provinceChain(db, province) };
    throw error;
  }
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function getDossier(db: Db, id: number): Promise<{ dossier: Dossier; commune: Unit } | null> {
  if (!Number.isInteger(id) || id <= 0) return null;
  // Two primary-key reads: a join of two tables sharing column names (id, level, …) would need aliases on D1.
  const dossier = await db.select().from(dossiers).where(eq(dossiers.id, id)).get();
  if (!dossier) return null;
  const commune = await db.select().from(units).where(eq(units.id, dossier.communeId)).get();
  return commune ? { dossier, commune } : null;
}

export type DossierListItem = {
  id: number;
  level: string;
  year: number;
  status: DossierState;
  chain: Chain;
  submittedAt: string | null;
  decisionNumber: string | null;
  decisionDate: string | null;
  communeCode: string;
  communeName: string;
  communeId: number;
  provinceId: number;
  districtId: number | null;
};

const listColumns = {
  id: dossiers.id,
  level: dossiers.level,
  year: dossiers.year,
  status: dossiers.status,
  chain: dossiers.chain,
  submittedAt: dossiers.submittedAt,
  decisionNumber: dossiers.decisionNumber,
  decisionDate: dossiers.decisionDate,
  communeCode: units.code,
  communeName: units.name,
  communeId: dossiers.communeId,
  provinceId: dossiers.provinceId,
  districtId: dossiers.districtId,
};

/** A commune's dossiers, newest year first. */
export async function communeDossiers(db: Db, communeId: number): Promise<DossierListItem[]> {
  return db
    .select(listColumns)
    .from(dossiers)
    .innerJoin(units, eq(units.id, dossiers.communeId))
    .where(eq(dossiers.communeId, communeId))
    .orderBy(desc(dossiers.year), desc(dossiers.id))
    .all();
}

/** Dossiers in progress in an area (a district's by the district index, a province's by the province index). */
export async function dossiersInProgress(db: Db, area: Pick<Unit, "id" | "level">): Promise<DossierListItem[]> {
  const where =
    area.level === "district"
      ? and(eq(dossiers.districtId, area.id), inArray(dossiers.status, [...IN_PROGRESS]))
      : and(eq(dossiers.provinceId, area.id), inArray(dossiers.status, [...IN_PROGRESS]));
  return db.select(listColumns).from(dossiers).innerJoin(units, eq(units.id, dossiers.communeId)).where(where).orderBy(asc(dossiers.submittedAt), asc(dossiers.id)).limit(500).all();
}

/** The levels of a criteria set, lowest first (the registration form's choices). */
export async function setLevels(db: Db, setId: number): Promise<{ code: string; name: string }[]> {
  return db.select({ code: criteriaLevels.code, name: criteriaLevels.name }).from(criteriaLevels).where(eq(criteriaLevels.setId, setId)).orderBy(asc(criteriaLevels.rank)).all();
}

export type DossierDetail = {
  documents: DossierDocument[];
  events: DossierEvent[];
  returns: DossierReturn[];
  levels: { code: string; name: string; rank: number }[];
  criteria: { id: number; number: number; name: string; revocationKey: boolean }[];
  indicators: { id: number; criterionId: number; code: string; name: string; kind: string; unit: string | null }[];
};

/** Everything the dossier page shows besides the dossier row: documents, events, returns, the set's names. */
export async function dossierDetail(db: Db, dossier: Dossier): Promise<DossierDetail> {
  const [documents, events, returns, levels, crit, inds] = await Promise.all([
    db
      .select({ d: dossierDocuments, addedByName: users.displayName })
      .from(dossierDocuments)
      .leftJoin(users, eq(users.id, dossierDocuments.addedBy))
      .where(eq(dossierDocuments.dossierId, dossier.id))
      .orderBy(asc(dossierDocuments.id))
      .all(),
    db
      .select({ e: dossierEvents, actorName: users.displayName })
      .from(dossierEvents)
      .leftJoin(users, eq(users.id, dossierEvents.actorId))
      .where(eq(dossierEvents.dossierId, dossier.id))
      .orderBy(asc(dossierEvents.at), asc(dossierEvents.id))
      .all(),
    db.select().from(dossierReturns).where(eq(dossierReturns.dossierId, dossier.id)).orderBy(asc(dossierReturns.id)).all(),
    db.select({ code: criteriaLevels.code, name: criteriaLevels.name, rank: criteriaLevels.rank }).from(criteriaLevels).where(eq(criteriaLevels.setId, dossier.setId)).orderBy(asc(criteriaLevels.rank)).all(),
    db.select({ id: criteria.id, number: criteria.number, name: criteria.name, revocationKey: criteria.revocationKey }).from(criteria).where(eq(criteria.setId, dossier.setId)).orderBy(asc(criteria.number)).all(),
    db
      .select({ id: indicators.id, criterionId: indicators.criterionId, code: indicators.code, name: indicators.name, kind: indicators.kind, unit: indicators.unit })
      .from(indicators)
      .where(eq(indicators.setId, dossier.setId))
      .orderBy(asc(indicators.sort))
      .all(),
  ]);
  return {
    documents: documents.map((r) => ({ ...r.d, addedByName: r.addedByName })),
    events: events.map((r) => ({ ...r.e, actorName: r.actorName })),
    returns,
    levels,
    criteria: crit,
    indicators: inds,
  };
}

/** What blocks submitting now, from the live checklist (null when the commune has no checklist for the dossier's set). */
export async function liveProblems(db: Db, dossier: Dossier, commune: Unit, documentKinds: string[]): Promise<{ unmet: UnmetCriterion[]; messages: string[]; checklist: Checklist } | null> {
  const checklist = await loadChecklist(db, commune);
  if (!checklist || checklist.binding.setId !== dossier.setId) return null;
  return { ...problemsFrom(checklist, dossier, documentKinds), checklist };
}

function problemsFrom(checklist: Checklist, dossier: Dossier, documentKinds: string[]) {
  return submissionProblems({
    level: dossier.level,
    levels: checklist.def.levels,
    criteria: checklist.def.criteria.map((c) => ({ id: c.id, number: c.number, name: c.name, result: checklist.evaluation.criteria.get(c.id) ?? {} })),
    satisfactionPct: dossier.satisfactionPct,
    satisfactionEvidence: dossier.satisfactionEvidence,
    noDebtConfirmed: dossier.noDebtConfirmed,
    securityConfirmed: dossier.securityConfirmed,
    documentKinds,
  });
}

// ---------------------------------------------------------------------------------------------
// Registration, details, documents

export type Outcome<T = object> = ({ ok: true } & T) | { ok: false; status: 403 | 404 | 409 | 422; message: string; problems?: { unmet: UnmetCriterion[]; messages: string[] }; existingId?: number };

/** The levels at which a commune holds a recognition in force. */
async function recognisedLevelsOf(db: Db, communeId: number): Promise<string[]> {
  const rows = await db.select({ level: dossiers.level }).from(dossiers).where(and(eq(dossiers.communeId, communeId), eq(dossiers.status, "recognised"))).all();
  return rows.map((r) => r.level);
}

export async function registerDossier(
  db: Db,
  actorId: number,
  commune: Unit,
  province: Pick<Unit, "id" | "tiers">,
  input: { level: string; year: number },
  nowIso: string,
  ip: string | null,
): Promise<Outcome<{ id: number }>> {
  const binding = await getBinding(db, commune.id);
  if (!binding) return { ok: false, status: 422, message: `${commune.name} chưa được gắn bộ tiêu chí nên chưa thể lập hồ sơ đề nghị công nhận.` };
  const levels = await db.select({ code: criteriaLevels.code, name: criteriaLevels.name, basis: criteriaLevels.basis }).from(criteriaLevels).where(eq(criteriaLevels.setId, binding.setId)).all();
  if (!levels.some((l) => l.code === input.level)) return { ok: false, status: 422, message: "Mức đề nghị công nhận không có trong bộ tiêu chí của xã." };
  const prior = priorRecognitionProblem(input.level, levels, await recognisedLevelsOf(db, commune.id));
  if (prior) return { ok: false, status: 422, message: prior };
  const existing = await db
    .select({ id: dossiers.id })
    .from(dossiers)
    .where(and(eq(dossiers.communeId, commune.id), eq(dossiers.level, input.level), eq(dossiers.year, input.year)))
    .get();
  if (existing) return { ok: false, status: 409, message: `Xã đã có hồ sơ đề nghị công nhận mức này cho năm ${input.year}.`, existingId: existing.id };
  const { chain } = await provinceChain(db, province);
  const idOf = sql`(select ${dossiers.id} from ${dossiers} where ${dossiers.communeId} = ${commune.id} and ${dossiers.level} = ${input.level} and ${dossiers.year} = ${input.year})`;
  try {
    const [inserted] = await db.batch([
      db
        .insert(dossiers)
        .values({
          communeId: commune.id,
          provinceId: commune.provinceId!,
          districtId: commune.districtId,
          setId: binding.setId,
          level: input.level,
          year: input.year,
          chain,
          status: "draft",
          createdBy: actorId,
          createdAt: nowIso,
        })
        .returning({ id: dossiers.id }),
      db.insert(dossierEvents).values({ dossierId: idOf, at: nowIso, actorId, action: "register", fromStatus: null, toStatus: "draft", reason: null }),
      auditStatement(db, { actorId, action: "dossier.register", entity: "dossier", entityId: `${commune.code}/${input.level}/${input.year}`, after: { level: input.level, year: input.year, chain }, ip }),
    ]);
    return { ok: true, id: inserted[0].id };
  } catch (error) {
    if (isStaleOrDuplicate(error)) return { ok: false, status: 409, message: `Xã đã có hồ sơ đề nghị công nhận mức này cho năm ${input.year}.` };
    throw error;
  }
}

export type DetailsInput = { satisfactionPct: number | null; satisfactionEvidence: string; noDebtConfirmed: boolean; securityConfirmed: boolean; version: number };

/** The commune's satisfaction figure, survey evidence and the two confirmations (draft or returned only). */
export async function saveDetails(db: Db, actorId: number, dossier: Dossier, input: DetailsInput, ip: string | null): Promise<Outcome> {
  const after = {
    satisfactionPct: input.satisfactionPct,
    satisfactionEvidence: input.satisfactionEvidence.trim() || null,
    noDebtConfirmed: input.noDebtConfirmed,
    securityConfirmed: input.securityConfirmed,
  };
  try {
    await db.batch([
      db
        .update(dossiers)
        .set({ ...after, version: input.version + 1 })
        .where(and(eq(dossiers.id, dossier.id), eq(dossiers.version, input.version), inArray(dossiers.status, ["draft", "returned"]))),
      guard(db),
      auditStatement(db, {
        actorId,
        action: "dossier.edit",
        entity: "dossier",
        entityId: dossier.id,
        before: { satisfactionPct: dossier.satisfactionPct, satisfactionEvidence: dossier.satisfactionEvidence, noDebtConfirmed: dossier.noDebtConfirmed, securityConfirmed: dossier.securityConfirmed },
        after,
        ip,
      }),
    ]);
  } catch (error) {
    if (isStaleOrDuplicate(error)) return { ok: false, status: 409, message: "Hồ sơ đã được người khác cập nhật hoặc đã nộp. Dữ liệu mới nhất được hiển thị bên dưới; nội dung bạn nhập vẫn được giữ." };
    throw error;
  }
  return { ok: true };
}

/** The dossier is still editable (draft or returned): a guard statement for the batch. */
const editableGuard = (db: Db, dossierId: number) =>
  db
    .update(dossiers)
    .set({ id: sql`${dossiers.id}` })
    .where(and(eq(dossiers.id, dossierId), inArray(dossiers.status, ["draft", "returned"])));

const NOT_EDITABLE = "Hồ sơ đã được nộp nên không thể thay đổi tài liệu. Nếu cần sửa, hãy rút hồ sơ về (khi chưa được tiếp nhận) hoặc chờ hồ sơ được trả lại.";

export async function addDocument(
  db: Db,
  actorId: number,
  dossier: Dossier,
  doc: { kind: DocumentKind; title: string; link: string; note: string },
  nowIso: string,
  ip: string | null,
): Promise<Outcome> {
  const row = { dossierId: dossier.id, kind: doc.kind, title: doc.title.trim(), link: doc.link.trim() || null, note: doc.note.trim() || null, addedBy: actorId, addedAt: nowIso };
  try {
    await db.batch([
      editableGuard(db, dossier.id),
      guard(db),
      db.insert(dossierDocuments).values(row),
      auditStatement(db, { actorId, action: "dossier.document_add", entity: "dossier", entityId: dossier.id, after: { kind: row.kind, title: row.title, link: row.link }, ip }),
    ]);
  } catch (error) {
    if (isStaleOrDuplicate(error)) return { ok: false, status: 409, message: NOT_EDITABLE };
    throw error;
  }
  return { ok: true };
}

export async function removeDocument(db: Db, actorId: number, dossier: Dossier, documentId: number, ip: string | null): Promise<Outcome> {
  const doc = await db.select().from(dossierDocuments).where(and(eq(dossierDocuments.id, documentId), eq(dossierDocuments.dossierId, dossier.id))).get();
  if (!doc) return { ok: false, status: 404, message: "Không tìm thấy tài liệu này trong hồ sơ." };
  try {
    await db.batch([
      editableGuard(db, dossier.id),
      guard(db),
      db.delete(dossierDocuments).where(eq(dossierDocuments.id, documentId)),
      auditStatement(db, { actorId, action: "dossier.document_remove", entity: "dossier", entityId: dossier.id, before: { kind: doc.kind, title: doc.title, link: doc.link, note: doc.note }, ip }),
    ]);
  } catch (error) {
    if (isStaleOrDuplicate(error)) return { ok: false, status: 409, message: NOT_EDITABLE };
    throw error;
  }
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Transitions

export type TransitionPayload = {
  version: number;
  /** The event's reason: return note, rejection or revocation reason, or a reviewer's optional note. */
  reason?: string | null;
  returns?: { indicatorId: number; reason: string }[];
  decision?: { number: string; date: string; signer: string };
};

/**
 * Moves a dossier by `action` for someone with `role`: checks the table (403/409), the version (409), for
 * a submission the live evaluation and the dossier's completeness (422, with the unmet criteria), then
 * writes the change, its event, returns, recognised level and audit in one batch.
 */
export async function transition(
  db: Db,
  ctx: { actorId: number; role: RecognitionRole; nowIso: string; ip: string | null },
  dossier: Dossier,
  commune: Unit,
  action: Exclude<TransitionAction, "edit">,
  payload: TransitionPayload,
): Promise<Outcome<{ to: DossierState }>> {
  const decision = decide(dossier.status, action, ctx.role, dossier.chain);
  if (!decision.ok) return { ok: false, status: decision.status, message: decision.message };
  if (payload.version !== dossier.version) return { ok: false, status: 409, message: "Hồ sơ vừa được người khác cập nhật. Trạng thái mới nhất được hiển thị bên dưới." };

  const set: Partial<typeof dossiers.$inferInsert> = { status: decision.to, version: dossier.version + 1 };
  const extra: Batch = [];
  let reason = payload.reason?.trim() || null;

  if (action === "submit") {
    const documentKinds = (await db.select({ kind: dossierDocuments.kind }).from(dossierDocuments).where(eq(dossierDocuments.dossierId, dossier.id)).all()).map((d) => d.kind);
    const live = await liveProblems(db, dossier, commune, documentKinds);
    if (!live) return { ok: false, status: 422, message: "Bộ tiêu chí của xã đã thay đổi so với hồ sơ; không thể nộp hồ sơ này." };
    if (live.messages.length) return { ok: false, status: 422, message: "Chưa thể nộp hồ sơ:", problems: { unmet: live.unmet, messages: live.messages } };
    const { checklist } = live;
    const snapshot = buildSnapshot({
      at: ctx.nowIso,
      level: dossier.level,
      key: checklist.binding.key,
      evalYear: checklist.binding.evalYear,
      values: new Map(checklist.def.indicators.map((i) => [i.id, checklist.values.get(i.id) ?? { value: null, evidenceNote: null, evidenceLink: null }])),
      indicators: checklist.evaluation.indicators,
      criteria: checklist.evaluation.criteria,
      levelReached: checklist.evaluation.levelReached,
      satisfactionPct: dossier.satisfactionPct,
      satisfactionEvidence: dossier.satisfactionEvidence,
      noDebtConfirmed: dossier.noDebtConfirmed,
      securityConfirmed: dossier.securityConfirmed,
    });
    set.snapshot = snapshot as unknown as Record<string, unknown>;
    set.previousSnapshot = dossier.snapshot;
    set.submittedAt = ctx.nowIso;
    extra.push(freezeDossierFilesStatement(db, dossier.id, commune.id, ctx.nowIso));
    extra.push(db.update(dossierReturns).set({ resolvedAt: ctx.nowIso }).where(and(eq(dossierReturns.dossierId, dossier.id), isNull(dossierReturns.resolvedAt))));
  }

  if (action === "return") {
    const eventId = sql`(select max(${dossierEvents.id}) from ${dossierEvents} where ${dossierEvents.dossierId} = ${dossier.id})`;
    const rows = (payload.returns ?? []).map((r) => ({ dossierId: dossier.id, eventId, indicatorId: r.indicatorId, reason: r.reason }));
    for (const part of chunk(rows, rowsPerStatement(4))) extra.push(db.insert(dossierReturns).values(part));
  }

  if (action === "recognise") {
    const levels = await db.select({ code: criteriaLevels.code, name: criteriaLevels.name, basis: criteriaLevels.basis }).from(criteriaLevels).where(eq(criteriaLevels.setId, dossier.setId)).all();
    const prior = priorRecognitionProblem(dossier.level, levels, await recognisedLevelsOf(db, commune.id));
    if (prior) return { ok: false, status: 422, message: prior };
  }

  if ((action === "recognise" || action === "revoke") && payload.decision) {
    const d = payload.decision;
    if (action === "recognise") Object.assign(set, { decisionNumber: d.number, decisionDate: d.date, decisionSigner: d.signer });
    else Object.assign(set, { revocationNumber: d.number, revocationDate: d.date });
    const decisionText = `Quyết định số ${d.number} ngày ${d.date.split("-").reverse().join("/")}${d.signer ? `, người ký: ${d.signer}` : ""}`;
    reason = reason ? `${decisionText}. ${reason}` : decisionText;
    // The commune's recognised level: the highest of its recognised dossiers after this decision.
    const [others, levels] = await Promise.all([
      db.select({ id: dossiers.id, level: dossiers.level }).from(dossiers).where(and(eq(dossiers.communeId, commune.id), eq(dossiers.status, "recognised"))).all(),
      db.select({ code: criteriaLevels.code, rank: criteriaLevels.rank }).from(criteriaLevels).where(eq(criteriaLevels.setId, dossier.setId)).all(),
    ]);
    const remaining = others.filter((o) => o.id !== dossier.id).map((o) => o.level);
    const level = recognisedLevel(levels, action === "recognise" ? [...remaining, dossier.level] : remaining);
    extra.push(db.update(communeRollups).set({ recognisedLevel: level }).where(eq(communeRollups.unitId, commune.id)));
  }

  const statements: Batch = [
    db
      .update(dossiers)
      .set(set)
      .where(and(eq(dossiers.id, dossier.id), eq(dossiers.version, payload.version), eq(dossiers.status, dossier.status))),
    guard(db),
    db.insert(dossierEvents).values({ dossierId: dossier.id, at: ctx.nowIso, actorId: ctx.actorId, action, fromStatus: dossier.status, toStatus: decision.to, reason }),
    ...extra,
    auditStatement(db, {
      actorId: ctx.actorId,
      action: `dossier.${action}`,
      entity: "dossier",
      entityId: dossier.id,
      before: { status: dossier.status },
      after: { status: decision.to, reason, ...(payload.returns?.length ? { returns: payload.returns } : {}), ...(payload.decision ? { decision: payload.decision } : {}) },
      ip: ctx.ip,
    }),
  ];
  try {
    await db.batch(asBatch(statements));
  } catch (error) {
    if (isStaleOrDuplicate(error)) return { ok: false, status: 409, message: "Hồ sơ vừa được người khác cập nhật. Trạng thái mới nhất được hiển thị bên dưới." };
    throw error;
  }
  return { ok: true, to: decision.to };
}

// ---------------------------------------------------------------------------------------------
// The checklist's notices

export type { RecognitionNotices };

/**
 * For the top of a commune's checklist: the recognised level, dossiers returned with the indicators to fix,
 * dossiers frozen in the chain, drafts. Reads the commune's few dossiers by index, then returns and the
 * last return event of returned ones only.
 */
export async function recognitionNotices(db: Db, checklist: Checklist): Promise<RecognitionNotices> {
  const unit = checklist.unit;
  const rows = await db
    .select({ id: dossiers.id, level: dossiers.level, year: dossiers.year, status: dossiers.status, chain: dossiers.chain, submittedAt: dossiers.submittedAt, decisionNumber: dossiers.decisionNumber, decisionDate: dossiers.decisionDate })
    .from(dossiers)
    .where(eq(dossiers.communeId, unit.id))
    .orderBy(desc(dossiers.year), desc(dossiers.id))
    .all();
  const returnedIds = rows.filter((r) => r.status === "returned").map((r) => r.id);
  const [returns, events] = returnedIds.length
    ? await Promise.all([
        db.select().from(dossierReturns).where(and(inArray(dossierReturns.dossierId, returnedIds), isNull(dossierReturns.resolvedAt))).all(),
        db
          .select({ dossierId: dossierEvents.dossierId, at: dossierEvents.at, reason: dossierEvents.reason, byName: users.displayName, action: dossierEvents.action })
          .from(dossierEvents)
          .leftJoin(users, eq(users.id, dossierEvents.actorId))
          .where(and(inArray(dossierEvents.dossierId, returnedIds), eq(dossierEvents.action, "return")))
          .orderBy(desc(dossierEvents.at), desc(dossierEvents.id))
          .all(),
      ])
    : [[], []];
  const indicatorOf = new Map(checklist.def.indicators.map((i) => [i.id, i]));
  const levelRank = new Map(checklist.def.levels.map((l) => [l.code, l.rank]));
  const recognisedRows = rows.filter((r) => r.status === "recognised").sort((a, b) => (levelRank.get(b.level) ?? 0) - (levelRank.get(a.level) ?? 0));
  const level = checklist.rollup?.recognisedLevel ?? recognisedRows[0]?.level ?? null;
  const top = recognisedRows.find((r) => r.level === level) ?? null;
  return {
    communeCode: unit.code,
    recognised: level ? { level, decisionNumber: top?.decisionNumber ?? null, decisionDate: top?.decisionDate ?? null, dossierId: top?.id ?? 0 } : null,
    returned: rows
      .filter((r) => r.status === "returned")
      .map((r) => {
        const last = events.find((e) => e.dossierId === r.id);
        return {
          dossierId: r.id,
          level: r.level,
          year: r.year,
          at: last?.at ?? null,
          byName: last?.byName ?? null,
          note: last?.reason ?? null,
          items: returns
            .filter((x) => x.dossierId === r.id)
            .map((x) => ({ indicatorId: x.indicatorId, code: indicatorOf.get(x.indicatorId)?.code ?? "", name: indicatorOf.get(x.indicatorId)?.name ?? "", reason: x.reason })),
        };
      }),
    frozen: rows
      .filter((r) => IN_PROGRESS.includes(r.status) && r.status !== "returned")
      .map((r) => ({ dossierId: r.id, level: r.level, year: r.year, status: r.status, chain: r.chain, since: r.submittedAt })),
    drafts: rows.filter((r) => r.status === "draft").map((r) => ({ dossierId: r.id, level: r.level, year: r.year })),
  };
}

// ---------------------------------------------------------------------------------------------
// Public list and yearly review

export type PublicRecognition = {
  id: number;
  level: string;
  year: number;
  status: DossierState;
  decisionNumber: string | null;
  decisionDate: string | null;
  decisionSigner: string | null;
  revocationNumber: string | null;
  revocationDate: string | null;
  communeName: string;
  communeCode: string;
  districtName: string | null;
  provinceName: string;
};

/** Recognised (and revoked) communes of the current provinces, or of one province; by the province/status index. */
export async function publicRecognitions(db: Db, provinceCode?: string): Promise<{ provinces: { code: string; name: string }[]; items: PublicRecognition[] }> {
  const provinces = await db
    .select({ id: units.id, code: units.code, name: units.name })
    .from(units)
    .where(and(eq(units.level, "province"), isNull(units.validTo)))
    .orderBy(asc(units.code))
    .all();
  const chosen = provinceCode ? provinces.filter((p) => p.code === provinceCode) : provinces;
  if (chosen.length === 0) return { provinces, items: [] };
  const rows = await db
    .select({
      id: dossiers.id,
      level: dossiers.level,
      year: dossiers.year,
      status: dossiers.status,
      decisionNumber: dossiers.decisionNumber,
      decisionDate: dossiers.decisionDate,
      decisionSigner: dossiers.decisionSigner,
      revocationNumber: dossiers.revocationNumber,
      revocationDate: dossiers.revocationDate,
      provinceId: dossiers.provinceId,
      districtId: dossiers.districtId,
      communeName: units.name,
      communeCode: units.code,
    })
    .from(dossiers)
    .innerJoin(units, eq(units.id, dossiers.communeId))
    .where(and(inArray(dossiers.provinceId, chosen.map((p) => p.id)), inArray(dossiers.status, ["recognised", "revoked"])))
    .orderBy(desc(dossiers.decisionDate), desc(dossiers.id))
    .limit(2000)
    .all();
  // District names: a few primary-key reads (a second join on units would clash on column names).
  const districtIds = [...new Set(rows.map((r) => r.districtId).filter((id): id is number => id !== null))];
  const districts = new Map<number, string>();
  for (const ids of chunk(districtIds, 90)) {
    for (const d of await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, ids)).all()) districts.set(d.id, d.name);
  }
  const provinceName = new Map(provinces.map((p) => [p.id, p.name]));
  const items: PublicRecognition[] = rows.map(({ provinceId, districtId, ...r }) => ({ ...r, districtName: districtId ? (districts.get(districtId) ?? null) : null, provinceName: provinceName.get(provinceId) ?? "" }));
  return { provinces: provinces.map(({ code, name }) => ({ code, name })), items };
}

export type ReviewItem = {
  dossierId: number;
  communeCode: string;
  communeName: string;
  level: string;
  year: number;
  decisionNumber: string | null;
  decisionDate: string | null;
  check: RevocationCheck;
  failing: { number: number; name: string; key: boolean }[];
  cls: ReviewClass;
  rule: ReviewRule;
};

/** The province's revocation rule for 2026–2030 recognitions (none configured → null rule). */
export async function provinceRevocationSetting(db: Db, provinceId: number): Promise<ProvinceRevocationSetting> {
  const row = await db.select({ rule: provinceSettings.revocationRule2026, source: provinceSettings.revocationRuleSource }).from(provinceSettings).where(eq(provinceSettings.unitId, provinceId)).get();
  return { rule: row?.rule ?? null, source: row?.source ?? null };
}

/** Sets the province's 2026–2030 revocation rule (audited). A province without a settings row gets one with its default chain. */
export async function setProvinceRevocationRule(db: Db, actorId: number, province: Pick<Unit, "id" | "code" | "tiers">, setting: ProvinceRevocationSetting, ip: string | null): Promise<void> {
  const before = await provinceRevocationSetting(db, province.id);
  const values = { revocationRule2026: setting.rule, revocationRuleSource: setting.source?.trim() || null };
  await db.batch([
    db
      .insert(provinceSettings)
      .values({ unitId: province.id, recognitionChain: defaultChain(province.tiers), ...values })
      .onConflictDoUpdate({ target: provinceSettings.unitId, set: { ...values, version: sql`${provinceSettings.version} + 1` } }),
    auditStatement(db, { actorId, action: "province_settings.revocation_rule_2026", entity: "province", entityId: province.code, before, after: { rule: values.revocationRule2026, source: values.revocationRuleSource }, ip }),
  ]);
}

/**
 * The yearly review: every recognised dossier of the province against the commune's current criteria
 * results (its rollup). A recognition on a 2021–2025 set is reviewed by 18/2022/QĐ-TTg; one on a 2026–2030
 * set by the province's own setting (none configured → "no_rule", never "ok" or "revoke"). A level with a
 * basis (model → advanced) counts the basis level's criteria too. Rows read ≈ 2 × recognised dossiers + criteria.
 */
export async function annualReview(db: Db, provinceId: number): Promise<ReviewItem[]> {
  const rows = await db
    .select({
      dossierId: dossiers.id,
      setId: dossiers.setId,
      level: dossiers.level,
      year: dossiers.year,
      decisionNumber: dossiers.decisionNumber,
      decisionDate: dossiers.decisionDate,
      communeCode: units.code,
      communeName: units.name,
      criteria: communeRollups.criteria,
    })
    .from(dossiers)
    .innerJoin(units, eq(units.id, dossiers.communeId))
    .leftJoin(communeRollups, eq(communeRollups.unitId, dossiers.communeId))
    .where(and(eq(dossiers.provinceId, provinceId), eq(dossiers.status, "recognised")))
    .all();
  const setIds = [...new Set(rows.map((r) => r.setId))];
  const [crit, levels, sets, setting] = setIds.length
    ? await Promise.all([
        db.select({ id: criteria.id, setId: criteria.setId, number: criteria.number, name: criteria.name, revocationKey: criteria.revocationKey }).from(criteria).where(inArray(criteria.setId, setIds)).all(),
        db.select({ setId: criteriaLevels.setId, code: criteriaLevels.code, rank: criteriaLevels.rank, basis: criteriaLevels.basis }).from(criteriaLevels).where(inArray(criteriaLevels.setId, setIds)).all(),
        db.select({ id: criteriaSets.id, periodTo: criteriaSets.periodTo }).from(criteriaSets).where(inArray(criteriaSets.id, setIds)).all(),
        provinceRevocationSetting(db, provinceId),
      ])
    : [[], [], [], null];
  const order: Record<ReviewClass, number> = { revoke: 0, watch: 1, no_rule: 2, ok: 3 };
  return rows
    .map((r) => {
      const results = (r.criteria ?? {}) as Record<string, LevelResult>;
      const input = crit.filter((c) => c.setId === r.setId).map((c) => ({ criterion: { id: c.id, number: c.number, revocationKey: c.revocationKey }, result: results[String(c.id)] ?? {}, name: c.name }));
      const setLevels = levels.filter((l) => l.setId === r.setId);
      const rule = reviewRuleFor(sets.find((s) => s.id === r.setId)?.periodTo ?? 2025, setting);
      const { check, cls } = reviewUnderRule(rule, { level: r.level, levels: setLevels, criteria: input });
      const chain = reviewLevels(r.level, setLevels);
      const failing = input.filter((c) => reviewResult(c.result, chain) === false).map((c) => ({ number: c.criterion.number, name: c.name, key: c.criterion.revocationKey })).sort((a, b) => a.number - b.number);
      return { dossierId: r.dossierId, communeCode: r.communeCode, communeName: r.communeName, level: r.level, year: r.year, decisionNumber: r.decisionNumber, decisionDate: r.decisionDate, check, failing, cls, rule };
    })
    .sort((a, b) => order[a.cls] - order[b.cls] || b.check.failedShare - a.check.failedShare || a.communeName.localeCompare(b.communeName, "vi"));
}

/** Reads a dossier's frozen snapshot (null before the first submission). */
export const snapshotOf = (d: Pick<Dossier, "snapshot">): Snapshot | null => (d.snapshot as unknown as Snapshot | null) ?? null;
export const previousSnapshotOf = (d: Pick<Dossier, "previousSnapshot">): Snapshot | null => (d.previousSnapshot as unknown as Snapshot | null) ?? null;

// ---------------------------------------------------------------------------------------------
// Demo

/**
 * Demo recognitions for the seeded province: every xã at NTM or above was recognised at the level it
 * holds (fictional decision numbers, 2021–2024), and two xã that have since slipped below NTM were
 * recognised in 2021, so the yearly review has communes at risk. A handful of batched statements.
 */
export async function seedDemoRecognitions(db: Db, demo: { provinceId: number; setCode: string; signer: string }): Promise<void> {
  const signer = await db.select({ id: users.id }).from(users).where(eq(users.username, demo.signer)).get();
  const provinceId = demo.provinceId;
  const signerId = signer?.id ?? null;
  const rows = await db
    .select({ unitId: communeRollups.unitId, setId: communeRollups.setId, levelReached: communeRollups.levelReached, base: communeRollups.criteriaMetBase, districtId: communeRollups.districtId, code: units.code })
    .from(communeRollups)
    .innerJoin(units, eq(units.id, communeRollups.unitId))
    .where(eq(communeRollups.provinceId, provinceId))
    .orderBy(asc(units.code))
    .all();
  const set = await findSetByCode(db, demo.setCode);
  if (!set) return;
  const xa = rows.filter((r) => r.setId === set.id);
  const recognised = xa.filter((r) => r.levelReached).map((r) => ({ ...r, level: r.levelReached! }));
  const slipping = xa.filter((r) => !r.levelReached && r.base <= 13).slice(0, 2).map((r) => ({ ...r, level: "NTM" }));
  const all = [...recognised, ...slipping];
  if (all.length === 0) return;
  const actor = signerId ?? 0;
  const values = all.map((r, i) => {
    const year = slipping.includes(r) ? 2021 : 2021 + (i % 4);
    const date = `${year}-${String(1 + (i % 12)).padStart(2, "0")}-${String(5 + (i % 20)).padStart(2, "0")}`;
    return {
      communeId: r.unitId,
      provinceId,
      districtId: r.districtId,
      setId: set.id,
      level: r.level,
      year,
      chain: "district_review" as const,
      status: "recognised" as const,
      submittedAt: `${date}T01:00:00.000Z`,
      decisionNumber: `${1000 + i}/QĐ-UBND`,
      decisionDate: date,
      decisionSigner: "Chủ tịch UBND tỉnh (dữ liệu mẫu)",
      createdBy: actor,
      createdAt: `${date}T01:00:00.000Z`,
    };
  });
  // A model commune was first recognised advanced (319/QĐ-TTg): its advanced decision, a year earlier (2021 at the latest).
  for (const [j, v] of values.filter((x) => x.level === "NTM_KM").entries()) {
    const year = Math.max(2021, v.year - 1);
    const date = `${year}-01-02`;
    values.push({ ...v, level: "NTM_NC", year, submittedAt: `${date}T01:00:00.000Z`, decisionNumber: `${2000 + j}/QĐ-UBND`, decisionDate: date, createdAt: `${date}T01:00:00.000Z` });
  }
  // drizzle binds every column of the table (defaults too): chunk by the table's width.
  const statements: Batch = chunk(values, rowsPerStatement(Object.keys(getTableColumns(dossiers)).length)).map((part) => db.insert(dossiers).values(part).onConflictDoNothing());
  // One event per dossier, from the inserted rows (select by commune, level, year in one statement).
  statements.push(
    db.insert(dossierEvents).select(
      sql`select null, ${dossiers.id}, ${dossiers.createdAt}, ${actor}, 'recognise', 'appraised', 'recognised', 'Quyết định số ' || ${dossiers.decisionNumber} || ' (dữ liệu mẫu)'
        from ${dossiers} where ${dossiers.provinceId} = ${provinceId} and ${dossiers.status} = 'recognised'`,
    ),
  );
  for (const [level, group] of Map.groupBy(all, (r) => r.level)) {
    for (const ids of chunk(group.map((r) => r.unitId), 90)) statements.push(db.update(communeRollups).set({ recognisedLevel: level }).where(inArray(communeRollups.unitId, ids)));
  }
  await runInBatches(db, statements);
}
