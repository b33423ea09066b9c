// The 2025 merger: load the succession table (old communes → new commune), close what was absorbed, read the
// links both ways, let the admin complete `partial` rows, list accounts still scoped to closed units.
import { and, asc, eq, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { preparedOnce } from "../db/prepared";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { unitSuccessions, units, users, type Unit } from "../db/schema";
import { findCycle, NEW_ON, OLD_ON, oldProvincesOf, parseSuccession, SuccessionFileError, type SuccessionRow } from "../domain/succession";
import { planProvince } from "../domain/units";
import { auditStatement } from "./audit";
import { asBatch } from "./batch";
import { chunk, importProvince, rowsPerStatement, runInBatches, unitsByCode } from "./units";
import type { Failure, Outcome } from "../domain/outcome";

export type SuccessionSummary = { rows: number; links: number; inserted: number; updated: number; closed: number; partial: number };

const communesOn = (db: Db, codes: string[], on: string) => unitsByCode(db, codes, on, "commune");

/**
 * Loads rows of the succession table idempotently (a second run inserts and updates nothing). Old codes are
 * read on 30/6/2025 and new ones on 1/7/2025 (a new commune often keeps an old code). Refuses the whole file,
 * writing nothing, on an unknown code or a cycle. Then closes (valid_to = 30/6/2025) every predecessor and every
 * still-open unit of the old provinces they belonged to: districts were abolished and the old provinces merged
 * whole on 1/7/2025.
 */
export async function loadSuccession(db: Db, rows: SuccessionRow[]): Promise<SuccessionSummary> {
  const [olds, news] = await Promise.all([communesOn(db, rows.flatMap((r) => r.predecessorCodes), OLD_ON), communesOn(db, rows.map((r) => r.code), NEW_ON)]);
  const problems: string[] = [];
  for (const r of rows) {
    if (!news.has(r.code)) problems.push(`Dòng ${r.line}: không có xã ${r.code} (${r.name}) hiệu lực từ 01/07/2025: hãy nạp danh sách đơn vị hai cấp của tỉnh ${r.provinceCode} trước.`);
    const unknown = r.predecessorCodes.filter((c) => !olds.has(c));
    if (unknown.length) problems.push(`Dòng ${r.line}: không có xã cũ mã ${unknown.join(", ")} hiệu lực ngày 30/06/2025: hãy nạp danh sách đơn vị ba cấp của các tỉnh cũ trước.`);
  }
  if (problems.length) throw new SuccessionFileError(problems);

  const links = rows.flatMap((r) => r.predecessorCodes.map((c) => ({ row: r, from: olds.get(c)!.id, to: news.get(r.code)!.id })));
  const existing = await existingLinks(db, [...new Set(links.map((l) => l.to))]);
  const cycle = findCycle([...existing.map((e) => ({ from: e.predecessorId, to: e.successorId })), ...links]);
  if (cycle) {
    const lines = links.filter((l) => cycle.includes(l.from) && cycle.includes(l.to)).map((l) => l.row.line);
    throw new SuccessionFileError([`Dòng ${[...new Set(lines)].join(", ") || "?"}: bảng kế thừa tạo vòng lặp (một xã là tiền thân của chính nó).`]);
  }

  const byPair = new Map(existing.map((e) => [`${e.successorId}:${e.predecessorId}`, e]));
  const inserts: (typeof unitSuccessions.$inferInsert)[] = [];
  const statements = [];
  let updated = 0;
  for (const l of links) {
    const old = byPair.get(`${l.to}:${l.from}`);
    if (!old) inserts.push({ successorId: l.to, predecessorId: l.from, status: l.row.status, sourceText: l.row.sourceText });
    else if (old.completedAt === null && (old.status !== l.row.status || old.sourceText !== l.row.sourceText)) {
      updated++;
      statements.push(db.update(unitSuccessions).set({ status: l.row.status, sourceText: l.row.sourceText }).where(eq(unitSuccessions.id, old.id)));
    }
  }
  for (const part of chunk(inserts, rowsPerStatement(4))) statements.push(db.insert(unitSuccessions).values(part));
  await runInBatches(db, statements);
  forgetHeirs();
  const closed = await closeAbsorbed(db, [...new Set(links.map((l) => l.from))]);
  return { rows: rows.length, links: links.length, inserted: inserts.length, updated, closed, partial: rows.filter((r) => r.status === "partial").length };
}

async function existingLinks(db: Db, successorIds: number[]) {
  const out: (typeof unitSuccessions.$inferSelect)[] = [];
  for (const part of chunk(successorIds, 90)) out.push(...(await db.select().from(unitSuccessions).where(inArray(unitSuccessions.successorId, part)).all()));
  return out;
}

/** Closes the predecessors and every open unit of their old provinces (3-tier generation). Returns units closed. */
export async function closeAbsorbed(db: Db, predecessorIds: number[]): Promise<number> {
  if (predecessorIds.length === 0) return 0;
  const provinceIds = new Set<number>();
  for (const part of chunk(predecessorIds, 90)) {
    const rows = await db.select({ provinceId: units.provinceId }).from(units).where(inArray(units.id, part)).all();
    for (const r of rows) if (r.provinceId !== null) provinceIds.add(r.provinceId);
  }
  let closed = 0;
  const open = and(isNull(units.validTo), lt(units.validFrom, NEW_ON));
  for (const part of chunk(predecessorIds, 90)) {
    closed += (await db.update(units).set({ validTo: OLD_ON }).where(and(open, inArray(units.id, part))).returning({ id: units.id })).length;
  }
  // Two lists of the same ids per statement: at most 45 provinces each (D1 binds 100 parameters).
  for (const ids of chunk([...provinceIds], 45)) {
    closed += (await db.update(units).set({ validTo: OLD_ON }).where(and(open, or(inArray(units.provinceId, ids), inArray(units.id, ids)))).returning({ id: units.id })).length;
  }
  return closed;
}

export type Link = { unit: Unit; status: string; sourceText: string; completedAt: string | null };

/** The units linked to `unitId` across the merger, from one side of the succession table to the other. */
function linked(db: Db, unitId: number, from: "successor" | "predecessor"): Promise<Link[]> {
  return linkedQueries(db)[from].all({ unitId });
}

/** Both directions of `linked`, built once per isolate (src/db/prepared.ts): the checklist asks on every request. */
export const linkedQueries = preparedOnce((db) => {
  const query = (self: SQLiteColumn, other: SQLiteColumn) =>
    db
      .select({ unit: units, status: unitSuccessions.status, sourceText: unitSuccessions.sourceText, completedAt: unitSuccessions.completedAt })
      .from(unitSuccessions)
      .innerJoin(units, eq(units.id, other))
      .where(eq(self, sql.placeholder("unitId")))
      .orderBy(asc(units.nameFolded))
      .prepare();
  return { successor: query(unitSuccessions.successorId, unitSuccessions.predecessorId), predecessor: query(unitSuccessions.predecessorId, unitSuccessions.successorId) };
});

/** The old communes a new one was formed from (empty for a unit without predecessors). */
export const predecessorsOf = (db: Db, unitId: number): Promise<Link[]> => linked(db, unitId, "successor");

/** The new communes an old one went into (several when it was split). */
export const successorsOf = (db: Db, unitId: number): Promise<Link[]> => linked(db, unitId, "predecessor");

/**
 * A closed district's or province's successor provinces, per isolate for 10 minutes: finding them reads every commune
 * of the old unit and its succession rows (589 rows for Bến Tre), on every page of its archive. Succession writes
 * in this isolate forget them; another isolate sees a completed row within the 10 minutes.
 */
const heirProvinces = new Map<number, { ids: number[]; at: number }>();
const HEIRS_TTL_MS = 10 * 60_000;
export const forgetHeirs = () => heirProvinces.clear();

/**
 * The units that succeeded a closed unit: for a commune its successor communes; for a district or province the
 * provinces its communes went into. Empty for an open unit.
 */
export async function successorUnits(db: Db, unit: Unit): Promise<Unit[]> {
  if (unit.validTo === null) return [];
  if (unit.level === "commune") return (await successorsOf(db, unit.id)).map((l) => l.unit);
  if (unit.level === "hamlet") return unit.communeId ? successorUnits(db, (await db.select().from(units).where(eq(units.id, unit.communeId)).get())!) : [];
  const cached = heirProvinces.get(unit.id);
  let ids = cached && Date.now() - cached.at < HEIRS_TTL_MS ? cached.ids : null;
  if (!ids) {
    const column = unit.level === "province" ? units.provinceId : units.districtId;
    const provinceIds = await db
      .selectDistinct({ id: sql<number>`s.province_id` })
      .from(units)
      .innerJoin(unitSuccessions, eq(unitSuccessions.predecessorId, units.id))
      .innerJoin(sql`${units} s`, sql`s.id = ${unitSuccessions.successorId}`)
      .where(and(eq(column, unit.id), eq(units.level, "commune")))
      .all();
    ids = provinceIds.map((p) => p.id).filter((id): id is number => id !== null);
    heirProvinces.set(unit.id, { ids, at: Date.now() });
  }
  return ids.length ? db.select().from(units).where(inArray(units.id, ids)).orderBy(asc(units.code)).all() : [];
}

export type PartialItem = { successor: Unit; sourceText: string; predecessors: Unit[] };

/** New communes of a province whose succession row is partial and not yet completed by hand. */
export async function pendingPartials(db: Db, provinceId: number): Promise<PartialItem[]> {
  const rows = await db
    .select({ successor: units, sourceText: unitSuccessions.sourceText, predecessorId: unitSuccessions.predecessorId })
    .from(unitSuccessions)
    .innerJoin(units, eq(units.id, unitSuccessions.successorId))
    .where(and(eq(units.provinceId, provinceId), eq(units.level, "commune"), eq(unitSuccessions.status, "partial"), isNull(unitSuccessions.completedAt)))
    .orderBy(asc(units.nameFolded))
    .all();
  const preds = await unitsById(db, rows.map((r) => r.predecessorId));
  const out = new Map<number, PartialItem>();
  for (const r of rows) {
    const item = out.get(r.successor.id) ?? { successor: r.successor, sourceText: r.sourceText, predecessors: [] };
    item.predecessors.push(preds.get(r.predecessorId)!);
    out.set(r.successor.id, item);
  }
  return [...out.values()];
}

async function unitsById(db: Db, ids: number[]): Promise<Map<number, Unit>> {
  const out = new Map<number, Unit>();
  for (const part of chunk([...new Set(ids)], 90)) for (const u of await db.select().from(units).where(inArray(units.id, part)).all()) out.set(u.id, u);
  return out;
}

export type CompleteOutcome = Outcome<{ added: number }, Failure<"invalid" | "not_found" | "conflict", { message: string }>>;

/**
 * The admin completes a partial row: adds the old communes (codes read on 30/6/2025) the source text names and
 * marks the row done. Adding closes those old communes. Audited.
 */
export async function completePartial(db: Db, actorId: number, successor: Unit, codesText: string, nowIso: string, ip: string | null): Promise<CompleteOutcome> {
  const current = await predecessorsOf(db, successor.id);
  if (!current.some((l) => l.status === "partial" && l.completedAt === null)) return { ok: false, kind: "conflict", message: "Dòng kế thừa của xã này không còn chờ bổ sung." };
  const codes = [...new Set(codesText.split(/[\s,;]+/).filter(Boolean))];
  if (codes.some((c) => !/^\d{5}$/.test(c))) return { ok: false, kind: "invalid", message: "Mã xã cũ phải gồm 5 chữ số, cách nhau bởi dấu phẩy hoặc chấm phẩy." };
  const olds = await communesOn(db, codes, OLD_ON);
  const unknown = codes.filter((c) => !olds.has(c));
  if (unknown.length) return { ok: false, kind: "invalid", message: `Không có xã cũ mã ${unknown.join(", ")} hiệu lực ngày 30/06/2025.` };
  const have = new Set(current.map((l) => l.unit.id));
  const fresh = codes.map((c) => olds.get(c)!).filter((u) => !have.has(u.id));
  if (fresh.some((u) => u.id === successor.id)) return { ok: false, kind: "invalid", message: "Một xã không thể là tiền thân của chính nó." };
  const sourceText = current[0]?.sourceText ?? "";
  const statements = [
    ...fresh.map((u) => db.insert(unitSuccessions).values({ successorId: successor.id, predecessorId: u.id, status: "partial", sourceText })),
    db.update(unitSuccessions).set({ completedBy: actorId, completedAt: nowIso }).where(eq(unitSuccessions.successorId, successor.id)),
    auditStatement(db, { actorId, action: "succession.complete", entity: "unit", entityId: successor.id, before: { predecessors: current.map((l) => l.unit.code) }, after: { added: fresh.map((u) => u.code) }, ip }),
  ];
  await db.batch(asBatch(statements));
  forgetHeirs();
  await closeAbsorbed(db, fresh.map((u) => u.id));
  return { ok: true, added: fresh.length };
}

export type RescopeItem = { id: number; username: string; displayName: string; role: string; unit: Unit; successors: Unit[] };

/** Enabled accounts scoped to a closed unit, with the unit(s) that succeeded it: the admin re-scopes them. */
export async function accountsToRescope(db: Db): Promise<RescopeItem[]> {
  // Users' columns only: a row holding both tables' "id" would clash in the metered client's object rows.
  const rows = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role, unitId: users.unitId })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(isNotNull(units.validTo), eq(users.disabled, false)))
    .orderBy(asc(users.username))
    .all();
  const byId = await unitsById(db, rows.map((r) => r.unitId));
  return Promise.all(rows.map(async ({ unitId, ...r }) => ({ ...r, unit: byId.get(unitId)!, successors: await successorUnits(db, byId.get(unitId)!) })));
}

export type CrossingSummary = { oldProvincesLoaded: string[]; succession: SuccessionSummary };

/**
 * After a two-tier province is imported: loads the three-tier units of the old provinces that formed it when they
 * are missing (so every predecessor exists), then its rows of the succession table. Idempotent.
 */
export async function crossMerger(db: Db, input: { units2025Csv: string; successionCsv: string; province?: string }): Promise<CrossingSummary> {
  const rows = parseSuccession(input.successionCsv, input.province);
  // Check before writing anything: every new code loaded, every old code in the 3-tier list.
  const provinceOf = oldProvincesOf(input.units2025Csv, rows.flatMap((r) => r.predecessorCodes));
  const news = await communesOn(db, rows.map((r) => r.code), NEW_ON);
  const problems: string[] = [];
  for (const r of rows) {
    if (!news.has(r.code)) problems.push(`Dòng ${r.line}: không có xã ${r.code} (${r.name}) hiệu lực từ 01/07/2025: hãy nạp danh sách đơn vị hai cấp của tỉnh ${r.provinceCode} trước.`);
    const unknown = r.predecessorCodes.filter((c) => !provinceOf.has(c));
    if (unknown.length) problems.push(`Dòng ${r.line}: mã xã cũ ${unknown.join(", ")} không có trong danh sách đơn vị ngày 01/03/2025.`);
  }
  if (problems.length) throw new SuccessionFileError(problems);
  const loaded: string[] = [];
  for (const code of [...new Set(provinceOf.values())].sort()) {
    const present = await db.select({ id: units.id }).from(units).where(and(eq(units.code, code), eq(units.level, "province"), lt(units.validFrom, NEW_ON))).get();
    if (present) continue;
    await importProvince(db, planProvince(input.units2025Csv, code));
    loaded.push(code);
  }
  return { oldProvincesLoaded: loaded, succession: await loadSuccession(db, rows) };
}

/** The old provinces whose communes formed a two-tier province (its 2021–2025 archive), by name. */
export async function predecessorProvinces(db: Db, province: Unit): Promise<Unit[]> {
  const rows = await db
    .selectDistinct({ provinceId: units.provinceId })
    .from(unitSuccessions)
    .innerJoin(units, eq(units.id, unitSuccessions.predecessorId))
    .where(inArray(unitSuccessions.successorId, db.select({ id: units.id }).from(units).where(and(eq(units.parentId, province.id), eq(units.level, "commune")))))
    .all();
  const ids = rows.map((r) => r.provinceId).filter((id): id is number => id !== null && id !== province.id);
  if (ids.length === 0) return [];
  return db.select().from(units).where(inArray(units.id, ids)).orderBy(asc(units.nameFolded)).all();
}
