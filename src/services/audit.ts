// Audit rows are built as statements so each use case writes them in the same db.batch as its change.
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { auditLog } from "../db/schema";

export type AuditEntry = {
  actorId: number | null;
  action: string;
  entity: string;
  /** A value, or an SQL expression (the id of a row inserted earlier in the same batch). */
  entityId: string | number | SQL | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  /** The province the row belongs to; by default the actor's (none for system rows without an actor). */
  provinceId?: number | null;
};

/** The row's province: given, or the province of the actor's unit, looked up in the same statement. */
export function auditProvinceSql(entry: Pick<AuditEntry, "actorId" | "provinceId">): SQL {
  if (entry.provinceId !== undefined) return sql`${entry.provinceId}`;
  if (entry.actorId === null) return sql`null`;
  return sql`(select coalesce(u.province_id, u.id) from users a join units u on u.id = a.unit_id where a.id = ${entry.actorId})`;
}

export function auditStatement(db: Db, entry: AuditEntry) {
  return db.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId === null ? null : typeof entry.entityId === "object" ? entry.entityId : String(entry.entityId),
    before: entry.before ?? null,
    after: entry.after ?? null,
    ip: entry.ip ?? null,
    provinceId: auditProvinceSql(entry),
  });
}

/**
 * Audit row written only if the statement just before it in the same batch changed a row
 * (SQLite's changes()): a lost optimistic-concurrency race leaves no audit row behind.
 */
export function auditIfChangedStatement(db: Db, entry: AuditEntry) {
  const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
  // INSERT … SELECT lists every audit_log column in table order: id (null = next), at, actor, action, entity, id, before, after, ip, province.
  return db.insert(auditLog).select(
    sql`select null, strftime('%Y-%m-%dT%H:%M:%fZ','now'), ${entry.actorId}, ${entry.action}, ${entry.entity},
      ${entry.entityId === null ? null : typeof entry.entityId === "object" ? entry.entityId : String(entry.entityId)}, ${json(entry.before)}, ${json(entry.after)}, ${entry.ip ?? null}, ${auditProvinceSql(entry)}
      where changes() > 0`,
  );
}
