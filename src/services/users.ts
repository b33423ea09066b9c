// Accounts: login check, admin management (create, change role and scope, disable, reset password).
import { and, asc, eq, gt, or, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { departments, sessions, units, users, type Role } from "../db/schema";
import { hashIterations, hashPassword, verifyPassword } from "../auth/password";
import { SESSION_IDLE_HOURS } from "../auth/sessions";
import type { Actor } from "../domain/permissions";
import { withinScope } from "../domain/permissions";
import { passwordProblem, scopeProblem } from "../domain/users";
import { auditIfChangedStatement, auditStatement } from "./audit";
import { claimStatement, lastIdOf, type KeyClaim } from "./idempotency";
import { unitByCode, unitRef } from "./units";
import type { Failure, Outcome } from "../domain/outcome";
import type { SessionRow } from "../web/admin-view";

export type LoginResult = Outcome<{ userId: number }, Failure<"unauthenticated", { reason: "invalid" | "demo_refused" }>>;

export async function checkLogin(db: Db, username: string, password: string, production: boolean): Promise<LoginResult> {
  const user = await db.select().from(users).where(eq(users.username, username.trim().toLowerCase())).get();
  if (!user || user.disabled) {
    // Same work either way, so timing does not tell whether the account exists.
    await verifyPassword(password, { hash: "0".repeat(64), salt: "00".repeat(16), iterations: hashIterations() });
    return { ok: false, kind: "unauthenticated", reason: "invalid" };
  }
  const ok = await verifyPassword(password, { hash: user.passwordHash, salt: user.passwordSalt, iterations: user.passwordIterations });
  if (!ok) return { ok: false, kind: "unauthenticated", reason: "invalid" };
  // Demo accounts in production: the same answer as a wrong password, so the refusal does not confirm the password.
  if (production && user.isDemo) return { ok: false, kind: "unauthenticated", reason: "invalid" };
  return { ok: true, userId: user.id };
}

export type UserRow = {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  version: number;
  unitId: number;
  unitCode: string;
  unitName: string;
  departmentId: number | null;
};

/** Users scoped inside a province (the admin's). */
export async function listUsers(db: Db, provinceId: number): Promise<UserRow[]> {
  return db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      disabled: users.disabled,
      version: users.version,
      unitId: users.unitId,
      unitCode: units.code,
      unitName: units.name,
      departmentId: users.departmentId,
    })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(or(eq(units.provinceId, provinceId), eq(units.id, provinceId)))
    .orderBy(asc(users.username))
    .all();
}

export async function getUser(db: Db, id: number): Promise<UserRow | undefined> {
  return db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      disabled: users.disabled,
      version: users.version,
      unitId: users.unitId,
      unitCode: units.code,
      unitName: units.name,
      departmentId: users.departmentId,
    })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(eq(users.id, id))
    .get();
}

export async function listDepartments(db: Db, provinceId: number) {
  return db.select().from(departments).where(eq(departments.provinceId, provinceId)).orderBy(asc(departments.name)).all();
}

export type FieldErrors = Record<string, string>;
export type UserOutcome<T> = Outcome<{ value: T }, Failure<"not_found" | "conflict" | "invalid", { errors: FieldErrors }>>;

async function resolveScope(db: Db, actor: Actor, role: Role, unitCode: string, departmentId: number | null, errors: FieldErrors) {
  const unit = await unitByCode(db, unitCode.trim());
  if (!unit) {
    errors.unitCode = `Không có đơn vị mã "${unitCode}".`;
    return null;
  }
  if (!withinScope(actor.scope, unitRef(unit))) {
    errors.unitCode = "Đơn vị này nằm ngoài tỉnh bạn quản lý.";
    return null;
  }
  const problem = scopeProblem(role, unit.level, departmentId);
  if (problem) {
    errors[role === "department" && departmentId === null ? "departmentId" : "unitCode"] = problem;
    return null;
  }
  if (departmentId !== null) {
    const dept = await db.select().from(departments).where(eq(departments.id, departmentId)).get();
    if (!dept || dept.provinceId !== actor.scope.id) {
      errors.departmentId = "Sở, ngành không tồn tại.";
      return null;
    }
  }
  return unit;
}

export type NewUserInput = { username: string; displayName: string; password: string; role: Role; unitCode: string; departmentId: number | null };

export async function createUser(db: Db, actor: Actor, input: NewUserInput, ip: string | null, claim: KeyClaim | null = null): Promise<UserOutcome<number>> {
  const errors: FieldErrors = {};
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9._-]{3,64}$/.test(username)) errors.username = "Tên đăng nhập 3–64 ký tự: chữ không dấu, số, dấu chấm, gạch.";
  const pw = passwordProblem(input.password);
  if (pw) errors.password = pw;
  const departmentId = input.role === "department" ? input.departmentId : null;
  const unit = await resolveScope(db, actor, input.role, input.unitCode, departmentId, errors);
  if (!errors.username && (await db.select({ id: users.id }).from(users).where(eq(users.username, username)).get())) {
    errors.username = "Tên đăng nhập đã có người dùng.";
  }
  if (Object.keys(errors).length || !unit) return { ok: false, kind: "invalid", errors };
  const hashed = await hashPassword(input.password);
  const displayName = input.displayName.trim() || username;
  const [inserted] = await db.batch([
    db
      .insert(users)
      .values({ username, displayName, passwordHash: hashed.hash, passwordSalt: hashed.salt, passwordIterations: hashed.iterations, role: input.role, unitId: unit.id, departmentId })
      .returning({ id: users.id }),
    auditStatement(db, { actorId: actor.id, action: "user.create", entity: "user", entityId: username, after: { username, role: input.role, unit: unit.code, departmentId }, ip }),
    ...(claim ? [claimStatement(db, claim, lastIdOf("users"))] : []),
  ]);
  return { ok: true, value: inserted[0].id };
}

export type UpdateUserInput = { displayName: string; role: Role; unitCode: string; departmentId: number | null; version: number };

export async function updateUser(db: Db, actor: Actor, id: number, input: UpdateUserInput, ip: string | null): Promise<UserOutcome<null>> {
  const before = await getUser(db, id);
  if (!before) return { ok: false, kind: "not_found", errors: {} };
  const errors: FieldErrors = {};
  const departmentId = input.role === "department" ? input.departmentId : null;
  const unit = await resolveScope(db, actor, input.role, input.unitCode, departmentId, errors);
  if (!unit) return { ok: false, kind: "invalid", errors };
  const displayName = input.displayName.trim() || before.username;
  // An admin leaving the province's admin role themselves needs another enabled admin of the province, checked here
  // for the message and again in the UPDATE itself (two admins stepping down at once cannot both succeed).
  const province = actor.scope.provinceId ?? actor.scope.id;
  const stepsDown = id === actor.id && before.role === "admin" && !(input.role === "admin" && unit.level === "province");
  const otherAdmin = sql`exists (select 1 from users o join units u on u.id = o.unit_id
    where o.role = 'admin' and o.disabled = 0 and o.id <> ${actor.id} and u.level = 'province' and u.id = ${province})`;
  if (stepsDown && !(await db.get<{ ok: number }>(sql`select ${otherAdmin} as ok`))?.ok) {
    return { ok: false, kind: "invalid", errors: { role: "Bạn là quản trị duy nhất của tỉnh: hãy giao quyền quản trị cho người khác trước khi bỏ quyền của chính mình." } };
  }
  const [updated] = await db.batch([
    db
      .update(users)
      .set({ displayName, role: input.role, unitId: unit.id, departmentId, version: input.version + 1 })
      .where(and(eq(users.id, id), eq(users.version, input.version), stepsDown ? otherAdmin : undefined))
      .returning({ id: users.id }),
    auditIfChangedStatement(db, { actorId: actor.id, action: "user.update", entity: "user", entityId: before.username, before, after: { displayName, role: input.role, unit: unit.code, departmentId }, ip }),
  ]);
  if (updated.length === 0) {
    // Someone saved in between: nothing was written (not even the audit row).
    return { ok: false, kind: "conflict", errors: { form: "Tài khoản vừa được người khác sửa. Vui lòng tải lại trang để xem thay đổi mới nhất." } };
  }
  return { ok: true, value: null };
}

export async function setDisabled(db: Db, actor: Actor, id: number, disabled: boolean, ip: string | null): Promise<UserOutcome<null>> {
  const before = await getUser(db, id);
  if (!before) return { ok: false, kind: "not_found", errors: {} };
  if (id === actor.id) return { ok: false, kind: "invalid", errors: { form: "Không thể tự khóa tài khoản của chính mình." } };
  await db.batch([
    db.update(users).set({ disabled, version: before.version + 1 }).where(eq(users.id, id)),
    ...(disabled ? [db.delete(sessions).where(eq(sessions.userId, id))] : []),
    auditStatement(db, { actorId: actor.id, action: disabled ? "user.disable" : "user.enable", entity: "user", entityId: before.username, ip }),
  ]);
  return { ok: true, value: null };
}

export async function resetPassword(db: Db, actor: Actor, id: number, password: string, ip: string | null): Promise<UserOutcome<null>> {
  const before = await getUser(db, id);
  if (!before) return { ok: false, kind: "not_found", errors: {} };
  const problem = passwordProblem(password);
  if (problem) return { ok: false, kind: "invalid", errors: { password: problem } };
  const hashed = await hashPassword(password);
  await db.batch([
    db
      .update(users)
      .set({ passwordHash: hashed.hash, passwordSalt: hashed.salt, passwordIterations: hashed.iterations, passwordChangedAt: new Date().toISOString(), version: before.version + 1 })
      .where(eq(users.id, id)),
    db.delete(sessions).where(eq(sessions.userId, id)),
    auditStatement(db, { actorId: actor.id, action: "user.reset_password", entity: "user", entityId: before.username, ip }),
  ]);
  return { ok: true, value: null };
}


/** The user changes their own password: old sessions all end (the caller issues a new one). */
export async function changeOwnPassword(db: Db, userId: number, current: string, next: string, ip: string | null): Promise<UserOutcome<null>> {
  const user = await db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) return { ok: false, kind: "not_found", errors: {} };
  if (!(await verifyPassword(current, { hash: user.passwordHash, salt: user.passwordSalt, iterations: user.passwordIterations }))) {
    return { ok: false, kind: "invalid", errors: { current: "Mật khẩu hiện tại không đúng." } };
  }
  const problem = passwordProblem(next);
  if (problem) return { ok: false, kind: "invalid", errors: { password: problem } };
  if (next === current) return { ok: false, kind: "invalid", errors: { password: "Mật khẩu mới phải khác mật khẩu hiện tại." } };
  const hashed = await hashPassword(next);
  await db.batch([
    db
      .update(users)
      .set({ passwordHash: hashed.hash, passwordSalt: hashed.salt, passwordIterations: hashed.iterations, passwordChangedAt: new Date().toISOString(), version: user.version + 1 })
      .where(eq(users.id, userId)),
    db.delete(sessions).where(eq(sessions.userId, userId)),
    auditStatement(db, { actorId: userId, action: "user.change_password", entity: "user", entityId: user.username, ip }),
  ]);
  return { ok: true, value: null };
}

/** Active sessions of the users in a province (admin page): neither expired nor idle for SESSION_IDLE_HOURS. */
export async function listActiveSessions(db: Db, provinceId: number, nowIso: string): Promise<SessionRow[]> {
  const idleSince = new Date(Date.parse(nowIso) - SESSION_IDLE_HOURS * 3600_000).toISOString();
  return db
    .select({
      id: sessions.id,
      username: users.username,
      displayName: users.displayName,
      createdAt: sessions.createdAt,
      expiresAt: sessions.expiresAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(gt(sessions.expiresAt, nowIso), gt(sql`coalesce(${sessions.lastSeenAt}, ${sessions.createdAt})`, idleSince), or(eq(units.provinceId, provinceId), eq(units.id, provinceId))))
    .orderBy(asc(users.username))
    .all();
}

/** Ends a session of a user in the admin's province; false when there is no such session. */
export async function endSession(db: Db, actorId: number, provinceId: number, sessionId: string, ip: string | null): Promise<boolean> {
  const row = await db
    .select({ userId: sessions.userId, provinceId: units.provinceId, unitId: units.id })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(units, eq(units.id, users.unitId))
    .where(eq(sessions.id, sessionId))
    .get();
  if (!row || (row.provinceId !== provinceId && row.unitId !== provinceId)) return false;
  await db.batch([
    db.delete(sessions).where(eq(sessions.id, sessionId)),
    auditStatement(db, { actorId, action: "session.end", entity: "session", entityId: row.userId, ip }),
  ]);
  return true;
}
