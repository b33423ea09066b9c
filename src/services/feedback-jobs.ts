// The feedback loop's scheduled work (registered in src/scheduled.ts): every day, flag open items at 80 %
// and 100 % of their time and notify the department's users and the province's admins; on the 1st
// (Vietnam date), build each province's digest of the month before and store it as a report page.
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { asBatch, type Batch } from "./batch";
import type { Db } from "../db/client";
import { feedbackCategories, feedbackDigests, feedbackEvents, feedbackItems, notifications, units } from "../db/schema";
import { OPEN_STATUSES, flagsDue, type Digest } from "../domain/feedback";
import { formatDate } from "../domain/format";
import { monthBounds, previousMonth } from "../domain/working-days";
import { vnDateOf } from "../domain/clock";
import { auditStatement } from "./audit";
import { periodFigures } from "./feedback-queries";
import { departmentUserIds, digestRecipientIds, noMail, provinceAdminIds, type NotificationDraft, type NotificationMailer } from "./feedback-notify";
import { chunk, rowsPerStatement } from "./units";
import { outboxStatements } from "./outbox";
import { loadHolidays } from "./working-days";

export async function runFeedbackJobs(db: Db, now: Date, vnDate: string, mailer: NotificationMailer = noMail): Promise<void> {
  await flagDeadlines(db, now.toISOString(), vnDate, mailer);
  if (vnDate.endsWith("-01")) await buildMonthlyDigests(db, previousMonth(vnDate), now.toISOString());
}

export type FlagResult = { flagged80: number[]; flagged100: number[]; notifications: number };

/**
 * Flags open items that reached 80 % or 100 % of their SLA on `today` (each flag once: flagged_80_at,
 * flagged_100_at) with an event and a notification to the department's users and the province's admins,
 * all in one batch. Reads the open items not yet flagged at 100 % (feedback_status_due index).
 */
export async function flagDeadlines(db: Db, nowIso: string, today: string, mailer: NotificationMailer = noMail): Promise<FlagResult> {
  const rows = await db
    .select({
      id: feedbackItems.id,
      provinceId: feedbackItems.provinceId,
      unitId: feedbackItems.unitId,
      departmentId: feedbackItems.departmentId,
      title: feedbackItems.title,
      status: feedbackItems.status,
      receivedAt: feedbackItems.receivedAt,
      dueDate: feedbackItems.dueDate,
      flagged80At: feedbackItems.flagged80At,
      flagged100At: feedbackItems.flagged100At,
    })
    .from(feedbackItems)
    .where(and(inArray(feedbackItems.status, OPEN_STATUSES), isNull(feedbackItems.flagged100At)))
    .all();
  const result: FlagResult = { flagged80: [], flagged100: [], notifications: 0 };
  if (rows.length === 0) return result;
  const earliest = rows.reduce((min, r) => (r.receivedAt < min ? r.receivedAt : min), rows[0].receivedAt);
  // Each item's deadline counts its own province's days off (national + the province's own).
  const holidaysOf = new Map<number, Set<string>>();
  for (const provinceId of new Set(rows.map((r) => r.provinceId))) holidaysOf.set(provinceId, await loadHolidays(db, vnDateOf(earliest), today, provinceId));
  const due = rows
    .map((r) => ({ r, f: flagsDue({ receivedDate: vnDateOf(r.receivedAt), dueDate: r.dueDate, status: r.status, flagged80: r.flagged80At !== null, flagged100: false }, today, holidaysOf.get(r.provinceId)!) }))
    .filter(({ f }) => f.flag80 || f.flag100);
  if (due.length === 0) return result;

  const unitIds = [...new Set(due.map(({ r }) => r.unitId))];
  const names = new Map<number, string>();
  for (const ids of chunk(unitIds, 90)) for (const u of await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, ids)).all()) names.set(u.id, u.name);
  const recipientCache = new Map<string, number[]>();
  const recipientsOf = async (provinceId: number, departmentId: number | null) => {
    const key = `${provinceId}:${departmentId ?? ""}`;
    if (!recipientCache.has(key)) {
      const [dept, admins] = await Promise.all([departmentId ? departmentUserIds(db, provinceId, departmentId) : Promise.resolve([]), provinceAdminIds(db, provinceId)]);
      recipientCache.set(key, [...new Set([...dept, ...admins])]);
    }
    return recipientCache.get(key)!;
  };

  const notes: { userId: number; createdAt: string; kind: string; text: string; link: string }[] = [];
  const events: (typeof feedbackEvents.$inferInsert)[] = [];
  const mail: { userIds: number[]; notification: NotificationDraft }[] = [];
  const outgoing: Batch = []; // issue 18: one outbox row per flag, in the same batch
  for (const { r, f } of due) {
    const kind = f.flag100 ? "flag100" : "flag80";
    (f.flag100 ? result.flagged100 : result.flagged80).push(r.id);
    const where = names.get(r.unitId) ?? "";
    const text = f.flag100
      ? today > r.dueDate
        ? `Phản ánh “${r.title}” (${where}) đã quá hạn trả lời (hạn ${formatDate(r.dueDate)}).`
        : `Phản ánh “${r.title}” (${where}) đến hạn trả lời hôm nay (${formatDate(r.dueDate)}).`
      : `Phản ánh “${r.title}” (${where}) đã dùng 80% thời hạn; hạn trả lời ${formatDate(r.dueDate)}.`;
    const draft = { kind: `feedback.${kind}`, text, link: `/feedback/${r.id}` };
    const userIds = await recipientsOf(r.provinceId, r.departmentId);
    for (const userId of userIds) notes.push({ userId, createdAt: nowIso, ...draft });
    mail.push({ userIds, notification: draft });
    outgoing.push(...outboxStatements(db, kind, userIds, { text, link: draft.link, title: r.title, place: where, due: formatDate(r.dueDate) }, draft.link, nowIso));
    events.push({ feedbackId: r.id, at: nowIso, actorId: null, kind, fromStatus: r.status, toStatus: r.status, departmentId: r.departmentId, text: f.flag100 ? "Đến hạn trả lời (100% thời hạn)" : "Đã dùng 80% thời hạn" });
  }
  result.notifications = notes.length;
  const statements: Batch = [];
  for (const ids of chunk(result.flagged80, 90)) {
    statements.push(db.update(feedbackItems).set({ flagged80At: nowIso }).where(and(inArray(feedbackItems.id, ids), isNull(feedbackItems.flagged80At))));
  }
  for (const ids of chunk(result.flagged100, 90)) {
    statements.push(
      db
        .update(feedbackItems)
        .set({ flagged100At: nowIso, flagged80At: sql`coalesce(${feedbackItems.flagged80At}, ${nowIso})` })
        .where(and(inArray(feedbackItems.id, ids), isNull(feedbackItems.flagged100At))),
    );
  }
  statements.push(...chunk(events, rowsPerStatement(8)).map((part) => db.insert(feedbackEvents).values(part)));
  statements.push(...chunk(notes, rowsPerStatement(5)).map((part) => db.insert(notifications).values(part)));
  statements.push(...outgoing);
  statements.push(auditStatement(db, { actorId: null, action: "feedback.flag", entity: "feedback_item", entityId: null, after: { date: today, flagged80: result.flagged80, flagged100: result.flagged100 } }));
  await db.batch(asBatch(statements));
  await mailer.deliver(mail);
  return result;
}

/** Builds (or rebuilds) one province's digest of `month` ("2026-10") and stores it. */
export async function buildMonthlyDigest(db: Db, provinceId: number, month: string, nowIso: string, actorId: number | null = null, announce = false): Promise<Digest> {
  const { first, last } = monthBounds(month);
  const digest = await periodFigures(db, provinceId, first, last);
  const data = digest as unknown as Record<string, unknown>;
  // Issue 18: the cron's digest goes out (outbox row in the same batch) to the province's admins, leaders and departments.
  const link = `/reports/feedback/${month}`;
  const t = digest.total;
  const outgoing = announce
    ? outboxStatements(db, "digest", await digestRecipientIds(db, provinceId), { text: `Tổng hợp phản ánh tháng ${month.slice(5)}/${month.slice(0, 4)}`, link, month: `${month.slice(5)}/${month.slice(0, 4)}`, received: t.received, answered: t.answered, onTime: t.answeredOnTime }, `${provinceId}/${month}`, nowIso)
    : [];
  await db.batch(
    asBatch([
      db
        .insert(feedbackDigests)
        .values({ provinceId, month, createdAt: nowIso, data })
        .onConflictDoUpdate({ target: [feedbackDigests.provinceId, feedbackDigests.month], set: { createdAt: nowIso, data } }),
      auditStatement(db, { actorId, provinceId, action: "feedback_digest.build", entity: "feedback_digest", entityId: `${provinceId}/${month}`, after: { received: digest.total.received, answered: digest.total.answered } }),
      ...outgoing,
    ]),
  );
  return digest;
}

/** Every province running the feedback loop (it has categories) gets its digest of `month`. */
export async function buildMonthlyDigests(db: Db, month: string, nowIso: string): Promise<number[]> {
  const provinces = await db.select({ provinceId: feedbackCategories.provinceId }).from(feedbackCategories).groupBy(feedbackCategories.provinceId).all();
  for (const p of provinces) await buildMonthlyDigest(db, p.provinceId, month, nowIso, null, true);
  return provinces.map((p) => p.provinceId);
}

export type StoredDigest = { month: string; createdAt: string; digest: Digest };

export async function getDigest(db: Db, provinceId: number, month: string): Promise<StoredDigest | null> {
  const row = await db.select().from(feedbackDigests).where(and(eq(feedbackDigests.provinceId, provinceId), eq(feedbackDigests.month, month))).get();
  return row ? { month: row.month, createdAt: row.createdAt, digest: row.data as unknown as Digest } : null;
}

/** Months with a stored digest, newest first. */
export async function digestMonths(db: Db, provinceId: number): Promise<string[]> {
  const rows = await db.select({ month: feedbackDigests.month }).from(feedbackDigests).where(eq(feedbackDigests.provinceId, provinceId)).orderBy(desc(feedbackDigests.month)).limit(36).all();
  return rows.map((r) => r.month);
}

