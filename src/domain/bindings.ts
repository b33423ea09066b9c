// Binding a commune to a criteria set: which keys, levels and years are allowed, what kind of change a
// save is, and the counters to take away when a commune leaves a set. Pure.
import type { NtmRegion } from "../db/schema";
import type { LevelCode, TargetKey } from "./criteria-format";
import type { CommuneState, RollupDelta } from "./rollups";
import type { Failure, Outcome } from "./outcome";

/** The 7 NTM regions of the 2021–2025 sets (as in the schema's NTM_REGIONS, kept here so the domain stays drizzle-free). */
export const REGION_KEYS: readonly NtmRegion[] = ["TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL"];
export const GROUP_KEYS = ["1", "2", "3"] as const;
/** Especially disadvantaged communes use the northern-mountain targets (318/QĐ-TTg). */
export const DISADVANTAGED_REGION: NtmRegion = "TDMNPB";

export type SetForBinding = {
  id: number;
  name: string;
  targetKey: "region" | "group";
  periodFrom: number;
  periodTo: number;
  appliesTo: string[];
  status: "draft" | "active" | "retired";
  levels: { code: string; name: string }[];
  /** The set has targets keyed by region or group (not only "all"). */
  keyed: boolean;
};

export type UnitForBinding = { kind: string; region: string | null; communeGroup: number | null };

export type KeyOption = { value: TargetKey; label: string };

export type BindingValues = { setId: number; key: TargetKey; targetLevel: LevelCode; targetYear: number; evalYear: number };

export type BindingRaw = { key: string; targetLevel: string; targetYear: string; evalYear: string };

const isRegion = (k: string): k is NtmRegion => (REGION_KEYS as readonly string[]).includes(k);
const isGroup = (k: string) => (GROUP_KEYS as readonly string[]).includes(k);

/**
 * The keys an admin may pick for this commune and set, default first. Region sets: the province's region (or the
 * commune's own region setting), and TDMNPB for especially disadvantaged communes; every region when the province has
 * none configured. Group sets: groups 1–3, the commune's group first. "all" only for a set with no keyed targets.
 */
export function keyOptions(set: Pick<SetForBinding, "targetKey" | "keyed">, unit: UnitForBinding, provinceRegion: string | null, regionNames: Record<string, string>): KeyOption[] {
  const out: KeyOption[] = [];
  if (!set.keyed) out.push({ value: "all", label: "Chung (bộ tiêu chí không chia chỉ tiêu đích theo vùng/nhóm)" });
  if (set.targetKey === "group") {
    const own = unit.communeGroup !== null && isGroup(String(unit.communeGroup)) ? String(unit.communeGroup) : "2";
    for (const g of [own, ...GROUP_KEYS.filter((g) => g !== own)]) {
      out.push({ value: g as TargetKey, label: `Nhóm xã ${g}${g === own && unit.communeGroup !== null ? " (nhóm đã khai báo của xã)" : ""}` });
    }
    return out;
  }
  const regions: NtmRegion[] = [];
  const add = (r: string | null) => {
    if (r && isRegion(r) && !regions.includes(r)) regions.push(r);
  };
  if (provinceRegion === null && unit.region === null) REGION_KEYS.forEach(add);
  add(unit.region);
  add(provinceRegion);
  add(DISADVANTAGED_REGION);
  for (const r of regions) {
    const note = r === DISADVANTAGED_REGION && r !== provinceRegion ? " — xã đặc biệt khó khăn" : r === provinceRegion ? " (vùng của tỉnh)" : "";
    out.push({ value: r, label: `${regionNames[r] ?? r}${note}` });
  }
  return out;
}

/** The key a new binding starts with: the province's region for region sets, the commune's group for group sets. */
export function defaultKey(options: KeyOption[], set: Pick<SetForBinding, "targetKey" | "keyed">, provinceRegion: string | null, unit: UnitForBinding): TargetKey {
  if (!set.keyed && options.some((o) => o.value === "all")) return "all";
  if (set.targetKey === "region") {
    const wanted = unit.region ?? provinceRegion;
    return (options.find((o) => o.value === wanted) ?? options[0]).value;
  }
  return (options.find((o) => o.value === String(unit.communeGroup ?? 2)) ?? options[0]).value;
}

export type BindingCheck = Outcome<{ value: BindingValues }, Failure<"invalid", { errors: Record<string, string> }>>;

const YEAR = /^\s*\d{4}\s*$/;

/** Checks a submitted binding against the set and the commune; Vietnamese messages per field. */
export function checkBinding(set: SetForBinding, unit: UnitForBinding, options: KeyOption[], raw: BindingRaw, currentSetId: number | null): BindingCheck {
  const errors: Record<string, string> = {};
  if (!set.appliesTo.includes(unit.kind)) errors.setId = `Bộ tiêu chí “${set.name}” không áp dụng cho loại đơn vị này.`;
  else if (set.status === "retired" && set.id !== currentSetId) errors.setId = `Bộ tiêu chí “${set.name}” đã ngừng áp dụng; hãy chọn bộ khác.`;

  const key = raw.key.trim();
  if (key === "") errors.key = set.targetKey === "region" ? "Hãy chọn vùng." : "Hãy chọn nhóm xã.";
  else if (set.targetKey === "region" && isGroup(key)) errors.key = `Bộ tiêu chí này chia chỉ tiêu đích theo vùng: hãy chọn vùng, không phải nhóm xã “${key}”.`;
  else if (set.targetKey === "group" && isRegion(key)) errors.key = `Bộ tiêu chí này chia chỉ tiêu đích theo nhóm xã (1, 2, 3): hãy chọn nhóm xã, không phải vùng “${key}”.`;
  else if (!options.some((o) => o.value === key)) {
    errors.key =
      set.targetKey === "region" && isRegion(key)
        ? `Vùng “${key}” không dùng được cho xã này: chỉ chọn ${options.map((o) => `“${o.label}”`).join(" hoặc ")}.`
        : `Khóa chỉ tiêu đích “${key.slice(0, 20)}” không hợp lệ.`;
  }

  const level = raw.targetLevel.trim();
  if (level === "") errors.targetLevel = "Hãy chọn mức phấn đấu.";
  else if (!set.levels.some((l) => l.code === level)) {
    errors.targetLevel = `Mức “${level.slice(0, 20)}” không có trong bộ tiêu chí này (các mức: ${set.levels.map((l) => l.name).join("; ")}).`;
  }

  const years = { targetYear: "Năm phấn đấu đạt", evalYear: "Năm đánh giá" } as const;
  const parsedYears: Partial<Record<keyof typeof years, number>> = {};
  for (const field of Object.keys(years) as (keyof typeof years)[]) {
    const text = raw[field];
    if (text.trim() === "") errors[field] = `Hãy nhập ${years[field].toLowerCase()}.`;
    else if (!YEAR.test(text)) errors[field] = `${years[field]} phải là năm có 4 chữ số (ví dụ ${set.periodTo}).`;
    else {
      const y = Number(text.trim());
      if (y < set.periodFrom || y > set.periodTo) errors[field] = `${years[field]} phải trong giai đoạn ${set.periodFrom}–${set.periodTo} của bộ tiêu chí.`;
      else parsedYears[field] = y;
    }
  }
  if (Object.keys(errors).length) return { ok: false, kind: "invalid", errors };
  return { ok: true, value: { setId: set.id, key: key as TargetKey, targetLevel: level as LevelCode, targetYear: parsedYears.targetYear!, evalYear: parsedYears.evalYear! } };
}

export type BindingChange = "create" | "change_set" | "update" | "unchanged";

/** What a save does: bind a new commune, move it to another set, or only change key/level/years. */
export function bindingChange(current: Omit<BindingValues, "key" | "targetLevel"> & { key: string; targetLevel: string } | null, next: BindingValues): BindingChange {
  if (!current) return "create";
  if (current.setId !== next.setId) return "change_set";
  const same = current.key === next.key && current.targetLevel === next.targetLevel && current.targetYear === next.targetYear && current.evalYear === next.evalYear;
  return same ? "unchanged" : "update";
}

/** The counters to take away from every area above a commune that leaves its set (the opposite of counting it). */
export function removalDelta(before: CommuneState): RollupDelta {
  const criteria: RollupDelta["criteria"] = [];
  for (const [criterionId, result] of before.criteria) {
    for (const [level, met] of Object.entries(result)) if (met) criteria.push({ criterionId, level, delta: -1 });
  }
  return { communes: -1, criteriaMetSum: -before.criteriaMetBase, levels: [{ level: before.levelReached, delta: -1 }], criteria };
}
