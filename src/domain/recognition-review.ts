// A commune's recognised level and the yearly revocation review of a recognition (which rule, what it says). Pure.
import { revocationCheck, type EvalCriterion, type LevelResult, type RevocationCheck } from "./evaluation";

// ---------------------------------------------------------------------------------------------
// Recognised level and the yearly revocation review

/** The highest recognised level among a commune's recognised dossiers, or null. */
export function recognisedLevel(levels: { code: string; rank: number }[], recognised: string[]): string | null {
  let best: { code: string; rank: number } | null = null;
  for (const code of recognised) {
    const l = levels.find((x) => x.code === code);
    if (l && (!best || l.rank > best.rank)) best = l;
  }
  return best?.code ?? null;
}

/** A level of the set; `basis` = the level whose criteria it is reviewed against besides its own (model → advanced, 319/QĐ-TTg). */
export type ReviewLevel = { code: string; rank: number; basis?: string | null };
export type ReviewInput = { level: string; levels?: ReviewLevel[]; criteria: { criterion: EvalCriterion; result: LevelResult }[] };

/** The recognised level, then its basis, then the basis's basis…: the levels whose criteria a review counts. */
export function reviewLevels(level: string, levels: ReviewLevel[] = []): string[] {
  const chain = [level];
  for (let l = levels.find((x) => x.code === level); l?.basis && !chain.includes(l.basis); l = levels.find((x) => x.code === l!.basis)) chain.push(l.basis);
  return chain;
}

/** Each criterion's result for a review: at the recognised level when it applies there, else at its basis (and so on); undefined when none applies. */
export function reviewResult(result: LevelResult, chain: string[]): boolean | undefined {
  for (const code of chain) {
    const r = result[code as keyof LevelResult];
    if (r !== undefined) return r;
  }
  return undefined;
}

/**
 * The revocation rule applied to a recognised level: the criteria that apply at that level, plus those of
 * its basis level (a model commune is reviewed against the advanced set and its model conditions).
 */
export function reviewRecognition(input: ReviewInput): RevocationCheck {
  const chain = reviewLevels(input.level, input.levels);
  return revocationCheck(
    input.criteria.flatMap((c) => {
      const met = reviewResult(c.result, chain);
      return met === undefined ? [] : [{ criterion: c.criterion, met }];
    }),
  );
}

export type ReviewClass = "revoke" | "watch" | "ok" | "no_rule";
/** "revoke": the rule says revoke; "watch": some criterion fails but not enough; "ok": all met. */
export const reviewClass = (check: RevocationCheck): ReviewClass => (check.revoke ? "revoke" : check.failed > 0 ? "watch" : "ok");

/**
 * A level with a basis (model → advanced, 319/QĐ-TTg) is recognised only after the basis level was: the
 * message refusing a dossier or decision for a commune without that recognition, or null when allowed.
 */
export function priorRecognitionProblem(level: string, levels: { code: string; name: string; basis?: string | null }[], recognisedLevels: string[]): string | null {
  const l = levels.find((x) => x.code === level);
  if (!l?.basis || recognisedLevels.includes(l.basis)) return null;
  const basisName = levels.find((x) => x.code === l.basis)?.name ?? l.basis;
  return `Chỉ xét mức “${l.name}” cho xã đã có quyết định công nhận mức “${basisName}” (319/QĐ-TTg); xã này chưa được công nhận mức đó.`;
}

/** A province's revocation rule for 2026–2030 recognitions (no national text found): none, or 18/2022's thresholds by analogy. */
export type ProvinceRevocationSetting = { rule: "qd18_2022" | null; source: string | null };
/**
 * Which rule reviews a recognition. "qd18_2022": 18/2022/QĐ-TTg, which covers recognitions on 2021–2025 sets
 * (verified); "province": the province applies 18/2022's thresholds to a 2026–2030 recognition by its own
 * setting — unverified until a source text is recorded; "none": a 2026–2030 recognition with nothing configured.
 */
export type ReviewRule = { kind: "qd18_2022"; verified: true } | { kind: "province"; verified: boolean; source: string | null } | { kind: "none"; verified: false };

export const NO_RULE_MESSAGE = "Chưa có quy tắc thu hồi đã xác minh cho giai đoạn 2026–2030 (Quyết định 18/2022/QĐ-TTg chỉ áp dụng cho giai đoạn 2021–2025).";

/** The rule for a recognition on a set whose period ends in `setPeriodTo`. */
export function reviewRuleFor(setPeriodTo: number, setting: ProvinceRevocationSetting | null): ReviewRule {
  if (setPeriodTo <= 2025) return { kind: "qd18_2022", verified: true };
  if (setting?.rule === "qd18_2022") {
    const source = setting.source?.trim() || null;
    return { kind: "province", verified: source !== null, source };
  }
  return { kind: "none", verified: false };
}

/** The review of one recognition under its rule: with no rule, the criteria are counted but nothing is decided. */
export function reviewUnderRule(rule: ReviewRule, input: ReviewInput): { check: RevocationCheck; cls: ReviewClass } {
  const check = reviewRecognition(input);
  if (rule.kind === "none") return { check: { ...check, revoke: false, reason: NO_RULE_MESSAGE }, cls: "no_rule" };
  if (rule.kind === "province" && !rule.verified) {
    return { check: { ...check, reason: `${check.reason} (Quy tắc của tỉnh theo ngưỡng 18/2022/QĐ-TTg, chưa xác minh văn bản.)` }, cls: reviewClass(check) };
  }
  return { check, cls: reviewClass(check) };
}
