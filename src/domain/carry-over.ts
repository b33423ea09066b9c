// Pure: the level a commune formed by the 2025 merger carries into 2026–2030 ("thừa nhận"), proposed from its
// predecessors' recognised levels. No national rule was found: the rule is a per-province setting, unverified.

export type CarryRuleId = "lowest" | "kept_code";

export type CarryRule = { id: CarryRuleId; label: string; source: string; verified: boolean };

/** The rules a province may choose from. The default is unverified with an empty source: no text was found. */
export const CARRY_RULES: readonly CarryRule[] = [
  { id: "lowest", label: "Mức thấp nhất trong các xã cũ (xã cũ chưa được công nhận thì không đề xuất)", source: "", verified: false },
  { id: "kept_code", label: "Mức của xã cũ có mã được xã mới giữ lại", source: "", verified: false },
];
export const DEFAULT_CARRY_RULE: CarryRuleId = "lowest";

export const isCarryRule = (id: string): id is CarryRuleId => CARRY_RULES.some((r) => r.id === id);

export type Predecessor = { code: string; level: string | null };

/**
 * The proposed level, or null when nothing is carried. `ranks` orders the levels (NTM < NTM_NC < NTM_KM).
 * - lowest: every predecessor must be recognised; the lowest of their levels.
 * - kept_code: the level of the predecessor whose code the new commune kept (null if none kept it).
 * Unknown levels count as unrecognised.
 */
export function carriedLevel(rule: CarryRuleId, newCode: string, predecessors: Predecessor[], ranks: Record<string, number>): string | null {
  if (predecessors.length === 0) return null;
  const known = (l: string | null) => l !== null && ranks[l] !== undefined;
  if (rule === "kept_code") {
    const kept = predecessors.find((p) => p.code === newCode);
    return kept && known(kept.level) ? kept.level : null;
  }
  if (!predecessors.every((p) => known(p.level))) return null;
  return predecessors.map((p) => p.level!).reduce((a, b) => (ranks[b] < ranks[a] ? b : a));
}

/** Nothing to decide when no predecessor was recognised. */
export const needsDecision = (predecessors: Predecessor[], ranks: Record<string, number>) => predecessors.some((p) => p.level !== null && ranks[p.level] !== undefined);
