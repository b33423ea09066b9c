// Emulation ("Đồng khởi mới") tables: leaders per district, each commune's gap to the leader, the quarter's most improved.
import { compareVi } from "../domain/text";
import { gapsToLeader, mostImproved, rankCommunes, type EmulationCommune, type KeyIndicator } from "../domain/emulation";
import { formatNumber } from "../domain/format";
import type { ReportTable } from "../domain/progress";
import type { EmulationData } from "../services/emulation";
import { levelName } from "./progress-view";

const levelsDesc = (d: EmulationData) => [...d.set.levels].sort((a, b) => b.rank - a.rank).map((l) => l.code);
const keyIndicatorName = (k: KeyIndicator) => `${k.name}${k.unit ? ` (${k.unit})` : ""}`;
const shortKey = (k: KeyIndicator) => `Chỉ tiêu ${k.code}`;

export function ranked(d: EmulationData, communes: EmulationCommune[] = d.communes): EmulationCommune[] {
  return rankCommunes(communes, levelsDesc(d), d.keys, compareVi);
}

export function keyLegend(d: EmulationData): string[] {
  return d.keys.map((k) => `${shortKey(k)}: ${keyIndicatorName(k)}${k.comparator === "lte" ? " — càng thấp càng tốt" : ""}`);
}

export function gapsTable(d: EmulationData, districtName: (id: number | null) => string | null): ReportTable {
  const rows = gapsToLeader(ranked(d), d.keys);
  const leader = rows[0]?.commune;
  return {
    id: "gaps",
    title: leader ? `Khoảng cách đến xã dẫn đầu (${leader.name})` : "Khoảng cách đến xã dẫn đầu",
    columns: [
      { key: "name", label: "Xã", kind: "text" },
      { key: "rank", label: "Hạng", kind: "int" },
      ...(d.districts.length ? [{ key: "district", label: "Huyện", kind: "text" as const }] : []),
      { key: "level", label: "Mức đạt", kind: "text" },
      { key: "met", label: `Tiêu chí đạt (${levelName(d.set.baseLevel)})`, kind: "int" },
      { key: "criteriaGap", label: "Thiếu so với xã dẫn đầu (tiêu chí)", kind: "int", worse: "high" },
      { key: "levelGap", label: "Thấp hơn (mức)", kind: "int", worse: "high" },
      ...d.keys.flatMap((k) => [
        { key: `v_${k.id}`, label: shortKey(k), kind: "num" as const },
        { key: `g_${k.id}`, label: `Kém xã dẫn đầu (${shortKey(k)})`, kind: "num" as const },
      ]),
    ],
    rows: rows.map((g) => ({
      rank: g.rank,
      name: g.commune.name,
      district: districtName(g.commune.districtId),
      level: levelName(g.commune.levelReached),
      _sort_level: g.commune.levelRank,
      met: g.commune.criteriaMetBase,
      criteriaGap: g.criteriaGap,
      levelGap: g.levelGap,
      ...Object.fromEntries(d.keys.flatMap((k) => [[`v_${k.id}`, g.commune.values[k.id] ?? null], [`g_${k.id}`, g.keyGaps[k.id] ?? null]])),
      _href: `/progress/${g.commune.code}`,
      _class: g.isLeader ? "leader" : "",
      _note: g.isLeader ? "dẫn đầu" : "",
    })),
    note: "Kém xã dẫn đầu: số dương là còn thua xã dẫn đầu, số âm là đã vượt. Xếp hạng theo mức đạt, số tiêu chí đạt ở các mức cao rồi mức cơ bản, sau đó các chỉ tiêu chính.",
  };
}

export function leadersTable(d: EmulationData): ReportTable | null {
  if (!d.districts.length) return null;
  const byDistrict = Map.groupBy(d.communes, (c) => c.districtId ?? 0);
  return {
    id: "leaders",
    title: "Xã dẫn đầu từng huyện",
    columns: [
      { key: "district", label: "Huyện", kind: "text" },
      { key: "name", label: "Xã dẫn đầu", kind: "text" },
      { key: "level", label: "Mức đạt", kind: "text" },
      { key: "met", label: `Tiêu chí đạt (${levelName(d.set.baseLevel)})`, kind: "int" },
      ...d.keys.map((k) => ({ key: `v_${k.id}`, label: shortKey(k), kind: "num" as const })),
    ],
    rows: d.districts.flatMap((dist) => {
      const top = ranked(d, byDistrict.get(dist.id) ?? [])[0];
      if (!top) return [];
      return [
        {
          district: dist.name,
          name: top.name,
          level: levelName(top.levelReached),
          _sort_level: top.levelRank,
          met: top.criteriaMetBase,
          ...Object.fromEntries(d.keys.map((k) => [`v_${k.id}`, top.values[k.id] ?? null])),
          _href: `/progress/${top.code}`,
        },
      ];
    }),
  };
}

export function improvedTable(d: EmulationData, quarter: string): ReportTable {
  const best = mostImproved(d.communes, 10, compareVi);
  const rankName = new Map(d.set.levels.map((l) => [l.rank, levelName(l.code)]));
  return {
    id: "improved",
    title: `Xã tiến bộ nhất ${quarter}`,
    columns: [
      { key: "name", label: "Xã", kind: "text" },
      { key: "before", label: "Tiêu chí đạt đầu quý", kind: "int" },
      { key: "now", label: "Tiêu chí đạt hiện nay", kind: "int" },
      { key: "gained", label: "Tăng (tiêu chí)", kind: "int" },
      { key: "levels", label: "Mức: đầu quý → hiện nay", kind: "text" },
    ],
    rows: best.map((i) => ({
      name: i.commune.name,
      before: i.commune.baseline!.criteriaMetBase,
      now: i.commune.criteriaMetBase,
      gained: i.criteriaGained,
      levels: `${i.commune.baseline!.levelRank ? rankName.get(i.commune.baseline!.levelRank) ?? "" : levelName(null)} → ${levelName(i.commune.levelReached)}`,
      _sort_levels: i.levelsGained,
      _href: `/progress/${i.commune.code}`,
    })),
    note: `So với số liệu chốt tháng ${d.baselineMonth.slice(5)}/${d.baselineMonth.slice(0, 4)} (cuối quý trước). Ưu tiên xã lên mức, sau đó xã tăng nhiều tiêu chí.`,
  };
}

export const formatKey = (v: number | null) => (v === null ? "—" : formatNumber(v));
