// Pure: geometry of the server-rendered SVG charts (no chart library in the browser). Sizes are in viewBox
// units; the SVG scales to its container, so a 320-unit-wide chart fits a 360 px phone and a printed page.
// Labels sit above their bars (never squeezed beside them) and series differ by dash pattern as well as
// colour, so a black-and-white print stays readable.

export const CHART_WIDTH = 320;

export type BarInput = { label: string; value: number; valueText: string; second?: { value: number; valueText: string }; marker?: { value: number; text: string } };
export type BarGeometry = {
  label: string;
  labelY: number;
  bar: { x: number; y: number; width: number; height: number };
  valueText: string;
  valueX: number;
  valueY: number;
  second?: { x: number; y: number; width: number; height: number; valueText: string; valueX: number; valueY: number };
  marker?: { x: number; y1: number; y2: number; text: string };
  flagged: boolean;
};
export type BarChart = { width: number; height: number; bars: BarGeometry[] };

const LEFT = 4;
const VALUE_ROOM = 86;
const BAR_H = 13;

/** x of `value` on a 0..max axis drawn from LEFT over `span` units. */
const scale = (value: number, max: number, span: number) => (max <= 0 ? 0 : (Math.max(0, Math.min(value, max)) / max) * span);

/**
 * Horizontal bars, one per input, label above the bar, value at its right; an optional second bar (e.g. plan
 * against reached) under the first; an optional marker (a target) as a vertical tick. `flag` marks bars to
 * draw in the warning colour (e.g. below target).
 */
export function barChart(inputs: BarInput[], max: number, flag: (b: BarInput) => boolean = () => false): BarChart {
  const span = CHART_WIDTH - LEFT - VALUE_ROOM;
  const rowHeight = (b: BarInput) => 18 + BAR_H + (b.second ? BAR_H + 2 : 0) + 8;
  let y = 4;
  const bars = inputs.map((b) => {
    const top = y;
    y += rowHeight(b);
    const barY = top + 18;
    const width = scale(b.value, max, span);
    const g: BarGeometry = {
      label: b.label,
      labelY: top + 13,
      bar: { x: LEFT, y: barY, width: round(width), height: BAR_H },
      valueText: b.valueText,
      valueX: round(LEFT + width + 4),
      valueY: barY + BAR_H - 2,
      flagged: flag(b),
    };
    if (b.second) {
      const w2 = scale(b.second.value, max, span);
      const y2 = barY + BAR_H + 2;
      g.second = { x: LEFT, y: y2, width: round(w2), height: BAR_H, valueText: b.second.valueText, valueX: round(LEFT + w2 + 4), valueY: y2 + BAR_H - 2 };
    }
    if (b.marker) {
      const x = round(LEFT + scale(b.marker.value, max, span));
      g.marker = { x, y1: barY - 3, y2: barY + BAR_H + (b.second ? BAR_H + 2 : 0) + 3, text: b.marker.text };
      // A target tick just right of the bar would cross the value: the value moves past the tick.
      if (x >= LEFT + width && x < g.valueX + 40) g.valueX = round(x + 4);
    }
    return g;
  });
  return { width: CHART_WIDTH, height: Math.max(y, 24), bars };
}

export type LineSeries = { name: string; values: (number | null)[] };
export type LineGeometry = {
  width: number;
  height: number;
  plot: { x: number; y: number; width: number; height: number };
  yTicks: { y: number; text: string }[];
  xTicks: { x: number; text: string }[];
  series: { name: string; index: number; paths: string[]; points: { x: number; y: number; value: number }[] }[];
};

/**
 * Lines over months: one path per run of known values (a missing month breaks the line rather than inventing
 * a value). The y axis runs 0..max with 5 ticks; x labels every `labelEvery` months (and the last one).
 */
export function lineChart(labels: string[], series: LineSeries[], max: number, tickText: (v: number) => string, labelEvery = 3): LineGeometry {
  const plot = { x: 40, y: 10, width: CHART_WIDTH - 40 - 14, height: 130 };
  const height = plot.y + plot.height + 24;
  const n = Math.max(labels.length, 1);
  const xAt = (i: number) => round(plot.x + (n === 1 ? plot.width / 2 : (i / (n - 1)) * plot.width));
  const yAt = (v: number) => round(plot.y + plot.height - scale(v, max, plot.height));
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({ y: yAt(max * f), text: tickText(max * f) }));
  const xTicks = labels.map((text, i) => ({ x: xAt(i), text })).filter((_, i) => i % labelEvery === (labels.length - 1) % labelEvery);
  return {
    width: CHART_WIDTH,
    height,
    plot,
    yTicks,
    xTicks,
    series: series.map((s, index) => {
      const paths: string[] = [];
      const points: { x: number; y: number; value: number }[] = [];
      let current: string[] = [];
      s.values.forEach((v, i) => {
        if (v === null || v === undefined) {
          if (current.length) paths.push(current.join(" "));
          current = [];
          return;
        }
        const x = xAt(i);
        const y = yAt(v);
        points.push({ x, y, value: v });
        current.push(`${current.length ? "L" : "M"}${x},${y}`);
      });
      if (current.length) paths.push(current.join(" "));
      return { name: s.name, index, paths, points };
    }),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
