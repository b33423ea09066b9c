// Issue 21 demo: which household fields feed which indicators of the 2026–2030 set (an example the admin replaces:
// unverified, empty source), for Xã Phú Phụng's household follow-up and its suggested indicator values.
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { criteriaSets, householdIndicatorLinks, type HouseholdField } from "../db/schema";

/** 51/2025/QĐ-TTg indicators whose names count households: 2.10 (nhà ở kiên cố, bán kiên cố), 8.1 (nước sạch). */
export const DEMO_HOUSEHOLD_LINKS: { setCode: string; indicatorCode: string; field: HouseholdField }[] = [
  { setCode: "QD51-2025-XA", indicatorCode: "2.10", field: "solid_housing" },
  { setCode: "QD51-2025-XA", indicatorCode: "8.1", field: "clean_water" },
];

export async function seedHouseholdLinks(db: Db, provinceId: number): Promise<void> {
  for (const link of DEMO_HOUSEHOLD_LINKS) {
    const set = await db.select({ id: criteriaSets.id }).from(criteriaSets).where(eq(criteriaSets.code, link.setCode)).get();
    if (!set) continue;
    await db.insert(householdIndicatorLinks).values({ provinceId, setId: set.id, indicatorCode: link.indicatorCode, field: link.field, source: "", verified: false }).onConflictDoNothing();
  }
}
