import { env } from "cloudflare:workers";
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { testDb } from "../factories";
import { units } from "../../src/db/schema";
import { planProvince } from "../../src/domain/units";
import { unitByCode, importProvince } from "../../src/services/units";

// A database of its own: codes of the 2-tier list reuse 3-tier commune codes.
const countLevel = async (provinceId: number, level: "district" | "commune") =>
  (await testDb().select({ n: count() }).from(units).where(and(eq(units.provinceId, provinceId), eq(units.level, level))).get())!.n;

describe("2-tier import", () => {
  it("imports Vĩnh Long 2-tier (86, after 7/2025): 124 communes directly under the province, no district", async () => {
    const db = testDb();
    const first = await importProvince(db, planProvince(env.UNITS_2026, "86"));
    expect(first).toMatchObject({ tiers: 2, districts: 0, communes: 124, inserted: 125 });
    const province = (await unitByCode(db, "86"))!;
    expect(province.tiers).toBe(2);
    expect(await countLevel(province.id, "district")).toBe(0);
    expect(await countLevel(province.id, "commune")).toBe(124);
    const parents = await db.select({ parentId: units.parentId }).from(units).where(and(eq(units.provinceId, province.id), eq(units.level, "commune"))).all();
    expect(parents.every((p) => p.parentId === province.id)).toBe(true);
    const again = await importProvince(db, planProvince(env.UNITS_2026, "86"));
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 125 });
  });

  it("keeps the older 3-tier Vĩnh Long readable and closes its validity the day before the 2-tier list", async () => {
    const db = testDb();
    await importProvince(db, planProvince(env.UNITS_2025, "86"));
    await importProvince(db, planProvince(env.UNITS_2026, "86"));
    const generations = await db.select().from(units).where(and(eq(units.code, "86"), eq(units.level, "province"))).all();
    expect(generations.map((g) => [g.tiers, g.validFrom, g.validTo]).sort()).toEqual([
      [2, "2025-07-01", null],
      [3, "2025-03-01", "2025-06-30"],
    ]);
    expect((await unitByCode(db, "86"))!.tiers).toBe(2);
  });

});
