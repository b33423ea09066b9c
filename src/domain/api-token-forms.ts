// The API token form (/admin/api-tokens): the client's name, the account it acts for, its access, resources and rate.
import { z } from "zod";
import { API_RESOURCES } from "../db/schema";
import { noHiddenChars } from "./text";
import { msg } from "../messages";

export const tokenSchema = z.object({
  name: z.string().trim().min(1, "Nhập tên hệ thống dùng mã.").max(100, "Tên tối đa 100 ký tự.").refine(noHiddenChars, msg.invalid),
  username: z.string().trim().min(1, "Nhập tài khoản mà mã thay mặt.").max(64, "Tài khoản tối đa 64 ký tự."),
  access: z.enum(["read", "write"], { message: "Chọn quyền đọc hoặc ghi." }),
  resources: z.array(z.enum(API_RESOURCES, { message: "Loại dữ liệu không hợp lệ." })).min(1, "Chọn ít nhất một loại dữ liệu."),
  rateLimit: z.coerce.number({ message: "Nhập một số." }).int("Nhập một số nguyên.").min(1, "Tối thiểu 1 yêu cầu mỗi phút.").max(10_000, "Tối đa 10.000 yêu cầu mỗi phút."),
});

export type TokenForm = { name: string; username: string; access: string; resources: string[]; rateLimit: string };

/** The submitted body as the form holds it: strings cut to 200, the ticked resources (at most 20), defaults filled. */
export function tokenFormOf(body: Record<string, unknown>, defaultRate: number): TokenForm {
  const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");
  const str = (v: unknown) => (typeof v === "string" ? v.slice(0, 200) : "");
  return { name: str(body.name), username: str(body.username), access: str(body.access) || "read", resources: list(body.resources).slice(0, 20), rateLimit: str(body.rateLimit) || String(defaultRate) };
}

/** The token schema over a raw form body (see tokenFormOf). */
export const tokenBodySchema = (defaultRate: number) => z.preprocess((body) => tokenFormOf((body ?? {}) as Record<string, unknown>, defaultRate), tokenSchema);
