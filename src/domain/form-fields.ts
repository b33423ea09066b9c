// zod fields of the forms, with Vietnamese messages: trimmed text, dates typed dd/mm/yyyy, id selects, versions.
// Every feature's schemas (src/domain/<feature>-forms.ts) are built from these.
import { z } from "zod";
import { DATE_MAX_YEAR, DATE_MIN_YEAR, parseDate } from "./format";
import { noHiddenChars } from "./text";
import { msg } from "../messages";

/** A zod error as one message per field (the first), "form" for an error of the whole form. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) out[String(issue.path[0] ?? "form")] ??= issue.message;
  return out;
}

/** Trimmed text (absent = ""), required when `requiredMessage` is given; control characters refused. */
export const textField = (max: number, requiredMessage?: string) => {
  const base = z.string().trim().max(max, `Tối đa ${max.toLocaleString("vi-VN")} ký tự.`);
  return z
    .string()
    .optional()
    .default("")
    .pipe((requiredMessage ? base.min(1, requiredMessage) : base).refine(noHiddenChars, msg.invalid));
};

/** dd/mm/yyyy or ISO → ISO date; "" → null (or an error when required). */
export const dateField = (requiredMessage?: string) =>
  z
    .string()
    .optional()
    .default("")
    .transform((value, ctx): string | null => {
      const v = value.trim();
      if (v === "") {
        if (!requiredMessage) return null;
        ctx.addIssue({ code: "custom", message: requiredMessage });
        return z.NEVER;
      }
      const iso = parseDate(v);
      if (!iso) {
        ctx.addIssue({ code: "custom", message: `Ngày không hợp lệ (nhập theo dạng ngày/tháng/năm, năm từ ${DATE_MIN_YEAR} đến ${DATE_MAX_YEAR}).` });
        return z.NEVER;
      }
      return iso;
    });

/** A select of ids: "" → null (or an error when required), anything else must be a positive integer. */
export const idField = (invalidMessage: string, requiredMessage?: string) =>
  z
    .string()
    .optional()
    .default("")
    .transform((value, ctx): number | null => {
      const v = value.trim();
      if (v === "") {
        if (!requiredMessage) return null;
        ctx.addIssue({ code: "custom", message: requiredMessage });
        return z.NEVER;
      }
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) {
        ctx.addIssue({ code: "custom", message: invalidMessage });
        return z.NEVER;
      }
      return n;
    });

export const versionField = z.coerce.number({ message: "Thiếu phiên bản dữ liệu; vui lòng tải lại trang." }).int().min(1, "Thiếu phiên bản dữ liệu; vui lòng tải lại trang.");
