// Projects (công trình) of a commune: budget by source, status, progress; the sponsors' share comes from
// the contributions linked to each project.
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { contributions, criteria, projects, sponsors, units, type Unit } from "../db/schema";
import { projectSponsorShare, publicSponsorName, type LedgerRow } from "../domain/ledger";
import type { ProjectInput } from "../domain/ledger-forms";
import { auditStatement } from "./audit";
import { claimStatement, lastIdOf, type KeyClaim } from "./idempotency";
import { asBatch, auditInsertedStatement, communeOptions, guardStatement, isStale, ledgerFigureColumns } from "./ledger-common";
import { provinceIdOf } from "../domain/permissions";
import type { Failure, Outcome } from "../domain/outcome";
import type { ProjectDetail, ProjectRow } from "../web/ledger-view";

export type Project = typeof projects.$inferSelect;

const ledgerColumns = {
  projectId: contributions.projectId,
  ...ledgerFigureColumns,
};

/** A commune's projects with their sponsor share: two indexed reads (projects, contributions of the commune). */
export async function listProjects(db: Db, commune: Unit, today: string): Promise<ProjectRow[]> {
  const [list, rows, hamlets, crit] = await Promise.all([
    db.select().from(projects).where(eq(projects.communeId, commune.id)).orderBy(desc(projects.id)).limit(200).all(),
    db.select(ledgerColumns).from(contributions).where(eq(contributions.communeId, commune.id)).all(),
    db.select({ id: units.id, name: units.name }).from(units).where(and(eq(units.parentId, commune.id), eq(units.level, "hamlet"))).all(),
    criteriaNames(db, commune),
  ]);
  const byProject = new Map<number | null, LedgerRow[]>();
  for (const r of rows) byProject.set(r.projectId, [...(byProject.get(r.projectId) ?? []), r]);
  return list.map((p) => ({
    p,
    share: projectSponsorShare(p, byProject.get(p.id) ?? [], today),
    hamletName: hamlets.find((h) => h.id === p.hamletId)?.name ?? null,
    criterionName: crit.get(p.criterionId ?? 0) ?? null,
  }));
}

async function criteriaNames(db: Db, commune: Unit): Promise<Map<number, string>> {
  const opts = await communeOptions(db, commune, null);
  return new Map(opts.criteria.map((c) => [c.value, c.label]));
}

export async function loadProject(db: Db, id: number, today: string): Promise<{ detail: ProjectDetail; commune: Unit } | null> {
  const p = await db.select().from(projects).where(eq(projects.id, id)).get();
  if (!p) return null;
  const commune = await db.select().from(units).where(eq(units.id, p.communeId)).get();
  if (!commune) return null;
  const [rows, hamlet, criterion] = await Promise.all([
    db
      .select({ ...ledgerColumns, id: contributions.id, pledgedAt: contributions.pledgedAt, sponsorName: sponsors.name, publicConsent: sponsors.publicConsent, publicName: sponsors.publicName })
      .from(contributions)
      .innerJoin(sponsors, eq(sponsors.id, contributions.sponsorId))
      .where(eq(contributions.projectId, p.id))
      .all(),
    p.hamletId ? db.select({ name: units.name }).from(units).where(eq(units.id, p.hamletId)).get() : undefined,
    p.criterionId ? db.select({ number: criteria.number, name: criteria.name }).from(criteria).where(eq(criteria.id, p.criterionId)).get() : undefined,
  ]);
  return {
    commune,
    detail: {
      p,
      share: projectSponsorShare(p, rows, today),
      hamletName: hamlet?.name ?? null,
      criterionName: criterion ? `${criterion.number}. ${criterion.name}` : null,
      contributions: rows.map((r) => ({
        id: r.id,
        sponsorName: r.sponsorName,
        publicName: publicSponsorName({ ...r, name: r.sponsorName }),
        kind: r.kind,
        status: r.status,
        amount: r.amount,
        receivedTotal: r.receivedTotal,
        pledgedAt: r.pledgedAt,
      })),
    },
  };
}

export type ProjectOutcome = Outcome<{ id: number }, Failure<"invalid", { errors: Record<string, string> }> | Failure<"conflict", { current: Project }>>;

async function checkLinks(db: Db, commune: Unit, input: ProjectInput): Promise<Record<string, string>> {
  const opts = await communeOptions(db, commune, null);
  const errors: Record<string, string> = {};
  if (input.hamletId !== null && !opts.hamlets.some((h) => h.value === input.hamletId)) errors.hamletId = "Ấp không thuộc xã này.";
  if (input.criterionId !== null && !opts.criteria.some((c) => c.value === input.criterionId)) errors.criterionId = "Tiêu chí không thuộc bộ tiêu chí của xã.";
  return errors;
}

export async function createProject(db: Db, actorId: number, commune: Unit, input: ProjectInput, ip: string | null = null, claim: KeyClaim | null = null): Promise<ProjectOutcome> {
  const errors = await checkLinks(db, commune, input);
  if (Object.keys(errors).length) return { ok: false, kind: "invalid", errors };
  const results = await db.batch([
    db
      .insert(projects)
      .values({ ...input, communeId: commune.id, provinceId: provinceIdOf(commune), districtId: commune.districtId, createdBy: actorId })
      .returning({ id: projects.id }),
    auditInsertedStatement(db, { actorId, action: "project.create", entity: "project", table: "projects", after: { ...input, communeCode: commune.code }, ip }),
    ...(claim ? [claimStatement(db, claim, lastIdOf("projects"))] : []),
  ]);
  return { ok: true, id: (results[0] as { id: number }[])[0].id };
}

export async function updateProject(db: Db, actorId: number, commune: Unit, current: Project, input: ProjectInput, version: number, ip: string | null = null): Promise<ProjectOutcome> {
  const errors = await checkLinks(db, commune, input);
  if (Object.keys(errors).length) return { ok: false, kind: "invalid", errors };
  if (current.version !== version) return { ok: false, kind: "conflict", current };
  try {
    await db.batch(
      asBatch([
        db.update(projects).set({ ...input, version: version + 1 }).where(and(eq(projects.id, current.id), eq(projects.version, version))),
        guardStatement(db),
        auditStatement(db, { actorId, action: "project.update", entity: "project", entityId: current.id, before: projectFields(current), after: input, ip }),
      ]),
    );
  } catch (error) {
    if (!isStale(error)) throw error;
    const now = await db.select().from(projects).where(eq(projects.id, current.id)).get();
    return { ok: false, kind: "conflict", current: now ?? current };
  }
  return { ok: true, id: current.id };
}

const projectFields = (p: Project) => ({
  name: p.name,
  hamletId: p.hamletId,
  criterionId: p.criterionId,
  status: p.status,
  progress: p.progress,
  budgetState: p.budgetState,
  budgetCommune: p.budgetCommune,
  budgetResidents: p.budgetResidents,
  budgetSponsors: p.budgetSponsors,
  budgetOther: p.budgetOther,
  startDate: p.startDate,
  endDate: p.endDate,
});

