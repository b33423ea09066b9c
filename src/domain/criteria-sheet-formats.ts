// Tables (string[][]) ↔ rows, and their CSV (RFC 4180) and XLSX (SheetJS, in memory only) encodings, with the
// formula-injection guard.
import * as XLSX from "@e965/xlsx";
import { BOM, parseCsv, toCsv, undoFormulaGuard } from "./table-file";
import { XLSX_LIMITS, rangeProblem } from "./xlsx-guard";
import {
  Collector,
  HEADER_ROW,
  KNOWN_COLUMNS,
  OPTIONAL_COLUMNS,
  SHEET_COLUMNS,
  SHEET_NAME,
  cellOf,
  emptyRow,
  isBlankRow,
  quoteText,
  sortErrors,
  type SheetColumn,
  type SheetError,
  type SheetRow,
} from "./criteria-sheet-layout";
import type { Failure, Outcome } from "./outcome";

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
      if (column) row[column] = unguard ? undoFormulaGuard(value) : value;
    });
    rows.push(row);
  });
  while (rows.length && isBlankRow(rows[rows.length - 1])) rows.pop();
  return { rows, errors: out.errors };
}

function rowsToTable(rows: Record<string, string>[]): string[][] {
  return [[...SHEET_COLUMNS], ...rows.map((r) => SHEET_COLUMNS.map((c) => cellOf(r, c)))];
}

// ---------------------------------------------------------------------------------------------------------------
// CSV (RFC 4180)

/** RFC 4180 CSV: header row of SHEET_COLUMNS, CRLF line ends, UTF-8 BOM (so Excel shows Vietnamese correctly). */
export function rowsToCsv(rows: Record<string, string>[]): string {
  return toCsv(rowsToTable(rows));
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
  const { records, errors: parseErrors } = parseCsv(src);
  const table = records.map((r) => r.cells);
  const result = tableToRows(table, true);
  return { rows: result.rows, errors: sortErrors([...errors, ...parseErrors, ...result.errors]) };
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
  const read = sheetTable(wb, SHEET_NAME);
  if (!read.ok) return { rows: [], errors: [{ row: HEADER_ROW, message: read.message }] };
  return tableToRows(read.table, false);
}

/** The named sheet (or the first) as displayed text, row i of the table = sheet row i + 1. */
function sheetTable(wb: XLSX.WorkBook, preferred?: string): Outcome<{ table: string[][] }, Failure<"invalid", { message: string }>> {
  const name = preferred !== undefined && wb.SheetNames.includes(preferred) ? preferred : wb.SheetNames[0];
  const ws = name === undefined ? undefined : wb.Sheets[name];
  if (!ws || !ws["!ref"]) return { ok: false, kind: "invalid", message: "Bảng tính: trang tính trống." };
  const tooBig = rangeProblem((ws["!fullref"] as string | undefined) ?? ws["!ref"]) ?? rangeProblem(ws["!ref"]);
  if (tooBig) return { ok: false, kind: "invalid", message: tooBig };
  const range = XLSX.utils.decode_range(ws["!ref"]);
  range.s = { r: 0, c: 0 }; // row numbers as in Excel: the header is row 1 even if the sheet starts lower
  const table = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: false, defval: "", blankrows: true, range });
  return { ok: true, table: table.map((r) => (Array.isArray(r) ? r.map((v) => (v === null || v === undefined ? "" : String(v))) : [])) };
}

/**
 * Any spreadsheet as a table of displayed text (household lists): the first sheet of an XLSX, or a CSV
 * (delimiter from the header line). Formula cells are read as their cached text, never evaluated; a caller that
 * stores text refuses formula-looking cells (see domain/hamlets.ts looksLikeFormula).
 */
export function spreadsheetTable(kind: "xlsx" | "csv", bytes: Uint8Array): Outcome<{ table: string[][] }, Failure<"invalid", { message: string }>> {
  if (kind === "csv") {
    const text = new TextDecoder().decode(bytes);
    const src = text.startsWith(BOM) ? text.slice(1) : text;
    if (src.includes("\uFFFD")) return { ok: false, kind: "invalid", message: "Bảng tính: tệp CSV có ký tự lỗi mã hóa; hãy lưu tệp dạng “CSV UTF-8” hoặc dùng tệp XLSX." };
    const { records, errors } = parseCsv(src);
    const table = records.map((r) => r.cells);
    if (errors.length) return { ok: false, kind: "invalid", message: errors[0].message };
    if (table.length - 1 > XLSX_LIMITS.maxRows) return { ok: false, kind: "invalid", message: `Bảng tính: quá ${XLSX_LIMITS.maxRows.toLocaleString("vi-VN")} dòng.` };
    return { ok: true, table };
  }
  try {
    const wb = XLSX.read(bytes, { type: "array", cellFormula: false, cellHTML: false, cellDates: false, cellStyles: false, sheetRows: XLSX_LIMITS.maxRows + 1, dense: true });
    return sheetTable(wb);
  } catch {
    return { ok: false, kind: "invalid", message: "Bảng tính: không đọc được tệp XLSX (tệp hỏng hoặc không phải .xlsx)." };
  }
}
