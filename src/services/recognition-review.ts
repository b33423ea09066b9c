// The yearly review of recognised dossiers against current criteria results, and the province's revocation setting.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { communeRollups, criteria, criteriaLevels, criteriaSets, dossiers, provinceSettings, units, type Unit } from "../db/schema";
import { defaultChain } from "../domain/recognition";
import {
  reviewLevels,
  reviewResult,
  reviewRuleFor,
  reviewUnderRule,
  type ReviewClass,
  type ReviewRule,
  type ProvinceRevocationSetting,
} from "../domain/recognition-review";
import type { LevelResult, RevocationCheck } from "../domain/evaluation";
import { auditStatement } from "./audit";

export type ReviewItem = {
  dossierId: number;
  communeCode: string;
  communeName: string;
  level: string;
  year: number;
  decisionNumber: string | null;
  decisionDate: string | null;
  check: RevocationCheck;
  failing: { number: number; name: string; key: boolean }[];
  cls: ReviewClass;
  rule: ReviewRule;
};

/** The province's revocation rule for 2026–2030 recognitions (none configured → null rule). */
export async function provinceRevocationSetting(db: Db, provinceId: number): Promise<ProvinceRevocationSetting> {
  const row = await db.select({ rule: provinceSettings.revocationRule2026, source: provinceSettings.revocationRuleSource }).from(provinceSettings).where(eq(provinceSettings.unitId, provinceId)).get();
  return { rule: row?.rule ?? null, source: row?.source ?? null };
}

/** Sets the province's 2026–2030 revocation rule (audited). A province without a settings row gets one with its default chain. */
export async function setProvinceRevocationRule(db: Db, actorId: number, province: Pick<Unit, "id" | "code" | "tiers">, setting: ProvinceRevocationSetting, ip: string | null): Promise<void> {
  const before = await provinceRevocationSetting(db, province.id);
  const values = { revocationRule2026: setting.rule, revocationRuleSource: setting.source?.trim() || null };
  await db.batch([
    db
      .insert(provinceSettings)
      .values({ unitId: province.id, recognitionChain: defaultChain(province.tiers), ...values })
      .onConflictDoUpdate({ target: provinceSettings.unitId, set: { ...values, version: sql`${provinceSettings.version} + 1` } }),
    auditStatement(db, { actorId, action: "province_settings.revocation_rule_2026", entity: "province", entityId: province.code, before, after: { rule: values.revocationRule2026, source: values.revocationRuleSource }, ip }),
  ]);
}

/**
 * The yearly review: every recognised dossier of the province against the commune's current criteria
 * results (its rollup). A recognition on a 2021–2025 set is reviewed by 18/2022/QĐ-TTg; one on a 2026–2030
 * set by the province's own setting (none configured → "no_rule", never "ok" or "revoke"). A level with a
 * basis (model → advanced) counts the basis level's criteria too. Rows read ≈ 2 × recognised dossiers + criteria.
 */
export async function annualReview(db: Db, provinceId: number): Promise<ReviewItem[]> {
  const rows = await db
    .select({
      dossierId: dossiers.id,
      setId: dossiers.setId,
      level: dossiers.level,
      year: dossiers.year,
      decisionNumber: dossiers.decisionNumber,
      decisionDate: dossiers.decisionDate,
      communeCode: units.code,
      communeName: units.name,
      criteria: communeRollups.criteria,
    })
    .from(dossiers)
    .innerJoin(units, eq(units.id, dossiers.communeId))
    .leftJoin(communeRollups, eq(communeRollups.unitId, dossiers.communeId))
    .where(and(eq(dossiers.provinceId, provinceId), eq(dossiers.status, "recognised")))
    .all();
  const setIds = [...new Set(rows.map((r) => r.setId))];
  const [crit, levels, sets, setting] = setIds.length
    ? await Promise.all([
        db.select({ id: criteria.id, setId: criteria.setId, number: criteria.number, name: criteria.name, revocationKey: criteria.revocationKey }).from(criteria).where(inArray(criteria.setId, setIds)).all(),
        db.select({ setId: criteriaLevels.setId, code: criteriaLevels.code, rank: criteriaLevels.rank, basis: criteriaLevels.basis }).from(criteriaLevels).where(inArray(criteriaLevels.setId, setIds)).all(),
        db.select({ id: criteriaSets.id, periodTo: criteriaSets.periodTo }).from(criteriaSets).where(inArray(criteriaSets.id, setIds)).all(),
        provinceRevocationSetting(db, provinceId),
      ])
    : [[], [], [], null];
  const order: Record<ReviewClass, number> = { revoke: 0, watch: 1, no_rule: 2, ok: 3 };
  return rows
    .map((r) => {
      const results = (r.criteria ?? {}) as Record<string, LevelResult>;
      const input = crit.filter((c) => c.setId === r.setId).map((c) => ({ criterion: { id: c.id, number: c.number, revocationKey: c.revocationKey }, result: results[String(c.id)] ?? {}, name: c.name }));
      const setLevels = levels.filter((l) => l.setId === r.setId);
      const rule = reviewRuleFor(sets.find((s) => s.id === r.setId)?.periodTo ?? 2025, setting);
      const { check, cls } = reviewUnderRule(rule, { level: r.level, levels: setLevels, criteria: input });
      const chain = reviewLevels(r.level, setLevels);
      const failing = input.filter((c) => reviewResult(c.result, chain) === false).map((c) => ({ number: c.criterion.number, name: c.name, key: c.criterion.revocationKey })).sort((a, b) => a.number - b.number);
      return { dossierId: r.dossierId, communeCode: r.communeCode, communeName: r.communeName, level: r.level, year: r.year, decisionNumber: r.decisionNumber, decisionDate: r.decisionDate, check, failing, cls, rule };
    })
    .sort((a, b) => order[a.cls] - order[b.cls] || b.check.failedShare - a.check.failedShare || a.communeName.localeCompare(b.communeName, "vi"));
}
