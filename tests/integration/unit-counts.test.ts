import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb, meteredD1, newMeter } from "../../src/db/client";
import { planProvince } from "../../src/domain/units";
import { addHamlets, descendantCounts, importProvince, unitByCode } from "../../src/services/units";
import { testDb } from "../factories";

// The unit page counts what lies under a unit. For a commune that is its hamlets, found through the parent index:
// at national scale (39,000 units in the 2026 shape) the count must not scan the units table.
describe("descendantCounts", () => {
  it("a commune's hamlets are counted from the index, not by scanning every unit", async () => {
    const db = testDb();
    await importProvince(db, planProvince(env.UNITS_2025, "83"));
    const commune = (await unitByCode(db, "28879", "2025-06-30"))!;
    const other = (await unitByCode(db, "28870", "2025-06-30"))!;
    const hamlets = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ code: `${prefix}-${String(i + 1).padStart(2, "0")}`, name: `Ấp Thử ${i + 1}`, kind: "ap" as const }));
    await addHamlets(db, commune, hamlets(commune.code, 4));
    await addHamlets(db, other, hamlets(other.code, 6));
    const meter = newMeter();
    const counts = await descendantCounts(createDb(meteredD1(env.DB, meter)), commune);
    expect(counts).toEqual({ district: 0, commune: 0, hamlet: 4 });
    expect(meter.rowsRead).toBeLessThanOrEqual(2 * 4 + 2);
    const province = (await unitByCode(db, "83", "2025-06-30"))!;
    expect((await descendantCounts(db, province)).hamlet).toBe(10);
  });
});
