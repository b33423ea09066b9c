// npm run load — 60 s of mixed reads and writes at concurrency 20 against `wrangler dev` on the demo data;
// reports requests, errors (must be 0), latency p95, then checks that every acknowledged write is in the
// database. A script that prints figures, not a timed test. DURATION_S and CONCURRENCY override the defaults.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, count, eq, like } from "drizzle-orm";
import { indicatorValueHistory, indicatorValues } from "../src/db/schema";
import { numericIndicators, openEdit, percentile, saveIndicator, Session, startApp, timing } from "./lib/bench";
import { withLocalDb } from "./lib/local";
import { unitByCode } from "../src/services/units";

const DURATION_MS = Number(process.env.DURATION_S ?? 60) * 1000;
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 20);
const COMMUNE = "28879";

const dir = mkdtempSync(join(tmpdir(), "ntm-load-"));
const server = await startApp(dir);
const latencies: number[] = [];
const serverMs: number[] = [];
const statuses = new Map<number, number>();
const errors: string[] = [];
/** indicator id → values acknowledged (200) in order. */
const acknowledged = new Map<string, string[]>();

try {
  // Writers edit one numeric indicator each (their own), so every save should succeed.
  const setup = new Session(server.baseUrl);
  await setup.login("xa.phuphung");
  const numeric = await numericIndicators(setup, COMMUNE);

  const readers = ["lanhdao", "canbo", "admin", "so.nongnghiep"];
  const reads = ["/", "/units/86", `/units/${COMMUNE}`, "/units?q=phu%20phung", "/units?q=cho%20lach", `/communes/${COMMUNE}/checklist`, `/communes/${COMMUNE}/checklist?failing=1`];
  const deadline = Date.now() + DURATION_MS;

  const record = (res: Response, started: number, label: string, expected: number[]) => {
    latencies.push(performance.now() - started);
    const t = timing(res);
    if (Number.isFinite(t.serverMs)) serverMs.push(t.serverMs);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (!expected.includes(res.status)) errors.push(`${label} → ${res.status}`);
  };

  const worker = async (w: number) => {
    const writer = w % 4 === 0; // a quarter of the workers write
    const s = new Session(server.baseUrl);
    await s.login(writer ? "xa.phuphung" : readers[w % readers.length]);
    const indicator = numeric[w % numeric.length];
    let i = 0;
    while (Date.now() < deadline) {
      i++;
      if (writer && numeric.length && i % 2 === 0) {
        let started = performance.now();
        const { res: formRes, version } = await openEdit(s, COMMUNE, indicator);
        record(formRes, started, "edit form", [200]);
        const value = String(10 + ((w * 7 + i) % 80));
        started = performance.now();
        const res = await saveIndicator(s, COMMUNE, indicator, { value, note: `w${w}-${i}`, version });
        // Two writers may share an indicator when there are few: 409 is then the right answer, not an error.
        record(res, started, `save ${indicator}`, [200, 409]);
        if (res.status === 200) acknowledged.set(indicator, [...(acknowledged.get(indicator) ?? []), value]);
      } else {
        const path = reads[(w + i) % reads.length];
        const started = performance.now();
        const res = await s.request(path);
        await res.arrayBuffer();
        record(res, started, path, [200]);
      }
    }
  };
  const t0 = Date.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  const seconds = (Date.now() - t0) / 1000;
  server.stop();

  // Every acknowledged write is in the database: the last value stands and each one left a history row.
  let missing = 0;
  await withLocalDb(dir, async (db) => {
    const commune = (await unitByCode(db, COMMUNE))!;
    for (const [indicatorId, values] of acknowledged) {
      const row = await db.select().from(indicatorValues).where(and(eq(indicatorValues.unitId, commune.id), eq(indicatorValues.indicatorId, Number(indicatorId)))).get();
      if (Number(row?.value) !== Number(values[values.length - 1])) missing++;
      const history = await db
        .select({ n: count() })
        .from(indicatorValueHistory)
        .where(and(eq(indicatorValueHistory.unitId, commune.id), eq(indicatorValueHistory.indicatorId, Number(indicatorId)), like(indicatorValueHistory.note, "w%")))
        .get();
      if ((history?.n ?? 0) !== values.length) missing++;
    }
  });

  const total = latencies.length;
  const writes = [...acknowledged.values()].reduce((n, v) => n + v.length, 0);
  console.log(`\nTải hỗn hợp ${seconds.toFixed(0)} s, ${CONCURRENCY} luồng đồng thời`);
  console.log(`  requests: ${total} (${(total / seconds).toFixed(1)} req/s); statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
  console.log(`  errors: ${errors.length}${errors.length ? ` — ${errors.slice(0, 5).join("; ")}` : ""}`);
  console.log(`  client latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms; server time p95 ${percentile(serverMs, 95).toFixed(1)} ms`);
  console.log(`  acknowledged writes: ${writes} on ${acknowledged.size} indicators; missing in the database: ${missing}`);
  if (errors.length || missing) process.exitCode = 1;
} finally {
  server.stop();
  rmSync(dir, { recursive: true, force: true });
}
