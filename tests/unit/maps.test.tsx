// Maps (issue 15 item 4, issue 19): every province's drawn map has one linked shape per commune of
// units-2026-07.csv (minus the one commune without a geometry in the source: Đặc khu Vân Đồn 06994 — not Xã Phong
// Thạnh 29329 as the data README says, which is drawn) and stays under a byte budget;
// the national map has the 34 provinces.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { provinceShapes } from "../../src/maps/provinces";
import national from "../../src/maps/national";
import { communeMap, nationalMap } from "../../src/web/map-view";
import { AreaMap } from "../../templates/components/area-map";

const MISSING = "06994";
/** Budget of one province's rendered map (SVG + legend) in bytes: measured min/median/max in the README (see README). */
const BUDGET = 60_000;
const LEVELS = [
  { code: "NTM", name: "NTM" },
  { code: "NTM_NC", name: "NTM nâng cao" },
  { code: "NTM_KM", name: "NTM kiểu mẫu" },
  { code: "NTM_HD", name: "NTM hiện đại" },
];

const csv = readFileSync("data/units-2026-07.csv", "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
const byProvince = new Map<string, { code: string; name: string }[]>();
for (const [p, , code, name] of csv) byProvince.set(p, [...(byProvince.get(p) ?? []), { code, name }]);

describe("province maps", () => {
  it("has the 34 provinces of units-2026-07.csv", () => {
    expect(Object.keys(provinceShapes).sort()).toEqual([...byProvince.keys()].sort());
  });

  it("draws one linked shape per commune of each province, under the byte budget", async () => {
    const sizes: number[] = [];
    for (const [province, communes] of byProvince) {
      const shape = (await provinceShapes[province]()).default;
      const expected = communes.filter((c) => c.code !== MISSING);
      expect(Object.keys(shape.paths).sort(), province).toEqual(expected.map((c) => c.code).sort());
      for (const d of Object.values(shape.paths)) expect(d).toMatch(/^M\d+ \d+l[-\d ]+z/);
      const names = new Map(communes.map((c) => [c.code, c.name]));
      const map = communeMap(shape, `Tỉnh ${province}`, LEVELS, (code) => ({ code, name: names.get(code)!, evaluated: "NTM", recognised: null, counted: true }), (code) => `/public/progress/${code}`, { evaluated: "Đánh giá", recognised: "Đã công nhận", none: "Chưa đạt" });
      const html = String(<AreaMap map={map} />);
      expect(html.match(/<a href="\/public\/progress\/\d{5}"/g)?.length, province).toBe(expected.length);
      expect(html.match(/<path /g)?.length).toBe(expected.length);
      for (const c of expected.slice(0, 3)) expect(html).toContain(`<title>${c.name}: NTM (đánh giá); Chưa đạt (đã công nhận)</title>`);
      expect(html).toContain(`NTM: ${expected.length.toLocaleString("vi-VN")}`);
      sizes.push(html.length);
      expect(html.length, province).toBeLessThan(BUDGET);
    }
    sizes.sort((a, b) => a - b);
    console.log(`rendered province maps: min ${sizes[0]}, median ${sizes[17]}, max ${sizes[33]} bytes`);
  });

  it("shades and counts each of four levels apart (2026–2030 has NTM hiện đại above kiểu mẫu)", async () => {
    const shape = (await provinceShapes["86"]()).default;
    const codes = Object.keys(shape.paths);
    const level = (code: string) => [null, ...LEVELS.map((l) => l.code)][codes.indexOf(code) % 5];
    const map = communeMap(shape, "Tỉnh Vĩnh Long", LEVELS, (code) => ({ code, name: code, evaluated: level(code), recognised: null, counted: true }), (c) => `/x/${c}`, { evaluated: "Đánh giá", recognised: "Đã công nhận", none: "Chưa đạt" });
    const expected = [null, ...LEVELS.map((l) => l.code)].map((l) => codes.filter((c) => level(c) === l).length);
    expect(map.views[0].legend.map((l) => [l.cls, l.count])).toEqual([["en", expected[0]], ["e0", expected[1]], ["e1", expected[2]], ["e2", expected[3]], ["e3", expected[4]]]);
    expect(map.views[0].legend.at(-1)!.label).toBe("NTM hiện đại");
  });

  it("draws the 34 provinces on the national map, registered ones linked, banded by share", () => {
    expect(Object.keys(national.paths).length).toBe(34);
    const map = nationalMap(national, [
      { code: "86", name: "Tỉnh Vĩnh Long", share: 80, href: "https://86.example/public/progress/86" },
      { code: "01", name: "Thành phố Hà Nội", share: 10, href: "https://01.example/public/progress/01" },
      { code: "48", name: "Thành phố Đà Nẵng", share: null, href: "https://48.example/public/progress/48" },
    ]);
    const html = String(<AreaMap map={map} />);
    expect(html.match(/<a href=/g)?.length).toBe(3);
    expect(html.match(/<path /g)?.length).toBe(34);
    expect(html).toContain('<a href="https://86.example/public/progress/86" class="e2 e2" data-code="86"><title>Tỉnh Vĩnh Long: 80,0% xã đạt chuẩn trở lên</title>');
    expect(html).toContain("Từ 75% trở lên: 1");
    expect(html).toContain("Dưới 25%: 1");
    expect(html).toContain("Chưa có số liệu: 32");
  });
});
