// Maps a loaded checklist to the props the checklist templates take.
import type { Checklist } from "../services/checklist";
import type { Comparator, LevelCode } from "../domain/criteria-format";
import type { GroupView, SummaryView } from "../../templates/pages/checklist";
import type { IndicatorView } from "../../templates/components/checklist-indicator";
import type { IndicatorKind } from "../domain/criteria-format";
import { formatNumber } from "../domain/format";

/** A stored value as people read it: "85,5 %", "Đạt", "Có". */
export function displayValue(kind: IndicatorKind, value: string | null, unit: string | null): string {
  if (value === null) return "Chưa nhập";
  if (kind === "boolean") return value === "true" ? "Đạt" : "Không đạt";
  if (kind === "document") return value === "true" ? "Có" : "Chưa có";
  if (kind === "number" || kind === "percent") return `${formatNumber(Number(value))}${unit ? ` ${unit}` : kind === "percent" ? " %" : ""}`;
  return value;
}

const baseLevel = (c: Checklist) => [...c.def.levels].sort((a, b) => a.rank - b.rank)[0].code;

type IndicatorRow = Checklist["def"]["indicators"][number];
type TargetRow = Checklist["def"]["targets"][number];
type LevelRow = Checklist["def"]["levels"][number];
type ValueParts = Pick<IndicatorView, "value" | "evidenceNote" | "evidenceLink" | "updatedAt" | "updatedByName" | "version" | "met" | "files">;

/** One indicator for display: the target per level (the commune's own key beats "all", as the evaluation chooses). */
export function buildIndicatorView(ind: IndicatorRow, targets: TargetRow[], levels: Pick<LevelRow, "code" | "rank">[], evalYear: number, v: ValueParts): IndicatorView {
  const levelRank = new Map(levels.map((l) => [l.code, l.rank]));
  const byLevel = new Map<string, TargetRow>();
  for (const t of targets.filter((t) => t.indicatorId === ind.id && t.yearFrom <= evalYear && evalYear <= t.yearTo)) {
    const prev = byLevel.get(t.level);
    if (!prev || (prev.key === "all" && t.key !== "all")) byLevel.set(t.level, t);
  }
  return {
    id: ind.id,
    code: ind.code,
    name: ind.name,
    kind: ind.kind,
    unit: ind.unit,
    choices: ind.choices,
    evidenceRequired: ind.evidenceRequired,
    guidance: ind.guidance,
    targets: [...byLevel.values()]
      .sort((a, b) => (levelRank.get(a.level) ?? 0) - (levelRank.get(b.level) ?? 0))
      .map((t) => ({ level: t.level, comparator: ind.comparator as Comparator, value: t.value, unit: ind.unit, kind: ind.kind, verified: t.verified, source: t.source })),
    ...v,
  };
}

export function indicatorView(c: Checklist, indicatorId: number): IndicatorView {
  const ind = c.def.indicators.find((i) => i.id === indicatorId)!;
  const v = c.values.get(indicatorId);
  return buildIndicatorView(ind, c.def.targets, c.def.levels, c.binding.evalYear, {
    value: v?.value ?? null,
    evidenceNote: v?.evidenceNote ?? null,
    evidenceLink: v?.evidenceLink ?? null,
    updatedAt: v?.updatedAt ?? null,
    updatedByName: v?.updatedByName ?? null,
    version: v?.version ?? 1,
    met: c.evaluation.indicators.get(indicatorId) ?? {},
  });
}

export function summaryView(c: Checklist): SummaryView {
  const base = baseLevel(c) as LevelCode;
  const names = new Map(c.def.indicators.map((i) => [i.id, i]));
  return {
    communeCode: c.unit.code,
    baseLevel: base,
    criteriaMet: c.evaluation.criteriaMet[base] ?? 0,
    criteriaTotal: c.evaluation.criteriaTotal[base] ?? 0,
    levelReached: c.evaluation.levelReached,
    nextLevel: c.evaluation.nextLevel,
    nextMet: c.evaluation.nextLevel ? (c.evaluation.criteriaMet[c.evaluation.nextLevel] ?? 0) : null,
    nextTotal: c.evaluation.nextLevel ? (c.evaluation.criteriaTotal[c.evaluation.nextLevel] ?? 0) : null,
    targetLevel: c.binding.targetLevel,
    targetYear: c.binding.targetYear,
    gap: c.evaluation.gap.map((g) => ({ id: g.indicatorId, code: names.get(g.indicatorId)!.code, name: names.get(g.indicatorId)!.name })),
  };
}

/** Criteria in their groups (a criterion's failing indicators first); with `onlyFailing`, only indicators not met at the next level (criteria with none are left out). */
export function groupsView(c: Checklist, onlyFailing: boolean): GroupView[] {
  const failing = new Set(c.evaluation.gap.map((g) => g.indicatorId));
  const groups: GroupView[] = [];
  for (const criterion of c.def.criteria) {
    const inds = c.def.indicators.filter((i) => i.criterionId === criterion.id && (!onlyFailing || failing.has(i.id)));
    if (inds.length === 0) continue;
    let group = groups.find((g) => g.code === criterion.groupCode);
    if (!group) groups.push((group = { code: criterion.groupCode, name: criterion.groupName, criteria: [] }));
    group.criteria.push({
      id: criterion.id,
      number: criterion.number,
      name: criterion.name,
      met: c.evaluation.criteria.get(criterion.id) ?? {},
      failing: inds.some((i) => failing.has(i.id)),
      // Failing indicators first: on a phone the first screen reaches the first thing to fix.
      indicators: [...inds.filter((i) => failing.has(i.id)), ...inds.filter((i) => !failing.has(i.id))].map((i) => indicatorView(c, i.id)),
    });
  }
  return groups;
}

