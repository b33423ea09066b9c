// Display formats: dd/mm/yyyy in Asia/Ho_Chi_Minh, numbers and VND with vi-VN separators.

const TIME_ZONE = "Asia/Ho_Chi_Minh";
const numberFormat = new Intl.NumberFormat("vi-VN");
const dateParts = new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, day: "2-digit", month: "2-digit", year: "numeric" });
const timeParts = new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit", hour12: false });

/** "2026-11-27" or an ISO timestamp → "27/11/2026" (timestamps are shown in Vietnam time). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const [y, m, d] = iso.split("-");
    return `${d}/${m}/${y}`;
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return vietnamDayText(date.getTime()) ?? dateParts.format(date);
}

/** Vietnam has kept UTC+7 without daylight saving since 1976: from then on its calendar date is UTC's, shifted by
 * seven hours, read without Intl (a tenth of the checklist's CPU went to Intl date formatting). Earlier: null. */
const VIETNAM_OFFSET_MS = 7 * 3600_000;
const FIXED_OFFSET_FROM = Date.UTC(1976, 0, 1);
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
function vietnamDayText(ms: number): string | null {
  if (ms < FIXED_OFFSET_FROM) return null;
  const local = new Date(ms + VIETNAM_OFFSET_MS);
  const year = local.getUTCFullYear();
  if (year > 9999) return null;
  return `${pad2(local.getUTCDate())}/${pad2(local.getUTCMonth() + 1)}/${year}`;
}

/** ISO timestamp → "27/11/2026 14:05" in Vietnam time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const day = vietnamDayText(date.getTime());
  if (day) {
    const local = new Date(date.getTime() + VIETNAM_OFFSET_MS);
    return `${day} ${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}`;
  }
  return `${dateParts.format(date)} ${timeParts.format(date)}`;
}

/** One formatter per fraction-digit count for the isolate's life: building an Intl.NumberFormat costs far more
 * than formatting with it (a new one per call was a fifth of the progress page's CPU). */
const fixedFormats = new Map<number, Intl.NumberFormat>();

/** A safe integer in vi-VN grouping ("-1.234.567"), as Intl writes it, without Intl. */
function groupedInteger(n: number): string {
  const digits = String(Math.abs(n));
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `.${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

/**
 * `n` with `digits` decimals in vi-VN ("-1.234,5"), as Intl writes it, without Intl: Intl rounds the shortest decimal
 * that reads back as `n` (String(n)) half away from zero, so this rounds that string. Null when String(n) has an
 * exponent or more digits than a safe integer (Intl then).
 */
function fixedDecimal(n: number, digits: number): string | null {
  const text = String(Math.abs(n));
  const dot = text.indexOf(".");
  const whole = dot === -1 ? text : text.slice(0, dot);
  const fraction = dot === -1 ? "" : text.slice(dot + 1);
  if (!/^\d+$/.test(whole) || whole.length > 15 || !Number.isInteger(digits) || digits < 1 || digits > 20) return null;
  let kept = whole + fraction.slice(0, digits).padEnd(digits, "0");
  if (fraction.charCodeAt(digits) >= 53) {
    // Round up: add one to the last kept digit, carrying through nines.
    let i = kept.length - 1;
    while (i >= 0 && kept[i] === "9") i--;
    kept = i < 0 ? `1${"0".repeat(kept.length)}` : kept.slice(0, i) + String(Number(kept[i]) + 1) + "0".repeat(kept.length - i - 1);
  }
  const integer = kept.slice(0, kept.length - digits);
  const negative = n < 0 || Object.is(n, -0);
  return `${negative ? "-" : ""}${groupedInteger(Number(integer))},${kept.slice(-digits)}`;
}

export function formatNumber(n: number | null | undefined, fractionDigits?: number): string {
  if (n === null || n === undefined || Number.isNaN(n)) return "";
  if ((fractionDigits === undefined || fractionDigits === 0) && Number.isSafeInteger(n) && !Object.is(n, -0)) return groupedInteger(n);
  if (fractionDigits === undefined) return numberFormat.format(n);
  const fixed = fixedDecimal(n, fractionDigits);
  if (fixed !== null) return fixed;
  let format = fixedFormats.get(fractionDigits);
  if (!format) fixedFormats.set(fractionDigits, (format = new Intl.NumberFormat("vi-VN", { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits })));
  return format.format(n);
}

/** Canonical decimal text ("70.4", as stored) → what a Vietnamese input shows ("70,4"); no thousands groups. */
export const decimalInput = (text: string): string => text.replace(".", ",");

/** Integer VND → "1.005.000 đ". */
export function formatVnd(amount: number | null | undefined): string {
  if (amount === null || amount === undefined) return "";
  return `${Number.isSafeInteger(amount) && !Object.is(amount, -0) ? groupedInteger(amount) : numberFormat.format(amount)} đ`;
}

/** Years a date typed into the app may have (a due date of 31/12/9999 is a typo, not a plan). */
export const DATE_MIN_YEAR = 2000;
export const DATE_MAX_YEAR = 2100;

/** Parse "27/11/2026" (or ISO "2026-11-27") into ISO "2026-11-27"; null when not a real date or outside 2000–2100. */
export function parseDate(input: string): string | null {
  const text = input.trim();
  let y: number, m: number, d: number;
  const vi = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (vi) [d, m, y] = [Number(vi[1]), Number(vi[2]), Number(vi[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
