// The file format of a criteria set (JSON, full fidelity). Sets ship in data/criteria-sets/*.json and
// can be loaded, exported and cloned without code changes. Pure: zod schema and types only.
import { z } from "zod";
import { noHiddenChars } from "./text";

export const LEVEL_CODES = ["NTM", "NTM_NC", "NTM_KM", "NTM_HD", "DTVM"] as const;
export type LevelCode = (typeof LEVEL_CODES)[number];

export const INDICATOR_KINDS = ["boolean", "number", "percent", "choice", "document"] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export const COMPARATORS = ["gte", "lte", "eq", "in"] as const;
export type Comparator = (typeof COMPARATORS)[number];

export const COMPARATOR_SIGNS: Record<Comparator, string> = { gte: "≥", lte: "≤", eq: "=", in: "∈" };

/** "all", one of the 7 NTM regions (2021–2025 sets), or a commune group "1" | "2" | "3" (2026–2030). */
export const TARGET_KEYS = ["all", "TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL", "1", "2", "3"] as const;
export type TargetKey = (typeof TARGET_KEYS)[number];

export const UNIT_KINDS_FOR_SETS = ["xa", "phuong", "thi_tran", "dac_khu"] as const;

const text = (max: number) => z.string().trim().min(1).max(max).refine(noHiddenChars, "Có ký tự ẩn hoặc ký tự điều khiển không hợp lệ.");
const year = z.number().int().min(2000).max(2100);

export const targetSchema = z.object({
  level: z.enum(LEVEL_CODES),
  key: z.enum(TARGET_KEYS),
  years: z.tuple([year, year]),
  /** number for number/percent, true for boolean/document, a string for choice with "eq", a list for "in". */
  value: z.union([z.number(), z.boolean(), z.string().max(200), z.array(z.string().max(200)).min(1)]),
  /** Where the value comes from; may be empty only while the target is unverified (never invent a source). */
  source: z.string().trim().max(500),
  verified: z.boolean(),
}).refine((t) => !t.verified || t.source !== "", { message: "cần ghi nguồn khi đã kiểm chứng", path: ["source"] });

export const indicatorSchema = z.object({
  code: z.string().trim().regex(/^\d{1,2}(\.\d{1,2}){0,2}[a-z]?$/, "Mã chỉ tiêu dạng 2.1 hoặc 17.8"),
  name: text(500),
  kind: z.enum(INDICATOR_KINDS),
  comparator: z.enum(COMPARATORS),
  unit: z.string().trim().max(40).optional(),
  /** The lowest level whose checklist includes this indicator. */
  level: z.enum(LEVEL_CODES),
  evidenceRequired: z.boolean(),
  guidance: z.string().trim().max(2000).optional(),
  /** Allowed answers for kind "choice". */
  choices: z.array(z.string().trim().min(1).max(200)).optional(),
  targets: z.array(targetSchema).min(1),
});

export const criterionSchema = z.object({
  number: z.number().int().min(1).max(99),
  name: text(300),
  group: z.string().trim().max(10),
  groupName: z.string().trim().max(200),
  /** 18/2022: income, environment, living-environment quality, defence and security weigh in the revocation rule. */
  revocationKey: z.boolean(),
  indicators: z.array(indicatorSchema).min(1),
});

export const levelSchema = z.object({
  code: z.enum(LEVEL_CODES),
  name: text(200),
  rank: z.number().int().min(1).max(9),
  /** Plain-language rule, shown to users (levels are cumulative: a level needs the ones below it). */
  rule: z.string().trim().max(1000),
  /** The level whose criteria this one is also reviewed against (model → advanced, 319/QĐ-TTg). */
  basis: z.enum(LEVEL_CODES).optional(),
  /** A pilot framework (thí điểm), e.g. 51/2025/QĐ-TTg Phụ lục II "NTM hiện đại". */
  pilot: z.boolean().optional(),
});

export const criteriaSetSchema = z.object({
  code: z.string().trim().regex(/^[A-Z0-9][A-Z0-9_-]{1,39}$/, "Mã bộ tiêu chí: chữ in hoa, số, gạch (2–40 ký tự)"),
  name: text(300),
  decision: text(300),
  period: z.tuple([year, year]),
  appliesTo: z.array(z.enum(UNIT_KINDS_FOR_SETS)).min(1),
  targetKey: z.enum(["region", "group"]),
  status: z.enum(["draft", "active", "retired"]),
  source: z.string().trim().max(1000).optional(),
  levels: z.array(levelSchema).min(1),
  criteria: z.array(criterionSchema).min(1),
});

export type CriteriaSetFile = z.infer<typeof criteriaSetSchema>;
export type CriterionFile = z.infer<typeof criterionSchema>;
export type IndicatorFile = z.infer<typeof indicatorSchema>;
export type TargetFile = z.infer<typeof targetSchema>;
export type TargetValue = TargetFile["value"];

/** Checks that go beyond the shape: unique codes, known levels, values that fit the kind. Returns Vietnamese messages. */
export function consistencyProblems(set: CriteriaSetFile): string[] {
  const problems: string[] = [];
  const levels = new Set(set.levels.map((l) => l.code));
  const numbers = new Set<number>();
  const codes = new Set<string>();
  for (const l of set.levels) {
    const basis = l.basis ? set.levels.find((b) => b.code === l.basis) : undefined;
    if (l.basis && (!basis || basis.rank >= l.rank)) problems.push(`Mức ${l.code}: mức nền ${l.basis} phải là một mức thấp hơn của bộ tiêu chí.`);
  }
  for (const criterion of set.criteria) {
    if (numbers.has(criterion.number)) problems.push(`Tiêu chí số ${criterion.number} bị trùng.`);
    numbers.add(criterion.number);
    for (const ind of criterion.indicators) {
      const where = `Chỉ tiêu ${ind.code}`;
      if (codes.has(ind.code)) problems.push(`${where} bị trùng mã.`);
      codes.add(ind.code);
      if (!levels.has(ind.level)) problems.push(`${where}: mức ${ind.level} không có trong bộ tiêu chí.`);
      if (ind.kind === "choice" && !ind.choices?.length) problems.push(`${where}: loại lựa chọn cần danh sách lựa chọn.`);
      for (const t of ind.targets) {
        if (!levels.has(t.level)) problems.push(`${where}: chỉ tiêu đích ở mức ${t.level} không có trong bộ tiêu chí.`);
        if (t.years[0] > t.years[1]) problems.push(`${where}: năm bắt đầu sau năm kết thúc.`);
        const keyKind = t.key === "all" ? "all" : /^\d$/.test(t.key) ? "group" : "region";
        if (keyKind !== "all" && keyKind !== set.targetKey) problems.push(`${where}: khóa "${t.key}" không hợp với bộ tiêu chí theo ${set.targetKey === "region" ? "vùng" : "nhóm xã"}.`);
        const v = t.value;
        const fits =
          ind.kind === "number" || ind.kind === "percent"
            ? typeof v === "number" && (ind.comparator !== "in")
            : ind.kind === "boolean" || ind.kind === "document"
              ? typeof v === "boolean"
              : ind.comparator === "in"
                ? Array.isArray(v) && v.every((c) => ind.choices?.includes(c))
                : typeof v === "string" && (ind.choices?.includes(v) ?? false);
        if (!fits) problems.push(`${where}: giá trị đích ${JSON.stringify(v)} không hợp với loại ${ind.kind} (${ind.comparator}).`);
      }
    }
  }
  return problems;
}
