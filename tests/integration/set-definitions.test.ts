import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb, meteredD1, newMeter } from "../../src/db/client";
import { criteriaSetCompiled, indicatorTargets, users } from "../../src/db/schema";
import { compiledDefinition, definitionFor, definitionRowByRow, getSet, listSets, updateTarget } from "../../src/services/criteria-sets";
import { seededDb } from "../factories";

// A criteria-set version is immutable, so its whole definition is kept as one row (criteria_set_compiled): a cold
// isolate reads that row instead of every level, criterion, indicator and target.
describe("compiled set definitions", () => {
  it("equal the row-by-row load, for the whole set and for every target key", async () => {
    const db = await seededDb();
    const sets = await listSets(db);
    expect(sets.length).toBeGreaterThan(1);
    for (const set of sets) {
      const rowByRow = await definitionRowByRow(db, set.id);
      expect(rowByRow.indicators.length).toBeGreaterThan(0);
      // First read compiles (and stores) the row; the second read parses the stored row.
      await db.delete(criteriaSetCompiled).where(eq(criteriaSetCompiled.setId, set.id));
      expect(await compiledDefinition(db, set)).toEqual(rowByRow);
      const stored = await db.select().from(criteriaSetCompiled).where(eq(criteriaSetCompiled.setId, set.id)).all();
      expect(stored.map((r) => r.version)).toEqual([set.version]);
      expect(await compiledDefinition(db, set)).toEqual(rowByRow);
      for (const key of new Set(["all", ...rowByRow.targets.map((t) => t.key)])) {
        const { set: _set, ...forKey } = await definitionFor(db, set, key);
        expect(forKey).toEqual(await definitionRowByRow(db, set.id, key));
      }
    }
  });

  it("a cold read is two rows (the set and its compiled row), and a target edit makes a new version's row", async () => {
    const db = await seededDb();
    const [set] = await listSets(db);
    await compiledDefinition(db, set);
    const meter = newMeter();
    const metered = createDb(meteredD1(env.DB, meter));
    const fresh = (await getSet(metered, set.id))!;
    await compiledDefinition(metered, fresh);
    expect(meter.rowsRead).toBeLessThanOrEqual(2);

    const target = (await db.select().from(indicatorTargets).where(and(eq(indicatorTargets.setId, set.id), eq(indicatorTargets.key, "all"))).limit(1).get())!;
    const admin = (await db.select({ id: users.id }).from(users).limit(1).get())!;
    const edited = typeof target.value === "number" ? target.value + 1 : target.value;
    const outcome = await updateTarget(db, admin.id, target.id, { value: edited, source: "Kiểm thử", verified: target.verified, version: target.version }, null);
    expect(outcome.ok).toBe(true);
    const next = (await getSet(db, set.id))!;
    expect(next.version).toBe(set.version + 1);
    const def = await compiledDefinition(db, next);
    expect(def.targets.find((t) => t.id === target.id)).toMatchObject({ value: edited, source: "Kiểm thử" });
    expect(def).toEqual(await definitionRowByRow(db, set.id));
    // The old version's row is gone; the new one is the only row of the set.
    const stored = await db.select({ version: criteriaSetCompiled.version }).from(criteriaSetCompiled).where(eq(criteriaSetCompiled.setId, set.id)).all();
    expect(stored).toEqual([{ version: next.version }]);
  });
});
