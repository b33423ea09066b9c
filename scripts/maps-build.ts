// npm run maps:build — pre-projects data/communes-2026.topo.json into compact SVG paths, committed under src/maps:
// one module per province (a path per commune, keyed by GSO commune code) and one national module (the 34
// provinces' merged outlines). The Worker never parses the 1.5 MB TopoJSON: it imports the province it draws.
// Projection: Mercator fitted to the drawn area, coordinates rounded to whole units, rings under MIN_AREA dropped
// (a commune keeps at least its largest ring). The far archipelagos (Hoàng Sa, Trường Sa) are drawn in an inset box.
import { readFileSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { geoMercator, type GeoProjection } from "d3-geo";
import { feature, merge } from "topojson-client";
import type { Topology, GeometryCollection } from "topojson-specification";
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from "geojson";

const WIDTH = 600;
const NATIONAL_WIDTH = 500;
const INSET = 110;
const EPSILON = 0.8; // units: Douglas–Peucker tolerance before rounding to whole units
const MIN_AREA = 4; // square units: a ring smaller than 2×2 is invisible at this size
const ISLANDS = new Set(["20333", "22736"]); // Đặc khu Hoàng Sa (48), Đặc khu Trường Sa (56)

type Props = { code: string; name: string; province: string };
const topo = JSON.parse(readFileSync("data/communes-2026.topo.json", "utf8")) as Topology<{ all: GeometryCollection<Props> }>;
const all = (feature(topo, topo.objects.all) as FeatureCollection<Polygon | MultiPolygon, Props>).features;
// The same correction as the succession table (data/README.md): Phường Hiệp Hòa (22) is 07147, not 00071.
for (const f of all) if (f.properties.code === "00071" && f.properties.province === "22") f.properties.code = "07147";

/** Douglas–Peucker on projected points: drops vertices within `eps` units of the simplified line. */
function simplify(pts: [number, number][], eps: number): [number, number][] {
  if (pts.length < 4) return pts;
  const keep = new Uint8Array(pts.length);
  keep[0] = keep[pts.length - 1] = 1;
  const stack: [number, number][] = [[0, pts.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    const [ax, ay] = pts[a], [bx, by] = pts[b];
    const dx = bx - ax, dy = by - ay, len = Math.hypot(dx, dy) || 1;
    let far = -1, max = eps;
    for (let i = a + 1; i < b; i++) {
      const d = Math.abs(dy * (pts[i][0] - ax) - dx * (pts[i][1] - ay)) / len;
      const dd = len === 1 && dx === 0 && dy === 0 ? Math.hypot(pts[i][0] - ax, pts[i][1] - ay) : d;
      if (dd > max) { max = dd; far = i; }
    }
    if (far >= 0) { keep[far] = 1; stack.push([a, far], [far, b]); }
  }
  return pts.filter((_, i) => keep[i]);
}

function ringArea(pts: [number, number][]): number {
  let a = 0;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) a += (pts[j][0] + pts[i][0]) * (pts[j][1] - pts[i][1]);
  return Math.abs(a / 2);
}

/** A compact path: absolute move, relative whole-unit lines, rings under MIN_AREA dropped (the largest ring kept). */
function pathOf(geom: Polygon | MultiPolygon, project: GeoProjection, offset: [number, number] = [0, 0], marks = false): string {
  const polys: Position[][][] = geom.type === "Polygon" ? [geom.coordinates] : geom.coordinates;
  const rings: [number, number][][] = [];
  for (const poly of polys) {
    for (const ring of poly) {
      const pts: [number, number][] = [];
      const projected = simplify(ring.map((p) => project(p as [number, number])!), EPSILON);
      for (const xy of projected) {
        const q: [number, number] = [Math.round(xy[0] + offset[0]), Math.round(xy[1] + offset[1])];
        const last = pts[pts.length - 1];
        if (!last || last[0] !== q[0] || last[1] !== q[1]) pts.push(q);
      }
      if (pts.length > 1 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1]) pts.pop();
      if (marks && ring.length > 0 && pts.length < 3 && (poly as Position[][]).indexOf(ring) === 0) {
        // An islet smaller than a unit in the inset: a 2×2 mark at its place, so the archipelago stays visible.
        const [x, y] = pts[0] ?? [0, 0];
        rings.push([[x - 1, y - 1], [x + 1, y - 1], [x + 1, y + 1], [x - 1, y + 1]]);
      } else if (pts.length >= 3) rings.push(pts);
    }
  }
  if (rings.length === 0) return "";
  const largest = rings.reduce((m, r) => (ringArea(r) > ringArea(m) ? r : m));
  return rings
    .filter((r) => r === largest || ringArea(r) >= MIN_AREA || (marks && ringArea(r) >= 4))
    .map((r) => `M${r[0][0]} ${r[0][1]}` + "l" + r.slice(1).map((p, i) => `${p[0] - r[i][0]} ${p[1] - r[i][1]}`.replace(/ -/g, "-")).join(" ").replace(/ -/g, "-") + "z")
    .join("");
}

function fitted(features: Feature[], width: number): { project: GeoProjection; height: number } {
  const fc = { type: "FeatureCollection", features } as FeatureCollection;
  const project = geoMercator().fitWidth(width, fc);
  const [[, y0], [, y1]] = boundsOf(fc, project);
  project.translate([project.translate()[0], project.translate()[1] - y0]);
  return { project, height: Math.ceil(y1 - y0) };
}

function boundsOf(fc: FeatureCollection, project: GeoProjection): [[number, number], [number, number]] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const f of fc.features) {
    const g = f.geometry as Polygon | MultiPolygon;
    const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
    for (const poly of polys) for (const ring of poly) for (const p of ring) {
      const [x, y] = project(p as [number, number])!;
      x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
    }
  }
  return [[x0, y0], [x1, y1]];
}

export type ProvinceShape = { width: number; height: number; inset: [number, number, number, number] | null; paths: Record<string, string> };

const byProvince = new Map<string, typeof all>();
for (const f of all) byProvince.set(f.properties.province, [...(byProvince.get(f.properties.province) ?? []), f]);

rmSync("src/maps/provinces", { recursive: true, force: true });
mkdirSync("src/maps/provinces", { recursive: true });
const sizes: number[] = [];
const codes = [...byProvince.keys()].sort();
for (const code of codes) {
  const features = byProvince.get(code)!;
  const mainland = features.filter((f) => !ISLANDS.has(f.properties.code));
  const islands = features.filter((f) => ISLANDS.has(f.properties.code));
  const { project, height: h } = fitted(mainland, WIDTH);
  const height = Math.max(h, islands.length ? INSET + 10 : 0);
  const paths: Record<string, string> = {};
  for (const f of mainland) paths[f.properties.code] = pathOf(f.geometry, project);
  let inset: ProvinceShape["inset"] = null;
  for (const f of islands) {
    const own = fitted([f], INSET - 10);
    inset = [WIDTH - INSET, height - INSET, INSET, INSET];
    paths[f.properties.code] = pathOf(f.geometry, own.project, [WIDTH - INSET + 5, height - INSET + 5], true);
  }
  const shape: ProvinceShape = { width: WIDTH, height, inset, paths };
  const text = `// Generated by \`npm run maps:build\` from data/communes-2026.topo.json (© Thang Le Quoc, MIT; see data/README.md). Do not edit.\nimport type { ProvinceShape } from "../types";\nexport default ${JSON.stringify(shape)} satisfies ProvinceShape;\n`;
  writeFileSync(`src/maps/provinces/p${code}.ts`, text);
  sizes.push(text.length);
}
writeFileSync(
  "src/maps/provinces/index.ts",
  `// Generated by \`npm run maps:build\`. One lazily imported module per province.\nimport type { ProvinceShape } from "../types";\nexport const provinceShapes: Record<string, () => Promise<{ default: ProvinceShape }>> = {\n${codes.map((c) => `  "${c}": () => import("./p${c}"),`).join("\n")}\n};\n`,
);

// The national module: each province's communes merged into one outline.
const outlines = codes.map((code) => {
  const geoms = topo.objects.all.geometries.filter((g) => (g.properties as Props | undefined)?.province === code);
  return { type: "Feature", properties: { code }, geometry: merge(topo, geoms as never) } as Feature<MultiPolygon, { code: string }>;
});
const nat = fitted(outlines, NATIONAL_WIDTH);
const national: ProvinceShape = { width: NATIONAL_WIDTH, height: nat.height, inset: null, paths: Object.fromEntries(outlines.map((f) => [f.properties.code, pathOf(f.geometry, nat.project)])) };
const natText = `// Generated by \`npm run maps:build\` from data/communes-2026.topo.json (© Thang Le Quoc, MIT; see data/README.md). Do not edit.\nimport type { ProvinceShape } from "./types";\nexport default ${JSON.stringify(national)} satisfies ProvinceShape;\n`;
writeFileSync("src/maps/national.ts", natText);

const sorted = [...sizes].sort((a, b) => a - b);
console.log(`provinces: ${codes.length}; bytes per province module min ${sorted[0]}, median ${sorted[Math.floor(sorted.length / 2)]}, max ${sorted[sorted.length - 1]}, total ${sizes.reduce((a, b) => a + b, 0)}; national ${natText.length}`);
