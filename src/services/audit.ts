// Audit rows are built as statements so each use case writes them in the same db.batch as its change.
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { auditLog } from "../db/schema";

export type AuditEntry = {
  actorId: number | null;
  action: string;
  entity: string;
  entityId: string | number | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
};

export function auditStatement(db: Db, entry: AuditEntry) {
  return db.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId === null ? null : String(entry.entityId),
    before: entry.before ?? null,
    after: entry.after ?? null,
    ip: entry.ip ?? null,
  });
}

/**
 * Audit row written only if the statement just before it in the same batch changed a row
 * (SQLite's changes()): a lost optimistic-concurrency race leaves no audit row behind.
 */
export function auditIfChangedStatement(db: Db, entry: AuditEntry) {
  const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
  // INSERT … SELECT lists every audit_log column in table order: id (null = next), at, actor, action, entity, id, before, after, ip.
  return db.insert(auditLog).select(
    sql`select null, strftime('%Y-%m-%dT%H:%M:%fZ','now'), ${entry.actorId}, ${entry.action}, ${entry.entity},
      ${entry.entityId === null ? null : String(entry.entityId)}, ${json(entry.before)}, ${json(entry.after)}, ${entry.ip ?? null}
      where changes() > 0`,
  );
}
