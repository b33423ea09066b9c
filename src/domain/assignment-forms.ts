// The support-assignment forms: assign a cadre to a unit, end an assignment, the province's visit gap.
import { z } from "zod";
import { dateField, idField, textField, versionField } from "./form-fields";

export const newSchema = z.object({
  cadreId: idField("Cán bộ không hợp lệ.", "Vui lòng chọn cán bộ."),
  unitCode: textField(12, "Vui lòng nhập mã đơn vị."),
  role: textField(120, "Vui lòng nhập vai trò."),
  planRef: textField(60),
  periodFrom: dateField("Vui lòng nhập ngày bắt đầu."),
  periodTo: dateField(),
});

export const endSchema = z.object({ periodTo: dateField("Vui lòng nhập ngày kết thúc."), version: versionField });

export const gapSchema = z.object({ visitGapDays: z.coerce.number({ message: "Số ngày phải là số nguyên từ 1 đến 365." }).int("Số ngày phải là số nguyên từ 1 đến 365.").min(1, "Số ngày phải là số nguyên từ 1 đến 365.").max(365, "Số ngày phải là số nguyên từ 1 đến 365.") });
