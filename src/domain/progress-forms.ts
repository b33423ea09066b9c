// The progress targets form of a province or district (/progress/:code/targets).
import { z } from "zod";

const share = z
  .string()
  .trim()
  .min(1, "Hãy nhập giá trị.")
  .pipe(z.coerce.number<string>({ message: "Nhập một số từ 0 đến 100." }).int("Nhập số nguyên (phần trăm).").min(0, "Tỷ lệ từ 0 đến 100.").max(100, "Tỷ lệ từ 0 đến 100."));

export const targetsSchema = z
  .object({
    year: z.coerce.number({ message: "Năm không hợp lệ." }).int("Năm không hợp lệ.").min(2000, "Năm từ 2000 đến 2100.").max(2100, "Năm từ 2000 đến 2100."),
    shareNtm: share,
    shareAdvanced: share,
    shareModel: share,
    minCriteria: z.string().trim().min(1, "Hãy nhập giá trị.").pipe(z.coerce.number<string>({ message: "Nhập số tiêu chí tối thiểu." }).int("Nhập số nguyên.").min(0, "Từ 0 đến 50 tiêu chí.").max(50, "Từ 0 đến 50 tiêu chí.")),
    version: z.coerce.number().int().min(0),
  })
  .refine((t) => t.shareAdvanced <= t.shareNtm && t.shareModel <= t.shareAdvanced, {
    path: ["shareAdvanced"],
    message: "Tỷ lệ nâng cao không lớn hơn tỷ lệ NTM, tỷ lệ kiểu mẫu không lớn hơn tỷ lệ nâng cao.",
  });
