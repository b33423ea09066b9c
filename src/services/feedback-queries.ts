// Reading feedback items: an item's events and names, the commune list, the department inbox, overdue items,
// and the figures for leaders (period digest).
import { and, asc, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "../db/client";
import { criteria, departments, feedbackCategories, feedbackEvents, feedbackItems, units, users, visitConcerns, type Unit } from "../db/schema";
import { OPEN_STATUSES, digestOf, emptyFigures, slaState, workingDaysLeft, type Digest, type DigestFigures, type FeedbackStatus, type SlaState } from "../domain/feedback";
import { figuresFromRows } from "../domain/feedback-counts";
import { periodCountRows } from "./feedback-counts";
import { vnDateOf } from "../domain/clock";
import { listCategories, listProvinceDepartments, type FeedbackItem } from "./feedback";
import type { Cursor } from "../domain/keyset";
import { chunk } from "./units";
import { loadHolidays } from "./working-days";

export type EventView = typeof feedbackEvents.$inferSelect & { actorName: string | null; departmentName: string | null };

export async function itemEvents(db: Db, itemId: number): Promise<EventView[]> {
  const rows = await db.select().from(feedbackEvents).where(eq(feedbackEvents.feedbackId, itemId)).orderBy(asc(feedbackEvents.at), asc(feedbackEvents.id)).limit(300).all();
  const actorIds = [...new Set(rows.map((r) => r.actorId).filter((id): id is number => id !== null))];
  const deptIds = [...new Set(rows.map((r) => r.departmentId).filter((id): id is number => id !== null))];
  const [actors, depts] = await Promise.all([
    actorIds.length ? db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, actorIds.slice(0, 90))).all() : Promise.resolve([]),
    deptIds.length ? db.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, deptIds.slice(0, 90))).all() : Promise.resolve([]),
  ]);
  const actorName = new Map(actors.map((a) => [a.id, a.name]));
  const deptName = new Map(depts.map((d) => [d.id, d.name]));
  return rows.map((r) => ({ ...r, actorName: r.actorId ? actorName.get(r.actorId) ?? null : null, departmentName: r.departmentId ? deptName.get(r.departmentId) ?? null : null }));
}

export type ItemNames = {
  commune: Pick<Unit, "id" | "code" | "name">;
  hamlet: Pick<Unit, "id" | "code" | "name"> | null;
  categoryName: string;
  departmentName: string | null;
  creatorName: string | null;
  criterion: { number: number; name: string } | null;
  visitId: number | null;
};

/** The names an item page shows (a few primary-key reads). */
export async function itemNames(db: Db, item: FeedbackItem): Promise<ItemNames> {
  const unitIds = [item.unitId, item.hamletId].filter((id): id is number => id !== null);
  const [unitRows, category, dept, creator, crit, concern] = await Promise.all([
    db.select({ id: units.id, code: units.code, name: units.name }).from(units).where(inArray(units.id, unitIds)).all(),
    db.select({ name: feedbackCategories.name }).from(feedbackCategories).where(eq(feedbackCategories.id, item.categoryId)).get(),
    item.departmentId ? db.select({ name: departments.name }).from(departments).where(eq(departments.id, item.departmentId)).get() : Promise.resolve(undefined),
    db.select({ name: users.displayName }).from(users).where(eq(users.id, item.createdBy)).get(),
    item.criterionId ? db.select({ number: criteria.number, name: criteria.name }).from(criteria).where(eq(criteria.id, item.criterionId)).get() : Promise.resolve(undefined),
    item.visitConcernId ? db.select({ visitId: visitConcerns.visitId }).from(visitConcerns).where(eq(visitConcerns.id, item.visitConcernId)).get() : Promise.resolve(undefined),
  ]);
  const unitOf = (id: number | null) => unitRows.find((u) => u.id === id) ?? null;
  return {
    commune: unitOf(item.unitId) ?? { id: item.unitId, code: "", name: "" },
    hamlet: unitOf(item.hamletId),
    categoryName: category?.name ?? "",
    departmentName: dept?.name ?? null,
    creatorName: creator?.name ?? null,
    criterion: crit ?? null,
    visitId: concern?.visitId ?? null,
  };
}

export type ListRow = {
  id: number;
  title: string;
  status: FeedbackStatus;
  communeName: string;
  communeCode: string;
  hamletName: string | null;
  categoryName: string;
  departmentName: string | null;
  receivedAt: string;
  dueDate: string;
  answeredAt: string | null;
  rating: number | null;
  sla: SlaState;
};

const hamlets = alias(units, "hamlets");
/** A list row's columns with its commune's and hamlet's names (aliased: the metered client keys columns by name). */
const listColumns = {
  id: feedbackItems.id,
  title: feedbackItems.title,
  status: feedbackItems.status,
  categoryId: feedbackItems.categoryId,
  departmentId: feedbackItems.departmentId,
  receivedAt: feedbackItems.receivedAt,
  dueDate: feedbackItems.dueDate,
  answeredAt: feedbackItems.answeredAt,
  rating: feedbackItems.rating,
  communeName: sql<string | null>`${units.name}`.as("commune_name"),
  communeCode: sql<string | null>`${units.code}`.as("commune_code"),
  hamletName: sql<string | null>`${hamlets.name}`.as("hamlet_name"),
};

/**
 * Feedback items with their units' names, joined by primary key (one row read per item, none for no hamlet). Left
 * joins keep the items the outer loop, so the list's own index still orders it.
 */
const listed = (db: Db) =>
  db.select(listColumns).from(feedbackItems).leftJoin(units, eq(units.id, feedbackItems.unitId)).leftJoin(hamlets, eq(hamlets.id, feedbackItems.hamletId));
type NamedRow = Awaited<ReturnType<ReturnType<typeof listed>["all"]>>[number];

/** The distinct non-null ids `of` the rows (a page: ≤ 200, in statements of ≤ 90 parameters). */
const idChunks = (rows: NamedRow[], of: (r: NamedRow) => number | null) => chunk([...new Set(rows.map(of).filter((id): id is number => id !== null))], 90);

/**
 * List rows with their category and department names and their deadline state as of `today`. The names are read by
 * the ids the rows hold (a few categories, one department for an inbox), never the province's whole lists.
 */
async function decorate(db: Db, rows: NamedRow[], today: string, provinceId: number | null): Promise<ListRow[]> {
  if (rows.length === 0) return [];
  const named = (ids: number[][], read: (ids: number[]) => Promise<{ id: number; name: string }[]>) => Promise.all(ids.map(read)).then((r) => new Map(r.flat().map((x) => [x.id, x.name])));
  // The holidays between the rows' dates and today only (the deadline state counts working days between them).
  const dates = rows.flatMap((r) => [vnDateOf(r.receivedAt), r.dueDate, r.answeredAt ? vnDateOf(r.answeredAt) : today]).concat(today).sort();
  const [cat, dept, holidays] = await Promise.all([
    named(idChunks(rows, (r) => r.categoryId), (ids) => db.select({ id: feedbackCategories.id, name: feedbackCategories.name }).from(feedbackCategories).where(inArray(feedbackCategories.id, ids)).all()),
    named(idChunks(rows, (r) => r.departmentId), (ids) => db.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, ids)).all()),
    loadHolidays(db, dates[0], dates[dates.length - 1], provinceId),
  ]);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    communeName: r.communeName ?? "",
    communeCode: r.communeCode ?? "",
    hamletName: r.hamletName,
    categoryName: cat.get(r.categoryId) ?? "",
    departmentName: r.departmentId ? (dept.get(r.departmentId) ?? null) : null,
    receivedAt: r.receivedAt,
    dueDate: r.dueDate,
    answeredAt: r.answeredAt,
    rating: r.rating,
    sla: slaState({ receivedDate: vnDateOf(r.receivedAt), dueDate: r.dueDate, answeredDate: r.answeredAt ? vnDateOf(r.answeredAt) : null }, today, holidays),
    // Working days left (negative: overdue), for "còn N ngày làm việc" / "quá hạn N ngày" (issue 15).
    daysLeft: r.answeredAt ? null : workingDaysLeft(r.dueDate, today, holidays),
  }));
}

export const STATUS_FILTERS: Record<string, { label: string; statuses: FeedbackStatus[] }> = {
  open: { label: "Đang chờ trả lời", statuses: OPEN_STATUSES },
  answered: { label: "Đã trả lời", statuses: ["answered"] },
  closed: { label: "Đã đóng", statuses: ["closed"] },
  all: { label: "Tất cả", statuses: ["new", "routed", "in_progress", "returned", "answered", "closed"] },
};

/** A commune's items, newest first: a keyset page of `limit` items older than `before` (feedback_unit_received index). */
export async function listForCommune(db: Db, commune: { id: number; provinceId: number | null }, statuses: FeedbackStatus[], today: string, limit = 200, before: Cursor | null = null): Promise<ListRow[]> {
  const rows = await listed(db)
    .where(and(eq(feedbackItems.unitId, commune.id), inArray(feedbackItems.status, statuses), before ? sql`(${feedbackItems.receivedAt}, ${feedbackItems.id}) < (${before.key}, ${before.id})` : undefined))
    .orderBy(desc(feedbackItems.receivedAt), desc(feedbackItems.id))
    .limit(limit)
    .all();
  return decorate(db, rows, today, commune.provinceId);
}

/**
 * The status filter written out (FeedbackStatus values, never user text): a literal term, so SQLite may use the
 * partial index feedback_department_open_due for the open items (a bound parameter would not match its WHERE).
 */
const statusIn = (statuses: FeedbackStatus[]) => sql.raw(`"feedback_items"."status" in (${statuses.map((s) => `'${s.replace(/[^a-z_]/g, "")}'`).join(", ")})`);

/**
 * A department's inbox, earliest deadline first, a keyset page of `limit` items after `after` (the open items through
 * feedback_department_open_due, one status through feedback_department_status: no sort, no walk over closed items).
 */
export async function listForDepartment(db: Db, department: { id: number; provinceId: number }, statuses: FeedbackStatus[], today: string, limit = 200, after: Cursor | null = null): Promise<ListRow[]> {
  const rows = await listed(db)
    .where(and(eq(feedbackItems.departmentId, department.id), statusIn(statuses), after ? sql`(${feedbackItems.dueDate}, ${feedbackItems.id}) > (${after.key}, ${after.id})` : undefined))
    .orderBy(asc(feedbackItems.dueDate), asc(feedbackItems.id))
    .limit(limit)
    .all();
  return decorate(db, rows, today, department.provinceId);
}

/** Open items past their due date in a province (or district), most overdue first (feedback_province_open_due index). */
export async function overdueItems(db: Db, area: { provinceId: number; districtId: number | null }, today: string, limit = 200): Promise<ListRow[]> {
  const rows = await listed(db)
    // feedback_province_open_due (the status list written out to match the partial index): the province's open items
    // in due-date order, the first `limit` of them read, never every open item past due nor the province's history.
    .where(and(eq(feedbackItems.provinceId, area.provinceId), statusIn(OPEN_STATUSES), lt(feedbackItems.dueDate, today), area.districtId ? eq(feedbackItems.districtId, area.districtId) : undefined))
    .orderBy(asc(feedbackItems.dueDate), asc(feedbackItems.id))
    .limit(limit)
    .all();
  return decorate(db, rows, today, area.provinceId);
}

/**
 * Figures for [from, to] by department and category (the leaders' page and the monthly digest), from the counters kept
 * on write (feedback_counts): a few block rows per key for each of the two prefix sums, whatever the years of history.
 */
export async function periodFigures(db: Db, provinceId: number, from: string, to: string, districtId: number | null = null): Promise<Digest> {
  const [rows, depts, cats] = await Promise.all([periodCountRows(db, provinceId, from, to, districtId), listProvinceDepartments(db, provinceId), listCategories(db, provinceId)]);
  const total = emptyFigures();
  const byDept = new Map<number | null, DigestFigures>();
  const byCat = new Map<number, DigestFigures>();
  for (const [id, figures] of figuresFromRows(rows, from, to)) {
    const [dim, key] = id.split("|");
    if (dim === "cat") {
      byCat.set(Number(key), figures);
      continue;
    }
    byDept.set(Number(key) === 0 ? null : Number(key), figures);
    for (const k of COUNTED) total[k] += figures[k];
  }
  return digestOf({ from, to }, total, byDept, byCat, {
    departments: new Map(depts.map((d) => [d.id, d.name])),
    categories: new Map(cats.map((c) => [c.id, c.name])),
  });
}

/** Every item has one department key (0: not routed), so the total is the sum of the department rows. */
const COUNTED = ["received", "answered", "answeredOnTime", "answeredLate", "pending", "overdue", "ratings", "ratingSum"] as const;
