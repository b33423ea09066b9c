// A server-drawn SVG map (src/web/map-view.ts): each shape an <a> with a <title>, shaded by class; two views
// (evaluated, recognised) switch with radio buttons and CSS only (public/app.css `.map`), one SVG for both.
import { raw } from "hono/html";
import { escaped } from "./markup";
import type { MapView } from "../../src/web/map-view";
import { formatNumber } from "../../src/domain/format";


/**
 * The shapes as one string, the markup hono/jsx wrote for them (same escaping: hono's escapeToBuffer): a province's
 * map has a shape per commune, and its JSX nodes were a good part of the progress page's rendering CPU (issue 20).
 * A shape is a link to its page (`<a>`) or, without one, a group (`<g>`).
 */
/** The shapes' markup per map view object (a view drawn once per isolate is written once too). */
const written = new WeakMap<MapView, string>();
function areasSvg(m: MapView): string {
  let svg = written.get(m);
  if (svg === undefined) written.set(m, (svg = writeAreas(m)));
  return svg;
}

function writeAreas(m: MapView): string {
  const paths = pathAttributes(m.shape);
  let svg = "";
  for (const a of m.areas) {
    const [open, close] = a.href ? [`<a href="${escaped(a.href)}"`, "</a>"] : ["<g", "</g>"];
    svg += `${open} class="${escaped(`${a.e} ${a.r}`)}" data-code="${escaped(a.code)}"><title>${escaped(a.label)}</title><path${paths.get(a.code) ?? ""}></path>${close}`;
  }
  return svg;
}

/** Each shape's ` d="…"` attribute, escaped once per shape object (the shapes are kept per isolate and never change). */
const pathCache = new WeakMap<MapView["shape"], Map<string, string>>();
function pathAttributes(shape: MapView["shape"]): Map<string, string> {
  let paths = pathCache.get(shape);
  if (!paths) {
    paths = new Map(Object.entries(shape.paths).map(([code, d]) => [code, ` d="${escaped(d)}"`]));
    pathCache.set(shape, paths);
  }
  return paths;
}

export function AreaMap(props: { map: MapView }) {
  const m = props.map;
  const s = m.shape;
  const two = m.views.length > 1;
  return (
    <figure class="map" id={m.id}>
      {two ? (
        <fieldset class="map-views">
          <legend>Tô màu theo</legend>
          {m.views.map((v, i) => (
            <label>
              <input type="radio" name={`${m.id}-view`} value={v.key} class={`map-view-${v.key}`} checked={i === 0} /> {v.label}
            </label>
          ))}
        </fieldset>
      ) : null}
      <svg viewBox={`0 0 ${s.width} ${s.height}`} class="map-svg" aria-labelledby={`${m.id}-title ${m.id}-desc`} role="group">
        <title id={`${m.id}-title`}>{m.title}</title>
        <desc id={`${m.id}-desc`}>{m.desc}</desc>
        {s.inset ? <rect x={s.inset[0]} y={s.inset[1]} width={s.inset[2]} height={s.inset[3]} class="map-inset" /> : null}
        {raw(areasSvg(m))}
      </svg>
      {m.views.map((v) => (
        <figcaption class={`map-legend map-legend-${v.key}`}>
          {two ? <strong>{v.label}: </strong> : null}
          {v.legend.map((l) => (
            <span>
              <span class={`key ${l.cls.replace(/^r/, "e")}`} aria-hidden="true"></span> {l.label}: {formatNumber(l.count)}
            </span>
          ))}
        </figcaption>
      ))}
    </figure>
  );
}
