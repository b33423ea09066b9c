// The visit forms: a cadre's visit log (with the residents' concerns) and turning a concern into feedback.
import { z } from "zod";
import { dateField, idField, textField } from "./form-fields";

export const visitSchema = z.object({
  visitDate: dateField("Vui lòng nhập ngày thăm."),
  place: z.string().optional().default(""),
  participants: textField(500, "Vui lòng ghi thành phần đoàn."),
  metWith: textField(500),
  summary: textField(4000, "Vui lòng ghi tóm tắt nội dung chuyến thăm."),
  concerns: z.string().optional().default("").pipe(z.string().max(40_000, "Nội dung ý kiến quá dài.")),
});

export const convertSchema = z.object({ categoryId: idField("Lĩnh vực không hợp lệ.", "Vui lòng chọn lĩnh vực.") });
