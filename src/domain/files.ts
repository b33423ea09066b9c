import type { Failure, Outcome } from "./outcome";
// Evidence files, pure: type from magic bytes, the one-document rule against polyglots, size
// limits, the content-addressed key, and capture time / GPS from a JPEG's EXIF.

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** A browser-made preview (≤ 320 px): anything larger is not a thumbnail. */
export const MAX_THUMB_BYTES = 96 * 1024;
/** Storage a commune may use (sum of its live files). A setting, not a rule from any decision. */
export const COMMUNE_QUOTA_BYTES = 500 * 1024 * 1024;

export type SniffedType = "image/jpeg" | "image/png" | "image/webp" | "image/heic" | "application/pdf";
export const IMAGE_TYPES: readonly SniffedType[] = ["image/jpeg", "image/png", "image/webp", "image/heic"];
/** Types a browser can show in an <img>. */
export const THUMB_TYPES: readonly SniffedType[] = ["image/jpeg", "image/png", "image/webp"];

export const fileMsg = {
  empty: "Tệp rỗng (0 byte): vui lòng chọn lại tệp.",
  tooLarge: "Tệp quá lớn: tối đa 10 MB một tệp. Ảnh chụp nên được thu nhỏ trước khi gửi.",
  executable: "Tệp này là chương trình hoặc tệp nén đã đổi tên, không phải ảnh hay PDF: không nhận.",
  unknown: "Chỉ nhận ảnh (JPEG, PNG, WebP, HEIC) hoặc tệp PDF; loại tệp được xác định theo nội dung, không theo tên.",
  polyglot: "Tệp có dữ liệu lạ gắn kèm (tệp nén, trang web hoặc nội dung sau phần cuối ảnh/PDF): không nhận. Vui lòng xuất lại ảnh hoặc PDF rồi gửi.",
  missing: "Vui lòng chọn một tệp để tải lên.",
  quota: (usedMb: string, quotaMb: string) => `Xã đã dùng ${usedMb} MB trên hạn mức ${quotaMb} MB cho minh chứng: không thể tải thêm. Liên hệ quản trị viên.`,
  badThumb: "Ảnh thu nhỏ không hợp lệ.",
} as const;

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(Math.max(0, from), Math.min(b.length, to)));

/** The type by magic bytes only, or null. */
export function sniffType(b: Uint8Array): SniffedType | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP") return "image/webp";
  if (ascii(b, 0, 5) === "%PDF-") return "application/pdf";
  if (ascii(b, 4, 8) === "ftyp" && ["heic", "heix", "heim", "heis", "mif1", "msf1"].includes(ascii(b, 8, 12))) return "image/heic";
  return null;
}

/** Executables, archives and scripts, whatever they are named. */
function looksExecutable(b: Uint8Array): boolean {
  return (
    startsWith(b, [0x4d, 0x5a]) || // MZ: Windows PE
    startsWith(b, [0x7f, 0x45, 0x4c, 0x46]) || // ELF
    startsWith(b, [0xcf, 0xfa, 0xed, 0xfe]) || startsWith(b, [0xca, 0xfe, 0xba, 0xbe]) || // Mach-O
    startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || // ZIP, APK, DOCX
    startsWith(b, [0x52, 0x61, 0x72, 0x21]) || // RAR
    startsWith(b, [0x23, 0x21]) // #! script
  );
}

/** Where the format says the document ends, or -1 when it does not end properly. */
function documentEnd(b: Uint8Array, type: SniffedType): number {
  const n = b.length;
  switch (type) {
    case "image/jpeg": {
      // The last EOI (FF D9) of the main image: walk back over trailing zero padding.
      let end = n;
      while (end > 0 && b[end - 1] === 0x00) end--;
      if (end >= 2 && b[end - 2] === 0xff && b[end - 1] === 0xd9) return n;
      return -1;
    }
    case "image/png": {
      const iend = [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
      return n >= 12 && startsWith(b, iend, n - 12) ? n : -1;
    }
    case "image/webp": {
      const riff = (b[4] | (b[5] << 8) | (b[6] << 16) | (b[7] << 24)) >>> 0;
      return riff + 8 + (riff % 2) === n || riff + 8 === n ? n : -1;
    }
    case "application/pdf": {
      // Readers look for the last %%EOF in the final 1,024 bytes; only whitespace may follow it.
      const tail = ascii(b, n - 1024, n);
      const at = tail.lastIndexOf("%%EOF");
      return at >= 0 && /^[\s]*$/.test(tail.slice(at + 5)) ? n : -1;
    }
    case "image/heic": {
      // ISO BMFF: top-level boxes must cover the file exactly.
      let at = 0;
      while (at + 8 <= n) {
        let size = ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
        if (size === 1) {
          if (at + 16 > n) return -1;
          size = Number(new DataView(b.buffer, b.byteOffset + at + 8, 8).getBigUint64(0));
        } else if (size === 0) size = n - at;
        if (size < 8) return -1;
        at += size;
      }
      return at === n ? n : -1;
    }
  }
}

function indexOfBytes(b: Uint8Array, sig: number[], from = 0): number {
  outer: for (let i = Math.max(0, from); i <= b.length - sig.length; i++) {
    for (let j = 0; j < sig.length; j++) if (b[i + j] !== sig[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * The one-document rule: a file is accepted only when it is exactly one document of an accepted type.
 * It starts with that type's signature, ends where that format ends (JPEG EOI, PNG IEND, WebP RIFF
 * length, PDF %%EOF, HEIC boxes), holds no ZIP central directory in its last 64 KB (what makes a file
 * open as an archive) and no HTML or script markup in its first 1 KB (what a browser would sniff).
 */
function isPolyglot(b: Uint8Array, type: SniffedType): boolean {
  if (documentEnd(b, type) !== b.length) return true;
  if (indexOfBytes(b, [0x50, 0x4b, 0x05, 0x06], b.length - 65_557) >= 0) return true;
  const head = ascii(b, 0, 1024).toLowerCase();
  return ["<html", "<script", "<!doctype", "<svg", "<body", "<iframe"].some((m) => head.includes(m));
}

export type FileCheck = Outcome<{ type: SniffedType }, Failure<"too_large" | "unsupported" | "invalid", { message: string }>>;

/** Validates an uploaded file's bytes. The name and the browser's type are ignored. */
export function checkFile(b: Uint8Array): FileCheck {
  if (b.length === 0) return { ok: false, kind: "invalid", message: fileMsg.empty };
  if (b.length > MAX_FILE_BYTES) return { ok: false, kind: "too_large", message: fileMsg.tooLarge };
  const type = sniffType(b);
  if (!type) return { ok: false, kind: "unsupported", message: looksExecutable(b) ? fileMsg.executable : fileMsg.unknown };
  if (isPolyglot(b, type)) return { ok: false, kind: "invalid", message: fileMsg.polyglot };
  return { ok: true, type };
}

/** A thumbnail must be a small, clean JPEG or WebP. */
export function checkThumb(b: Uint8Array): SniffedType | null {
  if (b.length === 0 || b.length > MAX_THUMB_BYTES) return null;
  const c = checkFile(b);
  return c.ok && (c.type === "image/jpeg" || c.type === "image/webp") ? c.type : null;
}

export const objectKey = (sha256: string) => `sha256/${sha256}`;

export const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((x) => x.toString(16).padStart(2, "0")).join("");

const EXTENSIONS: Record<SniffedType, string> = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/heic": "heic", "application/pdf": "pdf" };

/** A safe display name: no path, no control characters, ≤ 120 chars, the extension of the sniffed type. */
export function cleanFileName(name: string, type: SniffedType): string {
  const base = (name.split(/[\\/]/).pop() ?? "")
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "")
    .replace(/\.[A-Za-z0-9]{1,5}$/, "")
    .trim()
    .slice(0, 110);
  return `${base || "minh-chung"}.${EXTENSIONS[type]}`;
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const fallback = name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export type Exif = { takenAt: string | null; lat: number | null; lon: number | null };

/**
 * Capture time (DateTimeOriginal, "2026-11-30T08:15:00", camera local time) and GPS from EXIF. Takes a
 * whole JPEG or a bare APP1 payload ("Exif\0\0" + TIFF) as the browser sends before resizing.
 */
export function readExif(b: Uint8Array): Exif {
  const none: Exif = { takenAt: null, lat: null, lon: null };
  let tiff = -1;
  if (ascii(b, 0, 6) === "Exif\0\0") tiff = 6;
  else if (startsWith(b, [0xff, 0xd8])) {
    let at = 2;
    while (at + 4 <= b.length && b[at] === 0xff) {
      const marker = b[at + 1];
      const len = (b[at + 2] << 8) | b[at + 3];
      if (marker === 0xda || len < 2) break;
      if (marker === 0xe1 && ascii(b, at + 4, at + 10) === "Exif\0\0") {
        tiff = at + 10;
        break;
      }
      at += 2 + len;
    }
  }
  if (tiff < 0 || tiff + 8 > b.length) return none;
  const view = new DataView(b.buffer, b.byteOffset + tiff, b.length - tiff);
  const little = ascii(b, tiff, tiff + 2) === "II";
  if (!little && ascii(b, tiff, tiff + 2) !== "MM") return none;
  const u16 = (o: number) => view.getUint16(o, little);
  const u32 = (o: number) => view.getUint32(o, little);
  const inRange = (o: number, len: number) => o >= 0 && o + len <= view.byteLength;
  try {
    const entries = (ifd: number) => {
      const out = new Map<number, { type: number; count: number; at: number }>();
      if (!inRange(ifd, 2)) return out;
      const n = u16(ifd);
      for (let i = 0; i < n && inRange(ifd + 2 + i * 12, 12); i++) {
        const e = ifd + 2 + i * 12;
        const type = u16(e + 2);
        const count = u32(e + 4);
        const size = ({ 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 9: 4, 10: 8 } as Record<number, number>)[type] ?? 1;
        out.set(u16(e), { type, count, at: size * count > 4 ? u32(e + 8) : e + 8 });
      }
      return out;
    };
    const str = (e?: { count: number; at: number }) => (e && inRange(e.at, e.count) ? ascii(b, tiff + e.at, tiff + e.at + e.count).replace(/\0+$/, "") : null);
    const rationals = (e?: { count: number; at: number }) => {
      if (!e || !inRange(e.at, e.count * 8)) return null;
      return Array.from({ length: e.count }, (_, i) => u32(e.at + i * 8) / (u32(e.at + i * 8 + 4) || 1));
    };
    const ifd0 = entries(u32(4));
    const exifIfd = ifd0.get(0x8769);
    const exif = exifIfd ? entries(u32(exifIfd.at)) : new Map();
    const raw = str(exif.get(0x9003)) ?? str(ifd0.get(0x0132));
    const m = raw ? /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(raw) : null;
    const takenAt = m && m[1] !== "0000" ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : null;
    let lat: number | null = null;
    let lon: number | null = null;
    const gpsIfd = ifd0.get(0x8825);
    if (gpsIfd) {
      const gps = entries(u32(gpsIfd.at));
      const deg = (v: number[] | null) => (v && v.length === 3 ? v[0] + v[1] / 60 + v[2] / 3600 : null);
      const la = deg(rationals(gps.get(2)));
      const lo = deg(rationals(gps.get(4)));
      if (la !== null && lo !== null && la <= 90 && lo <= 180) {
        lat = Math.round((str(gps.get(1)) === "S" ? -la : la) * 1e6) / 1e6;
        lon = Math.round((str(gps.get(3)) === "W" ? -lo : lo) * 1e6) / 1e6;
      }
    }
    return { takenAt, lat, lon };
  } catch {
    return none;
  }
}
