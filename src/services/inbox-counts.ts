// What waits for a user, counted for their home page: open feedback and how much of it is overdue, for
// a department (its items) or a commune's staff (the commune's items); a leader or admin: the province's overdue
// items. Indexed counts (department/status, unit/status, status/due).
import { and, count, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { feedbackItems } from "../db/schema";
import { OPEN_STATUSES } from "../domain/feedback";
import type { Actor } from "../domain/permissions";

export type InboxCounts = { open: number | null; overdue: number };

export async function inboxCounts(db: Db, actor: Actor, today: string): Promise<InboxCounts | null> {
  const open = inArray(feedbackItems.status, OPEN_STATUSES);
  const overdue = lt(feedbackItems.dueDate, today);
  // Open and overdue in one read of the open items.
  const openAndOverdue = async (mine: SQL) => {
    const row = await db.select({ open: count(), overdue: sql<number>`coalesce(sum(${overdue}), 0)` }).from(feedbackItems).where(and(mine, open)).get();
    return { open: row?.open ?? 0, overdue: Number(row?.overdue ?? 0) };
  };
  if (actor.role === "department" && actor.departmentId) return openAndOverdue(eq(feedbackItems.departmentId, actor.departmentId));
  if (actor.role === "commune_staff") {
    const commune = actor.scope.level === "hamlet" ? actor.scope.communeId : actor.scope.id;
    return commune === null ? null : openAndOverdue(eq(feedbackItems.unitId, commune));
  }
  if (actor.role === "leader" || actor.role === "admin") {
    const province = actor.scope.level === "province" ? actor.scope.id : actor.scope.provinceId;
    if (province === null) return null;
    const row = await db.select({ n: count() }).from(feedbackItems).where(and(open, overdue, eq(feedbackItems.provinceId, province))).get();
    return { open: null, overdue: row?.n ?? 0 };
  }
  return null;
}
