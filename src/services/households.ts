// Issue 21: households followed by the commune. Personal data (Law 91/2025/QH15): routes allow only the commune's
// own staff and the admin (can "household.access"); every list read writes an audit row; audit rows never hold a
// name, an address or a follow-up value, so a deletion on request leaves nothing personal behind. Aggregates
// (counts per hamlet, shares per commune) are what flows upward, as suggested indicator values the staff confirm.
import { and, asc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Suggestion } from "../web/hamlets-view";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../db/client";
import { criteriaSets, householdIndicatorLinks, householdRetention, households, indicatorValues, indicators, type Household, type HouseholdField, type Unit } from "../db/schema";
import { counts, retentionCutoff, sharePercent, type HouseholdDraft, type HouseholdFacts } from "../domain/hamlets";
import type { Actor } from "../domain/permissions";
import { fold } from "../domain/text";
import { auditIfChangedStatement, auditStatement } from "./audit";
import { getBinding, saveIndicator } from "./checklist";
import { chunk } from "./units";
import { claimStatement, lastIdOf, type KeyClaim } from "./idempotency";
import type { Failure, Outcome } from "../domain/outcome";

/**
 * One hamlet's households (or the whole commune's), by head of household; the read and its audit row go in one
 * batch, so no list is ever shown without its audit row.
 */
export const HOUSEHOLDS_PER_PAGE = 200;

export async function listHouseholds(db: Db, actor: Actor, commune: Unit, hamlet: Pick<Unit, "id" | "code"> | null, page: number, ip: string | null): Promise<{ rows: Household[]; more: boolean }> {
  const [rows] = await db.batch([
    db
      .select()
      .from(households)
      .where(hamlet ? eq(households.hamletId, hamlet.id) : eq(households.communeId, commune.id))
      .orderBy(asc(households.hamletId), asc(households.headFolded), asc(households.id))
      .limit(HOUSEHOLDS_PER_PAGE + 1)
      .offset((page - 1) * HOUSEHOLDS_PER_PAGE),
    auditStatement(db, { actorId: actor.id, action: "household.list", entity: "households", entityId: hamlet ? hamlet.code : commune.code, after: page > 1 ? { page } : null, ip }),
  ]);
  return { rows: rows.slice(0, HOUSEHOLDS_PER_PAGE), more: rows.length > HOUSEHOLDS_PER_PAGE };
}

export async function getHousehold(db: Db, id: number): Promise<Household | undefined> {
  return db.select().from(households).where(eq(households.id, id)).get();
}

const factsOf = (d: HouseholdFacts) => ({ poverty: d.poverty, housing: d.housing, cleanWater: d.cleanWater, sanitation: d.sanitation });

function rowOf(d: HouseholdDraft, commune: Unit, actorId: number, nowIso: string) {
  return {
    hamletId: d.hamletId,
    communeId: commune.id,
    provinceId: commune.provinceId!,
    headName: d.headName,
    headFolded: fold(d.headName),
    address: d.address,
    ...factsOf(d),
    note: d.note,
    createdBy: actorId,
    createdAt: nowIso,
    updatedBy: actorId,
    updatedAt: nowIso,
  };
}

export async function createHousehold(db: Db, actor: Actor, commune: Unit, draft: HouseholdDraft, nowIso: string, ip: string | null, claim: KeyClaim | null = null): Promise<number> {
  const [inserted] = await db.batch([
    db.insert(households).values(rowOf(draft, commune, actor.id, nowIso)).returning({ id: households.id }),
    // No personal data in the audit log: which hamlet, never who or where.
    auditStatement(db, { actorId: actor.id, action: "household.create", entity: "household", entityId: sql`(select cast(max(id) as text) from households)`, after: { hamletId: draft.hamletId }, ip }),
    ...(claim ? [claimStatement(db, claim, lastIdOf("households"))] : []),
  ]);
  return inserted[0].id;
}

/** Rows per INSERT … SELECT FROM json_each(?): one bound parameter per statement, so a 2,000-row import is 4 queries. */
const IMPORT_ROWS_PER_STATEMENT = 500;

/**
 * All rows or none (one batch); the audit row counts them. Each statement inserts up to 500 rows from one JSON
 * parameter (D1 allows 100 bound parameters per statement and, on the Free plan, 50 queries per request).
 */
export async function importHouseholds(db: Db, actor: Actor, commune: Unit, drafts: HouseholdDraft[], nowIso: string, ip: string | null, claim: KeyClaim | null = null): Promise<number> {
  const values = drafts.map((d) => rowOf(d, commune, actor.id, nowIso));
  const statements: BatchItem<"sqlite">[] = chunk(values, IMPORT_ROWS_PER_STATEMENT).map(
    // INSERT … SELECT lists every households column in table order (id null = next, version 1).
    (part) =>
      db.insert(households).select(
        sql`select null, json_extract(value, '$.hamletId'), json_extract(value, '$.communeId'), json_extract(value, '$.provinceId'), json_extract(value, '$.headName'),
          json_extract(value, '$.headFolded'), json_extract(value, '$.address'), json_extract(value, '$.poverty'), json_extract(value, '$.housing'),
          json_extract(value, '$.cleanWater'), json_extract(value, '$.sanitation'), json_extract(value, '$.note'), json_extract(value, '$.createdBy'),
          json_extract(value, '$.createdAt'), json_extract(value, '$.updatedBy'), json_extract(value, '$.updatedAt'), 1
          from json_each(${JSON.stringify(part)})`,
      ),
  );
  const perHamlet: Record<number, number> = {};
  for (const d of drafts) perHamlet[d.hamletId] = (perHamlet[d.hamletId] ?? 0) + 1;
  statements.push(auditStatement(db, { actorId: actor.id, action: "household.import", entity: "households", entityId: commune.code, after: { rows: drafts.length, perHamlet }, ip }));
  if (claim) statements.push(claimStatement(db, claim, drafts.length)); // a file sent twice imports once
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return drafts.length;
}

export type FollowUpInput = HouseholdFacts & { headName: string; address: string; note: string | null; version: number };

/** Version-checked update of one household; 409 when someone saved it meanwhile. The audit row names the fields changed, not their values. */
export async function updateHousehold(db: Db, actor: Actor, current: Household, input: FollowUpInput, nowIso: string, ip: string | null): Promise<Outcome<{}, Failure<"conflict">>> {
  if (current.version !== input.version) return { ok: false, kind: "conflict" };
  const next = { headName: input.headName, address: input.address, note: input.note, ...factsOf(input) };
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => (current[k] ?? null) !== (next[k] ?? null));
  const [result] = await db.batch([
    db
      .update(households)
      .set({ ...next, headFolded: fold(input.headName), updatedBy: actor.id, updatedAt: nowIso, version: current.version + 1 })
      .where(and(eq(households.id, current.id), eq(households.version, input.version))),
    auditIfChangedStatement(db, { actorId: actor.id, action: "household.update", entity: "household", entityId: current.id, after: { fields: changed }, ip }),
  ]);
  if ((result as { meta?: { changes?: number } }).meta?.changes === 0) return { ok: false, kind: "conflict" };
  return { ok: true };
}

/**
 * Deletion on request (Law 91/2025/QH15): the row goes; the audit row keeps only that a household of this hamlet
 * was deleted, when, by whom and why (the kind of request, not the requester's words).
 */
export async function deleteHousehold(db: Db, actor: Actor, current: Household, reason: "request" | "error", ip: string | null): Promise<void> {
  await db.batch([
    db.delete(households).where(eq(households.id, current.id)),
    auditIfChangedStatement(db, { actorId: actor.id, action: "household.delete", entity: "household", entityId: current.id, before: { hamletId: current.hamletId }, after: { reason }, ip }),
  ]);
}

// ---- Retention ----

export async function retentionMonths(db: Db, communeId: number): Promise<number | null> {
  return (await db.select({ months: householdRetention.months }).from(householdRetention).where(eq(householdRetention.communeId, communeId)).get())?.months ?? null;
}

export async function setRetention(db: Db, actor: Actor, commune: Unit, months: number | null, nowIso: string, ip: string | null): Promise<void> {
  const before = await retentionMonths(db, commune.id);
  await db.batch([
    db
      .insert(householdRetention)
      .values({ communeId: commune.id, months, updatedBy: actor.id, updatedAt: nowIso })
      .onConflictDoUpdate({ target: householdRetention.communeId, set: { months, updatedBy: actor.id, updatedAt: nowIso } }),
    auditStatement(db, { actorId: actor.id, action: "household.retention", entity: "commune", entityId: commune.code, before: { months: before }, after: { months }, ip }),
  ]);
}

/** The daily job: households not updated within their commune's retention are deleted, one audit row per commune (a count). */
export async function purgeExpiredHouseholds(db: Db, today: string): Promise<number> {
  const settings = await db.select().from(householdRetention).all();
  let total = 0;
  for (const s of settings) {
    if (s.months === null) continue;
    const cutoff = retentionCutoff(today, s.months);
    const expired = and(eq(households.communeId, s.communeId), lt(households.updatedAt, cutoff));
    const n = (await db.select({ n: sql<number>`count(*)` }).from(households).where(expired).get())?.n ?? 0;
    if (Number(n) === 0) continue;
    await db.batch([
      db.delete(households).where(expired),
      auditStatement(db, { actorId: null, action: "household.purge", entity: "commune", entityId: String(s.communeId), after: { rows: Number(n), months: s.months, before: cutoff }, provinceId: sql`(select province_id from units where id = ${s.communeId})` as unknown as number }),
    ]);
    total += Number(n);
  }
  return total;
}

// ---- Aggregates → suggested indicator values ----


/**
 * For each indicator the commune's criteria set links to a household field: households counted over households
 * listed (commune-wide), next to the value on the checklist. Reads the binding, the links, their indicators and
 * values, and one aggregate over the commune's households.
 */
export async function householdSuggestions(db: Db, commune: Unit): Promise<Suggestion[]> {
  const binding = await getBinding(db, commune.id);
  if (!binding) return [];
  const links = await db
    .select()
    .from(householdIndicatorLinks)
    .where(and(eq(householdIndicatorLinks.provinceId, commune.provinceId!), eq(householdIndicatorLinks.setId, binding.setId)))
    .all();
  if (links.length === 0) return [];
  const [inds, facts] = await Promise.all([
    db
      .select({ id: indicators.id, code: indicators.code, name: indicators.name })
      .from(indicators)
      .where(and(eq(indicators.setId, binding.setId), inArray(indicators.code, links.map((l) => l.indicatorCode))))
      .all(),
    db
      .select({ poverty: households.poverty, housing: households.housing, cleanWater: households.cleanWater, sanitation: households.sanitation, n: sql<number>`count(*)` })
      .from(households)
      .where(eq(households.communeId, commune.id))
      .groupBy(households.poverty, households.housing, households.cleanWater, households.sanitation)
      .all(),
  ]);
  const values = inds.length
    ? await db
        .select({ indicatorId: indicatorValues.indicatorId, value: indicatorValues.value, version: indicatorValues.version })
        .from(indicatorValues)
        .where(and(eq(indicatorValues.unitId, commune.id), inArray(indicatorValues.indicatorId, inds.map((i) => i.id))))
        .all()
    : [];
  const total = facts.reduce((s, f) => s + Number(f.n), 0);
  const out: Suggestion[] = [];
  for (const link of links) {
    const ind = inds.find((i) => i.code === link.indicatorCode);
    if (!ind) continue;
    const counted = facts.filter((f) => counts(f, link.field)).reduce((s, f) => s + Number(f.n), 0);
    const value = values.find((v) => v.indicatorId === ind.id);
    out.push({
      indicatorId: ind.id,
      code: ind.code,
      name: ind.name,
      field: link.field,
      source: link.source,
      verified: link.verified,
      counted,
      total,
      suggested: sharePercent(counted, total),
      current: value?.value ?? null,
      version: value?.version ?? 0,
    });
  }
  return out.sort((a, b) => a.code.localeCompare(b.code, "vi", { numeric: true }));
}

/** The staff confirm a suggested value: it is saved through the checklist's own save (history, rollups, audit). */
export async function confirmSuggestion(db: Db, actor: Actor, commune: Unit, indicatorId: number, version: number, nowIso: string, ip: string | null) {
  const suggestion = (await householdSuggestions(db, commune)).find((s) => s.indicatorId === indicatorId);
  if (!suggestion || suggestion.suggested === null) return { ok: false as const, kind: "not_found" as const };
  const current = await db.select().from(indicatorValues).where(and(eq(indicatorValues.unitId, commune.id), eq(indicatorValues.indicatorId, indicatorId))).get();
  const value = String(suggestion.suggested).replace(".", ",");
  return saveIndicator(
    db,
    actor.id,
    commune,
    indicatorId,
    {
      value,
      evidenceNote: current?.evidenceNote ?? "",
      evidenceLink: current?.evidenceLink ?? "",
      note: `Theo danh sách hộ xã theo dõi: ${suggestion.counted}/${suggestion.total} hộ`,
      version,
    },
    nowIso,
    ip,
  );
}

// ---- Which indicators count households (the province's admin says so) ----

export type LinkRow = { id: number; setCode: string; indicatorCode: string; indicatorName: string; field: HouseholdField; source: string; verified: boolean };

export async function listHouseholdLinks(db: Db, provinceId: number): Promise<LinkRow[]> {
  const links = await db.select().from(householdIndicatorLinks).where(eq(householdIndicatorLinks.provinceId, provinceId)).all();
  if (links.length === 0) return [];
  const setIds = [...new Set(links.map((l) => l.setId))];
  const [sets, inds] = await Promise.all([
    db.select({ id: criteriaSets.id, code: criteriaSets.code }).from(criteriaSets).where(inArray(criteriaSets.id, setIds)).all(),
    db.select({ setId: indicators.setId, code: indicators.code, name: indicators.name }).from(indicators).where(inArray(indicators.setId, setIds)).all(),
  ]);
  return links
    .map((l) => ({
      id: l.id,
      setCode: sets.find((s) => s.id === l.setId)?.code ?? "",
      indicatorCode: l.indicatorCode,
      indicatorName: inds.find((i) => i.setId === l.setId && i.code === l.indicatorCode)?.name ?? "",
      field: l.field,
      source: l.source,
      verified: l.verified,
    }))
    .sort((a, b) => a.setCode.localeCompare(b.setCode) || a.indicatorCode.localeCompare(b.indicatorCode, "vi", { numeric: true }));
}

/** Sets a province may link: the national sets and its own. */
export async function linkableSets(db: Db, provinceId: number) {
  return db
    .select({ id: criteriaSets.id, code: criteriaSets.code, name: criteriaSets.name })
    .from(criteriaSets)
    .where(or(isNull(criteriaSets.provinceId), eq(criteriaSets.provinceId, provinceId)))
    .orderBy(criteriaSets.code)
    .all();
}

export type LinkInput = { setId: number; indicatorCode: string; field: HouseholdField; source: string; verified: boolean };

/** Adds or replaces the link of one indicator (percent indicators only); a verified link needs a source. */
export async function saveHouseholdLink(db: Db, actor: Actor, provinceId: number, input: LinkInput, ip: string | null): Promise<Outcome<{}, Failure<"invalid", { errors: Record<string, string> }>>> {
  if (input.verified && !input.source) return { ok: false, kind: "invalid", errors: { source: "Liên kết đánh dấu đã xác minh phải ghi nguồn (văn bản của tỉnh)." } };
  const set = (await linkableSets(db, provinceId)).find((s) => s.id === input.setId);
  if (!set) return { ok: false, kind: "invalid", errors: { setId: "Không tìm thấy bộ tiêu chí này." } };
  const ind = await db.select({ kind: indicators.kind }).from(indicators).where(and(eq(indicators.setId, set.id), eq(indicators.code, input.indicatorCode))).get();
  if (!ind) return { ok: false, kind: "invalid", errors: { indicatorCode: `Bộ ${set.code} không có chỉ tiêu “${input.indicatorCode.slice(0, 20)}”.` } };
  if (ind.kind !== "percent") return { ok: false, kind: "invalid", errors: { indicatorCode: "Chỉ gắn được chỉ tiêu tính theo tỷ lệ % số hộ." } };
  const values = { provinceId, setId: set.id, indicatorCode: input.indicatorCode, field: input.field, source: input.source, verified: input.verified };
  await db.batch([
    db
      .insert(householdIndicatorLinks)
      .values(values)
      .onConflictDoUpdate({ target: [householdIndicatorLinks.provinceId, householdIndicatorLinks.setId, householdIndicatorLinks.indicatorCode], set: { field: input.field, source: input.source, verified: input.verified } }),
    auditStatement(db, { actorId: actor.id, action: "household_link.save", entity: "household_indicator_link", entityId: `${set.code}/${input.indicatorCode}`, after: values, ip }),
  ]);
  return { ok: true };
}

export async function deleteHouseholdLink(db: Db, actor: Actor, provinceId: number, id: number, ip: string | null): Promise<boolean> {
  const link = await db.select().from(householdIndicatorLinks).where(and(eq(householdIndicatorLinks.id, id), eq(householdIndicatorLinks.provinceId, provinceId))).get();
  if (!link) return false;
  await db.batch([
    db.delete(householdIndicatorLinks).where(eq(householdIndicatorLinks.id, id)),
    auditStatement(db, { actorId: actor.id, action: "household_link.delete", entity: "household_indicator_link", entityId: String(id), before: link, ip }),
  ]);
  return true;
}
