// Demo recognitions: recognised dossiers, their events and recognised levels for the seeded province.
import { asc, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { rebuildCommuneFigures } from "../services/commune-figures";
import { communeRollups, dossierEvents, dossiers, units, users } from "../db/schema";
import type { Batch } from "../services/batch";
import { findSetByCode } from "../services/criteria-sets";
import { chunk, rowsPerStatement, runInBatches } from "../services/units";

/**
 * Demo recognitions for the seeded province: every xã at NTM or above was recognised at the level it
 * holds (fictional decision numbers, 2021–2024), and two xã that have since slipped below NTM were
 * recognised in 2021, so the yearly review has communes at risk. A handful of batched statements.
 */
export async function seedDemoRecognitions(db: Db, demo: { provinceId: number; setCode: string; signer: string }): Promise<void> {
  const signer = await db.select({ id: users.id }).from(users).where(eq(users.username, demo.signer)).get();
  const provinceId = demo.provinceId;
  const signerId = signer?.id ?? null;
  const rows = await db
    .select({ unitId: communeRollups.unitId, setId: communeRollups.setId, levelReached: communeRollups.levelReached, base: communeRollups.criteriaMetBase, districtId: communeRollups.districtId, code: units.code })
    .from(communeRollups)
    .innerJoin(units, eq(units.id, communeRollups.unitId))
    .where(eq(communeRollups.provinceId, provinceId))
    .orderBy(asc(units.code))
    .all();
  const set = await findSetByCode(db, demo.setCode);
  if (!set) return;
  const xa = rows.filter((r) => r.setId === set.id);
  const recognised = xa.filter((r) => r.levelReached).map((r) => ({ ...r, level: r.levelReached! }));
  const slipping = xa.filter((r) => !r.levelReached && r.base <= 13).slice(0, 2).map((r) => ({ ...r, level: "NTM" }));
  const all = [...recognised, ...slipping];
  if (all.length === 0) return;
  const actor = signerId ?? 0;
  const values = all.map((r, i) => {
    const year = slipping.includes(r) ? 2021 : 2021 + (i % 4);
    const date = `${year}-${String(1 + (i % 12)).padStart(2, "0")}-${String(5 + (i % 20)).padStart(2, "0")}`;
    return {
      communeId: r.unitId,
      provinceId,
      districtId: r.districtId,
      setId: set.id,
      level: r.level,
      year,
      chain: "district_review" as const,
      status: "recognised" as const,
      submittedAt: `${date}T01:00:00.000Z`,
      decisionNumber: `${1000 + i}/QĐ-UBND`,
      decisionDate: date,
      decisionSigner: "Chủ tịch UBND tỉnh (dữ liệu mẫu)",
      createdBy: actor,
      createdAt: `${date}T01:00:00.000Z`,
    };
  });
  // A model commune was first recognised advanced (319/QĐ-TTg): its advanced decision, a year earlier (2021 at the latest).
  for (const [j, v] of values.filter((x) => x.level === "NTM_KM").entries()) {
    const year = Math.max(2021, v.year - 1);
    const date = `${year}-01-02`;
    values.push({ ...v, level: "NTM_NC", year, submittedAt: `${date}T01:00:00.000Z`, decisionNumber: `${2000 + j}/QĐ-UBND`, decisionDate: date, createdAt: `${date}T01:00:00.000Z` });
  }
  // drizzle binds every column of the table (defaults too): chunk by the table's width.
  const statements: Batch = chunk(values, rowsPerStatement(Object.keys(getTableColumns(dossiers)).length)).map((part) => db.insert(dossiers).values(part).onConflictDoNothing());
  // One event per dossier, from the inserted rows (select by commune, level, year in one statement).
  statements.push(
    db.insert(dossierEvents).select(
      sql`select null, ${dossiers.id}, ${dossiers.createdAt}, ${actor}, 'recognise', 'appraised', 'recognised', 'Quyết định số ' || ${dossiers.decisionNumber} || ' (dữ liệu mẫu)'
        from ${dossiers} where ${dossiers.provinceId} = ${provinceId} and ${dossiers.status} = 'recognised'`,
    ),
  );
  for (const [level, group] of Map.groupBy(all, (r) => r.level)) {
    for (const ids of chunk(group.map((r) => r.unitId), 90)) statements.push(db.update(communeRollups).set({ recognisedLevel: level }).where(inArray(communeRollups.unitId, ids)));
  }
  await runInBatches(db, statements);
  await rebuildCommuneFigures(db, provinceId);
}
