// Ledger exports: a table (header + rows) as CSV (UTF-8 with BOM, for Excel) or XLSX (SheetJS, in memory:
// runs in workerd). Pure.
import * as XLSX from "@e965/xlsx";

export type Cell = string | number | null;
export type Table = { sheet: string; header: string[]; rows: Cell[][] };

/** A text cell that a spreadsheet would run as a formula gets a leading apostrophe (CSV injection). */
const defuse = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

function csvCell(v: Cell): string {
  if (v === null) return "";
  if (typeof v === "number") return String(v);
  const s = defuse(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(t: Table): string {
  const lines = [t.header, ...t.rows].map((row) => row.map(csvCell).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export function toXlsx(t: Table): Uint8Array<ArrayBuffer> {
  const sheet = XLSX.utils.aoa_to_sheet([t.header, ...t.rows.map((r) => r.map((v) => (typeof v === "string" ? defuse(v) : v)))]);
  sheet["!cols"] = t.header.map((h, i) => ({ wch: Math.min(60, Math.max(h.length, ...t.rows.slice(0, 200).map((r) => String(r[i] ?? "").length)) + 2) }));
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, t.sheet.slice(0, 31));
  return new Uint8Array(XLSX.write(book, { type: "array", bookType: "xlsx", compression: true }) as ArrayBuffer);
}

/** Reads the first sheet back as rows (tests: round trip). */
export function readXlsx(data: Uint8Array): Cell[][] {
  const book = XLSX.read(data, { type: "array" });
  return XLSX.utils.sheet_to_json<Cell[]>(book.Sheets[book.SheetNames[0]], { header: 1, raw: true, defval: null });
}
