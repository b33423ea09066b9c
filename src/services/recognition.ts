// Recognition dossiers: register, fill, submit with a frozen snapshot, move along the province's
// chain (review, appraisal, decision), return with reasons, recognise and revoke. Each use case is one
// db.batch: the dossier change (version-checked), its event, its audit row and, on a decision, the
// commune's recognised level.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import {
  communeRollups,
  criteriaLevels,
  dossierDocuments,
  dossierEvents,
  dossierReturns,
  dossiers,
  provinceSettings,
  units,
  type Unit,
} from "../db/schema";
import {
  decide,
  defaultChain,
  submissionProblems,
  type Chain,
  type DocumentKind,
  type DossierState,
  type RecognitionRole,
  type TransitionAction,
  type UnmetCriterion,
} from "../domain/recognition";
import { buildSnapshot, type Snapshot } from "../domain/recognition-forms";
import { dossierOutbox } from "./outbox";
import { priorRecognitionProblem, recognisedLevel } from "../domain/recognition-review";
import { asBatch, guardStatement, isStale, STALE_OR_DUPLICATE, type Batch } from "./batch";
const isStaleOrDuplicate = (error: unknown) => isStale(error, STALE_OR_DUPLICATE);
import { refreshCommuneFigures } from "./commune-figures";
import { auditStatement } from "./audit";
import { claimStatement, isKeyClash, lastIdOf, type KeyClaim } from "./idempotency";
import { getBinding, loadChecklist, type Checklist } from "./checklist";
import { chunk, rowsPerStatement } from "./units";
import { freezeDossierFilesStatement } from "./dossier-files";
import type { Failure, Outcome } from "../domain/outcome";

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
export async function setProvinceChain(db: Db, actorId: number, province: Pick<Unit, "id" | "code" | "tiers">, chain: Chain, version: number, ip: string | null): Promise<Outcome<{}, Failure<"conflict", { current: ProvinceChain }>>> {
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
    if (isStaleOrDuplicate(error)) return { ok: false, kind: "conflict", current: await provinceChain(db, province) };
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

export type DossierOutcome<T extends object = {}> = Outcome<T, Failure<"forbidden" | "not_found" | "conflict" | "invalid", { message: string; problems?: { unmet: UnmetCriterion[]; messages: string[] }; existingId?: number }>>;

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
  claim: KeyClaim | null = null,
): Promise<DossierOutcome<{ id: number }>> {
  const binding = await getBinding(db, commune.id);
  if (!binding) return { ok: false, kind: "invalid", message: `${commune.name} chưa được gắn bộ tiêu chí nên chưa thể lập hồ sơ đề nghị công nhận.` };
  const levels = await db.select({ code: criteriaLevels.code, name: criteriaLevels.name, basis: criteriaLevels.basis }).from(criteriaLevels).where(eq(criteriaLevels.setId, binding.setId)).all();
  if (!levels.some((l) => l.code === input.level)) return { ok: false, kind: "invalid", message: "Mức đề nghị công nhận không có trong bộ tiêu chí của xã." };
  const prior = priorRecognitionProblem(input.level, levels, await recognisedLevelsOf(db, commune.id));
  if (prior) return { ok: false, kind: "invalid", message: prior };
  const existing = await db
    .select({ id: dossiers.id })
    .from(dossiers)
    .where(and(eq(dossiers.communeId, commune.id), eq(dossiers.level, input.level), eq(dossiers.year, input.year)))
    .get();
  if (existing) return { ok: false, kind: "conflict", message: `Xã đã có hồ sơ đề nghị công nhận mức này cho năm ${input.year}.`, existingId: existing.id };
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
      ...(claim ? [claimStatement(db, claim, idOf)] : []),
    ]);
    return { ok: true, id: inserted[0].id };
  } catch (error) {
    if (isKeyClash(error)) throw error;
    if (isStaleOrDuplicate(error)) return { ok: false, kind: "conflict", message: `Xã đã có hồ sơ đề nghị công nhận mức này cho năm ${input.year}.` };
    throw error;
  }
}

export type DetailsInput = { satisfactionPct: number | null; satisfactionEvidence: string; noDebtConfirmed: boolean; securityConfirmed: boolean; version: number };

/** The commune's satisfaction figure, survey evidence and the two confirmations (draft or returned only). */
export async function saveDetails(db: Db, actorId: number, dossier: Dossier, input: DetailsInput, ip: string | null): Promise<DossierOutcome> {
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
    if (isStaleOrDuplicate(error)) return { ok: false, kind: "conflict", message: "Hồ sơ đã được người khác cập nhật hoặc đã nộp. Dữ liệu mới nhất được hiển thị bên dưới; nội dung bạn nhập vẫn được giữ." };
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
  claim: KeyClaim | null = null,
): Promise<DossierOutcome> {
  const row = { dossierId: dossier.id, kind: doc.kind, title: doc.title.trim(), link: doc.link.trim() || null, note: doc.note.trim() || null, addedBy: actorId, addedAt: nowIso };
  try {
    await db.batch([
      editableGuard(db, dossier.id),
      guard(db),
      db.insert(dossierDocuments).values(row),
      auditStatement(db, { actorId, action: "dossier.document_add", entity: "dossier", entityId: dossier.id, after: { kind: row.kind, title: row.title, link: row.link }, ip }),
      ...(claim ? [claimStatement(db, claim, lastIdOf("dossier_documents"))] : []),
    ]);
  } catch (error) {
    if (isKeyClash(error)) throw error;
    if (isStaleOrDuplicate(error)) return { ok: false, kind: "conflict", message: NOT_EDITABLE };
    throw error;
  }
  return { ok: true };
}

export async function removeDocument(db: Db, actorId: number, dossier: Dossier, documentId: number, ip: string | null): Promise<DossierOutcome> {
  const doc = await db.select().from(dossierDocuments).where(and(eq(dossierDocuments.id, documentId), eq(dossierDocuments.dossierId, dossier.id))).get();
  if (!doc) return { ok: false, kind: "not_found", message: "Không tìm thấy tài liệu này trong hồ sơ." };
  try {
    await db.batch([
      editableGuard(db, dossier.id),
      guard(db),
      db.delete(dossierDocuments).where(eq(dossierDocuments.id, documentId)),
      auditStatement(db, { actorId, action: "dossier.document_remove", entity: "dossier", entityId: dossier.id, before: { kind: doc.kind, title: doc.title, link: doc.link, note: doc.note }, ip }),
    ]);
  } catch (error) {
    if (isStaleOrDuplicate(error)) return { ok: false, kind: "conflict", message: NOT_EDITABLE };
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
): Promise<DossierOutcome<{ to: DossierState }>> {
  const decision = decide(dossier.status, action, ctx.role, dossier.chain);
  if (!decision.ok) return { ok: false, kind: decision.kind, message: decision.message };
  if (payload.version !== dossier.version) return { ok: false, kind: "conflict", message: "Hồ sơ vừa được người khác cập nhật. Trạng thái mới nhất được hiển thị bên dưới." };

  const set: Partial<typeof dossiers.$inferInsert> = { status: decision.to, version: dossier.version + 1 };
  const extra: Batch = [];
  let reason = payload.reason?.trim() || null;

  if (action === "submit") {
    const documentKinds = (await db.select({ kind: dossierDocuments.kind }).from(dossierDocuments).where(eq(dossierDocuments.dossierId, dossier.id)).all()).map((d) => d.kind);
    const live = await liveProblems(db, dossier, commune, documentKinds);
    if (!live) return { ok: false, kind: "invalid", message: "Bộ tiêu chí của xã đã thay đổi so với hồ sơ; không thể nộp hồ sơ này." };
    if (live.messages.length) return { ok: false, kind: "invalid", message: "Chưa thể nộp hồ sơ:", problems: { unmet: live.unmet, messages: live.messages } };
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
    if (prior) return { ok: false, kind: "invalid", message: prior };
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
    extra.push(db.update(communeRollups).set({ recognisedLevel: level }).where(eq(communeRollups.unitId, commune.id)), refreshCommuneFigures(db, commune.id));
  }

  const statements: Batch = [
    db
      .update(dossiers)
      .set(set)
      .where(and(eq(dossiers.id, dossier.id), eq(dossiers.version, payload.version), eq(dossiers.status, dossier.status))),
    guard(db),
    db.insert(dossierEvents).values({ dossierId: dossier.id, at: ctx.nowIso, actorId: ctx.actorId, action, fromStatus: dossier.status, toStatus: decision.to, reason }),
    ...extra,
    ...(await dossierOutbox(db, action, dossier, commune, reason, ctx.nowIso)), // issue 18: Zalo/e-mail/push to the commune
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
    if (isStaleOrDuplicate(error)) return { ok: false, kind: "conflict", message: "Hồ sơ vừa được người khác cập nhật. Trạng thái mới nhất được hiển thị bên dưới." };
    throw error;
  }
  return { ok: true, to: decision.to };
}

/** Reads a dossier's frozen snapshot (null before the first submission). */
export const snapshotOf = (d: Pick<Dossier, "snapshot">): Snapshot | null => (d.snapshot as unknown as Snapshot | null) ?? null;
export const previousSnapshotOf = (d: Pick<Dossier, "previousSnapshot">): Snapshot | null => (d.previousSnapshot as unknown as Snapshot | null) ?? null;
