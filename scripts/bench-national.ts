// npm run bench:national [-- --rounds 3]: the national pull of all 34 provinces (issue 19). The 2026 shape
// (`data:national --shape 2026`, generated if missing) serves every province's /api/v1/summary from one `wrangler dev`
// (one read token per province: each answer reads only its province's rows, as its own deployment would); the
// national pull (`pullAll`, the code the national cron runs) fetches them into a fresh national D1. Prints and writes
// bench/national.json: per province rows read, bytes and time; per round the wall time of the whole pull.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, isNull } from "drizzle-orm";
import { units } from "../src/db/schema";
import { pullAll, registerProvince, type PullResult } from "../src/services/national";
import { applyLocalMigrations, arg, withLocalDb } from "./lib/local";
import { provinceToken, startWorker } from "./lib/national-local";
import { freePort } from "./lib/bench";

const dir = arg("persist-to") ?? ".wrangler/national-2026";
const rounds = Number(arg("rounds") ?? 3);
if (!existsSync(join(dir, "v3"))) {
  const run = spawnSync("tsx", ["scripts/data-national.ts", "--shape", "2026", "--persist-to", dir], { stdio: "inherit", env: { ...process.env, CI: "true" } });
  if (run.status !== 0) process.exit(1);
}
await applyLocalMigrations(dir);
const codes = await withLocalDb(dir, async (db) =>
  (await db.select({ code: units.code }).from(units).where(and(eq(units.level, "province"), isNull(units.validTo))).all()).map((u) => u.code).sort(),
);
const sites: { code: string; name: string; region: string | null; token: string }[] = [];
for (const code of codes) sites.push({ code, ...(await provinceToken(code, dir)) });
console.log(`${sites.length} tỉnh, mỗi tỉnh một mã đọc.`);

const port = await freePort();
const worker = await startWorker(port, dir);
const nationalDir = mkdtempSync(join(tmpdir(), "ntm-national-bench-"));
const results: { round: number; wallMs: number; pulls: PullResult[] }[] = [];
try {
  await applyLocalMigrations(nationalDir);
  await withLocalDb(nationalDir, async (db) => {
    for (const s of sites) await registerProvince(db, { code: s.code, name: s.name, region: s.region, baseUrl: `http://127.0.0.1:${port}`, token: s.token });
    for (let round = 1; round <= rounds; round++) {
      const t0 = performance.now();
      const pulls = await pullAll(db, new Date(), (input, init) => fetch(input, init));
      results.push({ round, wallMs: Math.round(performance.now() - t0), pulls });
      const failed = pulls.filter((p) => !p.ok);
      console.log(`lượt ${round}: ${pulls.length} tỉnh trong ${results.at(-1)!.wallMs} ms${failed.length ? `, lỗi: ${failed.map((f) => `${f.code} ${f.error}`).join("; ")}` : ""}`);
    }
  });
} finally {
  worker.stop();
  rmSync(nationalDir, { recursive: true, force: true });
}

const last = results.at(-1)!.pulls;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const rows = last.map((p) => p.rowsRead ?? 0);
const bytes = last.map((p) => p.bytes);
const times = last.map((p) => p.durationMs);
const summary = {
  provinces: last.length,
  rounds: results.map((r) => r.wallMs),
  rowsReadPerProvince: { min: Math.min(...rows), median: pct(rows, 50), max: Math.max(...rows), total: sum(rows) },
  bytesPerProvince: { min: Math.min(...bytes), median: pct(bytes, 50), max: Math.max(...bytes), total: sum(bytes) },
  msPerProvince: { median: pct(times, 50), p95: pct(times, 95), max: Math.max(...times) },
  perProvince: last.map((p) => ({ code: p.code, ok: p.ok, rowsRead: p.rowsRead, bytes: p.bytes, ms: p.durationMs })),
};
console.log(JSON.stringify({ ...summary, perProvince: undefined }, null, 2));
mkdirSync("bench", { recursive: true });
writeFileSync("bench/national.json", JSON.stringify({ measuredAt: new Date().toISOString(), ...summary }, null, 2) + "\n");
