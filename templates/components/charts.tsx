// Server-rendered SVG charts (geometry in src/domain/charts.ts). Each chart is an <svg role="img"> with a title
// and a description; the page puts the chart's data table right after it (the text alternative).
// The repeated elements (bars, ticks, points) are written as strings (./markup.ts), the markup hono/jsx wrote for them:
// tests/unit/charts-markup.test.tsx keeps the JSX as the oracle.
import { raw } from "hono/html";
import type { BarChart, LineGeometry } from "../../src/domain/charts";
import { element, escaped } from "./markup";

const DASHES = ["", "6 3", "2 2", "8 3 2 3"];
const COLOURS = ["#1f6f43", "#8a5a00", "#1b4f9c", "#b3261e"];

function barsSvg(c: BarChart): string {
  let svg = "";
  for (const b of c.bars) {
    let g =
      element("text", { x: "4", y: b.labelY, class: "chart-label", "font-size": "13" }, escaped(String(b.label))) +
      element("rect", { x: b.bar.x, y: b.bar.y, width: Math.max(b.bar.width, 0.5), height: b.bar.height, class: b.flagged ? "bar bar-flag" : "bar", fill: b.flagged ? "#b3261e" : "#1f6f43" }) +
      element("text", { x: b.valueX, y: b.valueY, class: "chart-value", "font-size": "12" }, escaped(String(b.valueText)));
    if (b.second) {
      g +=
        element("rect", { x: b.second.x, y: b.second.y, width: Math.max(b.second.width, 0.5), height: b.second.height, class: "bar bar-second", fill: "#ffffff", stroke: "#1f6f43", "stroke-width": "1", "stroke-dasharray": "3 2" }) +
        element("text", { x: b.second.valueX, y: b.second.valueY, class: "chart-value", "font-size": "12" }, escaped(String(b.second.valueText)));
    }
    if (b.marker) g += element("line", { x1: b.marker.x, x2: b.marker.x, y1: b.marker.y1, y2: b.marker.y2, class: "chart-marker", stroke: "#1b1f23", "stroke-width": "2" });
    svg += `<g>${g}</g>`;
  }
  return svg;
}

function lineSvg(c: LineGeometry): string {
  const p = c.plot;
  let svg = "";
  for (const t of c.yTicks) {
    svg += `<g>${element("line", { x1: p.x, x2: p.x + p.width, y1: t.y, y2: t.y, stroke: "#d8dcd3", "stroke-width": "1" })}${element("text", { x: p.x - 3, y: t.y + 3, "text-anchor": "end", "font-size": "11", class: "chart-tick" }, escaped(String(t.text)))}</g>`;
  }
  for (const t of c.xTicks) svg += element("text", { x: t.x, y: p.y + p.height + 16, "text-anchor": "middle", "font-size": "11", class: "chart-tick" }, escaped(String(t.text)));
  for (const s of c.series) {
    const colour = COLOURS[s.index % COLOURS.length];
    let g = "";
    for (const d of s.paths) g += element("path", { d, fill: "none", stroke: colour, "stroke-width": "2", "stroke-dasharray": DASHES[s.index % DASHES.length] || undefined });
    for (const pt of s.points) g += element("circle", { cx: pt.x, cy: pt.y, r: "2.5", fill: colour });
    svg += element("g", { class: `series series-${s.index}` }, g);
  }
  return svg;
}

/** The chart's <svg>: named by its title and description, its shapes written as a string. */
function ChartSvg(props: { id: string; title: string; desc: string; width: number; height: number; shapes: string }) {
  return (
    <svg viewBox={`0 0 ${props.width} ${props.height}`} role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`} preserveAspectRatio="xMinYMin meet" class="chart-svg">
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.desc}</desc>
      {raw(props.shapes)}
    </svg>
  );
}

export function BarChartSvg(props: { id: string; title: string; desc: string; chart: BarChart; secondLegend?: [string, string] }) {
  const c = props.chart;
  return (
    <figure class="chart">
      <ChartSvg {...props} width={c.width} height={c.height} shapes={barsSvg(c)} />
      {props.secondLegend ? (
        <figcaption class="chart-legend">
          <span class="key key-solid" aria-hidden="true"></span> {props.secondLegend[0]} <span class="key key-dashed" aria-hidden="true"></span> {props.secondLegend[1]}
        </figcaption>
      ) : null}
    </figure>
  );
}

export function LineChartSvg(props: { id: string; title: string; desc: string; chart: LineGeometry }) {
  const c = props.chart;
  return (
    <figure class="chart">
      <ChartSvg {...props} width={c.width} height={c.height} shapes={lineSvg(c)} />
      <figcaption class="chart-legend">
        {c.series.map((s) => (
          <span class="legend-item">
            <svg viewBox="0 0 24 8" width="24" height="8" aria-hidden="true">
              <line x1="0" x2="24" y1="4" y2="4" stroke={COLOURS[s.index % COLOURS.length]} stroke-width="2" stroke-dasharray={DASHES[s.index % DASHES.length] || undefined} />
            </svg>{" "}
            {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
