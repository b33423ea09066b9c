// Links of server-rendered pages that keep their query (sorting, filters, period) in the URL.

export type Query = Record<string, string>;

/** `path?query` with `changes` applied (null removes a parameter); parameters in a stable order. */
export function withQuery(path: string, query: Query, changes: Record<string, string | null> = {}, hash = ""): string {
  const merged: Query = { ...query };
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === "") delete merged[k];
    else merged[k] = v;
  }
  const keys = Object.keys(merged).sort();
  const qs = keys.map((k) => `${formEncoded(k)}=${formEncoded(merged[k])}`).join("&");
  return `${path}${qs ? `?${qs}` : ""}${hash}`;
}

/** What URLSearchParams writes for `text`; the common case (letters, digits, `*-._`) without building one. */
const FORM_SAFE = /^[A-Za-z0-9*\-._]*$/;
const formEncoded = (text: string): string => (FORM_SAFE.test(text) ? text : new URLSearchParams([["", text]]).toString().slice(1));
