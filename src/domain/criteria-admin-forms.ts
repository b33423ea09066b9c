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

const firstOf = (v: unknown) => {
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === "string" ? first : "";
};
const listOf = (v: unknown) =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v])
    .filter((x): x is string => typeof x === "string")
    .map((x) => x.slice(0, 200))
    .slice(0, 50);

/** A target's form as typed: one value, or the ticked choices ("values", repeated), its source, verified, version. */
export const targetTyped = z.record(z.string(), z.unknown()).transform((body) => ({
  value: firstOf(body.value).slice(0, 200),
  values: listOf(body.values),
  source: firstOf(body.source).slice(0, 500),
  verified: firstOf(body.verified) === "1",
  version: Math.trunc(Number(firstOf(body.version))) || 0,
}));

/** The target form: the version it was read at and a source. The value is checked against its indicator by the route. */
export const targetSchema = targetTyped.transform((v, ctx) => {
  if (v.version < 1) ctx.addIssue({ code: "custom", message: "Thiếu phiên bản dữ liệu; hãy tải lại trang.", path: ["version"] });
  const source = sourceSchema.safeParse(v.source);
  if (!source.success) ctx.addIssue({ code: "custom", message: source.error.issues[0].message, path: ["source"] });
  return { ...v, source: source.data ?? v.source };
});
