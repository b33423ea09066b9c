// A D1 binding that logs every statement that wrote rows (D1's own meta.rows_written), so a test can
// assert that a refused request changed nothing, cheaply, after every single request.
export type Write = { table: string; rows: number; sql: string };

/** "insert into "users" …", "update "users" set …", "delete from "users" …" → users; otherwise the SQL itself. */
const tableOf = (sql: string) => /^\s*(?:insert(?:\s+or\s+\w+)?\s+into|replace\s+into|update(?:\s+or\s+\w+)?|delete\s+from)\s+[`"[]?(\w+)/i.exec(sql)?.[1] ?? sql;

const INNER = Symbol("inner statement");
type Wrapped = D1PreparedStatement & { [INNER]: D1PreparedStatement; sql: string };

export function recordingD1(d1: D1Database, log: Write[]): D1Database {
  const note = (sql: string, meta: D1Meta | undefined) => {
    const rows = meta?.rows_written ?? 0;
    if (rows > 0) log.push({ table: tableOf(sql), rows, sql });
  };
  const wrap = (inner: D1PreparedStatement, sql: string): Wrapped => {
    const all = async <T>() => {
      const result = await inner.all<T>();
      note(sql, result.meta);
      return result;
    };
    return {
      [INNER]: inner,
      sql,
      bind: (...values: unknown[]) => wrap(inner.bind(...values), sql),
      all,
      run: async <T>() => {
        const result = await inner.run<T>();
        note(sql, result.meta);
        return result;
      },
      // first() and raw() carry no meta: read through all() (as src/db/client.ts does).
      first: async (column?: string) => {
        const row = ((await all<Record<string, unknown>>()).results[0] ?? null) as Record<string, unknown> | null;
        return row && column ? (row[column] ?? null) : row;
      },
      raw: async (options?: { columnNames?: boolean }) => {
        const rows = (await all<Record<string, unknown>>()).results;
        const values = rows.map((row) => Object.values(row));
        return options?.columnNames ? [rows[0] ? Object.keys(rows[0]) : [], ...values] : values;
      },
    } as unknown as Wrapped;
  };
  return {
    prepare: (sql: string) => wrap(d1.prepare(sql), sql),
    batch: async <T>(statements: D1PreparedStatement[]) => {
      const results = await d1.batch<T>(statements.map((s) => (s as Wrapped)[INNER] ?? s));
      results.forEach((result, i) => note((statements[i] as Wrapped).sql ?? "?", result.meta));
      return results;
    },
    exec: async (query: string) => {
      log.push({ table: "exec", rows: NaN, sql: query }); // not used by the app; counted as a change
      return d1.exec(query);
    },
    dump: () => (d1 as unknown as { dump(): Promise<ArrayBuffer> }).dump(),
    withSession: () => {
      throw new Error("recordingD1: withSession is not recorded");
    },
  } as unknown as D1Database;
}
