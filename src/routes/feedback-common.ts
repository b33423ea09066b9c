// Request helpers shared by the assignments, visits and feedback routes: today's Vietnam date, the
// commune behind :code, form field schemas with Vietnamese messages.
import { z } from "zod";
import type { Unit } from "../db/schema";
import { DATE_MAX_YEAR, DATE_MIN_YEAR, parseDate } from "../domain/format";
import { provinceIdOf, type Actor } from "../domain/permissions";
import { msg } from "../messages";
import type { Ctx } from "../services/feedback";
import { getUnit, unitRef } from "../services/units";
import { loadHolidaysAround } from "../services/working-days";
import { authorize } from "../web/context";
import { noControlChars } from "../web/validate";
import { type C, clientIp, currentActor, todayOf } from "../web/request";


export async function ctxOf(c: C): Promise<Ctx> {
  const today = todayOf(c);
  return { nowIso: c.var.now.toISOString(), today, holidays: await loadHolidaysAround(c.var.db, today, provinceIdOf(currentActor(c).scope)), ip: clientIp(c) };
}

export async function provinceOf(c: C): Promise<Unit> {
  return (await getUnit(c.var.db, provinceIdOf(currentActor(c).scope)))!;
}

export async function configureProvince(c: C) {
  const province = await provinceOf(c);
  authorize(c, "feedback.configure", { unit: unitRef(province) });
  return province;
}

/** String values of a parsed form body, cut to a safe length, to re-render what the user typed. */
export function rawValues(body: Record<string, unknown>, max = 5000): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === "string" && k !== "_csrf") out[k] = v.slice(0, max);
  return out;
}

// ---- zod fields (Vietnamese messages) ----

/** Trimmed text (absent = ""), required when `requiredMessage` is given; control characters refused. */
export const textField = (max: number, requiredMessage?: string) => {
  const base = z.string().trim().max(max, `Tối đa ${max.toLocaleString("vi-VN")} ký tự.`);
  return z
    .string()
    .optional()
    .default("")
    .pipe((requiredMessage ? base.min(1, requiredMessage) : base).refine(noControlChars, msg.invalid));
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
