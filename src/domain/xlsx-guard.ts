import type { Failure, Outcome } from "./outcome";
// Bounds on an uploaded XLSX, checked before the spreadsheet library parses it: a 1.6 KB sheet with one
// cell at XFD1048576 hung the Worker for minutes, a 300 KB zip that inflates to 300 MB took 13 s and 1.36 GB.
// An XLSX is a zip: we read its central directory ourselves (a simple format: APPNOTE.TXT §4.3.12–4.3.16), refuse
// too many entries or declared sizes over the cap, then inflate each entry with the platform's DecompressionStream,
// stopping as soon as the real output passes the cap (declared sizes can lie), and read each sheet's declared range
// (<dimension ref="A1:D40"/>). Pure apart from the platform's inflate: no I/O, no clock.

export const XLSX_LIMITS = {
  /** Entries in the zip (a criteria workbook has about ten). */
  maxEntries: 200,
  /** Total inflated size of all entries (the shipped QD318 workbook inflates to well under 1 MB). */
  maxInflatedBytes: 16 * 1024 * 1024,
  /** Rows and columns of a sheet's declared or read range (a criteria set has a few hundred rows, 34 columns). */
  maxRows: 5000,
  maxColumns: 256,
};
export type XlsxLimits = typeof XLSX_LIMITS;

type Entry = { name: string; method: number; compressedSize: number; uncompressedSize: number; localOffset: number };

const MB = (n: number) => `${(n / 1024 / 1024).toLocaleString("vi-VN", { maximumFractionDigits: 0 })} MB`;
const CORRUPT = "Bảng tính: không đọc được tệp XLSX (tệp hỏng hoặc không phải .xlsx).";

/** The entries listed in the zip's central directory, or a Vietnamese reason to refuse the file. */
export function zipEntries(bytes: Uint8Array, limits: XlsxLimits = XLSX_LIMITS): Outcome<{ entries: Entry[] }, Failure<"invalid", { message: string }>> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory record: 22 bytes + a comment of at most 65,535 bytes, at the end of the file.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, kind: "invalid", message: CORRUPT };
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) return { ok: false, kind: "invalid", message: "Bảng tính: tệp XLSX dạng ZIP64 (quá lớn) không được nhận." };
  if (count > limits.maxEntries) return { ok: false, kind: "invalid", message: `Bảng tính: tệp XLSX có ${count} thành phần; tối đa ${limits.maxEntries}.` };
  if (cdOffset + cdSize > eocd) return { ok: false, kind: "invalid", message: CORRUPT };
  const entries: Entry[] = [];
  let declared = 0;
  for (let p = cdOffset, i = 0; i < count; i++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== 0x02014b50) return { ok: false, kind: "invalid", message: CORRUPT };
    const nameLength = view.getUint16(p + 28, true);
    const entry: Entry = {
      method: view.getUint16(p + 10, true),
      compressedSize: view.getUint32(p + 20, true),
      uncompressedSize: view.getUint32(p + 24, true),
      localOffset: view.getUint32(p + 42, true),
      name: new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength)),
    };
    declared += entry.uncompressedSize;
    if (declared > limits.maxInflatedBytes) return { ok: false, kind: "invalid", message: tooLarge(limits) };
    if (entry.method !== 0 && entry.method !== 8) return { ok: false, kind: "invalid", message: "Bảng tính: tệp XLSX dùng kiểu nén không hỗ trợ." };
    entries.push(entry);
    p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return { ok: true, entries };
}

function tooLarge(limits: XlsxLimits): string {
  return `Bảng tính: nội dung tệp XLSX khi giải nén vượt ${MB(limits.maxInflatedBytes)}; tệp bộ tiêu chí thật chỉ vài trăm KB. Hãy kiểm tra lại tệp.`;
}

/** The compressed bytes of one entry (after its local header). */
function entryData(bytes: Uint8Array, e: Entry): Uint8Array | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (e.localOffset + 30 > bytes.length || view.getUint32(e.localOffset, true) !== 0x04034b50) return null;
  const start = e.localOffset + 30 + view.getUint16(e.localOffset + 26, true) + view.getUint16(e.localOffset + 28, true);
  return start + e.compressedSize > bytes.length ? null : bytes.subarray(start, start + e.compressedSize);
}

/** Inflates at most `cap` bytes: the output's size and its first `keep` bytes, or "over" / "corrupt". */
async function inflateBounded(data: Uint8Array, cap: number, keep: number): Promise<{ size: number; head: Uint8Array } | "over" | "corrupt"> {
  const stream = new DecompressionStream("deflate-raw");
  const writer = stream.writable.getWriter();
  writer.write(data).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  const head = new Uint8Array(keep);
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { size, head: head.subarray(0, Math.min(size, keep)) };
      if (size < keep) head.set(value.subarray(0, keep - size), size);
      size += value.byteLength;
      if (size > cap) {
        await reader.cancel().catch(() => {});
        return "over";
      }
    }
  } catch {
    return "corrupt";
  }
}

/** Rows and columns of an A1 range ("A1:D40" or "D40"). */
export function rangeSize(ref: string): { rows: number; columns: number } | null {
  const m = /^([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?$/.exec(ref.trim().toUpperCase().replace(/\$/g, ""));
  if (!m) return null;
  const col = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const [c2, r2] = m[3] ? [col(m[3]), Number(m[4])] : [col(m[1]), Number(m[2])];
  // From A1: the reader numbers rows as in Excel, so a range starting lower still costs its rows above.
  return { rows: r2, columns: c2 };
}

export function rangeProblem(ref: string, limits: XlsxLimits = XLSX_LIMITS): string | null {
  const size = rangeSize(ref);
  if (!size) return null;
  if (size.rows > limits.maxRows || size.columns > limits.maxColumns) {
    return `Bảng tính: vùng dữ liệu ${ref.slice(0, 30)} quá lớn (tối đa ${limits.maxRows.toLocaleString("vi-VN")} dòng và ${limits.maxColumns} cột). Hãy xoá các ô thừa ở xa bảng rồi lưu lại.`;
  }
  return null;
}

/**
 * Null when the workbook is within the limits; otherwise a Vietnamese message. Work done is bounded by the limits:
 * at most `maxInflatedBytes` are inflated in all.
 */
export async function xlsxBoundsProblem(bytes: Uint8Array, limits: XlsxLimits = XLSX_LIMITS): Promise<string | null> {
  const listed = zipEntries(bytes, limits);
  if (!listed.ok) return listed.message;
  let total = 0;
  for (const e of listed.entries) {
    const data = entryData(bytes, e);
    if (!data) return CORRUPT;
    const isSheet = /^xl\/worksheets\/[^/]+\.xml$/i.test(e.name);
    if (e.method === 0) {
      total += data.length;
      if (total > limits.maxInflatedBytes) return tooLarge(limits);
      if (isSheet) {
        const problem = dimensionProblem(data.subarray(0, 4096), limits);
        if (problem) return problem;
      }
      continue;
    }
    const out = await inflateBounded(data, limits.maxInflatedBytes - total, isSheet ? 4096 : 0);
    if (out === "over") return tooLarge(limits);
    if (out === "corrupt") return CORRUPT;
    total += out.size;
    if (isSheet) {
      const problem = dimensionProblem(out.head, limits);
      if (problem) return problem;
    }
  }
  return null;
}

function dimensionProblem(head: Uint8Array, limits: XlsxLimits): string | null {
  const m = /<(?:\w+:)?dimension\s+ref="([^"]{1,40})"/.exec(new TextDecoder().decode(head));
  return m ? rangeProblem(m[1], limits) : null;
}
