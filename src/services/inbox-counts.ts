// What waits for a user, counted for their home page (issue 15): open feedback and how much of it is overdue, for
// a department (its items) or a commune's staff (the commune's items); a leader or admin: the province's overdue
// items. Indexed counts (department/status, unit/status, status/due).
import { and, count, eq, inArray, lt } from "drizzle-orm";
import type { Db } from "../db/client";
import { feedbackItems } from "../db/schema";
import { OPEN_STATUSES } from "../domain/feedback";
import type { Actor } from "../domain/permissions";

export type InboxCounts = { open: number | null; overdue: number };

export async function inboxCounts(db: Db, actor: Actor, today: string): Promise<InboxCounts | null> {
  const open = inArray(feedbackItems.status, OPEN_STATUSES);
  const overdue = lt(feedbackItems.dueDate, today);
  const countWhere = async (where: ReturnType<typeof and>) => (await db.select({ n: count() }).from(feedbackItems).where(where).get())?.n ?? 0;
  if (actor.role === "department" && actor.departmentId) {
    const mine = eq(feedbackItems.departmentId, actor.departmentId);
    return { open: await countWhere(and(mine, open)), overdue: await countWhere(and(mine, open, overdue)) };
  }
  if (actor.role === "commune_staff") {
    const commune = actor.scope.level === "hamlet" ? actor.scope.communeId : actor.scope.id;
    if (commune === null) return null;
    const mine = eq(feedbackItems.unitId, commune);
    return { open: await countWhere(and(mine, open)), overdue: await countWhere(and(mine, open, overdue)) };
  }
  if (actor.role === "leader" || actor.role === "admin") {
    const province = actor.scope.level === "province" ? actor.scope.id : actor.scope.provinceId;
    if (province === null) return null;
    return { open: null, overdue: await countWhere(and(open, overdue, eq(feedbackItems.provinceId, province))) };
  }
  return null;
}
