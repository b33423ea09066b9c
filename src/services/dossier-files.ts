// Evidence files of recognition dossiers: frozen by hash at submission (one INSERT … SELECT
// in the submission's batch), listed for the dossier page, streamed as one ZIP named by criterion and
// indicator ("Tải toàn bộ minh chứng").
import { Zip, ZipPassThrough } from "fflate";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { criteria, dossierFiles, indicators } from "../db/schema";
import { objectKey } from "../domain/files";

/** The statement that freezes the commune's live indicator files into the dossier's submission. */
export function freezeDossierFilesStatement(db: Db, dossierId: number, communeId: number, submittedAt: string) {
  // INSERT … SELECT lists every dossier_files column in table order.
  return db.insert(dossierFiles).select(
    sql`select null, ${dossierId}, ${submittedAt}, id, sha256, parent_id, file_name, content_type, size
      from evidence_files where unit_id = ${communeId} and parent_kind = 'indicator' and withdrawn_at is null order by id`,
  );
}

export type FrozenFile = typeof dossierFiles.$inferSelect;

/** The files frozen by the dossier's latest submission (none before the first). */
export async function frozenFiles(db: Db, dossier: { id: number; submittedAt: string | null }): Promise<FrozenFile[]> {
  if (!dossier.submittedAt) return [];
  return db.select().from(dossierFiles).where(and(eq(dossierFiles.dossierId, dossier.id), eq(dossierFiles.submittedAt, dossier.submittedAt))).orderBy(dossierFiles.id).all();
}

/** True when a file was frozen into any submission: it can no longer be withdrawn. */
export async function isFrozen(db: Db, fileId: number): Promise<boolean> {
  return !!(await db.select({ id: dossierFiles.id }).from(dossierFiles).where(eq(dossierFiles.fileId, fileId)).limit(1).get());
}

const safe = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "-").trim();

/** ZIP paths: "02. Giao thông/2.1 Đường ấp 3.jpg", unique within the archive. */
export async function zipEntries(db: Db, setId: number, files: FrozenFile[]): Promise<{ path: string; file: FrozenFile }[]> {
  const ids = [...new Set(files.map((f) => f.indicatorId))];
  const inds = ids.length ? await db.select({ id: indicators.id, code: indicators.code, criterionId: indicators.criterionId }).from(indicators).where(inArray(indicators.id, ids)).all() : [];
  const crits = await db.select({ id: criteria.id, number: criteria.number, name: criteria.name }).from(criteria).where(eq(criteria.setId, setId)).all();
  const ind = new Map(inds.map((i) => [i.id, i]));
  const crit = new Map(crits.map((c) => [c.id, c]));
  const used = new Set<string>();
  return files.map((file) => {
    const i = ind.get(file.indicatorId);
    const c = i ? crit.get(i.criterionId) : undefined;
    const folder = c ? `${String(c.number).padStart(2, "0")}. ${safe(c.name)}` : "Khác";
    let path = `${folder}/${safe(i?.code ?? String(file.indicatorId))} ${safe(file.fileName)}`;
    for (let n = 2; used.has(path); n++) path = path.replace(/(\.[a-z]+)?$/, (ext) => ` (${n})${ext}`);
    used.add(path);
    return { path, file };
  });
}

/**
 * Streams the ZIP: entries stored as they are (photos and PDFs are compressed already), read from R2
 * one after another, plus "danh-sach.txt" with each path, size and SHA-256.
 */
export function zipStream(bucket: R2Bucket, entries: { path: string; file: FrozenFile }[], mtime: Date): ReadableStream<Uint8Array> {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const zip = new Zip((err, chunk, final) => {
    if (err) return void writer.abort(err);
    void writer.write(chunk);
    if (final) void writer.close();
  });
  const add = (path: string) => {
    const entry = new ZipPassThrough(path);
    entry.mtime = mtime;
    zip.add(entry);
    return entry;
  };
  (async () => {
    try {
      for (const { path, file } of entries) {
        const entry = add(path);
        const object = await bucket.get(objectKey(file.sha256));
        if (!object) throw new Error(`missing object ${file.sha256}`);
        const reader = object.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          await writer.ready;
          entry.push(value, false);
        }
        entry.push(new Uint8Array(0), true);
      }
      const list = entries.map((e) => `${e.path}\t${e.file.size}\t${e.file.sha256}`).join("\n");
      add("danh-sach.txt").push(new TextEncoder().encode(`Đường dẫn\tDung lượng (byte)\tSHA-256\n${list}\n`), true);
      zip.end();
    } catch (error) {
      zip.terminate();
      await writer.abort(error);
    }
  })();
  return readable;
}
