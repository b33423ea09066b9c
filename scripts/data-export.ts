// npm run data:export -- [--out DIR] [--persist-to DIR]: every table of the local D1 as JSON lines,
// with manifest.json (row counts and SHA-256 checksums) and the evidence files' objects under objects/.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dumpAll } from "../src/services/backup";
import { arg, persistTo, withLocalDb } from "./lib/local";

const createdAt = new Date().toISOString();
const out = arg("out") ?? join("backups", createdAt.replace(/[:.]/g, "-"));
await withLocalDb(persistTo(), async (_db, d1, env) => {
  const { manifest, dumps, objects } = await dumpAll(d1, createdAt, env.EVIDENCE);
  mkdirSync(join(out, "objects"), { recursive: true });
  for (const d of dumps) writeFileSync(join(out, `${d.name}.jsonl`), d.jsonl);
  for (const [file, bytes] of objects ?? []) writeFileSync(join(out, file), bytes);
  writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
  console.log(`Đã sao lưu ${manifest.tables.length} bảng, ${rows.toLocaleString("vi-VN")} dòng, ${(manifest.objects ?? []).length} tệp minh chứng vào ${out}`);
});
