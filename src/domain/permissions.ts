// The one permission check: can(actor, action, resource). Pure: routes load the resource, then ask.
import type { Role, UnitLevel } from "../db/schema";

/** A unit with its ancestor ids, enough to decide scope without another query. */
export type UnitRef = {
  id: number;
  level: UnitLevel;
  provinceId: number | null;
  districtId: number | null;
  communeId: number | null;
};

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
] as const;
export type Action = (typeof ACTIONS)[number];

export type Resource = { unit?: UnitRef };

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

export function can(actor: Actor | null, action: Action, resource: Resource = {}): boolean {
  if (!actor) return false;
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
  }
}
