// npm run bench:maps: the commune map of every province of the 2026 national shape (issue 15 item 4). On
// `data:national --shape 2026` data (generated if missing, as bench:national does) one `wrangler dev` serves all 34
// provinces; for each, the leader's page (/progress/<code>, as lanhdao.<code>) and the public page
// (/public/progress/<code>) are requested once warm and checked: the map is there with one shape per drawn commune
// of the province and one link per commune counted on the page's set, each link opening that commune (one per
// province followed); rows read and bytes within budget. Prints the figures, writes bench/maps.json, exits 1 on a miss.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { and, eq, isNull } from "drizzle-orm";
import { communeRollups, criteriaSets, units } from "../src/db/schema";
import { periodOfSet } from "../src/domain/progress";
import { applyLocalMigrations, arg, withLocalDb } from "./lib/local";
import { startWorker } from "./lib/national-local";
import { freePort } from "./lib/bench";
import { Session } from "./lib/bench";
import type { ProvinceShape } from "../src/maps/types";

/** docs/benchmarks.md: ≤ 1,000 rows read on every page, a first load ≤ 60 KB gzip (the HTML alone here). */
const BUDGET = { rowsRead: 1_000, gzipBytes: 60_000 };

const dir = arg("persist-to") ?? ".wrangler/national-2026";
if (!existsSync(join(dir, "v3"))) {
  const run = spawnSync("tsx", ["scripts/data-national.ts", "--shape", "2026", "--persist-to", dir], { stdio: "inherit", env: { ...process.env, CI: "true" } });
  if (run.status !== 0) process.exit(1);
}
await applyLocalMigrations(dir);

/** Each open province's communes, and those on the set its pages show (their shapes link). */
type Province = { code: string; name: string; communes: string[]; linked: Set<string> };
const provinces: Province[] = await withLocalDb(dir, async (db) => {
  const open = await db.select({ id: units.id, code: units.code, name: units.name }).from(units).where(and(eq(units.level, "province"), isNull(units.validTo))).all();
  const communes = await db
    .select({ code: units.code, provinceId: units.provinceId, setId: communeRollups.setId, periodTo: criteriaSets.periodTo })
    .from(units)
    .leftJoin(communeRollups, eq(communeRollups.unitId, units.id))
    .leftJoin(criteriaSets, eq(criteriaSets.id, communeRollups.setId))
    .where(and(eq(units.level, "commune"), isNull(units.validTo)))
    .all();
  return open
    .map((p) => {
      const mine = communes.filter((c) => c.provinceId === p.id);
      // The page shows the current period (2026–2030) and in it the set with most communes.
      const bySet = Map.groupBy(mine.filter((c) => c.setId !== null && periodOfSet({ periodFrom: 0, periodTo: c.periodTo! }).code === "2026-2030"), (c) => c.setId);
      const top = [...bySet.values()].sort((a, b) => b.length - a.length)[0] ?? [];
      return { code: p.code, name: p.name, communes: mine.map((c) => c.code), linked: new Set(top.map((c) => c.code)) };
    })
    .sort((a, b) => a.code.localeCompare(b.code));
});

const gzip = async (text: string) => (await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer()).byteLength;
const rowsOf = (res: Response) => Number(/rows=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? NaN);
const mapOf = (html: string) => /<figure class="map" id="map-communes">[\s\S]*?<\/figure>/.exec(html)?.[0] ?? "";

type PageFigures = { status: number; rowsRead: number; bytes: number; gzipBytes: number; mapBytes: number; shapes: number; links: number; opened: string };
type Row = { code: string; name: string; communes: number; drawn: number; leader: PageFigures; public: PageFigures; misses: string[] };

const port = await freePort();
const worker = await startWorker(port, dir);
const base = `http://127.0.0.1:${port}`;
const rows: Row[] = [];
try {
  const anonymous = new Session(base);
  for (const p of provinces) {
    const shape = ((await import(`../src/maps/provinces/p${p.code}.ts`)) as { default: ProvinceShape }).default;
    const drawn = p.communes.filter((c) => shape.paths[c]);
    const misses: string[] = [];
    const leader = new Session(base);
    await leader.login(`lanhdao.${p.code}`);
    const check = async (s: Session, path: string, link: RegExp, opens: (code: string) => string): Promise<PageFigures> => {
      await s.request(path); // warm: definitions are read once per isolate
      const res = await s.request(path);
      const html = await res.text();
      const map = mapOf(html);
      const links = [...map.matchAll(link)].map((m) => m[1]);
      const figures = { status: res.status, rowsRead: rowsOf(res), bytes: Buffer.byteLength(html), gzipBytes: await gzip(html), mapBytes: Buffer.byteLength(map), shapes: map.match(/<path /g)?.length ?? 0, links: links.length, opened: "" };
      if (res.status !== 200) misses.push(`${path}: HTTP ${res.status}`);
      if (!map) misses.push(`${path}: no map`);
      if (figures.shapes !== drawn.length) misses.push(`${path}: ${figures.shapes} shapes for ${drawn.length} drawn communes`);
      const expected = drawn.filter((c) => p.linked.has(c));
      if (links.length !== expected.length || new Set(links).size !== links.length || links.some((c) => !p.linked.has(c) || !shape.paths[c])) misses.push(`${path}: ${links.length} links for ${expected.length} drawn communes on the page's set`);
      if (!(figures.rowsRead <= BUDGET.rowsRead)) misses.push(`${path}: ${figures.rowsRead} rows read > ${BUDGET.rowsRead}`);
      if (figures.gzipBytes > BUDGET.gzipBytes) misses.push(`${path}: ${figures.gzipBytes} B gzip > ${BUDGET.gzipBytes}`);
      // Follow one shape's link: the commune's own page opens, named as in the shape's title.
      const code = links[Math.floor(links.length / 2)];
      if (code) {
        const title = new RegExp(`data-code="${code}"><title>([^:<]+):`).exec(map)?.[1] ?? "";
        const target = await s.request(opens(code));
        const body = await target.text();
        figures.opened = `${code} ${target.status}`;
        if (target.status !== 200 || !title || !body.includes(`<h1>`) || !new RegExp(`<h1>[^<]*${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`).test(body)) misses.push(`${opens(code)}: HTTP ${target.status}, not the page of “${title}”`);
      }
      return figures;
    };
    const leaderFigures = await check(leader, `/progress/${p.code}`, /<a href="\/progress\/(\d{5})"/g, (c) => `/progress/${c}`);
    const publicFigures = await check(anonymous, `/public/progress/${p.code}`, /<a href="\/public\/progress\/(\d{5})"/g, (c) => `/public/progress/${c}`);
    rows.push({ code: p.code, name: p.name, communes: p.communes.length, drawn: drawn.length, leader: leaderFigures, public: publicFigures, misses });
    console.log(
      `${p.code} ${p.name.padEnd(24)} ${String(p.communes.length).padStart(3)} xã (${drawn.length} vẽ) · lãnh đạo ${leaderFigures.rowsRead} dòng, ${leaderFigures.gzipBytes} B gzip, ${leaderFigures.links} liên kết · công khai ${publicFigures.rowsRead} dòng, ${publicFigures.gzipBytes} B gzip${misses.length ? ` · LỖI: ${misses.join("; ")}` : ""}`,
    );
  }
} finally {
  worker.stop();
}

const stat = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s.at(-1)! };
};
const summary = {
  measuredAt: new Date().toISOString(),
  provinces: rows.length,
  budget: BUDGET,
  leaderRowsRead: stat(rows.map((r) => r.leader.rowsRead)),
  leaderGzipBytes: stat(rows.map((r) => r.leader.gzipBytes)),
  leaderMapBytes: stat(rows.map((r) => r.leader.mapBytes)),
  publicRowsRead: stat(rows.map((r) => r.public.rowsRead)),
  publicGzipBytes: stat(rows.map((r) => r.public.gzipBytes)),
  communes: stat(rows.map((r) => r.communes)),
  undrawn: rows.flatMap((r) => (r.drawn < r.communes ? [`${r.code}: ${r.communes - r.drawn}`] : [])),
  misses: rows.flatMap((r) => r.misses),
  perProvince: rows,
};
console.log(JSON.stringify({ ...summary, perProvince: undefined }, null, 2));
mkdirSync("bench", { recursive: true });
writeFileSync("bench/maps.json", JSON.stringify(summary, null, 2) + "\n");
if (summary.provinces !== 34 || summary.misses.length) {
  console.error(`\n${summary.provinces} provinces; misses:\n- ${summary.misses.join("\n- ")}`);
  process.exitCode = 1;
} else console.log(`\nAll 34 provinces: the map on both pages, one shape per drawn commune, links open their commune; ≤ ${BUDGET.rowsRead} rows, ≤ ${BUDGET.gzipBytes} B gzip.`);
