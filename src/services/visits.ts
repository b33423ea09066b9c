// Field visits: a cadre's visit to a commune or hamlet, whom they met, the residents' concerns (tâm tư,
// nguyện vọng) as items; a concern becomes a feedback item in one step (services/feedback.ts).
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { units, users, visitConcerns, visits, type Unit } from "../db/schema";
import { auditStatement } from "./audit";
import type { Actor } from "../domain/permissions";
import { claimStatement, lastIdOf, type KeyClaim } from "./idempotency";

export type Visit = typeof visits.$inferSelect;
export type Concern = typeof visitConcerns.$inferSelect;

export type VisitInput = { place: Unit; commune: Unit; visitDate: string; participants: string; metWith: string; summary: string; concerns: string[] };

/** One batch: the visit, its concerns, the audit row. Returns the new visit's id. */
export async function createVisit(db: Db, actor: Actor, input: VisitInput, nowIso: string, ip: string | null, claim: KeyClaim | null = null): Promise<number> {
  const values = {
    unitId: input.place.id,
    communeId: input.commune.id,
    provinceId: input.commune.provinceId!,
    visitDate: input.visitDate,
    participants: input.participants.trim(),
    metWith: input.metWith.trim() || null,
    summary: input.summary.trim(),
    createdBy: actor.id,
    createdAt: nowIso,
  };
  const newVisitId = sql`(select max(id) from visits)`;
  const [inserted] = await db.batch([
    db.insert(visits).values(values).returning({ id: visits.id }),
    // ≤ 30 concerns × 2 columns: one statement stays under D1's 100 bound parameters.
    ...(input.concerns.length ? [db.insert(visitConcerns).values(input.concerns.map((content) => ({ visitId: newVisitId, content })))] : []),
    auditStatement(db, {
      actorId: actor.id,
      action: "visit.create",
      entity: "visit",
      entityId: sql`(select cast(max(id) as text) from visits)`,
      after: { ...values, concerns: input.concerns },
      ip,
    }),
    ...(claim ? [claimStatement(db, claim, lastIdOf("visits"))] : []),
  ]);
  return (inserted as { id: number }[])[0].id;
}

export async function getVisit(db: Db, id: number): Promise<Visit | undefined> {
  return db.select().from(visits).where(eq(visits.id, id)).get();
}

export async function visitConcernsOf(db: Db, visitId: number): Promise<Concern[]> {
  return db.select().from(visitConcerns).where(eq(visitConcerns.visitId, visitId)).orderBy(asc(visitConcerns.id)).all();
}

export type VisitRow = Visit & { placeName: string; authorName: string; concerns: number; converted: number };

/** Visits to a commune and its hamlets (visits_commune_date index), newest first. */
export async function listVisits(db: Db, communeId: number, limit = 100): Promise<VisitRow[]> {
  const rows = await db.select().from(visits).where(eq(visits.communeId, communeId)).orderBy(desc(visits.visitDate), desc(visits.id)).limit(limit).all();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const placeIds = [...new Set(rows.map((r) => r.unitId))];
  const authorIds = [...new Set(rows.map((r) => r.createdBy))];
  const [counts, places, authors] = await Promise.all([
    db
      .select({ visitId: visitConcerns.visitId, n: sql<number>`count(*)`, converted: sql<number>`count(${visitConcerns.feedbackId})` })
      .from(visitConcerns)
      .where(inArray(visitConcerns.visitId, ids))
      .groupBy(visitConcerns.visitId)
      .all(),
    db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, placeIds.slice(0, 90))).all(),
    db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, authorIds.slice(0, 90))).all(),
  ]);
  const count = new Map(counts.map((c) => [c.visitId, c]));
  const place = new Map(places.map((p) => [p.id, p.name]));
  const author = new Map(authors.map((a) => [a.id, a.name]));
  return rows.map((r) => ({
    ...r,
    placeName: place.get(r.unitId) ?? "",
    authorName: author.get(r.createdBy) ?? "",
    concerns: Number(count.get(r.id)?.n ?? 0),
    converted: Number(count.get(r.id)?.converted ?? 0),
  }));
}

export async function authorName(db: Db, userId: number): Promise<string> {
  return (await db.select({ name: users.displayName }).from(users).where(eq(users.id, userId)).get())?.name ?? "";
}

/** The hamlets of a commune (for the "place" select). */
export async function hamletsOf(db: Db, communeId: number): Promise<Pick<Unit, "id" | "code" | "name">[]> {
  return db
    .select({ id: units.id, code: units.code, name: units.name })
    .from(units)
    .where(and(eq(units.parentId, communeId), eq(units.level, "hamlet")))
    .orderBy(asc(units.nameFolded))
    .all();
}
