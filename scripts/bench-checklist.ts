// npm run bench:checklist — D1 rows read and server time (p50/p95) of the checklist page and of one
// indicator save, on the demo data, against `wrangler dev`. A benchmark that prints figures, not a test.
import { numericIndicators, openEdit, printTable, sample, Session, startApp, summarise, type Sample } from "./lib/bench";

const N = Number(process.env.N ?? 200);
const COMMUNE = "28879";

const server = await startApp();
try {
  const s = new Session(server.baseUrl);
  await s.login("xa.phuphung");
  // A numeric indicator to save: the first one with a decimal input on its edit form.
  const [indicatorId] = await numericIndicators(s, COMMUNE);

  const pageSamples: Sample[] = [];
  for (let i = 0; i < N; i++) pageSamples.push(await sample(await s.request(`/communes/${COMMUNE}/checklist`)));

  const saveSamples: Sample[] = [];
  for (let i = 0; i < N; i++) {
    const { version } = await openEdit(s, COMMUNE, indicatorId);
    const res = await s.request(`/communes/${COMMUNE}/indicators/${indicatorId}`, {
      method: "POST",
      htmx: true,
      form: { value: String(50 + (i % 40)), evidenceNote: "Số liệu đo kiểm", evidenceLink: "", note: "", version },
    });
    saveSamples.push(await sample(res));
  }

  const results = [summarise("checklist page GET", pageSamples), summarise("indicator save POST", saveSamples)];
  printTable(results);
  console.log(`\nTargets: page ≤ 500 rows, save ≤ 50 rows. N = ${N} each, xa.phuphung on Xã Phú Phụng, indicator ${indicatorId}.`);
} finally {
  server.stop();
}
