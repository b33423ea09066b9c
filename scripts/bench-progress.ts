// npm run bench:progress — D1 rows read and server time (p50/p95) of the progress pages (province, district,
// commune; emulation and public summary for reference) on the demo data, against `wrangler dev` on a fresh
// database. Checks the province page against its budget: ≤ 2 × (child units) + 50 rows. Prints a table and
// writes it to bench/tmp/progress.json. A benchmark that prints figures, not a test.
import { mkdirSync, writeFileSync } from "node:fs";
import { printTable, sample, Session, startApp, summarise, type Sample, type Summary } from "./lib/bench";

const N = Math.max(100, Number(process.env.N ?? 150));
const PAGES = [
  { name: "province page /progress/86", path: "/progress/86", unit: "86" },
  { name: "commune page /progress/28879", path: "/progress/28879", unit: "28879" },
  { name: "emulation /progress/86/thi-dua", path: "/progress/86/thi-dua", unit: null },
  { name: "public /public/progress/86 (no login)", path: "/public/progress/86", unit: null },
  { name: "archive: province page /progress/83 (Bến Tre 2021–2025)", path: "/progress/83", unit: "83" },
];

const server = await startApp();
try {
  const s = new Session(server.baseUrl);
  await s.login("lanhdao");
  const anonymous = new Session(server.baseUrl);
  const results: (Summary & { first_rows: number; children: number | null; budget: number | null })[] = [];
  for (const p of PAGES) {
    const client = p.path.startsWith("/public") ? anonymous : s;
    // Child units of the unit (districts of the province, communes of the district) from its unit page.
    let children: number | null = null;
    if (p.unit && p.unit.length < 5) {
      const unitPage = await (await s.request(`/units/${p.unit}`)).text();
      const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(unitPage)?.[1] ?? "";
      children = (body.match(/<tr>/g) ?? []).length;
    }
    const first = await sample(await client.request(p.path));
    const samples: Sample[] = [];
    for (let i = 0; i < N; i++) samples.push(await sample(await client.request(p.path)));
    results.push({ ...summarise(p.name, samples), first_rows: first.rows, children, budget: children === null ? null : 2 * children + 50 });
  }
  printTable(results);
  console.log("\n| page | child units | budget (2 × children + 50) | rows read (max) | first request rows | within budget |");
  console.log("|---|---|---|---|---|---|");
  for (const r of results.filter((x) => x.budget !== null)) {
    console.log(`| ${r.name} | ${r.children} | ${r.budget} | ${r.rows_max} | ${r.first_rows} | ${r.rows_max <= r.budget! ? "yes" : "NO"} |`);
  }
  console.log(`\nN = ${N} requests per page after one warm-up request (the first request of a Worker isolate also reads the criteria-set definitions, which are then kept per isolate).`);
  mkdirSync("bench/tmp", { recursive: true });
  writeFileSync("bench/tmp/progress.json", JSON.stringify({ at: new Date().toISOString(), n: N, results }, null, 2));
  const over = results.filter((r) => r.budget !== null && r.rows_max > r.budget);
  if (over.length) {
    console.error(`Over budget: ${over.map((r) => r.name).join(", ")}`);
    process.exitCode = 1;
  }
} finally {
  server.stop();
}
