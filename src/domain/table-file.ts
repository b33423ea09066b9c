// Tables as files, one way: CSV (RFC 4180, UTF-8 BOM so Excel shows Vietnamese, CRLF) and XLSX (SheetJS in
// memory, so it runs in workerd), with one formula-injection guard for every export. Pure.
import * as XLSX from "@e965/xlsx";

export type Cell = string | number | null;
export type CsvError = { row: number; message: string };
/** One CSV record: its cells and the physical line it starts on (quoted fields may span lines). */
export type CsvRecord = { line: number; cells: string[] };

export const BOM = "\uFEFF";

// A spreadsheet runs a cell starting with = + - @ tab or CR as a formula (OWASP "CSV injection"): such text gets a
// leading apostrophe. Plain numbers ("-5", "+3,5") are left alone; apostrophes already there count, so the guard
// round-trips through `undoFormulaGuard`.
const FORMULA_START = /^'*[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?$/;

export function guardFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** The inverse of guardFormula, for files we exported and read back (criteria sheets). */
export function undoFormulaGuard(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text.slice(1)) ? text.slice(1) : text;
}

const guardCell = (cell: Cell): Cell => (typeof cell === "string" ? guardFormula(cell) : cell);

function csvField(cell: Cell): string {
  if (cell === null) return "";
  const text = typeof cell === "number" ? String(cell) : guardFormula(cell);
  return /[",\r\n;]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows (the header first) as CSV text: BOM, comma, CRLF, "." as decimal point. */
export function toCsv(rows: Cell[][]): string {
  return BOM + rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** A sheet of the rows with every text cell guarded; the caller may add widths, formats, filters. */
export function sheetOf(rows: Cell[][]): XLSX.WorkSheet {
  return XLSX.utils.aoa_to_sheet(rows.map((row) => row.map(guardCell)));
}

/** Column widths from the header and the first 200 rows, capped at 60 characters. */
export function fitColumns(rows: Cell[][]): { wch: number }[] {
  const [header = [], ...body] = rows;
  return header.map((h, i) => ({ wch: Math.min(60, Math.max(String(h ?? "").length, ...body.slice(0, 200).map((r) => String(r[i] ?? "").length)) + 2) }));
}

/** The sheets as one XLSX file, in order. Sheet names are cut to Excel's 31 characters. */
export function toXlsx(sheets: { name: string; sheet: XLSX.WorkSheet }[]): Uint8Array<ArrayBuffer> {
  const book = XLSX.utils.book_new();
  for (const { name, sheet } of sheets) XLSX.utils.book_append_sheet(book, sheet, name.slice(0, 31));
  return new Uint8Array(XLSX.write(book, { type: "array", bookType: "xlsx", compression: true }) as ArrayBuffer);
}

/** The first sheet's values (tests: round trips). */
export function readXlsxRows(data: Uint8Array): Cell[][] {
  const book = XLSX.read(data, { type: "array" });
  return XLSX.utils.sheet_to_json<Cell[]>(book.Sheets[book.SheetNames[0]], { header: 1, raw: true, defval: null });
}

/** The header line's delimiter: "," normally, ";" or tab when Excel saved it so (e.g. Vietnamese regional settings). */
export function detectDelimiter(text: string): string {
  const end = text.search(/\r|\n/);
  const first = end < 0 ? text : text.slice(0, end);
  let best = ",";
  let bestCount = first.split(",").length - 1;
  for (const d of [";", "\t"]) {
    const count = first.split(d).length - 1;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

/**
 * Parses CSV text: BOM, quoted fields holding delimiters, doubled quotes and line breaks, CRLF or LF. Errors (an
 * unclosed quote, text after a closing quote) name the record's row number (1 = the header).
 */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): { records: CsvRecord[]; errors: CsvError[] } {
  const src = text.startsWith(BOM) ? text.slice(1) : text;
  const errors: CsvError[] = [];
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let field = "";
  let quotedField = false;
  let reportedStray = false;
  let line = 1;
  let start = 1;
  const endRecord = () => {
    cells.push(field);
    records.push({ line: start, cells });
    [cells, field, quotedField, reportedStray, start] = [[], "", false, false, line];
  };
  for (let i = 0; i < src.length; ) {
    const ch = src[i];
    if (ch === '"' && field === "" && !quotedField) {
      const row = records.length + 1;
      let closed = false;
      for (i++; i < src.length; i++) {
        if (src[i] !== '"') {
          if (src[i] === "\n") line++;
          field += src[i];
        } else if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          i++;
          closed = true;
          break;
        }
      }
      quotedField = true;
      if (!closed) errors.push({ row, message: `Dòng ${row}: thiếu dấu ngoặc kép đóng (") cho một ô.` });
      continue;
    }
    if (ch === delimiter) {
      cells.push(field);
      [field, quotedField] = ["", false];
      i++;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      i += ch === "\r" && src[i + 1] === "\n" ? 2 : 1;
      line++;
      endRecord();
      continue;
    }
    if (quotedField && !reportedStray) {
      const row = records.length + 1;
      errors.push({ row, message: `Dòng ${row}: có ký tự sau dấu ngoặc kép đóng của một ô (ô có ngoặc kép phải kết thúc ngay sau dấu ").` });
      reportedStray = true;
    }
    field += ch;
    i++;
  }
  if (field !== "" || cells.length > 0 || quotedField) endRecord();
  return { records, errors };
}

/** Records whose cells are not all blank. */
export const nonBlank = (records: CsvRecord[]) => records.filter((r) => r.cells.some((c) => c.trim() !== ""));

/** One titled table (the ledger's exports). */
export type Table = { sheet: string; header: string[]; rows: Cell[][] };

export const tableCsv = (t: Table): string => toCsv([t.header, ...t.rows]);

export function tableXlsx(t: Table): Uint8Array<ArrayBuffer> {
  const rows = [t.header, ...t.rows];
  const sheet = sheetOf(rows);
  sheet["!cols"] = fitColumns(rows);
  return toXlsx([{ name: t.sheet, sheet }]);
}
