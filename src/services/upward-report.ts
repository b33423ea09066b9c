// The periodic report tables a province sends upward (issue 19, item 3), from the rollups: O(communes) rows for the
// commune table, O(criteria) for the criteria table (area counters), the province/status index for recognitions.
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import type { Unit } from "../db/schema";
import type { Cell, ReportTable } from "../domain/progress";
import { inPeriod, upwardTable, type UpwardFile } from "../domain/upward-report";
import { areaCriterionAt, areaSetsInPeriod } from "./progress";

async function levelsPerCommune(db: Db, province: Unit): Promise<Record<string, Cell>[]> {
  const rows = await db.all<{ code: string; name: string; set_code: string | null; level: string | null; met: number | null; updated: string | null }>(sql`
    SELECT u.code AS code, u.name AS name, s.code AS set_code, r.level_reached AS level, r.criteria_met_base AS met, r.updated_at AS updated
    FROM units u LEFT JOIN commune_rollups r ON r.unit_id = u.id LEFT JOIN criteria_sets s ON s.id = r.set_id
    WHERE u.province_id = ${province.id} AND u.level = 'commune' AND u.valid_to IS NULL
    ORDER BY u.code`);
  return rows.map((r) => ({ ma_tinh: province.code, ma_xa: r.code, ten_xa: r.name, bo_tieu_chi: r.set_code ?? "", muc_dat: r.level ?? "", so_tieu_chi_dat: r.met ?? 0, cap_nhat: r.updated ?? "" }));
}

async function criteriaMet(db: Db, province: Unit, year: number): Promise<Record<string, Cell>[]> {
  const inPeriodSets = await areaSetsInPeriod(db, province.id, undefined, year);
  if (!inPeriodSets) return [];
  const rows: Record<string, Cell>[] = [];
  for (const s of inPeriodSets.sets) {
    const def = inPeriodSets.defs.find((d) => d.id === s.id)!;
    const met = await areaCriterionAt(db, province.id, def, def.baseLevel);
    for (const c of def.criteria) {
      rows.push({ ma_tinh: province.code, bo_tieu_chi: def.code, muc: def.baseLevel, so_thu_tu: c.number, ten_tieu_chi: c.name, so_xa_dat: met[c.id] ?? 0, so_xa: s.communes });
    }
  }
  return rows;
}

async function recognitions(db: Db, province: Unit, from: string, to: string): Promise<Record<string, Cell>[]> {
  const rows = await db.all<{ code: string; name: string; level: string; year: number; status: string; decision_number: string | null; decision_date: string | null; revocation_number: string | null; revocation_date: string | null }>(sql`
    SELECT u.code AS code, u.name AS name, d.level AS level, d.year AS year, d.status AS status, d.decision_number AS decision_number,
      d.decision_date AS decision_date, d.revocation_number AS revocation_number, d.revocation_date AS revocation_date
    FROM dossiers d JOIN units u ON u.id = d.commune_id
    WHERE d.province_id = ${province.id} AND d.status IN ('recognised', 'revoked')
    ORDER BY d.decision_date, u.code`);
  return rows
    .filter((r) => inPeriod({ decisionDate: r.decision_date, revocationDate: r.revocation_date }, from, to))
    .map((r) => ({
      ma_tinh: province.code,
      ma_xa: r.code,
      ten_xa: r.name,
      muc: r.level,
      nam: r.year,
      trang_thai: r.status,
      so_quyet_dinh: r.decision_number ?? "",
      ngay_quyet_dinh: r.decision_date ?? "",
      so_quyet_dinh_thu_hoi: r.revocation_number ?? "",
      ngay_thu_hoi: r.revocation_date ?? "",
    }));
}

/** One of the upward tables of a province; `from`/`to` bound the recognitions table (ISO dates). */
export async function upwardReport(db: Db, province: Unit, file: UpwardFile, opts: { year: number; from: string; to: string }): Promise<ReportTable> {
  const rows =
    file === "muc-dat-theo-xa" ? await levelsPerCommune(db, province) : file === "tieu-chi-dat" ? await criteriaMet(db, province, opts.year) : await recognitions(db, province, opts.from, opts.to);
  return upwardTable(file, rows);
}
