// Reading the audit log: filters on indexed columns, newest first, paged by keyset (time, id), and the same rows
// for CSV export. Each filter has its index within the province (audit_province_entity_at, audit_province_action_at,
// audit_actor_at, audit_province_at), so a page reads about its own rows however long the log grows.
import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { auditLog, users } from "../db/schema";
import { toCsv } from "../domain/table-file";
import type { AuditFilters, AuditRow } from "../web/admin-view";

/** The keyset cursor of the page after `rows` ("<at>_<id>" of its last row), or null when `rows` was not full. */
export const nextAuditCursor = (rows: Pick<AuditRow, "at" | "id">[], limit: number): string | null => (rows.length === limit && rows.length ? `${rows.at(-1)!.at}_${rows.at(-1)!.id}` : null);

/** "<at>_<id>" → the cursor, or null when malformed. */
export function parseAuditCursor(text: string): { at: string; id: number } | null {
  const m = /^(\d{4}-\d{2}-\d{2}[T ][\d:.]+Z?)_(\d{1,15})$/.exec(text);
  return m ? { at: m[1], id: Number(m[2]) } : null;
}

/** Rows of one province only (audit_log.province_id, the actor's province when the row was written). */
export async function searchAudit(db: Db, provinceId: number, filters: AuditFilters, limit = 200): Promise<AuditRow[]> {
  const conditions: SQL[] = [eq(auditLog.provinceId, provinceId)];
  if (filters.username) {
    const user = await db.select({ id: users.id }).from(users).where(eq(users.username, filters.username.trim().toLowerCase())).get();
    if (!user) return [];
    conditions.push(eq(auditLog.actorId, user.id));
  }
  if (filters.action) conditions.push(eq(auditLog.action, filters.action));
  if (filters.entity) conditions.push(eq(auditLog.entity, filters.entity));
  if (filters.from) conditions.push(gte(auditLog.at, filters.from));
  // "to" is a date: include the whole day.
  if (filters.to) conditions.push(lt(auditLog.at, new Date(Date.parse(filters.to) + 86_400_000).toISOString().slice(0, 10)));
  // Row-value comparison: a range on the (…, at) index (the rowid id is its last column), never an OFFSET scan.
  if (filters.before) conditions.push(sql`(${auditLog.at}, ${auditLog.id}) < (${filters.before.at}, ${filters.before.id})`);
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      username: users.username,
      action: auditLog.action,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      ip: auditLog.ip,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit)
    .all();
}

/** The audit rows as CSV (before/after as JSON text). */
export function auditCsv(rows: AuditRow[]): string {
  const text = (v: unknown) => (v === null || v === undefined ? null : typeof v === "string" || typeof v === "number" ? v : JSON.stringify(v));
  const header = ["thoi_gian", "nguoi_thuc_hien", "hanh_dong", "doi_tuong", "ma_doi_tuong", "truoc", "sau", "ip"];
  return toCsv([header, ...rows.map((r) => [r.at, r.username, r.action, r.entity, r.entityId, r.before, r.after, r.ip].map(text))]);
}

/**
 * Rows written before audit_log.province_id existed get the province of their actor's (current) unit, `limit` rows a
 * run (the daily job): until then an admin does not see them. Idempotent; rows without an actor stay without one.
 */
export async function backfillAuditProvinces(db: Db, limit = 5000): Promise<number> {
  const result = await db.run(sql`update audit_log set province_id = (
      select coalesce(u.province_id, u.id) from users a join units u on u.id = a.unit_id where a.id = audit_log.actor_id)
    where id in (select id from audit_log where province_id is null and actor_id is not null limit ${limit})`);
  return result.meta.changes ?? 0;
}
