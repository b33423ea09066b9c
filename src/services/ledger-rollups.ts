// Ledger totals kept on write (issue 20): ledger_rollups holds, per area (the province, a district, a commune), grouping
// and group key, the day-independent figures of domain/ledger.ts LedgerTotals. Every write to contributions puts
// `rollupDelta(-1)` of the rows it touches before it and `rollupDelta(+1)` after it in the same db.batch (a D1 batch is
// one transaction: a stale write rolls the deltas back with it). The deltas are computed by SQLite from the rows
// themselves, so a receipt whose new total is computed in SQL is counted exactly. Overdue figures depend on the day: the
// rollups hold them as of the province's ledger_rollup_dates.as_of (moved forward daily by advanceLedgerRollups), and a
// report adds the open pledges that fell due since (a short range of the covering index contributions_open_due).
// Reports and the sponsors list read these rows, O(groups) instead of O(contributions).
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { preparedOnce } from "../db/prepared";
import { contributions, criteria, ledgerRollupDates, ledgerRollups, projects, units, users, type Unit } from "../db/schema";
import { emptyTotals, type LedgerTotals } from "../domain/ledger";
import { provinceIdOf } from "../domain/permissions";
import { chunk } from "./units";
import { communeLabelsIn } from "./commune-figures";

export const ROLLUP_DIMS = ["commune", "district", "criterion", "project", "cadre", "sponsor", "anonymous"] as const;
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
  overdueCount: ledgerRollups.overdueCount,
  overdueAmount: ledgerRollups.overdueAmount,
};
const FIGURES = ["count", "cancelled", "pledged", "received", "outstanding", "labour_days_pledged", "labour_days_received", "land_m2_pledged", "land_m2_received", "overdue_count", "overdue_amount"] as const;

/**
 * The (area level, grouping) pairs kept: 0 = the province, 1 = a district, 2 = a commune. What a scope's reports and
 * sponsors list read; a grouping with one key in the scope (a commune's own district or commune, any scope's
 * "whole province") is the sum of its criterion rows (every contribution has exactly one criterion key, 0 = none).
 */
const PAIRS: [number, RollupDim][] = [
  ...(["commune", "district", "criterion", "project", "cadre", "sponsor"] as const).map((d): [number, RollupDim] => [0, d]),
  ...(["commune", "criterion", "project", "cadre", "sponsor"] as const).map((d): [number, RollupDim] => [1, d]),
  ...(["criterion", "project", "cadre", "sponsor", "anonymous"] as const).map((d): [number, RollupDim] => [2, d]),
];
// VALUES rows, not UNION ALL: D1 limits the terms of a compound SELECT.
const PAIR_VALUES = sql.raw(`(select column1 as l, column2 as dim from (values ${PAIRS.map(([l, d]) => `(${l}, '${d}')`).join(", ")}))`);
/** A consent edit changes only the communes' anonymous rows. */
const ANONYMOUS_ONLY = sql.raw(`(select 2 as l, 'anonymous' as dim)`);
/** sponsorAs, single, overdueOnly: see rollupSelect; anonymousOnly: only the communes' anonymous rows. */
type RollupOptions = { sponsorAs?: number | null; single?: boolean; overdueOnly?: boolean; anonymousOnly?: boolean };

/**
 * The rollup rows of the contributions matching `where` (a condition on the contributions table), each figure times
 * `sign`: one row per area (province, district when there is one, commune) × grouping (PAIRS) × key. Overdue: open and
 * due before the province's as_of. `sponsorAs` replaces the sponsor key (a merge moves rows to another sponsor).
 * `single`: `where` matches at most one contribution (no GROUP BY: its rows are distinct already, and D1 would count the
 * sort as rows read). `overdueOnly`: every figure 0 but the overdue ones, all of `where` counted overdue (the daily
 * move of as_of). The same figures as domain/ledger.ts addToTotals. A commune's 'anonymous' row (key 0) counts only the
 * contributions of sponsors without public consent, as the sponsor stands when the statement runs (a consent edit takes
 * the sponsor's rows away before it and adds them back after it, in one batch).
 */
function rollupSelect(where: SQL, sign: 1 | -1, opts: RollupOptions = {}): SQL {
  const s = sql.raw(String(sign));
  const sponsor = opts.sponsorAs == null ? sql`sponsor_id` : sql`${opts.sponsorAs}`;
  const f = (expr: string) => (opts.overdueOnly ? sql`0` : opts.single ? sql`${s} * (${sql.raw(expr)})` : sql`${s} * sum(${sql.raw(expr)})`);
  const overdue = opts.overdueOnly ? "1" : "status = 'pledged' and due_date < d.as_of";
  const o = (expr: string) => (opts.single ? sql`${s} * coalesce(${sql.raw(expr)}, 0)` : sql`${s} * coalesce(sum(${sql.raw(expr)}), 0)`);
  return sql`select * from (select contributions.province_id as p,
      case when a.dim = 'anonymous' and coalesce((select public_consent from sponsors s where s.id = ${sponsor}), 0) then null
        when a.l = 0 then contributions.province_id when a.l = 1 then district_id else commune_id end as area,
      a.dim as dim,
      coalesce(case a.dim when 'commune' then commune_id when 'district' then district_id when 'criterion' then criterion_id
        when 'project' then project_id when 'cadre' then mobilised_by when 'anonymous' then 0 else ${sponsor} end, 0) as k,
      ${f("status <> 'cancelled'")} as count,
      ${f("status = 'cancelled'")} as cancelled,
      ${f("case when status = 'cancelled' then received_total else amount end")} as pledged,
      ${f("received_total")} as received,
      ${f("case when status = 'pledged' then max(0, amount - received_total) else 0 end")} as outstanding,
      ${f("case when status <> 'cancelled' then coalesce(labour_days, 0) else 0 end")} as labour_days_pledged,
      ${f("case when status = 'received' then coalesce(labour_days, 0) else 0 end")} as labour_days_received,
      ${f("case when status <> 'cancelled' then coalesce(land_m2, 0) else 0 end")} as land_m2_pledged,
      ${f("case when status = 'received' then coalesce(land_m2, 0) else 0 end")} as land_m2_received,
      ${o(`${overdue}`)} as overdue_count,
      ${o(`case when ${overdue} then max(0, amount - received_total) else 0 end`)} as overdue_amount,
      0 as anon_sponsors, 0 as shown
    from contributions left join ledger_rollup_dates d on d.province_id = contributions.province_id, ${opts.anonymousOnly ? ANONYMOUS_ONLY : PAIR_VALUES} as a
    where ${where}
    ${opts.single ? sql`` : sql`group by 1, 2, 3, 4`}) where area is not null`;
}

/** Adds (`sign` 1) or takes away (-1) the contributions matching `where` from the rollups: one statement for a batch. */
export const rollupDelta = (db: Db, where: SQL, sign: 1 | -1, opts: RollupOptions = {}) => {
  const r = ledgerRollups;
  const add = (name: string) => sql`${sql.identifier(name)} + excluded.${sql.identifier(name)}`;
  // The select's columns are in the table's order (province, area, dim, key, figures).
  return db
    .insert(r)
    .select(rollupSelect(where, sign, opts))
    .onConflictDoUpdate({ target: [r.areaId, r.dim, r.key], set: Object.fromEntries(Object.entries(FIGURE_COLUMNS).map(([k, column]) => [k, add(column.name)])) });
};

/**
 * What a commune's (commune, sponsor) pair counts on the public page as its rollup row and the sponsor stand now: 0 nothing
 * (every pledge cancelled with nothing received: domain/ledger.ts hasContributed), 1 the anonymous line, 2 listed by name.
 */
const PUBLIC_STATE = sql.raw(`case when not (pledged > 0 or received > 0 or labour_days_pledged > 0 or land_m2_pledged > 0) then 0
  when coalesce((select public_consent from sponsors s where s.id = ledger_rollups.key), 0) then 2 else 1 end`);

/**
 * A receipt or a delivery on a pledge that already counts (not cancelled; money, labour days or land promised) cannot
 * change its pair's public state: the pair contributed before and still does, and no consent changed.
 */
export const keepsPublicState = (c: { status: string; amount: number; labourDays: number | null; landM2: number | null }) =>
  c.status !== "cancelled" && (c.amount > 0 || (c.labourDays ?? 0) > 0 || (c.landM2 ?? 0) > 0);

/** Pairs: one commune and some sponsors (ids or SQL), for publicPairStatements. */
export const pairsOf = (communeId: number, sponsorIds: (number | SQL)[]) => sql`area_id = ${communeId} and key in (${sql.join(sponsorIds.map((id) => sql`${id}`), sql`, `)})`;
/** Pairs: a sponsor in every commune where it has a contribution (a consent edit; a merge, after its pledges moved). */
export const pairsOfSponsor = (sponsorId: number) => sql`key = ${sponsorId} and area_id in (select commune_id from contributions where sponsor_id = ${sponsorId})`;

/**
 * The anonymous line kept exact on write (issue 20): put after a batch's rollup deltas (and its sponsor edits). For the
 * commune sponsor rows `pairs` (a condition on ledger_rollups' area_id and key), the commune's anonymous row's
 * anon_sponsors gets the difference between what each pair counts now (PUBLIC_STATE = 1) and what it last counted
 * (`shown` = 1), then `shown` is set. Both run inside the batch's transaction: concurrent writes add up exactly.
 */
export function publicPairStatements(db: Db, pairs: SQL) {
  const r = ledgerRollups;
  const zeros = sql.raw(FIGURES.map(() => "0").join(", "));
  const counted = sql`sum((${PUBLIC_STATE}) = 1) - sum(shown = 1)`;
  return [
    db
      .insert(r)
      .select(sql`select * from (select province_id, area_id, 'anonymous', 0, ${zeros}, ${counted} as d, 0 from ledger_rollups where dim = 'sponsor' and (${pairs}) group by area_id) where d <> 0`)
      .onConflictDoUpdate({ target: [r.areaId, r.dim, r.key], set: { anonSponsors: sql`anon_sponsors + excluded.anon_sponsors` } }),
    db
      .update(r)
      .set({ shown: sql`${PUBLIC_STATE}` })
      .where(and(eq(r.dim, "sponsor"), sql`(${pairs})`)),
  ] as const;
}

/** The row just inserted last into contributions (its max id) — for a create's batch. */
export const lastContribution = sql`${contributions.id} = (select max(id) from contributions)`;

/** A province's rollups rebuilt from its contributions, overdue as of `asOf` (after bulk loads; `rollups:check --repair`). */
export const rebuildLedgerRollups = (db: Db, provinceId: number, asOf: string) =>
  db.batch([
    db.insert(ledgerRollupDates).values({ provinceId, asOf }).onConflictDoUpdate({ target: ledgerRollupDates.provinceId, set: { asOf } }),
    db.delete(ledgerRollups).where(eq(ledgerRollups.provinceId, provinceId)),
    rollupDelta(db, sql`${contributions.provinceId} = ${provinceId}`, 1),
    // The anonymous line's counts and the pairs' public state, from the rows just rebuilt (the backfill of both).
    ...publicPairStatements(db, sql`province_id = ${provinceId} and area_id in (select commune_id from contributions where province_id = ${provinceId})`),
  ]);

/** The open pledges of a province due in [from, to) (from null: since ever), for SQLite to use contributions_open_due. */
/** Open pledges of a province (or, with `communeId`, of one commune: index contributions_commune_open_due) due in [from, to). */
const openDue = (provinceId: number, from: string | null, to: string, communeId?: number) =>
  and(
    communeId === undefined ? eq(contributions.provinceId, provinceId) : eq(contributions.communeId, communeId),
    sql`${contributions.status} = 'pledged'`,
    from === null ? undefined : sql`${contributions.dueDate} >= ${from}`,
    sql`${contributions.dueDate} < ${to}`,
  )!;

/**
 * The daily job: every province's overdue figures moved forward to `today` — the open pledges that fell due since as_of
 * are added and as_of set, in one batch (one transaction with the writes' deltas). Reads those pledges only.
 */
export async function advanceLedgerRollups(db: Db, today: string): Promise<number> {
  const provinces = await db.select({ id: units.id, asOf: ledgerRollupDates.asOf }).from(units).leftJoin(ledgerRollupDates, eq(ledgerRollupDates.provinceId, units.id)).where(eq(units.level, "province")).all();
  let moved = 0;
  for (const p of provinces) {
    if (p.asOf !== null && p.asOf >= today) continue;
    await db.batch([
      // The range starts at the as_of stored when the batch runs (not the one read above): a second run adds nothing.
      rollupDelta(db, and(openDue(p.id, null, today), sql`${contributions.dueDate} >= coalesce((select as_of from ledger_rollup_dates where province_id = ${p.id}), '')`)!, 1, { overdueOnly: true }),
      db.insert(ledgerRollupDates).values({ provinceId: p.id, asOf: today }).onConflictDoUpdate({ target: ledgerRollupDates.provinceId, set: { asOf: today } }),
    ]);
    moved++;
  }
  return moved;
}

export type Row = typeof ledgerRollups.$inferSelect;
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
const figuresOf = (r: Row) => [...Object.values(totalsOf(r)), r.overdueCount, r.overdueAmount];
const isEmpty = (r: Row) => figuresOf(r).every((v) => v === 0) && r.anonSponsors === 0 && r.shown === 0;

/** A recount of every (commune, sponsor) pair's public state (PUBLIC_STATE) in a province, from the contributions. */
async function publicStates(db: Db, provinceId: number): Promise<{ shown: Map<string, number>; anonymous: Map<number, number> }> {
  const rows = await db.all<{ area: number; k: number; shown: number }>(sql`select commune_id as area, sponsor_id as k,
      case when not (sum(case when status = 'cancelled' then received_total else amount end) > 0 or sum(received_total) > 0
        or sum(case when status <> 'cancelled' then coalesce(labour_days, 0) else 0 end) > 0
        or sum(case when status <> 'cancelled' then coalesce(land_m2, 0) else 0 end) > 0) then 0
      when coalesce((select public_consent from sponsors s where s.id = sponsor_id), 0) then 2 else 1 end as shown
    from contributions where province_id = ${provinceId} group by commune_id, sponsor_id`);
  const anonymous = new Map<number, number>();
  for (const r of rows) if (Number(r.shown) === 1) anonymous.set(r.area, (anonymous.get(r.area) ?? 0) + 1);
  return { shown: new Map(rows.map((r) => [`${r.area} sponsor ${r.k}`, Number(r.shown)])), anonymous };
}

/** Stored rollups that differ from a recount of the province's contributions ("area 86 sponsor 12: pledged 5 ≠ 7"). */
export async function ledgerRollupDifferences(db: Db, provinceId: number): Promise<string[]> {
  const [stored, fresh, states] = await Promise.all([
    db.select().from(ledgerRollups).where(eq(ledgerRollups.provinceId, provinceId)).all(),
    db.all<{ p: number; area: number; dim: RollupDim; k: number } & Record<(typeof FIGURES)[number], number>>(rollupSelect(sql`${contributions.provinceId} = ${provinceId}`, 1)),
    publicStates(db, provinceId),
  ]);
  const id = (area: number, dim: string, key: number) => `${area} ${dim} ${key}`;
  const expected = new Map(fresh.map((r) => [id(r.area, r.dim, r.k), r]));
  const out: string[] = [];
  for (const r of stored) {
    // The public page's counts: a pair's state on its sponsor row, the anonymous sponsors on the commune's anonymous row.
    const shown = r.dim === "sponsor" ? (states.shown.get(id(r.areaId, r.dim, r.key)) ?? 0) : 0;
    const anon = r.dim === "anonymous" ? (states.anonymous.get(r.areaId) ?? 0) : 0;
    if (r.shown !== shown) out.push(`${id(r.areaId, r.dim, r.key)}: shown ${r.shown} ≠ ${shown}`);
    if (r.anonSponsors !== anon) out.push(`${id(r.areaId, r.dim, r.key)}: anon_sponsors ${r.anonSponsors} ≠ ${anon}`);
    const e = expected.get(id(r.areaId, r.dim, r.key));
    expected.delete(id(r.areaId, r.dim, r.key));
    if (!e) {
      if (!isEmpty(r)) out.push(`${id(r.areaId, r.dim, r.key)}: không có đóng góp nào nhưng dòng tổng hợp khác 0`);
      continue;
    }
    // figuresOf lists the figures in FIGURES order.
    const have = figuresOf(r);
    const wrong = FIGURES.flatMap((f, i) => (Number(e[f]) !== have[i] ? [`${f} ${have[i]} ≠ ${e[f]}`] : []));
    if (wrong.length) out.push(`${id(r.areaId, r.dim, r.key)}: ${wrong.join("; ")}`);
  }
  for (const key of expected.keys()) out.push(`${key}: thiếu dòng tổng hợp`);
  return out;
}

/** The rollup area of a unit (a hamlet counts as its commune). */
const areaOf = (unit: Pick<Unit, "id" | "level" | "communeId">) => (unit.level === "hamlet" ? unit.communeId! : unit.id);

/** A group's name (and a commune's code), joined in the rollup read: no second lookup per group. */
export type GroupLabel = { name: string | null; code: string | null };
const LABELS: Record<RollupDim, { table: typeof units | typeof projects | typeof criteria | typeof users; id: SQL; name: SQL; code: SQL } | null> = {
  commune: { table: units, id: sql`${units.id}`, name: sql`${units.name}`, code: sql`${units.code}` },
  district: { table: units, id: sql`${units.id}`, name: sql`${units.name}`, code: sql`${units.code}` },
  project: { table: projects, id: sql`${projects.id}`, name: sql`${projects.name}`, code: sql`null` },
  criterion: { table: criteria, id: sql`${criteria.id}`, name: sql`${criteria.number} || '. ' || ${criteria.name}`, code: sql`null` },
  cadre: { table: users, id: sql`${users.id}`, name: sql`${users.displayName}`, code: sql`null` },
  sponsor: null,
  anonymous: null,
};

/**
 * Stored rows of one grouping inside `unit` (all keys, or the given ones), with labels if asked; groups with no
 * contribution left out. Communes are named from the area's packed commune rows (commune-figures.ts: one row for a
 * two-tier province's 500 communes instead of a units row each); any commune not found there, from its units row.
 */
async function rollupRows(db: Db, unit: Pick<Unit, "id" | "level" | "communeId">, dim: RollupDim, keys?: number[], labelled = false): Promise<(Row & GroupLabel)[]> {
  if (labelled && dim === "commune" && (unit.level === "province" || unit.level === "district")) {
    const [rows, labels] = await Promise.all([rollupRows(db, unit, dim, keys), communeLabelsIn(db, unit)]);
    const missing = rows.filter((r) => r.key !== 0 && !labels.has(r.key)).map((r) => r.key);
    for (const part of chunk(missing, 90)) for (const u of await db.select({ id: units.id, name: units.name, code: units.code }).from(units).where(inArray(units.id, part)).all()) labels.set(u.id, u);
    return rows.map((r) => ({ ...r, name: labels.get(r.key)?.name ?? null, code: labels.get(r.key)?.code ?? null }));
  }
  const area = and(eq(ledgerRollups.areaId, areaOf(unit)), eq(ledgerRollups.dim, dim));
  const label = labelled ? LABELS[dim] : null;
  const read = (where: SQL | undefined) =>
    label
      ? db
          .select({ r: ledgerRollups, name: sql<string | null>`${label.name}`.as("label_name"), code: sql<string | null>`${label.code}`.as("label_code") })
          .from(ledgerRollups)
          .leftJoin(label.table, sql`${label.id} = ${ledgerRollups.key}`)
          .where(where)
          .all()
          .then((rows) => rows.map(({ r, name, code }) => ({ ...r, name, code })))
      : db
          .select()
          .from(ledgerRollups)
          .where(where)
          .all()
          .then((rows) => rows.map((r) => ({ ...r, name: null, code: null })));
  const rows: (Row & GroupLabel)[] = [];
  if (keys === undefined && !label) return storedRows(await rollupQueries(db).rows.all({ areaId: areaOf(unit), dim }));
  else if (keys === undefined) rows.push(...(await read(area)));
  else for (const part of chunk(keys, 90)) rows.push(...(await read(and(area, inArray(ledgerRollups.key, part)))));
  return rows.filter((r) => r.count > 0 || r.cancelled > 0);
}

/** The rows of rollupQueries' `rows` (a caller's batch may read them) as rollupRows returns them. */
export const storedRows = (rows: Row[]): (Row & GroupLabel)[] => rows.filter((r) => r.count > 0 || r.cancelled > 0).map((r) => ({ ...r, name: null, code: null }));

/** Stored totals (no overdue figures) per key of one grouping inside `unit`. */
export async function rollupTotals(db: Db, unit: Pick<Unit, "id" | "level" | "communeId">, dim: RollupDim, keys?: number[]): Promise<Map<number, RollupTotals>> {
  return new Map((await rollupRows(db, unit, dim, keys)).map((r) => [r.key, totalsOf(r)]));
}

const KEY_COLUMNS: Record<RollupDim, SQL> = {
  commune: sql`${contributions.communeId}`,
  district: sql`${contributions.districtId}`,
  criterion: sql`${contributions.criterionId}`,
  project: sql`${contributions.projectId}`,
  cadre: sql`${contributions.mobilisedBy}`,
  sponsor: sql`${contributions.sponsorId}`,
  // Key 0 for a non-consenting sponsor's pledge; -1 (no row has it) for the others.
  anonymous: sql`case when coalesce((select public_consent from sponsors s where s.id = ${contributions.sponsorId}), 0) then -1 else 0 end`,
};

type Overdue = { overdueCount: number; overdueAmount: number };

/** Open pledges (count and unpaid amount) due in [from, to) per key of a grouping inside `unit`: a range of contributions_open_due. */
async function openDueTotals(db: Db, unit: Pick<Unit, "id" | "level" | "provinceId" | "communeId">, dim: RollupDim, from: string | null, to: string): Promise<Map<number, Overdue>> {
  const c = contributions;
  // A commune's range is its own (a province's would read every commune's pledges that fell due since as_of).
  const commune = unit.level === "province" || unit.level === "district" ? undefined : areaOf(unit);
  const inside = unit.level === "district" ? eq(c.districtId, unit.id) : undefined;
  const rows = await db
    .select({
      key: sql<number>`coalesce(${KEY_COLUMNS[dim]}, 0)`.mapWith(Number),
      overdueCount: sql<number>`count(*)`.mapWith(Number),
      overdueAmount: sql<number>`coalesce(sum(max(0, ${c.amount} - ${c.receivedTotal})), 0)`.mapWith(Number),
    })
    .from(c)
    .where(and(openDue(provinceIdOf(unit), from, to, commune), inside))
    .groupBy(sql`1`)
    .all();
  return new Map(rows.map(({ key, ...o }) => [key, o]));
}

/**
 * Full LedgerTotals per key as of `today`: the stored rollup (overdue as of the province's as_of) plus the open pledges
 * that fell due between as_of and today (or minus those due between today and as_of, for a day before it).
 */
export async function ledgerTotalsBy(db: Db, unit: Unit, dim: RollupDim, today: string, labelled = false, asOf = rollupAsOf(db, unit)): Promise<Map<number, LedgerTotals & { label: GroupLabel }>> {
  return withOverdueToday(db, unit, dim, today, await rollupRows(db, unit, dim, undefined, labelled), asOf);
}

/** The day the province's stored overdue figures are as of (null: none yet); read once by a page that shows several groupings. */
export const rollupAsOf = async (db: Db, unit: Unit): Promise<string | null> => (await rollupQueries(db).asOf.get({ provinceId: provinceIdOf(unit) }))?.asOf ?? null;

/** The public commune page's rollup reads, built once per isolate (src/db/prepared.ts). */
export const rollupQueries = preparedOnce((db) => ({
  asOf: db.select({ asOf: ledgerRollupDates.asOf }).from(ledgerRollupDates).where(eq(ledgerRollupDates.provinceId, sql.placeholder("provinceId"))).prepare(),
  rows: db
    .select()
    .from(ledgerRollups)
    .where(and(eq(ledgerRollups.areaId, sql.placeholder("areaId")), eq(ledgerRollups.dim, sql.placeholder("dim"))))
    .prepare(),
}));

/** Stored rows of a grouping (read by the caller) as full LedgerTotals as of `today` (see ledgerTotalsBy). */
export async function withOverdueToday<R extends Row>(db: Db, unit: Unit, dim: RollupDim, today: string, rows: (R & Partial<GroupLabel>)[], asOf = rollupAsOf(db, unit)): Promise<Map<number, LedgerTotals & { label: GroupLabel }>> {
  const from = await asOf;
  const none = new Map<number, Overdue>();
  const [sign, shift] = rows.length === 0 ? [0, none] : from === null || from < today ? [1, await openDueTotals(db, unit, dim, from, today)] : from > today ? [-1, await openDueTotals(db, unit, dim, today, from)] : [0, none];
  return new Map(
    rows.map((r) => {
      const d = shift.get(r.key);
      const totals: LedgerTotals = { ...emptyTotals(), ...totalsOf(r), overdueCount: r.overdueCount + sign * (d?.overdueCount ?? 0), overdueAmount: r.overdueAmount + sign * (d?.overdueAmount ?? 0) };
      return [r.key, { ...totals, label: { name: r.name ?? null, code: r.code ?? null } }];
    }),
  );
}

/** A unit's whole totals: the sum of its criterion rows (every contribution has exactly one criterion key, 0 = none). */
export async function ledgerTotalsOf(db: Db, unit: Unit, today: string): Promise<LedgerTotals> {
  const total = emptyTotals();
  for (const t of (await ledgerTotalsBy(db, unit, "criterion", today)).values()) for (const k of Object.keys(total) as (keyof LedgerTotals)[]) total[k] += t[k];
  return total;
}
