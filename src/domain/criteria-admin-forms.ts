// The criteria admin's forms: cloning a set, changing its status, the source of a target.
import { z } from "zod";
import { noHiddenChars } from "./text";

export const cloneSchema = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .min(1, "Hãy nhập mã bộ mới.")
    .regex(/^[A-Z0-9][A-Z0-9_-]{1,39}$/, "Mã bộ tiêu chí: chữ in hoa, số, gạch ngang hoặc gạch dưới (2–40 ký tự), ví dụ QD318-2022-XA-BT."),
  name: z.string().trim().min(1, "Hãy nhập tên bộ mới.").max(300, "Tên tối đa 300 ký tự.").refine(noHiddenChars, "Tên có ký tự không hợp lệ."),
});

export const statusSchema = z.object({ status: z.string().max(20), version: z.coerce.number().int().min(1) });

export const sourceSchema = z
  .string()
  .trim()
  .min(1, "Hãy ghi nguồn của chỉ tiêu đích (văn bản, điều khoản hoặc đường dẫn).")
  .max(500, "Nguồn tối đa 500 ký tự.")
  .refine(noHiddenChars, "Nguồn có ký tự không hợp lệ.");
