// Demo data of the sponsors ledger.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { assignments, communeBindings, criteria, projects, units, users } from "../db/schema";
import { unitByCode } from "../services/units";
import { provinceIdOf } from "../domain/permissions";

/**
 * Demo data of the sponsors ledger: an active assignment of `canbo` to Xã Vĩnh Bình (unless one exists) and one
 * project there (the hamlet bridge of DOMAIN.md §5). Idempotent, a handful of statements.
 */
export async function seedDemoLedger(db: Db, communeCode = "28879"): Promise<void> {
  const commune = await unitByCode(db, communeCode);
  const cadre = await db.select({ id: users.id }).from(users).where(eq(users.username, "canbo")).get();
  if (!commune || !cadre) return;
  const [binding, vinhThanh] = await Promise.all([
    db.select({ setId: communeBindings.setId }).from(communeBindings).where(eq(communeBindings.unitId, commune.id)).get(),
    db.select({ id: units.id }).from(units).where(and(eq(units.parentId, commune.id), eq(units.name, "Ấp Vĩnh Thạnh"))).get(),
  ]);
  const giaoThong = binding ? await db.select({ id: criteria.id }).from(criteria).where(and(eq(criteria.setId, binding.setId), eq(criteria.number, 2))).get() : undefined;
  const active = and(eq(assignments.cadreId, cadre.id), eq(assignments.unitId, commune.id), isNull(assignments.periodTo));
  await db.batch([
    db.insert(assignments).select(
      sql`select null, ${cadre.id}, ${commune.id}, ${provinceIdOf(commune)}, 'Cán bộ phụ trách xã', '23-KH/TU', '2025-02-01', null, null,
        strftime('%Y-%m-%dT%H:%M:%fZ','now'), 1 where not exists (select 1 from assignments where ${active})`,
    ),
    db.insert(projects).select(
      sql`select null, ${commune.id}, ${provinceIdOf(commune)}, ${commune.districtId}, ${vinhThanh?.id ?? null}, ${giaoThong?.id ?? null},
        'Cầu bê tông ấp Vĩnh Thạnh', 'planned', 0, 0, 0, 19000000, 70000000, 0, null, null, ${cadre.id},
        strftime('%Y-%m-%dT%H:%M:%fZ','now'), 1 where not exists (select 1 from projects where commune_id = ${commune.id} and name = 'Cầu bê tông ấp Vĩnh Thạnh')`,
    ),
  ]);
}
