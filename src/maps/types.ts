// A pre-projected map (scripts/maps-build.ts): SVG path data per unit code in a width × height box; `inset` is the
// frame of the far archipelagos' box (x, y, w, h) when the province has one.
export type ProvinceShape = { width: number; height: number; inset: [number, number, number, number] | null; paths: Record<string, string> };
