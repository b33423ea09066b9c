// Ledger totals kept on write (issue 20): ledger_rollups holds, per area (the province, a district, a commune), grouping
// and group key, the day-independent figures of domain/ledger.ts LedgerTotals. Every write to contributions puts
// `rollupDelta(-1)` of the rows it touches before it and `rollupDelta(+1)` after it in the same db.batch (a D1 batch is
// one transaction: a stale write rolls the deltas back with it). The deltas are computed by SQLite from the rows
// themselves, so a receipt whose new total is computed in SQL is counted exactly. Overdue figures depend on the day and
// come from the open pledges' covering index (contributions_open_due). Reports and the sponsors list read these rows,
// O(groups) instead of O(contributions).
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { contributions, ledgerRollups, type Unit } from "../db/schema";
import { emptyTotals, type LedgerTotals } from "../domain/ledger";
import { provinceIdOf } from "../domain/permissions";
import { chunk } from "./units";

export const ROLLUP_DIMS = ["commune", "district", "criterion", "project", "cadre", "sponsor"] as const;
export type RollupDim = (typeof ROLLUP_DIMS)[number];
/** LedgerTotals without the overdue figures (they depend on the day). */
export type RollupTotals = Omit<LedgerTotals, "overdueCount" | "overdueAmount">;

const FIGURE_COLUMNS = {
  count: ledgerRollups.count,
  cancelled: ledgerRollups.cancelled,
  pledged: ledgerRollups.pledged,
  received: ledgerRollups.received,
  outstanding: ledgerRollups.outstanding,
  labourDaysPledged: ledgerRollups.labourDaysPledged,
  labourDaysReceived: ledgerRollups.labourDaysReceived,
  landM2Pledged: ledgerRollups.landM2Pledged,
  landM2Received: ledgerRollups.landM2Received,
};
const FIGURES = ["count", "cancelled", "pledged", "received", "outstanding", "labour_days_pledged", "labour_days_received", "land_m2_pledged", "land_m2_received"] as const;

/**
 * The (area level, grouping) pairs kept: 0 = the province, 1 = a district, 2 = a commune. What a scope's reports and
 * sponsors list read; a grouping with one key in the scope (a commune's own district or commune, any scope's
 * "whole province") is the sum of its criterion rows (every contribution has exactly one criterion key, 0 = none).
 */
const PAIRS: [number, RollupDim][] = [
  ...(["commune", "district", "criterion", "project", "cadre", "sponsor"] as const).map((d): [number, RollupDim] => [0, d]),
  ...(["commune", "criterion", "project", "cadre", "sponsor"] as const).map((d): [number, RollupDim] => [1, d]),
  ...(["criterion", "project", "cadre", "sponsor"] as const).map((d): [number, RollupDim] => [2, d]),
];
// VALUES rows, not UNION ALL: D1 limits the terms of a compound SELECT.
const PAIR_VALUES = sql.raw(`(select column1 as l, column2 as dim from (values ${PAIRS.map(([l, d]) => `(${l}, '${d}')`).join(", ")}))`);

/**
 * The rollup rows of the contributions matching `where` (a condition on the contributions table), each figure times
 * `sign`: one row per area (province, district when there is one, commune) × grouping (PAIRS) × key. `sponsorAs`
 * replaces the sponsor key (a merge moves rows to another sponsor). `single`: `where` matches at most one contribution
 * (no GROUP BY: its rows are distinct already, and D1 would count the sort as rows read). The same figures as
 * domain/ledger.ts addToTotals.
 */
function rollupSelect(where: SQL, sign: 1 | -1, opts: { sponsorAs?: number | null; single?: boolean } = {}): SQL {
  const s = sql.raw(String(sign));
  const sponsor = opts.sponsorAs == null ? sql`sponsor_id` : sql`${opts.sponsorAs}`;
  const f = (expr: string) => (opts.single ? sql`${s} * (${sql.raw(expr)})` : sql`${s} * sum(${sql.raw(expr)})`);
  return sql`select * from (select province_id as p,
      case a.l when 0 then province_id when 1 then district_id else commune_id end as area,
      a.dim as dim,
      coalesce(case a.dim when 'commune' then commune_id when 'district' then district_id when 'criterion' then criterion_id
        when 'project' then project_id when 'cadre' then mobilised_by else ${sponsor} end, 0) as k,
      ${f("status <> 'cancelled'")} as count,
      ${f("status = 'cancelled'")} as cancelled,
      ${f("case when status = 'cancelled' then received_total else amount end")} as pledged,
      ${f("received_total")} as received,
      ${f("case when status = 'pledged' then max(0, amount - received_total) else 0 end")} as outstanding,
      ${f("case when status <> 'cancelled' then coalesce(labour_days, 0) else 0 end")} as labour_days_pledged,
      ${f("case when status = 'received' then coalesce(labour_days, 0) else 0 end")} as labour_days_received,
      ${f("case when status <> 'cancelled' then coalesce(land_m2, 0) else 0 end")} as land_m2_pledged,
      ${f("case when status = 'received' then coalesce(land_m2, 0) else 0 end")} as land_m2_received
    from contributions, ${PAIR_VALUES} as a
    where ${where}
    ${opts.single ? sql`` : sql`group by 1, 2, 3, 4`}) where area is not null`;
}

/** Adds (`sign` 1) or takes away (-1) the contributions matching `where` from the rollups: one statement for a batch. */
export const rollupDelta = (db: Db, where: SQL, sign: 1 | -1, opts: { sponsorAs?: number; single?: boolean } = {}) => {
  const r = ledgerRollups;
  const add = (name: string) => sql`${sql.identifier(name)} + excluded.${sql.identifier(name)}`;
  // The select's columns are in the table's order (province, area, dim, key, figures).
  return db
    .insert(r)
    .select(rollupSelect(where, sign, opts))
    .onConflictDoUpdate({ target: [r.areaId, r.dim, r.key], set: Object.fromEntries(Object.entries(FIGURE_COLUMNS).map(([k, column]) => [k, add(column.name)])) });
};

/** The row just inserted last into contributions (its max id) — for a create's batch. */
export const lastContribution = sql`${contributions.id} = (select max(id) from contributions)`;

/** A province's rollups rebuilt from its contributions (after bulk loads; `rollups:check --repair`). */
export const rebuildLedgerRollups = (db: Db, provinceId: number) =>
  db.batch([db.delete(ledgerRollups).where(eq(ledgerRollups.provinceId, provinceId)), rollupDelta(db, sql`${contributions.provinceId} = ${provinceId}`, 1)]);

type Row = typeof ledgerRollups.$inferSelect;
const totalsOf = (r: Row): RollupTotals => ({
  count: r.count,
  cancelled: r.cancelled,
  pledged: r.pledged,
  received: r.received,
  outstanding: r.outstanding,
  labourDaysPledged: r.labourDaysPledged,
  labourDaysReceived: r.labourDaysReceived,
  landM2Pledged: r.landM2Pledged,
  landM2Received: r.landM2Received,
});
const isEmpty = (r: Row) => Object.values(totalsOf(r)).every((v) => v === 0);

/** Stored rollups that differ from a recount of the province's contributions ("area 86 sponsor 12: pledged 5 ≠ 7"). */
export async function ledgerRollupDifferences(db: Db, provinceId: number): Promise<string[]> {
  const [stored, fresh] = await Promise.all([
    db.select().from(ledgerRollups).where(eq(ledgerRollups.provinceId, provinceId)).all(),
    db.all<{ p: number; area: number; dim: RollupDim; k: number } & Record<(typeof FIGURES)[number], number>>(rollupSelect(sql`${contributions.provinceId} = ${provinceId}`, 1)),
  ]);
  const id = (area: number, dim: string, key: number) => `${area} ${dim} ${key}`;
  const expected = new Map(fresh.map((r) => [id(r.area, r.dim, r.k), r]));
  const out: string[] = [];
  for (const r of stored) {
    const e = expected.get(id(r.areaId, r.dim, r.key));
    expected.delete(id(r.areaId, r.dim, r.key));
    if (!e) {
      if (!isEmpty(r)) out.push(`${id(r.areaId, r.dim, r.key)}: không có đóng góp nào nhưng dòng tổng hợp khác 0`);
      continue;
    }
    // totalsOf lists the figures in FIGURES order.
    const have = Object.values(totalsOf(r));
    const wrong = FIGURES.flatMap((f, i) => (Number(e[f]) !== have[i] ? [`${f} ${have[i]} ≠ ${e[f]}`] : []));
    if (wrong.length) out.push(`${id(r.areaId, r.dim, r.key)}: ${wrong.join("; ")}`);
  }
  for (const key of expected.keys()) out.push(`${key}: thiếu dòng tổng hợp`);
  return out;
}

/** The rollup area of a unit (a hamlet counts as its commune). */
const areaOf = (unit: Pick<Unit, "id" | "level" | "communeId">) => (unit.level === "hamlet" ? unit.communeId! : unit.id);

/** Stored totals per key of one grouping inside `unit` (all keys, or the given ones); groups with no contribution left out. */
export async function rollupTotals(db: Db, unit: Pick<Unit, "id" | "level" | "communeId">, dim: RollupDim, keys?: number[]): Promise<Map<number, RollupTotals>> {
  const area = and(eq(ledgerRollups.areaId, areaOf(unit)), eq(ledgerRollups.dim, dim));
  const rows: Row[] = [];
  if (keys === undefined) rows.push(...(await db.select().from(ledgerRollups).where(area).all()));
  else for (const part of chunk(keys, 90)) rows.push(...(await db.select().from(ledgerRollups).where(and(area, inArray(ledgerRollups.key, part))).all()));
  return new Map(rows.filter((r) => r.count > 0 || r.cancelled > 0).map((r) => [r.key, totalsOf(r)]));
}

const KEY_COLUMNS: Record<RollupDim, SQL> = {
  commune: sql`${contributions.communeId}`,
  district: sql`${contributions.districtId}`,
  criterion: sql`${contributions.criterionId}`,
  project: sql`${contributions.projectId}`,
  cadre: sql`${contributions.mobilisedBy}`,
  sponsor: sql`${contributions.sponsorId}`,
};

/**
 * Overdue open pledges (count and unpaid amount) per key of a grouping inside `unit`, as of `today`: a range of the
 * covering index contributions_open_due (the province's open pledges by due date), never the whole ledger.
 */
export async function overdueTotals(db: Db, unit: Pick<Unit, "id" | "level" | "provinceId" | "communeId">, dim: RollupDim, today: string): Promise<Map<number, { overdueCount: number; overdueAmount: number }>> {
  const c = contributions;
  const inside = unit.level === "province" ? undefined : unit.level === "district" ? eq(c.districtId, unit.id) : eq(c.communeId, areaOf(unit));
  const rows = await db
    .select({
      key: sql<number>`coalesce(${KEY_COLUMNS[dim]}, 0)`.mapWith(Number),
      overdueCount: sql<number>`count(*)`.mapWith(Number),
      overdueAmount: sql<number>`coalesce(sum(max(0, ${c.amount} - ${c.receivedTotal})), 0)`.mapWith(Number),
    })
    // The literal status term lets SQLite use the partial index (a bound parameter would not match its WHERE).
    .from(c)
    .where(and(eq(c.provinceId, provinceIdOf(unit)), sql`${c.status} = 'pledged'`, sql`${c.dueDate} < ${today}`, inside))
    .groupBy(sql`1`)
    .all();
  return new Map(rows.map(({ key, ...o }) => [key, o]));
}

/** Full LedgerTotals per key: the stored rollup plus today's overdue figures. */
export async function ledgerTotalsBy(db: Db, unit: Unit, dim: RollupDim, today: string): Promise<Map<number, LedgerTotals>> {
  const [stored, overdue] = await Promise.all([rollupTotals(db, unit, dim), overdueTotals(db, unit, dim, today)]);
  return new Map([...stored].map(([k, t]) => [k, { ...emptyTotals(), ...t, ...(overdue.get(k) ?? {}) }]));
}

/** A unit's whole totals: the sum of its criterion rows (every contribution has exactly one criterion key, 0 = none). */
export async function ledgerTotalsOf(db: Db, unit: Unit, today: string): Promise<LedgerTotals> {
  const total = emptyTotals();
  for (const t of (await ledgerTotalsBy(db, unit, "criterion", today)).values()) for (const k of Object.keys(total) as (keyof LedgerTotals)[]) total[k] += t[k];
  return total;
}
