// In-app notifications (inbox /me/notifications) and the pluggable e-mail sender (off unless configured).
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../db/client";
import { notifications, users } from "../db/schema";
import { auditIfChangedStatement } from "./audit";
import { chunk, rowsPerStatement } from "./units";

export type NotificationDraft = { kind: string; text: string; link: string | null };

/**
 * Where notifications go besides the inbox. The users table has no e-mail column yet, so a sender gets
 * user ids and looks addresses up itself. Locally and in tests nothing is sent (`noMail`).
 */
export interface NotificationMailer {
  deliver(batch: { userIds: number[]; notification: NotificationDraft }[]): Promise<void>;
}

export const noMail: NotificationMailer = { deliver: async () => undefined };

/** Users of a department (its heads and staff: everyone with that department), active only. Province-level users via users_unit. */
export async function departmentUserIds(db: Db, provinceId: number, departmentId: number): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.unitId, provinceId), eq(users.departmentId, departmentId), eq(users.role, "department"), eq(users.disabled, false)))
    .all();
  return rows.map((r) => r.id);
}

/** The province's admins (the coordinating office). */
export async function provinceAdminIds(db: Db, provinceId: number): Promise<number[]> {
  const rows = await db.select({ id: users.id }).from(users).where(and(eq(users.unitId, provinceId), eq(users.role, "admin"), eq(users.disabled, false))).all();
  return rows.map((r) => r.id);
}

/** Who receives the monthly feedback digest outside the app (issue 18): the province's admins, leaders and departments. */
export async function digestRecipientIds(db: Db, provinceId: number): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.unitId, provinceId), inArray(users.role, ["admin", "leader", "department"]), eq(users.disabled, false)))
    .all();
  return rows.map((r) => r.id);
}

/** The commune's own staff. */
export async function communeStaffIds(db: Db, communeId: number): Promise<number[]> {
  const rows = await db.select({ id: users.id }).from(users).where(and(eq(users.unitId, communeId), eq(users.role, "commune_staff"), eq(users.disabled, false))).all();
  return rows.map((r) => r.id);
}

/** Insert statements for one notification to each user (deduplicated; the actor is left out). */
export function notificationStatements(db: Db, userIds: number[], n: NotificationDraft, nowIso: string, exceptUserId: number | null = null): BatchItem<"sqlite">[] {
  const ids = [...new Set(userIds)].filter((id) => id !== exceptUserId);
  const rows = ids.map((userId) => ({ userId, createdAt: nowIso, kind: n.kind, text: n.text, link: n.link }));
  return chunk(rows, rowsPerStatement(5)).map((part) => db.insert(notifications).values(part));
}

export type NotificationRow = typeof notifications.$inferSelect;

export async function listNotifications(db: Db, userId: number, limit = 50): Promise<NotificationRow[]> {
  return db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(limit).all();
}

export async function unreadCount(db: Db, userId: number): Promise<number> {
  const row = await db.select({ n: sql<number>`count(*)` }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt))).get();
  return row?.n ?? 0;
}

/** Marks the given notifications (or all) of the user read. */
export async function markRead(db: Db, userId: number, nowIso: string, ids?: number[]): Promise<void> {
  const mine = and(eq(notifications.userId, userId), isNull(notifications.readAt));
  await db.batch([
    db
      .update(notifications)
      .set({ readAt: nowIso })
      .where(ids ? and(mine, inArray(notifications.id, ids.slice(0, 90))) : mine),
    auditIfChangedStatement(db, { actorId: userId, action: "notification.read", entity: "notification", entityId: ids?.length === 1 ? ids[0] : null, after: { ids: ids ?? "all" } }),
  ]);
}
