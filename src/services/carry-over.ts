// "Thừa nhận": the level a commune formed by the 2025 merger carries into 2026–2030. The coordination office sees
// the predecessors' recognised levels and the level the province's rule proposes; a leader decides. Audited.
import { and, asc, count, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { inBatch, preparedOnce } from "../db/prepared";
import { carriedRecognitions, carryRuleSettings, criteriaLevels, dossiers, unitSuccessions, units, type Unit } from "../db/schema";
import { CARRY_RULES, carriedLevel, DEFAULT_CARRY_RULE, isCarryRule, needsDecision, type CarryRule } from "../domain/carry-over";
import { auditIfChangedStatement, auditStatement } from "./audit";
import { asBatch } from "./batch";
import { chunk } from "./units";
import type { Failure, Outcome } from "../domain/outcome";

export type Recognised = { level: string; levelName: string; rank: number; decisionNumber: string | null; decisionDate: string | null };

/** Each unit's highest recognised level (recognised dossiers, not revoked) with its decision. */
export async function recognisedLevels(db: Db, unitIds: number[]): Promise<Map<number, Recognised>> {
  const out = new Map<number, Recognised>();
  for (const part of chunk([...new Set(unitIds)], 90)) {
    const rows = await db
      .select({ communeId: dossiers.communeId, level: dossiers.level, decisionNumber: dossiers.decisionNumber, decisionDate: dossiers.decisionDate, levelName: criteriaLevels.name, rank: criteriaLevels.rank })
      .from(dossiers)
      .innerJoin(criteriaLevels, and(eq(criteriaLevels.setId, dossiers.setId), eq(criteriaLevels.code, dossiers.level)))
      .where(and(inArray(dossiers.communeId, part), eq(dossiers.status, "recognised")))
      .all();
    for (const r of rows) {
      const best = out.get(r.communeId);
      if (!best || r.rank > best.rank) out.set(r.communeId, { level: r.level, levelName: r.levelName, rank: r.rank, decisionNumber: r.decisionNumber, decisionDate: r.decisionDate });
    }
  }
  return out;
}

/** The province's rule (the default, unverified with an empty source, until the admin chooses one). */
export async function provinceCarryRule(db: Db, provinceId: number): Promise<CarryRule & { configured: boolean }> {
  const row = await db.select().from(carryRuleSettings).where(eq(carryRuleSettings.provinceId, provinceId)).get();
  const base = CARRY_RULES.find((r) => r.id === (row && isCarryRule(row.rule) ? row.rule : DEFAULT_CARRY_RULE))!;
  return row ? { ...base, source: row.source, verified: row.verified, configured: true } : { ...base, configured: false };
}

export async function setProvinceCarryRule(db: Db, actorId: number, provinceId: number, rule: string, source: string, ip: string | null) {
  if (!isCarryRule(rule)) return { ok: false as const, kind: "invalid" as const, message: "Quy tắc không hợp lệ." };
  const before = await provinceCarryRule(db, provinceId);
  // A rule with a source is still unverified until someone checks the text: verified stays false here.
  await db.batch(
    asBatch([
      db.insert(carryRuleSettings).values({ provinceId, rule, source }).onConflictDoUpdate({ target: carryRuleSettings.provinceId, set: { rule, source } }),
      auditStatement(db, { actorId, action: "carry_rule.set", entity: "province", entityId: provinceId, before: { rule: before.id, source: before.source }, after: { rule, source }, ip }),
    ]),
  );
  return { ok: true as const };
}

export type CarryItem = {
  commune: Unit;
  predecessors: { unitId: number; code: string; name: string; validTo: string | null; level: string | null; levelName: string | null; decisionNumber: string | null; decisionDate: string | null }[];
  proposed: string | null;
  needsDecision: boolean;
  row: typeof carriedRecognitions.$inferSelect | null;
};

/** Ranks of the levels of the sets the predecessors were recognised under (NTM < NTM_NC < NTM_KM). */
function ranksOf(levels: Map<number, Recognised>): Record<string, number> {
  const ranks: Record<string, number> = {};
  for (const r of levels.values()) ranks[r.level] = r.rank;
  return ranks;
}

/** Merged communes of a new province with their predecessors' levels, the proposal and any decision. */
export async function carryItems(db: Db, province: Unit, onlyCommuneId?: number, page?: { offset: number; limit: number }): Promise<CarryItem[]> {
  // A page of the province's communes by name (the parent index), so a page reads O(page), not O(province).
  const pageIds = page
    ? (
        await db
          .select({ id: units.id })
          .from(units)
          .where(and(eq(units.parentId, province.id), eq(units.level, "commune")))
          .orderBy(asc(units.nameFolded))
          .limit(page.limit)
          .offset(page.offset)
          .all()
      ).map((u) => u.id)
    : undefined;
  if (pageIds?.length === 0) return [];
  const links = await db
    .select({ successor: units, predecessorId: unitSuccessions.predecessorId })
    .from(unitSuccessions)
    .innerJoin(units, eq(units.id, unitSuccessions.successorId))
    .where(and(eq(units.provinceId, province.id), eq(units.level, "commune"), onlyCommuneId ? eq(units.id, onlyCommuneId) : undefined, pageIds ? inArray(units.id, pageIds) : undefined))
    .orderBy(asc(units.nameFolded))
    .all();
  const predIds = links.map((l) => l.predecessorId);
  const preds = new Map<number, Unit>();
  for (const part of chunk([...new Set(predIds)], 90)) for (const u of await db.select().from(units).where(inArray(units.id, part)).all()) preds.set(u.id, u);
  const levels = await recognisedLevels(db, predIds);
  const ranks = ranksOf(levels);
  const rule = await provinceCarryRule(db, province.id);
  const successorIds = [...new Set(links.map((l) => l.successor.id))];
  const rows = new Map<number, typeof carriedRecognitions.$inferSelect>();
  for (const part of chunk(successorIds, 90)) for (const r of await db.select().from(carriedRecognitions).where(inArray(carriedRecognitions.unitId, part)).all()) rows.set(r.unitId, r);
  const items = new Map<number, CarryItem>();
  for (const l of links) {
    const item = items.get(l.successor.id) ?? { commune: l.successor, predecessors: [], proposed: null, needsDecision: false, row: rows.get(l.successor.id) ?? null };
    const p = preds.get(l.predecessorId)!;
    const r = levels.get(p.id);
    item.predecessors.push({ unitId: p.id, code: p.code, name: p.name, validTo: p.validTo, level: r?.level ?? null, levelName: r?.levelName ?? null, decisionNumber: r?.decisionNumber ?? null, decisionDate: r?.decisionDate ?? null });
    items.set(l.successor.id, item);
  }
  for (const item of items.values()) {
    item.needsDecision = needsDecision(item.predecessors, ranks);
    item.proposed = carriedLevel(rule.id, item.commune.code, item.predecessors, ranks);
  }
  return [...items.values()];
}

export type CarryOutcome = Outcome<{}, Failure<"invalid" | "conflict" | "not_found", { message: string }>>;

/** The coordination office records the proposal (the predecessors' levels as seen now and the rule's level). */
export async function proposeCarry(db: Db, actorId: number, province: Unit, commune: Unit, nowIso: string, ip: string | null): Promise<CarryOutcome> {
  const [item] = await carryItems(db, province, commune.id);
  if (!item) return { ok: false, kind: "not_found", message: "Xã này không hình thành từ sắp xếp năm 2025." };
  if (!item.needsDecision) return { ok: false, kind: "invalid", message: "Các xã cũ đều chưa được công nhận: không có mức nào để thừa nhận." };
  if (item.row?.decidedAt) return { ok: false, kind: "conflict", message: "Lãnh đạo đã quyết định thừa nhận cho xã này." };
  const rule = await provinceCarryRule(db, province.id);
  const values = { provinceId: province.id, rule: rule.id, predecessors: item.predecessors.map((p) => ({ unitId: p.unitId, code: p.code, name: p.name, level: p.level })), proposedLevel: item.proposed, proposedBy: actorId, proposedAt: nowIso };
  await db.batch(
    asBatch([
      db.insert(carriedRecognitions).values({ unitId: commune.id, ...values }).onConflictDoUpdate({ target: carriedRecognitions.unitId, set: values, where: isNull(carriedRecognitions.decidedAt) }),
      auditIfChangedStatement(db, { actorId, action: "carry.propose", entity: "unit", entityId: commune.id, after: { rule: rule.id, proposedLevel: item.proposed }, ip }),
    ]),
  );
  return { ok: true };
}

export type DecideInput = { level: string; decisionNumber: string; decisionDate: string; signer: string };

/** A leader decides the carried-over level ("" = none carried) with the decision's number, date and signer. */
export async function decideCarry(db: Db, actorId: number, commune: Unit, input: DecideInput, nowIso: string, ip: string | null): Promise<CarryOutcome> {
  const row = await db.select().from(carriedRecognitions).where(eq(carriedRecognitions.unitId, commune.id)).get();
  if (!row) return { ok: false, kind: "not_found", message: "Văn phòng điều phối chưa đề xuất mức thừa nhận cho xã này." };
  if (row.decidedAt) return { ok: false, kind: "conflict", message: "Xã này đã có quyết định thừa nhận." };
  const allowed = new Set(row.predecessors.map((p) => p.level).filter((l): l is string => l !== null));
  if (input.level !== "" && !allowed.has(input.level)) return { ok: false, kind: "invalid", message: "Mức thừa nhận phải là một mức mà xã cũ đã được công nhận." };
  const set = { level: input.level === "" ? null : input.level, decisionNumber: input.decisionNumber, decisionDate: input.decisionDate, decisionSigner: input.signer, decidedBy: actorId, decidedAt: nowIso, version: row.version + 1 };
  await db.batch(
    asBatch([
      db.update(carriedRecognitions).set(set).where(and(eq(carriedRecognitions.unitId, commune.id), isNull(carriedRecognitions.decidedAt), eq(carriedRecognitions.version, row.version))),
      auditIfChangedStatement(db, { actorId, action: "carry.decide", entity: "unit", entityId: commune.id, before: { proposedLevel: row.proposedLevel }, after: { level: set.level, decisionNumber: set.decisionNumber, decisionDate: set.decisionDate, signer: set.decisionSigner }, ip }),
    ]),
  );
  const after = await db.select({ decidedBy: carriedRecognitions.decidedBy }).from(carriedRecognitions).where(eq(carriedRecognitions.unitId, commune.id)).get();
  return after?.decidedBy === actorId ? { ok: true } : { ok: false, kind: "conflict", message: "Xã này vừa có quyết định khác." };
}

export type CarriedDecision = { unitId: number; communeCode: string; communeName: string; provinceId: number; level: string; decisionNumber: string | null; decisionDate: string | null; decisionSigner: string | null };

/** Decided carried-over levels (level not null) of the given provinces: counted as recognised at the start of 2026–2030. */
export async function carriedDecisions(db: Db, provinceIds: number[]): Promise<CarriedDecision[]> {
  if (provinceIds.length === 0) return [];
  const rows = await db
    .select({ unitId: carriedRecognitions.unitId, communeCode: units.code, communeName: units.name, provinceId: carriedRecognitions.provinceId, level: carriedRecognitions.level, decisionNumber: carriedRecognitions.decisionNumber, decisionDate: carriedRecognitions.decisionDate, decisionSigner: carriedRecognitions.decisionSigner })
    .from(carriedRecognitions)
    .innerJoin(units, eq(units.id, carriedRecognitions.unitId))
    .where(and(inArray(carriedRecognitions.provinceId, provinceIds), isNotNull(carriedRecognitions.decidedAt), isNotNull(carriedRecognitions.level)))
    .orderBy(asc(units.nameFolded))
    .all();
  return rows.map((r) => ({ ...r, level: r.level! }));
}

/** A commune's decided carried-over level (level null = decided that none is carried), or null while undecided. */
export async function carriedDecision(db: Db, unitId: number) {
  const row = await db.select().from(carriedRecognitions).where(eq(carriedRecognitions.unitId, unitId)).get();
  return row?.decidedAt ? { level: row.level, decisionNumber: row.decisionNumber, decisionDate: row.decisionDate, signer: row.decisionSigner } : null;
}

/** For /public/recognitions: decided carried-over levels of the current provinces (or one, by code). */
export async function publicCarried(db: Db, provinceCode?: string): Promise<(CarriedDecision & { provinceName: string })[]> {
  const provinces = await db
    .select({ id: units.id, code: units.code, name: units.name })
    .from(units)
    .where(and(eq(units.level, "province"), isNull(units.validTo)))
    .all();
  const chosen = provinceCode ? provinces.filter((p) => p.code === provinceCode) : provinces;
  const names = new Map(chosen.map((p) => [p.id, p.name]));
  return (await carriedDecisions(db, chosen.map((p) => p.id))).map((d) => ({ ...d, provinceName: names.get(d.provinceId) ?? "" }));
}

export type CarriedCount = { level: string | null; communes: number };

/** Decided carry-overs of a province by level (null: no level carried), for its progress page. One grouped read. */
export async function carriedCounts(db: Db, provinceId: number): Promise<CarriedCount[]> {
  return carriedCountsQuery(db).all({ provinceId });
}

/** carriedCounts' read as an item of a caller's db.batch. */
export const carriedCountsRead = (db: Db, provinceId: number) => inBatch(carriedCountsQuery(db), { provinceId });

/** Built once per isolate (src/db/prepared.ts): a two-tier province's progress page asks on every request. */
const carriedCountsQuery = preparedOnce((db) =>
  db
    .select({ level: carriedRecognitions.level, communes: count() })
    .from(carriedRecognitions)
    .where(and(eq(carriedRecognitions.provinceId, sql.placeholder("provinceId")), isNotNull(carriedRecognitions.decidedAt)))
    .groupBy(carriedRecognitions.level)
    .prepare(),
);
