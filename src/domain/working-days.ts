// Vietnamese working days: Monday–Friday except public holidays (a configurable list, kept as data in
// the `holidays` table). Pure: dates are ISO "yyyy-mm-dd" strings; nothing reads the clock.
//
// Convention used for deadlines (hạn trả lời): the day an item is received does not count; the answer is
// due on the N-th working day after it. An item received on Monday 02/03/2026 with 10 working days is due
// on Monday 16/03/2026. SLA used = working days elapsed since receipt ÷ working days allowed.

export type HolidaySet = ReadonlySet<string>;
export type Holiday = { date: string; name: string };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function toUtcMs(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

const fromUtcMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The calendar date `days` after (or before, when negative) `iso`. */
export function addDays(iso: string, days: number): string {
  return fromUtcMs(toUtcMs(iso) + days * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(iso: string): number {
  return new Date(toUtcMs(iso)).getUTCDay();
}

export function isWeekend(iso: string): boolean {
  const d = dayOfWeek(iso);
  return d === 0 || d === 6;
}

export function isWorkingDay(iso: string, holidays: HolidaySet): boolean {
  return !isWeekend(iso) && !holidays.has(iso);
}

/** The n-th working day after `start` (n = 0 gives `start` itself). */
export function addWorkingDays(start: string, n: number, holidays: HolidaySet): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${n}`);
  let day = start;
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
    if (isWorkingDay(day, holidays)) left--;
  }
  return day;
}

const dayNumber = (iso: string) => Math.round(toUtcMs(iso) / DAY_MS);

/** Monday–Friday days d with d < n (day numbers since 1970-01-01, a Thursday), counted from Monday 1969-12-29. */
function weekdaysBefore(n: number): number {
  const m = n + 3;
  const weeks = Math.floor(m / 7);
  return weeks * 5 + Math.min(m - weeks * 7, 5);
}

/** The set's weekday holidays as sorted day numbers, computed once per set (sets are built once per request). */
const sortedWeekdayHolidays = new WeakMap<HolidaySet, number[]>();
function weekdayHolidays(holidays: HolidaySet): number[] {
  let list = sortedWeekdayHolidays.get(holidays);
  if (!list) {
    list = [...holidays].filter((d) => ISO_DATE.test(d) && !isWeekend(d)).map(dayNumber).sort((a, b) => a - b);
    sortedWeekdayHolidays.set(holidays, list);
  }
  return list;
}

/** How many of the sorted numbers are ≤ n (binary search). */
function countAtMost(sorted: number[], n: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Working days d with from < d ≤ to (0 when to ≤ from): whole weeks by arithmetic, minus the weekday holidays in
 * the range (binary search in the sorted list), so the cost does not grow with the range. */
export function workingDaysBetween(from: string, to: string, holidays: HolidaySet): number {
  if (to <= from) return 0;
  const [a, b] = [dayNumber(from), dayNumber(to)];
  const off = weekdayHolidays(holidays);
  return weekdaysBefore(b + 1) - weekdaysBefore(a + 1) - (countAtMost(off, b) - countAtMost(off, a));
}

/** Deadline of an item received on `received` (a date) with `slaDays` working days. */
export function dueDateFor(received: string, slaDays: number, holidays: HolidaySet): string {
  return addWorkingDays(received, slaDays, holidays);
}

/**
 * Share of the allowed time used by `today`, in whole percent (rounded down; over 100 once overdue).
 * A deadline on the day of receipt counts as fully used from that day.
 */
export function slaUsedPercent(received: string, due: string, today: string, holidays: HolidaySet): number {
  const allowed = workingDaysBetween(received, due, holidays);
  if (allowed === 0) return today >= due ? 100 : 0;
  return Math.floor((workingDaysBetween(received, today, holidays) * 100) / allowed);
}

/** Overdue: not answered by the end of the due date (`answered` is the answer's date, if any). */
export function isOverdue(due: string, today: string, answered: string | null = null): boolean {
  return answered === null ? today > due : answered > due;
}

/** "2026-03" → first and last day, and the first day of the next month. */
export function monthBounds(month: string): { first: string; last: string; next: string } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new RangeError(`not a month: ${month}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const first = `${month}-01`;
  const next = mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, "0")}-01`;
  return { first, last: addDays(next, -1), next };
}

/** The month before the one `date` falls in: "2027-01-01" → "2026-12". */
export function previousMonth(date: string): string {
  return addDays(`${date.slice(0, 7)}-01`, -1).slice(0, 7);
}

/** ISO timestamp (UTC) of 00:00 Vietnam time on `date`: the lower bound for "received on or after date". */
export function vnMidnightUtc(date: string): string {
  return new Date(toUtcMs(date) - 7 * 3_600_000).toISOString();
}

/**
 * Days off for 2025–2027 loaded by default (the admin edits the list: the Government announces the
 * exact schedule each year). Only days that fall Monday–Friday matter. Sources and assumptions:
 * Labour Code 2019 art. 112 (1/1; Tết 5 days; Giỗ Tổ Hùng Vương 10/3 lunar; 30/4; 1/5; 2/9 plus one
 * adjacent day); a holiday on a weekend gets the next working day off (nghỉ bù).
 * Lunar dates used: Tết (mùng 1) 29/01/2025, 17/02/2026, 06/02/2027; Giỗ Tổ 07/04/2025, 26/04/2026 (Sunday,
 * nghỉ bù 27/04), 16/04/2027. Tết 2025 (27–31/01) and 2026 (16–20/02) are the announced weekday days off;
 * Tết 2027 (05/02 and 08–11/02) and Quốc khánh 2026 (01–02/09) and 2027 (02–03/09) are assumed.
 * Swapped Saturdays (làm bù) are not modelled: a working Saturday stays a day off here.
 */
export const DEFAULT_HOLIDAYS: Holiday[] = [
  { date: "2025-01-01", name: "Tết Dương lịch" },
  { date: "2025-01-27", name: "Tết Nguyên đán Ất Tỵ" },
  { date: "2025-01-28", name: "Tết Nguyên đán Ất Tỵ" },
  { date: "2025-01-29", name: "Tết Nguyên đán Ất Tỵ (mùng 1)" },
  { date: "2025-01-30", name: "Tết Nguyên đán Ất Tỵ" },
  { date: "2025-01-31", name: "Tết Nguyên đán Ất Tỵ" },
  { date: "2025-04-07", name: "Giỗ Tổ Hùng Vương (10/3 âm lịch)" },
  { date: "2025-04-30", name: "Ngày Giải phóng miền Nam, thống nhất đất nước" },
  { date: "2025-05-01", name: "Ngày Quốc tế Lao động" },
  { date: "2025-09-01", name: "Quốc khánh (nghỉ liền kề)" },
  { date: "2025-09-02", name: "Quốc khánh" },
  { date: "2026-01-01", name: "Tết Dương lịch" },
  { date: "2026-02-16", name: "Tết Nguyên đán Bính Ngọ" },
  { date: "2026-02-17", name: "Tết Nguyên đán Bính Ngọ (mùng 1)" },
  { date: "2026-02-18", name: "Tết Nguyên đán Bính Ngọ" },
  { date: "2026-02-19", name: "Tết Nguyên đán Bính Ngọ" },
  { date: "2026-02-20", name: "Tết Nguyên đán Bính Ngọ" },
  { date: "2026-04-27", name: "Nghỉ bù Giỗ Tổ Hùng Vương (26/4, Chủ nhật)" },
  { date: "2026-04-30", name: "Ngày Giải phóng miền Nam, thống nhất đất nước" },
  { date: "2026-05-01", name: "Ngày Quốc tế Lao động" },
  { date: "2026-09-01", name: "Quốc khánh (nghỉ liền kề)" },
  { date: "2026-09-02", name: "Quốc khánh" },
  { date: "2027-01-01", name: "Tết Dương lịch" },
  { date: "2027-02-05", name: "Tết Nguyên đán Đinh Mùi (30 Tết)" },
  { date: "2027-02-08", name: "Tết Nguyên đán Đinh Mùi" },
  { date: "2027-02-09", name: "Tết Nguyên đán Đinh Mùi" },
  { date: "2027-02-10", name: "Tết Nguyên đán Đinh Mùi (nghỉ bù)" },
  { date: "2027-02-11", name: "Tết Nguyên đán Đinh Mùi (nghỉ bù)" },
  { date: "2027-04-16", name: "Giỗ Tổ Hùng Vương (10/3 âm lịch)" },
  { date: "2027-04-30", name: "Ngày Giải phóng miền Nam, thống nhất đất nước" },
  { date: "2027-05-03", name: "Nghỉ bù Ngày Quốc tế Lao động (1/5, thứ Bảy)" },
  { date: "2027-09-02", name: "Quốc khánh" },
  { date: "2027-09-03", name: "Quốc khánh (nghỉ liền kề)" },
];
