// Public holidays as data: national days (table `holidays`, shared, read-only to province admins) and each
// province's own days (table `province_holidays`). Deadlines use national + the province's own days.
// Load a range, list a year, add, remove, load the default 2025–2027 list. Every change writes its audit row in
// the same batch.
import { and, eq, gte, lte } from "drizzle-orm";
import type { Db } from "../db/client";
import { holidays, provinceHolidays } from "../db/schema";
import { DEFAULT_HOLIDAYS, addDays, type Holiday } from "../domain/working-days";
import { auditIfChangedStatement, auditStatement } from "./audit";
import { chunk, rowsPerStatement } from "./units";
import type { Failure, Outcome } from "../domain/outcome";

/** A day off as listed to a province admin: national days cannot be removed there. */
export type ListedHoliday = Holiday & { national: boolean };

/** National days and, when `provinceId` is given, that province's own days between two dates (inclusive). */
export async function loadHolidays(db: Db, from: string, to: string, provinceId: number | null): Promise<Set<string>> {
  const [national, own] = await Promise.all([
    db.select({ date: holidays.date }).from(holidays).where(and(gte(holidays.date, from), lte(holidays.date, to))).all(),
    provinceId === null
      ? []
      : db
          .select({ date: provinceHolidays.date })
          .from(provinceHolidays)
          .where(and(eq(provinceHolidays.provinceId, provinceId), gte(provinceHolidays.date, from), lte(provinceHolidays.date, to)))
          .all(),
  ]);
  return new Set([...national, ...own].map((r) => r.date));
}

/** Holidays of a province around `today`: enough for deadlines and SLA shares of items received in the last two years. */
export function loadHolidaysAround(db: Db, today: string, provinceId: number | null): Promise<Set<string>> {
  return loadHolidays(db, addDays(today, -730), addDays(today, 400), provinceId);
}

export async function listHolidays(db: Db, provinceId: number, year: number): Promise<ListedHoliday[]> {
  const [from, to] = [`${year}-01-01`, `${year}-12-31`];
  const [national, own] = await Promise.all([
    db.select().from(holidays).where(and(gte(holidays.date, from), lte(holidays.date, to))).all(),
    db
      .select({ date: provinceHolidays.date, name: provinceHolidays.name })
      .from(provinceHolidays)
      .where(and(eq(provinceHolidays.provinceId, provinceId), gte(provinceHolidays.date, from), lte(provinceHolidays.date, to)))
      .all(),
  ]);
  return [...national.map((h) => ({ ...h, national: true })), ...own.map((h) => ({ ...h, national: false }))].sort((a, b) => a.date.localeCompare(b.date));
}

async function findListed(db: Db, provinceId: number, date: string): Promise<ListedHoliday | undefined> {
  const national = await db.select().from(holidays).where(eq(holidays.date, date)).get();
  if (national) return { ...national, national: true };
  const own = await db
    .select({ date: provinceHolidays.date, name: provinceHolidays.name })
    .from(provinceHolidays)
    .where(and(eq(provinceHolidays.provinceId, provinceId), eq(provinceHolidays.date, date)))
    .get();
  return own && { ...own, national: false };
}

/** Adds a day off of the admin's province. */
export async function addHoliday(db: Db, actorId: number, provinceId: number, holiday: Holiday, ip: string | null): Promise<Outcome<{}, Failure<"invalid", { message: string }>>> {
  const existing = await findListed(db, provinceId, holiday.date);
  if (existing) return { ok: false, kind: "invalid", message: `Ngày này đã có trong danh sách${existing.national ? " toàn quốc" : ""}: ${existing.name}.` };
  await db.batch([
    db.insert(provinceHolidays).values({ provinceId, ...holiday }),
    auditStatement(db, { actorId, provinceId, action: "holiday.add", entity: "holiday", entityId: holiday.date, after: holiday, ip }),
  ]);
  return { ok: true };
}

/** Removes a day off of the admin's province: "national" when the date is a national day (not removable here). */
export async function removeHoliday(db: Db, actorId: number, provinceId: number, date: string, ip: string | null): Promise<"removed" | "not_found" | "national"> {
  const existing = await findListed(db, provinceId, date);
  if (!existing) return "not_found";
  if (existing.national) return "national";
  await db.batch([
    db.delete(provinceHolidays).where(and(eq(provinceHolidays.provinceId, provinceId), eq(provinceHolidays.date, date))),
    auditIfChangedStatement(db, { actorId, provinceId, action: "holiday.remove", entity: "holiday", entityId: date, before: { date, name: existing.name }, ip }),
  ]);
  return "removed";
}

/**
 * Adds the default days off that are missing (existing dates, possibly renamed, stay): to the national list when
 * `provinceId` is null (seeding, no actor), otherwise to that province's own list (a province never writes the
 * national one).
 */
export async function loadDefaultHolidays(db: Db, actorId: number | null, ip: string | null = null, provinceId: number | null = null): Promise<number> {
  const existing = await loadHolidays(db, DEFAULT_HOLIDAYS[0].date, DEFAULT_HOLIDAYS[DEFAULT_HOLIDAYS.length - 1].date, provinceId);
  const missing = DEFAULT_HOLIDAYS.filter((h) => !existing.has(h.date));
  if (missing.length === 0) return 0;
  const inserts =
    provinceId === null
      ? chunk(missing, rowsPerStatement(2)).map((part) => db.insert(holidays).values(part).onConflictDoNothing())
      : chunk(missing, rowsPerStatement(3)).map((part) => db.insert(provinceHolidays).values(part.map((h) => ({ provinceId, ...h }))).onConflictDoNothing());
  await db.batch([
    inserts[0],
    ...inserts.slice(1),
    auditStatement(db, { actorId, provinceId, action: "holiday.loadDefaults", entity: "holiday", entityId: null, after: { dates: missing.map((h) => h.date) }, ip }),
  ]);
  return missing.length;
}
