// Shared plumbing of the sponsors ledger services: batch typing, audit rows for rows inserted in the same
// batch, the stale-write guard, option lists of a commune (hamlets, projects, criteria, cadres, sponsors).
import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { assignments, auditLog, communeBindings, contributions, criteria, projects, sponsors, units, users, type Unit } from "../db/schema";
import { auditProvinceSql } from "./audit";
import type { Actor } from "../domain/permissions";
import { chunk } from "./units";
import type { CommuneOptions, Option } from "../web/ledger-view";

export { asBatch, guardStatement, isStale, STALE, type Batch } from "./batch";


/** The columns the ledger arithmetic (src/domain/ledger.ts) needs from a contribution. */
export const ledgerFigureColumns = {
  kind: contributions.kind,
  status: contributions.status,
  amount: contributions.amount,
  receivedTotal: contributions.receivedTotal,
  dueDate: contributions.dueDate,
  labourDays: contributions.labourDays,
  landM2: contributions.landM2,
};


const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/**
 * An audit row for the row just inserted earlier in the same batch into `table` (its id is the table's
 * max(id): D1 runs a batch as one transaction and rowids grow). `entityIdSql` overrides the entity id.
 */
export function auditInsertedStatement(
  db: Db,
  entry: { actorId: number | null; action: string; entity: string; table: "sponsors" | "contributions" | "projects" | "receipts"; after?: unknown; ip?: string | null; entityIdColumn?: "id" | "number" },
) {
  const column = sql.raw(entry.entityIdColumn ?? "id");
  const table = sql.raw(entry.table);
  return db.insert(auditLog).select(
    sql`select null, strftime('%Y-%m-%dT%H:%M:%fZ','now'), ${entry.actorId}, ${entry.action}, ${entry.entity},
      (select cast(${column} as text) from ${table} where id = (select max(id) from ${table})), null, ${json(entry.after)}, ${entry.ip ?? null}, ${auditProvinceSql(entry)}`,
  );
}

/** True when the cadre holds an active assignment for the commune, one of its hamlets or its district. */
export async function isAssigned(db: Db, cadreId: number, commune: Unit): Promise<boolean> {
  const row = await db
    .select({ id: assignments.id })
    .from(assignments)
    .innerJoin(units, eq(units.id, assignments.unitId))
    .where(
      and(
        eq(assignments.cadreId, cadreId),
        isNull(assignments.periodTo),
        or(eq(units.id, commune.id), eq(units.communeId, commune.id), commune.districtId ? eq(units.id, commune.districtId) : undefined),
      ),
    )
    .limit(1)
    .get();
  return !!row;
}

/** The select lists of a commune's forms. ≈ hamlets + projects + criteria + a few cadres and sponsors rows. */
export async function communeOptions(db: Db, commune: Unit, actor: Actor | null, opts: { sponsors?: boolean; cadres?: boolean } = {}): Promise<CommuneOptions> {
  const [hamlets, projectRows, binding, cadres, sponsorRows] = await Promise.all([
    db.select({ value: units.id, label: units.name }).from(units).where(and(eq(units.parentId, commune.id), eq(units.level, "hamlet"))).orderBy(asc(units.nameFolded)).all(),
    db.select({ value: projects.id, label: projects.name }).from(projects).where(eq(projects.communeId, commune.id)).orderBy(desc(projects.id)).limit(200).all(),
    db.select({ setId: communeBindings.setId }).from(communeBindings).where(eq(communeBindings.unitId, commune.id)).get(),
    opts.cadres
      ? db
          .select({ value: users.id, label: users.displayName })
          .from(assignments)
          .innerJoin(users, eq(users.id, assignments.cadreId))
          .where(and(eq(assignments.unitId, commune.id), isNull(assignments.periodTo)))
          .limit(50)
          .all()
      : Promise.resolve([] as Option[]),
    opts.sponsors ? sponsorChoices(db, commune, actor) : Promise.resolve([] as Option[]),
  ]);
  const criteriaRows = binding
    ? await db.select({ value: criteria.id, number: criteria.number, name: criteria.name }).from(criteria).where(eq(criteria.setId, binding.setId)).orderBy(asc(criteria.number)).all()
    : [];
  const cadreList = [...cadres];
  if (actor?.role === "cadre" && !cadreList.some((c) => c.value === actor.id)) {
    const me = await db.select({ value: users.id, label: users.displayName }).from(users).where(eq(users.id, actor.id)).get();
    if (me) cadreList.unshift(me);
  }
  return {
    hamlets,
    projects: projectRows,
    criteria: criteriaRows.map((c) => ({ value: c.value, label: `${c.number}. ${c.name}` })),
    cadres: [...new Map(cadreList.map((c) => [c.value, c])).values()],
    sponsors: sponsorRows,
  };
}

/** Sponsors offered when recording a pledge: those who gave to this commune and those the actor mobilised. */
async function sponsorChoices(db: Db, commune: Unit, actor: Actor | null): Promise<Option[]> {
  const [fromCommune, mine] = await Promise.all([
    db.selectDistinct({ id: contributions.sponsorId }).from(contributions).where(eq(contributions.communeId, commune.id)).limit(300).all(),
    actor ? db.select({ id: sponsors.id }).from(sponsors).where(eq(sponsors.mobilisedBy, actor.id)).limit(300).all() : Promise.resolve([]),
  ]);
  const ids = [...new Set([...fromCommune, ...mine].map((r) => r.id))];
  const out: Option[] = [];
  for (const part of chunk(ids, 90)) {
    const rows = await db.select({ value: sponsors.id, label: sponsors.name, provinceId: sponsors.provinceId }).from(sponsors).where(inArray(sponsors.id, part)).all();
    out.push(...rows.filter((r) => r.provinceId === commune.provinceId).map((r) => ({ value: r.value, label: r.label })));
  }
  return out.sort((a, b) => a.label.localeCompare(b.label, "vi"));
}
