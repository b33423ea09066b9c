// The hamlet forms: hamlet assignments, households (create, edit, delete, retention, confirm), the hamlet-level
// set's household links and a hamlet's recognition decision. Built from the shared fields in form-fields.ts.
import { z } from "zod";
import { HOUSEHOLD_FIELDS } from "../db/schema";
import { dateField, idField, textField, versionField } from "./form-fields";

export const assignSchema = z.object({
  userId: idField("Người được phân công không hợp lệ.", "Vui lòng chọn người theo dõi."),
  hamletId: idField("Ấp không hợp lệ.", "Vui lòng chọn ấp, khu phố."),
  role: textField(120, "Vui lòng nhập vai trò."),
  periodFrom: dateField("Vui lòng nhập ngày bắt đầu."),
  periodTo: dateField(),
});

const choice = <T extends string>(values: readonly T[], message: string) =>
  z
    .string()
    .optional()
    .default("")
    .refine((v) => v === "" || (values as readonly string[]).includes(v), message)
    .transform((v) => (v === "" ? null : (v as T)));

const yesNo = (message: string) => choice(["yes", "no"] as const, message).transform((v) => (v === null ? null : v === "yes"));

const householdFields = {
  headName: textField(120, "Vui lòng nhập tên chủ hộ."),
  address: textField(240, "Vui lòng nhập địa chỉ."),
  poverty: choice(["poor", "near_poor", "none"] as const, "Tình trạng nghèo không hợp lệ."),
  housing: choice(["solid", "semi_solid", "temporary"] as const, "Loại nhà ở không hợp lệ."),
  cleanWater: yesNo("Chọn Có, Không hoặc Chưa rõ."),
  sanitation: yesNo("Chọn Có, Không hoặc Chưa rõ."),
  note: textField(500),
};

export const createSchema = z.object({ hamlet: textField(20, "Vui lòng chọn ấp, khu phố."), ...householdFields });

export const updateSchema = z.object({ ...householdFields, version: versionField });

export const deleteSchema = z.object({ reason: z.enum(["request", "error"], { message: "Vui lòng chọn lý do xóa." }) });

export const retentionSchema = z.object({
  months: z
    .string()
    .optional()
    .default("")
    .refine((v) => v.trim() === "" || /^\d{1,3}$/.test(v.trim()), "Số tháng phải là số nguyên từ 1 đến 600, hoặc để trống.")
    .transform((v) => (v.trim() === "" ? null : Number(v.trim())))
    .refine((v) => v === null || (v >= 1 && v <= 600), "Số tháng phải là số nguyên từ 1 đến 600, hoặc để trống."),
});

export const confirmSchema = z.object({ version: z.coerce.number({ message: "Thiếu phiên bản dữ liệu; vui lòng tải lại trang." }).int().min(0) });

export const decisionSchema = z.object({
  decisionNumber: textField(60, "Vui lòng nhập số quyết định."),
  decisionDate: dateField("Vui lòng nhập ngày quyết định."),
  signer: textField(120, "Vui lòng nhập người ký."),
});

export const linkSchema = z.object({
  setId: idField("Bộ tiêu chí không hợp lệ.", "Vui lòng chọn bộ tiêu chí."),
  indicatorCode: textField(20, "Vui lòng nhập mã chỉ tiêu."),
  field: z.enum(HOUSEHOLD_FIELDS, { message: "Vui lòng chọn thông tin hộ được đếm." }),
  source: textField(500),
  verified: z.string().optional().transform((v) => v === "1"),
});

/** A hamlet's self-assessment under one set: the set (unknown → 404 in the route) and the criteria ticked met (met_<id>). */
export const checksSchema = z.record(z.string(), z.unknown()).transform((body) => {
  const setId = Number(typeof body.setId === "string" ? body.setId : NaN);
  const met = new Set(Object.keys(body).flatMap((k) => (/^met_\d{1,10}$/.test(k) && body[k] === "1" ? [Number(k.slice(4))] : [])));
  return { setId: Number.isInteger(setId) && setId > 0 ? setId : null, met };
});
