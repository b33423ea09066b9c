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
  const qs = new URLSearchParams(keys.map((k) => [k, merged[k]])).toString();
  return `${path}${qs ? `?${qs}` : ""}${hash}`;
}
