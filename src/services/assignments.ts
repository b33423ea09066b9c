// Support assignments ("nắm"): who follows which commune or hamlet, the history of assignments, the
// coverage report and the cadre's board of communes.
import { and, asc, desc, eq, gte, inArray, isNull, max, ne, or, sql, sum } from "drizzle-orm";
import type { Db } from "../db/client";
import { assignments, communeRollups, contributions, criteriaLevels, feedbackItems, provinceSettings, units, users, visits, type Unit } from "../db/schema";
import { assignmentErrors, cadresWithoutRecentVisit, coversUnit, endDateError, isActive, periodsOverlap, uncoveredUnits, type CadreActivity } from "../domain/assignments";
import { OPEN_STATUSES } from "../domain/feedback";
import type { Actor, UnitRef } from "../domain/permissions";
import { auditIfChangedStatement, auditStatement } from "./audit";
import { claimStatement, lastIdOf, type KeyClaim } from "./idempotency";
import { unitByCode, getUnit, unitRef } from "./units";
import { isoDateOrNull } from "../domain/clock";
import type { Failure, Outcome } from "../domain/outcome";

export type FieldErrors = Record<string, string>;
export type AssignmentOutcome<T> = Outcome<{ value: T }, Failure<"not_found" | "conflict" | "invalid", { errors: FieldErrors }>>;

const activeOn = (today: string) => or(isNull(assignments.periodTo), gte(assignments.periodTo, today));

/** Ids of the units a cadre follows today (assignments_cadre index). */
export async function activeAssignmentUnitIds(db: Db, cadreId: number, today: string): Promise<number[]> {
  const rows = await db
    .select({ unitId: assignments.unitId, periodFrom: assignments.periodFrom, periodTo: assignments.periodTo })
    .from(assignments)
    .where(and(eq(assignments.cadreId, cadreId), activeOn(today)))
    .all();
  return rows.filter((r) => isActive(r, today)).map((r) => r.unitId);
}

/** resource.assigned for can(): the actor is a cadre with an active assignment covering `unit`. */
export async function isAssigned(db: Db, actor: Actor, unit: UnitRef, today: string): Promise<boolean> {
  if (actor.role !== "cadre") return false;
  return coversUnit(await activeAssignmentUnitIds(db, actor.id, today), unit);
}

export type AssignmentRow = {
  id: number;
  cadreId: number;
  cadreName: string;
  unitId: number;
  unitCode: string;
  unitName: string;
  unitLevel: Unit["level"];
  role: string;
  planRef: string | null;
  periodFrom: string;
  periodTo: string | null;
  version: number;
};

const assignmentColumns = {
  id: assignments.id,
  cadreId: assignments.cadreId,
  cadreName: users.displayName,
  unitId: assignments.unitId,
  unitCode: units.code,
  unitName: units.name,
  unitLevel: units.level,
  role: assignments.role,
  planRef: assignments.planRef,
  periodFrom: assignments.periodFrom,
  periodTo: assignments.periodTo,
  version: assignments.version,
};

/** Assignments of a province (active only unless `history`), optionally of one cadre; newest first. */
export async function listAssignments(db: Db, provinceId: number, opts: { today: string; history?: boolean; cadreId?: number | null }): Promise<AssignmentRow[]> {
  const rows = await db
    .select(assignmentColumns)
    .from(assignments)
    .innerJoin(users, eq(users.id, assignments.cadreId))
    .innerJoin(units, eq(units.id, assignments.unitId))
    .where(
      and(
        opts.cadreId ? eq(assignments.cadreId, opts.cadreId) : eq(assignments.provinceId, provinceId),
        opts.cadreId ? eq(assignments.provinceId, provinceId) : undefined,
        opts.history ? undefined : activeOn(opts.today),
      ),
    )
    .orderBy(desc(assignments.periodFrom), desc(assignments.id))
    .limit(500)
    .all();
  return rows.filter((r) => opts.history || isActive(r, opts.today));
}

export async function getAssignment(db: Db, id: number) {
  return db.select().from(assignments).where(eq(assignments.id, id)).get();
}

export type CadreOption = { id: number; name: string; scopeName: string; scopeLevel: Unit["level"] };

/** Cadres (role cadre, active accounts) scoped at the province or one of its districts. */
export async function listCadres(db: Db, provinceId: number): Promise<CadreOption[]> {
  const rows = await db
    .select({ id: users.id, name: users.displayName, scopeName: units.name, scopeLevel: units.level })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(eq(users.role, "cadre"), eq(users.disabled, false), or(eq(units.id, provinceId), eq(units.provinceId, provinceId))))
    .all();
  const collator = new Intl.Collator("vi");
  return rows.sort((a, b) => collator.compare(a.name, b.name));
}

export type AssignmentInput = { cadreId: number; unitCode: string; role: string; planRef: string; periodFrom: string; periodTo: string | null };

export async function createAssignment(db: Db, admin: Actor, input: AssignmentInput, ip: string | null, claim: KeyClaim | null = null): Promise<AssignmentOutcome<number>> {
  const [cadre, unit] = await Promise.all([
    db.select({ id: users.id, role: users.role, unitId: users.unitId, disabled: users.disabled }).from(users).where(eq(users.id, input.cadreId)).get(),
    // The unit the code named when the assignment starts (codes were reused by the 2025 merger).
    unitByCode(db, input.unitCode.trim(), isoDateOrNull(input.periodFrom) ?? undefined),
  ]);
  if (!cadre) return { ok: false, kind: "invalid", errors: { cadreId: "Không tìm thấy cán bộ này." } };
  if (!unit) return { ok: false, kind: "invalid", errors: { unitCode: `Không tìm thấy đơn vị có mã "${input.unitCode.trim().slice(0, 20)}".` } };
  const provinceId = unit.provinceId ?? unit.id;
  if (provinceId !== admin.scope.id && provinceId !== admin.scope.provinceId) return { ok: false, kind: "invalid", errors: { unitCode: "Đơn vị nằm ngoài tỉnh của bạn." } };
  const [scope, province, existing] = await Promise.all([
    getUnit(db, cadre.unitId),
    getUnit(db, provinceId),
    db
      .select({ periodFrom: assignments.periodFrom, periodTo: assignments.periodTo })
      .from(assignments)
      .where(and(eq(assignments.unitId, unit.id), eq(assignments.cadreId, cadre.id)))
      .all(),
  ]);
  const period = { periodFrom: input.periodFrom, periodTo: input.periodTo };
  const errors = assignmentErrors({
    cadre: { role: cadre.role, scope: unitRef(scope!), disabled: cadre.disabled },
    unit: { ...unitRef(unit), validTo: unit.validTo },
    provinceTiers: province?.tiers ?? 3,
    periodFrom: input.periodFrom,
    periodTo: input.periodTo,
    duplicate: existing.some((e) => periodsOverlap(e, period)),
  });
  if (Object.keys(errors).length > 0) return { ok: false, kind: "invalid", errors };
  const values = {
    cadreId: cadre.id,
    unitId: unit.id,
    provinceId,
    role: input.role.trim(),
    planRef: input.planRef.trim() || null,
    periodFrom: input.periodFrom,
    periodTo: input.periodTo,
    createdBy: admin.id,
  };
  const [inserted] = await db.batch([
    db.insert(assignments).values(values).returning({ id: assignments.id }),
    auditStatement(db, { actorId: admin.id, action: "assignment.create", entity: "assignment", entityId: `${cadre.id}/${unit.code}`, after: values, ip }),
    ...(claim ? [claimStatement(db, claim, lastIdOf("assignments"))] : []),
  ]);
  return { ok: true, value: inserted[0].id };
}

/** Ends an assignment (the row stays: history). Version-checked. */
export async function endAssignment(db: Db, admin: Actor, id: number, input: { periodTo: string; version: number }, ip: string | null): Promise<AssignmentOutcome<null>> {
  const current = await getAssignment(db, id);
  if (!current) return { ok: false, kind: "not_found", errors: {} };
  if (current.version !== input.version) return { ok: false, kind: "conflict", errors: { form: "Phân công này vừa được người khác thay đổi. Trang đã được tải lại với dữ liệu mới." } };
  const problem = endDateError(current, input.periodTo);
  if (problem) return { ok: false, kind: current.periodTo !== null ? "conflict" : "invalid", errors: { periodTo: problem } };
  const [result] = await db.batch([
    db
      .update(assignments)
      .set({ periodTo: input.periodTo, version: current.version + 1 })
      .where(and(eq(assignments.id, id), eq(assignments.version, input.version))),
    auditIfChangedStatement(db, { actorId: admin.id, action: "assignment.end", entity: "assignment", entityId: id, before: { periodTo: null }, after: { periodTo: input.periodTo }, ip }),
  ]);
  if ((result as { meta?: { changes?: number } }).meta?.changes === 0) return { ok: false, kind: "conflict", errors: { form: "Phân công này vừa được người khác thay đổi." } };
  return { ok: true, value: null };
}

/** Days without a visit before a cadre shows in the coverage report (province setting, default 60). */
export async function visitGapDays(db: Db, provinceId: number): Promise<number> {
  const row = await db.select({ days: provinceSettings.visitGapDays }).from(provinceSettings).where(eq(provinceSettings.unitId, provinceId)).get();
  return row?.days ?? 60;
}

export async function setVisitGapDays(db: Db, admin: Actor, province: Unit, days: number, ip: string | null): Promise<void> {
  const before = await visitGapDays(db, province.id);
  await db.batch([
    db
      .insert(provinceSettings)
      .values({ unitId: province.id, recognitionChain: province.tiers === 2 ? "direct" : "district_review", visitGapDays: days })
      .onConflictDoUpdate({ target: provinceSettings.unitId, set: { visitGapDays: days, version: sql`${provinceSettings.version} + 1` } }),
    auditStatement(db, { actorId: admin.id, action: "province_settings.visitGapDays", entity: "province_settings", entityId: province.id, before: { visitGapDays: before }, after: { visitGapDays: days }, ip }),
  ]);
}

export type CoverageUnit = { id: number; code: string; name: string; parentName: string | null };

export type Coverage = {
  days: number;
  communes: { total: number; uncovered: CoverageUnit[] };
  hamlets: { total: number; uncovered: CoverageUnit[] } | null;
  cadres: CadreActivity[];
  idle: CadreActivity[];
};

/**
 * Coverage of a province (or one district): communes without an active provincial cadre, hamlets without
 * a district cadre (3-tier provinces), cadres without a visit in `days` days. Reads O(units + assignments).
 */
export async function coverage(db: Db, area: Unit, today: string, days: number): Promise<Coverage> {
  const provinceId = area.level === "province" ? area.id : area.provinceId!;
  const province = area.level === "province" ? area : (await getUnit(db, provinceId))!;
  const inArea = (level: "commune" | "hamlet") =>
    area.level === "province" ? and(eq(units.provinceId, provinceId), eq(units.level, level)) : and(eq(units.districtId, area.id), eq(units.level, level));
  const [communeRows, hamletRows, active, cadreList] = await Promise.all([
    db.select({ id: units.id, code: units.code, name: units.name, parentId: units.parentId, validTo: units.validTo }).from(units).where(inArea("commune")).all(),
    province.tiers === 3
      ? db.select({ id: units.id, code: units.code, name: units.name, parentId: units.parentId, validTo: units.validTo }).from(units).where(inArea("hamlet")).all()
      : Promise.resolve([]),
    db
      .select({ cadreId: assignments.cadreId, unitId: assignments.unitId, periodFrom: assignments.periodFrom, periodTo: assignments.periodTo })
      .from(assignments)
      .where(and(eq(assignments.provinceId, provinceId), activeOn(today)))
      .all(),
    listCadres(db, provinceId),
  ]);
  const current = active.filter((a) => isActive(a, today));
  const covered = new Set(current.map((a) => a.unitId));
  const open = <T extends { validTo: string | null }>(rows: T[]) => rows.filter((r) => r.validTo === null);
  const communes = open(communeRows);
  const hamlets = open(hamletRows);
  const parentIds = [...new Set(uncoveredUnits(hamlets, covered).map((h) => h.parentId!))];
  const parents = new Map(communes.map((c) => [c.id, c.name]));
  const missingParents = parentIds.filter((id) => !parents.has(id));
  if (missingParents.length) {
    for (const p of await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, missingParents.slice(0, 90))).all()) parents.set(p.id, p.name);
  }
  const collator = new Intl.Collator("vi");
  const view = (rows: typeof communes) =>
    rows
      .map((r) => ({ id: r.id, code: r.code, name: r.name, parentName: r.parentId ? parents.get(r.parentId) ?? null : null }))
      .sort((a, b) => collator.compare(a.parentName ?? "", b.parentName ?? "") || collator.compare(a.name, b.name));
  const unitsPerCadre = new Map<number, number>();
  for (const a of current) unitsPerCadre.set(a.cadreId, (unitsPerCadre.get(a.cadreId) ?? 0) + 1);
  const ids = cadreList.map((c) => c.id);
  const lastVisits = ids.length
    ? await db
        .select({ cadreId: visits.createdBy, last: max(visits.visitDate) })
        .from(visits)
        .where(inArray(visits.createdBy, ids.slice(0, 90)))
        .groupBy(visits.createdBy)
        .all()
    : [];
  const lastOf = new Map(lastVisits.map((v) => [v.cadreId, v.last]));
  const cadres: CadreActivity[] = cadreList.map((c) => ({ id: c.id, name: c.name, units: unitsPerCadre.get(c.id) ?? 0, lastVisit: lastOf.get(c.id) ?? null }));
  return {
    days,
    communes: { total: communes.length, uncovered: view(uncoveredUnits(communes, covered)) },
    hamlets: province.tiers === 3 ? { total: hamlets.length, uncovered: view(uncoveredUnits(hamlets, covered)) } : null,
    cadres,
    idle: cadresWithoutRecentVisit(cadres, today, days),
  };
}

export type BoardRow = {
  unitId: number;
  code: string;
  name: string;
  level: Unit["level"];
  commune: { id: number; code: string; name: string };
  role: string;
  planRef: string | null;
  periodFrom: string;
  levelReached: string | null;
  criteriaMet: number | null;
  criteriaTotal: number | null;
  lastVisit: string | null;
  openFeedback: number;
  sponsorReceived: number;
};

/**
 * The cadre's board (/me/communes): each assigned commune (or hamlet) with level reached, criteria met,
 * last visit, open feedback and sponsors' money received. A handful of indexed queries over the assigned units.
 */
export async function cadreBoard(db: Db, cadreId: number, today: string): Promise<BoardRow[]> {
  const rows = (
    await db
      .select({ a: { unitId: assignments.unitId, role: assignments.role, planRef: assignments.planRef, periodFrom: assignments.periodFrom, periodTo: assignments.periodTo }, u: units })
      .from(assignments)
      .innerJoin(units, eq(units.id, assignments.unitId))
      .where(and(eq(assignments.cadreId, cadreId), activeOn(today)))
      .all()
  ).filter((r) => isActive(r.a, today));
  if (rows.length === 0) return [];
  const communeIds = [...new Set(rows.map((r) => (r.u.level === "hamlet" ? r.u.communeId! : r.u.id)))].slice(0, 90);
  const hamletCommunes = communeIds.filter((id) => !rows.some((r) => r.u.id === id));
  const [communeRows, rollups, lastVisits, open, sponsors] = await Promise.all([
    hamletCommunes.length ? db.select({ id: units.id, code: units.code, name: units.name }).from(units).where(inArray(units.id, hamletCommunes)).all() : Promise.resolve([]),
    db.select().from(communeRollups).where(inArray(communeRollups.unitId, communeIds)).all(),
    db.select({ communeId: visits.communeId, last: max(visits.visitDate) }).from(visits).where(inArray(visits.communeId, communeIds)).groupBy(visits.communeId).all(),
    db
      .select({ unitId: feedbackItems.unitId, n: sql<number>`count(*)` })
      .from(feedbackItems)
      .where(and(inArray(feedbackItems.unitId, communeIds), inArray(feedbackItems.status, OPEN_STATUSES)))
      .groupBy(feedbackItems.unitId)
      .all(),
    db
      .select({ communeId: contributions.communeId, total: sum(contributions.receivedTotal) })
      .from(contributions)
      .where(and(inArray(contributions.communeId, communeIds), ne(contributions.status, "cancelled")))
      .groupBy(contributions.communeId)
      .all(),
  ]);
  const setIds = [...new Set(rollups.map((r) => r.setId))];
  const levels = setIds.length ? await db.select({ setId: criteriaLevels.setId, code: criteriaLevels.code, rank: criteriaLevels.rank }).from(criteriaLevels).where(inArray(criteriaLevels.setId, setIds)).all() : [];
  const baseLevel = new Map<number, string>();
  for (const l of [...levels].sort((a, b) => a.rank - b.rank)) if (!baseLevel.has(l.setId)) baseLevel.set(l.setId, l.code);
  const communeOf = new Map([...rows.filter((r) => r.u.level !== "hamlet").map((r) => [r.u.id, { id: r.u.id, code: r.u.code, name: r.u.name }] as const), ...communeRows.map((c) => [c.id, c] as const)]);
  const rollupOf = new Map(rollups.map((r) => [r.unitId, r]));
  const visitOf = new Map(lastVisits.map((v) => [v.communeId, v.last]));
  const openOf = new Map(open.map((o) => [o.unitId, Number(o.n)]));
  const sponsorOf = new Map(sponsors.map((s) => [s.communeId, Number(s.total ?? 0)]));
  const collator = new Intl.Collator("vi");
  return rows
    .map(({ a, u }) => {
      const communeId = u.level === "hamlet" ? u.communeId! : u.id;
      const rollup = rollupOf.get(communeId);
      const base = rollup ? baseLevel.get(rollup.setId) : undefined;
      return {
        unitId: u.id,
        code: u.code,
        name: u.name,
        level: u.level,
        commune: communeOf.get(communeId) ?? { id: communeId, code: "", name: "" },
        role: a.role,
        planRef: a.planRef,
        periodFrom: a.periodFrom,
        levelReached: rollup?.levelReached ?? null,
        criteriaMet: rollup ? rollup.criteriaMetBase : null,
        criteriaTotal: rollup && base ? (rollup.criteriaTotal[base] ?? null) : null,
        lastVisit: visitOf.get(communeId) ?? null,
        openFeedback: openOf.get(communeId) ?? 0,
        sponsorReceived: sponsorOf.get(communeId) ?? 0,
      };
    })
    .sort((x, y) => collator.compare(x.commune.name, y.commune.name) || collator.compare(x.name, y.name));
}

/** Active assignments on a unit (who follows it now). */
export async function assigneesOf(db: Db, unitIds: number[], today: string): Promise<{ unitId: number; cadreName: string }[]> {
  if (unitIds.length === 0) return [];
  const rows = await db
    .select({ unitId: assignments.unitId, cadreName: users.displayName, periodFrom: assignments.periodFrom, periodTo: assignments.periodTo })
    .from(assignments)
    .innerJoin(users, eq(users.id, assignments.cadreId))
    .where(and(inArray(assignments.unitId, unitIds), activeOn(today)))
    .orderBy(asc(users.displayName))
    .all();
  return rows.filter((r) => isActive(r, today));
}
