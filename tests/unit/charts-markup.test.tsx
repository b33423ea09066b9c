// The charts' repeated elements are written as strings (templates/components/markup.ts). Oracle: the JSX components
// they replaced, kept here; both render the same markup for bars with second bars, markers, flags and text to escape,
// and for line charts with several series, gaps and dashes.
import { describe, expect, it } from "vitest";
import { barChart, lineChart, type BarChart, type LineGeometry } from "../../src/domain/charts";
import { BarChartSvg, LineChartSvg } from "../../templates/components/charts";
import { element } from "../../templates/components/markup";

function OldBarChartSvg(props: { id: string; title: string; desc: string; chart: BarChart; secondLegend?: [string, string] }) {
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

function OldLineChartSvg(props: { id: string; title: string; desc: string; chart: LineGeometry }) {
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

const html = (node: unknown) => String(node);

describe("chart markup written as strings", () => {
  it("equals the JSX it replaced for bar charts", () => {
    const charts: [BarChart, [string, string] | undefined][] = [
      [barChart([{ label: "NTM trở lên: 256 xã", value: 53.2, valueText: "53,2%", marker: { value: 80, text: "mục tiêu 80%" } }, { label: "Xã <mẫu> & \"kiểu\"", value: 0, valueText: "0%" }], 100), undefined],
      [barChart([{ label: "2026", value: 12, valueText: "12", second: { value: 20, valueText: "20 (kế hoạch)" } }, { label: "2027", value: 30, valueText: "30", second: { value: 0, valueText: "0" } }], 40, (b) => b.value < 20), ["Đạt", "Kế hoạch"]],
      [barChart([], 10), undefined],
    ];
    for (const [chart, legend] of charts) {
      const props = { id: "chart-x", title: "Tiêu đề <b>", desc: "Mô tả & ghi chú", chart, secondLegend: legend };
      expect(html(<BarChartSvg {...props} />)).toBe(html(<OldBarChartSvg {...props} />));
    }
  });

  it("equals the JSX it replaced for line charts", () => {
    const labels = ["01/26", "02/26", "03/26", "04/26", "05/26", "06/26", "07/26"];
    const charts: LineGeometry[] = [
      lineChart(labels, [{ name: "NTM", values: [10, 12, null, 15, 16, null, 20] }, { name: "Nâng cao <NC>", values: [1, 2, 3, 4, 5, 6, 7] }, { name: "Kiểu mẫu", values: [null, null, 1, 1, 2, 2, 3] }, { name: "Thứ tư", values: [0, 0, 0, 0, 0, 0, 1] }], 25, (v) => v.toFixed(1).replace(".", ",")),
      lineChart([], [], 10, String),
    ];
    for (const chart of charts) {
      const props = { id: "chart-y", title: "Xu hướng", desc: "12 tháng", chart };
      expect(html(<LineChartSvg {...props} />)).toBe(html(<OldLineChartSvg {...props} />));
    }
  });

  it("writes attributes as hono/jsx does: in order, undefined left out, values escaped", () => {
    expect(element("a", { href: "/x?a=1&b=<2>", title: undefined, x: 1.5 }, "t")).toBe('<a href="/x?a=1&amp;b=&lt;2&gt;" x="1.5">t</a>');
    expect(element("a", { href: "/x?a=1&b=<2>", x: 1.5 }, "t")).toBe(html(<a href="/x?a=1&b=<2>" x={1.5}>t</a>));
  });
});
