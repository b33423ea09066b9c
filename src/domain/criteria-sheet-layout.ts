// Column layout of the criteria sheet: columns, labels, cell kinds, cell encoding and the row-error collector.
// Pure: no I/O, no clock, no randomness; runs in workerd (SheetJS is used with in-memory arrays only).
//
// Layout, one header row (SHEET_COLUMNS) then two kinds of data rows, in any order:
//   - a level row declares one level of the set: level_code, level_name, level_rank, level_rule filled,
//     indicator_code empty (and every criterion/indicator/target column empty). Levels keep the order of these rows.
//   - a target row is one target of one indicator: indicator_code filled, level_* columns empty. The criterion and
//     indicator columns are repeated on every row of that indicator; criteria, indicators and targets keep the order
//     in which they first appear.
// The set columns (set_*, decision, period_*, applies_to, target_key_kind, status) are repeated on every row.
// A repeated cell may be left empty on some rows; the filled ones must agree. An optional field (set_source, unit,
// guidance, choices) is absent when it is empty on every row of its set/indicator.
// Lists are joined with " | ", booleans are "có"/"không" (also accepted: true/false, 1/0), numbers use "." (a ","
// decimal separator is accepted on import).
// Normalisation: empty optional strings and empty choice lists are treated as absent, and strings are trimmed
// (as criteriaSetSchema does); any set that is already in that canonical form round-trips exactly.
import {
  COMPARATORS,
  INDICATOR_KINDS,
  LEVEL_CODES,
  TARGET_KEYS,
  UNIT_KINDS_FOR_SETS,
  type TargetValue,
} from "./criteria-format";

export const SHEET_COLUMNS = [
  // set (repeated on every row)
  "set_code",
  "set_name",
  "decision",
  "period_from",
  "period_to",
  "applies_to",
  "target_key_kind",
  "status",
  "set_source",
  // level rows only
  "level_code",
  "level_name",
  "level_rank",
  "level_rule",
  "level_basis",
  "level_pilot",
  // criterion (repeated on the rows of its indicators)
  "criterion_number",
  "criterion_name",
  "group",
  "group_name",
  "revocation_key",
  // indicator (repeated on the rows of its targets)
  "indicator_code",
  "indicator_name",
  "kind",
  "comparator",
  "unit",
  "indicator_level",
  "evidence_required",
  "guidance",
  "choices",
  // target (one per row)
  "target_level",
  "target_key",
  "year_from",
  "year_to",
  "target_value",
  "source",
  "verified",
] as const;

export type SheetColumn = (typeof SHEET_COLUMNS)[number];
/** One spreadsheet row, keyed by column name; every value is text. */
export type SheetRow = Record<SheetColumn, string>;
/** A problem found on import. `row` is the row number a user sees (header = 1, first data row = 2). */
export type SheetError = { row: number; column?: string; message: string };

export const SHEET_NAME = "Bo tieu chi";
export const LIST_SEPARATOR = " | ";
export const HEADER_ROW = 1;

export const SET_COLUMNS = SHEET_COLUMNS.slice(0, 9) as readonly SheetColumn[];
export const LEVEL_COLUMNS = SHEET_COLUMNS.slice(9, 15) as readonly SheetColumn[];
export const CRITERION_COLUMNS = SHEET_COLUMNS.slice(15, 20) as readonly SheetColumn[];
export const INDICATOR_COLUMNS = SHEET_COLUMNS.slice(20, 29) as readonly SheetColumn[];
export const TARGET_COLUMNS = SHEET_COLUMNS.slice(29) as readonly SheetColumn[];
/** Columns added later: a sheet without them still imports (the fields are then absent). */
export const OPTIONAL_COLUMNS: ReadonlySet<SheetColumn> = new Set(["level_basis", "level_pilot"]);
export const KNOWN_COLUMNS: ReadonlySet<string> = new Set(SHEET_COLUMNS);

/** Vietnamese names of the columns, for messages. */
export const LABELS: Record<SheetColumn, string> = {
  set_code: "mã bộ tiêu chí",
  set_name: "tên bộ tiêu chí",
  decision: "quyết định ban hành",
  period_from: "năm đầu giai đoạn",
  period_to: "năm cuối giai đoạn",
  applies_to: "loại đơn vị áp dụng",
  target_key_kind: "cách chia chỉ tiêu đích",
  status: "trạng thái",
  set_source: "nguồn của bộ tiêu chí",
  level_code: "mã mức",
  level_name: "tên mức",
  level_rank: "thứ bậc của mức",
  level_rule: "quy tắc đạt mức",
  level_basis: "mức nền khi rà soát",
  level_pilot: "mức thí điểm",
  criterion_number: "số tiêu chí",
  criterion_name: "tên tiêu chí",
  group: "mã nhóm tiêu chí",
  group_name: "tên nhóm tiêu chí",
  revocation_key: "tiêu chí xét thu hồi",
  indicator_code: "mã chỉ tiêu",
  indicator_name: "tên chỉ tiêu",
  kind: "loại chỉ tiêu",
  comparator: "phép so sánh",
  unit: "đơn vị tính",
  indicator_level: "mức của chỉ tiêu",
  evidence_required: "yêu cầu minh chứng",
  guidance: "hướng dẫn",
  choices: "danh sách lựa chọn",
  target_level: "mức của chỉ tiêu đích",
  target_key: "khóa chỉ tiêu đích",
  year_from: "năm bắt đầu áp dụng",
  year_to: "năm kết thúc áp dụng",
  target_value: "giá trị đích",
  source: "nguồn của chỉ tiêu đích",
  verified: "đã kiểm chứng",
};

type CellSpec = "text" | "number" | "boolean" | "value" | { one: readonly string[] } | { list: readonly string[] | null };

export const SPECS: Record<SheetColumn, CellSpec> = {
  set_code: "text",
  set_name: "text",
  decision: "text",
  period_from: "number",
  period_to: "number",
  applies_to: { list: UNIT_KINDS_FOR_SETS },
  target_key_kind: { one: ["region", "group"] },
  status: { one: ["draft", "active", "retired"] },
  set_source: "text",
  level_code: { one: LEVEL_CODES },
  level_name: "text",
  level_rank: "number",
  level_rule: "text",
  level_basis: { one: LEVEL_CODES },
  level_pilot: "boolean",
  criterion_number: "number",
  criterion_name: "text",
  group: "text",
  group_name: "text",
  revocation_key: "boolean",
  indicator_code: "text",
  indicator_name: "text",
  kind: { one: INDICATOR_KINDS },
  comparator: { one: COMPARATORS },
  unit: "text",
  indicator_level: { one: LEVEL_CODES },
  evidence_required: "boolean",
  guidance: "text",
  choices: { list: null },
  target_level: { one: LEVEL_CODES },
  target_key: { one: TARGET_KEYS },
  year_from: "number",
  year_to: "number",
  target_value: "value",
  source: "text",
  verified: "boolean",
};

// ---------------------------------------------------------------------------------------------------------------
// Cell encoding

const YES = "có";
const NO = "không";
const TRUE_WORDS = new Set(["có", "co", "true", "1"]);
const FALSE_WORDS = new Set(["không", "khong", "false", "0"]);
export const NUMBER_PATTERN = /^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?$/;

export function formatBoolean(b: boolean): string {
  return b ? YES : NO;
}

export function formatNumberCell(n: number): string {
  return String(n);
}

export function formatValue(v: TargetValue): string {
  if (Array.isArray(v)) return v.join(LIST_SEPARATOR);
  if (typeof v === "boolean") return formatBoolean(v);
  if (typeof v === "number") return formatNumberCell(v);
  return v;
}

export function parseBoolean(text: string): boolean | null {
  const t = text.normalize("NFC").toLowerCase();
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return null;
}

export function parseNumber(text: string): number | null {
  if (!NUMBER_PATTERN.test(text)) return null;
  const n = Number(text.replace(",", "."));
  return Number.isFinite(n) ? n : null;
}

export function splitList(text: string): string[] {
  return text.split("|").map((s) => s.trim());
}

export function quoteText(s: string): string {
  return `“${s.length > 80 ? `${s.slice(0, 77)}…` : s}”`;
}

export function emptyRow(): SheetRow {
  const row = {} as SheetRow;
  for (const c of SHEET_COLUMNS) row[c] = "";
  return row;
}

/** Reads a cell without touching the prototype chain; anything that is not a string becomes text. */
export function cellOf(row: Record<string, unknown>, column: string): string {
  if (!Object.prototype.hasOwnProperty.call(row, column)) return "";
  const v = row[column];
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return "";
  return String(v);
}

// ---------------------------------------------------------------------------------------------------------------
// Rows and row errors

export class Collector {
  readonly errors: SheetError[] = [];
  add(row: number, column: SheetColumn | string | undefined, detail: string): void {
    const text = /[.!?…]$/.test(detail) ? detail : `${detail}.`;
    const where = row === HEADER_ROW && column === undefined ? "Bảng tính" : column ? `Dòng ${row}, cột ${column}` : `Dòng ${row}`;
    this.errors.push({ row, ...(column ? { column } : {}), message: `${where}: ${text}` });
  }
}

export function isBlankRow(cells: SheetRow): boolean {
  return SHEET_COLUMNS.every((c) => cells[c] === "");
}

export function sortErrors(errors: SheetError[]): SheetError[] {
  // Within a row: errors about the whole row, then the known columns left to right, then unknown columns.
  const order = (c: string | undefined) => (c === undefined ? -1 : KNOWN_COLUMNS.has(c) ? SHEET_COLUMNS.indexOf(c as SheetColumn) : SHEET_COLUMNS.length);
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.row - b.e.row || order(a.e.column) - order(b.e.column) || a.i - b.i)
    .map(({ e }) => e);
}
