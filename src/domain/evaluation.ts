// Evaluation of a commune against a criteria set: parse entered values, pick the target that applies,
// compare, roll indicators up to criteria and criteria up to levels, and the yearly revocation check
// of Decision 18/2022/QĐ-TTg. Pure: everything (set, binding, values) is passed in.
import type { Comparator, IndicatorKind, LevelCode, TargetKey, TargetValue } from "./criteria-format";
import type { Failure, Outcome } from "./outcome";

export type EvalLevel = { code: LevelCode; rank: number };
export type EvalTarget = { level: LevelCode; key: TargetKey; yearFrom: number; yearTo: number; value: TargetValue };
export type EvalIndicator = { id: number; criterionId: number; code: string; kind: IndicatorKind; comparator: Comparator; targets: EvalTarget[] };
export type EvalCriterion = { id: number; number: number; revocationKey: boolean };
export type EvalSet = { levels: EvalLevel[]; criteria: EvalCriterion[]; indicators: EvalIndicator[] };
/** Which targets apply to a commune: its region or group key, and the year being assessed. */
export type Binding = { key: TargetKey; year: number };
/** Stored value text: "true"/"false" for boolean and document kinds; a decimal number with "." for number/percent; the chosen text for choice. null = no value yet. */
export type ValueText = string | null;
export type LevelResult = Partial<Record<LevelCode, boolean>>; // a level is absent when not applicable

export type ParseResult = Outcome<{ value: string }, Failure<"invalid", { message: string }>>;

export const MESSAGES = {
  number: "Chỉ tiêu này cần một số (ví dụ 85 hoặc 85,5).",
  percentRange: "Tỷ lệ phải từ 0 đến 100.",
  boolean: "Hãy chọn “Có” (đạt) hoặc “Không” (không đạt).",
  document: "Hãy cho biết đã có văn bản, hồ sơ chưa: “Có” hoặc “Không”.",
  noChoices: "Chỉ tiêu này chưa có danh sách lựa chọn.",
  choice: (choices: string[]) => `Hãy chọn một trong các giá trị: ${choices.join("; ")}.`,
  unknownKind: "Loại chỉ tiêu không hợp lệ.",
} as const;

// ---------------------------------------------------------------------------------------------
// Parsing user input

const NUMBER_PATTERNS: { re: RegExp; thousands: string; decimal: string }[] = [
  // "85", "85,5", "85.5", "-3": one separator at most is always the decimal point (as stored).
  { re: /^(\d+)(?:[.,](\d+))?$/, thousands: "", decimal: "" },
  // vi-VN: "1.234", "1.234.567", "1.234,5" (a single "." group without "," is read above as a decimal).
  { re: /^(\d{1,3}(?:\.\d{3})+)(?:,(\d+))?$/, thousands: ".", decimal: "," },
  // en: "1,234,567.5"
  { re: /^(\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/, thousands: ",", decimal: "." },
  // spaces as thousands: "1 234 567,5"
  { re: /^(\d{1,3}(?: \d{3})+)(?:[.,](\d+))?$/, thousands: " ", decimal: "" },
];

/**
 * A typed number → canonical decimal text ("1234.5", "-3", "0.25"), or null when it is not a finite number.
 * One "." or "," is the decimal separator; thousands groups need either several groups or a decimal
 * part in the other separator ("1.234.567", "1.234,5", "1,234.5"). So "1.234" reads as 1.234.
 */
export function parseDecimal(raw: string): string | null {
  let text = raw.normalize("NFC").trim().replace(/[\u00a0\u202f]/g, " ");
  let negative = false;
  if (/^[+-]/.test(text)) {
    negative = text[0] === "-";
    text = text.slice(1).trimStart();
  }
  for (const { re, thousands } of NUMBER_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const intDigits = (thousands ? m[1].split(thousands).join("") : m[1]).replace(/^0+(?=\d)/, "");
    const fracDigits = (m[2] ?? "").replace(/0+$/, "");
    const body = fracDigits ? `${intDigits}.${fracDigits}` : intDigits;
    if (!Number.isFinite(Number(body))) return null;
    const isZero = /^0+$/.test(intDigits) && !fracDigits;
    return negative && !isZero ? `-${body}` : body;
  }
  return null;
}

const TRUE_WORDS = new Set(["true", "có", "đạt"]);
const FALSE_WORDS = new Set(["false", "không", "không đạt", "chưa đạt", "chưa có"]);

function normaliseWord(raw: string): string {
  return raw.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase("vi");
}

/** User input → normalised stored text, or a Vietnamese message. number/percent accept "85", "85,5", "85.5", "1.234,5" (vi-VN thousands), reject "abc", "", NaN, Infinity; percent must be 0–100 (a trailing "%" is allowed); boolean/document accept "true"/"false"/"có"/"không"/"đạt"/"không đạt" (also "chưa đạt", "chưa có"; case-insensitive, trimmed) → "true"/"false"; choice must be one of `choices` (compare after trim + NFC; when nothing matches exactly, a unique case-insensitive match is accepted) and the stored text is the choice as listed. */
export function parseValue(kind: IndicatorKind, raw: string, choices?: string[]): ParseResult {
  switch (kind) {
    case "number":
    case "percent": {
      let text = raw;
      if (kind === "percent") text = text.trim().replace(/\s*%$/, "");
      const value = parseDecimal(text);
      if (value === null) return { ok: false, kind: "invalid", message: MESSAGES.number };
      if (kind === "percent") {
        const n = Number(value);
        if (n < 0 || n > 100) return { ok: false, kind: "invalid", message: MESSAGES.percentRange };
      }
      return { ok: true, value };
    }
    case "boolean":
    case "document": {
      const word = normaliseWord(raw);
      if (TRUE_WORDS.has(word)) return { ok: true, value: "true" };
      if (FALSE_WORDS.has(word)) return { ok: true, value: "false" };
      return { ok: false, kind: "invalid", message: kind === "boolean" ? MESSAGES.boolean : MESSAGES.document };
    }
    case "choice": {
      const list = (choices ?? []).map((c) => c.normalize("NFC").trim()).filter((c) => c !== "");
      if (list.length === 0) return { ok: false, kind: "invalid", message: MESSAGES.noChoices };
      const text = raw.normalize("NFC").trim();
      const exact = list.find((c) => c === text);
      if (exact !== undefined) return { ok: true, value: exact };
      const lower = text.toLocaleLowerCase("vi");
      const loose = list.filter((c) => c.toLocaleLowerCase("vi") === lower);
      if (text !== "" && loose.length === 1) return { ok: true, value: loose[0] };
      return { ok: false, kind: "invalid", message: MESSAGES.choice(list) };
    }
    default: {
      const never: never = kind;
      void never;
      return { ok: false, kind: "invalid", message: MESSAGES.unknownKind };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Targets and comparison

/** Target for an indicator at a level for this commune: the binding's key first, else "all"; the year must lie in [yearFrom, yearTo]; null when none (indicator not applicable at that level). When several targets of the same key cover the year, the first listed wins. */
export function chooseTarget(indicator: EvalIndicator, level: LevelCode, binding: Binding): EvalTarget | null {
  const candidates = indicator.targets.filter((t) => t.level === level && t.yearFrom <= binding.year && binding.year <= t.yearTo);
  return candidates.find((t) => t.key === binding.key) ?? candidates.find((t) => t.key === "all") ?? null;
}

/** Stored number text → number; null when it is not a plain finite decimal (no "", hex, "Infinity", comma). */
function storedNumber(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

function storedBoolean(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  return t === "true" ? true : t === "false" ? false : null;
}

function targetNumber(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string") return storedNumber(v);
  return null;
}

function targetBoolean(v: unknown): boolean | null {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") return storedBoolean(v);
  return null;
}

function ordered<T>(comparator: Comparator, value: T, target: T, cmp: (a: T, b: T) => number): boolean {
  const c = cmp(value, target);
  return comparator === "gte" ? c >= 0 : comparator === "lte" ? c <= 0 : c === 0;
}

/** Comparator test; a missing value (null) is never met. gte/lte/eq on numbers; eq on strings/booleans (booleans also order false < true for gte/lte; strings have no order, so gte/lte on a choice is never met); "in" = value is one of the list (a single target is a one-item list). A target of the wrong type is never met. */
export function compare(kind: IndicatorKind, comparator: Comparator, value: ValueText, target: TargetValue): boolean {
  if (value === null) return false;
  const list: unknown[] = Array.isArray(target) ? target : [target];
  switch (kind) {
    case "number":
    case "percent": {
      const v = storedNumber(value);
      if (v === null) return false;
      if (comparator === "in") return list.some((item) => targetNumber(item) === v);
      if (Array.isArray(target)) return false;
      const t = targetNumber(target);
      return t !== null && ordered(comparator, v, t, (a, b) => a - b);
    }
    case "boolean":
    case "document": {
      const v = storedBoolean(value);
      if (v === null) return false;
      if (comparator === "in") return list.some((item) => targetBoolean(item) === v);
      if (Array.isArray(target)) return false;
      const t = targetBoolean(target);
      return t !== null && ordered(comparator, v, t, (a, b) => Number(a) - Number(b));
    }
    case "choice": {
      const v = value.normalize("NFC").trim();
      if (v === "") return false;
      const same = (item: unknown) => typeof item === "string" && item.normalize("NFC").trim() === v;
      if (comparator === "in") return list.some(same);
      if (comparator === "eq") return !Array.isArray(target) && same(target);
      return false;
    }
    default: {
      const never: never = kind;
      void never;
      return false;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Roll-up: indicator → criterion → level

/** Levels lowest first (stable for equal ranks). */
export function sortLevels(levels: EvalLevel[]): EvalLevel[] {
  return [...levels].sort((a, b) => a.rank - b.rank);
}

/** Met per applicable level for one indicator. */
export function indicatorResult(indicator: EvalIndicator, levels: EvalLevel[], binding: Binding, value: ValueText): LevelResult {
  const result: LevelResult = {};
  for (const level of levels) {
    const target = chooseTarget(indicator, level.code, binding);
    if (target) result[level.code] = compare(indicator.kind, indicator.comparator, value, target.value);
  }
  return result;
}

/** A criterion at a level: met when every indicator applicable at that level is met; absent when none applies. */
export function criterionResult(indicatorResults: LevelResult[], levels: EvalLevel[]): LevelResult {
  const result: LevelResult = {};
  for (const level of levels) {
    const applicable = indicatorResults.map((r) => r[level.code]).filter((r): r is boolean => r !== undefined);
    if (applicable.length > 0) result[level.code] = applicable.every(Boolean);
  }
  return result;
}

/** Levels are cumulative by rank: a level is reached when every criterion that applies at it is met AND the level below is reached. A level with no applicable criterion is never reached. Returns the highest reached, or null. */
export function levelReached(levels: EvalLevel[], criterionResults: LevelResult[]): LevelCode | null {
  let reached: LevelCode | null = null;
  for (const level of sortLevels(levels)) {
    const applicable = criterionResults.map((r) => r[level.code]).filter((r): r is boolean => r !== undefined);
    if (applicable.length === 0 || !applicable.every(Boolean)) break;
    reached = level.code;
  }
  return reached;
}

export type CommuneEvaluation = {
  indicators: Map<number, LevelResult>;
  criteria: Map<number, LevelResult>;
  criteriaMet: Partial<Record<LevelCode, number>>; // criteria met at each level (only criteria applicable at that level count)
  criteriaTotal: Partial<Record<LevelCode, number>>; // criteria applicable at each level
  levelReached: LevelCode | null;
  nextLevel: LevelCode | null; // the lowest level not reached, or null when the top is reached
  gap: { indicatorId: number; criterionId: number }[]; // indicators not met at nextLevel (in set order), empty when nextLevel is null
};

/** Whole evaluation of one commune. criteriaMet/criteriaTotal carry every level of the set (0 when none applies). A value missing from `values` counts as null. */
export function evaluateCommune(set: EvalSet, binding: Binding, values: Map<number, ValueText>): CommuneEvaluation {
  const levels = sortLevels(set.levels);

  const indicators = new Map<number, LevelResult>();
  const byCriterion = new Map<number, LevelResult[]>();
  for (const ind of set.indicators) {
    const r = indicatorResult(ind, levels, binding, values.get(ind.id) ?? null);
    indicators.set(ind.id, r);
    const list = byCriterion.get(ind.criterionId) ?? [];
    list.push(r);
    byCriterion.set(ind.criterionId, list);
  }

  const criteria = new Map<number, LevelResult>();
  for (const c of set.criteria) criteria.set(c.id, criterionResult(byCriterion.get(c.id) ?? [], levels));
  const criterionResults = [...criteria.values()];

  const criteriaMet: Partial<Record<LevelCode, number>> = {};
  const criteriaTotal: Partial<Record<LevelCode, number>> = {};
  for (const level of levels) {
    const applicable = criterionResults.map((r) => r[level.code]).filter((r): r is boolean => r !== undefined);
    criteriaTotal[level.code] = applicable.length;
    criteriaMet[level.code] = applicable.filter(Boolean).length;
  }

  const reached = levelReached(levels, criterionResults);
  const reachedIndex = reached === null ? -1 : levels.findIndex((l) => l.code === reached);
  const nextLevel = levels[reachedIndex + 1]?.code ?? null;

  const gap: CommuneEvaluation["gap"] = [];
  if (nextLevel !== null) {
    for (const ind of set.indicators) {
      if (indicators.get(ind.id)?.[nextLevel] === false) gap.push({ indicatorId: ind.id, criterionId: ind.criterionId });
    }
  }

  return { indicators, criteria, criteriaMet, criteriaTotal, levelReached: reached, nextLevel, gap };
}

// ---------------------------------------------------------------------------------------------
// Revocation (18/2022/QĐ-TTg)

/** failed/total as a vi-VN percentage, truncated (never rounded up across a boundary) to one decimal: 5/17 → "29,4%". */
export function formatShare(failed: number, total: number): string {
  if (total <= 0) return "0%";
  const tenths = Math.floor((failed * 1000) / total);
  const whole = Math.floor(tenths / 10);
  const frac = tenths % 10;
  return frac ? `${whole},${frac}%` : `${whole}%`;
}

export type RevocationCheck = { revoke: boolean; failed: number; total: number; failedShare: number; keyFailed: number[]; reason: string };

/** Decision 18/2022/QĐ-TTg annual review of a recognised commune: revoke when ≥ 50% of the applicable criteria fail, or when 30%–<50% fail and at least one failing criterion has revocationKey (income, environment/food safety, living-environment quality, defence and security). failedShare is failed/total (0..1). keyFailed lists the criterion NUMBERS (not ids) of failing key criteria, ascending. reason is a Vietnamese sentence. */
export function revocationCheck(criteria: { criterion: EvalCriterion; met: boolean }[]): RevocationCheck {
  const total = criteria.length;
  const failing = criteria.filter((c) => !c.met);
  const failed = failing.length;
  const keyFailed = failing
    .filter((c) => c.criterion.revocationKey)
    .map((c) => c.criterion.number)
    .sort((a, b) => a - b);
  const failedShare = total > 0 ? failed / total : 0;
  const base = { failed, total, failedShare, keyFailed };

  if (total === 0) return { ...base, revoke: false, reason: "Không có tiêu chí nào để xét thu hồi." };
  if (failed === 0) return { ...base, revoke: false, reason: `Không thu hồi: cả ${total} tiêu chí đều đạt.` };

  const share = `${failed}/${total} tiêu chí không đạt (${formatShare(failed, total)})`;
  const keyList = `tiêu chí số ${keyFailed.join(", ")}`;
  if (failed * 2 >= total) return { ...base, revoke: true, reason: `Thu hồi: ${share}, từ 50% trở lên.` };
  if (failed * 10 >= total * 3) {
    if (keyFailed.length > 0) {
      return { ...base, revoke: true, reason: `Thu hồi: ${share}, từ 30% đến dưới 50%, trong đó có ${keyList} thuộc nhóm thu nhập, môi trường và an toàn thực phẩm, chất lượng môi trường sống, quốc phòng và an ninh.` };
    }
    return { ...base, revoke: false, reason: `Không thu hồi: ${share}, từ 30% đến dưới 50% nhưng không có tiêu chí nào về thu nhập, môi trường và an toàn thực phẩm, chất lượng môi trường sống, quốc phòng và an ninh.` };
  }
  return { ...base, revoke: false, reason: `Không thu hồi: ${share}, dưới 30%.` };
}
