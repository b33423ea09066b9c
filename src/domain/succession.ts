// Pure: read the 2025 succession table (which old communes formed each new one) and check it before anything is written.
import type { SuccessionStatus } from "../db/schema";
import { SUCCESSION_STATUSES } from "../db/schema";
import { nonBlank, parseCsv } from "./table-file";

/** The old units end the day before the two-tier map takes effect; old codes are read on this date, new ones on the next. */
export const OLD_ON = "2025-06-30";
export const NEW_ON = "2025-07-01";

export type SuccessionRow = {
  /** Line number in the file (header is line 1). */
  line: number;
  provinceCode: string;
  code: string;
  name: string;
  predecessorCodes: string[];
  status: SuccessionStatus;
  sourceText: string;
};

export class SuccessionFileError extends Error {
  constructor(public problems: string[]) {
    super(problems.join("\n"));
  }
}

const HEADER = ["province_code", "commune_code", "commune_name", "predecessor_codes", "status", "source_text"];

/**
 * Parses and checks the file: header, codes, statuses, duplicate rows (a new commune listed twice, or an old code
 * listed twice in one row). Only the rows of `province` when given. Throws SuccessionFileError with every problem.
 */
export function parseSuccession(text: string, province?: string): SuccessionRow[] {
  const records = nonBlank(parseCsv(text, ",").records).map((r): [number, string[]] => [r.line, r.cells]);
  if (records.length === 0) throw new SuccessionFileError(["Tệp trống."]);
  const header = records[0][1].map((h) => h.trim());
  if (HEADER.some((h, i) => header[i] !== h)) throw new SuccessionFileError([`Dòng 1: tiêu đề phải là "${HEADER.join(",")}".`]);
  const problems: string[] = [];
  const rows: SuccessionRow[] = [];
  const seen = new Map<string, number>();
  for (const [line, cells] of records.slice(1)) {
    if (cells.length !== HEADER.length) {
      problems.push(`Dòng ${line}: có ${cells.length} cột, cần ${HEADER.length}.`);
      continue;
    }
    const [provinceCode, code, name, preds, status, sourceText] = cells.map((c) => c.trim());
    if (province && provinceCode !== province) continue;
    const predecessorCodes = preds === "" ? [] : preds.split(";").map((p) => p.trim());
    if (!/^\d{2}$/.test(provinceCode) || !/^\d{5}$/.test(code)) problems.push(`Dòng ${line}: mã tỉnh (2 chữ số) hoặc mã xã (5 chữ số) không hợp lệ.`);
    if (predecessorCodes.some((p) => !/^\d{5}$/.test(p))) problems.push(`Dòng ${line}: mã xã cũ phải có 5 chữ số, cách nhau bởi dấu ";".`);
    if (!(SUCCESSION_STATUSES as readonly string[]).includes(status)) problems.push(`Dòng ${line}: trạng thái "${status.slice(0, 20)}" không hợp lệ (resolved, kept hoặc partial).`);
    if (status !== "partial" && predecessorCodes.length === 0) problems.push(`Dòng ${line}: thiếu mã các xã cũ.`);
    if (new Set(predecessorCodes).size !== predecessorCodes.length) problems.push(`Dòng ${line}: một mã xã cũ được ghi hai lần.`);
    const first = seen.get(code);
    if (first !== undefined) problems.push(`Dòng ${line}: xã mới ${code} trùng với dòng ${first}.`);
    else seen.set(code, line);
    rows.push({ line, provinceCode, code, name, predecessorCodes, status: status as SuccessionStatus, sourceText });
  }
  if (problems.length) throw new SuccessionFileError(problems);
  if (rows.length === 0) throw new SuccessionFileError([province ? `Tệp không có dòng nào của tỉnh ${province}.` : "Tệp không có dòng dữ liệu."]);
  return rows;
}

/**
 * A cycle in the succession graph (edges old unit → new unit, by unit id), or null. A unit cannot succeed itself,
 * directly or through others.
 */
export function findCycle(edges: { from: number; to: number }[]): number[] | null {
  const next = new Map<number, number[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const state = new Map<number, 1 | 2>();
  const path: number[] = [];
  const visit = (n: number): number[] | null => {
    state.set(n, 1);
    path.push(n);
    for (const m of next.get(n) ?? []) {
      if (state.get(m) === 1) return [...path.slice(path.indexOf(m)), m];
      if (!state.has(m)) {
        const found = visit(m);
        if (found) return found;
      }
    }
    path.pop();
    state.set(n, 2);
    return null;
  };
  for (const n of next.keys()) {
    if (!state.has(n)) {
      const found = visit(n);
      if (found) return found;
    }
  }
  return null;
}

/** Old commune code → its old (2025) province code, for the given codes found in the 3-tier unit list. */
export function oldProvincesOf(units2025Csv: string, communeCodes: string[]): Map<string, string> {
  const wanted = new Set(communeCodes);
  const [header, ...records] = parseCsv(units2025Csv, ",").records.map((r) => r.cells);
  const p = header.indexOf("province_code");
  const c = header.indexOf("commune_code");
  const out = new Map<string, string>();
  for (const cells of records) {
    if (wanted.has(cells[c])) out.set(cells[c], cells[p]);
  }
  return out;
}
