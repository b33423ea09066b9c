// Statements built once per isolate: building a Drizzle query (walking its columns, merging SQL chunks, drizzle's
// `is()` checks) costs ~50–120 µs of CPU per statement, every time. A query that runs on most requests (the session
// lookup, a unit by code) is built once per db with `sql.placeholder`s and only bound per request. It holds SQL
// text and no data, so it needs no forgetting between test files (src/services/isolate-caches.ts).
import type { Db } from "./client";

/** `build(db)` once per db (the isolate's one, see `isolateDb`), the same prepared query afterwards. */
export function preparedOnce<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let query = built.get(db);
    if (query === undefined) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}
