// Pure rules for accounts: which unit level each role may be scoped to, and the password policy.
import type { Role, UnitLevel } from "../db/schema";

const SCOPE_LEVELS: Record<Role, UnitLevel[]> = {
  admin: ["province"],
  leader: ["province", "district", "commune"],
  cadre: ["province", "district"],
  commune_staff: ["commune"],
  department: ["province"],
};

/** A Vietnamese message when the role cannot be scoped to that unit, else null. */
export function scopeProblem(role: Role, level: UnitLevel, departmentId: number | null): string | null {
  if (!SCOPE_LEVELS[role].includes(level)) {
    const names: Record<UnitLevel, string> = { province: "tỉnh", district: "huyện", commune: "xã", hamlet: "ấp" };
    return `Vai trò này chỉ gắn với đơn vị cấp ${SCOPE_LEVELS[role].map((l) => names[l]).join(" hoặc ")}.`;
  }
  if (role === "department" && departmentId === null) return "Tài khoản sở, ngành cần chọn sở, ngành.";
  return null;
}

/** At least 10 characters with a letter and a digit; null when acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10 || !/\p{L}/u.test(password) || !/\d/.test(password)) {
    return "Mật khẩu cần ít nhất 10 ký tự, gồm cả chữ và số.";
  }
  return null;
}
