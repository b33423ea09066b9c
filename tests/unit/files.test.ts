// Evidence files (issue 13): type by magic bytes, the one-document rule, EXIF, names.
import { describe, expect, it } from "vitest";
import { MAX_FILE_BYTES, checkFile, checkThumb, cleanFileName, contentDisposition, fileMsg, readExif, sniffType } from "../../src/domain/files";
import { concat, exe, exifBlock, jpeg, pdf, png, webp, zipTail } from "../fixtures/files";

const enc = (s: string) => new TextEncoder().encode(s);

describe("sniffType and checkFile", () => {
  it("names JPEG, PNG, WebP, PDF and HEIC by their bytes", () => {
    expect(sniffType(jpeg())).toBe("image/jpeg");
    expect(sniffType(png())).toBe("image/png");
    expect(sniffType(webp())).toBe("image/webp");
    expect(sniffType(pdf())).toBe("application/pdf");
    const heic = concat([0, 0, 0, 24], enc("ftypheic"), [0, 0, 0, 0], enc("mif1heic"), [0, 0, 0, 8], enc("mdat"));
    expect(checkFile(heic)).toEqual({ ok: true, type: "image/heic" });
    for (const f of [jpeg(), png(), webp(), pdf()]) expect(checkFile(f).ok).toBe(true);
  });

  it("refuses empty, over-size, executables, archives and unknown content with Vietnamese messages", () => {
    expect(checkFile(new Uint8Array())).toEqual({ ok: false, kind: "invalid", message: fileMsg.empty });
    expect(checkFile(new Uint8Array(MAX_FILE_BYTES + 1))).toMatchObject({ ok: false, kind: "too_large", message: fileMsg.tooLarge });
    expect(checkFile(exe())).toMatchObject({ ok: false, kind: "unsupported", message: fileMsg.executable });
    expect(checkFile(concat(enc("PK"), [3, 4], new Uint8Array(30)))).toMatchObject({ kind: "unsupported", message: fileMsg.executable });
    expect(checkFile(enc("#!/bin/sh\nrm -rf /"))).toMatchObject({ kind: "unsupported", message: fileMsg.executable });
    expect(checkFile(enc("<html><script>alert(1)</script></html>"))).toMatchObject({ kind: "unsupported", message: fileMsg.unknown });
    expect(checkFile(enc("GIF89a..."))).toMatchObject({ kind: "unsupported" });
  });

  it("refuses polyglots: anything after the document's end, a ZIP directory inside, HTML in the first KB", () => {
    const cases: Uint8Array[] = [
      concat(jpeg(), enc("<html><script>alert(1)</script></html>")), // JPEG + appended HTML
      concat(jpeg(), exe()), // JPEG + appended executable
      concat(pdf(), zipTail()), // PDF + ZIP after %%EOF
      concat(enc("%PDF-1.4\n"), zipTail(), enc("\n%%EOF\n")), // ZIP directory inside the PDF
      concat(jpeg(64).subarray(0, 20), zipTail(), [0xff, 0xd9]), // ZIP directory inside a JPEG
      concat([0xff, 0xd8, 0xff, 0xfe, 0x00, 0x20], enc("<script>alert(1)</script>  "), [0xff, 0xd9]), // HTML in a JPEG comment
      concat(png(), [0]), // PNG with a byte after IEND
      concat(webp(), [1, 2, 3, 4]), // WebP longer than its RIFF size
    ];
    for (const f of cases) expect(checkFile(f)).toMatchObject({ ok: false, kind: "invalid", message: fileMsg.polyglot });
  });

  it("accepts a JPEG with zero padding after EOI and a PDF with a newline after %%EOF", () => {
    expect(checkFile(concat(jpeg(), [0, 0, 0])).ok).toBe(true);
    expect(checkFile(concat(pdf(), enc("\r\n"))).ok).toBe(true);
  });

  it("takes only small clean JPEG/WebP as thumbnails", () => {
    expect(checkThumb(jpeg(1000))).toBe("image/jpeg");
    expect(checkThumb(webp())).toBe("image/webp");
    expect(checkThumb(png())).toBeNull();
    expect(checkThumb(jpeg(200_000))).toBeNull();
  });
});

describe("readExif", () => {
  it("reads DateTimeOriginal and GPS from a JPEG and from a bare APP1 block", () => {
    const expected = { takenAt: "2026-11-30T08:15:00", lat: 10.241667, lon: 106.38 };
    expect(readExif(jpeg(100, { exif: true }))).toEqual(expected);
    expect(readExif(exifBlock())).toEqual(expected);
    expect(readExif(jpeg(100))).toEqual({ takenAt: null, lat: null, lon: null });
    expect(readExif(concat(enc("Exif\0\0II"), [42, 0, 255, 255, 255, 255]))).toEqual({ takenAt: null, lat: null, lon: null });
  });
});

describe("names", () => {
  it("keeps a clean Vietnamese name with the sniffed type's extension", () => {
    expect(cleanFileName("C:\\ảnh\\Đường ấp 3.JPG", "image/jpeg")).toBe("Đường ấp 3.jpg");
    expect(cleanFileName("virus.exe", "application/pdf")).toBe("virus.pdf");
    expect(cleanFileName('"<>.png', "image/png")).toBe("minh-chung.png");
    expect(contentDisposition("attachment", "Đường ấp 3.jpg")).toBe(`attachment; filename="Duong ap 3.jpg"; filename*=UTF-8''%C4%90%C6%B0%E1%BB%9Dng%20%E1%BA%A5p%203.jpg`);
  });
});
