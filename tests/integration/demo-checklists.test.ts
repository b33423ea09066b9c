import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seededDb, testDb } from "../factories";
import { areaLevelCounts, areaRollups, communeRollups, criteriaSets, units } from "../../src/db/schema";
import { unitByCode } from "../../src/services/units";

beforeAll(async () => {
  await seededDb();
});

describe("demo checklists", () => {
  it("binds every Bến Tre commune with a realistic spread", async () => {
    const db = testDb();
    const set = (await db.select().from(criteriaSets).where(eq(criteriaSets.code, "QD318-2022-XA")).get())!;
    const rollups = await db.select().from(communeRollups).where(eq(communeRollups.setId, set.id)).all();
    const communes = await db.select().from(units).where(and(eq(units.level, "commune"), eq(units.kind, "xa"))).all();
    expect(rollups.length).toBe(communes.length);
    const byLevel = (l: string | null) => rollups.filter((r) => r.levelReached === l).length;
    const atLeastNtm = rollups.filter((r) => r.levelReached !== null).length;
    console.log({ total: rollups.length, none: byLevel(null), NTM: byLevel("NTM"), NC: byLevel("NTM_NC"), KM: byLevel("NTM_KM") });
    expect(atLeastNtm / rollups.length).toBeGreaterThan(0.35);
    expect(atLeastNtm / rollups.length).toBeLessThan(0.65);
    expect(byLevel("NTM_NC") + byLevel("NTM_KM")).toBeGreaterThan(atLeastNtm * 0.1);
    expect(byLevel("NTM_KM")).toBeGreaterThanOrEqual(1);
    const below = rollups.filter((r) => r.levelReached === null).map((r) => r.criteriaMetBase);
    expect(Math.min(...below)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...below)).toBeLessThanOrEqual(18);
  });

  it("puts Xã Vĩnh Bình at NTM with 2–3 indicators failing for advanced", async () => {
    const db = testDb();
    const vb = (await unitByCode(db, "28879"))!;
    const rollup = (await db.select().from(communeRollups).where(eq(communeRollups.unitId, vb.id)).get())!;
    expect(rollup.levelReached).toBe("NTM");
    expect(rollup.criteriaMetBase).toBe(19);
  });

  it("keeps province counters equal to the communes", async () => {
    const db = testDb();
    const province = (await unitByCode(db, "83"))!;
    const rows = await db.select().from(areaRollups).where(eq(areaRollups.unitId, province.id)).all();
    const total = rows.reduce((n, r) => n + r.communes, 0);
    expect(total).toBe(148);
    const levels = await db.select().from(areaLevelCounts).where(eq(areaLevelCounts.unitId, province.id)).all();
    expect(levels.reduce((n, r) => n + r.communes, 0)).toBe(148);
  });
});
