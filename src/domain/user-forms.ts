// The account forms: logging in, changing one's own password, the admin's new and edited user and password reset.
import { z } from "zod";
import { ROLES } from "../db/schema";
import { CARRY_MAX } from "./carried-form";
import { noHiddenChars } from "./text";
import { msg } from "../messages";

const departmentId = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? Number(v) : null))
  .refine((v) => v === null || (Number.isInteger(v) && v > 0), "Sở, ngành không hợp lệ.");

const role = z.enum(ROLES, { message: "Vai trò không hợp lệ." });

const unitCode = z.string().trim().min(1, "Vui lòng nhập mã đơn vị.").max(12, "Mã đơn vị tối đa 12 ký tự.");

const displayName = z.string().trim().max(120, "Tối đa 120 ký tự.").refine(noHiddenChars, msg.invalid);

export const newUserSchema = z.object({
  username: z.string().trim().min(1, msg.usernameRequired).max(64, msg.usernameTooLong),
  displayName,
  role,
  unitCode,
  departmentId,
  password: z.string().min(1, msg.passwordRequired).max(200, msg.passwordTooLong),
});

export const editUserSchema = z.object({
  displayName,
  role,
  unitCode,
  departmentId,
  version: z.coerce.number().int().min(1),
});

export const passwordSchema = z.object({ password: z.string().min(1, msg.passwordRequired).max(200, msg.passwordTooLong) });

export const loginSchema = z.object({
  username: z.string().trim().min(1, msg.usernameRequired).max(64, msg.usernameTooLong).refine(noHiddenChars, msg.invalid),
  password: z.string().min(1, msg.passwordRequired).max(200, msg.passwordTooLong),
  next: z.string().max(500).optional(),
  carry: z.string().max(CARRY_MAX).optional(),
});

export const passwordChangeSchema = z
  .object({
    current: z.string().min(1, msg.passwordRequired).max(200, msg.passwordTooLong),
    password: z.string().min(1, msg.passwordRequired).max(200, msg.passwordTooLong),
    confirm: z.string().max(200, msg.passwordTooLong),
  })
  .refine((v) => v.password === v.confirm, { message: "Hai lần nhập mật khẩu mới không khớp.", path: ["confirm"] });
