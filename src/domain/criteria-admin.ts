// Admin side of criteria sets: status transitions, upload detection, target values typed by the
// indicator's kind. Pure: no hono, drizzle, D1, clock or randomness.
import { COMPARATOR_SIGNS, type Comparator, type IndicatorKind, type LevelCode, type TargetValue } from "./criteria-format";
import { criterionResult, indicatorResult, levelReached, parseDecimal, sortLevels, type Binding, type EvalIndicator, type EvalLevel, type LevelResult, type ValueText } from "./evaluation";
import type { CommuneState } from "./rollups";
import type { Failure, Outcome } from "./outcome";

// ---------------------------------------------------------------------------------------------
// Set status: draft → active → retired

export const SET_STATUSES = ["draft", "active", "retired"] as const;
export type SetStatus = (typeof SET_STATUSES)[number];

export const SET_STATUS_LABELS: Record<SetStatus, string> = { draft: "Bản nháp", active: "Đang áp dụng", retired: "Ngừng áp dụng" };

/** The one status a set may move to next (forward only), or null when it is retired. */
export function nextStatus(from: SetStatus): SetStatus | null {
  return from === "draft" ? "active" : from === "active" ? "retired" : null;
}

/** null when the move is allowed, otherwise a Vietnamese reason. */
export function statusChangeProblem(from: SetStatus, to: string): string | null {
  if (!(SET_STATUSES as readonly string[]).includes(to)) return "Trạng thái không hợp lệ.";
  if (from === to) return `Bộ tiêu chí đã ở trạng thái “${SET_STATUS_LABELS[from]}”.`;
  const next = nextStatus(from);
  if (next !== to) {
    return next
      ? `Chỉ có thể chuyển từ “${SET_STATUS_LABELS[from]}” sang “${SET_STATUS_LABELS[next]}”.`
      : "Bộ tiêu chí đã ngừng áp dụng; không đổi trạng thái được nữa (hãy nhân bản nếu cần dùng lại).";
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Upload

export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
export type UploadKind = "json" | "csv" | "xlsx";

/** The file's format from its extension; without a known extension, from its first bytes (a ZIP is XLSX, "{" is JSON). */
export function detectUploadKind(fileName: string, head: Uint8Array): UploadKind | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName.trim())?.[1]?.toLowerCase();
  if (ext === "json" || ext === "csv" || ext === "xlsx") return ext;
  if (ext !== undefined && ext !== "txt") return null;
  if (head[0] === 0x50 && head[1] === 0x4b) return "xlsx";
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  if (head[i] === 0x7b) return "json";
  return ext === "txt" ? "csv" : null;
}

/** Problems with the uploaded file itself (before its content is read), in Vietnamese; null when fine. */
export function uploadProblem(file: { name: string; size: number } | null, kind: UploadKind | null): string | null {
  if (!file || file.size === 0) return "Hãy chọn tệp bộ tiêu chí (.json, .csv hoặc .xlsx).";
  if (file.size > MAX_UPLOAD_BYTES) return `Tệp quá lớn (${(file.size / 1024 / 1024).toFixed(1).replace(".", ",")} MB); tối đa 2 MB.`;
  if (!kind) return "Chỉ nhận tệp .json, .csv hoặc .xlsx.";
  return null;
}

// ---------------------------------------------------------------------------------------------
// Target values, typed by the indicator's kind

export type IndicatorShape = { kind: IndicatorKind; comparator: Comparator; choices: string[] | null; unit?: string | null };
/** What the form sends: one text value, or the ticked choices for a list ("in"). */
export type TargetInput = { value: string; values: string[] };
export type TargetParse = Outcome<{ value: TargetValue }, Failure<"invalid", { message: string }>>;

/** How the form asks for the value: a decimal text box, a yes/no select, one choice, or several choices. */
export function valueControl(ind: IndicatorShape): "decimal" | "boolean" | "choice" | "choices" {
  if (ind.kind === "number" || ind.kind === "percent") return "decimal";
  if (ind.kind === "boolean" || ind.kind === "document") return "boolean";
  return ind.comparator === "in" ? "choices" : "choice";
}

/** Form input → the stored target value, or a Vietnamese message. Decimals accept "," or "."; percent 0–100. */
export function parseTargetValue(ind: IndicatorShape, input: TargetInput): TargetParse {
  switch (valueControl(ind)) {
    case "decimal": {
      const text = ind.kind === "percent" ? input.value.trim().replace(/\s*%$/, "") : input.value;
      if (text.trim() === "") return { ok: false, kind: "invalid", message: "Hãy nhập giá trị đích (một số, ví dụ 80 hoặc 80,5)." };
      const parsed = parseDecimal(text);
      if (parsed === null) return { ok: false, kind: "invalid", message: "Giá trị đích phải là một số (ví dụ 80 hoặc 80,5)." };
      const n = Number(parsed);
      if (ind.kind === "percent" && (n < 0 || n > 100)) return { ok: false, kind: "invalid", message: "Tỷ lệ phải từ 0 đến 100." };
      return { ok: true, value: n };
    }
    case "boolean": {
      const v = input.value.trim();
      if (v === "true") return { ok: true, value: true };
      if (v === "false") return { ok: true, value: false };
      return { ok: false, kind: "invalid", message: ind.kind === "document" ? "Hãy chọn có yêu cầu văn bản hay không." : "Hãy chọn yêu cầu “Đạt” hay “Không yêu cầu”." };
    }
    case "choice": {
      const list = ind.choices ?? [];
      const v = input.value.normalize("NFC").trim();
      if (list.length === 0) return { ok: false, kind: "invalid", message: "Chỉ tiêu này chưa có danh sách lựa chọn." };
      if (!list.includes(v)) return { ok: false, kind: "invalid", message: `Hãy chọn một trong các giá trị: ${list.join("; ")}.` };
      return { ok: true, value: v };
    }
    case "choices": {
      const list = ind.choices ?? [];
      const picked = [...new Set(input.values.map((v) => v.normalize("NFC").trim()).filter((v) => v !== ""))];
      if (list.length === 0) return { ok: false, kind: "invalid", message: "Chỉ tiêu này chưa có danh sách lựa chọn." };
      const unknown = picked.filter((v) => !list.includes(v));
      if (unknown.length) return { ok: false, kind: "invalid", message: `Giá trị không có trong danh sách lựa chọn: ${unknown.join("; ")}.` };
      if (picked.length === 0) return { ok: false, kind: "invalid", message: "Hãy chọn ít nhất một giá trị." };
      // Keep the order of the indicator's list, so the same choices always store the same way.
      return { ok: true, value: list.filter((c) => picked.includes(c)) };
    }
  }
}

/** A stored target value as the form shows it (decimals with ","). */
export function targetInputOf(ind: IndicatorShape, value: TargetValue): TargetInput {
  if (Array.isArray(value)) return { value: "", values: value };
  if (typeof value === "number") return { value: String(value).replace(".", ","), values: [] };
  if (typeof value === "boolean") return { value: String(value), values: [] };
  return { value: valueControl(ind) === "choices" ? "" : value, values: valueControl(ind) === "choices" ? [value] : [] };
}

const decimalFormat = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 6 });
const decimal = (n: number) => decimalFormat.format(n);

/** A target as people read it: "≥ 80 %", "Đạt", "Có văn bản", "∈ {Tốt; Khá}". */
export function targetText(ind: IndicatorShape, value: TargetValue): string {
  if (ind.kind === "boolean") return value === true ? "Đạt" : "Không yêu cầu";
  if (ind.kind === "document") return value === true ? "Có văn bản" : "Không yêu cầu";
  if (Array.isArray(value)) return `${COMPARATOR_SIGNS.in} {${value.join("; ")}}`;
  if (typeof value === "number") {
    const unit = ind.unit ? ` ${ind.unit}` : ind.kind === "percent" ? " %" : "";
    return `${COMPARATOR_SIGNS[ind.comparator]} ${decimal(value)}${unit}`;
  }
  return `${COMPARATOR_SIGNS[ind.comparator]} ${String(value)}`;
}

/** Target keys as people read them. */
export function targetKeyLabel(key: string, regionNames: Record<string, string>): string {
  if (key === "all") return "Chung";
  if (/^\d$/.test(key)) return `Nhóm xã ${key}`;
  return regionNames[key] ?? key;
}

/** Two values are the same target (so no recomputation is needed when only the source or the mark changed). */
export function sameTargetValue(a: TargetValue, b: TargetValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---------------------------------------------------------------------------------------------
// Re-evaluating one commune after one indicator's targets changed (incremental, from cached results)

export type CachedCommune = {
  binding: Binding;
  /** The indicator's current value. */
  value: ValueText;
  /** Cached results of every indicator of the same criterion (the changed one included). */
  siblings: { indicatorId: number; met: LevelResult }[];
  /** The commune rollup's state before. */
  before: CommuneState;
};

export type Reevaluation = {
  met: LevelResult;
  criterionMet: LevelResult;
  after: CommuneState;
  criteriaMet: Partial<Record<LevelCode, number>>;
  levelReached: LevelCode | null;
  /** The indicator's cached result changes. */
  metChanged: boolean;
  /** The criterion's result (hence the rollup) changes. */
  criterionChanged: boolean;
};

const sameResult = (a: LevelResult | undefined, b: LevelResult | undefined) => {
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]) as Set<LevelCode>;
  for (const k of keys) if ((a ?? {})[k] !== (b ?? {})[k]) return false;
  return true;
};

/**
 * The same result evaluateCommune would give after `indicator`'s targets changed, computed from the cached results of
 * the other indicators: the indicator, its criterion, the criteria met per level and the level reached.
 */
export function reevaluateIndicator(indicator: EvalIndicator, levels: EvalLevel[], commune: CachedCommune): Reevaluation {
  const sorted = sortLevels(levels);
  const met = indicatorResult(indicator, sorted, commune.binding, commune.value);
  const oldMet = commune.siblings.find((s) => s.indicatorId === indicator.id)?.met;
  const criterionMet = criterionResult(
    commune.siblings.map((s) => (s.indicatorId === indicator.id ? met : s.met)),
    sorted,
  );
  const criteria = new Map(commune.before.criteria);
  const criterionChanged = !sameResult(criteria.get(indicator.criterionId), criterionMet);
  criteria.set(indicator.criterionId, criterionMet);
  const criteriaMet: Partial<Record<LevelCode, number>> = {};
  for (const l of sorted) criteriaMet[l.code] = [...criteria.values()].filter((r) => r[l.code] === true).length;
  const reached = levelReached(sorted, [...criteria.values()]);
  return {
    met,
    criterionMet,
    after: { criteriaMetBase: sorted.length ? (criteriaMet[sorted[0].code] ?? 0) : 0, levelReached: reached ?? "", criteria },
    criteriaMet,
    levelReached: reached,
    metChanged: !sameResult(oldMet, met),
    criterionChanged,
  };
}
