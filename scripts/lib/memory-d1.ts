// A D1Database over an in-memory node:sqlite database with this repository's migrations applied. Seeding the
// demo through the local D1 binding of getPlatformProxy costs one RPC per statement (~1,700, about 20 s on
// two busy cores); seeding here and copying the rows in with one exec() costs a few seconds. Only for loading
// data that a script then copies into the real local D1.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import { listTables } from "../../src/services/backup";

type Result = D1Result<Record<string, unknown>>;

/** migrations/*.sql in order, split on drizzle-kit's statement breakpoints. */
function applyMigrations(db: DatabaseSync, dir = "migrations"): void {
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".sql")).sort()) {
    for (const sql of readFileSync(join(dir, file), "utf8").split("--> statement-breakpoint")) if (sql.trim()) db.exec(sql);
  }
}

const toParam = (v: unknown): SQLInputValue => {
  if (v === undefined) throw new Error("D1_TYPE_ERROR: undefined is not a supported bind value");
  if (typeof v === "boolean") return v ? 1 : 0;
  return v as SQLInputValue;
};

export function memoryD1(): D1Database {
  const db = new DatabaseSync(":memory:");
  db.exec("PRAGMA foreign_keys = ON");
  applyMigrations(db);
  const totalChanges = db.prepare("select total_changes() as n, last_insert_rowid() as id");

  const execute = (sql: string, params: SQLInputValue[], arrays: boolean): { rows: unknown[]; columns: string[]; result: Result } => {
    const statement: StatementSync = db.prepare(sql);
    const before = totalChanges.get() as { n: number };
    const columns = statement.columns().map((c) => c.name);
    let rows: unknown[] = [];
    if (columns.length) {
      statement.setReturnArrays(arrays);
      rows = statement.all(...params);
    } else {
      statement.run(...params);
    }
    const after = totalChanges.get() as { n: number; id: number };
    const changes = after.n - before.n;
    const meta = { changes, last_row_id: after.id, rows_read: 0, rows_written: changes, duration: 0, changed_db: changes > 0, size_after: 0 };
    return { rows, columns, result: { success: true, results: arrays ? [] : (rows as Record<string, unknown>[]), meta } as unknown as Result };
  };

  const statement = (sql: string, params: SQLInputValue[] = []): D1PreparedStatement =>
    ({
      sql,
      params,
      bind: (...values: unknown[]) => statement(sql, values.map(toParam)),
      all: async () => execute(sql, params, false).result,
      run: async () => execute(sql, params, false).result,
      first: async (column?: string) => {
        const row = (execute(sql, params, false).rows[0] ?? null) as Record<string, unknown> | null;
        return row && column ? (row[column] ?? null) : row;
      },
      raw: async (options?: { columnNames?: boolean }) => {
        const { rows, columns } = execute(sql, params, true);
        return options?.columnNames ? [columns, ...rows] : rows;
      },
    }) as unknown as D1PreparedStatement;

  return {
    prepare: (sql: string) => statement(sql),
    batch: async (statements: D1PreparedStatement[]) => {
      // All or nothing, like D1.
      db.exec("BEGIN");
      try {
        const results = statements.map((s) => {
          const { sql, params } = s as unknown as { sql: string; params: SQLInputValue[] };
          return execute(sql, params, false).result;
        });
        db.exec("COMMIT");
        return results;
      } catch (e) {
        db.exec("ROLLBACK");
        throw e;
      }
    },
    exec: async (sql: string) => {
      // Like D1: one statement per line.
      const lines = sql.split("\n").filter((line) => line.trim());
      for (const line of lines) db.exec(line);
      return { count: lines.length, duration: 0 };
    },
  } as unknown as D1Database;
}

/** Characters of row values per insert statement (the local D1 refuses long statements with SQLITE_TOOBIG). */
const MAX_STATEMENT = 16_000;

/** An SQL literal for one value; D1's exec() takes one statement per line, so line breaks become char(10)/char(13). */
function literal(v: unknown): string {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  if (v instanceof Uint8Array) return `X'${Buffer.from(v).toString("hex")}'`;
  return `'${String(v).replace(/'/g, "''").replace(/\r/g, "' || char(13) || '").replace(/\n/g, "' || char(10) || '")}'`;
}

/**
 * Runs `load` against an in-memory copy of the schema, then copies every table into `target` (migrated and
 * empty) in one exec() call: through getPlatformProxy each prepared statement costs round trips, a script one.
 */
export async function loadThroughMemory(target: D1Database, load: (memory: D1Database) => Promise<void>): Promise<void> {
  const memory = memoryD1();
  await load(memory);
  const lines: string[] = [];
  // A row longer than a statement may be (SQLite's 100 KB: a compiled criteria set) goes in as bound parameters.
  const bound: D1PreparedStatement[] = [];
  for (const name of await listTables(memory)) {
    const { results } = await memory.prepare(`select * from "${name}" order by rowid`).all<Record<string, unknown>>();
    if (!results.length) continue;
    const columns = Object.keys(results[0]);
    const head = `insert into "${name}" (${columns.map((c) => `"${c}"`).join(", ")}) values `;
    let values: string[] = [];
    let size = 0;
    const flush = () => {
      if (values.length) lines.push(`${head}${values.join(", ")};`);
      values = [];
      size = 0;
    };
    for (const row of results) {
      const tuple = `(${columns.map((c) => literal(row[c])).join(", ")})`;
      if (tuple.length > MAX_STATEMENT) {
        bound.push(target.prepare(`${head}(${columns.map(() => "?").join(", ")})`).bind(...columns.map((c) => row[c] ?? null)));
        continue;
      }
      if (size + tuple.length > MAX_STATEMENT) flush();
      values.push(tuple);
      size += tuple.length + 2;
    }
    flush();
  }
  await target.exec(lines.join("\n"));
  if (bound.length) await target.batch(bound);
}

/** True when no application table of `d1` holds a row (a fresh database after migrations). */
export async function allTablesEmpty(d1: D1Database): Promise<boolean> {
  for (const name of await listTables(d1)) {
    if (await d1.prepare(`select 1 from "${name}" limit 1`).first()) return false;
  }
  return true;
}
