// npm run profile:pages — the app isolate's CPU per request on the present demo (what `npm start` loads: Tỉnh Vĩnh
// Long 86, Xã Phú Phụng 28879), for the pages issue 20 budgets: /healthz (the floor), the commune checklist
// (xa.phuphung), the province progress page (lanhdao), the public commune page (anonymous) and an indicator save.
// Starts its own app on a fresh database (scripts/lib/bench.ts startApp, the V8 inspector on a port of its own),
// warms each page (WARM requests), then profiles M requests per page (scripts/lib/profile.ts) and prints app and D1
// client ms per request and the top functions by self time; ROUNDS rounds, min / median / max. Only its own
// processes; the load average is printed before and after (2 shared cores: read the figures against it).
// Env: M (default 50), WARM (10), ROUNDS (3), TOP (15), PAGES (comma-separated names to keep, e.g. "checklist,save"),
// CAP_US (250: each sample capped, scripts/lib/profile.ts), CALLERS (a function name: its self time by caller chain),
// PERSIST (a kept data set, e.g. .wrangler/national-2026-heavy: the province progress page only, as lanhdao.86).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { freePort, Session, startApp } from "./lib/bench";
import { CAP_US, capped, Inspector, splitCpu, type CpuProfile } from "./lib/profile";

const M = Number(process.env.M ?? 50);
const WARM = Number(process.env.WARM ?? 10);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const TOP = Number(process.env.TOP ?? 15);
const PERSIST = process.env.PERSIST;
const ONLY = PERSIST ? ["progress"] : process.env.PAGES?.split(",").filter(Boolean);
const PROVINCE = "86";
const COMMUNE = "28879";

type Page = { name: string; send: () => Promise<Response> };
type Stat = { min: number; median: number; max: number };
const stat = (values: number[]): Stat => {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor((sorted.length - 1) / 2)], max: sorted[sorted.length - 1] };
};
const fmt = (s: Stat) => `${s.min.toFixed(2)} / ${s.median.toFixed(2)} / ${s.max.toFixed(2)}`;
/**
 * Self time per function like hotFunctions, but keyed by line too and named by the source module esbuild's bundle
 * marks above it (`// src/…`, `// node_modules/…`): the bundle's closures are mostly "(anonymous)".
 */
type RawNode = { id: number; callFrame: { functionName: string; url: string; lineNumber?: number } };
const moduleMarks = new Map<string, { line: number; name: string }[]>();
/** wrangler dev's bundle of the app (the profile names it "index.js"): the newest .wrangler/tmp/<dir>/index.js. */
function bundlePath(): string | null {
  const tmp = ".wrangler/tmp";
  if (!existsSync(tmp)) return null;
  const found = readdirSync(tmp)
    .map((d) => join(tmp, d, "index.js"))
    .filter((f) => existsSync(f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return found[0] ?? null;
}
function moduleOf(url: string, line: number): string {
  if (url !== "index.js") return url;
  let marks = moduleMarks.get(url);
  if (!marks) {
    const path = bundlePath();
    marks = path
      ? readFileSync(path, "utf8")
          .split("\n")
          .flatMap((text, i) => (/^\/\/ \S+\.(?:[cm]?[jt]sx?)$/.test(text) ? [{ line: i, name: text.slice(3) }] : []))
      : [];
    moduleMarks.set(url, marks);
  }
  let name = "index.js";
  for (const m of marks) if (m.line <= line) name = m.name.replace(/^(?:\.\.\/)*(?:main\/)?node_modules\//, "");
  return `${name}:${line + 1}`;
}
function hotLines(profile: CpuProfile, top: number) {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byKey = new Map<string, { name: string; where: string; ms: number }>();
  let total = 0;
  for (const n of profile.nodes as unknown as RawNode[]) {
    const t = self.get(n.id) ?? 0;
    const name = n.callFrame.functionName || "(anonymous)";
    if (!t || name === "(idle)" || name === "(program)") continue;
    total += t;
    const where = moduleOf(n.callFrame.url, n.callFrame.lineNumber ?? 0);
    const key = `${name} ${where}`;
    const h = byKey.get(key) ?? { name, where, ms: 0 };
    h.ms += t;
    byKey.set(key, h);
  }
  const byModule = new Map<string, number>();
  for (const h of byKey.values()) {
    const module = h.where.replace(/:\d+$/, "").replace(/^(drizzle-orm|hono|zod)\/.*/, "$1/*") || "(native)";
    byModule.set(module, (byModule.get(module) ?? 0) + h.ms);
  }
  const share = <T extends { ms: number }>(rows: T[]) => rows.sort((a, b) => b.ms - a.ms).slice(0, top).map((h) => ({ ...h, share: h.ms / total }));
  return { functions: share([...byKey.values()]), modules: share([...byModule].map(([where, ms]) => ({ name: "", where, ms }))) };
}
/** CALLERS=fn: who calls `fn` (self time of `fn` by its caller chain, 3 frames up), to find what to change. */
function callersOf(profile: CpuProfile, fn: string, top: number) {
  const nodes = profile.nodes as unknown as (RawNode & { children?: number[] })[];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byChain = new Map<string, number>();
  for (const n of nodes) {
    if (n.callFrame.functionName !== fn || !self.get(n.id)) continue;
    const chain: string[] = [];
    for (let at = parent.get(n.id); at !== undefined && chain.length < 3; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      chain.push(`${f.functionName || "(anonymous)"} ${moduleOf(f.url, f.lineNumber ?? 0)}`);
    }
    const key = chain.join(" ← ");
    byChain.set(key, (byChain.get(key) ?? 0) + self.get(n.id)!);
  }
  return [...byChain].sort((a, b) => b[1] - a[1]).slice(0, top);
}
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");

const loadBefore = load();
const inspectorPort = await freePort();
const app = await startApp(PERSIST, { inspectorPort });
try {
  const staff = new Session(app.baseUrl);
  const leader = new Session(app.baseUrl);
  await leader.login(PERSIST ? `lanhdao.${PROVINCE}` : "lanhdao");
  const anonymous = new Session(app.baseUrl);
  if (!PERSIST) await staff.login("xa.phuphung");

  // A numeric indicator of the commune (its edit form asks for a decimal), as scripts/bench.ts finds it.
  const checklist = PERSIST ? "" : await (await staff.request(`/communes/${COMMUNE}/checklist?all=1`)).text();
  let numericId = "";
  for (const id of [...checklist.matchAll(/<li id="ind-(\d+)"/g)].map((m) => m[1])) {
    const form = await (await staff.request(`/communes/${COMMUNE}/indicators/${id}/edit`, { htmx: true })).text();
    if (form.includes('inputmode="decimal"')) {
      numericId = id;
      break;
    }
  }
  if (!numericId && !PERSIST) throw new Error("no numeric indicator on the checklist");
  const edit = PERSIST ? "" : await (await staff.request(`/communes/${COMMUNE}/indicators/${numericId}/edit`, { htmx: true })).text();
  let version = Number(/name="version" value="(\d+)"/.exec(edit)?.[1] ?? 0);
  const save = async () => {
    const res = await staff.request(`/communes/${COMMUNE}/indicators/${numericId}`, {
      method: "POST",
      htmx: true,
      form: { value: String(40 + (version % 50)), evidenceNote: "Đo kiểm", evidenceLink: "", note: "", version: String(version) },
    });
    if (res.status < 300) version++;
    else throw new Error(`save: HTTP ${res.status}`);
    return res;
  };

  const pages: Page[] = [
    { name: "healthz", send: () => anonymous.request("/healthz") },
    { name: "checklist", send: () => staff.request(`/communes/${COMMUNE}/checklist`) },
    { name: "progress", send: () => leader.request(`/progress/${PROVINCE}`) },
    { name: "public", send: () => anonymous.request(`/public/communes/${COMMUNE}`) },
    { name: "save", send: save },
  ].filter((p) => !ONLY || ONLY.includes(p.name));

  let inspector = await Inspector.connect(inspectorPort);
  const profiled = async (fn: () => Promise<void>): Promise<CpuProfile> => {
    try {
      return await inspector.profile(fn);
    } catch (e) {
      console.warn(`profile failed (${(e as Error).message}); reconnecting`);
      inspector.close();
      inspector = await Inspector.connect(inspectorPort);
      return inspector.profile(fn);
    }
  };
  const results = new Map(pages.map((p) => [p.name, { app: [] as number[], d1: [] as number[], bytes: 0, last: null as CpuProfile | null }]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const p of pages) {
      const r = results.get(p.name)!;
      for (let i = 0; i < WARM; i++) {
        const res = await p.send();
        const body = await res.arrayBuffer();
        if (res.status >= 400) throw new Error(`${p.name}: HTTP ${res.status}`);
        r.bytes = body.byteLength;
      }
      const profile = await profiled(async () => {
        for (let i = 0; i < M; i++) await (await p.send()).arrayBuffer();
      });
      const split = splitCpu(capped(profile));
      r.app.push(split.appMs / M);
      r.d1.push(split.d1Ms / M);
      r.last = capped(profile);
      console.log(`round ${round} ${p.name.padEnd(10)} app ${(split.appMs / M).toFixed(2)} ms  d1 client ${(split.d1Ms / M).toFixed(2)} ms  (gc ${(split.gcMs / M).toFixed(2)})`);
    }
  }
  inspector.close();

  console.log(`\nload average before: ${loadBefore}  after: ${load()}  (M=${M}, WARM=${WARM}, ROUNDS=${ROUNDS}, CAP_US=${CAP_US})`);
  console.log("\n| page | app ms/request (min / median / max) | D1 client ms/request | HTML bytes |");
  console.log("|---|---|---|---|");
  for (const p of pages) {
    const r = results.get(p.name)!;
    console.log(`| ${p.name} | ${fmt(stat(r.app))} | ${fmt(stat(r.d1))} | ${r.bytes.toLocaleString("en")} |`);
  }
  for (const p of pages) {
    const r = results.get(p.name)!;
    console.log(`\n${p.name}: top ${TOP} self time (last round, ms per request)`);
    const hot = hotLines(r.last!, TOP);
    console.log(`  by module: ${hot.modules.slice(0, 8).map((h) => `${h.where} ${(h.ms / M).toFixed(2)}`).join(", ")}`);
    if (process.env.CALLERS) for (const [chain, ms] of callersOf(r.last!, process.env.CALLERS, TOP)) console.log(`  ${process.env.CALLERS} ${(ms / M).toFixed(3)} ← ${chain}`);
    for (const h of hot.functions) console.log(`  ${(h.ms / M).toFixed(3).padStart(7)}  ${(h.share * 100).toFixed(1).padStart(5)}%  ${h.name}  ${h.where}`);
  }
} finally {
  app.stop();
  await app.exited;
}
process.exit(0);
