// Feedback items (ý kiến, phản ánh, kiến nghị): create (from a commune, a cadre or a visit's concern),
// route to a department, the department's answer, the locality's rating, follow-up comments (lists and
// figures: feedback-queries.ts). Each use case is one db.batch with its events,
// notifications and audit row; status changes are version-checked and follow the transition table.
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import {
  communeBindings,
  criteria,
  departments,
  feedbackCategories,
  feedbackEvents,
  feedbackItems,
  notifications,
  visitConcerns,
  type Department,
  type Unit,
} from "../db/schema";
import { TRANSITIONS, decide, dueDateError, type FeedbackAction, type FeedbackStatus, type Party } from "../domain/feedback";
import { formatDate } from "../domain/format";
import type { Actor, Resource, UnitRef } from "../domain/permissions";
import { dueDateFor } from "../domain/working-days";
import { isAssigned } from "./assignments";
import { asBatch, guardStatement, isStale, type Batch } from "./batch";
import { outboxForNotification } from "./outbox";
import { auditStatement } from "./audit";
import { claimStatement, lastIdOf, type KeyClaim } from "./idempotency";
import { communeStaffIds, departmentUserIds, provinceAdminIds } from "./feedback-notify";
import { chunk, rowsPerStatement } from "./units";
import { countFacts, countStatements } from "./feedback-counts";
import { netCountRows } from "../domain/feedback-counts";
import type { Failure, Outcome } from "../domain/outcome";

export type FeedbackItem = typeof feedbackItems.$inferSelect;
export type Category = typeof feedbackCategories.$inferSelect;
export type FieldErrors = Record<string, string>;
/** `claim`: the form's one-time key (issue 14), recorded in the use case's batch. */
export type Ctx = { nowIso: string; today: string; holidays: ReadonlySet<string>; ip: string | null; claim?: KeyClaim | null };

/** Aborts the whole batch when the statement just before it changed no row (D1 batches are transactions). */
const guard = guardStatement;
/** The id of the feedback item inserted earlier in the same batch (rowids grow; the batch is one transaction). */
const NEW_ITEM_ID = sql`(select max(id) from feedback_items)`;

// ---- Reference data ----

export async function listCategories(db: Db, provinceId: number, activeOnly = false): Promise<Category[]> {
  const rows = await db.select().from(feedbackCategories).where(eq(feedbackCategories.provinceId, provinceId)).all();
  const collator = new Intl.Collator("vi");
  return rows.filter((c) => !activeOnly || c.active).sort((a, b) => (a.name === "Khác" ? 1 : b.name === "Khác" ? -1 : collator.compare(a.name, b.name)));
}

export async function listProvinceDepartments(db: Db, provinceId: number): Promise<Department[]> {
  const rows = await db.select().from(departments).where(eq(departments.provinceId, provinceId)).all();
  const collator = new Intl.Collator("vi");
  return rows.sort((a, b) => collator.compare(a.name, b.name));
}

export async function getDepartment(db: Db, id: number): Promise<Department | undefined> {
  return db.select().from(departments).where(eq(departments.id, id)).get();
}

export type CategoryInput = { name: string; defaultDepartmentId: number | null; slaDays: number; active: boolean };

/** Creates (id null) or updates a category of the province. */
export async function saveCategory(db: Db, admin: Actor, provinceId: number, id: number | null, input: CategoryInput, ip: string | null): Promise<Outcome<{ id: number }, Failure<"not_found" | "invalid", { errors: FieldErrors }>>> {
  const [existing, all, dept] = await Promise.all([
    id ? db.select().from(feedbackCategories).where(eq(feedbackCategories.id, id)).get() : Promise.resolve(undefined),
    listCategories(db, provinceId),
    input.defaultDepartmentId ? getDepartment(db, input.defaultDepartmentId) : Promise.resolve(undefined),
  ]);
  if (id && (!existing || existing.provinceId !== provinceId)) return { ok: false, kind: "not_found", errors: {} };
  const errors: FieldErrors = {};
  const name = input.name.trim();
  if (all.some((c) => c.id !== id && c.name.toLocaleLowerCase("vi") === name.toLocaleLowerCase("vi"))) errors.name = "Đã có lĩnh vực cùng tên.";
  if (input.defaultDepartmentId && (!dept || dept.provinceId !== provinceId)) errors.defaultDepartmentId = "Sở, ngành không tồn tại trong danh sách của tỉnh.";
  if (Object.keys(errors).length) return { ok: false, kind: "invalid", errors };
  const values = { provinceId, name, defaultDepartmentId: input.defaultDepartmentId, slaDays: input.slaDays, active: input.active };
  if (existing) {
    await db.batch([
      db.update(feedbackCategories).set(values).where(eq(feedbackCategories.id, existing.id)),
      auditStatement(db, { actorId: admin.id, action: "feedback_category.update", entity: "feedback_category", entityId: existing.id, before: existing, after: values, ip }),
    ]);
    return { ok: true, id: existing.id };
  }
  const [inserted] = await db.batch([
    db.insert(feedbackCategories).values(values).returning({ id: feedbackCategories.id }),
    auditStatement(db, { actorId: admin.id, action: "feedback_category.create", entity: "feedback_category", entityId: name, after: values, ip }),
  ]);
  return { ok: true, id: inserted[0].id };
}

/** The criteria of the commune's bound set (for the optional "criterion" link of an item). */
export async function communeCriteria(db: Db, communeId: number): Promise<{ id: number; number: number; name: string }[]> {
  const binding = await db.select({ setId: communeBindings.setId }).from(communeBindings).where(eq(communeBindings.unitId, communeId)).get();
  if (!binding) return [];
  return db.select({ id: criteria.id, number: criteria.number, name: criteria.name }).from(criteria).where(eq(criteria.setId, binding.setId)).orderBy(asc(criteria.number)).all();
}

// ---- Items ----

export async function getItem(db: Db, id: number): Promise<FeedbackItem | undefined> {
  return db.select().from(feedbackItems).where(eq(feedbackItems.id, id)).get();
}

/** The unit an item is about, for scope checks: its hamlet when given, else its commune. */
export function itemUnitRef(item: Pick<FeedbackItem, "unitId" | "hamletId" | "provinceId" | "districtId">): UnitRef {
  return item.hamletId
    ? { id: item.hamletId, level: "hamlet", provinceId: item.provinceId, districtId: item.districtId, communeId: item.unitId }
    : { id: item.unitId, level: "commune", provinceId: item.provinceId, districtId: item.districtId, communeId: null };
}

/** Everything can() needs about an item and the actor (the assignment lookup only for cadres). */
export async function itemResource(db: Db, actor: Actor, item: FeedbackItem, today: string): Promise<Resource> {
  const unit = itemUnitRef(item);
  return { unit, assigned: await isAssigned(db, actor, unit, today), createdBy: item.createdBy, departmentId: item.departmentId };
}

export type CreateInput = {
  commune: Unit;
  hamlet: Unit | null;
  source: "visit" | "commune" | "cadre";
  visitConcernId: number | null;
  criterionId: number | null;
  categoryId: number;
  departmentId: number | null;
  title: string;
  content: string;
  dueDate: string | null;
};

export type CreateOutcome = Outcome<{ id: number; status: FeedbackStatus }, Failure<"conflict" | "invalid", { errors: FieldErrors }>>;

/**
 * A new item: routed at once to the chosen department or the category's default one (status "routed"),
 * otherwise "new" for the coordinating office to route. Due date: the SLA in working days from today,
 * unless a later date is chosen. A visit concern is linked in the same batch (once only: 409 after).
 */
export async function createFeedback(db: Db, actor: Actor, input: CreateInput, ctx: Ctx): Promise<CreateOutcome> {
  const provinceId = input.commune.provinceId!;
  const [category, dept, criteriaOfCommune] = await Promise.all([
    db.select().from(feedbackCategories).where(eq(feedbackCategories.id, input.categoryId)).get(),
    input.departmentId ? getDepartment(db, input.departmentId) : Promise.resolve(undefined),
    input.criterionId ? communeCriteria(db, input.commune.id) : Promise.resolve([]),
  ]);
  const errors: FieldErrors = {};
  if (!category || category.provinceId !== provinceId || !category.active) errors.categoryId = "Vui lòng chọn lĩnh vực trong danh sách.";
  if (input.departmentId && (!dept || dept.provinceId !== provinceId)) errors.departmentId = "Sở, ngành không tồn tại trong danh sách của tỉnh.";
  if (input.criterionId && !criteriaOfCommune.some((c) => c.id === input.criterionId)) errors.criterionId = "Tiêu chí không thuộc bộ tiêu chí của xã.";
  const dueProblem = dueDateError(input.dueDate, ctx.today);
  if (dueProblem) errors.dueDate = dueProblem;
  if (Object.keys(errors).length) return { ok: false, kind: "invalid", errors };

  const departmentId = input.departmentId ?? category!.defaultDepartmentId ?? null;
  const status: FeedbackStatus = departmentId ? "routed" : "new";
  const slaDays = category!.slaDays;
  const dueDate = input.dueDate ?? dueDateFor(ctx.today, slaDays, ctx.holidays);
  const values = {
    provinceId,
    unitId: input.commune.id,
    hamletId: input.hamlet?.id ?? null,
    districtId: input.commune.districtId,
    source: input.source,
    visitConcernId: input.visitConcernId,
    criterionId: input.criterionId,
    categoryId: category!.id,
    departmentId,
    title: input.title.trim(),
    content: input.content.trim(),
    status,
    receivedAt: ctx.nowIso,
    slaDays,
    dueDate,
    createdBy: actor.id,
  };
  const link = sql`'/feedback/' || ${NEW_ITEM_ID}`;
  const recipients = departmentId ? await departmentUserIds(db, provinceId, departmentId) : await provinceAdminIds(db, provinceId);
  const statements: Batch = [db.insert(feedbackItems).values(values).returning({ id: feedbackItems.id }), ...countStatements(db, netCountRows(null, countFacts({ ...values, answeredAt: null, rating: null })))];
  if (input.visitConcernId) {
    statements.push(
      db
        .update(visitConcerns)
        .set({ feedbackId: NEW_ITEM_ID })
        .where(and(eq(visitConcerns.id, input.visitConcernId), sql`${visitConcerns.feedbackId} is null`)),
      guard(db),
    );
  }
  statements.push(db.insert(feedbackEvents).values({ feedbackId: NEW_ITEM_ID, at: ctx.nowIso, actorId: actor.id, kind: "created", fromStatus: null, toStatus: "new", text: null }));
  if (departmentId) {
    statements.push(db.insert(feedbackEvents).values({ feedbackId: NEW_ITEM_ID, at: ctx.nowIso, actorId: actor.id, kind: "routed", fromStatus: "new", toStatus: "routed", departmentId, text: null }));
  }
  statements.push(
    ...notify(db, recipients, { kind: departmentId ? "feedback.routed" : "feedback.new", text: `${departmentId ? "Phản ánh mới được chuyển đến" : "Phản ánh mới cần chuyển sở, ngành"}: “${values.title}” (${input.commune.name}), hạn trả lời ${formatDate(dueDate)}.`, link }, ctx.nowIso, actor.id),
    auditStatement(db, { actorId: actor.id, action: "feedback.create", entity: "feedback_item", entityId: sql`(select cast(max(id) as text) from feedback_items)`, after: values, ip: ctx.ip }),
  );
  if (ctx.claim) statements.push(claimStatement(db, ctx.claim, lastIdOf("feedback_items")));
  try {
    const [inserted] = (await db.batch(asBatch(statements))) as unknown as [{ id: number }[]];
    return { ok: true, id: inserted[0].id, status };
  } catch (error) {
    if (isStale(error)) return { ok: false, kind: "conflict", errors: { form: "Ý kiến này đã được chuyển thành phản ánh trước đó." } };
    throw error;
  }
}

function notify(db: Db, userIds: number[], n: { kind: string; text: string; link: string | SQL }, nowIso: string, except: number | null): Batch {
  const ids = [...new Set(userIds)].filter((id) => id !== except);
  return [
    ...chunk(
      ids.map((userId) => ({ userId, createdAt: nowIso, kind: n.kind, text: n.text, link: n.link })),
      rowsPerStatement(5),
    ).map((part) => db.insert(notifications).values(part)),
    // Issue 18: the same event goes out by Zalo, e-mail, push (the outbox row, in this batch).
    ...outboxForNotification(db, ids, n, nowIso),
  ];
}

export type TransitionInput =
  | { action: "route" | "reroute"; departmentId: number; dueDate: string | null; note: string }
  | { action: "accept" }
  | { action: "return"; reason: string }
  | { action: "answer"; publicAnswer: string; internalNote: string }
  | { action: "rate"; rating: number; comment: string }
  | { action: "close"; note: string }
  | { action: "comment"; text: string };

export type TransitionOutcome = Outcome<{ item: FeedbackItem }, Failure<"forbidden", { errors: FieldErrors; current: FeedbackItem }> | Failure<"conflict" | "invalid", { errors: FieldErrors; current: FeedbackItem }>>;

const STALE_MESSAGE = "Phản ánh vừa được người khác cập nhật. Trang hiển thị dữ liệu mới nhất; nội dung bạn nhập vẫn được giữ lại.";

/**
 * One step of the workflow. 403/409 from the transition table; 409 too when the item changed since the
 * form was loaded (version) — with the current item; 422 for bad input. Nothing is written unless all pass.
 */
export async function applyTransition(db: Db, actor: Actor, item: FeedbackItem, parties: Party[], input: TransitionInput, version: number | null, ctx: Ctx): Promise<TransitionOutcome> {
  const fail = (kind: "forbidden" | "conflict" | "invalid", errors: FieldErrors): TransitionOutcome => ({ ok: false, kind, errors, current: item });
  const decision = decide(input.action, item.status, parties);
  if (!decision.ok) return fail(decision.kind, { form: decision.message });
  if (input.action !== "comment" && version !== item.version) return fail("conflict", { form: STALE_MESSAGE });

  const set: Partial<typeof feedbackItems.$inferInsert> = { status: decision.to };
  let eventDept: number | null = null;
  let eventText: string | null = null;
  let recipients: number[] = [];
  let message = "";
  const link = `/feedback/${item.id}`;
  const title = `“${item.title}”`;
  const sender = async () => [item.createdBy, ...(await communeStaffIds(db, item.unitId))];
  switch (input.action) {
    case "route":
    case "reroute": {
      const dept = await getDepartment(db, input.departmentId);
      if (!dept || dept.provinceId !== item.provinceId) return fail("invalid", { departmentId: "Sở, ngành không tồn tại trong danh sách của tỉnh." });
      if (input.action === "reroute" && dept.id === item.departmentId) return fail("invalid", { departmentId: "Phản ánh đang ở sở, ngành này; hãy chọn sở, ngành khác." });
      const dueProblem = dueDateError(input.dueDate, ctx.today);
      if (dueProblem) return fail("invalid", { dueDate: dueProblem });
      set.departmentId = dept.id;
      if (input.dueDate) set.dueDate = input.dueDate;
      if (input.dueDate && input.dueDate !== item.dueDate) {
        set.flagged80At = null;
        set.flagged100At = null;
      }
      eventDept = dept.id;
      eventText = input.note.trim() || null;
      recipients = await departmentUserIds(db, item.provinceId, dept.id);
      message = `Phản ánh được chuyển đến ${dept.name}: ${title}, hạn trả lời ${formatDate(input.dueDate ?? item.dueDate)}.`;
      break;
    }
    case "accept":
      recipients = [item.createdBy];
      message = `Phản ánh ${title} đã được sở, ngành nhận xử lý.`;
      break;
    case "return":
      if (!input.reason.trim()) return fail("invalid", { reason: "Vui lòng nêu lý do trả lại." });
      eventText = input.reason.trim();
      recipients = [...(await provinceAdminIds(db, item.provinceId)), item.createdBy];
      message = `Phản ánh ${title} bị sở, ngành trả lại: ${eventText}`;
      break;
    case "answer":
      if (!input.publicAnswer.trim()) return fail("invalid", { publicAnswer: "Vui lòng nhập nội dung trả lời." });
      set.publicAnswer = input.publicAnswer.trim();
      set.internalNote = input.internalNote.trim() || null;
      set.answeredAt = ctx.nowIso;
      eventText = set.publicAnswer;
      recipients = await sender();
      message = `Phản ánh ${title} đã có câu trả lời.`;
      break;
    case "rate":
      if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) return fail("invalid", { rating: "Vui lòng chọn mức đánh giá từ 1 đến 5." });
      set.rating = input.rating;
      set.ratedAt = ctx.nowIso;
      eventText = `${input.rating}/5${input.comment.trim() ? ` — ${input.comment.trim()}` : ""}`;
      recipients = item.departmentId ? await departmentUserIds(db, item.provinceId, item.departmentId) : [];
      message = `Câu trả lời cho phản ánh ${title} được đánh giá ${input.rating}/5.`;
      break;
    case "close":
      eventText = input.note.trim() || null;
      recipients = [item.createdBy, ...(item.departmentId ? await departmentUserIds(db, item.provinceId, item.departmentId) : [])];
      message = `Phản ánh ${title} đã được đóng.`;
      break;
    case "comment": {
      if (!input.text.trim()) return fail("invalid", { text: "Vui lòng nhập nội dung ý kiến." });
      eventText = input.text.trim();
      const dept = item.departmentId ? await departmentUserIds(db, item.provinceId, item.departmentId) : [];
      const fromDepartment = parties.includes("department") && !parties.includes("sender");
      recipients = fromDepartment ? await sender() : dept.length ? dept : await provinceAdminIds(db, item.provinceId);
      if (parties.includes("coordinator")) recipients = [...dept, item.createdBy];
      message = `Ý kiến mới về phản ánh ${title}: ${eventText.slice(0, 120)}`;
      break;
    }
  }

  const statements: Batch = [];
  if (input.action !== "comment") {
    statements.push(
      db
        .update(feedbackItems)
        .set({ ...set, version: item.version + 1 })
        .where(and(eq(feedbackItems.id, item.id), eq(feedbackItems.version, item.version))),
      guard(db),
      // The figures move with the item (department, due date, answer, rating): from the row the version check found.
      ...countStatements(db, netCountRows(countFacts(item), countFacts({ ...item, ...set }))),
    );
  }
  statements.push(
    db.insert(feedbackEvents).values({
      feedbackId: item.id,
      at: ctx.nowIso,
      actorId: actor.id,
      kind: input.action === "route" || input.action === "reroute" ? (item.departmentId && item.departmentId !== eventDept ? "rerouted" : "routed") : input.action,
      fromStatus: item.status,
      toStatus: decision.to,
      departmentId: eventDept,
      text: eventText,
    }),
    ...notify(db, recipients, { kind: `feedback.${input.action}`, text: message, link }, ctx.nowIso, actor.id),
    auditStatement(db, {
      actorId: actor.id,
      action: `feedback.${input.action}`,
      entity: "feedback_item",
      entityId: item.id,
      before: { status: item.status, departmentId: item.departmentId, dueDate: item.dueDate },
      after: { ...set, text: eventText },
      ip: ctx.ip,
    }),
  );
  if (ctx.claim) statements.push(claimStatement(db, ctx.claim, item.id));
  try {
    await db.batch(asBatch(statements));
  } catch (error) {
    if (isStale(error)) return { ok: false, kind: "conflict", errors: { form: STALE_MESSAGE }, current: (await getItem(db, item.id))! };
    throw error;
  }
  return { ok: true, item: (await getItem(db, item.id))! };
}

export { TRANSITIONS, type FeedbackAction };
