// npm run lighthouse — Lighthouse (mobile) on the commune checklist (xa.phuphung), the province progress page
// (lanhdao) and the public ledger, driven against Debian's Chromium (CHROME_PATH, default /usr/bin/chromium).
// Prints the four category scores, writes bench/lighthouse.json and exits 1 below issue 15's bar (performance ≥ 95,
// accessibility 100, best practices 100, SEO ≥ 95). BENCH_BASE_URL=http://127.0.0.1:88xx reuses a running app.
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { Session, startApp, type Server } from "./lib/bench";

const BAR = { performance: 95, accessibility: 100, "best-practices": 100, seo: 95 } as const;
type Category = keyof typeof BAR;

const server: Server = process.env.BENCH_BASE_URL ? { baseUrl: process.env.BENCH_BASE_URL, stop: () => {} } : await startApp();
/** A fresh Chromium (own profile) per page: no cookie of one user's run leaks into the next. */
async function withChrome<T>(run: (port: number) => Promise<T>): Promise<T> {
  const profile = mkdtempSync(join(tmpdir(), "ntm-lighthouse-"));
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
    userDataDir: profile,
    chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    return await run(chrome.port);
  } finally {
    chrome.kill();
    rmSync(profile, { recursive: true, force: true });
  }
}
const results: { page: string; scores: Record<Category, number> }[] = [];
try {
  const cookieOf = async (username: string) => {
    const s = new Session(server.baseUrl);
    await s.login(username);
    return [...s.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  };
  const pages: { path: string; cookie: string | null }[] = [
    { path: "/communes/28879/checklist", cookie: await cookieOf("xa.phuphung") },
    { path: "/progress/86", cookie: await cookieOf("lanhdao") },
    { path: "/public/communes/28879", cookie: null },
  ];
  for (const p of pages) {
    // A trace that failed to record (NO_NAVSTART, NO_FCP on a loaded machine) is run again, twice at most.
    const once = () => withChrome((port) => lighthouse(
      server.baseUrl + p.path,
      { port, output: "json", logLevel: "error", onlyCategories: Object.keys(BAR), extraHeaders: p.cookie ? { Cookie: p.cookie } : undefined },
      { extends: "lighthouse:default", settings: { formFactor: "mobile", screenEmulation: { mobile: true, width: 360, height: 740, deviceScaleFactor: 2, disabled: false } } },
    ));
    let run = await once();
    for (let retry = 0; retry < 2 && run?.lhr.runtimeError; retry++) run = await once();
    const lhr = run!.lhr;
    const scores = Object.fromEntries((Object.keys(BAR) as Category[]).map((k) => [k, Math.round((lhr.categories[k]?.score ?? 0) * 100)])) as Record<Category, number>;
    const failing = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "notApplicable" && a.scoreDisplayMode !== "manual")
      .map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ""}`);
    if (lhr.runtimeError) console.log(`  Lighthouse error: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    results.push({ page: p.path, scores });
    console.log(`${p.path} (→ ${new URL(lhr.finalDisplayedUrl).pathname}): ${JSON.stringify(scores)}\n  below 1: ${failing.slice(0, 12).join(", ")}`);
  }
} finally {
  server.stop();
}
mkdirSync("bench", { recursive: true });
writeFileSync("bench/lighthouse.json", JSON.stringify({ at: new Date().toISOString(), bar: BAR, results }, null, 2) + "\n");
const misses = results.flatMap((r) => (Object.keys(BAR) as Category[]).filter((k) => r.scores[k] < BAR[k]).map((k) => `${r.page} ${k} ${r.scores[k]} < ${BAR[k]}`));
if (misses.length) {
  console.error(`\nBelow the bar:\n- ${misses.join("\n- ")}`);
  process.exitCode = 1;
} else console.log("\nEvery page at or above the bar.");
