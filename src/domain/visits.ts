// Field visits: the residents' concerns (tâm tư, nguyện vọng) typed one per line, and the visit date rule.

export const VISIT_LIMITS = { participants: 500, metWith: 500, summary: 4000, concern: 1000, concerns: 30 } as const;

/** One concern per non-empty line, whitespace tidied. */
export function splitConcerns(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*[-•*+]\s*/, "").replace(/\s+/g, " ").trim())
    .filter((line) => line.length > 0);
}

/** Vietnamese error for the concerns field, or null. */
export function concernsError(concerns: string[]): string | null {
  if (concerns.length > VISIT_LIMITS.concerns) return `Tối đa ${VISIT_LIMITS.concerns} ý kiến cho một chuyến thăm.`;
  const long = concerns.findIndex((c) => c.length > VISIT_LIMITS.concern);
  if (long >= 0) return `Ý kiến thứ ${long + 1} dài quá ${VISIT_LIMITS.concern} ký tự.`;
  return null;
}

/** A visit is recorded after it happened: not in the future, not before the year 2000. */
export function visitDateError(date: string, today: string): string | null {
  if (date > today) return "Ngày thăm không được sau ngày hôm nay.";
  if (date < "2000-01-01") return "Ngày thăm không hợp lệ.";
  return null;
}
