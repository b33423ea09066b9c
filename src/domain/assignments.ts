// Support assignments ("nắm"): the province follows every commune, the district every hamlet.
// Pure rules for who may be assigned where, which assignments are active, and the coverage report.
import { addDays } from "./working-days";
import { withinScope, type UnitRef } from "./permissions";
import type { Role } from "../db/schema";

export type AssignmentPeriod = { periodFrom: string; periodTo: string | null };

/** Active on `today`: started, and not ended before today. */
export function isActive(a: AssignmentPeriod, today: string): boolean {
  return a.periodFrom <= today && (a.periodTo === null || a.periodTo >= today);
}

/** An assignment on a commune covers the commune and its hamlets; one on a hamlet covers that hamlet. */
export function coversUnit(assignedUnitIds: readonly number[], unit: UnitRef): boolean {
  return assignedUnitIds.includes(unit.id) || (unit.communeId !== null && assignedUnitIds.includes(unit.communeId));
}

export type AssignmentDraft = {
  cadre: { role: Role; scope: UnitRef; disabled: boolean };
  unit: UnitRef & { validTo: string | null };
  /** 3 or 2: the tiers the unit's province runs. */
  provinceTiers: number;
  periodFrom: string;
  periodTo: string | null;
  /** The cadre already follows this unit in an overlapping period. */
  duplicate: boolean;
};

/** Field errors (Vietnamese) of a new assignment; empty when it may be saved. */
export function assignmentErrors(d: AssignmentDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (d.cadre.role !== "cadre") errors.cadreId = "Người được phân công phải là cán bộ hỗ trợ xã.";
  else if (d.cadre.disabled) errors.cadreId = "Tài khoản cán bộ này đã bị khóa.";
  if (d.unit.validTo !== null) errors.unitCode = "Đơn vị này đã hết hiệu lực (đã sáp nhập hoặc giải thể).";
  else if (!errors.cadreId) {
    const level = d.cadre.scope.level;
    if (!withinScope(d.cadre.scope, d.unit)) errors.unitCode = "Đơn vị nằm ngoài phạm vi công tác của cán bộ.";
    else if (level === "province" && d.unit.level !== "commune") errors.unitCode = "Cán bộ cấp tỉnh được phân công theo dõi xã, phường, thị trấn (tỉnh nắm tới xã).";
    else if (level === "district" && d.provinceTiers !== 3) errors.unitCode = "Tỉnh đang tổ chức chính quyền 2 cấp: không phân công cán bộ cấp huyện.";
    else if (level === "district" && d.unit.level !== "hamlet") errors.unitCode = "Cán bộ cấp huyện được phân công theo dõi ấp, khu phố (huyện nắm tới ấp).";
    else if (level !== "province" && level !== "district") errors.cadreId = "Chỉ cán bộ cấp tỉnh hoặc cấp huyện được phân công theo dõi địa bàn.";
  }
  if (d.periodTo !== null && d.periodTo < d.periodFrom) errors.periodTo = "Ngày kết thúc không được trước ngày bắt đầu.";
  if (!errors.unitCode && !errors.cadreId && d.duplicate) errors.unitCode = "Cán bộ này đang được phân công theo dõi đơn vị này trong thời gian đó.";
  return errors;
}

/** Two periods overlap (open ends run forever). */
export function periodsOverlap(a: AssignmentPeriod, b: AssignmentPeriod): boolean {
  return (a.periodTo === null || a.periodTo >= b.periodFrom) && (b.periodTo === null || b.periodTo >= a.periodFrom);
}

/** Ending an assignment: the end date must fall within its period. */
export function endDateError(a: AssignmentPeriod, end: string): string | null {
  if (a.periodTo !== null) return "Phân công này đã kết thúc.";
  if (end < a.periodFrom) return "Ngày kết thúc không được trước ngày bắt đầu phân công.";
  return null;
}

export type CadreActivity = { id: number; name: string; units: number; lastVisit: string | null };

/** Cadres with active assignments and no visit in the last `days` days (most neglected first). */
export function cadresWithoutRecentVisit(cadres: CadreActivity[], today: string, days: number): CadreActivity[] {
  const since = addDays(today, -days);
  return cadres
    .filter((c) => c.units > 0 && (c.lastVisit === null || c.lastVisit < since))
    .sort((a, b) => (a.lastVisit ?? "").localeCompare(b.lastVisit ?? "") || a.name.localeCompare(b.name, "vi"));
}

/** Units (of the given ids) without an active assignment. */
export function uncoveredUnits<T extends { id: number }>(list: T[], coveredIds: ReadonlySet<number>): T[] {
  return list.filter((u) => !coveredIds.has(u.id));
}
