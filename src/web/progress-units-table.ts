// The unit table of an area's progress page: a 3-tier province's districts, or the communes of a district or a
// two-tier province (one row each; the page shows them 50 a page, web/progress-page.ts `shown`).
import { average, type Cell, type ReportTable } from "../domain/progress";
import { levelShares } from "../domain/level-shares";
import type { AreaPage, CommuneRow, DistrictRow, SetDefs } from "../services/progress";
import { levelName } from "./progress-view";
import { derivedCache } from "../domain/derived";

/**
 * The districts with their communes at each level or above, evaluated (live, from the area counters) and recognised
 * (live, from the decisions) side by side, each labelled; then criteria sum and average.
 */
export function districtsTable(rows: DistrictRow[], provinceCode: string, page?: Pick<AreaPage, "set" | "evaluatedByDistrict" | "recognised">): ReportTable {
  const levels = page ? [...page.set.levels].sort((a, b) => a.rank - b.rank) : [];
  return {
    id: "units",
    title: "Các huyện, thị xã, thành phố",
    columns: [
      { key: "name", label: "Đơn vị", kind: "text" },
      { key: "communes", label: "Số xã", kind: "int" },
      ...levels.flatMap((l) => [
        { key: `ev_${l.code}`, label: `${levelName(l.code)} trở lên: số xã (đánh giá)`, kind: "int" as const },
        { key: `evs_${l.code}`, label: `${levelName(l.code)} trở lên: % (đánh giá)`, kind: "pct" as const },
        { key: `rc_${l.code}`, label: `${levelName(l.code)} trở lên: số xã (đã công nhận)`, kind: "int" as const },
        { key: `rcs_${l.code}`, label: `${levelName(l.code)} trở lên: % (đã công nhận)`, kind: "pct" as const },
      ]),
      { key: "sum", label: "Tổng số tiêu chí đạt", kind: "int" },
      { key: "average", label: "Bình quân tiêu chí/xã", kind: "dec" },
    ],
    rows: rows.map((d) => {
      const shares = page ? levelShares(levels, d.communes, page.evaluatedByDistrict.get(d.id) ?? {}, page.recognised.get(d.id) ?? {}) : [];
      const perLevel = Object.fromEntries(
        levels.flatMap((l) => {
          const x = shares.find((s) => s.code === l.code);
          return [
            [`ev_${l.code}`, x?.evaluated ?? 0],
            [`evs_${l.code}`, x?.evaluatedShare ?? 0],
            [`rc_${l.code}`, x?.recognised ?? 0],
            [`rcs_${l.code}`, x?.recognisedShare ?? 0],
          ];
        }),
      );
      return { name: d.name, communes: d.communes, ...perLevel, sum: d.criteriaMetSum, average: d.communes ? average(d.criteriaMetSum, d.communes) : null, _href: `/progress/${d.code}`, _code: d.code, _parent: provinceCode };
    }),
  };
}

/** Tables built from a page's communes (one array per packed-row text), once per isolate: callers only read them. */
const built = derivedCache<ReportTable>();

export function communesTable(rows: readonly CommuneRow[], set: SetDefs, title: string): ReportTable {
  return built(rows, `${set.id}\u0000${title}`, () => buildCommunesTable(rows, set, title));
}

function buildCommunesTable(rows: readonly CommuneRow[], set: SetDefs, title: string): ReportTable {
  const upper = set.levels.slice(1);
  return {
    id: "units",
    title,
    columns: [
      { key: "name", label: "Xã", kind: "text" },
      { key: "base", label: `Số tiêu chí đạt (${levelName(set.baseLevel)})`, kind: "int" },
      ...upper.map((l) => ({ key: `met_${l.code}`, label: `Tiêu chí đạt ${levelName(l.code)}`, kind: "int" as const })),
      { key: "level", label: "Mức đạt", kind: "text" },
    ],
    // A row per commune of the province (hundreds): built with plain assignments, no entries arrays.
    rows: rows.flatMap((c) => {
      if (c.rollup?.setId !== set.id) return [];
      const row: Record<string, Cell> = { name: c.name, base: c.rollup.criteriaMetBase };
      for (const l of upper) row[`met_${l.code}`] = c.rollup.criteriaMet[l.code] ?? 0;
      row.level = levelName(c.rollup.levelReached);
      row._sort_level = c.rollup.levelRank;
      row._href = `/progress/${c.code}`;
      row._code = c.code;
      return [row];
    }),
  };
}
