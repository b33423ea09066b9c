// Keyset pages ("Xem thêm"): the next page starts after the last row of this one, named in the link as "<key>_<id>"
// (its date or timestamp and its id). No OFFSET: a page reads about its own rows however long the list grows.

export type Cursor = { key: string; id: number };

/** "2026-11-27_42" or "2026-11-27T03:00:00.000Z_42" → the cursor, or null when malformed. */
export function parseCursor(text: string): Cursor | null {
  const m = /^(\d{4}-\d{2}-\d{2}(?:[T ][\d:.]{1,15}Z?)?)_(\d{1,15})$/.exec(text);
  return m ? { key: m[1], id: Number(m[2]) } : null;
}

export const cursorOf = (key: string, id: number) => `${key}_${id}`;

/** "150000000_42" (an amount in VND, then an id: the public sponsors list) → the cursor, or null when malformed. */
export function parseAmountCursor(text: string): Cursor | null {
  const m = /^(\d{1,15})_(\d{1,15})$/.exec(text);
  return m ? { key: m[1], id: Number(m[2]) } : null;
}
