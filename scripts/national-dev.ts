// npm run national:dev [-- --provinces 12,11 --port 8870]: two province deployments and the national one locally
// (issue 19): three `wrangler dev` of the same code on three ports, each with its own D1 under .wrangler/national-dev.
// The provinces are loaded by data:national (2026 shape) split by province, once (kept in .wrangler/national-dev/seed);
// each start copies them afresh (edits made while it runs are not kept), makes a read token per province and
// registers it with the national deployment. Ctrl-C stops all.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { arg } from "./lib/local";
import { migrate, loadProvince, provinceToken, registerNational, startWorker, triggerNationalCron, type ProvinceSite, type Worker } from "./lib/national-local";

const codes = (arg("provinces") ?? "12,11").split(",");
const base = Number(arg("port") ?? 8870);
const root = ".wrangler/national-dev";

const nationalDir = join(root, "national");
mkdirSync(nationalDir, { recursive: true });
const [sites] = await Promise.all([
  Promise.all(
    codes.map(async (code, i): Promise<ProvinceSite> => {
      const dir = join(root, `p${code}`);
      await loadProvince(code, dir);
      return { code, dir, port: base + 1 + i, ...(await provinceToken(code, dir)) };
    }),
  ),
  migrate(nationalDir),
]);
await registerNational(nationalDir, sites, true);

const workers: Worker[] = [];
const stopAll = () => workers.forEach((w) => w.stop());
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => (stopAll(), process.exit(0)));
for (const s of sites) workers.push(await startWorker(s.port, s.dir));
workers.push(await startWorker(base, nationalDir, { national: true }));
await triggerNationalCron(base);

console.log("\nBản tổng hợp quốc gia và các tỉnh đang chạy:");
console.log(`  quốc gia   http://127.0.0.1:${base}/national   (chạy cron: http://127.0.0.1:${base}/__scheduled)`);
for (const s of sites) console.log(`  ${s.name.padEnd(22)} http://127.0.0.1:${s.port}   (tài khoản admin.${s.code}, lanhdao.${s.code}, xa.<mã xã>; mật khẩu demo-ntm-2026)`);
console.log("Ctrl-C để dừng cả ba.");
await new Promise(() => {});
