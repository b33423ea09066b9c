// Issue 21 "xã nắm tới hộ": the commune's staff assign commune-level users to the commune's hamlets (rows of the
// one `assignments` table, so history, ending and the cadre's board work as for the province's assignments), and
// the commune's hamlet coverage: who follows each hamlet, its last visit, its household counts (no household row).
import { and, eq, inArray, isNull, max, sql } from "drizzle-orm";
import type { HamletCoverageRow, HamletHistoryRow } from "../web/hamlets-view";
import type { Db } from "../db/client";
import { assignments, hamletCriteriaSets, hamletRecognitions, households, units, users, visits, type Unit } from "../db/schema";
import { hamletAssignmentErrors } from "../domain/hamlets";
import { isActive, periodsOverlap } from "../domain/assignments";
import type { Actor } from "../domain/permissions";
import { auditStatement } from "./audit";
import { getUnit } from "./units";
import type { AssignmentOutcome } from "./assignments";
import { claimStatement, lastIdOf, type KeyClaim } from "./idempotency";

export type CommuneUser = { id: number; name: string; role: "commune_staff" | "cadre" };

/** Active accounts working in the commune (its staff and commune cadres): who may be assigned its hamlets. */
export async function communeUsers(db: Db, communeId: number): Promise<CommuneUser[]> {
  const rows = await db
    .select({ id: users.id, name: users.displayName, role: users.role })
    .from(users)
    .where(and(eq(users.unitId, communeId), eq(users.disabled, false), inArray(users.role, ["commune_staff", "cadre"])))
    .all();
  const collator = new Intl.Collator("vi");
  return (rows as CommuneUser[]).sort((a, b) => collator.compare(a.name, b.name));
}

/** Open hamlets of a commune (units_parent index), by name. */
export async function openHamlets(db: Db, communeId: number): Promise<Pick<Unit, "id" | "code" | "name" | "households">[]> {
  const rows = await db
    .select({ id: units.id, code: units.code, name: units.name, households: units.households })
    .from(units)
    .where(and(eq(units.parentId, communeId), eq(units.level, "hamlet"), isNull(units.validTo)))
    .all();
  const collator = new Intl.Collator("vi");
  return rows.sort((a, b) => collator.compare(a.name, b.name));
}

export type HamletAssignmentInput = { userId: number; hamletId: number; role: string; periodFrom: string; periodTo: string | null };

/** One batch: the assignment and its audit row. */
export async function createHamletAssignment(db: Db, actor: Actor, commune: Unit, input: HamletAssignmentInput, ip: string | null, claim: KeyClaim | null = null): Promise<AssignmentOutcome<number>> {
  const [assignee, hamlet, existing] = await Promise.all([
    db.select({ id: users.id, role: users.role, unitId: users.unitId, disabled: users.disabled }).from(users).where(eq(users.id, input.userId)).get(),
    getUnit(db, input.hamletId),
    db
      .select({ periodFrom: assignments.periodFrom, periodTo: assignments.periodTo })
      .from(assignments)
      .where(and(eq(assignments.unitId, input.hamletId), eq(assignments.cadreId, input.userId)))
      .all(),
  ]);
  const period = { periodFrom: input.periodFrom, periodTo: input.periodTo };
  const errors = hamletAssignmentErrors({
    communeId: commune.id,
    assignee: assignee ?? null,
    hamlet: hamlet ? { level: hamlet.level, parentId: hamlet.parentId, validTo: hamlet.validTo } : null,
    periodFrom: input.periodFrom,
    periodTo: input.periodTo,
    duplicate: existing.some((e) => periodsOverlap(e, period)),
  });
  if (Object.keys(errors).length > 0) return { ok: false, kind: "invalid", errors };
  const values = {
    cadreId: input.userId,
    unitId: input.hamletId,
    provinceId: commune.provinceId!,
    role: input.role.trim(),
    planRef: null,
    periodFrom: input.periodFrom,
    periodTo: input.periodTo,
    createdBy: actor.id,
  };
  const [inserted] = await db.batch([
    db.insert(assignments).values(values).returning({ id: assignments.id }),
    auditStatement(db, { actorId: actor.id, action: "assignment.create", entity: "assignment", entityId: `${input.userId}/${hamlet!.code}`, after: values, ip }),
    ...(claim ? [claimStatement(db, claim, lastIdOf("assignments"))] : []),
  ]);
  return { ok: true, value: inserted[0].id };
}


/**
 * The commune's hamlets with who follows each today, the last visit to each and household counts. Four indexed
 * queries: hamlets, assignments on them, last visit per place, household counts per hamlet.
 */
export async function hamletCoverage(db: Db, commune: Unit, today: string): Promise<{ rows: HamletCoverageRow[]; history: HamletHistoryRow[] }> {
  const hamlets = await openHamlets(db, commune.id);
  const ids = hamlets.map((h) => h.id).slice(0, 90);
  if (ids.length === 0) return { rows: [], history: [] };
  const [assigned, lastVisits, counts, recognised] = await Promise.all([
    db
      .select({ id: assignments.id, unitId: assignments.unitId, userId: assignments.cadreId, name: users.displayName, role: assignments.role, periodFrom: assignments.periodFrom, periodTo: assignments.periodTo, version: assignments.version })
      .from(assignments)
      .innerJoin(users, eq(users.id, assignments.cadreId))
      .where(inArray(assignments.unitId, ids))
      .all(),
    db.select({ unitId: visits.unitId, last: max(visits.visitDate) }).from(visits).where(eq(visits.communeId, commune.id)).groupBy(visits.unitId).all(),
    db
      .select({
        hamletId: households.hamletId,
        listed: sql<number>`count(*)`,
        cleanWater: sql<number>`sum(case when ${households.cleanWater} = 1 then 1 else 0 end)`,
        sanitation: sql<number>`sum(case when ${households.sanitation} = 1 then 1 else 0 end)`,
        solidHousing: sql<number>`sum(case when ${households.housing} in ('solid', 'semi_solid') then 1 else 0 end)`,
        poor: sql<number>`sum(case when ${households.poverty} = 'poor' then 1 else 0 end)`,
        nearPoor: sql<number>`sum(case when ${households.poverty} = 'near_poor' then 1 else 0 end)`,
      })
      .from(households)
      .where(eq(households.communeId, commune.id))
      .groupBy(households.hamletId)
      .all(),
    db
      .select({ hamletId: hamletRecognitions.hamletId, title: hamletCriteriaSets.title })
      .from(hamletRecognitions)
      .innerJoin(hamletCriteriaSets, eq(hamletCriteriaSets.id, hamletRecognitions.setId))
      .where(eq(hamletRecognitions.communeId, commune.id))
      .all(),
  ]);
  const visitOf = new Map(lastVisits.map((v) => [v.unitId, v.last]));
  const countOf = new Map(counts.map((c) => [c.hamletId, c]));
  const nameOf = new Map(hamlets.map((h) => [h.id, h.name]));
  const rows = hamlets.map((h) => {
    const c = countOf.get(h.id);
    return {
      id: h.id,
      code: h.code,
      name: h.name,
      officialHouseholds: h.households,
      assignees: assigned
        .filter((a) => a.unitId === h.id && isActive(a, today))
        .map((a) => ({ assignmentId: a.id, userId: a.userId, name: a.name, role: a.role, periodFrom: a.periodFrom, version: a.version })),
      lastVisit: visitOf.get(h.id) ?? null,
      recognitions: recognised.filter((r) => r.hamletId === h.id).map((r) => r.title),
      listed: Number(c?.listed ?? 0),
      cleanWater: Number(c?.cleanWater ?? 0),
      sanitation: Number(c?.sanitation ?? 0),
      solidHousing: Number(c?.solidHousing ?? 0),
      poor: Number(c?.poor ?? 0),
      nearPoor: Number(c?.nearPoor ?? 0),
    };
  });
  const history = assigned
    .map((a) => ({ id: a.id, hamletName: nameOf.get(a.unitId) ?? "", userName: a.name, role: a.role, periodFrom: a.periodFrom, periodTo: a.periodTo }))
    .sort((a, b) => b.periodFrom.localeCompare(a.periodFrom) || b.id - a.id);
  return { rows, history };
}

/** Whether an assignment is on a hamlet of this commune (ending it is the commune's business). */
export async function hamletAssignmentOf(db: Db, communeId: number, id: number) {
  return db
    .select({ id: assignments.id, unitId: assignments.unitId })
    .from(assignments)
    .innerJoin(units, eq(units.id, assignments.unitId))
    .where(and(eq(assignments.id, id), eq(units.parentId, communeId), eq(units.level, "hamlet")))
    .get();
}
