// The checklist form: one indicator's value, its evidence (note, link), the reason of a change and the version read.
import { z } from "zod";
import { noHiddenChars } from "./text";
import { msg } from "../messages";

/** A link to evidence: http(s) or nothing (the form and the API's indicator write). */
export const evidenceLinkField = z
  .string()
  .trim()
  .max(500, "Đường dẫn tối đa 500 ký tự.")
  .refine((v) => v === "" || /^https?:\/\/[^\s]+$/i.test(v), "Đường dẫn minh chứng phải bắt đầu bằng http:// hoặc https://.")
  .default("");

export const saveSchema = z.object({
  value: z.string().max(200, "Giá trị quá dài (tối đa 200 ký tự).").refine(noHiddenChars, msg.invalid),
  evidenceNote: z.string().max(1000, "Ghi chú minh chứng tối đa 1.000 ký tự.").refine(noHiddenChars, msg.invalid).default(""),
  evidenceLink: evidenceLinkField,
  note: z.string().max(300, "Lý do tối đa 300 ký tự.").refine(noHiddenChars, msg.invalid).default(""),
  version: z.coerce.number({ message: "Thiếu phiên bản dữ liệu." }).int().min(1),
});
