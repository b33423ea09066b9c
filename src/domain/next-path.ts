// Pure: where to send a user after login. `next` is accepted only as a path on this site; anything a browser could
// read as another host ("//evil", "/\evil", "/<tab>/evil" — URL parsers drop tabs and newlines, and treat "\" as "/")
// or that cannot go into a Location header (CR, LF and other control characters) falls back to "/".
const ORIGIN = "http://same.invalid";

export function safeNextPath(next: string | null | undefined): string {
  if (!next || next.length > 500) return "/";
  if (next[0] !== "/" || next[1] === "/") return "/";
  // Backslashes, C0/C1 control characters (tab, CR, LF…), any whitespace, and invisible or bidi formatting marks.
  if (/[\\\u0000-\u001f\u007f-\u009f\s\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/u.test(next)) return "/";
  try {
    return new URL(next, ORIGIN).origin === ORIGIN ? next : "/";
  } catch {
    return "/";
  }
}
