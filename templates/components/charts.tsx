// Server-rendered SVG charts (geometry in src/domain/charts.ts). Each chart is an <svg role="img"> with a title
// and a description; the page puts the chart's data table right after it (the text alternative).
import type { BarChart, LineGeometry } from "../../src/domain/charts";

export function BarChartSvg(props: { id: string; title: string; desc: string; chart: BarChart; secondLegend?: [string, string] }) {
  const c = props.chart;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${c.width} ${c.height}`} role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`} preserveAspectRatio="xMinYMin meet" class="chart-svg">
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{props.desc}</desc>
        {c.bars.map((b) => (
          <g>
            <text x="4" y={b.labelY} class="chart-label" font-size="13">
              {b.label}
            </text>
            <rect x={b.bar.x} y={b.bar.y} width={Math.max(b.bar.width, 0.5)} height={b.bar.height} class={b.flagged ? "bar bar-flag" : "bar"} fill={b.flagged ? "#b3261e" : "#1f6f43"} />
            <text x={b.valueX} y={b.valueY} class="chart-value" font-size="12">
              {b.valueText}
            </text>
            {b.second ? (
              <>
                <rect x={b.second.x} y={b.second.y} width={Math.max(b.second.width, 0.5)} height={b.second.height} class="bar bar-second" fill="#ffffff" stroke="#1f6f43" stroke-width="1" stroke-dasharray="3 2" />
                <text x={b.second.valueX} y={b.second.valueY} class="chart-value" font-size="12">
                  {b.second.valueText}
                </text>
              </>
            ) : null}
            {b.marker ? <line x1={b.marker.x} x2={b.marker.x} y1={b.marker.y1} y2={b.marker.y2} class="chart-marker" stroke="#1b1f23" stroke-width="2" /> : null}
          </g>
        ))}
      </svg>
      {props.secondLegend ? (
        <figcaption class="chart-legend">
          <span class="key key-solid" aria-hidden="true"></span> {props.secondLegend[0]} <span class="key key-dashed" aria-hidden="true"></span> {props.secondLegend[1]}
        </figcaption>
      ) : null}
    </figure>
  );
}

const DASHES = ["", "6 3", "2 2", "8 3 2 3"];
const COLOURS = ["#1f6f43", "#8a5a00", "#1b4f9c", "#b3261e"];

export function LineChartSvg(props: { id: string; title: string; desc: string; chart: LineGeometry }) {
  const c = props.chart;
  const p = c.plot;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${c.width} ${c.height}`} role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`} preserveAspectRatio="xMinYMin meet" class="chart-svg">
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{props.desc}</desc>
        {c.yTicks.map((t) => (
          <g>
            <line x1={p.x} x2={p.x + p.width} y1={t.y} y2={t.y} stroke="#d8dcd3" stroke-width="1" />
            <text x={p.x - 3} y={t.y + 3} text-anchor="end" font-size="11" class="chart-tick">
              {t.text}
            </text>
          </g>
        ))}
        {c.xTicks.map((t) => (
          <text x={t.x} y={p.y + p.height + 16} text-anchor="middle" font-size="11" class="chart-tick">
            {t.text}
          </text>
        ))}
        {c.series.map((s) => (
          <g class={`series series-${s.index}`}>
            {s.paths.map((d) => (
              <path d={d} fill="none" stroke={COLOURS[s.index % COLOURS.length]} stroke-width="2" stroke-dasharray={DASHES[s.index % DASHES.length] || undefined} />
            ))}
            {s.points.map((pt) => (
              <circle cx={pt.x} cy={pt.y} r="2.5" fill={COLOURS[s.index % COLOURS.length]} />
            ))}
          </g>
        ))}
      </svg>
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
