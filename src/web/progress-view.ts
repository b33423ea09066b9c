// Maps loaded progress data to what the templates and the exports show: headline figures and report tables
// (one source for the page, the CSV and the XLSX); the chart inputs are in progress-charts.ts.
import type { Unit } from "../db/schema";
import { msg } from "../messages";
import { formatNumber } from "../domain/format";
import {
  average,
  communesUnder,
  distribution,
  levelRows,
  passRows,
  percent,
  roadmapRows,
  trendPoints,
  type Bucket,
  type LevelRow,
  type PassRow,
  type ReportTable,
  type RoadmapRow,
  type Targets,
  type TrendPoint,

} from "../domain/progress";
import type { AreaPage, IndicatorDef, SetDefs } from "../services/progress";
import type { FailingValue } from "../services/commune-progress";
import { levelShares } from "../domain/level-shares";

/** One audited change of a unit's yearly targets (the targets page's history). */
export type TargetsHistoryRow = { at: string; actorName: string | null; action: string; before: unknown; after: unknown };

/** Exact counts per level summed over every district (or the one group of a 2-tier area). */
const sumExact = (byArea: Map<number, Record<string, number>>) => {
  const out: Record<string, number> = {};
  for (const counts of byArea.values()) for (const [level, n] of Object.entries(counts)) out[level] = (out[level] ?? 0) + n;
  return out;
};

export const levelName = (code: string | null) => (code ? msg.levelShort[code] ?? code : msg.noLevel);

/** Criteria that count at the set's base level (19 for the 2021–2025 commune set). */
export const baseTotal = (set: SetDefs) => set.applicable[set.baseLevel]?.size ?? set.criteria.length;

export type Headline = {
  communes: number;
  average: number;
  baseTotal: number;
  levels: LevelRow[];
  targets: Targets;
  under: number | null;
  histogramMonth: string | null;
  buckets: Bucket[] | null;
  pass: PassRow[];
  passLevel: string;
  roadmap: RoadmapRow[];
  trend: TrendPoint[];
  /** Live: communes recognised at each level or above (by decision), beside the evaluated counts; null when not counted. */
  recognised: Record<string, { communes: number; share: number }> | null;
};

export function headline(page: AreaPage, currentMonth: string): Headline {
  const { set, figures, targets } = page;
  const total = baseTotal(set);
  const levels = levelRows(set.levels.map((l) => ({ ...l, name: levelName(l.code) })), figures, targets, msg.noLevel);
  const live = { month: currentMonth, communes: figures.communes, criteriaMetSum: figures.criteriaMetSum, levels: figures.levels };
  return {
    communes: figures.communes,
    average: average(figures.criteriaMetSum, figures.communes),
    baseTotal: total,
    levels,
    targets,
    under: targets.none ? null : communesUnder(figures.histogram, targets.minCriteria),
    histogramMonth: page.histogramMonth,
    recognised: page.recognised
      ? Object.fromEntries(levelShares(set.levels, figures.communes, figures.levels, sumExact(page.recognised)).map((l) => [l.code, { communes: l.recognised, share: l.recognisedShare }]))
      : null,
    buckets: figures.histogram ? distribution(figures.histogram, total, page.histogramMonth ? sumOf(figures.histogram) : figures.communes) : null,
    pass: passRows(set.criteria, figures, set.applicable[figures.passLevel] ?? null),
    passLevel: figures.passLevel,
    roadmap: roadmapRows(set.levels, page.roadmap, figures),
    trend: trendPoints(set.levels, page.snapshots.filter((s) => s.month !== currentMonth), live, currentMonth),
  };
}

const sumOf = (h: Record<number, number>) => Object.values(h).reduce((a, b) => a + b, 0);

// ---------------------------------------------------------------------------------------------------------------
// Report tables

export function targetsTable(h: Headline): ReportTable {
  const top = h.levels.filter((l) => l.code !== "").at(-1)?.code;
  const rows: ReportTable["rows"] = h.levels
    .filter((l) => l.target !== null)
    .map((l) => ({
      label: `Tỷ lệ xã đạt ${l.name}${l.code === top ? "" : " trở lên"} (%)`,
      target: l.target,
      actual: l.atLeastShare,
      status: l.met ? "Đạt" : `Chưa đạt (còn thiếu ${formatNumber(l.missing)} xã)`,
      _class: l.met ? "" : "behind",
    }));
  if (!h.targets.none) {
    rows.push({
      label: `Số xã đạt dưới ${h.targets.minCriteria} tiêu chí`,
      target: 0,
      actual: h.under,
      status: h.under === null ? "Chưa có số liệu chốt" : h.under === 0 ? "Đạt" : `Chưa đạt (còn ${formatNumber(h.under)} xã)`,
    });
  }
  rows.push({ label: "Bình quân số tiêu chí đạt/xã", target: null, actual: h.average, status: "" });
  return {
    id: "targets",
    title: `Mục tiêu năm ${h.targets.year}`,
    columns: [
      { key: "label", label: "Chỉ tiêu", kind: "text" },
      { key: "target", label: "Mục tiêu", kind: "num" },
      { key: "actual", label: "Thực hiện", kind: "num" },
      { key: "status", label: "Đánh giá", kind: "text" },
    ],
    rows,
    note: h.targets.none
      ? `Chưa đặt mục tiêu cho năm ${h.targets.year}: giai đoạn 2026–2030 chưa có mục tiêu quốc gia đã xác minh trong ứng dụng; tỉnh tự đặt mục tiêu của mình.`
      : h.targets.isDefault
        ? "Mục tiêu quốc gia giai đoạn 2021–2025 (đơn vị chưa đặt mục tiêu riêng): ≥ 80% NTM, khoảng 40% NTM nâng cao, ≥ 10% NTM kiểu mẫu, không xã dưới 15 tiêu chí."
        : undefined,
  };
}

export function levelsTable(h: Headline): ReportTable {
  return {
    id: "levels",
    title: "Số xã theo mức đạt chuẩn",
    columns: [
      { key: "name", label: "Mức", kind: "text" },
      { key: "exact", label: "Số xã (đúng mức)", kind: "int" },
      { key: "exactShare", label: "Tỷ lệ (%)", kind: "pct" },
      { key: "atLeast", label: "Số xã đạt mức trở lên (đánh giá)", kind: "int" },
      { key: "atLeastShare", label: "Tỷ lệ đạt mức trở lên (%) (đánh giá)", kind: "pct" },
      { key: "recognised", label: "Số xã đã công nhận mức trở lên", kind: "int" },
      { key: "recognisedShare", label: "Tỷ lệ đã công nhận (%)", kind: "pct" },
      { key: "target", label: "Mục tiêu (%)", kind: "num" },
      { key: "status", label: "Đánh giá", kind: "text" },
    ],
    rows: h.levels.map((l) => ({
      name: l.name,
      exact: l.exact,
      exactShare: l.exactShare,
      atLeast: l.code === "" ? null : l.atLeast,
      atLeastShare: l.code === "" ? null : l.atLeastShare,
      recognised: l.code === "" || !h.recognised ? null : (h.recognised[l.code]?.communes ?? 0),
      recognisedShare: l.code === "" || !h.recognised ? null : (h.recognised[l.code]?.share ?? 0),
      target: l.target,
      status: l.met === null ? "" : l.met ? "Đạt" : `Còn thiếu ${formatNumber(l.missing)} xã`,
      _class: l.met === false ? "behind" : "",
    })),
  };
}

export function distributionTable(h: Headline): ReportTable | null {
  if (!h.buckets) return null;
  return {
    id: "distribution",
    title: "Phân bố số xã theo số tiêu chí đạt",
    columns: [
      { key: "label", label: "Số tiêu chí đạt", kind: "text" },
      { key: "communes", label: "Số xã", kind: "int" },
      { key: "share", label: "Tỷ lệ (%)", kind: "pct" },
    ],
    rows: h.buckets.map((b) => ({ label: b.label, communes: b.communes, share: b.share, _sort_label: -b.from })),
    note: h.histogramMonth ? `Theo số liệu chốt tháng ${h.histogramMonth.slice(5)}/${h.histogramMonth.slice(0, 4)}.` : "Số liệu trực tiếp, từ bộ tiêu chí của từng xã.",
  };
}

export function criteriaTable(h: Headline, unitCode: string): ReportTable {
  return {
    id: "criteria",
    title: `Tỷ lệ xã đạt từng tiêu chí (mức ${levelName(h.passLevel)})`,
    columns: [
      { key: "number", label: "TT", kind: "int" },
      { key: "name", label: "Tiêu chí", kind: "text" },
      { key: "met", label: "Số xã đạt", kind: "int" },
      { key: "rate", label: "Tỷ lệ đạt (%)", kind: "pct" },
      { key: "failing", label: "Số xã chưa đạt", kind: "int", worse: "high" },
    ],
    rows: h.pass.map((p) => ({ number: p.number, name: p.name, met: p.met, rate: p.rate, failing: p.failing, _class: p.lagging ? "lagging" : "", _note: p.lagging ? "chậm nhất" : "", _anchor: `crit-${p.id}`, _unit: unitCode })),
  };
}

export function roadmapTable(h: Headline): ReportTable {
  return {
    id: "roadmap",
    title: "Lộ trình đạt chuẩn so với kết quả",
    columns: [
      { key: "year", label: "Năm", kind: "year" },
      { key: "level", label: "Mức", kind: "text" },
      { key: "planned", label: "Số xã đăng ký đạt", kind: "int" },
      { key: "plannedAtLeast", label: "Kế hoạch lũy kế (đạt mức trở lên)", kind: "int" },
      { key: "reachedAtLeast", label: "Hiện đạt (mức trở lên)", kind: "int" },
      { key: "status", label: "Đánh giá", kind: "text" },
    ],
    rows: h.roadmap.map((r) => ({
      year: r.year,
      level: levelName(r.level),
      planned: r.planned,
      plannedAtLeast: r.plannedAtLeast,
      reachedAtLeast: r.reachedAtLeast,
      status: r.met ? "Đạt kế hoạch" : `Còn thiếu ${formatNumber(r.gap)} xã`,
      _class: r.met ? "" : "behind",
    })),
  };
}

export function trendTable(h: Headline, set: SetDefs): ReportTable {
  const levels = set.levels;
  return {
    id: "trend",
    title: "Diễn biến 12 tháng",
    columns: [
      { key: "month", label: "Tháng", kind: "text" },
      { key: "communes", label: "Số xã", kind: "int" },
      { key: "average", label: "Bình quân tiêu chí/xã", kind: "dec" },
      ...levels.map((l) => ({ key: `share_${l.code}`, label: `% đạt ${levelName(l.code)}${l.rank === levels.at(-1)!.rank ? "" : " trở lên"}`, kind: "pct" as const })),
    ],
    rows: h.trend.map((p) =>
      "missing" in p
        ? { month: p.label, communes: null, average: null, ...Object.fromEntries(levels.map((l) => [`share_${l.code}`, null])), _sort_month: p.month }
        : { month: p.live ? `${p.label} (hiện tại)` : p.label, communes: p.communes, average: p.average, ...Object.fromEntries(levels.map((l) => [`share_${l.code}`, p.shares[l.code] ?? 0])), _sort_month: p.month },
    ),
    note: "Các tháng trước lấy theo số liệu chốt ngày đầu tháng kế tiếp; tháng hiện tại là số liệu trực tiếp.",
  };
}

// ---------------------------------------------------------------------------------------------------------------
// A commune's page

export type CommuneView = {
  baseTotal: number;
  criteriaMet: Record<string, number>;
  criteriaTotal: Record<string, number>;
  levelReached: string | null;
  nextLevel: string | null;
  targetLevel: string | null;
  targetYear: number | null;
  failing: { indicatorId: number; code: string; name: string; criterionNumber: number; criterionName: string; value: string | null; kind: string; unit: string | null; evidence: string | null; evidenceLink: string | null; failingLevel: string }[];
};

/** The level above the one reached (the base level when none), or null at the top. */
export function nextLevelOf(set: SetDefs, reached: string | null): string | null {
  const rank = set.levels.find((l) => l.code === reached)?.rank ?? 0;
  return set.levels.find((l) => l.rank > rank)?.code ?? null;
}

/** Criteria not met at `level` according to the commune's rollup. */
export function failingCriteria(criteria: Record<string, Partial<Record<string, boolean>>>, level: string | null): number[] {
  if (!level) return [];
  return Object.entries(criteria)
    .filter(([, r]) => r[level] === false)
    .map(([id]) => Number(id));
}

export function failingIndicators(set: SetDefs, defs: IndicatorDef[], values: FailingValue[], level: string): CommuneView["failing"] {
  const byId = new Map(defs.map((d) => [d.id, d]));
  const crit = new Map(set.criteria.map((c) => [c.id, c]));
  return values
    .filter((v) => v.met[level] === false)
    .map((v) => {
      const d = byId.get(v.indicatorId)!;
      const c = crit.get(d.criterionId)!;
      return { indicatorId: d.id, code: d.code, name: d.name, criterionNumber: c.number, criterionName: c.name, value: v.value, kind: d.kind, unit: d.unit, evidence: v.evidenceNote, evidenceLink: v.evidenceLink, failingLevel: level, _sort: d.sort };
    })
    .sort((a, b) => a._sort - b._sort)
    .map(({ _sort: _, ...rest }) => rest);
}

export function communeCriteriaTable(set: SetDefs, criteria: Record<string, Partial<Record<string, boolean>>>): ReportTable {
  return {
    id: "criteria",
    title: "Kết quả từng tiêu chí",
    columns: [
      { key: "number", label: "TT", kind: "int" },
      { key: "name", label: "Tiêu chí", kind: "text" },
      ...set.levels.map((l) => ({ key: `lv_${l.code}`, label: levelName(l.code), kind: "text" as const })),
    ],
    rows: set.criteria.map((c) => {
      const r = criteria[String(c.id)] ?? {};
      return {
        number: c.number,
        name: c.name,
        ...Object.fromEntries(set.levels.map((l) => [`lv_${l.code}`, r[l.code] === undefined ? "—" : r[l.code] ? "Đạt" : "Chưa đạt"])),
        _anchor: `crit-${c.id}`,
      };
    }),
  };
}

export function communeTrendTable(trend: { month: string; criteriaMetBase: number; levelReached: string | null }[], now: { month: string; criteriaMetBase: number; levelReached: string | null }, months: string[]): ReportTable {
  const byMonth = new Map(trend.map((t) => [t.month, t]));
  byMonth.set(now.month, now);
  return {
    id: "trend",
    title: "Diễn biến 12 tháng",
    columns: [
      { key: "month", label: "Tháng", kind: "text" },
      { key: "met", label: "Số tiêu chí đạt", kind: "int" },
      { key: "level", label: "Mức đạt", kind: "text" },
    ],
    rows: months.map((m) => {
      const t = byMonth.get(m);
      const label = `${m.slice(5)}/${m.slice(0, 4)}${m === now.month ? " (hiện tại)" : ""}`;
      return t ? { month: label, met: t.criteriaMetBase, level: levelName(t.levelReached), _sort_month: m } : { month: label, met: null, level: null, _sort_month: m };
    }),
  };
}

export const shareText = (part: number, total: number) => `${formatNumber(percent(part, total), 1)}%`;

export type UnitRefView = Pick<Unit, "code" | "name" | "level" | "kind">;

export function failingTable(view: Pick<CommuneView, "nextLevel" | "failing">, communeCode: string, displayValue: (kind: string, value: string | null, unit: string | null) => string): ReportTable {
  return {
    id: "failing",
    title: view.nextLevel ? `Chỉ tiêu chưa đạt mức ${levelName(view.nextLevel)}` : "Chỉ tiêu chưa đạt",
    columns: [
      { key: "criterion", label: "Tiêu chí", kind: "text" },
      { key: "indicator", label: "Chỉ tiêu", kind: "text" },
      { key: "value", label: "Giá trị hiện tại", kind: "text" },
      { key: "evidence", label: "Minh chứng", kind: "text" },
    ],
    rows: view.failing.map((f) => ({
      criterion: `${f.criterionNumber}. ${f.criterionName}`,
      indicator: `${f.code} ${f.name}`,
      value: displayValue(f.kind, f.value, f.unit),
      evidence: f.evidence ?? (f.evidenceLink ? "Có đường dẫn" : "Chưa có"),
      _href: `/communes/${communeCode}/checklist#ind-${f.indicatorId}`,
      _sort_criterion: f.criterionNumber,
    })),
  };
}
