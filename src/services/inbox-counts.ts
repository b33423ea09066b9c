// What waits for a user, counted for their home page: open feedback and how much of it is overdue, for
// a department (its items), a commune's staff (the commune's items) or a cadre (the items they logged, and the
// units they follow that are due a visit); a leader or admin: the province's overdue items. Indexed counts
// (department/status, unit/status, created_by/status, status/due; assignments by cadre, visits by commune/date).
import { and, count, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { feedbackItems } from "../db/schema";
import { OPEN_STATUSES } from "../domain/feedback";
import type { Actor } from "../domain/permissions";
import { addDays } from "../domain/working-days";
import { visitGapDays } from "./assignments";

/** `visitsDue`: a cadre's assigned units with no visit in the province's visit gap (`gapDays`, default 60). */
export type InboxCounts = { open: number | null; overdue: number; visitsDue?: { units: number; gapDays: number } };

/** Units a cadre follows today (active assignments) with no visit on or after `since` (a hamlet: a visit to it). */
async function unitsDueAVisit(db: Db, cadreId: number, today: string, since: string): Promise<number> {
  const [row] = await db.all<{ n: number }>(sql`
    SELECT count(*) AS n FROM assignments a JOIN units u ON u.id = a.unit_id
    WHERE a.cadre_id = ${cadreId} AND (a.period_to IS NULL OR a.period_to >= ${today}) AND a.period_from <= ${today}
      AND NOT EXISTS (
        SELECT 1 FROM visits v WHERE v.commune_id = (CASE WHEN u.level = 'hamlet' THEN u.commune_id ELSE u.id END)
          AND v.visit_date >= ${since} AND (u.level <> 'hamlet' OR v.unit_id = u.id))`);
  return Number(row?.n ?? 0);
}

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
  if (actor.role === "cadre") {
    const province = actor.scope.level === "province" ? actor.scope.id : actor.scope.provinceId;
    const gapDays = province === null ? 60 : await visitGapDays(db, province);
    const [mine, units] = await Promise.all([openAndOverdue(eq(feedbackItems.createdBy, actor.id)), unitsDueAVisit(db, actor.id, today, addDays(today, -gapDays))]);
    return { ...mine, visitsDue: { units, gapDays } };
  }
  if (actor.role === "leader" || actor.role === "admin") {
    const province = actor.scope.level === "province" ? actor.scope.id : actor.scope.provinceId;
    if (province === null) return null;
    const row = await db.select({ n: count() }).from(feedbackItems).where(and(open, overdue, eq(feedbackItems.provinceId, province))).get();
    return { open: null, overdue: row?.n ?? 0 };
  }
  return null;
}
