// Keyset pages in requests: the cursor from the query string, the "Xem thêm" link (domain/keyset.ts).
import { HTTPException } from "hono/http-exception";
import { cursorOf, parseCursor, type Cursor } from "../domain/keyset";
import type { C } from "./request";

/** The page's cursor from `?after=` (none: the first page); a malformed one is a 422 with a Vietnamese message. */
export function cursorQuery(c: C, name = "after", parse: (text: string) => Cursor | null = parseCursor): Cursor | null {
  const text = c.req.query(name) ?? "";
  if (!text) return null;
  const cursor = parse(text);
  if (!cursor) throw new HTTPException(422, { message: "Liên kết trang không hợp lệ; hãy mở lại danh sách từ đầu." });
  return cursor;
}

/** The link to the page after `rows` (full pages only): `base` with the other query parameters and `after`. */
export function nextPageHref<R>(base: string, params: Record<string, string>, rows: R[], pageSize: number, keyOf: (row: R) => Cursor): string | null {
  if (rows.length < pageSize || rows.length === 0) return null;
  const last = keyOf(rows.at(-1)!);
  return `${base}?${new URLSearchParams({ ...params, after: cursorOf(last.key, last.id) })}`;
}
