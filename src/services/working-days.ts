// Public holidays as data (table `holidays`, keyed by date): load a range, list a year, add, remove,
// load the default 2025–2027 list. Every change writes its audit row in the same batch.
import { and, asc, gte, lte } from "drizzle-orm";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { holidays } from "../db/schema";
import { DEFAULT_HOLIDAYS, addDays, type Holiday } from "../domain/working-days";
import { auditIfChangedStatement, auditStatement } from "./audit";
import { chunk, rowsPerStatement } from "./units";

/** Holidays between two dates (inclusive), as the set the working-day functions take. */
export async function loadHolidays(db: Db, from: string, to: string): Promise<Set<string>> {
  const rows = await db.select({ date: holidays.date }).from(holidays).where(and(gte(holidays.date, from), lte(holidays.date, to))).all();
  return new Set(rows.map((r) => r.date));
}

/** Holidays around `today`: enough for deadlines and SLA shares of items received in the last two years. */
export function loadHolidaysAround(db: Db, today: string): Promise<Set<string>> {
  return loadHolidays(db, addDays(today, -730), addDays(today, 400));
}

export async function listHolidays(db: Db, year: number): Promise<Holiday[]> {
  return db.select().from(holidays).where(and(gte(holidays.date, `${year}-01-01`), lte(holidays.date, `${year}-12-31`))).orderBy(asc(holidays.date)).all();
}

export async function addHoliday(db: Db, actorId: number, holiday: Holiday, ip: string | null): Promise<{ ok: true } | { ok: false; message: string }> {
  const existing = await db.select().from(holidays).where(eq(holidays.date, holiday.date)).get();
  if (existing) return { ok: false, message: `Ngày này đã có trong danh sách: ${existing.name}.` };
  await db.batch([
    db.insert(holidays).values(holiday),
    auditStatement(db, { actorId, action: "holiday.add", entity: "holiday", entityId: holiday.date, after: holiday, ip }),
  ]);
  return { ok: true };
}

export async function removeHoliday(db: Db, actorId: number, date: string, ip: string | null): Promise<boolean> {
  const existing = await db.select().from(holidays).where(eq(holidays.date, date)).get();
  if (!existing) return false;
  await db.batch([
    db.delete(holidays).where(eq(holidays.date, date)),
    auditIfChangedStatement(db, { actorId, action: "holiday.remove", entity: "holiday", entityId: date, before: existing, ip }),
  ]);
  return true;
}

/** Adds the default days off that are missing (existing dates, possibly renamed by the admin, stay). */
export async function loadDefaultHolidays(db: Db, actorId: number | null, ip: string | null = null): Promise<number> {
  const existing = await loadHolidays(db, DEFAULT_HOLIDAYS[0].date, DEFAULT_HOLIDAYS[DEFAULT_HOLIDAYS.length - 1].date);
  const missing = DEFAULT_HOLIDAYS.filter((h) => !existing.has(h.date));
  if (missing.length === 0) return 0;
  const inserts = chunk(missing, rowsPerStatement(2)).map((part) => db.insert(holidays).values(part).onConflictDoNothing());
  await db.batch([
    inserts[0],
    ...inserts.slice(1),
    auditStatement(db, { actorId, action: "holiday.loadDefaults", entity: "holiday", entityId: null, after: { dates: missing.map((h) => h.date) }, ip }),
  ]);
  return missing.length;
}
