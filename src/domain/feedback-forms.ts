// The feedback forms: a new item, the workflow actions (route, return, answer, rate…), the admin's categories and
// holidays. Built from the shared fields in form-fields.ts.
import { z } from "zod";
import type { FeedbackAction } from "./feedback";
import { dateField, idField, textField } from "./form-fields";

export const createSchema = z.object({
  title: textField(200, "Vui lòng nhập tiêu đề."),
  content: textField(4000, "Vui lòng nhập nội dung phản ánh."),
  categoryId: idField("Lĩnh vực không hợp lệ.", "Vui lòng chọn lĩnh vực."),
  departmentId: idField("Sở, ngành không tồn tại trong danh sách của tỉnh."),
  hamletId: idField("Ấp không hợp lệ."),
  criterionId: idField("Tiêu chí không hợp lệ."),
  dueDate: dateField(),
});

export const routeSchema = z.object({ departmentId: idField("Sở, ngành không tồn tại trong danh sách của tỉnh.", "Vui lòng chọn sở, ngành."), dueDate: dateField(), note: textField(1000) });

export const ACTION_SCHEMAS: Record<FeedbackAction, z.ZodType> = {
  route: routeSchema,
  reroute: routeSchema,
  accept: z.object({}),
  return: z.object({ reason: textField(1000, "Vui lòng nêu lý do trả lại.") }),
  answer: z.object({ publicAnswer: textField(4000, "Vui lòng nhập nội dung trả lời."), internalNote: textField(2000) }),
  rate: z.object({
    rating: z
      .string()
      .optional()
      .default("")
      .transform((v, ctx) => {
        const n = Number(v);
        if (!/^[1-5]$/.test(v.trim()) || !Number.isInteger(n)) {
          ctx.addIssue({ code: "custom", message: "Vui lòng chọn mức đánh giá từ 1 đến 5." });
          return z.NEVER;
        }
        return n;
      }),
    comment: textField(1000),
  }),
  close: z.object({ note: textField(1000) }),
  comment: z.object({ text: textField(2000, "Vui lòng nhập nội dung ý kiến.") }),
};

export const categorySchema = z.object({
  name: textField(120, "Vui lòng nhập tên lĩnh vực."),
  defaultDepartmentId: idField("Sở, ngành không tồn tại trong danh sách của tỉnh."),
  slaDays: z.coerce.number({ message: "Thời hạn phải là số ngày làm việc từ 1 đến 60." }).int("Thời hạn phải là số ngày làm việc từ 1 đến 60.").min(1, "Thời hạn phải là số ngày làm việc từ 1 đến 60.").max(60, "Thời hạn phải là số ngày làm việc từ 1 đến 60."),
  active: z.string().optional(),
});

export const holidaySchema = z.object({ date: dateField("Vui lòng nhập ngày."), name: textField(120, "Vui lòng nhập tên ngày nghỉ.") });
