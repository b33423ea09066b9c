// npm run bench — the national-scale benchmark. Run `npm run data:national -- --shape 2025` first.
// Serves the generated database with `wrangler dev`, sends N ≥ 200 requests to each key page, reads D1 rows and
// server time from Server-Timing, measures gzip sizes, the checklist page's first-load transfer, its
// throughput against /healthz at the same concurrency and the workerd CPU time per request.
// Writes bench/results.json and its shape's section of docs/benchmarks.md (between the <!-- bench:SHAPE -->
// markers; the rest of the file is prose kept by hand). A benchmark that prints figures, not a test.
import { execSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { percentile, Session, startApp, timing } from "./lib/bench";
import { arg } from "./lib/local";

const shape = arg("shape") === "2026" ? "2026" : "2025";
const dir = arg("persist-to") ?? `.wrangler/national-${shape}`;
const N = Number(process.env.N ?? 200);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 10);
const THROUGHPUT_SECONDS = Number(process.env.THROUGHPUT_S ?? 10);
if (!existsSync(dir)) {
  console.error(`Chưa có dữ liệu ở ${dir}: chạy "npm run data:national -- --shape ${shape}" trước.`);
  process.exit(2);
}

// The 2025 shape benchmarks Bến Tre (83) → Chợ Lách (832) → Vĩnh Bình (28879); 2026 uses Vĩnh Long (86).
const P = shape === "2025" ? { province: "83", district: "832", commune: "28879" } : { province: "86", district: null, commune: "" };

/** Total CPU seconds (user + system) of the workerd processes, from /proc. */
function workerdCpuSeconds(): number {
  const pids = execSync("pgrep -f 'workerd serve' || true").toString().split("\n").filter(Boolean);
  const ticks = Number(execSync("getconf CLK_TCK").toString().trim());
  let total = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      total += (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {
      // process ended
    }
  }
  return total;
}

const server = await startApp(dir);
try {
  const leader = new Session(server.baseUrl);
  await leader.login(`lanhdao.${P.province}`);
  // The commune: the one a commune-staff account exists for in the benchmark district (first of the district).
  const staffPage = await (await leader.request(P.district ? `/units/${P.district}` : `/units/${P.province}`)).text();
  const commune = P.commune && staffPage.includes(`/units/${P.commune}`) ? P.commune : /href="\/units\/(\d{5})"/.exec(staffPage)![1];
  const firstCommune = /href="\/units\/(\d{5})"/.exec(staffPage)![1];
  const staff = new Session(server.baseUrl);
  await staff.login(`xa.${firstCommune}`);
  const admin = new Session(server.baseUrl);
  await admin.login(`admin.${P.province}`);
  const department = new Session(server.baseUrl);
  await department.login(`so.snnmt.${P.province}`);
  // /me/feedback sends a department user to its own inbox.
  const deptId = /\/departments\/(\d+)\/feedback/.exec((await department.request("/me/feedback")).headers.get("Location") ?? "")?.[1] ?? "1";
  const checklistHtml = await (await staff.request(`/communes/${firstCommune}/checklist`)).text();
  const numericId = await (async () => {
    for (const id of [...checklistHtml.matchAll(/<li id="ind-(\d+)"/g)].map((m) => m[1])) {
      const form = await (await staff.request(`/communes/${firstCommune}/indicators/${id}/edit`, { htmx: true })).text();
      if (form.includes('inputmode="decimal"')) return id;
    }
    throw new Error("no numeric indicator");
  })();

  type Req = { name: string; path: string; session: Session | null; save?: boolean };
  const requests: Req[] = [
    { name: "province progress", path: `/progress/${P.province}`, session: leader },
    ...(P.district ? [{ name: "district progress", path: `/progress/${P.district}`, session: leader }] : []),
    { name: "commune checklist", path: `/communes/${commune}/checklist`, session: leader },
    { name: "indicator save", path: `/communes/${firstCommune}/indicators/${numericId}`, session: staff, save: true },
    { name: "department feedback inbox", path: `/departments/${deptId}/feedback`, session: department },
    { name: "sponsor report", path: `/reports/contributions`, session: leader },
    { name: "public commune page", path: `/public/communes/${commune}`, session: null },
    { name: "unit search", path: `/units?q=vinh%20binh`, session: leader },
    { name: "commune unit page", path: `/units/${commune}`, session: leader },
    // 2026: the merged communes with their predecessors' levels (the coordination office's list).
    ...(shape === "2026" ? [{ name: "carry-over list", path: `/merger/carry-over`, session: admin }] : []),
  ];

  const anonymous = new Session(server.baseUrl);
  const cpuBefore = workerdCpuSeconds();
  let requestCount = 0;
  const results = [];
  for (const r of requests) {
    const rows: number[] = [];
    const ms: number[] = [];
    const d1ms: number[] = [];
    let bytesGz = 0;
    let errors = 0;
    for (let i = 0; i < N; i++) {
      let res: Response;
      if (r.save) {
        const form = await (await staff.request(`/communes/${firstCommune}/indicators/${numericId}/edit`, { htmx: true })).text();
        requestCount++;
        const version = /name="version" value="(\d+)"/.exec(form)![1];
        res = await staff.request(r.path, { method: "POST", htmx: true, form: { value: String(40 + (i % 50)), evidenceNote: "Đo kiểm", evidenceLink: "", note: "", version } });
      } else {
        res = await (r.session ?? anonymous).request(r.path);
      }
      requestCount++;
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status >= 400) errors++;
      const t = timing(res);
      rows.push(t.rows);
      ms.push(t.serverMs);
      d1ms.push(Number(/d1;dur=([\d.]+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? NaN));
      bytesGz = gzipSync(body).length;
    }
    const result = {
      name: r.name,
      path: r.path,
      rows_read: percentile(rows, 50),
      rows_read_cold: rows[0],
      rows_read_max: Math.max(...rows),
      p50_ms: Number(percentile(ms, 50).toFixed(2)),
      p95_ms: Number(percentile(ms, 95).toFixed(2)),
      d1_p50_ms: Number(percentile(d1ms, 50).toFixed(2)),
      bytes_gz: bytesGz,
      errors,
    };
    results.push(result);
    console.log(`${r.name.padEnd(28)} rows ${String(result.rows_read).padStart(5)} (first ${result.rows_read_cold}, max ${result.rows_read_max})  p50 ${result.p50_ms} ms  p95 ${result.p95_ms} ms  (D1 p50 ${result.d1_p50_ms} ms)  ${result.bytes_gz} B gz${errors ? `  ${errors} errors` : ""}`);
  }
  const cpuMsPerRequest = ((workerdCpuSeconds() - cpuBefore) * 1000) / requestCount;

  // First load of the checklist page: HTML + CSS + every script, gzip.
  const page = await (await leader.request(`/communes/${commune}/checklist`)).text();
  const assets = [...page.matchAll(/(?:href|src)="(\/[^"]+\.(?:css|js))"/g)].map((m) => m[1]);
  let firstLoad = gzipSync(Buffer.from(page)).length;
  for (const a of assets) firstLoad += gzipSync(Buffer.from(await (await fetch(server.baseUrl + a)).arrayBuffer())).length;
  const scripts = assets.filter((a) => a.endsWith(".js"));

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
  const healthz = await throughput("/healthz", null);
  const checklist = await throughput(`/communes/${commune}/checklist`, leader);

  const out = {
    shape,
    requests: results.map(({ errors: _e, rows_read_max: _m, d1_p50_ms: _d, ...r }) => r),
    first_load_kb_gz: Number((firstLoad / 1024).toFixed(1)),
    first_load_scripts: scripts,
    throughput_ratio_vs_healthz: Number((checklist / healthz).toFixed(3)),
    throughput_rps: { checklist: Number(checklist.toFixed(1)), healthz: Number(healthz.toFixed(1)), concurrency: CONCURRENCY },
    cpu_ms_per_request: Number(cpuMsPerRequest.toFixed(2)),
    n: N,
    measured_at: new Date().toISOString(),
  };
  mkdirSync("bench", { recursive: true });
  writeFileSync("bench/results.json", JSON.stringify(out, null, 2) + "\n");
  const section = [
    `<!-- bench:${shape} -->`,
    `## ${shape} shape`,
    "",
    "Reproduce: `npm run data:national -- --shape " + shape + " && npm run bench -- --shape " + shape + "` (N = " + N + " requests each; server",
    "time and D1 rows read come from each response's Server-Timing header; local `wrangler dev` on this machine: 2 cores).",
    `Measured ${out.measured_at.slice(0, 16).replace("T", " ")} UTC.`,
    "",
    "| request | path | D1 rows read (p50 / first / max) | p50 ms | p95 ms | of which D1 p50 ms | bytes (gzip) | errors |",
    "|---|---|---|---|---|---|---|---|",
    ...results.map((r) => `| ${r.name} | \`${r.path}\` | ${r.rows_read} / ${r.rows_read_cold} / ${r.rows_read_max} | ${r.p50_ms} | ${r.p95_ms} | ${r.d1_p50_ms} | ${r.bytes_gz.toLocaleString("en")} | ${r.errors} |`),
    "",
    `- First load of the checklist page (HTML + CSS + JS, gzip): **${out.first_load_kb_gz} KB**; scripts: ${scripts.join(", ") || "none"}.`,
    `- Throughput at concurrency ${CONCURRENCY}: checklist ${out.throughput_rps.checklist} req/s vs /healthz ${out.throughput_rps.healthz} req/s → ratio **${out.throughput_ratio_vs_healthz}**.`,
    `- workerd CPU time per request over the run: **${out.cpu_ms_per_request} ms**.`,
    `<!-- /bench:${shape} -->`,
  ].join("\n");
  mkdirSync("docs", { recursive: true });
  const docPath = "docs/benchmarks.md";
  const doc = existsSync(docPath) ? readFileSync(docPath, "utf8") : "# Benchmarks (national scale)\n";
  const marked = new RegExp(`<!-- bench:${shape} -->[\\s\\S]*?<!-- /bench:${shape} -->`);
  writeFileSync(docPath, marked.test(doc) ? doc.replace(marked, () => section) : `${doc.trimEnd()}\n\n${section}\n`);
  console.log(`\nFirst load ${out.first_load_kb_gz} KB gz; throughput ratio ${out.throughput_ratio_vs_healthz}; CPU ${out.cpu_ms_per_request} ms/request. Wrote bench/results.json.`);
} finally {
  server.stop();
}
