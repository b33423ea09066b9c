// npm run bench -- --shape 2025|2026 [--heavy] — the national-scale benchmark. Run `npm run data:national` first
// (same --shape, same --heavy). Measures, per key page:
//   - app CPU per request, as Cloudflare bills it: a V8 CPU profile of the app's isolate through the inspector
//     `wrangler dev` exposes (scripts/lib/profile.ts), D1 client time apart, simulator and dev plumbing excluded,
//     each sample's time capped at CAP_US (default 250 µs) as `npm run profile:pages` does;
//   - D1 rows read warm (Server-Timing, median; rows written beside them) and cold (the first request of a fresh isolate: `wrangler dev`
//     restarted for each page);
//   - server time p50/p95, response size gzip;
// each timed figure as min / median / max of ROUNDS rounds. Also the checklist's first-load transfer and its
// throughput against /healthz. Only this script's own processes are measured (its wrangler/workerd group).
// Writes bench/results.json (one entry per data set, the others kept) and its data set's section of
// docs/benchmarks.md (between the <!-- bench:NAME --> markers; the rest of the file is prose kept by hand).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { gzipSync } from "node:zlib";
import { freePort, percentile, Session, startApp, timing, type StartedApp } from "./lib/bench";
import { arg, withLocalDb } from "./lib/local";
import { advanceLedgerRollups } from "../src/services/ledger-rollups";
import { vietnamDate } from "../src/domain/clock";
import { CAP_US, capped, hotFunctions, Inspector, splitCpu } from "./lib/profile";

const shape = arg("shape") === "2026" ? "2026" : "2025";
const heavy = process.argv.includes("--heavy");
const dataset = `${shape}${heavy ? "-heavy" : ""}`;
const dir = arg("persist-to") ?? `.wrangler/national-${dataset}`;
const N = Number(process.env.N ?? 60); // unprofiled requests per page and round (latency, rows)
const M = Number(process.env.M ?? 30); // profiled requests per page and round (CPU)
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 10);
const THROUGHPUT_SECONDS = Number(process.env.THROUGHPUT_S ?? 10);
if (!existsSync(dir)) {
  console.error(`Chưa có dữ liệu ở ${dir}: chạy "npm run data:national -- --shape ${shape}${heavy ? " --heavy" : ""}" trước.`);
  process.exit(2);
}

// The 2025 shape benchmarks Bến Tre (83) → Chợ Lách (832) → Vĩnh Bình (28879); 2026 uses Vĩnh Long (86), which the
// heavy set grows to 500 communes with five years of history (scripts/lib/national-heavy.ts).
const P = shape === "2025" ? { province: "83", district: "832", commune: "28879" } : { province: "86", district: null, commune: "" };

type Stat = { min: number; median: number; max: number };
const stat = (values: number[]): Stat => {
  const sorted = [...values].sort((a, b) => a - b);
  const r = (n: number) => Number(n.toFixed(2));
  return { min: r(sorted[0]), median: r(sorted[Math.floor((sorted.length - 1) / 2)]), max: r(sorted[sorted.length - 1]) };
};

type Req = { name: string; path: string; session: Session | null; save?: boolean; routine: boolean };
const anonymousOf = (base: string) => new Session(base);

// The data set is generated once and kept; a deployment's daily job moves the ledger's overdue figures to today
// (src/scheduled.ts). Run it first, or every ledger page reads the pledges fallen due since the generation day.
await withLocalDb(dir, (db) => advanceLedgerRollups(db, vietnamDate(new Date())));
const inspectorPort = await freePort();
let server: StartedApp = await startApp(dir, { inspectorPort });
const loadBefore = loadavg()[0];
let requests: Req[] = [];
let saveVersion = 0;
let numericId = "";
let firstCommune = "";
let staff: Session;
try {
  const leader = new Session(server.baseUrl);
  await leader.login(`lanhdao.${P.province}`);
  // The commune: the one a commune-staff account exists for in the benchmark district (first of the district).
  const staffPage = await (await leader.request(P.district ? `/units/${P.district}` : `/units/${P.province}`)).text();
  const commune = P.commune && staffPage.includes(`/units/${P.commune}`) ? P.commune : /href="\/units\/(\d{5})"/.exec(staffPage)![1];
  firstCommune = /href="\/units\/(\d{5})"/.exec(staffPage)![1];
  staff = new Session(server.baseUrl);
  await staff.login(`xa.${firstCommune}`);
  const admin = new Session(server.baseUrl);
  await admin.login(`admin.${P.province}`);
  const department = new Session(server.baseUrl);
  await department.login(`so.snnmt.${P.province}`);
  // /me/feedback sends a department user to its own inbox.
  const deptId = /\/departments\/(\d+)\/feedback/.exec((await department.request("/me/feedback")).headers.get("Location") ?? "")?.[1] ?? "1";
  // ?all=1: every criterion open (a met criterion otherwise loads its indicators only when opened).
  const checklistHtml = await (await staff.request(`/communes/${firstCommune}/checklist?all=1`)).text();
  numericId = await (async () => {
    for (const id of [...checklistHtml.matchAll(/<li id="ind-(\d+)"/g)].map((m) => m[1])) {
      const form = await (await staff.request(`/communes/${firstCommune}/indicators/${id}/edit`, { htmx: true })).text();
      if (form.includes('inputmode="decimal"')) return id;
    }
    throw new Error("no numeric indicator");
  })();
  const readVersion = async () => {
    const form = await (await staff.request(`/communes/${firstCommune}/indicators/${numericId}/edit`, { htmx: true })).text();
    return Number(/name="version" value="(\d+)"/.exec(form)![1]);
  };
  saveVersion = await readVersion();

  requests = [
    // The floor: a route that runs no app code beyond the router (what the local runtime costs per request).
    { name: "runtime floor (/healthz)", path: "/healthz", session: null, routine: false },
    { name: "province progress", path: `/progress/${P.province}`, session: leader, routine: true },
    ...(P.district ? [{ name: "district progress", path: `/progress/${P.district}`, session: leader, routine: true }] : []),
    { name: "commune checklist", path: `/communes/${commune}/checklist`, session: leader, routine: true },
    { name: "indicator save", path: `/communes/${firstCommune}/indicators/${numericId}`, session: staff, save: true, routine: true },
    { name: "department feedback inbox", path: `/departments/${deptId}/feedback`, session: department, routine: true },
    { name: "sponsor report", path: `/reports/contributions`, session: leader, routine: false },
    { name: "feedback report", path: `/reports/feedback`, session: leader, routine: false },
    { name: "sponsors list", path: `/sponsors`, session: leader, routine: false },
    { name: "audit by entity", path: `/admin/audit?entity=unit`, session: admin, routine: false },
    { name: "public commune page", path: `/public/communes/${commune}`, session: null, routine: true },
    { name: "unit search", path: `/units?q=vinh%20binh`, session: leader, routine: true },
    { name: "commune unit page", path: `/units/${commune}`, session: leader, routine: true },
    // 2026: the merged communes with their predecessors' levels (the coordination office's list).
    ...(shape === "2026" ? [{ name: "carry-over list", path: `/merger/carry-over`, session: admin, routine: false }] : []),
  ];
} catch (e) {
  server.stop();
  throw e;
}

/** One request of `r` (a save posts the next version: each successful save moves it by one). */
async function send(r: Req, base: string): Promise<Response> {
  if (!r.save) return (r.session ?? anonymousOf(base)).request(r.path);
  const res = await staff.request(r.path, {
    method: "POST",
    htmx: true,
    form: { value: String(40 + (saveVersion % 50)), evidenceNote: "Đo kiểm", evidenceLink: "", note: "", version: String(saveVersion) },
  });
  if (res.status < 300) saveVersion++;
  return res;
}

type PerRound = { rows: number[]; written: number[]; p50: number[]; p95: number[]; app: number[]; d1: number[]; program: number[]; bytesGz: number; errors: number; top: ReturnType<typeof hotFunctions> };
const measured = new Map<string, PerRound>(requests.map((r) => [r.name, { rows: [], written: [], p50: [], p95: [], app: [], d1: [], program: [], bytesGz: 0, errors: 0, top: [] }]));
let firstLoad = 0;
let scripts: string[] = [];
let throughputRps = { checklist: 0, healthz: 0 };
try {
  let inspector = await Inspector.connect(inspectorPort);
  // wrangler may replace the isolate (its inspector session ends): reconnect and profile again, once.
  const profiled = async (fn: () => Promise<void>) => {
    try {
      return await inspector.profile(fn);
    } catch (e) {
      console.warn(`profil lỗi (${(e as Error).message}), kết nối lại và đo lại`);
      inspector.close();
      inspector = await Inspector.connect(inspectorPort);
      return inspector.profile(fn);
    }
  };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const r of requests) {
      const m = measured.get(r.name)!;
      const rows: number[] = [];
      const written: number[] = [];
      const ms: number[] = [];
      for (let i = 0; i < N; i++) {
        const res = await send(r, server.baseUrl);
        const body = Buffer.from(await res.arrayBuffer());
        if (res.status >= 400) m.errors++;
        const t = timing(res);
        rows.push(t.rows);
        written.push(t.written);
        ms.push(t.serverMs);
        m.bytesGz = gzipSync(body).length;
      }
      const profile = capped(
        await profiled(async () => {
          for (let i = 0; i < M; i++) await (await send(r, server.baseUrl)).arrayBuffer();
        }),
      );
      const split = splitCpu(profile);
      m.rows.push(percentile(rows, 50));
      m.written.push(percentile(written, 50));
      m.p50.push(percentile(ms, 50));
      m.p95.push(percentile(ms, 95));
      m.app.push(split.appMs / M);
      m.d1.push(split.d1Ms / M);
      m.program.push(split.programMs / M);
      if (round === ROUNDS) m.top = hotFunctions(profile, 6);
      console.log(`round ${round} ${r.name.padEnd(26)} rows ${String(percentile(rows, 50)).padStart(5)}  p50 ${percentile(ms, 50).toFixed(1)} ms  app ${(split.appMs / M).toFixed(2)} ms  D1 client ${(split.d1Ms / M).toFixed(2)} ms`);
    }
  }
  inspector.close();

  // First load of the checklist page: HTML + CSS + every script, gzip.
  const leader = requests.find((r) => r.name === "commune checklist")!;
  const page = await (await leader.session!.request(leader.path)).text();
  const assets = [...page.matchAll(/(?:href|src)="(\/[^"]+\.(?:css|js)(?:\?[^"]*)?)"/g)].map((m) => m[1]);
  firstLoad = gzipSync(Buffer.from(page)).length;
  for (const a of assets) firstLoad += gzipSync(Buffer.from(await (await fetch(server.baseUrl + a)).arrayBuffer())).length;
  scripts = assets.filter((a) => /\.js(\?|$)/.test(a));

  // Throughput: the checklist page versus /healthz, same concurrency and duration.
  const throughput = async (path: string, s: Session | null) => {
    const end = Date.now() + THROUGHPUT_SECONDS * 1000;
    let done = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (Date.now() < end) {
          const res = s ? await s.request(path) : await fetch(server.baseUrl + path);
          await res.arrayBuffer();
          done++;
        }
      }),
    );
    return done / THROUGHPUT_SECONDS;
  };
  throughputRps = { healthz: await throughput("/healthz", null), checklist: await throughput(leader.path, leader.session) };
} finally {
  server.stop();
  await server.exited;
}

// Cold: each page as the first request of a fresh isolate (wrangler dev restarted; sessions live in D1).
const cold = new Map<string, number>();
for (const r of requests) {
  await new Promise((resolve) => setTimeout(resolve, 500));
  server = await startApp(dir, { bare: true });
  try {
    for (const s of new Set(requests.map((q) => q.session).filter((q): q is Session => !!q))) (s as { baseUrl: string }).baseUrl = server.baseUrl;
    const res = await send(r, server.baseUrl);
    await res.arrayBuffer();
    cold.set(r.name, timing(res).rows);
    console.log(`cold ${r.name.padEnd(26)} rows ${timing(res).rows}${res.status >= 400 ? ` (HTTP ${res.status})` : ""}`);
  } finally {
    server.stop();
    await server.exited;
  }
}

const results = requests.map((r) => {
  const m = measured.get(r.name)!;
  return {
    name: r.name,
    path: r.path,
    routine: r.routine,
    rows_read: stat(m.rows).median,
    rows_read_cold: cold.get(r.name) ?? null,
    rows_written: stat(m.written).median,
    p50_ms: stat(m.p50),
    p95_ms: stat(m.p95),
    app_cpu_ms: stat(m.app),
    d1_client_cpu_ms: stat(m.d1),
    bytes_gz: m.bytesGz,
    errors: m.errors,
    profile_top: m.top,
  };
});
const out = {
  dataset,
  shape,
  heavy,
  requests: results,
  first_load_kb_gz: Number((firstLoad / 1024).toFixed(1)),
  first_load_scripts: scripts,
  throughput_ratio_vs_healthz: Number((throughputRps.checklist / throughputRps.healthz).toFixed(3)),
  throughput_rps: { checklist: Number(throughputRps.checklist.toFixed(1)), healthz: Number(throughputRps.healthz.toFixed(1)), concurrency: CONCURRENCY },
  rounds: ROUNDS,
  n_per_round: N,
  profiled_per_round: M,
  cpu_sample_cap_us: CAP_US,
  load_average: { before: Number(loadBefore.toFixed(1)), after: Number(loadavg()[0].toFixed(1)) },
  measured_at: new Date().toISOString(),
};
mkdirSync("bench", { recursive: true });
const resultsPath = "bench/results.json";
const previous = existsSync(resultsPath) ? (JSON.parse(readFileSync(resultsPath, "utf8")) as Record<string, unknown>) : {};
// One entry per data set; an old single-run file (it had "requests" at the top) is replaced.
const all = "requests" in previous ? {} : previous;
writeFileSync(resultsPath, JSON.stringify({ ...all, [dataset]: out }, null, 2) + "\n");

const f = (s: Stat, digits = 1) => `${s.min.toFixed(digits)} / **${s.median.toFixed(digits)}** / ${s.max.toFixed(digits)}`;
const section = [
  `<!-- bench:${dataset} -->`,
  `## ${shape} shape${heavy ? ", heavy set" : ""}`,
  "",
  "Reproduce: `npm run data:national -- --shape " + shape + (heavy ? " --heavy" : "") + " && npm run bench -- --shape " + shape + (heavy ? " --heavy" : "") + "`.",
  `${ROUNDS} rounds; per page and round ${N} requests for rows and server time, then ${M} under the CPU profiler. Timed figures`,
  `are min / **median** / max of the rounds. Measured ${out.measured_at.slice(0, 16).replace("T", " ")} UTC, load average ${out.load_average.before} → ${out.load_average.after}`,
  "(2 shared cores).",
  "",
  `| request | path | rows read warm / cold | rows written | app CPU ms (${CAP_US > 0 ? `samples capped at ${CAP_US} µs` : "uncapped"}) | D1 client CPU ms | p50 ms | p95 ms | bytes (gzip) | errors |`,
  "|---|---|---|---|---|---|---|---|---|---|",
  ...results.map(
    (r) =>
      `| ${r.name} | \`${r.path}\` | ${r.rows_read} / ${r.rows_read_cold} | ${r.rows_written} | ${f(r.app_cpu_ms, 2)} | ${f(r.d1_client_cpu_ms, 2)} | ${f(r.p50_ms)} | ${f(r.p95_ms)} | ${r.bytes_gz.toLocaleString("en")} | ${r.errors} |`,
  ),
  "",
  `- First load of the checklist page (HTML + CSS + JS, gzip): **${out.first_load_kb_gz} KB**; scripts: ${scripts.join(", ") || "none"}.`,
  `- Throughput at concurrency ${CONCURRENCY}: checklist ${out.throughput_rps.checklist} req/s vs /healthz ${out.throughput_rps.healthz} req/s → ratio **${out.throughput_ratio_vs_healthz}**.`,
  `<!-- /bench:${dataset} -->`,
].join("\n");
mkdirSync("docs", { recursive: true });
const docPath = "docs/benchmarks.md";
const doc = existsSync(docPath) ? readFileSync(docPath, "utf8") : "# Benchmarks (national scale)\n";
const marked = new RegExp(`<!-- bench:${dataset} -->[\\s\\S]*?<!-- /bench:${dataset} -->`);
writeFileSync(docPath, marked.test(doc) ? doc.replace(marked, () => section) : `${doc.trimEnd()}\n\n${section}\n`);
console.log(`\nWrote ${resultsPath} (${dataset}) and docs/benchmarks.md.`);
process.exit(0);
