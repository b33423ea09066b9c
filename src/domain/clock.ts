// Time in Vietnam: the one place that turns an instant into Vietnam's calendar date (UTC+7, no daylight saving).

/** The calendar date in Vietnam (yyyy-mm-dd) of an instant. */
export function vietnamDate(now: Date): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** The calendar date in Vietnam of an ISO timestamp (stored instants such as received_at). */
export function vnDateOf(timestamp: string): string {
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) throw new RangeError(`not a timestamp: ${timestamp}`);
  return vietnamDate(new Date(ms));
}

/** A yyyy-mm-dd date that exists on the calendar, or null. */
export function isoDateOrNull(text: string | undefined | null): string | null {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text ? text : null;
}

/** The day before a yyyy-mm-dd date. */
export const dayBefore = (iso: string): string => new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
