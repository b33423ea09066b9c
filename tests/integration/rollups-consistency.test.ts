// On a generated dataset (the demo province: 148 communes whose values come from the sample generator), every
// commune rollup equals a from-scratch evaluation of its stored values, and the district and province counters
// equal a rebuild from the commune rollups — after a round of saves too.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { loggedIn, seededDb, testDb } from "../factories";
import { areaCriterionCounts, areaLevelCounts, areaRollups, communeRollups, units } from "../../src/db/schema";
import { loadChecklist } from "../../src/services/checklist";
import { rebuildAreaRollups } from "../../src/services/rollups";
import { unitByCode } from "../../src/services/units";

beforeAll(async () => {
  await seededDb();
});

async function communeMismatches(): Promise<string[]> {
  const db = testDb();
  const rollups = await db.select().from(communeRollups).all();
  const out: string[] = [];
  for (const r of rollups) {
    const unit = (await db.select().from(units).where(eq(units.id, r.unitId)).get())!;
    const c = (await loadChecklist(db, unit))!;
    const criteria = Object.fromEntries([...c.evaluation.criteria].map(([id, res]) => [String(id), res]));
    if (r.levelReached !== c.evaluation.levelReached) out.push(`${unit.code}: level ${r.levelReached} ≠ ${c.evaluation.levelReached}`);
    if (JSON.stringify(r.criteriaMet) !== JSON.stringify(c.evaluation.criteriaMet)) out.push(`${unit.code}: criteria met`);
    if (JSON.stringify(r.criteria) !== JSON.stringify(criteria)) out.push(`${unit.code}: criteria results`);
  }
  return out;
}

async function areaSnapshot() {
  const db = testDb();
  const strip = (rows: object[]) => rows.map((row) => JSON.stringify({ ...row, updatedAt: undefined })).sort();
  return {
    areas: strip(await db.select().from(areaRollups).all()),
    levels: strip((await db.select().from(areaLevelCounts).all()).filter((r) => r.communes !== 0)),
    criteria: strip((await db.select().from(areaCriterionCounts).all()).filter((r) => r.communes !== 0)),
  };
}

describe("rollups equal a from-scratch recomputation", () => {
  it("for every commune and area of the generated demo province, before and after saves", async () => {
    expect(await communeMismatches()).toEqual([]);
    const province = (await unitByCode(testDb(), "83"))!;
    // A few saves through the real route move the counters incrementally…
    const staff = await loggedIn("xa.vinhbinh");
    const vb = (await unitByCode(testDb(), "28879"))!;
    const c = (await loadChecklist(testDb(), vb))!;
    for (const g of c.evaluation.gap.slice(0, 2)) {
      const ind = c.def.indicators.find((i) => i.id === g.indicatorId)!;
      if (ind.kind !== "number" && ind.kind !== "percent") continue;
      const res = await staff.post(`/communes/28879/indicators/${ind.id}`, { value: "0", evidenceNote: "x", version: String(c.values.get(ind.id)!.version) }, { htmx: true });
      expect(res.status).toBe(200);
    }
    expect(await communeMismatches()).toEqual([]);
    const incremental = await areaSnapshot();
    // …and a rebuild from scratch gives the same numbers.
    await rebuildAreaRollups(testDb(), province.id, new Date().toISOString());
    expect(await areaSnapshot()).toEqual(incremental);
  });
});
