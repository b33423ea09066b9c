// The leader's figures (issue 15): per district, the number and share of communes at each level or above, equal to
// a recount from the communes' checklists; where the page reads its communes (a district, a 2-tier province),
// evaluated and recognised side by side; the distribution live there, every figure labelled live or snapshot;
// worst first on the first sort click; a print button.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { loggedIn, seededDb, testDb } from "../factories";
import { seedFixtureProvince } from "./progress-fixture";
import { communeRollups, units } from "../../src/db/schema";
import { recognisedLevels } from "../../src/services/carry-over";
import { unitByCode } from "../../src/services/units";
import { refreshCommuneFigures } from "../../src/services/commune-figures";
import { loadChecklist } from "../../src/services/checklist";
import { formatNumber } from "../../src/domain/format";
import { percent } from "../../src/domain/progress";

beforeAll(async () => {
  const db = await seededDb();
  await seedFixtureProvince(db);
});

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
function table(html: string, id: string): { head: string[]; rows: string[][] } {
  const t = new RegExp(`<table id="table-${id}">([\\s\\S]*?)</table>`).exec(html)![1];
  const head = [.../<thead>([\s\S]*?)<\/thead>/.exec(t)![1].matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((c) => text(c[1]).replace(/ [▲▼]$/, ""));
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(t)![1];
  return { head, rows: [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1]))) };
}

const RANK: Record<string, number> = { NTM: 1, NTM_NC: 2, NTM_KM: 3 };
const LEVELS = [
  ["NTM", "NTM"],
  ["NTM_NC", "NTM nâng cao"],
  ["NTM_KM", "NTM kiểu mẫu"],
] as const;

describe("leader's figures on the province page (Tỉnh Thử Nghiệm: 2 districts, 6 communes)", () => {
  it("shows per district the communes at each level or above equal to a recount from the checklists; recognised beside evaluated on the district's page", async () => {
    const db = testDb();
    const html = await (await (await loggedIn("lanhdao.99")).get("/progress/99")).text();
    const { head, rows } = table(html, "units");
    for (const [, name] of LEVELS) for (const label of [`${name} trở lên: số xã (đánh giá)`, `${name} trở lên: % (đánh giá)`]) expect(head).toContain(label);

    // The recount: each commune's level evaluated afresh from its checklist values.
    for (const district of ["991", "992"]) {
      const d = (await unitByCode(db, district))!;
      const communes = await db.select().from(units).where(eq(units.parentId, d.id)).all();
      const evaluated: (string | null)[] = [];
      for (const u of communes) evaluated.push((await loadChecklist(db, u))!.evaluation.levelReached);
      const row = rows.find((r) => r[0] === d.name)!;
      expect(row[head.indexOf("Số xã")]).toBe(String(communes.length));
      for (const [code, name] of LEVELS) {
        const n = evaluated.filter((l) => l !== null && RANK[l] >= RANK[code]).length;
        expect(row[head.indexOf(`${name} trở lên: số xã (đánh giá)`)], `${d.name} ${code}`).toBe(String(n));
        expect(row[head.indexOf(`${name} trở lên: % (đánh giá)`)]).toBe(formatNumber(percent(n, communes.length), 1));
      }
    }

    // Huyện Một's page: one commune recognised at NTM by decision (what a decision writes on its rollup and, in the same
    // batch, on its district's packed commune row).
    const recognisedCode = "99103";
    const recognisedId = (await unitByCode(db, recognisedCode))!.id;
    const recognise = (level: string | null) => db.batch([db.update(communeRollups).set({ recognisedLevel: level }).where(eq(communeRollups.unitId, recognisedId)), refreshCommuneFigures(db, recognisedId)]);
    await recognise("NTM");
    const district = await (await (await loggedIn("lanhdao.99")).get("/progress/991")).text();
    const levels = table(district, "levels");
    expect(levels.head).toEqual(expect.arrayContaining(["Số xã đạt mức trở lên (đánh giá)", "Số xã đã công nhận mức trở lên", "Tỷ lệ đã công nhận (%)", "Mục tiêu (%)"]));
    const ntm = levels.rows.find((r) => r[0] === "NTM")!;
    expect(ntm[levels.head.indexOf("Số xã đạt mức trở lên (đánh giá)")]).toBe("3");
    expect(ntm[levels.head.indexOf("Số xã đã công nhận mức trở lên")]).toBe("1");
    expect(ntm[levels.head.indexOf("Tỷ lệ đã công nhận (%)")]).toBe("33,3");
    expect(levels.rows.find((r) => r[0] === "NTM nâng cao")![levels.head.indexOf("Số xã đã công nhận mức trở lên")]).toBe("0");
    await recognise(null);
  });

  it("shows per district of a 3-tier province (Bến Tre) the communes recognised at each level or above beside the evaluated ones, equal to a recount from the decisions", async () => {
    const db = testDb();
    const html = await (await (await loggedIn("lanhdao")).get("/progress/83")).text();
    const { head, rows } = table(html, "units");
    const province = (await unitByCode(db, "83"))!;
    const districts = await db.select().from(units).where(eq(units.parentId, province.id)).all();
    let total = 0;
    const totals: Record<string, number> = {};
    for (const d of districts) {
      const communes = await db.select().from(units).where(eq(units.parentId, d.id)).all();
      // The recount: each commune's highest recognised level from its dossiers (carry-over's own reader).
      const recognised = await recognisedLevels(db, communes.map((u) => u.id));
      const evaluated = await db.select({ level: communeRollups.levelReached }).from(communeRollups).where(eq(communeRollups.districtId, d.id)).all();
      const row = rows.find((r) => r[0] === d.name);
      if (!row) continue; // a district with no commune on the set is not listed
      total += communes.length;
      for (const [code, name] of LEVELS) {
        const rec = [...recognised.values()].filter((r) => RANK[r.level] >= RANK[code]).length;
        const ev = evaluated.filter((r) => r.level !== null && RANK[r.level] >= RANK[code]).length;
        totals[code] = (totals[code] ?? 0) + rec;
        expect(row[head.indexOf(`${name} trở lên: số xã (đã công nhận)`)], `${d.name} ${code}`).toBe(String(rec));
        expect(row[head.indexOf(`${name} trở lên: % (đã công nhận)`)]).toBe(formatNumber(percent(rec, Number(row[head.indexOf("Số xã")])), 1));
        expect(row[head.indexOf(`${name} trở lên: số xã (đánh giá)`)], `${d.name} ${code}`).toBe(String(ev));
      }
    }
    expect(total).toBeGreaterThan(100);
    expect(totals.NTM).toBeGreaterThan(50); // the fixture's decisions are counted, not zeros
    // The province's levels table: the sum over its districts, labelled apart from the evaluated counts.
    const levels = table(html, "levels");
    for (const [code, name] of LEVELS) expect(levels.rows.find((r) => r[0] === name)![levels.head.indexOf("Số xã đã công nhận mức trở lên")], code).toBe(String(totals[code]));
  });

  it("labels every figure live or snapshot: the live distribution of a district, the snapshot months of the trend", async () => {
    const district = await (await (await loggedIn("lanhdao.99")).get("/progress/992")).text();
    expect(table(district, "distribution").rows).toEqual([
      ["19 tiêu chí", "1", "33,3"],
      ["15–18 tiêu chí", "1", "33,3"],
      ["10–14 tiêu chí", "1", "33,3"],
      ["Dưới 10 tiêu chí", "0", "0,0"],
    ]);
    expect(district).toContain("Số liệu trực tiếp, từ bộ tiêu chí của từng xã.");
    expect(district).toMatch(/Số liệu trực tiếp lúc <span id="as-of">\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}<\/span>/);
    expect(district).toContain("Các tháng trước lấy theo số liệu chốt");
  });

  it("sorts worst first on the first click and offers a print button", async () => {
    const html = await (await (await loggedIn("lanhdao.99")).get("/progress/99")).text();
    // A share: lowest first; communes failing a criterion: most first.
    expect(html).toContain("s_levels=atLeastShare-asc");
    expect(html).toContain("s_criteria=failing-desc");
    expect(html).toContain('<button type="button" class="no-print" data-print="true">In trang này</button>');
  });
});
