// The merger pages' forms: a recognition decision for a carried-over commune.
import { z } from "zod";
import { noHiddenChars } from "./text";
import { msg } from "../messages";
import { parseDate } from "./format";

export const decideSchema = z.object({
  level: z.string().max(20),
  decisionNumber: z.string().trim().min(1, "Vui lòng nhập số quyết định.").max(60).refine(noHiddenChars, msg.invalid),
  decisionDate: z.string().trim().max(10),
  signer: z.string().trim().min(1, "Vui lòng nhập người ký.").max(120).refine(noHiddenChars, msg.invalid),
})
  .transform((v, ctx) => {
    const date = parseDate(v.decisionDate);
    if (date) return { ...v, decisionDate: date };
    ctx.addIssue({ code: "custom", path: ["decisionDate"], message: "Ngày quyết định phải có dạng dd/mm/yyyy." });
    return z.NEVER;
  });
