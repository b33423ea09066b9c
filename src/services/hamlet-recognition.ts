// Issue 21: hamlet recognitions. The province's admin loads hamlet-level criteria sets (source, verified flag);
// the commune's staff keep each hamlet's checklist; the commune or the province (as the set says) records the
// decision; counts per set for a commune or a province feed the progress pages.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../db/client";
import { inBatch, preparedOnce } from "../db/prepared";
import { hamletChecks, hamletCriteria, hamletCriteriaSets, hamletRecognitions, type HamletCriteriaSet, type Unit } from "../db/schema";
import { meetsAll, type HamletSetFile } from "../domain/hamlets";
import type { Actor } from "../domain/permissions";
import { auditStatement } from "./audit";
import type { Failure, Outcome } from "../domain/outcome";

export async function listHamletSets(db: Db, provinceId: number): Promise<HamletCriteriaSet[]> {
  return hamletSetsQuery(db).all({ provinceId });
}

/** On every progress page: built once per isolate (src/db/prepared.ts). */
const hamletSetsQuery = preparedOnce((db) =>
  db.select().from(hamletCriteriaSets).where(eq(hamletCriteriaSets.provinceId, sql.placeholder("provinceId"))).orderBy(hamletCriteriaSets.code).prepare(),
);

/** Loads a new set for the province (one batch: set, criteria, audit); a code already used in the province is refused. */
export async function loadHamletSet(db: Db, actor: Actor, provinceId: number, file: HamletSetFile, ip: string | null): Promise<Outcome<{ id: number }, Failure<"conflict", { errors: string[] }>>> {
  const existing = await db.select({ id: hamletCriteriaSets.id }).from(hamletCriteriaSets).where(and(eq(hamletCriteriaSets.provinceId, provinceId), eq(hamletCriteriaSets.code, file.code))).get();
  if (existing) return { ok: false, kind: "conflict", errors: [`Tỉnh đã có bộ tiêu chí mã “${file.code}”.`] };
  const setId = sql`(select max(id) from hamlet_criteria_sets)`;
  const [inserted] = await db.batch([
    db
      .insert(hamletCriteriaSets)
      .values({ provinceId, code: file.code, name: file.name, title: file.title, decidedBy: file.decidedBy, source: file.source, verified: file.verified, createdBy: actor.id })
      .returning({ id: hamletCriteriaSets.id }),
    // ≤ 60 criteria × 5 columns: chunks of 20 rows stay under D1's 100 bound parameters.
    ...Array.from({ length: Math.ceil(file.criteria.length / 19) }, (_, k) =>
      db.insert(hamletCriteria).values(file.criteria.slice(k * 19, k * 19 + 19).map((c, i) => ({ setId, number: k * 19 + i + 1, name: c.name, source: c.source, verified: c.verified }))),
    ),
    auditStatement(db, { actorId: actor.id, action: "hamlet_set.load", entity: "hamlet_criteria_set", entityId: file.code, after: { ...file, criteria: file.criteria.length }, ip }),
  ]);
  return { ok: true, id: (inserted as { id: number }[])[0].id };
}

export type HamletSetView = {
  set: HamletCriteriaSet;
  criteria: { id: number; number: number; name: string; source: string; verified: boolean; met: boolean | null; note: string | null }[];
  allMet: boolean;
  recognition: typeof hamletRecognitions.$inferSelect | null;
};

/** Every set of the province with this hamlet's checks and recognition: four indexed reads. */
export async function hamletChecklist(db: Db, hamlet: Unit): Promise<HamletSetView[]> {
  const sets = await listHamletSets(db, hamlet.provinceId!);
  if (sets.length === 0) return [];
  const ids = sets.map((s) => s.id);
  const [criteria, checks, recognitions] = await Promise.all([
    db.select().from(hamletCriteria).where(inArray(hamletCriteria.setId, ids)).orderBy(hamletCriteria.setId, hamletCriteria.number).all(),
    db.select().from(hamletChecks).where(eq(hamletChecks.hamletId, hamlet.id)).all(),
    db.select().from(hamletRecognitions).where(eq(hamletRecognitions.hamletId, hamlet.id)).all(),
  ]);
  const checkOf = new Map(checks.map((c) => [c.criterionId, c]));
  return sets.map((set) => {
    const list = criteria.filter((c) => c.setId === set.id);
    const met = new Map(list.map((c) => [c.id, checkOf.get(c.id)?.met ?? false]));
    return {
      set,
      criteria: list.map((c) => ({ id: c.id, number: c.number, name: c.name, source: c.source, verified: c.verified, met: checkOf.get(c.id)?.met ?? null, note: checkOf.get(c.id)?.note ?? null })),
      allMet: meetsAll(list.map((c) => c.id), met),
      recognition: recognitions.find((r) => r.setId === set.id) ?? null,
    };
  });
}

/** Saves the hamlet's checklist for one set (every criterion: met or not, a note). One batch with its audit row. */
export async function saveHamletChecks(db: Db, actor: Actor, hamlet: Unit, setId: number, checks: { criterionId: number; met: boolean; note: string | null }[], nowIso: string, ip: string | null) {
  const criteria = await db.select({ id: hamletCriteria.id }).from(hamletCriteria).where(eq(hamletCriteria.setId, setId)).all();
  const known = new Set(criteria.map((c) => c.id));
  const rows = checks.filter((c) => known.has(c.criterionId));
  if (rows.length === 0) return { ok: false as const, kind: "invalid" as const };
  const statements: BatchItem<"sqlite">[] = [
    ...rows.map((c) =>
      db
        .insert(hamletChecks)
        .values({ hamletId: hamlet.id, criterionId: c.criterionId, setId, met: c.met, note: c.note, updatedBy: actor.id, updatedAt: nowIso })
        .onConflictDoUpdate({ target: [hamletChecks.hamletId, hamletChecks.criterionId], set: { met: c.met, note: c.note, updatedBy: actor.id, updatedAt: nowIso } }),
    ),
    auditStatement(db, { actorId: actor.id, action: "hamlet_checks.save", entity: "hamlet", entityId: hamlet.code, after: { setId, met: rows.filter((r) => r.met).length, of: criteria.length }, ip }),
  ];
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return { ok: true as const };
}

export type DecisionInput = { decisionNumber: string; decisionDate: string; signer: string };

/** Records the decision recognising a hamlet under a set; refused unless every criterion is met and it is not yet recognised. */
export async function recogniseHamlet(db: Db, actor: Actor, hamlet: Unit, view: HamletSetView, input: DecisionInput, ip: string | null): Promise<Outcome<{}, Failure<"conflict" | "invalid", { message: string }>>> {
  if (view.recognition) return { ok: false, kind: "conflict", message: `Ấp đã được công nhận ${view.set.title} (quyết định ${view.recognition.decisionNumber}).` };
  if (!view.allMet) return { ok: false, kind: "invalid", message: "Ấp chưa đạt đủ các tiêu chí của bộ tiêu chí này: chưa thể công nhận." };
  const values = {
    hamletId: hamlet.id,
    communeId: hamlet.communeId!,
    provinceId: hamlet.provinceId!,
    setId: view.set.id,
    decidedBy: view.set.decidedBy,
    decisionNumber: input.decisionNumber,
    decisionDate: input.decisionDate,
    signer: input.signer,
    recordedBy: actor.id,
  };
  await db.batch([
    db.insert(hamletRecognitions).values(values).onConflictDoNothing(),
    auditStatement(db, { actorId: actor.id, action: "hamlet.recognise", entity: "hamlet", entityId: hamlet.code, after: values, ip }),
  ]);
  return { ok: true };
}

export type HamletRecognitionCount = { setId: number; code: string; title: string; recognised: number };

/** Recognised hamlets per set in a province or a commune (every progress page), built once per isolate. */
const recognisedCounts = preparedOnce((db) => {
  const count = (where: ReturnType<typeof eq>) => db.select({ setId: hamletRecognitions.setId, n: sql<number>`count(*)` }).from(hamletRecognitions).where(where).groupBy(hamletRecognitions.setId).prepare();
  return { province: count(eq(hamletRecognitions.provinceId, sql.placeholder("id"))), commune: count(eq(hamletRecognitions.communeId, sql.placeholder("id"))) };
});

/** Recognised hamlets per set of the province, for a commune or the whole province (indexed counts). */
export async function hamletRecognitionCounts(db: Db, provinceId: number, communeId: number | null): Promise<HamletRecognitionCount[]> {
  // The sets and the counts in one batch (one D1 round trip): without sets there are no recognitions to count.
  return hamletCountsFrom(await db.batch(hamletCountsReads(db, provinceId, communeId)));
}

/** hamletRecognitionCounts' two reads, as items of a caller's db.batch (read the results with hamletCountsFrom). */
export function hamletCountsReads(db: Db, provinceId: number, communeId: number | null) {
  const counts = recognisedCounts(db);
  return [inBatch(hamletSetsQuery(db), { provinceId }), communeId === null ? inBatch(counts.province, { id: provinceId }) : inBatch(counts.commune, { id: communeId })] as const;
}

type HamletCountRows = [Awaited<ReturnType<ReturnType<typeof hamletSetsQuery>["all"]>>, Awaited<ReturnType<ReturnType<typeof recognisedCounts>["province"]["all"]>>];

export function hamletCountsFrom([sets, rows]: Readonly<HamletCountRows>): HamletRecognitionCount[] {
  if (sets.length === 0) return [];
  const count = new Map(rows.map((r) => [r.setId, Number(r.n)]));
  return sets.map((s) => ({ setId: s.id, code: s.code, title: s.title, recognised: count.get(s.id) ?? 0 }));
}
