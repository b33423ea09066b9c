// Statements built once per isolate: building a Drizzle query (walking its columns, merging SQL chunks, drizzle's
// `is()` checks) costs ~50–120 µs of CPU per statement, every time. A query that runs on most requests (the session
// lookup, a unit by code) is built once per db with `sql.placeholder`s and only bound per request. It holds SQL
// text and no data, so it needs no forgetting between test files (src/services/isolate-caches.ts).
import { fillPlaceholders } from "drizzle-orm";
import type { RunnableQuery } from "drizzle-orm/runnable-query";
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

type PreparedAll<R> = { all(placeholderValues?: Record<string, unknown>): Promise<R> };
type PreparedInternals = { getQuery(): { sql: string; params: unknown[] }; stmt: unknown; mapResult(response: unknown, isFromBatch?: boolean): unknown };

/**
 * A prepared query (a select's `.prepare()`) as an item of `db.batch`, its placeholders filled with `values`.
 * Drizzle's D1 batch asks each item for `_prepare()` and then uses the prepared query's statement, its query's
 * params and `mapResult`: here the prepared query itself, with the params filled. Pinned drizzle-orm; the checklist
 * tests read through it.
 */
export function inBatch<R>(query: PreparedAll<R>, values: Record<string, unknown>): RunnableQuery<R, "sqlite"> {
  const prepared = query as unknown as PreparedInternals;
  const bound = {
    stmt: prepared.stmt,
    getQuery: () => {
      const built = prepared.getQuery();
      return { ...built, params: fillPlaceholders(built.params, values) };
    },
    mapResult: (response: unknown, isFromBatch?: boolean) => prepared.mapResult(response, isFromBatch),
  };
  return { _prepare: () => bound } as unknown as RunnableQuery<R, "sqlite">;
}
