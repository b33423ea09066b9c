// Bulk loading for generated data: rows become literal multi-row INSERT statements kept under D1's
// statement-size limit (100 KB) and sent in batches, ~40× faster than 100-parameter statements.
import { getTableColumns, getTableName } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";

const MAX_STATEMENT_BYTES = 90_000;
const STATEMENTS_PER_BATCH = 10;

function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "1" : "0";
  return `'${String(value).replace(/'/g, "''")}'`;
}

export class BulkWriter {
  private pending: string[] = [];
  rows = 0;
  constructor(private readonly d1: D1Database) {}

  /** Queues rows of a Drizzle table (property names as in the schema; JSON and boolean columns mapped as Drizzle does). */
  async insert<T extends SQLiteTable>(table: T, rows: Partial<T["$inferInsert"]>[], orIgnore = false): Promise<void> {
    if (rows.length === 0) return;
    const columns = Object.entries(getTableColumns(table)).filter(([key]) => key in rows[0]);
    const head = `insert${orIgnore ? " or ignore" : ""} into "${getTableName(table)}" (${columns.map(([, c]) => `"${c.name}"`).join(", ")}) values `;
    let parts: string[] = [];
    let size = Buffer.byteLength(head);
    for (const row of rows) {
      const tuple = `(${columns
        .map(([key, column]) => {
          const value = row[key as keyof typeof row];
          return literal(value === undefined || value === null ? null : column.mapToDriverValue(value));
        })
        .join(",")})`;
      const bytes = Buffer.byteLength(tuple);
      if (size + bytes + 1 > MAX_STATEMENT_BYTES && parts.length) {
        await this.queue(head + parts.join(","));
        parts = [];
        size = Buffer.byteLength(head);
      }
      parts.push(tuple);
      size += bytes + 1;
    }
    if (parts.length) await this.queue(head + parts.join(","));
    this.rows += rows.length;
  }

  private async queue(statement: string): Promise<void> {
    this.pending.push(statement);
    if (this.pending.length >= STATEMENTS_PER_BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const statements = this.pending.map((s) => this.d1.prepare(s));
    this.pending = [];
    await this.d1.batch(statements);
  }
}
