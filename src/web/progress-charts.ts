// Chart inputs of the progress pages: bar and line charts built from the headline figures and report tables.
import { formatNumber } from "../domain/format";
import { barChart, lineChart, type BarChart, type LineGeometry } from "../domain/charts";
import type { ReportTable } from "../domain/progress";
import type { SetDefs } from "../services/progress";
import { levelName, type Headline } from "./progress-view";

export function levelsChart(h: Headline): BarChart {
  const rows = h.levels.filter((l) => l.code !== "");
  return barChart(
    rows.map((l) => ({
      label: `${l.name}${l === rows.at(-1) ? "" : " trở lên"}: ${formatNumber(l.atLeast)} xã`,
      value: l.atLeastShare,
      valueText: `${formatNumber(l.atLeastShare, 1)}%`,
      marker: l.target === null ? undefined : { value: l.target, text: `Mục tiêu ${formatNumber(l.target)}%` },
    })),
    100,
    (b) => !!b.marker && b.value < b.marker.value,
  );
}

export function distributionChart(h: Headline): BarChart | null {
  if (!h.buckets) return null;
  return barChart(
    h.buckets.map((b) => ({ label: b.label, value: b.share, valueText: `${formatNumber(b.communes)} xã (${formatNumber(b.share, 1)}%)` })),
    100,
  );
}

export function criteriaChart(h: Headline): BarChart {
  return barChart(
    h.pass.map((p) => ({ label: `${p.number}. ${p.name}`, value: p.rate, valueText: `${formatNumber(p.rate, 1)}%` })),
    100,
    (b) => h.pass.some((p) => p.lagging && `${p.number}. ${p.name}` === b.label),
  );
}

export function roadmapChart(h: Headline): BarChart | null {
  if (h.roadmap.length === 0) return null;
  const max = Math.max(1, ...h.roadmap.flatMap((r) => [r.plannedAtLeast, r.reachedAtLeast]));
  return barChart(
    h.roadmap.map((r) => ({
      label: `${levelName(r.level)} năm ${r.year}`,
      value: r.reachedAtLeast,
      valueText: `Đạt ${formatNumber(r.reachedAtLeast)}`,
      second: { value: r.plannedAtLeast, valueText: `Kế hoạch ${formatNumber(r.plannedAtLeast)}` },
    })),
    max,
    (b) => b.value < (b.second?.value ?? 0),
  );
}

export function trendShareChart(h: Headline, set: SetDefs): LineGeometry {
  const labels = h.trend.map((p) => p.label.slice(0, 2) + "/" + p.label.slice(5));
  return lineChart(
    labels,
    set.levels.map((l) => ({ name: `% ${levelName(l.code)}${l === set.levels.at(-1) ? "" : " trở lên"}`, values: h.trend.map((p) => ("missing" in p ? null : p.shares[l.code] ?? 0)) })),
    100,
    (v) => `${formatNumber(v)}%`,
  );
}

export function trendAverageChart(h: Headline): LineGeometry {
  const labels = h.trend.map((p) => p.label.slice(0, 2) + "/" + p.label.slice(5));
  return lineChart(labels, [{ name: "Bình quân tiêu chí/xã", values: h.trend.map((p) => ("missing" in p ? null : p.average)) }], h.baseTotal || 1, (v) => formatNumber(Math.round(v * 10) / 10));
}

export function communeTrendChart(table: ReportTable, total: number): LineGeometry {
  return lineChart(
    table.rows.map((r) => String(r._sort_month ?? "").slice(5) + "/" + String(r._sort_month ?? "").slice(2, 4)),
    [{ name: "Số tiêu chí đạt", values: table.rows.map((r) => (typeof r.met === "number" ? r.met : null)) }],
    total || 1,
    (v) => formatNumber(Math.round(v)),
  );
}
