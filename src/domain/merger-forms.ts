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

const stringOf = (v: unknown) => (typeof v === "string" ? v : "");

/** The province's carry-over rule (checked against the known rules when saved) and the text it rests on. */
export const carryRuleSchema = z.record(z.string(), z.unknown()).transform((body, ctx) => {
  const source = stringOf(body.source).trim();
  if (source.length > 300 || !noHiddenChars(source)) ctx.addIssue({ code: "custom", path: ["source"], message: "Căn cứ tối đa 300 ký tự, không chứa ký tự điều khiển." });
  return { rule: stringOf(body.rule), source };
});

/** A partial succession row completed: the predecessor codes as typed (read when saved), at most 200 characters. */
export const successionSchema = z.record(z.string(), z.unknown()).transform((body) => ({ codes: stringOf(body.codes).slice(0, 200) }));
