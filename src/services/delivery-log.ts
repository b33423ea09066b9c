// Reading the delivery log (issue 18): the admin's province only (recipients whose unit is in it), newest first.
import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { deliveries, outbox, units, users } from "../db/schema";
import type { DeliveryLogRow } from "../web/notify-view";

export async function deliveryLog(db: Db, provinceId: number, status: string | null, limit = 200): Promise<DeliveryLogRow[]> {
  const inProvince = sql`coalesce(${units.provinceId}, ${units.id}) = ${provinceId}`;
  const rows = await db
    .select({ d: deliveries, username: users.username, displayName: users.displayName })
    .from(deliveries)
    .innerJoin(users, eq(users.id, deliveries.userId))
    .innerJoin(units, eq(units.id, users.unitId))
    .where(status ? and(inProvince, eq(deliveries.status, status as DeliveryLogRow["status"])) : inProvince)
    .orderBy(desc(deliveries.at), desc(deliveries.id))
    .limit(limit)
    .all();
  return rows.map((r) => ({ ...r.d, username: r.username, displayName: r.displayName }));
}

/** Outbox rows not yet handed to the queue (all provinces: the outbox is the system's). */
export async function pendingOutbox(db: Db): Promise<number> {
  return (await db.select({ n: count() }).from(outbox).where(isNull(outbox.enqueuedAt)).get())?.n ?? 0;
}
