// Pure: the progress tables as the files leaders send upward — CSV (UTF-8 with BOM, one table) and XLSX (one
// sheet per table, a title block then the header and the rows, numbers as numbers). SheetJS runs in memory
// only, so this works inside workerd.
import * as XLSX from "@e965/xlsx";
import { tableMatrix, type Cell, type ReportTable } from "./progress";
import { sheetOf, toCsv, toXlsx } from "./table-file";

export type ExportMeta = {
  /** "TIẾN ĐỘ XÂY DỰNG NÔNG THÔN MỚI — TỈNH BẾN TRE" */
  heading: string;
  /** "Bộ tiêu chí xã NTM 2021–2025 (318/QĐ-TTg)" */
  subheading: string;
  /** "Số liệu đến 27/11/2026 14:05" */
  asOf: string;
};

/** Rows of the title block above each sheet's header row. */
export const TITLE_ROWS = 4;

/** One table as CSV: header row then rows ("." as decimal point). */
export function tableToCsv(table: ReportTable): string {
  return toCsv(tableMatrix(table));
}

const FORMATS: Record<string, string> = { int: "#,##0", pct: "0.0", dec: "0.00", num: "General", year: "0" };

/** Excel sheet names: ≤ 31 characters, none of []:*?/\ . */
export function sheetName(title: string, used: Set<string>): string {
  const base = title.replace(/[[\]:*?/\\]/g, " ").trim().slice(0, 28) || "Bang";
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base.slice(0, 27)} ${i}`;
  used.add(name);
  return name;
}

/** The tables as one workbook (a sheet each, in order). */
export function tablesToXlsx(meta: ExportMeta, tables: ReportTable[]): Uint8Array<ArrayBuffer> {
  const sheets: { name: string; sheet: XLSX.WorkSheet }[] = [];
  const used = new Set<string>();
  for (const table of tables) {
    const aoa: Cell[][] = [[meta.heading], [`${table.title} · ${meta.subheading}`], [meta.asOf], [], ...tableMatrix(table)];
    if (table.note) aoa.push([], [table.note]);
    const ws = sheetOf(aoa);
    table.columns.forEach((col, c) => {
      const fmt = FORMATS[col.kind];
      if (!fmt) return;
      for (let r = 0; r < table.rows.length; r++) {
        const cell = ws[XLSX.utils.encode_cell({ r: TITLE_ROWS + 1 + r, c })] as XLSX.CellObject | undefined;
        if (cell && cell.t === "n") cell.z = fmt;
      }
    });
    ws["!cols"] = table.columns.map((col) => ({ wch: col.kind === "text" ? 34 : Math.max(12, Math.min(24, col.label.length + 2)) }));
    ws["!autofilter"] = { ref: XLSX.utils.encode_range({ s: { r: TITLE_ROWS, c: 0 }, e: { r: TITLE_ROWS + table.rows.length, c: table.columns.length - 1 } }) };
    sheets.push({ name: sheetName(table.title, used), sheet: ws });
  }
  return toXlsx(sheets);
}

/** Reads a sheet written by tablesToXlsx back: header labels and rows (numbers as numbers). For tests and re-import. */
export function xlsxSheetTable(data: Uint8Array, sheet: string): { header: string[]; rows: Cell[][] } | null {
  const wb = XLSX.read(data, { type: "array" });
  const ws = wb.Sheets[sheet];
  if (!ws) return null;
  const all = XLSX.utils.sheet_to_json<Cell[]>(ws, { header: 1, raw: true, defval: null, blankrows: true });
  const header = (all[TITLE_ROWS] ?? []).map((c) => String(c ?? ""));
  const rows: Cell[][] = [];
  for (const row of all.slice(TITLE_ROWS + 1)) {
    if (!row || row.every((c) => c === null || c === "")) break;
    rows.push(header.map((_, i) => row[i] ?? null));
  }
  return { header, rows };
}

/** "tien-do-83-don-vi.xlsx" */
export function exportFileName(unitCode: string, table: string, ext: "csv" | "xlsx"): string {
  return `tien-do-${unitCode.replace(/[^0-9A-Za-z-]/g, "")}-${table.replace(/[^a-z0-9-]/g, "")}.${ext}`;
}
