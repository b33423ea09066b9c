// Values derived from an array that never changes once made: the communes of an area decoded from its packed row are
// one array per row text (services/commune-figures.ts packedFrom), so what a page derives from them (its figures, its
// table, its map) is derived once per isolate until a write changes the row. Callers only read what they get.

/** A cache of values derived from such arrays: `derived(rows, key, build)` builds once per array and key. */
export function derivedCache<T>(): (rows: object, key: string, build: () => T) => T {
  const byRows = new WeakMap<object, Map<string, T>>();
  return (rows, key, build) => {
    let byKey = byRows.get(rows);
    if (!byKey) byRows.set(rows, (byKey = new Map()));
    if (!byKey.has(key)) byKey.set(key, build());
    return byKey.get(key)!;
  };
}
