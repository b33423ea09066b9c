// The Drizzle db over a D1 binding that counts rows read and time spent, so every response can carry them in a
// Server-Timing header. One Drizzle instance per isolate (`isolateDb`): building one walks the whole schema
// (extractTablesRelationalConfig), which cost ~2 % of a request's CPU when it ran per request. The request's meter
// travels in an AsyncLocalStorage, so concurrent requests on one isolate still count their own rows.
import { AsyncLocalStorage } from "node:async_hooks";
import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

export type D1Meter = { rowsRead: number; rowsWritten: number; durationMs: number; queries: number };

export const newMeter = (): D1Meter => ({ rowsRead: 0, rowsWritten: 0, durationMs: 0, queries: 0 });

const meterStore = new AsyncLocalStorage<D1Meter>();

/** Runs `fn` with `meter` as the request's meter: statements of the isolate's db record into it. */
export const withMeter = <T>(meter: D1Meter, fn: () => T): T => meterStore.run(meter, fn);

function record(fixed: D1Meter | undefined, meta: D1Meta | Record<string, unknown> | undefined): void {
  const meter = fixed ?? meterStore.getStore();
  if (!meter) return;
  const m = (meta ?? {}) as Partial<D1Meta>;
  meter.rowsRead += m.rows_read ?? 0;
  meter.rowsWritten += m.rows_written ?? 0;
  meter.durationMs += m.duration ?? 0;
  meter.queries += 1;
}

const INNER = Symbol("inner statement");

type MeteredStatement = D1PreparedStatement & { [INNER]: D1PreparedStatement };

function meterStatement(inner: D1PreparedStatement, meter: D1Meter | undefined): MeteredStatement {
  const all = async <T>(): Promise<D1Result<T>> => {
    const result = await inner.all<T>();
    record(meter, result.meta);
    return result;
  };
  const statement = {
    [INNER]: inner,
    bind: (...values: unknown[]) => meterStatement(inner.bind(...values), meter),
    all,
    run: async <T>() => {
      const result = await inner.run<T>();
      record(meter, result.meta);
      return result;
    },
    first: async (column?: string) => {
      const row = (await all<Record<string, unknown>>()).results[0] ?? null;
      return row && column ? (row[column] ?? null) : row;
    },
    // D1's raw() returns no meta, so rows come from all(). Selects must not repeat a column name
    // (alias joined columns): object keys would collapse. Drizzle's own batch path has the same rule.
    raw: async (options?: { columnNames?: boolean }) => {
      const rows = (await all<Record<string, unknown>>()).results;
      const values = rows.map((row) => Object.values(row));
      if (options?.columnNames) return [rows[0] ? Object.keys(rows[0]) : [], ...values];
      return values;
    },
  };
  return statement as unknown as MeteredStatement;
}

/** A D1Database that records meta.rows_read and meta.duration of every statement into `meter` (else the meter of
 * the request running it, see `withMeter`). */
export function meteredD1(d1: D1Database, meter?: D1Meter): D1Database {
  const wrapper = {
    prepare: (query: string) => meterStatement(d1.prepare(query), meter),
    batch: async <T>(statements: D1PreparedStatement[]) => {
      const inner = statements.map((s) => (s as MeteredStatement)[INNER] ?? s);
      const results = await d1.batch<T>(inner);
      for (const result of results) record(meter, result.meta);
      return results;
    },
    exec: (query: string) => d1.exec(query),
    dump: () => (d1 as unknown as { dump(): Promise<ArrayBuffer> }).dump(),
    withSession: (...args: unknown[]) => (d1 as unknown as { withSession(...a: unknown[]): unknown }).withSession(...args),
  };
  return wrapper as unknown as D1Database;
}

export function createDb(d1: D1Database) {
  return drizzle(d1, { schema });
}

export type Db = ReturnType<typeof createDb>;

const isolateDbs = new WeakMap<D1Database, Db>();

/** The isolate's one metered db over `d1` (created on first use); rows go to the meter set by `withMeter`. */
export function isolateDb(d1: D1Database): Db {
  let db = isolateDbs.get(d1);
  if (!db) {
    db = createDb(meteredD1(d1));
    isolateDbs.set(d1, db);
  }
  return db;
}

/** "d1;dur=1.2;desc=\"rows=37 written=2\"": rows read (billed) and rows written by the request. */
export function serverTimingValue(meter: D1Meter): string {
  return `d1;dur=${meter.durationMs.toFixed(2)};desc="rows=${meter.rowsRead} written=${meter.rowsWritten}"`;
}
