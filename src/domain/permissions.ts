// The one permission check: can(actor, action, resource). Pure: routes load the resource, then ask.
import type { Role, UnitLevel } from "../db/schema";

/** A unit with its ancestor ids, enough to decide scope without another query. */
export type UnitRef = {
  id: number;
  level: UnitLevel;
  provinceId: number | null;
  districtId: number | null;
  communeId: number | null;
  /** The unit has closed (merged away on 1/7/2025): its data is an archive, read-only. */
  closed?: boolean;
  /** A closed unit's successors: whoever may read one of them may read the closed unit's archive. */
  heirs?: UnitRef[];
};

/** The province a unit is in (a province is its own); every unit below a province records its province. */
export function provinceIdOf(u: Pick<UnitRef, "id" | "level" | "provinceId">): number {
  return u.level === "province" || u.provinceId === null ? u.id : u.provinceId;
}

export type Actor = {
  id: number;
  role: Role;
  /** The unit the user works in; its subtree is the user's scope. */
  scope: UnitRef;
  departmentId: number | null;
};

export const ACTIONS = [
  /** See a unit's name, parent chain, children and counts (own subtree, plus the ancestors above it for context). */
  "unit.view",
  /** See a unit's working data (checklist, progress detail): own subtree only. */
  "unit.viewData",
  /** Create users, change role and scope, disable, reset passwords: admin, within the admin's province. */
  "user.manage",
  /** Read the audit log. */
  "audit.view",
  /** Edit a commune's indicator values and evidence: the commune's own staff. */
  "checklist.edit",
  /** Load, export, clone criteria sets; edit and verify targets; bind communes: admin. */
  "criteria.manage",
  /** Progress pages: levels, targets, pass rates, trend, emulation and exports of a unit: leaders and admins within scope. */
  "progress.view",
  /** Progress targets (edit per unit and year, audited, versioned) and on-demand rollup snapshots: admin within scope. */
  "progress.manage",
  /** Sponsors ledger: see contributions, receipts, projects and ledger reports of a unit, sponsor names but no contact data: admin, leaders, cadres and commune staff within scope (not departments). */
  "ledger.view",
  /** Record a sponsor's pledge for a commune (with a new sponsor), cancel it: admin within scope; a cadre with an active assignment to the commune (resource.assigned); the commune's own staff. */
  "contribution.record",
  /** Record a receipt (phiếu thu) or confirm labour/land delivered for a commune: the commune's own staff; admin within scope. */
  "receipt.record",
  /** See and edit a sponsor's contact details, consent and public name: admin within scope; staff of a commune the sponsor contributed to (resource.unit); the cadre who mobilised them (resource.mobilisedBy). */
  "sponsor.contact",
  /** Merge two sponsors of the province found to be the same (issue 14): admin within scope. */
  "sponsor.merge",
  /** Create and edit a commune's projects (công trình): admin within scope; the commune's own staff. */
  "project.manage",
  /** Configure a commune's NTM fund account (VietQR on the public page): admin within scope. */
  "fund.manage",
  /** Recognition: register, self-assess, fill and submit a commune's dossier: the commune's own staff. */
  "dossier.prepare",
  /** Recognition: review (thẩm tra) dossiers of a district's communes, return them: leaders whose scope is that district (3-tier chain). */
  "dossier.review",
  /** Recognition: appraise (thẩm định) dossiers, return them, set the province's chain, run the yearly review: admin within scope. */
  "dossier.appraise",
  /** Recognition: record decisions (recognise, not recognise, revoke): leaders whose scope is the province. */
  "dossier.decide",
  /** Support assignments: assign cadres to communes/hamlets, end assignments: admin within scope. */
  "assignment.manage",
  /** Coverage report (units without a cadre, cadres without recent visits): admin and leaders within scope. */
  "assignment.report",
  /** Log a field visit to a commune or hamlet: a cadre with an active assignment covering it (resource.assigned). */
  "visit.log",
  /** Read visits of a unit: admin, leaders and commune staff within scope; a cadre assigned to it or who logged the visit (resource.createdBy). */
  "visit.view",
  /** Send a feedback item (ý kiến, phản ánh, kiến nghị) for a commune: its own staff; a cadre assigned to it. */
  "feedback.create",
  /** Read a feedback item: admin, leaders and commune staff within scope; the assigned cadre or its author; the department it is routed to (resource.departmentId). */
  "feedback.view",
  /** Coordinator of the feedback loop: route, re-route, close items of the province: admin within scope. */
  "feedback.route",
  /** Department side of an item routed to it (resource.departmentId): accept, return, answer. */
  "feedback.answer",
  /** Sender side of an item: rate the answer, follow up: the commune's staff; the assigned cadre or the item's author. */
  "feedback.rate",
  /** A department's inbox (resource.departmentId, resource.unit = its province): its own users; admin and province leaders. */
  "feedback.inbox",
  /** Feedback categories, public holidays, visit-gap setting: admin within scope. */
  "feedback.configure",
  /** Feedback reports (monthly digest, on-time rate per department, overdue list): admin and leaders within scope. */
  "feedback.report",
  /** Issue 21 "xã nắm tới hộ": assign commune-level users to the commune's hamlets, end those assignments: the commune's own staff; admin within scope. */
  "hamlet.assign",
  /** The commune's hamlets with who follows each, the last visit and household counts (no household row): everyone in scope but departments. */
  "hamlet.view",
  /** Households of a commune (personal data, Law 91/2025/QH15): list, add, follow up, import, delete: the commune's own staff and the admin within scope. Nobody else. */
  "household.access",
  /** A hamlet's checklist against the province's hamlet-level sets (khu dân cư kiểu mẫu…), and a decision of a set the commune decides: the commune's own staff. */
  "hamlet.checklist",
] as const;
export type Action = (typeof ACTIONS)[number];

export type Resource = {
  unit?: UnitRef;
  /** Sponsors: the user who mobilised the sponsor (sponsors.mobilised_by), loaded by the route. */
  mobilisedBy?: number | null;
  /** The actor holds an active support assignment (assignments.period_to NULL) covering the unit, loaded by the route. */
  assigned?: boolean;
  /** Feedback: the author of the visit or feedback item acted on. */
  createdBy?: number | null;
  /** Feedback: the department an item is routed to, or whose inbox is opened. */
  departmentId?: number | null;
};

function ancestorsAndSelf(unit: UnitRef): number[] {
  return [unit.provinceId, unit.districtId, unit.communeId, unit.id].filter((id): id is number => id !== null);
}

/** True when `unit` is `scope` or lies under it. */
export function withinScope(scope: UnitRef, unit: UnitRef): boolean {
  return ancestorsAndSelf(unit).includes(scope.id);
}

/** True when `unit` is above `scope` in the tree (the path a user walks down to reach their own unit). */
export function isAncestorOf(unit: UnitRef, scope: UnitRef): boolean {
  return unit.id !== scope.id && ancestorsAndSelf(scope).includes(unit.id);
}

/** Writes refused on a closed unit's data (its 2021–2025 archive): the unit's pages stay readable. */
const ARCHIVE_READ_ONLY: ReadonlySet<Action> = new Set<Action>([
  "checklist.edit", "criteria.manage", "progress.manage", "contribution.record", "receipt.record", "project.manage", "fund.manage",
  "dossier.prepare", "dossier.review", "dossier.appraise", "dossier.decide", "visit.log", "feedback.create",
  "hamlet.assign", "household.access", "hamlet.checklist",
]);

export function can(actor: Actor | null, action: Action, resource: Resource = {}): boolean {
  if (!actor) return false;
  const unit = resource.unit;
  if (unit?.closed && ARCHIVE_READ_ONLY.has(action)) return false;
  if (unit?.heirs?.length && ARCHIVE_READS.has(action) && !canDirectly(actor, action, resource)) {
    return unit.heirs.some((heir) => canDirectly(actor, action, { ...resource, unit: heir }));
  }
  return canDirectly(actor, action, resource);
}

/** Reads of a closed unit's archive that its successors' readers may also do. */
const ARCHIVE_READS: ReadonlySet<Action> = new Set<Action>(["unit.view", "unit.viewData", "progress.view", "ledger.view", "visit.view"]);

function canDirectly(actor: Actor, action: Action, resource: Resource): boolean {
  const unit = resource.unit;
  switch (action) {
    case "unit.view":
      return !!unit && (withinScope(actor.scope, unit) || isAncestorOf(unit, actor.scope));
    case "unit.viewData":
      return !!unit && withinScope(actor.scope, unit);
    case "user.manage":
      return actor.role === "admin" && (!unit || withinScope(actor.scope, unit));
    case "audit.view":
      return actor.role === "admin";
    case "checklist.edit":
      return actor.role === "commune_staff" && !!unit && unit.level === "commune" && withinScope(actor.scope, unit);
    case "criteria.manage":
      return actor.role === "admin" && (!unit || withinScope(actor.scope, unit));
    case "progress.view":
      return (actor.role === "leader" || actor.role === "admin") && !!unit && withinScope(actor.scope, unit);
    case "progress.manage":
      return actor.role === "admin" && !!unit && withinScope(actor.scope, unit);
    case "ledger.view":
      return !!unit && actor.role !== "department" && withinScope(actor.scope, unit);
    case "contribution.record":
      if (!unit || unit.level !== "commune" || !withinScope(actor.scope, unit)) return false;
      return actor.role === "admin" || actor.role === "commune_staff" || (actor.role === "cadre" && resource.assigned === true);
    case "receipt.record":
    case "project.manage":
      return !!unit && unit.level === "commune" && withinScope(actor.scope, unit) && (actor.role === "admin" || actor.role === "commune_staff");
    case "sponsor.contact":
      if (actor.role === "cadre") return resource.mobilisedBy === actor.id;
      return !!unit && withinScope(actor.scope, unit) && (actor.role === "admin" || (actor.role === "commune_staff" && unit.level === "commune"));
    case "fund.manage":
      return actor.role === "admin" && !!unit && unit.level === "commune" && withinScope(actor.scope, unit);
    case "sponsor.merge":
      return actor.role === "admin" && !!unit && withinScope(actor.scope, unit);
    case "dossier.prepare":
      return actor.role === "commune_staff" && !!unit && unit.level === "commune" && withinScope(actor.scope, unit);
    case "dossier.review":
      return actor.role === "leader" && actor.scope.level === "district" && !!unit && unit.level === "commune" && withinScope(actor.scope, unit);
    case "dossier.appraise":
      return actor.role === "admin" && !!unit && withinScope(actor.scope, unit);
    case "dossier.decide":
      return actor.role === "leader" && actor.scope.level === "province" && !!unit && withinScope(actor.scope, unit);
    case "assignment.manage":
    case "feedback.route":
    case "feedback.configure":
      return actor.role === "admin" && (!unit || withinScope(actor.scope, unit));
    case "assignment.report":
    case "feedback.report":
      return (actor.role === "admin" || actor.role === "leader") && !!unit && withinScope(actor.scope, unit);
    case "visit.log":
      // Commune staff visit their own commune's hamlets ("xã nắm tới hộ", issue 21).
      if (actor.role === "commune_staff") return !!unit && unit.level === "hamlet" && withinScope(actor.scope, unit);
      return actor.role === "cadre" && resource.assigned === true && !!unit && (unit.level === "commune" || unit.level === "hamlet");
    case "visit.view":
    case "feedback.view":
      if (!unit) return false;
      if (actor.role === "cadre") return resource.assigned === true || (resource.createdBy != null && resource.createdBy === actor.id);
      if (actor.role === "department") return action === "feedback.view" && resource.departmentId != null && resource.departmentId === actor.departmentId;
      return withinScope(actor.scope, unit);
    case "feedback.create":
      if (!unit || (unit.level !== "commune" && unit.level !== "hamlet")) return false;
      return (actor.role === "commune_staff" && withinScope(actor.scope, unit)) || (actor.role === "cadre" && resource.assigned === true);
    case "feedback.answer":
      return actor.role === "department" && resource.departmentId != null && resource.departmentId === actor.departmentId;
    case "feedback.rate":
      if (!unit) return false;
      if (actor.role === "commune_staff") return withinScope(actor.scope, unit);
      return actor.role === "cadre" && (resource.assigned === true || (resource.createdBy != null && resource.createdBy === actor.id));
    case "feedback.inbox":
      if (actor.role === "department") return resource.departmentId != null && resource.departmentId === actor.departmentId;
      return !!unit && withinScope(actor.scope, unit) && (actor.role === "admin" || (actor.role === "leader" && actor.scope.level === "province"));
    case "hamlet.assign":
    case "household.access":
      if (!unit || (unit.level !== "commune" && unit.level !== "hamlet") || !withinScope(actor.scope, unit)) return false;
      return actor.role === "admin" || (actor.role === "commune_staff" && actor.scope.level === "commune");
    case "hamlet.view":
      return !!unit && actor.role !== "department" && withinScope(actor.scope, unit);
    case "hamlet.checklist":
      return actor.role === "commune_staff" && actor.scope.level === "commune" && !!unit && unit.level === "hamlet" && withinScope(actor.scope, unit);
  }
}
