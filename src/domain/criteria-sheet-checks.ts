// Reading and checking the cells of a criteria sheet: merged entity fields, cell parsing, target values, and
// mapping schema issues back to a row and column with a Vietnamese message.
import { type TargetValue } from "./criteria-format";
import {
  LABELS,
  LIST_SEPARATOR,
  SPECS,
  parseBoolean,
  parseNumber,
  quoteText,
  splitList,
  type Collector,
  type SheetColumn,
} from "./criteria-sheet-layout";
import type { Failure, Outcome } from "./outcome";

type Cell = { row: number; text: string; value: unknown };

/** The merged fields of one entity (the set, a criterion, an indicator, a level, a target). */
export class Fields {
  readonly cells = new Map<SheetColumn, Cell>();
  /** Columns with a cell that could not be read: the schema's complaint about them would repeat the error. */
  readonly failed = new Set<SheetColumn>();
  constructor(
    readonly firstRow: number,
    /** End of the mismatch message, e.g. "các dòng của tiêu chí 2 phải ghi giống nhau (hoặc để trống)". */
    readonly agreement: string,
  ) {}
  value<T>(column: SheetColumn): T | undefined {
    return this.cells.get(column)?.value as T | undefined;
  }
  rowOf(column: SheetColumn): number {
    return this.cells.get(column)?.row ?? this.firstRow;
  }
  textOf(column: SheetColumn): string {
    return this.cells.get(column)?.text ?? "";
  }
}

export type TargetEntry = { fields: Fields; row: number; valueText: string };
export type IndicatorEntry = { code: string; fields: Fields; targets: TargetEntry[] };
export type CriterionEntry = { number: number; fields: Fields; indicators: IndicatorEntry[] };

/** Reads one non-empty cell; on failure records the error and returns undefined. */
function readCell(out: Collector, row: number, column: SheetColumn, text: string): Outcome<{ value: unknown }, Failure<"invalid">> {
  const spec = SPECS[column];
  const label = LABELS[column];
  if (spec === "text" || spec === "value") return { ok: true, value: text };
  if (spec === "number") {
    const n = parseNumber(text);
    if (n === null) {
      out.add(row, column, `${label} ${quoteText(text)} không phải là số (ví dụ 2021, 2.5 hoặc 2,5)`);
      return { ok: false, kind: "invalid" };
    }
    return { ok: true, value: n };
  }
  if (spec === "boolean") {
    const b = parseBoolean(text);
    if (b === null) {
      out.add(row, column, `${label} ${quoteText(text)} không hợp lệ (ghi có/không, true/false hoặc 1/0)`);
      return { ok: false, kind: "invalid" };
    }
    return { ok: true, value: b };
  }
  if ("one" in spec) {
    const found = matchOption(spec.one, text);
    if (found === undefined) {
      out.add(row, column, `${label} ${quoteText(text)} không hợp lệ (${spec.one.join(", ")})`);
      return { ok: false, kind: "invalid" };
    }
    return { ok: true, value: found };
  }
  const items = splitList(text);
  if (items.some((s) => s === "")) {
    out.add(row, column, `${label} ${quoteText(text)} có mục trống (các mục cách nhau bằng “${LIST_SEPARATOR.trim()}”)`);
    return { ok: false, kind: "invalid" };
  }
  if (spec.list) {
    const options = spec.list;
    const values: string[] = [];
    for (const item of items) {
      const found = matchOption(options, item);
      if (found === undefined) {
        out.add(row, column, `${label} ${quoteText(item)} không hợp lệ (${options.join(", ")})`);
        return { ok: false, kind: "invalid" };
      }
      values.push(found);
    }
    return { ok: true, value: values };
  }
  return { ok: true, value: items };
}

/** Exact match first, then ignoring case ("Number" → "number", "ntm" → "NTM"). */
function matchOption(options: readonly string[], text: string): string | undefined {
  if (options.includes(text)) return text;
  const lower = text.toLowerCase();
  return options.find((o) => o.toLowerCase() === lower);
}

/** Reads a cell into an entity: the first filled cell wins; a later filled cell that differs is an error. */
export function mergeCell(out: Collector, fields: Fields, row: number, column: SheetColumn, text: string): void {
  if (text === "") return;
  const read = readCell(out, row, column, text);
  if (!read.ok) {
    fields.failed.add(column);
    return;
  }
  const prev = fields.cells.get(column);
  if (!prev) {
    fields.cells.set(column, { row, text, value: read.value });
    return;
  }
  if (JSON.stringify(prev.value) !== JSON.stringify(read.value)) {
    out.add(row, column, `${quoteText(text)} khác với ${quoteText(prev.text)} ở dòng ${prev.row}; ${fields.agreement}`);
  }
}

export function readTargetValue(out: Collector, indicator: IndicatorEntry, t: TargetEntry): void {
  const text = t.valueText;
  const f = indicator.fields;
  if (text === "") return; // the schema reports the empty value
  const kind = f.value<string>("kind");
  const comparator = f.value<string>("comparator");
  if (kind === undefined || comparator === undefined) {
    // Without a kind the value cannot be read; the kind/comparator error is reported on its own.
    t.fields.failed.add("target_value");
    return;
  }
  const label = LABELS.target_value;
  let value: TargetValue;
  if (kind === "number" || kind === "percent") {
    const n = parseNumber(text);
    if (n === null) {
      out.add(t.row, "target_value", `${label} ${quoteText(text)} không phải là số (chỉ tiêu ${indicator.code} loại ${kind})`);
      t.fields.failed.add("target_value");
      return;
    }
    value = n;
  } else if (kind === "boolean" || kind === "document") {
    const b = parseBoolean(text);
    if (b === null) {
      out.add(t.row, "target_value", `${label} ${quoteText(text)} không hợp lệ với chỉ tiêu loại ${kind} (ghi có/không, true/false hoặc 1/0)`);
      t.fields.failed.add("target_value");
      return;
    }
    value = b;
  } else if (comparator === "in") {
    const items = splitList(text);
    if (items.some((s) => s === "")) {
      out.add(t.row, "target_value", `${label} ${quoteText(text)} có mục trống (các mục cách nhau bằng “|”)`);
      t.fields.failed.add("target_value");
      return;
    }
    value = items;
  } else {
    value = text;
  }
  if (kind === "choice") {
    const choices = f.value<string[]>("choices");
    const wanted = Array.isArray(value) ? value : [value as string];
    const missing = choices ? wanted.filter((v) => !choices.includes(v)) : [];
    if (missing.length) {
      out.add(
        t.row,
        "target_value",
        `${quoteText(missing.join(LIST_SEPARATOR))} không có trong danh sách lựa chọn của chỉ tiêu ${indicator.code} (${choices!.join(LIST_SEPARATOR)})`,
      );
      t.fields.failed.add("target_value");
    }
  }
  t.fields.cells.set("target_value", { row: t.row, text, value });
}

const SET_PATHS: Record<string, SheetColumn> = {
  code: "set_code",
  name: "set_name",
  decision: "decision",
  appliesTo: "applies_to",
  targetKey: "target_key_kind",
  status: "status",
  source: "set_source",
};
const LEVEL_PATHS: Record<string, SheetColumn> = { code: "level_code", name: "level_name", rank: "level_rank", rule: "level_rule", basis: "level_basis", pilot: "level_pilot" };
const CRITERION_PATHS: Record<string, SheetColumn> = {
  number: "criterion_number",
  name: "criterion_name",
  group: "group",
  groupName: "group_name",
  revocationKey: "revocation_key",
};
const INDICATOR_PATHS: Record<string, SheetColumn> = {
  code: "indicator_code",
  name: "indicator_name",
  kind: "kind",
  comparator: "comparator",
  unit: "unit",
  level: "indicator_level",
  evidenceRequired: "evidence_required",
  guidance: "guidance",
  choices: "choices",
};
const TARGET_PATHS: Record<string, SheetColumn> = {
  level: "target_level",
  key: "target_key",
  value: "target_value",
  source: "source",
  verified: "verified",
};

type Located = { row: number; column?: SheetColumn; fields: Fields };

/** Maps a schema issue path (criteria.0.indicators.2.targets.1.years.0) to the sheet row and column it came from. */
export function locate(
  src: { set: Fields; levels: Fields[]; criteria: CriterionEntry[] },
  path: readonly PropertyKey[],
): Located | null {
  const at = (fields: Fields, column: SheetColumn | undefined): Located =>
    column ? { row: fields.rowOf(column), column, fields } : { row: fields.firstRow, fields };
  const [p0, p1, p2, p3, p4, p5, p6, p7] = path;
  if (p0 === "period") return at(src.set, p1 === 1 ? "period_to" : "period_from");
  if (typeof p0 === "string" && p0 in SET_PATHS) return at(src.set, SET_PATHS[p0]);
  if (p0 === "levels") {
    const fields = typeof p1 === "number" ? src.levels[p1] : undefined;
    return fields ? at(fields, LEVEL_PATHS[String(p2)]) : null;
  }
  if (p0 === "criteria" && typeof p1 === "number") {
    const criterion = src.criteria[p1];
    if (!criterion) return null;
    if (p2 !== "indicators") return at(criterion.fields, CRITERION_PATHS[String(p2)]);
    const indicator = typeof p3 === "number" ? criterion.indicators[p3] : undefined;
    if (!indicator) return at(criterion.fields, undefined);
    if (p4 !== "targets") return at(indicator.fields, INDICATOR_PATHS[String(p4)]);
    const target = typeof p5 === "number" ? indicator.targets[p5] : undefined;
    if (!target) return at(indicator.fields, undefined);
    if (p6 === "years") return at(target.fields, p7 === 1 ? "year_to" : "year_from");
    return at(target.fields, TARGET_PATHS[String(p6)]);
  }
  return null;
}

type Issue = { code: string; message: string; origin?: string; minimum?: unknown; maximum?: unknown; expected?: string; values?: unknown[] };

/** A Vietnamese description of a zod issue on one cell. */
export function describeIssue(raw: unknown, column: SheetColumn | undefined, text: string): string {
  const issue = raw as Issue;
  const label = column ? LABELS[column] : "giá trị";
  const shown = text === "" ? "" : ` ${quoteText(text)}`;
  switch (issue.code) {
    case "invalid_type":
      if (text === "") return `${label} không được để trống`;
      if (issue.expected === "int") return `${label}${shown} phải là số nguyên`;
      return `${label}${shown} không đúng kiểu`;
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? `${label} không được để trống` : `${label} cần ít nhất ${issue.minimum} ký tự`;
      if (issue.origin === "array") return `${label} cần ít nhất ${issue.minimum} mục`;
      return `${label}${shown} phải từ ${issue.minimum} trở lên`;
    case "too_big":
      if (issue.origin === "string") return `${label} dài quá ${issue.maximum} ký tự`;
      if (issue.origin === "array") return `${label} có quá ${issue.maximum} mục`;
      return `${label}${shown} không được quá ${issue.maximum}`;
    case "invalid_value":
      return `${label}${shown} không hợp lệ (${(issue.values ?? []).map(String).join(", ")})`;
    case "invalid_format":
      return `${label}${shown} không hợp lệ: ${issue.message}`;
    case "invalid_union":
      return `${label}${shown} không hợp lệ (mỗi giá trị tối đa 200 ký tự)`;
    default:
      return `${label}${shown} không hợp lệ (${issue.message})`;
  }
}
