// Feedback items (ý kiến, phản ánh, kiến nghị): who may do what from which status, SLA state, flags and
// the monthly digest figures. Pure: the caller passes today's date, holidays and the items.
import { isOverdue, slaUsedPercent, workingDaysBetween, type HolidaySet } from "./working-days";
import { can, type Actor, type Resource } from "./permissions";
import type { Failure, Outcome } from "./outcome";

export const FEEDBACK_STATUS_LIST = ["new", "routed", "in_progress", "answered", "closed", "returned"] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUS_LIST)[number];

export const STATUS_LABELS: Record<FeedbackStatus, string> = {
  new: "Mới tiếp nhận",
  routed: "Đã chuyển sở, ngành",
  in_progress: "Đang xử lý",
  answered: "Đã trả lời",
  closed: "Đã đóng",
  returned: "Bị trả lại",
};

/** Statuses still waiting for an answer (the SLA clock runs). */
export const OPEN_STATUSES: FeedbackStatus[] = ["new", "routed", "in_progress", "returned"];

/**
 * Parties to an item, as decided by can(): the provincial coordinating office ("coordinator",
 * feedback.route), the department it is routed to ("department", feedback.answer) and the locality that
 * sent it — the commune's staff or the supporting cadre ("sender", feedback.rate).
 */
export type Party = "coordinator" | "department" | "sender";

/** The parties an actor plays for a feedback item, decided by can() (the item's page and the API alike). */
export function partiesOf(actor: Actor, resource: Resource): Party[] {
  const parties: Party[] = [];
  if (can(actor, "feedback.route", resource)) parties.push("coordinator");
  if (can(actor, "feedback.answer", resource)) parties.push("department");
  if (can(actor, "feedback.rate", resource)) parties.push("sender");
  return parties;
}

export const FEEDBACK_ACTIONS = ["route", "reroute", "accept", "return", "answer", "rate", "close", "comment"] as const;
export type FeedbackAction = (typeof FEEDBACK_ACTIONS)[number];

export type Transition = { from: readonly FeedbackStatus[]; to: FeedbackStatus | "same"; parties: readonly Party[]; label: string };

/** The whole workflow as one table. An action outside `from` is impossible (409); by another party, forbidden (403). */
export const TRANSITIONS: Record<FeedbackAction, Transition> = {
  route: { from: ["new", "returned"], to: "routed", parties: ["coordinator"], label: "Chuyển sở, ngành" },
  reroute: { from: ["routed", "in_progress"], to: "routed", parties: ["coordinator"], label: "Chuyển sở, ngành khác" },
  accept: { from: ["routed"], to: "in_progress", parties: ["department"], label: "Nhận xử lý" },
  return: { from: ["routed", "in_progress"], to: "returned", parties: ["department"], label: "Trả lại (không thuộc thẩm quyền)" },
  answer: { from: ["routed", "in_progress"], to: "answered", parties: ["department"], label: "Trả lời" },
  rate: { from: ["answered"], to: "closed", parties: ["sender"], label: "Đánh giá câu trả lời" },
  close: { from: ["answered"], to: "closed", parties: ["coordinator"], label: "Đóng phản ánh" },
  comment: { from: ["new", "routed", "in_progress", "answered", "returned"], to: "same", parties: ["coordinator", "department", "sender"], label: "Ý kiến trao đổi" },
};

export type Decision = Outcome<{ to: FeedbackStatus }, Failure<"forbidden" | "conflict", { message: string }>>;

/** May these parties do `action` on an item in `status`? 403 first (never allowed), then 409 (not from here). */
export function decide(action: FeedbackAction, status: FeedbackStatus, parties: readonly Party[]): Decision {
  const t = TRANSITIONS[action];
  if (!t.parties.some((p) => parties.includes(p))) {
    return { ok: false, kind: "forbidden", message: "Tài khoản của bạn không được thực hiện thao tác này với phản ánh." };
  }
  if (!t.from.includes(status)) {
    return { ok: false, kind: "conflict", message: `Không thể “${t.label.toLowerCase()}” khi phản ánh đang ở trạng thái “${STATUS_LABELS[status]}”.` };
  }
  return { ok: true, to: t.to === "same" ? status : t.to };
}

/** Actions these parties may take now (what the item page offers). */
export function availableActions(status: FeedbackStatus, parties: readonly Party[]): FeedbackAction[] {
  return FEEDBACK_ACTIONS.filter((a) => decide(a, status, parties).ok);
}

/** route or reroute, whichever applies from this status (one "Chuyển" form for the coordinator). */
export const routingAction = (status: FeedbackStatus): FeedbackAction => (status === "routed" || status === "in_progress" ? "reroute" : "route");

// ---- Deadlines ----

export type SlaState = { usedPercent: number; overdue: boolean; level: "ok" | "warn" | "due" | "overdue" | "done" };

/** Where an item stands against its deadline on `today` (answered items: on time or late). */
export function slaState(item: { receivedDate: string; dueDate: string; answeredDate: string | null }, today: string, holidays: HolidaySet): SlaState {
  if (item.answeredDate !== null) {
    const late = isOverdue(item.dueDate, today, item.answeredDate);
    return { usedPercent: slaUsedPercent(item.receivedDate, item.dueDate, item.answeredDate, holidays), overdue: late, level: late ? "overdue" : "done" };
  }
  const used = slaUsedPercent(item.receivedDate, item.dueDate, today, holidays);
  const overdue = isOverdue(item.dueDate, today);
  return { usedPercent: used, overdue, level: overdue ? "overdue" : used >= 100 ? "due" : used >= 80 ? "warn" : "ok" };
}

export type FlagInput = { receivedDate: string; dueDate: string; status: FeedbackStatus; flagged80: boolean; flagged100: boolean };

/** Which warnings an open item is due on `today`: 80 % of its time used, 100 % (the due date reached). */
export function flagsDue(item: FlagInput, today: string, holidays: HolidaySet): { flag80: boolean; flag100: boolean } {
  if (!OPEN_STATUSES.includes(item.status)) return { flag80: false, flag100: false };
  const used = slaUsedPercent(item.receivedDate, item.dueDate, today, holidays);
  const reached100 = used >= 100 || today >= item.dueDate;
  return { flag80: used >= 80 && !item.flagged80 && !reached100, flag100: reached100 && !item.flagged100 };
}

/** Working days left until the due date (negative once overdue). */
export function workingDaysLeft(due: string, today: string, holidays: HolidaySet): number {
  return today <= due ? workingDaysBetween(today, due, holidays) : -workingDaysBetween(due, today, holidays);
}

// ---- Digest ----

export type DigestItem = {
  departmentId: number | null;
  categoryId: number;
  receivedDate: string;
  dueDate: string;
  answeredDate: string | null;
  rating: number | null;
};

export type DigestFigures = {
  /** Received during the period. */
  received: number;
  /** Answered during the period (whenever received). */
  answered: number;
  /** Of those answered, answered on or before the due date. */
  answeredOnTime: number;
  answeredLate: number;
  /** Not answered at the end of the period (received by then). */
  pending: number;
  /** Of those pending, past their due date at the end of the period. */
  overdue: number;
  /** On-time share of the answered, in tenths of a percent precision (null when nothing was answered). */
  onTimeRate: number | null;
  ratings: number;
  ratingSum: number;
};

export type DigestRow = { id: number | null; name: string; figures: DigestFigures };

export type Digest = {
  from: string;
  to: string;
  total: DigestFigures;
  byDepartment: DigestRow[];
  byCategory: DigestRow[];
};

export const emptyFigures = (): DigestFigures => ({ received: 0, answered: 0, answeredOnTime: 0, answeredLate: 0, pending: 0, overdue: 0, onTimeRate: null, ratings: 0, ratingSum: 0 });

function addItem(f: DigestFigures, item: DigestItem, from: string, to: string, dayAfter: string): void {
  if (item.receivedDate >= from && item.receivedDate <= to) f.received++;
  if (item.answeredDate !== null && item.answeredDate >= from && item.answeredDate <= to) {
    f.answered++;
    if (isOverdue(item.dueDate, to, item.answeredDate)) f.answeredLate++;
    else f.answeredOnTime++;
    if (item.rating !== null) {
      f.ratings++;
      f.ratingSum += item.rating;
    }
  }
  if (item.receivedDate <= to && (item.answeredDate === null || item.answeredDate > to)) {
    f.pending++;
    if (isOverdue(item.dueDate, dayAfter)) f.overdue++;
  }
}

const rate = (f: DigestFigures) => (f.answered === 0 ? null : Math.round((f.answeredOnTime * 1000) / f.answered) / 10);

/**
 * Figures for the period [from, to] (dates, inclusive) — a month for the digest, any range for the
 * leaders' page — in total, by department (null: not routed yet) and by category. `dayAfter` is the
 * day after `to`: an item still unanswered then and due on or before `to` counts as overdue.
 */
export function buildDigest(
  period: { from: string; to: string; dayAfter: string },
  items: DigestItem[],
  names: { departments: Map<number, string>; categories: Map<number, string> },
): Digest {
  const total = emptyFigures();
  const byDept = new Map<number | null, DigestFigures>();
  const byCat = new Map<number, DigestFigures>();
  for (const item of items) {
    const relevant = item.receivedDate <= period.to && (item.answeredDate === null || item.answeredDate >= period.from);
    if (!relevant) continue;
    addItem(total, item, period.from, period.to, period.dayAfter);
    if (!byDept.has(item.departmentId)) byDept.set(item.departmentId, emptyFigures());
    addItem(byDept.get(item.departmentId)!, item, period.from, period.to, period.dayAfter);
    if (!byCat.has(item.categoryId)) byCat.set(item.categoryId, emptyFigures());
    addItem(byCat.get(item.categoryId)!, item, period.from, period.to, period.dayAfter);
  }
  return digestOf(period, total, byDept, byCat, names);
}

/** The digest from figures per department (null: not routed yet) and per category: rates, names, order. */
export function digestOf(
  period: { from: string; to: string },
  total: DigestFigures,
  byDept: Map<number | null, DigestFigures>,
  byCat: Map<number, DigestFigures>,
  names: { departments: Map<number, string>; categories: Map<number, string> },
): Digest {
  const collator = new Intl.Collator("vi");
  const rows = <K extends number | null>(map: Map<K, DigestFigures>, nameOf: (id: K) => string): DigestRow[] =>
    [...map]
      .map(([id, figures]) => ({ id, name: nameOf(id), figures: { ...figures, onTimeRate: rate(figures) } }))
      .sort((a, b) => (a.id === null ? 1 : b.id === null ? -1 : collator.compare(a.name, b.name) || a.id - b.id));
  return {
    from: period.from,
    to: period.to,
    total: { ...total, onTimeRate: rate(total) },
    byDepartment: rows(byDept, (id) => (id === null ? "Chưa chuyển sở, ngành" : names.departments.get(id) ?? `Sở, ngành #${id}`)),
    byCategory: rows(byCat, (id) => names.categories.get(id) ?? `Lĩnh vực #${id}`),
  };
}

/** Average rating to one decimal, or null. */
export const averageRating = (f: Pick<DigestFigures, "ratings" | "ratingSum">) => (f.ratings === 0 ? null : Math.round((f.ratingSum * 10) / f.ratings) / 10);

// ---- Input rules ----

export const FEEDBACK_LIMITS = { title: 200, content: 4000, answer: 4000, note: 2000, comment: 2000, reason: 1000 } as const;

/** A title from the first words of a concern (≤ 80 characters, on a word boundary when possible). */
export function titleFrom(content: string, max = 80): string {
  const text = content.replace(/\s+/g, " ").trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** A due date chosen by hand must not be before today. */
export function dueDateError(due: string | null, today: string): string | null {
  if (due === null) return null;
  return due < today ? "Hạn trả lời không được trước ngày hôm nay." : null;
}
