// Issue 21 "xã nắm tới hộ": pure rules for hamlet assignments of commune-level users, the household follow-up
// fields (labels, parsing from a spreadsheet with row errors and a formula guard), shares that feed indicators,
// and the retention cutoff.
import type { HouseholdField, Role } from "../db/schema";
import { fold } from "./text";
import type { Failure, Outcome } from "./outcome";

// ---- Hamlet assignments ("xã nắm tới ấp, tới hộ") ----

export type HamletAssignmentDraft = {
  /** The commune whose staff assigns. */
  communeId: number;
  assignee: { role: Role; unitId: number; disabled: boolean } | null;
  hamlet: { level: string; parentId: number | null; validTo: string | null } | null;
  periodFrom: string;
  periodTo: string | null;
  /** The user already follows this hamlet in an overlapping period. */
  duplicate: boolean;
};

/** Field errors (Vietnamese) of a new hamlet assignment; empty when it may be saved. */
export function hamletAssignmentErrors(d: HamletAssignmentDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!d.assignee) errors.userId = "Không tìm thấy người được phân công.";
  else if (d.assignee.unitId !== d.communeId || (d.assignee.role !== "commune_staff" && d.assignee.role !== "cadre")) {
    errors.userId = "Chỉ cán bộ, công chức của xã được phân công theo dõi ấp của xã (xã nắm tới ấp, tới hộ).";
  } else if (d.assignee.disabled) errors.userId = "Tài khoản này đã bị khóa.";
  if (!d.hamlet || d.hamlet.level !== "hamlet" || d.hamlet.parentId !== d.communeId) errors.hamletId = "Ấp, khu phố không thuộc xã này.";
  else if (d.hamlet.validTo !== null) errors.hamletId = "Ấp, khu phố này đã hết hiệu lực.";
  if (d.periodTo !== null && d.periodTo < d.periodFrom) errors.periodTo = "Ngày kết thúc không được trước ngày bắt đầu.";
  if (!errors.userId && !errors.hamletId && d.duplicate) errors.hamletId = "Người này đang được phân công theo dõi ấp này trong thời gian đó.";
  return errors;
}

// ---- Households: follow-up fields ----

export const POVERTY_LABELS = { poor: "Hộ nghèo", near_poor: "Hộ cận nghèo", none: "Không nghèo" } as const;
export const HOUSING_LABELS = { solid: "Nhà kiên cố", semi_solid: "Nhà bán kiên cố", temporary: "Nhà tạm, dột nát" } as const;
export type Poverty = keyof typeof POVERTY_LABELS;
export type Housing = keyof typeof HOUSING_LABELS;

export const FIELD_LABELS: Record<HouseholdField, string> = {
  clean_water: "Hộ dùng nước sạch",
  sanitation: "Hộ có nhà tiêu hợp vệ sinh",
  solid_housing: "Hộ có nhà kiên cố hoặc bán kiên cố",
  not_poor: "Hộ không thuộc diện nghèo, cận nghèo",
};

export type HouseholdFacts = { poverty: Poverty | null; housing: Housing | null; cleanWater: boolean | null; sanitation: boolean | null };

/** Whether a household counts for a field (null: not known yet, so not counted). */
export function counts(h: HouseholdFacts, field: HouseholdField): boolean {
  switch (field) {
    case "clean_water":
      return h.cleanWater === true;
    case "sanitation":
      return h.sanitation === true;
    case "solid_housing":
      return h.housing === "solid" || h.housing === "semi_solid";
    case "not_poor":
      return h.poverty === "none";
  }
}

/** The suggested value of a share indicator: households counted over households listed, in %, one decimal. */
export function sharePercent(counted: number, total: number): number | null {
  if (total <= 0) return null;
  return Math.round((counted / total) * 1000) / 10;
}

const YES = new Set(["co", "x", "1", "dat", "yes", "true", "co su dung", "da co"]);
const NO = new Set(["khong", "0", "chua", "no", "false", "chua co", "khong dat"]);

/** "Có"/"x"/"1" → true, "Không"/"0"/"chưa" → false, "" → null; anything else → undefined (a row error). */
export function parseYesNo(text: string): boolean | null | undefined {
  const f = fold(text);
  if (f === "") return null;
  if (YES.has(f)) return true;
  if (NO.has(f)) return false;
  return undefined;
}

export function parsePoverty(text: string): Poverty | null | undefined {
  const f = fold(text);
  if (f === "") return null;
  if (f === "ngheo" || f === "ho ngheo" || f === "poor") return "poor";
  if (f === "can ngheo" || f === "ho can ngheo" || f === "near poor" || f === "near_poor") return "near_poor";
  if (f === "khong" || f === "khong ngheo" || f === "none" || f === "binh thuong") return "none";
  return undefined;
}

export function parseHousing(text: string): Housing | null | undefined {
  const f = fold(text);
  if (f === "") return null;
  if (f === "kien co" || f === "nha kien co" || f === "solid") return "solid";
  if (f === "ban kien co" || f === "nha ban kien co" || f === "semi solid" || f === "semi_solid") return "semi_solid";
  if (f === "tam" || f === "nha tam" || f === "nha tam dot nat" || f === "dot nat" || f === "temporary") return "temporary";
  return undefined;
}

// ---- Households: import from a spreadsheet table ----

export type HouseholdDraft = HouseholdFacts & { hamletId: number; headName: string; address: string; note: string | null };
export type RowError = { row: number; message: string };

type Column = "hamlet" | "head" | "address" | "poverty" | "housing" | "water" | "sanitation" | "note";

/** Header names (folded) accepted for each column of the commune's spreadsheet. */
const HEADERS: Record<string, Column> = {
  ap: "hamlet", "ap khu pho": "hamlet", "ap thon": "hamlet", thon: "hamlet", "khu pho": "hamlet", "ma ap": "hamlet",
  "chu ho": "head", "ho ten chu ho": "head", "ten chu ho": "head",
  "dia chi": "address",
  "ho ngheo": "poverty", "ngheo": "poverty", "tinh trang ngheo": "poverty", "ho ngheo can ngheo": "poverty",
  "nha o": "housing", "loai nha": "housing",
  "nuoc sach": "water", "su dung nuoc sach": "water",
  "nha tieu hop ve sinh": "sanitation", "ve sinh": "sanitation", "nha tieu": "sanitation",
  "ghi chu": "note",
};

/** A text cell a spreadsheet would run as a formula (= + - @, tab, CR), unless it is a plain number. */
export function looksLikeFormula(value: string): boolean {
  return /^[=+\-@\t\r]/.test(value) && !/^[+-]?\d+([.,]\d+)?$/.test(value.trim());
}

export const IMPORT_MAX_ROWS = 2000;
const MAX_TEXT = { head: 120, address: 240, note: 500 };

/**
 * Rows of the commune's household spreadsheet (header in row 1, columns in any order): each row's hamlet is
 * matched by code or name among `hamlets` (the commune's). Every problem is a row error in Vietnamese; a table with
 * any error imports nothing.
 */
export function householdRowsFromTable(table: string[][], hamlets: { id: number; code: string; name: string }[]): { rows: HouseholdDraft[]; errors: RowError[] } {
  const errors: RowError[] = [];
  if (table.length === 0 || table[0].every((h) => h.trim() === "")) return { rows: [], errors: [{ row: 1, message: "Dòng 1 phải là tên các cột (Ấp, Chủ hộ, Địa chỉ, Hộ nghèo, Nhà ở, Nước sạch, Nhà tiêu hợp vệ sinh, Ghi chú)." }] };
  const map = table[0].map((h) => HEADERS[fold(h.replace(/^\uFEFF/, ""))] ?? null);
  table[0].forEach((h, i) => {
    if (h.trim() !== "" && map[i] === null) errors.push({ row: 1, message: `Cột “${h.trim().slice(0, 40)}” không có trong mẫu.` });
  });
  for (const needed of ["hamlet", "head", "address"] as const) {
    if (!map.includes(needed)) errors.push({ row: 1, message: `Thiếu cột ${needed === "hamlet" ? "“Ấp”" : needed === "head" ? "“Chủ hộ”" : "“Địa chỉ”"}.` });
  }
  if (errors.length) return { rows: [], errors };
  const data = table.slice(1);
  if (data.length > IMPORT_MAX_ROWS) return { rows: [], errors: [{ row: 1, message: `Tệp có ${data.length} dòng; mỗi lần nhập tối đa ${IMPORT_MAX_ROWS} hộ.` }] };
  const byKey = new Map<string, number>();
  for (const h of hamlets) {
    byKey.set(fold(h.code), h.id);
    byKey.set(fold(h.name), h.id);
  }
  const rows: HouseholdDraft[] = [];
  data.forEach((cells, index) => {
    const row = index + 2;
    if (cells.every((c) => (c ?? "").trim() === "")) return;
    const get = (col: Column) => {
      const i = map.indexOf(col);
      return i < 0 ? "" : (cells[i] ?? "").trim();
    };
    const problems: string[] = [];
    for (const c of cells) if (looksLikeFormula(c ?? "")) problems.push(`ô “${(c ?? "").slice(0, 30)}” bắt đầu bằng =, +, -, @ (công thức) nên không được nhận`);
    const hamletText = get("hamlet");
    const hamletId = byKey.get(fold(hamletText)) ?? byKey.get(fold(`ấp ${hamletText}`));
    if (!hamletText) problems.push("thiếu tên ấp");
    else if (hamletId === undefined) problems.push(`ấp “${hamletText.slice(0, 40)}” không thuộc xã`);
    const head = get("head");
    const address = get("address");
    if (!head) problems.push("thiếu tên chủ hộ");
    else if (head.length > MAX_TEXT.head) problems.push(`tên chủ hộ dài quá ${MAX_TEXT.head} ký tự`);
    if (!address) problems.push("thiếu địa chỉ");
    else if (address.length > MAX_TEXT.address) problems.push(`địa chỉ dài quá ${MAX_TEXT.address} ký tự`);
    const note = get("note");
    if (note.length > MAX_TEXT.note) problems.push(`ghi chú dài quá ${MAX_TEXT.note} ký tự`);
    const poverty = parsePoverty(get("poverty"));
    if (poverty === undefined) problems.push(`“Hộ nghèo” phải là Nghèo, Cận nghèo, Không hoặc để trống`);
    const housing = parseHousing(get("housing"));
    if (housing === undefined) problems.push(`“Nhà ở” phải là Kiên cố, Bán kiên cố, Nhà tạm hoặc để trống`);
    const cleanWater = parseYesNo(get("water"));
    if (cleanWater === undefined) problems.push(`“Nước sạch” phải là Có, Không hoặc để trống`);
    const sanitation = parseYesNo(get("sanitation"));
    if (sanitation === undefined) problems.push(`“Nhà tiêu hợp vệ sinh” phải là Có, Không hoặc để trống`);
    if (problems.length) {
      errors.push({ row, message: `Dòng ${row}: ${problems.join("; ")}.` });
      return;
    }
    rows.push({ hamletId: hamletId!, headName: head, address, note: note || null, poverty: poverty!, housing: housing!, cleanWater: cleanWater!, sanitation: sanitation! });
  });
  if (rows.length === 0 && errors.length === 0) errors.push({ row: 2, message: "Tệp không có dòng hộ gia đình nào." });
  return { rows, errors };
}

// ---- Retention ----

/** ISO date `months` months before `today` (rows last updated before it are past retention). */
export function retentionCutoff(today: string, months: number): string {
  const [y, m, d] = today.split("-").map(Number);
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

// ---- Hamlet recognitions: the province's hamlet-level criteria sets (data the admin loads) ----

export type HamletSetFile = {
  code: string;
  name: string;
  title: string;
  decidedBy: "commune" | "province";
  source: string;
  verified: boolean;
  criteria: { name: string; source: string; verified: boolean }[];
};

const str = (v: unknown) => (typeof v === "string" ? v.normalize("NFC").trim() : "");

/**
 * Checks a hamlet set file (JSON): every problem in Vietnamese. A set or criterion marked verified needs a source
 * (nothing is verified without the text it was checked against).
 */
export function parseHamletSet(data: unknown): Outcome<{ set: HamletSetFile }, Failure<"invalid", { errors: string[] }>> {
  const errors: string[] = [];
  const d = (data && typeof data === "object" && !Array.isArray(data) ? data : {}) as Record<string, unknown>;
  const code = str(d.code);
  const name = str(d.name);
  const title = str(d.title);
  if (!/^[A-Za-z0-9_.-]{2,40}$/.test(code)) errors.push("“code”: mã bộ tiêu chí gồm 2–40 chữ không dấu, số, “-”, “_” hoặc “.”.");
  if (!name || name.length > 200) errors.push("“name”: cần tên bộ tiêu chí (tối đa 200 ký tự).");
  if (!title || title.length > 120) errors.push("“title”: cần danh hiệu được công nhận, ví dụ “Khu dân cư kiểu mẫu” (tối đa 120 ký tự).");
  if (d.decidedBy !== "commune" && d.decidedBy !== "province") errors.push("“decidedBy”: “commune” (UBND xã quyết định) hoặc “province” (UBND tỉnh quyết định).");
  const source = str(d.source);
  const verified = d.verified === true;
  if (source.length > 500) errors.push("“source”: tối đa 500 ký tự.");
  if (verified && !source) errors.push("Bộ tiêu chí đánh dấu đã xác minh phải ghi nguồn (“source”).");
  const list = Array.isArray(d.criteria) ? d.criteria : [];
  if (list.length === 0 || list.length > 60) errors.push("“criteria”: từ 1 đến 60 tiêu chí.");
  const criteria = list.map((raw, i) => {
    const c = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
    const cName = str(c.name);
    const cSource = str(c.source);
    const cVerified = c.verified === true;
    if (!cName || cName.length > 500) errors.push(`Tiêu chí ${i + 1}: cần tên (tối đa 500 ký tự).`);
    if (cVerified && !cSource) errors.push(`Tiêu chí ${i + 1}: đánh dấu đã xác minh phải ghi nguồn.`);
    return { name: cName, source: cSource.slice(0, 500), verified: cVerified };
  });
  if (errors.length) return { ok: false, kind: "invalid", errors };
  return { ok: true, set: { code, name, title, decidedBy: d.decidedBy as "commune" | "province", source, verified, criteria } };
}

/** Whether a hamlet meets every criterion of a set (an unchecked criterion is not met). */
export function meetsAll(criterionIds: number[], met: ReadonlyMap<number, boolean>): boolean {
  return criterionIds.length > 0 && criterionIds.every((id) => met.get(id) === true);
}
