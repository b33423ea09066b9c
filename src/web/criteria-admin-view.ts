// Maps criteria sets and targets to the props of the admin templates (templates/pages/criteria-admin*.tsx).
import type { CriteriaSet } from "../db/schema";
import { COMPARATOR_SIGNS, type Comparator, type IndicatorKind, type TargetValue } from "../domain/criteria-format";
import { SET_STATUS_LABELS, nextStatus, targetInputOf, targetKeyLabel, targetText, valueControl, type SetStatus, type TargetInput } from "../domain/criteria-admin";
import { NTM_REGION_NAMES, UNIT_KIND_NAMES } from "../domain/units";
import type { SetDetail, SetListRow, TargetContext } from "../services/criteria-admin";
import { msg } from "../messages";
import type { SetRowView } from "../../templates/pages/criteria-admin";
import type { GroupRowView, SetDetailView, StatusState } from "../../templates/pages/criteria-admin-set";
import type { TargetFormProps, TargetFormState } from "../../templates/pages/criteria-admin-target";

export const KIND_LABELS: Record<IndicatorKind, string> = { number: "số", percent: "tỷ lệ", boolean: "đạt/không đạt", document: "văn bản, hồ sơ", choice: "lựa chọn" };

const period = (s: Pick<CriteriaSet, "periodFrom" | "periodTo">) => `${s.periodFrom}–${s.periodTo}`;
const scopeOf = (s: Pick<CriteriaSet, "provinceId">, provinceName: string | null) => (s.provinceId === null ? "Toàn quốc" : (provinceName ?? "Bộ của tỉnh"));
export const levelLabel = (code: string, levels: { code: string; name: string }[]) => levels.find((l) => l.code === code)?.name ?? msg.levelShort[code] ?? code;
const levelShort = (code: string) => msg.levelShort[code] ?? code;

export function setRows(sets: SetListRow[]): SetRowView[] {
  return sets.map((s) => ({
    id: s.id,
    code: s.code,
    name: s.name,
    decision: s.decision,
    period: period(s),
    status: s.status,
    statusLabel: SET_STATUS_LABELS[s.status],
    scope: scopeOf(s, s.provinceName),
    clonedFrom: s.clonedFromId === null ? null : { id: s.clonedFromId, code: s.clonedFromCode ?? "" },
    communesBound: s.communesBound,
    createdAt: s.createdAt,
  }));
}

export function statusState(set: Pick<CriteriaSet, "status" | "version">, extra: Pick<StatusState, "error" | "notice"> = {}): StatusState {
  const next = nextStatus(set.status as SetStatus);
  return { status: set.status, statusLabel: SET_STATUS_LABELS[set.status], version: set.version, next: next ? { value: next, label: SET_STATUS_LABELS[next] } : null, ...extra };
}

export function setDetailView(d: SetDetail, provinceName: string | null): SetDetailView {
  const s = d.set;
  const targetsOf = Map.groupBy(d.targets, (t) => t.indicatorId);
  const groups: GroupRowView[] = [];
  for (const c of d.criteria) {
    let group = groups.find((g) => g.code === c.groupCode && g.name === c.groupName);
    if (!group) {
      group = { code: c.groupCode, name: c.groupName, criteria: [] };
      groups.push(group);
    }
    group.criteria.push({
      id: c.id,
      number: c.number,
      name: c.name,
      revocationKey: c.revocationKey,
      indicators: d.indicators
        .filter((i) => i.criterionId === c.id)
        .map((i) => ({
          id: i.id,
          code: i.code,
          name: i.name,
          kindLabel: KIND_LABELS[i.kind],
          unit: i.unit,
          levelName: levelShort(i.level),
          evidenceRequired: i.evidenceRequired,
          guidance: i.guidance,
          choices: i.choices,
          targets: (targetsOf.get(i.id) ?? []).map((t) => ({
            id: t.id,
            level: t.level,
            levelName: levelShort(t.level),
            key: t.key,
            keyLabel: targetKeyLabel(t.key, NTM_REGION_NAMES),
            years: t.yearFrom === t.yearTo ? String(t.yearFrom) : `${t.yearFrom}–${t.yearTo}`,
            text: targetText({ kind: i.kind, comparator: i.comparator, choices: i.choices, unit: i.unit }, t.value as TargetValue),
            source: t.source,
            verified: t.verified,
          })),
        })),
    });
  }
  return {
    id: s.id,
    code: s.code,
    name: s.name,
    decision: s.decision,
    period: period(s),
    status: s.status,
    statusLabel: SET_STATUS_LABELS[s.status],
    version: s.version,
    scope: scopeOf(s, provinceName),
    source: s.source,
    appliesTo: s.appliesTo.map((k) => UNIT_KIND_NAMES[k as keyof typeof UNIT_KIND_NAMES] ?? k).join(", "),
    targetKeyLabel: s.targetKey === "region" ? "vùng" : "nhóm xã",
    clonedFrom: d.clonedFrom,
    createdAt: s.createdAt,
    levels: d.levels.map((l) => ({ code: l.code, name: l.name, rank: l.rank, rule: l.rule })),
    groups,
    targets: d.targets.length,
    unverified: d.targets.filter((t) => !t.verified).length,
  };
}

const shapeOf = (ctx: TargetContext) => ({ kind: ctx.indicator.kind, comparator: ctx.indicator.comparator as Comparator, choices: ctx.indicator.choices, unit: ctx.indicator.unit });

/** The form's starting state: the stored target. */
export function targetState(ctx: TargetContext): TargetFormState {
  const input: TargetInput = targetInputOf(shapeOf(ctx), ctx.target.value as TargetValue);
  return { ...input, source: ctx.target.source, verified: ctx.target.verified, version: ctx.target.version };
}

export function targetFormProps(ctx: TargetContext, csrfToken: string, state: TargetFormState, extra: Pick<TargetFormProps, "error" | "conflict"> = {}): TargetFormProps {
  const { target: t, indicator: i, criterion: c, set } = ctx;
  const shape = shapeOf(ctx);
  return {
    csrfToken,
    target: {
      id: t.id,
      setId: set.id,
      setCode: set.code,
      setName: set.name,
      criterion: `${c.number}. ${c.name}`,
      indicatorCode: i.code,
      indicatorName: i.name,
      kindLabel: KIND_LABELS[i.kind],
      unit: i.unit,
      control: valueControl(shape),
      kind: i.kind,
      comparatorSign: COMPARATOR_SIGNS[i.comparator as Comparator],
      choices: i.choices ?? [],
      levelName: levelLabel(t.level, ctx.levels),
      keyLabel: targetKeyLabel(t.key, NTM_REGION_NAMES),
      years: t.yearFrom === t.yearTo ? String(t.yearFrom) : `${t.yearFrom}–${t.yearTo}`,
      currentText: targetText(shape, t.value as TargetValue),
    },
    state,
    ...extra,
  };
}

export function conflictOf(ctx: TargetContext, current: TargetContext["target"]) {
  return { text: targetText(shapeOf(ctx), current.value as TargetValue), source: current.source, verified: current.verified };
}
