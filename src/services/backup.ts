// Backup and restore of every table as JSON lines, with a manifest of row counts and SHA-256 checksums.
// Works on the raw D1 binding: it must cover every table, including ones added after it was written.

export type TableDump = { name: string; rows: number; sha256: string; jsonl: string };
export type Manifest = { format: "ntm-backup-1"; createdAt: string; tables: { name: string; rows: number; sha256: string; file: string }[] };

const PAGE = 1000;
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Application tables (not SQLite's, D1's or the migrations table), in name order. */
export async function listTables(d1: D1Database): Promise<string[]> {
  const { results } = await d1
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%' and name != 'd1_migrations' order by name")
    .all<{ name: string }>();
  return results.map((r) => r.name);
}

/** One table as JSON lines in rowid order (read a page at a time). */
export async function dumpTable(d1: D1Database, name: string): Promise<TableDump> {
  const lines: string[] = [];
  let after = -Infinity;
  for (;;) {
    const { results } = await d1
      .prepare(`select rowid as __rowid, * from ${quote(name)} where rowid > ? order by rowid limit ${PAGE}`)
      .bind(after === -Infinity ? -9007199254740991 : after)
      .all<Record<string, unknown>>();
    for (const { __rowid, ...row } of results) {
      lines.push(JSON.stringify(row));
      after = __rowid as number;
    }
    if (results.length < PAGE) break;
  }
  const jsonl = lines.length ? lines.join("\n") + "\n" : "";
  return { name, rows: lines.length, sha256: await sha256(jsonl), jsonl };
}

export async function dumpAll(d1: D1Database, createdAt: string): Promise<{ manifest: Manifest; dumps: TableDump[] }> {
  const dumps: TableDump[] = [];
  for (const name of await listTables(d1)) dumps.push(await dumpTable(d1, name));
  return {
    manifest: { format: "ntm-backup-1", createdAt, tables: dumps.map((d) => ({ name: d.name, rows: d.rows, sha256: d.sha256, file: `${d.name}.jsonl` })) },
    dumps,
  };
}

export class RestoreError extends Error {}

/**
 * Restores a backup into a database whose tables exist (migrations applied) and are empty. Checks every
 * checksum first; inserts in batches within D1's 100-parameter limit.
 */
export async function restoreAll(d1: D1Database, manifest: Manifest, files: Map<string, string>): Promise<void> {
  if (manifest.format !== "ntm-backup-1") throw new RestoreError("Tệp sao lưu không đúng định dạng.");
  const existing = new Set(await listTables(d1));
  for (const t of manifest.tables) {
    const text = files.get(t.file);
    if (text === undefined) throw new RestoreError(`Thiếu tệp ${t.file}.`);
    if ((await sha256(text)) !== t.sha256) throw new RestoreError(`Tệp ${t.file} sai mã kiểm tra (checksum).`);
  }
  for (const t of manifest.tables) {
    if (!existing.has(t.name)) throw new RestoreError(`Bảng ${t.name} không có trong cơ sở dữ liệu (chạy migrations trước).`);
    const { results } = await d1.prepare(`select count(*) as n from ${quote(t.name)}`).all<{ n: number }>();
    if (results[0].n > 0) throw new RestoreError(`Bảng ${t.name} đã có dữ liệu; chỉ khôi phục vào cơ sở dữ liệu trống.`);
  }
  for (const t of manifest.tables) {
    const rows = files.get(t.file)!.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    if (rows.length === 0) continue;
    const columns = Object.keys(rows[0]);
    const perStatement = Math.max(1, Math.floor(100 / columns.length));
    const statements: D1PreparedStatement[] = [];
    for (let i = 0; i < rows.length; i += perStatement) {
      const part = rows.slice(i, i + perStatement);
      const placeholders = part.map(() => `(${columns.map(() => "?").join(", ")})`).join(", ");
      statements.push(
        d1.prepare(`insert into ${quote(t.name)} (${columns.map(quote).join(", ")}) values ${placeholders}`).bind(...part.flatMap((r) => columns.map((c) => r[c] ?? null))),
      );
    }
    for (let i = 0; i < statements.length; i += 50) await d1.batch(statements.slice(i, i + 50));
  }
}
