import { and, count, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { testDb } from "../factories";
import { units } from "../../src/db/schema";
import { fold } from "../../src/domain/text";
import { closeAbsorbed } from "../../src/services/succession";

// The whole country's succession table (npm run data:national -- --shape 2026, or units:succession without
// --province) absorbs communes of all 63 old provinces at once: closing them must not exceed D1's 100 bound
// parameters per statement.
describe("closing what the merger absorbed, across many old provinces", () => {
  it("closes the predecessors and every unit of 60 old provinces in one call", async () => {
    const db = testDb();
    const n = 60;
    const unit = (code: string, name: string, level: "province" | "district" | "commune", extra: Partial<typeof units.$inferInsert> = {}) => ({
      code,
      name,
      nameFolded: fold(name),
      kind: level === "province" ? "tinh" : level === "district" ? "huyen" : "xa",
      level,
      validFrom: "2025-03-01",
      ...extra,
    });
    const predecessorIds: number[] = [];
    for (let i = 0; i < n; i++) {
      const [p] = await db.insert(units).values(unit(`P${i}`, `Tỉnh Thử ${i}`, "province", { tiers: 3 }) as typeof units.$inferInsert).returning({ id: units.id });
      const [d] = await db.insert(units).values(unit(`D${i}`, `Huyện Thử ${i}`, "district", { parentId: p.id, provinceId: p.id }) as typeof units.$inferInsert).returning({ id: units.id });
      const [absorbed] = await db
        .insert(units)
        .values([unit(`A${i}`, `Xã Thử A${i}`, "commune", { parentId: d.id, provinceId: p.id, districtId: d.id }), unit(`B${i}`, `Xã Thử B${i}`, "commune", { parentId: d.id, provinceId: p.id, districtId: d.id })] as (typeof units.$inferInsert)[])
        .returning({ id: units.id });
      predecessorIds.push(absorbed.id);
    }
    const closed = await closeAbsorbed(db, predecessorIds);
    expect(closed).toBe(n * 4);
    const open = await db.select({ n: count() }).from(units).where(and(eq(units.validFrom, "2025-03-01"), isNull(units.validTo))).get();
    expect(open!.n).toBe(0);
  });
});
