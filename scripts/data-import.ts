// npm run data:import -- --from DIR [--persist-to DIR]: restore a backup made by data:export into an
// EMPTY local D1 (migrations are applied first; any table with rows is refused).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { restoreAll, RestoreError, type Manifest } from "../src/services/backup";
import { applyLocalMigrations, arg, persistTo, withLocalDb } from "./lib/local";

const from = arg("from");
if (!from) {
  console.error("Cách dùng: npm run data:import -- --from <thư mục sao lưu> [--persist-to <thư mục dữ liệu>]");
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(join(from, "manifest.json"), "utf8")) as Manifest;
const files = new Map(manifest.tables.map((t) => [t.file, readFileSync(join(from, t.file), "utf8")]));
const bodies = new Map((manifest.objects ?? []).map((o) => [o.file, new Uint8Array(readFileSync(join(from, o.file)))]));
const dir = persistTo();
await applyLocalMigrations(dir);
try {
  await withLocalDb(dir, (_db, d1, env) => restoreAll(d1, manifest, files, { bucket: env.EVIDENCE, bodies }));
  console.log(`Đã khôi phục ${manifest.tables.length} bảng từ ${from}.`);
} catch (error) {
  if (error instanceof RestoreError) {
    console.error(`Lỗi: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
