// Spreadsheet uploads are bounded before parsing (issue 17): a sheet with one cell at XFD1048576 hung the Worker for
// minutes, a 300 KB zip inflating to 300 MB took 13 s and 1.36 GB. Every file is built here, none is committed.
import * as XLSX from "@e965/xlsx";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { Client, loggedIn, seededDb } from "../factories";
import { rangeSize, xlsxBoundsProblem, zipEntries } from "../../src/domain/xlsx-guard";

let admin: Client;
beforeAll(async () => {
  await seededDb();
  admin = await loggedIn("admin");
});

async function upload(client: Client, name: string, bytes: Uint8Array) {
  const form = new FormData();
  form.set("_csrf", client.csrf);
  form.set("dryRun", "1");
  form.set("file", new File([bytes], name, { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }));
  return client.fetch("/admin/criteria/upload", { method: "POST", body: form });
}

const auditRows = async () => ((await env.DB.prepare("select count(*) as n from audit_log").first()) as { n: number }).n;

// ---- a minimal zip writer (APPNOTE.TXT): local headers, data, central directory, end record ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

type ZipEntry = { name: string; deflated: Uint8Array; crc: number; size: number };

function zip(entries: ZipEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, 8, true);
    local.setUint32(14, e.crc, true);
    local.setUint32(18, e.deflated.length, true);
    local.setUint32(22, e.size, true);
    local.setUint16(26, name.length, true);
    parts.push(new Uint8Array(local.buffer), name, e.deflated);
    const cd = new DataView(new ArrayBuffer(46));
    cd.setUint32(0, 0x02014b50, true);
    cd.setUint16(4, 20, true);
    cd.setUint16(6, 20, true);
    cd.setUint16(10, 8, true);
    cd.setUint32(16, e.crc, true);
    cd.setUint32(20, e.deflated.length, true);
    cd.setUint32(24, e.size, true);
    cd.setUint16(28, name.length, true);
    cd.setUint32(42, offset, true);
    central.push(new Uint8Array(cd.buffer), name);
    offset += 30 + name.length + e.deflated.length;
  }
  const cdSize = central.reduce((n, p) => n + p.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, cdSize, true);
  end.setUint32(16, offset, true);
  const all = [...parts, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of all) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function deflateRaw(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await new Response(new Blob([data]).stream().pipeThrough(new CompressionStream("deflate-raw"))).arrayBuffer());
}

/** `count` entries of `mib` MiB of zeros each: about 1 KB compressed per MiB. `lie` declares 1 KB uncompressed instead. */
async function bomb(count: number, lie = false, mib = 1): Promise<Uint8Array> {
  const zeros = new Uint8Array(mib * 1024 * 1024);
  const deflated = await deflateRaw(zeros);
  const crc = crc32(zeros);
  return zip(Array.from({ length: count }, (_, i) => ({ name: `xl/media/pad${i}.bin`, deflated, crc: lie ? 0 : crc, size: lie ? 1024 : zeros.length })));
}

function oneFarCell(): Uint8Array {
  const ws: XLSX.WorkSheet = { "!ref": "XFD1048576", XFD1048576: { t: "s", v: "x" } };
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, "Bo tieu chi");
  return new Uint8Array(XLSX.write(wb, { type: "array", bookType: "xlsx", compression: true }) as ArrayBuffer);
}

describe("XLSX upload limits", () => {
  it("reads a zip's central directory and an A1 range's size", async () => {
    const listed = zipEntries(await bomb(3));
    expect(listed.ok && listed.entries.map((e) => [e.name, e.uncompressedSize])).toEqual([0, 1, 2].map((i) => [`xl/media/pad${i}.bin`, 1024 * 1024]));
    expect(rangeSize("A1:AH400")).toEqual({ rows: 400, columns: 34 });
    expect(rangeSize("XFD1048576")).toEqual({ rows: 1048576, columns: 16384 });
    expect(await xlsxBoundsProblem(await bomb(3))).toBeNull();
  });

  const cases: [string, () => Promise<Uint8Array>, string][] = [
    ["one cell at XFD1048576", async () => oneFarCell(), "vùng dữ liệu"],
    ["a zip of 100 entries inflating to 300 MB (sizes declared)", () => bomb(100, false, 3), "khi giải nén vượt"],
    ["the same bomb declaring 1 KB per entry (sizes that lie)", () => bomb(100, true, 3), "khi giải nén vượt"],
    ["300 entries of 1 MB each", () => bomb(300), "300 thành phần"],
  ];
  for (const [label, build, message] of cases) {
    it(`refuses ${label} with a 4xx and a Vietnamese message in under a second, answering other requests meanwhile`, async () => {
      const bytes = await build();
      expect(bytes.length).toBeLessThan(400 * 1024);
      const audits = await auditRows();
      const started = Date.now();
      const other = new Client();
      const [res, health] = await Promise.all([upload(admin, "bo-tieu-chi.xlsx", bytes), other.get("/healthz")]);
      const elapsed = Date.now() - started;
      const html = await res.text();
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(html.match(/(?:Bảng tính|Tệp)[^<]*(?:giải nén|vùng dữ liệu|XLSX|ZIP)[^<]*/)?.[0] ?? html.slice(-1500)).toContain(message);
      expect(health.status).toBe(200);
      expect(elapsed).toBeLessThan(1000);
      expect(await auditRows()).toBe(audits);
      console.log(`${label}: ${bytes.length} bytes, ${res.status} in ${elapsed} ms`);
    });
  }

  it("still reads a real workbook (the shipped QD318 export) after the checks", async () => {
    const exported = await admin.get("/admin/criteria/1/export/xlsx");
    const bytes = new Uint8Array(await exported.arrayBuffer());
    expect(await xlsxBoundsProblem(bytes)).toBeNull();
    const res = await upload(admin, "qd318.xlsx", bytes);
    expect(res.status).toBe(422); // the code is in use already: the sheet itself was read
    expect(await res.text()).toContain("QD318-2022-XA");
  });
});
