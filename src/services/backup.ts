// Backup and restore of every table as JSON lines, with a manifest of row counts and SHA-256 checksums,
// and the evidence files' R2 objects, each checked against its hash.
// Works on the raw D1 binding: it must cover every table, including ones added after it was written.

export type TableDump = { name: string; rows: number; sha256: string; jsonl: string };
export type ObjectEntry = { sha256: string; size: number; file: string };
export type Manifest = {
  format: "ntm-backup-1";
  createdAt: string;
  tables: { name: string; rows: number; sha256: string; file: string }[];
  /** Evidence files: every R2 object the tables name, stored as objects/<sha256>. */
  objects?: ObjectEntry[];
};

const PAGE = 1000;
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function sha256(data: string | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", typeof data === "string" ? new TextEncoder().encode(data) : data);
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

/**
 * The objects the evidence tables name (files and thumbnails), read from R2 and checked against their
 * content-addressed key: a missing or altered object stops the backup.
 */
export async function dumpObjects(d1: D1Database, bucket: R2Bucket): Promise<{ entries: ObjectEntry[]; bodies: Map<string, Uint8Array> }> {
  const { results } = await d1
    .prepare("select sha256 as h from evidence_files union select thumb_sha256 from evidence_files where thumb_sha256 is not null order by 1")
    .all<{ h: string }>();
  const entries: ObjectEntry[] = [];
  const bodies = new Map<string, Uint8Array>();
  for (const { h } of results) {
    const object = await bucket.get(`sha256/${h}`);
    if (!object) throw new RestoreError(`Thiếu tệp minh chứng ${h} trong kho R2.`);
    const bytes = new Uint8Array(await object.arrayBuffer());
    if ((await sha256(bytes)) !== h) throw new RestoreError(`Tệp minh chứng ${h} trong kho R2 sai mã kiểm tra (checksum).`);
    const file = `objects/${h}`;
    entries.push({ sha256: h, size: bytes.length, file });
    bodies.set(file, bytes);
  }
  return { entries, bodies };
}

export async function dumpAll(d1: D1Database, createdAt: string, bucket?: R2Bucket): Promise<{ manifest: Manifest; dumps: TableDump[]; objects?: Map<string, Uint8Array> }> {
  const dumps: TableDump[] = [];
  for (const name of await listTables(d1)) dumps.push(await dumpTable(d1, name));
  const manifest: Manifest = { format: "ntm-backup-1", createdAt, tables: dumps.map((d) => ({ name: d.name, rows: d.rows, sha256: d.sha256, file: `${d.name}.jsonl` })) };
  if (!bucket) return { manifest, dumps };
  const { entries, bodies } = await dumpObjects(d1, bucket);
  return { manifest: { ...manifest, objects: entries }, dumps, objects: bodies };
}

export class RestoreError extends Error {}

/**
 * Restores a backup into a database whose tables exist (migrations applied) and are empty. Checks every
 * checksum first; inserts in batches within D1's 100-parameter limit.
 */
export async function restoreAll(d1: D1Database, manifest: Manifest, files: Map<string, string>, objects?: { bucket: R2Bucket; bodies: Map<string, Uint8Array> }): Promise<void> {
  if (manifest.format !== "ntm-backup-1") throw new RestoreError("Tệp sao lưu không đúng định dạng.");
  // Evidence objects are checked before anything is written; they go in first (content-addressed, so
  // putting one that exists changes nothing).
  if (manifest.objects?.length && !objects) throw new RestoreError("Bản sao lưu có tệp minh chứng nhưng không có kho R2 để khôi phục.");
  for (const o of manifest.objects ?? []) {
    const bytes = objects!.bodies.get(o.file);
    if (!bytes) throw new RestoreError(`Thiếu tệp ${o.file}.`);
    if ((await sha256(bytes)) !== o.sha256 || bytes.length !== o.size) throw new RestoreError(`Tệp ${o.file} sai mã kiểm tra (checksum).`);
  }
  const existing = new Set(await listTables(d1));
  for (const t of manifest.tables) {
    const text = files.get(t.file);
    if (text === undefined) throw new RestoreError(`Thiếu tệp ${t.file}.`);
    if ((await sha256(text)) !== t.sha256) throw new RestoreError(`Tệp ${t.file} sai mã kiểm tra (checksum).`);
  }
  for (const t of manifest.tables) {
    if (!existing.has(t.name)) throw new RestoreError(`Bảng ${t.name} không có trong cơ sở dữ liệu (chạy migrations trước).`);
  }
  const nonEmpty = manifest.tables.length
    ? await d1.prepare(`select case ${manifest.tables.map((t) => `when exists (select 1 from ${quote(t.name)}) then ${quote(t.name).replace(/^"|"$/g, "'")}`).join(" ")} end as name`).first<{ name: string | null }>()
    : null;
  if (nonEmpty?.name) throw new RestoreError(`Bảng ${nonEmpty.name} đã có dữ liệu; chỉ khôi phục vào cơ sở dữ liệu trống.`);
  for (const o of manifest.objects ?? []) await objects!.bucket.put(`sha256/${o.sha256}`, objects!.bodies.get(o.file)!, { sha256: o.sha256 });
  // SQLite reads each chunk of rows from one JSON parameter (json_each): a statement per ~512 KB, not per 100 values.
  const statements: D1PreparedStatement[] = [];
  for (const t of manifest.tables) {
    const lines = files.get(t.file)!.split("\n").filter(Boolean);
    if (lines.length === 0) continue;
    const columns = Object.keys(JSON.parse(lines[0]) as Record<string, unknown>);
    const insert = `insert into ${quote(t.name)} (${columns.map(quote).join(", ")}) select ${columns.map(jsonField).join(", ")} from json_each(?)`;
    for (const chunk of chunksOf(lines, RESTORE_CHUNK_BYTES)) statements.push(d1.prepare(insert).bind(`[${chunk.join(",")}]`));
  }
  for (let i = 0; i < statements.length; i += 50) await d1.batch(statements.slice(i, i + 50));
}

const RESTORE_CHUNK_BYTES = 512 * 1024;

/** `value ->> '$."column"'`: the column's SQL value from a row object of json_each. */
const jsonField = (column: string) => `value ->> '$."${column.replace(/["\\]/g, "").replace(/'/g, "''")}"'`;

function chunksOf(lines: string[], maxBytes: number): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (current.length && size + line.length > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(line);
    size += line.length + 1;
  }
  if (current.length) chunks.push(current);
  return chunks;
}
