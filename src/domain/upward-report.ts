// Pure (issue 19, item 3): the periodic report tables a province sends upward, with stable column names (the header
// row of the CSV and XLSX is the column keys, so a receiving system can map them once). Written through the one
// CSV/XLSX module (progress-export.ts), whose formula guard quotes text starting with = + - @ tab or CR.
import type { Cell, ColumnKind, ReportTable } from "./progress";

export type UpwardColumn = { key: string; description: string; kind: ColumnKind };
export type UpwardTableSpec = { file: "muc-dat-theo-xa" | "tieu-chi-dat" | "cong-nhan-trong-ky"; title: string; columns: UpwardColumn[] };

export const UPWARD_TABLES: UpwardTableSpec[] = [
  {
    file: "muc-dat-theo-xa",
    title: "Mức đạt theo xã",
    columns: [
      { key: "ma_tinh", description: "Mã tỉnh (GSO)", kind: "text" },
      { key: "ma_xa", description: "Mã xã (GSO)", kind: "text" },
      { key: "ten_xa", description: "Tên xã", kind: "text" },
      { key: "bo_tieu_chi", description: "Mã bộ tiêu chí", kind: "text" },
      { key: "muc_dat", description: "Mã mức đã đạt (trống: chưa đạt mức nào)", kind: "text" },
      { key: "so_tieu_chi_dat", description: "Số tiêu chí đạt ở mức cơ bản", kind: "int" },
      { key: "cap_nhat", description: "Thời điểm cập nhật (ISO 8601)", kind: "text" },
    ],
  },
  {
    file: "tieu-chi-dat",
    title: "Số xã đạt theo tiêu chí",
    columns: [
      { key: "ma_tinh", description: "Mã tỉnh (GSO)", kind: "text" },
      { key: "bo_tieu_chi", description: "Mã bộ tiêu chí", kind: "text" },
      { key: "muc", description: "Mã mức được tính", kind: "text" },
      { key: "so_thu_tu", description: "Số thứ tự tiêu chí trong bộ", kind: "int" },
      { key: "ten_tieu_chi", description: "Tên tiêu chí", kind: "text" },
      { key: "so_xa_dat", description: "Số xã đạt tiêu chí ở mức này", kind: "int" },
      { key: "so_xa", description: "Số xã áp dụng bộ tiêu chí", kind: "int" },
    ],
  },
  {
    file: "cong-nhan-trong-ky",
    title: "Công nhận trong kỳ",
    columns: [
      { key: "ma_tinh", description: "Mã tỉnh (GSO)", kind: "text" },
      { key: "ma_xa", description: "Mã xã (GSO)", kind: "text" },
      { key: "ten_xa", description: "Tên xã", kind: "text" },
      { key: "muc", description: "Mã mức được công nhận", kind: "text" },
      { key: "nam", description: "Năm xét công nhận", kind: "year" },
      { key: "trang_thai", description: "recognised (đã công nhận) hoặc revoked (đã thu hồi)", kind: "text" },
      { key: "so_quyet_dinh", description: "Số quyết định công nhận", kind: "text" },
      { key: "ngay_quyet_dinh", description: "Ngày quyết định (yyyy-mm-dd)", kind: "text" },
      { key: "so_quyet_dinh_thu_hoi", description: "Số quyết định thu hồi", kind: "text" },
      { key: "ngay_thu_hoi", description: "Ngày thu hồi (yyyy-mm-dd)", kind: "text" },
    ],
  },
];

export type UpwardFile = UpwardTableSpec["file"];
export const isUpwardFile = (v: string): v is UpwardFile => UPWARD_TABLES.some((t) => t.file === v);

/** A table whose header row is the stable keys (label = key). */
export function upwardTable(file: UpwardFile, rows: Record<string, Cell>[]): ReportTable {
  const spec = UPWARD_TABLES.find((t) => t.file === file)!;
  return { id: spec.file, title: spec.title, columns: spec.columns.map((c) => ({ key: c.key, label: c.key, kind: c.kind })), rows };
}

/** A recognition counts in [from, to] when it was decided or revoked within it. */
export const inPeriod = (r: { decisionDate: string | null; revocationDate: string | null }, from: string, to: string): boolean =>
  (r.decisionDate !== null && r.decisionDate >= from && r.decisionDate <= to) || (r.revocationDate !== null && r.revocationDate >= from && r.revocationDate <= to);
