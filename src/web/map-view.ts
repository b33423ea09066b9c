// Maps (issue 15 item 4, issue 19): the pre-projected shapes of src/maps shaded by the figures a page already has.
// No D1 read here: a page passes the rows it loaded anyway; the province's shapes are a lazily imported module.
import type { ProvinceShape } from "../maps/types";
import { provinceShapes } from "../maps/provinces";
import { formatNumber } from "../domain/format";
import { derivedCache } from "../domain/derived";

/** One shaded shape: `cls` is its class in each view (evaluated, recognised), `label` its title. */
export type MapArea = { code: string; label: string; href: string | null; e: string; r: string };
export type MapLegend = { cls: string; label: string; count: number }[];
export type MapView = { id: string; title: string; desc: string; shape: ProvinceShape; areas: MapArea[]; views: { key: "e" | "r"; label: string; legend: MapLegend }[] };

/** The drawn communes of a two-tier province (null when it has no shapes, e.g. a closed 2025 province). */
export async function provinceShape(code: string): Promise<ProvinceShape | null> {
  const load = provinceShapes[code];
  return load ? (await load()).default : null;
}

type Level = { code: string; name: string };
/** `counted`: the commune is on the page's criteria set (else drawn unshaded, without a link). */
type CommuneFigure = { code: string; name: string; evaluated: string | null; recognised: string | null; counted: boolean } | undefined;

function levelClass(levels: Level[], level: string | null | undefined, prefix: string): string {
  const i = level ? levels.findIndex((l) => l.code === level) : -1;
  return `${prefix}${i < 0 ? "n" : Math.min(i, 3)}`;
}

function legendOf(areas: MapArea[], key: "e" | "r", levels: Level[], noneLabel: string): MapLegend {
  const keys = [{ cls: `${key}n`, label: noneLabel }, ...levels.slice(0, 4).map((l, i) => ({ cls: `${key}${i}`, label: l.name }))];
  const missing = areas.filter((a) => a[key] === `${key}x`).length;
  const rows = keys.map((k) => ({ ...k, count: areas.filter((a) => a[key] === k.cls).length }));
  return missing ? [...rows, { cls: `${key}x`, label: "Không tính theo bộ tiêu chí này", count: missing }] : rows;
}

/** A province's communes shaded by the level each one reached (evaluated) and was recognised at. */
export function communeMap(
  shape: ProvinceShape,
  provinceName: string,
  levels: Level[],
  figures: (code: string) => CommuneFigure,
  href: (code: string) => string,
  names: { evaluated: string; recognised: string; none: string },
): MapView {
  const evaluated = names.evaluated.toLocaleLowerCase("vi");
  const recognised = names.recognised.toLocaleLowerCase("vi");
  const name = (l: string | null) => levels.find((x) => x.code === l)?.name ?? names.none;
  const areas: MapArea[] = Object.keys(shape.paths).map((code) => {
    const f = figures(code);
    if (!f) return { code, label: `Mã ${code}: chưa có số liệu`, href: null, e: "ex", r: "rx" };
    if (!f.counted) return { code, label: `${f.name}: không tính theo bộ tiêu chí này`, href: null, e: "ex", r: "rx" };
    const e = levelClass(levels, f.evaluated, "e");
    const r = levelClass(levels, f.recognised, "r");
    return { code, label: `${f.name}: ${name(f.evaluated)} (${evaluated}); ${name(f.recognised)} (${recognised})`, href: href(code), e, r };
  });
  const views = [
    { key: "e" as const, label: names.evaluated, legend: legendOf(areas, "e", levels, names.none) },
    { key: "r" as const, label: names.recognised, legend: legendOf(areas, "r", levels, names.none) },
  ];
  const counted = views[0].legend.filter((l) => l.cls !== "en" && l.cls !== "ex").reduce((n, l) => n + l.count, 0);
  const other = areas.filter((a) => a.e === "ex").length;
  return {
    id: "map-communes",
    title: `Bản đồ các xã, phường, đặc khu của ${provinceName} theo mức đạt`,
    desc: `${formatNumber(areas.length)} xã, phường, đặc khu; ${formatNumber(counted)} đạt một mức trở lên (đánh giá)${other ? `; ${formatNumber(other)} không tính theo bộ tiêu chí này (để trắng)` : ""}. Mỗi vùng là một liên kết đến trang của xã. Số liệu đầy đủ ở bảng các xã trên trang.`,
    shape,
    areas,
    views,
  };
}

/** The map of a two-tier province's communes from the rows its progress page read (`communeRows`), on set `setId`. */
export function provinceCommuneMap(
  shape: ProvinceShape,
  provinceName: string,
  levels: Level[],
  rows: readonly { code: string; name: string; rollup: { setId: number; levelReached: string | null; recognisedLevel: string | null } | null }[],
  setId: number,
  href: (code: string) => string,
  noneName: string,
): MapView {
  const key = [setId, provinceName, href(""), noneName, ...levels.map((l) => `${l.code}=${l.name}`)].join("\u0000");
  // A page's communes are one province's, drawn on its one shape.
  return drawn(rows, key, () => drawCommuneMap(shape, provinceName, levels, rows, setId, href, noneName));
}

/** Maps drawn from a page's communes (one array per packed-row text), once per isolate: callers only read them. */
const drawn = derivedCache<MapView>();

function drawCommuneMap(...[shape, provinceName, levels, rows, setId, href, noneName]: Parameters<typeof provinceCommuneMap>): MapView {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return communeMap(
    shape,
    provinceName,
    levels,
    (code) => {
      const r = byCode.get(code);
      const on = r?.rollup?.setId === setId;
      return r && { code, name: r.name, evaluated: on ? r.rollup!.levelReached : null, recognised: on ? r.rollup!.recognisedLevel : null, counted: on };
    },
    href,
    { evaluated: "Đánh giá", recognised: "Đã công nhận", none: noneName },
  );
}

/** Bands of the share of communes at NTM or above, for the national map. */
const BANDS = [
  { cls: "en", label: "Dưới 25%", max: 25 },
  { cls: "e0", label: "25% đến dưới 50%", max: 50 },
  { cls: "e1", label: "50% đến dưới 75%", max: 75 },
  { cls: "e2", label: "Từ 75% trở lên", max: Infinity },
];

/** The 34 provinces shaded by the share of communes at NTM or above, each a link to its public page. */
export function nationalMap(shape: ProvinceShape, rows: { code: string; name: string; share: number | null; href: string }[]): MapView {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const areas: MapArea[] = Object.keys(shape.paths).map((code) => {
    const r = byCode.get(code);
    if (!r || r.share === null) return { code, label: r ? `${r.name}: chưa có số liệu` : `Mã ${code}: chưa đăng ký`, href: r?.href ?? null, e: "ex", r: "ex" };
    const band = BANDS.find((b) => r.share! < b.max)!;
    return { code, label: `${r.name}: ${formatNumber(r.share, 1)}% xã đạt chuẩn trở lên`, href: r.href, e: band.cls, r: band.cls };
  });
  const legend = BANDS.map((b) => ({ cls: b.cls, label: b.label, count: areas.filter((a) => a.e === b.cls).length }));
  const missing = areas.filter((a) => a.e === "ex").length;
  return {
    id: "map-provinces",
    title: "Bản đồ 34 tỉnh, thành phố theo tỷ lệ xã đạt chuẩn nông thôn mới trở lên",
    desc: `Mỗi tỉnh là một liên kết đến trang công khai của tỉnh. Số liệu đầy đủ ở bảng theo tỉnh ngay dưới.`,
    shape,
    areas,
    views: [{ key: "e", label: "Tỷ lệ xã đạt chuẩn trở lên", legend: missing ? [...legend, { cls: "ex", label: "Chưa có số liệu", count: missing }] : legend }],
  };
}
