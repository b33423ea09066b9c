// npm start: apply migrations to the local D1, load the demo province if the database is empty,
// then serve with `wrangler dev` on http://localhost:${PORT:-8787}.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { DEMO_PASSWORD, isEmpty } from "../src/demo/fixture";
import { PRESENT_ACCOUNTS, seedPresentDemo } from "../src/demo/present";
import { createDb } from "../src/db/client";
import { applyLocalMigrations, persistTo, withLocalDb } from "./lib/local";
import { allTablesEmpty, loadThroughMemory } from "./lib/memory-d1";
import { serveStandIn } from "./standin";
import { generateVapidKeys } from "./lib/vapid";

const port = process.env.PORT ?? "8787";
const dir = persistTo();

// Static assets are linked by content hash (templates/assets.ts): refresh the hashes of files edited in public/.
spawnSync("node", ["scripts/asset-versions.mjs"], { stdio: "inherit" });
await applyLocalMigrations(dir);
await withLocalDb(dir, async (db, d1) => {
  if (await isEmpty(db)) {
    console.log("Cơ sở dữ liệu trống: đang nạp tỉnh mẫu Vĩnh Long (2 cấp, 2026–2030) và lưu trữ 2021–2025 của Bến Tre, Trà Vinh, Vĩnh Long cũ…");
    const input = { units2025: readFileSync("data/units-2025-03.csv", "utf8"), units2026: readFileSync("data/units-2026-07.csv", "utf8"), succession: readFileSync("data/succession-2025.csv", "utf8") };
    // A fresh database: seed in memory and copy it in (a few batches instead of one round trip per statement).
    if (await allTablesEmpty(d1)) await loadThroughMemory(d1, (memory) => seedPresentDemo(createDb(memory), input));
    else await seedPresentDemo(db, input);
    console.log("Đã nạp dữ liệu mẫu.");
  }
});

console.log(`\nTài khoản dùng thử (mật khẩu: ${DEMO_PASSWORD}):`);
for (const a of PRESENT_ACCOUNTS) console.log(`  ${a.username.padEnd(15)} ${a.note}`);
console.log(`\nMở http://localhost:${port}\n`);

// The local stand-in for Zalo ZNS and the e-mail API (STANDIN_PORT, default PORT + 1000; NTM_STANDIN=0 turns it off).
// The app's provider URLs point at it, so nothing leaves the machine; its page shows what would have been sent.
const notifyVars: string[] = [];
if (process.env.NTM_STANDIN !== "0") {
  const standinPort = Number(process.env.STANDIN_PORT ?? Number(port) + 1000);
  const standin = serveStandIn(standinPort);
  standin.on("error", (error) => console.error(`Không mở được giả lập Zalo/thư điện tử trên cổng ${standinPort}: ${error.message}`));
  const base = `http://127.0.0.1:${standinPort}`;
  const vapid = process.env.VAPID_PRIVATE_KEY ? null : await generateVapidKeys();
  const templates = { routed: "301", answer: "302", flag80: "303", flag100: "304", dossier_returned: "305", dossier_decided: "306", digest: "307", verify: "300" };
  const vars: Record<string, string> = {
    ZALO_API_BASE: `${base}/zalo`,
    ZALO_OA_TOKEN: "local-oa-token",
    ZALO_TEMPLATE_IDS: JSON.stringify(templates),
    EMAIL_PROVIDER: "resend",
    EMAIL_API_BASE: `${base}/email`,
    EMAIL_API_KEY: "local-email-key",
    EMAIL_FROM: "ntm@localhost",
    APP_URL: `http://localhost:${port}`,
    ...(vapid ? { VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey, VAPID_SUBJECT: "mailto:admin@localhost" } : {}),
  };
  for (const [k, v] of Object.entries(vars)) notifyVars.push("--var", `${k}:${v}`);
  console.log(`Giả lập Zalo/thư điện tử (tin nhắn sẽ gửi): ${base}/\n`);
}

// NTM_INSPECTOR_PORT: the V8 inspector of the app's isolate (the benchmark profiles its CPU through it).
const inspector = process.env.NTM_INSPECTOR_PORT ? ["--inspector-port", process.env.NTM_INSPECTOR_PORT, "--inspector-ip", "127.0.0.1"] : [];
const dev = spawn("wrangler", ["dev", "--port", port, "--ip", "127.0.0.1", ...inspector, ...(dir ? ["--persist-to", dir] : []), ...notifyVars], {
  stdio: "inherit",
  env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(code ?? 0));
