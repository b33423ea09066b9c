// A criteria set as a spreadsheet (CSV or XLSX), full fidelity with the JSON format in criteria-format.ts.
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
import * as XLSX from "@e965/xlsx";
import { XLSX_LIMITS, rangeProblem } from "./xlsx-guard";
import {
  COMPARATORS,
  INDICATOR_KINDS,
  LEVEL_CODES,
  TARGET_KEYS,
  UNIT_KINDS_FOR_SETS,
  consistencyProblems,
  criteriaSetSchema,
  type CriteriaSetFile,
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
const HEADER_ROW = 1;

const SET_COLUMNS = SHEET_COLUMNS.slice(0, 9) as readonly SheetColumn[];
const LEVEL_COLUMNS = SHEET_COLUMNS.slice(9, 15) as readonly SheetColumn[];
const CRITERION_COLUMNS = SHEET_COLUMNS.slice(15, 20) as readonly SheetColumn[];
const INDICATOR_COLUMNS = SHEET_COLUMNS.slice(20, 29) as readonly SheetColumn[];
const TARGET_COLUMNS = SHEET_COLUMNS.slice(29) as readonly SheetColumn[];
/** Columns added later: a sheet without them still imports (the fields are then absent). */
const OPTIONAL_COLUMNS: ReadonlySet<SheetColumn> = new Set(["level_basis", "level_pilot"]);
const KNOWN_COLUMNS: ReadonlySet<string> = new Set(SHEET_COLUMNS);

/** Vietnamese names of the columns, for messages. */
const LABELS: Record<SheetColumn, string> = {
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

const SPECS: Record<SheetColumn, CellSpec> = {
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
const NUMBER_PATTERN = /^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?$/;

function formatBoolean(b: boolean): string {
  return b ? YES : NO;
}

function formatNumberCell(n: number): string {
  return String(n);
}

function formatValue(v: TargetValue): string {
  if (Array.isArray(v)) return v.join(LIST_SEPARATOR);
  if (typeof v === "boolean") return formatBoolean(v);
  if (typeof v === "number") return formatNumberCell(v);
  return v;
}

function parseBoolean(text: string): boolean | null {
  const t = text.normalize("NFC").toLowerCase();
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return null;
}

function parseNumber(text: string): number | null {
  if (!NUMBER_PATTERN.test(text)) return null;
  const n = Number(text.replace(",", "."));
  return Number.isFinite(n) ? n : null;
}

function splitList(text: string): string[] {
  return text.split("|").map((s) => s.trim());
}

function quoteText(s: string): string {
  return `“${s.length > 80 ? `${s.slice(0, 77)}…` : s}”`;
}

function emptyRow(): SheetRow {
  const row = {} as SheetRow;
  for (const c of SHEET_COLUMNS) row[c] = "";
  return row;
}

/** Reads a cell without touching the prototype chain; anything that is not a string becomes text. */
function cellOf(row: Record<string, unknown>, column: string): string {
  if (!Object.prototype.hasOwnProperty.call(row, column)) return "";
  const v = row[column];
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return "";
  return String(v);
}

// ---------------------------------------------------------------------------------------------------------------
// Set → rows

/** One row per target, preceded by one row per level. The set columns are repeated on every row. */
export function setToRows(set: CriteriaSetFile): SheetRow[] {
  const base = emptyRow();
  base.set_code = set.code;
  base.set_name = set.name;
  base.decision = set.decision;
  base.period_from = formatNumberCell(set.period[0]);
  base.period_to = formatNumberCell(set.period[1]);
  base.applies_to = set.appliesTo.join(LIST_SEPARATOR);
  base.target_key_kind = set.targetKey;
  base.status = set.status;
  base.set_source = set.source ?? "";

  const rows: SheetRow[] = [];
  for (const level of set.levels) {
    rows.push({
      ...base,
      level_code: level.code,
      level_name: level.name,
      level_rank: formatNumberCell(level.rank),
      level_rule: level.rule,
      level_basis: level.basis ?? "",
      level_pilot: level.pilot ? formatBoolean(true) : "",
    });
  }
  for (const criterion of set.criteria) {
    for (const ind of criterion.indicators) {
      for (const t of ind.targets) {
        rows.push({
          ...base,
          criterion_number: formatNumberCell(criterion.number),
          criterion_name: criterion.name,
          group: criterion.group,
          group_name: criterion.groupName,
          revocation_key: formatBoolean(criterion.revocationKey),
          indicator_code: ind.code,
          indicator_name: ind.name,
          kind: ind.kind,
          comparator: ind.comparator,
          unit: ind.unit ?? "",
          indicator_level: ind.level,
          evidence_required: formatBoolean(ind.evidenceRequired),
          guidance: ind.guidance ?? "",
          choices: ind.choices?.join(LIST_SEPARATOR) ?? "",
          target_level: t.level,
          target_key: t.key,
          year_from: formatNumberCell(t.years[0]),
          year_to: formatNumberCell(t.years[1]),
          target_value: formatValue(t.value),
          source: t.source,
          verified: formatBoolean(t.verified),
        });
      }
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Rows → set

type Cell = { row: number; text: string; value: unknown };

/** The merged fields of one entity (the set, a criterion, an indicator, a level, a target). */
class Fields {
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

type TargetEntry = { fields: Fields; row: number; valueText: string };
type IndicatorEntry = { code: string; fields: Fields; targets: TargetEntry[] };
type CriterionEntry = { number: number; fields: Fields; indicators: IndicatorEntry[] };

class Collector {
  readonly errors: SheetError[] = [];
  add(row: number, column: SheetColumn | string | undefined, detail: string): void {
    const text = /[.!?…]$/.test(detail) ? detail : `${detail}.`;
    const where = row === HEADER_ROW && column === undefined ? "Bảng tính" : column ? `Dòng ${row}, cột ${column}` : `Dòng ${row}`;
    this.errors.push({ row, ...(column ? { column } : {}), message: `${where}: ${text}` });
  }
}

/** Reads one non-empty cell; on failure records the error and returns undefined. */
function readCell(out: Collector, row: number, column: SheetColumn, text: string): { ok: true; value: unknown } | { ok: false } {
  const spec = SPECS[column];
  const label = LABELS[column];
  if (spec === "text" || spec === "value") return { ok: true, value: text };
  if (spec === "number") {
    const n = parseNumber(text);
    if (n === null) {
      out.add(row, column, `${label} ${quoteText(text)} không phải là số (ví dụ 2021, 2.5 hoặc 2,5)`);
      return { ok: false };
    }
    return { ok: true, value: n };
  }
  if (spec === "boolean") {
    const b = parseBoolean(text);
    if (b === null) {
      out.add(row, column, `${label} ${quoteText(text)} không hợp lệ (ghi có/không, true/false hoặc 1/0)`);
      return { ok: false };
    }
    return { ok: true, value: b };
  }
  if ("one" in spec) {
    const found = matchOption(spec.one, text);
    if (found === undefined) {
      out.add(row, column, `${label} ${quoteText(text)} không hợp lệ (${spec.one.join(", ")})`);
      return { ok: false };
    }
    return { ok: true, value: found };
  }
  const items = splitList(text);
  if (items.some((s) => s === "")) {
    out.add(row, column, `${label} ${quoteText(text)} có mục trống (các mục cách nhau bằng “${LIST_SEPARATOR.trim()}”)`);
    return { ok: false };
  }
  if (spec.list) {
    const options = spec.list;
    const values: string[] = [];
    for (const item of items) {
      const found = matchOption(options, item);
      if (found === undefined) {
        out.add(row, column, `${label} ${quoteText(item)} không hợp lệ (${options.join(", ")})`);
        return { ok: false };
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
function mergeCell(out: Collector, fields: Fields, row: number, column: SheetColumn, text: string): void {
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

function isBlankRow(cells: SheetRow): boolean {
  return SHEET_COLUMNS.every((c) => cells[c] === "");
}

/**
 * Reads rows (as produced by csvToRows/xlsxToRows or setToRows) back into a criteria set, validated with
 * criteriaSetSchema and consistencyProblems. Nothing is stored: this is the dry run. `set` is null when there is
 * any error. Row i of `rows` is sheet row i + 2; completely empty rows are skipped.
 */
export function rowsToSet(rows: Record<string, string>[]): { set: CriteriaSetFile | null; errors: SheetError[] } {
  const out = new Collector();
  let setFields: Fields | null = null;
  const levels: { code: string; fields: Fields }[] = [];
  const levelByCode = new Map<string, Fields>();
  const indicators = new Map<string, IndicatorEntry>();
  const targetRows: { row: number; indicator: IndicatorEntry; cells: SheetRow }[] = [];
  let levelRowCount = 0;

  // Pass 1: set, levels, indicators (with their criterion number).
  rows.forEach((raw, i) => {
    const row = i + 2;
    const cells = emptyRow();
    for (const c of SHEET_COLUMNS) cells[c] = cellOf(raw as Record<string, unknown>, c).trim();
    if (isBlankRow(cells)) return;

    setFields ??= new Fields(row, "các cột của bộ tiêu chí phải giống nhau trên mọi dòng (hoặc để trống)");
    for (const c of SET_COLUMNS) mergeCell(out, setFields, row, c, cells[c]);

    if (cells.indicator_code === "") {
      if (cells.level_code === "") {
        out.add(row, undefined, "dòng không có mã chỉ tiêu (indicator_code) cũng không có mã mức (level_code); mỗi dòng là một chỉ tiêu đích hoặc một dòng khai báo mức");
        return;
      }
      // A level row.
      levelRowCount++;
      for (const c of [...CRITERION_COLUMNS, ...INDICATOR_COLUMNS, ...TARGET_COLUMNS]) {
        if (cells[c] !== "") out.add(row, c, "dòng khai báo mức (có level_code, không có indicator_code) phải để trống cột này");
      }
      const fields = new Fields(row, "");
      for (const c of LEVEL_COLUMNS) mergeCell(out, fields, row, c, cells[c]);
      const code = fields.value<string>("level_code");
      if (code === undefined) return;
      const prev = levelByCode.get(code);
      if (prev) {
        out.add(row, "level_code", `mức ${code} đã khai báo ở dòng ${prev.firstRow}`);
        return;
      }
      levelByCode.set(code, fields);
      levels.push({ code, fields });
      return;
    }

    // A target row.
    for (const c of LEVEL_COLUMNS) {
      if (cells[c] !== "") {
        out.add(row, c, "cột này chỉ dùng cho dòng khai báo mức; dòng chỉ tiêu đích dùng target_level và indicator_level");
      }
    }
    const code = cells.indicator_code;
    let indicator = indicators.get(code);
    if (!indicator) {
      indicator = {
        code,
        fields: new Fields(
          row,
          `các dòng cùng mã chỉ tiêu ${code} phải ghi giống nhau hoặc để trống (nếu là hai chỉ tiêu khác nhau thì mã chỉ tiêu bị trùng)`,
        ),
        targets: [],
      };
      indicators.set(code, indicator);
    }
    for (const c of INDICATOR_COLUMNS) mergeCell(out, indicator.fields, row, c, cells[c]);
    mergeCell(out, indicator.fields, row, "criterion_number", cells.criterion_number);
    targetRows.push({ row, indicator, cells });
  });

  if (setFields === null) {
    out.add(HEADER_ROW, undefined, "không có dòng dữ liệu nào");
    return { set: null, errors: out.errors };
  }
  const set: Fields = setFields;
  if (levelRowCount === 0) {
    out.add(HEADER_ROW, undefined, "chưa có dòng khai báo mức nào (dòng có level_code, để trống indicator_code)");
  }
  if (targetRows.length === 0) out.add(HEADER_ROW, undefined, "chưa có dòng chỉ tiêu đích nào (dòng có indicator_code)");

  // Pass 2: criteria in order of first appearance, their fields, targets.
  const criteria = new Map<number, CriterionEntry>();
  const placed = new Set<IndicatorEntry>();
  const reportedMissingCriterion = new Set<IndicatorEntry>();
  for (const { row, indicator, cells } of targetRows) {
    const number = indicator.fields.value<number>("criterion_number");
    if (number === undefined) {
      if (!indicator.fields.failed.has("criterion_number") && !reportedMissingCriterion.has(indicator)) {
        out.add(indicator.fields.firstRow, "criterion_number", `chỉ tiêu ${indicator.code} chưa ghi số tiêu chí`);
      }
      reportedMissingCriterion.add(indicator);
    } else {
      let criterion = criteria.get(number);
      if (!criterion) {
        criterion = {
          number,
          fields: new Fields(row, `các dòng của tiêu chí ${number} phải ghi giống nhau (hoặc để trống)`),
          indicators: [],
        };
        criterion.fields.cells.set("criterion_number", indicator.fields.cells.get("criterion_number")!);
        criteria.set(number, criterion);
      }
      // A row whose own criterion number disagrees was reported above; its criterion cells belong to another criterion.
      const own = cells.criterion_number === "" ? number : parseNumber(cells.criterion_number);
      if (own === number) {
        for (const c of CRITERION_COLUMNS) if (c !== "criterion_number") mergeCell(out, criterion.fields, row, c, cells[c]);
      }
      if (!placed.has(indicator)) {
        placed.add(indicator);
        criterion.indicators.push(indicator);
      }
    }

    const target = new Fields(row, "");
    for (const c of TARGET_COLUMNS) if (c !== "target_value") mergeCell(out, target, row, c, cells[c]);
    const entry: TargetEntry = { fields: target, row, valueText: cells.target_value };
    readTargetValue(out, indicator, entry);
    indicator.targets.push(entry);
  }

  // Checks that need the whole sheet, each pointed at its row and column (mirrors consistencyProblems).
  const targetKeyKind = set.value<string>("target_key_kind");
  for (const indicator of indicators.values()) {
    const f = indicator.fields;
    const where = `chỉ tiêu ${indicator.code}`;
    const level = f.value<string>("indicator_level");
    if (level !== undefined && !levelByCode.has(level)) {
      out.add(f.rowOf("indicator_level"), "indicator_level", `mức ${level} của ${where} chưa có dòng khai báo mức`);
    }
    const kind = f.value<string>("kind");
    const comparator = f.value<string>("comparator");
    const choices = f.value<string[]>("choices");
    if (kind === "choice" && !choices?.length && !f.failed.has("choices")) {
      out.add(f.rowOf("choices"), "choices", `${where} loại choice cần danh sách lựa chọn (các mục cách nhau bằng “|”)`);
    }
    if ((kind === "number" || kind === "percent") && comparator === "in") {
      out.add(f.rowOf("comparator"), "comparator", `${where} loại ${kind} không dùng được phép so sánh “in” (chỉ dùng cho loại choice)`);
    }
    const seen = new Map<string, number>();
    for (const t of indicator.targets) {
      const tl = t.fields.value<string>("target_level");
      if (tl !== undefined && !levelByCode.has(tl)) {
        out.add(t.row, "target_level", `mức ${tl} chưa có dòng khai báo mức`);
      }
      const from = t.fields.value<number>("year_from");
      const to = t.fields.value<number>("year_to");
      if (from !== undefined && to !== undefined && from > to) {
        out.add(t.row, "year_from", `năm bắt đầu ${from} sau năm kết thúc ${to}`);
      }
      const key = t.fields.value<string>("target_key");
      if (key !== undefined && key !== "all" && targetKeyKind !== undefined) {
        const keyKind = /^\d$/.test(key) ? "group" : "region";
        if (keyKind !== targetKeyKind) {
          out.add(
            t.row,
            "target_key",
            `khóa ${quoteText(key)} không hợp với bộ tiêu chí chia chỉ tiêu đích theo ${targetKeyKind === "region" ? "vùng (region)" : "nhóm xã (group)"}`,
          );
        }
      }
      if (tl !== undefined && key !== undefined && from !== undefined && to !== undefined) {
        const id = `${tl}|${key}|${from}|${to}`;
        const prev = seen.get(id);
        if (prev !== undefined) {
          out.add(t.row, undefined, `trùng chỉ tiêu đích với dòng ${prev} (cùng chỉ tiêu ${indicator.code}, mức, khóa và năm áp dụng)`);
        } else {
          seen.set(id, t.row);
        }
      }
    }
  }

  // Build the JSON shape; missing values stay undefined so the schema names them.
  const levelList = levels.map(({ fields }) => {
    const basis = fields.value<string>("level_basis");
    return {
      code: fields.value<string>("level_code"),
      name: fields.value<string>("level_name"),
      rank: fields.value<number>("level_rank"),
      rule: fields.value<string>("level_rule") ?? "",
      ...(basis !== undefined ? { basis } : {}),
      ...(fields.value<boolean>("level_pilot") ? { pilot: true } : {}),
    };
  });
  const criterionList = [...criteria.values()].map(({ fields, indicators: inds }) => ({
    number: fields.value<number>("criterion_number"),
    name: fields.value<string>("criterion_name"),
    group: fields.value<string>("group") ?? "",
    groupName: fields.value<string>("group_name") ?? "",
    revocationKey: fields.value<boolean>("revocation_key"),
    indicators: inds.map(({ fields: f, targets }) => {
      const unit = f.value<string>("unit");
      const guidance = f.value<string>("guidance");
      const choices = f.value<string[]>("choices");
      return {
        code: f.value<string>("indicator_code"),
        name: f.value<string>("indicator_name"),
        kind: f.value<string>("kind"),
        comparator: f.value<string>("comparator"),
        ...(unit !== undefined ? { unit } : {}),
        level: f.value<string>("indicator_level"),
        evidenceRequired: f.value<boolean>("evidence_required"),
        ...(guidance !== undefined ? { guidance } : {}),
        ...(choices !== undefined ? { choices } : {}),
        targets: targets.map(({ fields: t }) => ({
          level: t.value<string>("target_level"),
          key: t.value<string>("target_key"),
          years: [t.value<number>("year_from"), t.value<number>("year_to")],
          value: t.value<TargetValue>("target_value"),
          source: t.value<string>("source") ?? "",
          verified: t.value<boolean>("verified"),
        })),
      };
    }),
  }));
  const source = set.value<string>("set_source");
  const candidate = {
    code: set.value<string>("set_code"),
    name: set.value<string>("set_name"),
    decision: set.value<string>("decision"),
    period: [set.value<number>("period_from"), set.value<number>("period_to")],
    appliesTo: set.value<string[]>("applies_to"),
    targetKey: set.value<string>("target_key_kind"),
    status: set.value<string>("status"),
    ...(source !== undefined ? { source } : {}),
    levels: levelList,
    criteria: criterionList,
  };

  const parsed = criteriaSetSchema.safeParse(candidate);
  if (!parsed.success) {
    const located = { set, levels: levels.map((l) => l.fields), criteria: [...criteria.values()] };
    for (const issue of parsed.error.issues) {
      const at = locate(located, issue.path);
      if (!at) continue; // an empty list already reported above
      if (at.column && at.fields.failed.has(at.column)) continue;
      out.add(at.row, at.column, describeIssue(issue, at.column, at.column ? at.fields.textOf(at.column) : ""));
    }
  }
  if (out.errors.length === 0 && parsed.success) {
    // Backstop: every rule of consistencyProblems is checked above with its row; anything left is still reported.
    for (const problem of consistencyProblems(parsed.data)) {
      const code = /^Chỉ tiêu (\S+?):?\s/.exec(problem)?.[1];
      const ind = code ? indicators.get(code) : undefined;
      const row = ind ? ind.fields.firstRow : set.firstRow;
      out.errors.push({ row, message: `Dòng ${row}: ${problem}` });
    }
  }
  const errors = sortErrors(out.errors);
  return { set: errors.length === 0 && parsed.success ? parsed.data : null, errors };
}

function readTargetValue(out: Collector, indicator: IndicatorEntry, t: TargetEntry): void {
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
function locate(
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
function describeIssue(raw: unknown, column: SheetColumn | undefined, text: string): string {
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

function sortErrors(errors: SheetError[]): SheetError[] {
  // Within a row: errors about the whole row, then the known columns left to right, then unknown columns.
  const order = (c: string | undefined) => (c === undefined ? -1 : KNOWN_COLUMNS.has(c) ? SHEET_COLUMNS.indexOf(c as SheetColumn) : SHEET_COLUMNS.length);
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.row - b.e.row || order(a.e.column) - order(b.e.column) || a.i - b.i)
    .map(({ e }) => e);
}

// ---------------------------------------------------------------------------------------------------------------
// Tables (string[][]) ↔ rows, shared by CSV and XLSX

/**
 * First line is the header; columns may come in any order. Unknown, duplicated or missing columns are errors.
 * Table index i is sheet row i + 1, so empty rows are kept as empty rows to keep the numbering.
 */
function tableToRows(table: string[][], unguard: boolean): { rows: SheetRow[]; errors: SheetError[] } {
  const out = new Collector();
  if (table.length === 0 || table[0].every((h) => h.trim() === "")) {
    out.add(HEADER_ROW, undefined, "không có dòng tiêu đề (dòng 1 phải là tên các cột: set_code, set_name, …)");
    return { rows: [], errors: out.errors };
  }
  const header = table[0].map((h) => h.replace(/^\uFEFF/, "").trim().toLowerCase());
  const data = table.slice(1);
  const map: (SheetColumn | null)[] = [];
  const seen = new Set<string>();
  header.forEach((name, index) => {
    if (name === "") {
      if (data.some((r) => (r[index] ?? "").trim() !== "")) {
        out.add(HEADER_ROW, undefined, `cột thứ ${index + 1} có dữ liệu nhưng không có tên cột`);
      }
      map.push(null);
      return;
    }
    if (!KNOWN_COLUMNS.has(name)) {
      out.add(HEADER_ROW, name, `cột ${quoteText(name)} không có trong mẫu bộ tiêu chí`);
      map.push(null);
      return;
    }
    if (seen.has(name)) {
      out.add(HEADER_ROW, name, `cột ${quoteText(name)} bị lặp lại`);
      map.push(null);
      return;
    }
    seen.add(name);
    map.push(name as SheetColumn);
  });
  for (const c of SHEET_COLUMNS) if (!seen.has(c) && !OPTIONAL_COLUMNS.has(c)) out.add(HEADER_ROW, c, `thiếu cột ${quoteText(c)}`);

  const rows: SheetRow[] = [];
  data.forEach((record, i) => {
    const row = emptyRow();
    record.forEach((value, index) => {
      if (index >= header.length) {
        if (value.trim() !== "") out.add(i + 2, undefined, `ô thứ ${index + 1} nằm ngoài các cột có tiêu đề`);
        return;
      }
      const column = map[index];
      if (column) row[column] = unguard ? unguardFormula(value) : value;
    });
    rows.push(row);
  });
  while (rows.length && isBlankRow(rows[rows.length - 1])) rows.pop();
  return { rows, errors: out.errors };
}

function rowsToTable(rows: Record<string, string>[]): string[][] {
  return [[...SHEET_COLUMNS], ...rows.map((r) => SHEET_COLUMNS.map((c) => cellOf(r, c)))];
}

// Spreadsheet programs run a CSV cell that starts with = + - @ (or tab/CR) as a formula. Such text cells are written
// with a leading apostrophe (OWASP "CSV injection"), which the import removes again; plain numbers are left alone.
const FORMULA_START = /^'*[=+\-@\t\r]/;

function guardFormula(value: string): string {
  return FORMULA_START.test(value) && !NUMBER_PATTERN.test(value) ? `'${value}` : value;
}

function unguardFormula(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value) && !NUMBER_PATTERN.test(value.slice(1)) ? value.slice(1) : value;
}

// ---------------------------------------------------------------------------------------------------------------
// CSV (RFC 4180)

const BOM = "\uFEFF";

function csvField(value: string): string {
  const v = guardFormula(value);
  return /[",\r\n;]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** RFC 4180 CSV: header row of SHEET_COLUMNS, CRLF line ends, UTF-8 BOM (so Excel shows Vietnamese correctly). */
export function rowsToCsv(rows: Record<string, string>[]): string {
  return BOM + rowsToTable(rows).map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/**
 * Parses CSV text (BOM, quoted fields with commas/quotes/newlines, CRLF or LF). The delimiter is taken from the
 * header line: "," normally, ";" or tab when Excel saved it that way (e.g. with Vietnamese regional settings).
 */
export function csvToRows(text: string): { rows: SheetRow[]; errors: SheetError[] } {
  const errors: SheetError[] = [];
  const src = text.startsWith(BOM) ? text.slice(1) : text;
  if (src.includes("\uFFFD")) {
    errors.push({
      row: HEADER_ROW,
      message: "Bảng tính: tệp CSV có ký tự lỗi mã hóa; hãy lưu tệp dạng “CSV UTF-8” hoặc dùng tệp XLSX.",
    });
  }
  if (src.trim() === "") {
    errors.push({ row: HEADER_ROW, message: "Bảng tính: tệp CSV trống." });
    return { rows: [], errors };
  }
  const { table, errors: parseErrors } = parseCsv(src, detectDelimiter(src));
  const result = tableToRows(table, true);
  return { rows: result.rows, errors: sortErrors([...errors, ...parseErrors, ...result.errors]) };
}

function detectDelimiter(src: string): string {
  const end = src.search(/\r|\n/);
  const first = end < 0 ? src : src.slice(0, end);
  let best = ",";
  let bestCount = first.split(",").length - 1;
  for (const d of [";", "\t"]) {
    const count = first.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

function parseCsv(src: string, delimiter: string): { table: string[][]; errors: SheetError[] } {
  const errors: SheetError[] = [];
  const table: string[][] = [];
  let record: string[] = [];
  let field = "";
  let i = 0;
  let quotedField = false;
  let reportedStray = false;
  const n = src.length;
  const endRecord = () => {
    record.push(field);
    table.push(record);
    record = [];
    field = "";
    quotedField = false;
    reportedStray = false;
  };
  while (i < n) {
    const ch = src[i];
    if (ch === '"' && field === "" && !quotedField) {
      // Quoted field.
      const startRow = table.length + 1;
      i++;
      let closed = false;
      while (i < n) {
        const c = src[i];
        if (c === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        field += c;
        i++;
      }
      quotedField = true;
      if (!closed) {
        errors.push({ row: startRow, message: `Dòng ${startRow}: thiếu dấu ngoặc kép đóng (") cho một ô.` });
      }
      continue;
    }
    if (ch === delimiter) {
      record.push(field);
      field = "";
      quotedField = false;
      i++;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      endRecord();
      i += ch === "\r" && src[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    if (quotedField && !reportedStray) {
      const row = table.length + 1;
      errors.push({ row, message: `Dòng ${row}: có ký tự sau dấu ngoặc kép đóng của một ô (ô có ngoặc kép phải kết thúc ngay sau dấu ").` });
      reportedStray = true;
    }
    field += ch;
    i++;
  }
  if (field !== "" || record.length > 0 || quotedField) endRecord();
  return { table, errors };
}

// ---------------------------------------------------------------------------------------------------------------
// XLSX (SheetJS, in memory only)

const COLUMN_WIDTHS: Partial<Record<SheetColumn, number>> = {
  set_name: 40,
  decision: 30,
  set_source: 30,
  level_name: 30,
  level_rule: 40,
  criterion_name: 30,
  group_name: 24,
  indicator_name: 50,
  guidance: 50,
  choices: 30,
  target_value: 16,
  source: 40,
};

/** One sheet "Bo tieu chi", header row then the rows; every cell is text (type "s", format "@"). */
export function rowsToXlsx(rows: Record<string, string>[]): Uint8Array<ArrayBuffer> {
  const clean = rows.map((r) => {
    const row = emptyRow();
    for (const c of SHEET_COLUMNS) row[c] = cellOf(r, c);
    return row;
  });
  const ws = XLSX.utils.json_to_sheet(clean, { header: [...SHEET_COLUMNS] });
  const range = XLSX.utils.decode_range(ws["!ref"] ?? "A1");
  for (let r = range.s.r; r <= range.e.r; r++) {
    for (let c = range.s.c; c <= range.e.c; c++) {
      const address = XLSX.utils.encode_cell({ r, c });
      const cell = ws[address] as XLSX.CellObject | undefined;
      const v = cell?.v === undefined || cell.v === null ? "" : String(cell.v);
      ws[address] = { t: "s", v, z: "@" };
    }
  }
  ws["!cols"] = SHEET_COLUMNS.map((c) => ({ wch: COLUMN_WIDTHS[c] ?? Math.max(12, c.length + 2) }));
  ws["!autofilter"] = { ref: XLSX.utils.encode_range(range) };
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, SHEET_NAME);
  const out = XLSX.write(wb, { type: "array", bookType: "xlsx", compression: true }) as ArrayBuffer;
  return new Uint8Array(out);
}

/** Reads the sheet "Bo tieu chi" (or the first sheet), every cell as its displayed text; header must be row 1. */
export function xlsxToRows(data: ArrayBuffer | Uint8Array): { rows: SheetRow[]; errors: SheetError[] } {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  let wb: XLSX.WorkBook;
  try {
    // sheetRows: the library stops reading after the limit (one row more, to tell "too many" apart); dense: rows
    // as arrays, never a cell object per address of the declared range.
    wb = XLSX.read(bytes, { type: "array", cellFormula: false, cellHTML: false, cellDates: false, cellStyles: false, sheetRows: XLSX_LIMITS.maxRows + 1, dense: true });
  } catch {
    return { rows: [], errors: [{ row: HEADER_ROW, message: "Bảng tính: không đọc được tệp XLSX (tệp hỏng hoặc không phải .xlsx)." }] };
  }
  const name = wb.SheetNames.includes(SHEET_NAME) ? SHEET_NAME : wb.SheetNames[0];
  const ws = name === undefined ? undefined : wb.Sheets[name];
  if (!ws || !ws["!ref"]) {
    return { rows: [], errors: [{ row: HEADER_ROW, message: "Bảng tính: trang tính trống." }] };
  }
  const tooBig = rangeProblem((ws["!fullref"] as string | undefined) ?? ws["!ref"]) ?? rangeProblem(ws["!ref"]);
  if (tooBig) return { rows: [], errors: [{ row: HEADER_ROW, message: tooBig }] };
  const range = XLSX.utils.decode_range(ws["!ref"]);
  range.s = { r: 0, c: 0 }; // row numbers as in Excel: the header is row 1 even if the sheet starts lower
  const table = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: false, defval: "", blankrows: true, range });
  const strings = table.map((r) => (Array.isArray(r) ? r.map((v) => (v === null || v === undefined ? "" : String(v))) : []));
  return tableToRows(strings, false);
}

// ---------------------------------------------------------------------------------------------------------------
// Conveniences

/** CSV text → set (dry run): the errors of csvToRows and rowsToSet together. */
export function csvToSet(text: string): { set: CriteriaSetFile | null; errors: SheetError[]; rows: SheetRow[] } {
  const parsed = csvToRows(text);
  const result = rowsToSet(parsed.rows);
  const errors = sortErrors([...parsed.errors, ...result.errors]);
  return { set: errors.length ? null : result.set, errors, rows: parsed.rows };
}

/** XLSX bytes → set (dry run): the errors of xlsxToRows and rowsToSet together. */
export function xlsxToSet(data: ArrayBuffer | Uint8Array): { set: CriteriaSetFile | null; errors: SheetError[]; rows: SheetRow[] } {
  const parsed = xlsxToRows(data);
  const result = rowsToSet(parsed.rows);
  const errors = sortErrors([...parsed.errors, ...result.errors]);
  return { set: errors.length ? null : result.set, errors, rows: parsed.rows };
}

/** "bo-tieu-chi-QD318-2022-XA.xlsx" */
export function exportFileName(set: Pick<CriteriaSetFile, "code">, ext: "csv" | "xlsx" | "json" | string): string {
  const code = set.code.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "") || "bo";
  return `bo-tieu-chi-${code}.${ext.replace(/^\.+/, "").toLowerCase()}`;
}
