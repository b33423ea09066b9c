import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatNumber, formatVnd, parseDate } from "../../src/domain/format";

describe("formats", () => {
  it("shows dates as dd/mm/yyyy in Vietnam time", () => {
    expect(formatDate("2026-02-03")).toBe("03/02/2026");
    // 17:30 UTC on 31/12 is already 1/1 in Vietnam (UTC+7)
    expect(formatDate("2025-12-31T17:30:00Z")).toBe("01/01/2026");
    expect(formatDateTime("2025-12-31T17:30:00Z")).toBe("01/01/2026 00:30");
  });
  it("formats numbers and VND with vi-VN separators", () => {
    expect(formatVnd(1005000)).toBe("1.005.000 đ");
    expect(formatNumber(17.57, 2)).toBe("17,57");
  });
  it("parses dd/mm/yyyy and rejects impossible dates", () => {
    expect(parseDate("29/02/2024")).toBe("2024-02-29");
    expect(parseDate("29/02/2025")).toBeNull();
    expect(parseDate("2026-11-27")).toBe("2026-11-27");
    expect(parseDate("31/04/2026")).toBeNull();
    expect(parseDate("hôm nay")).toBeNull();
  });
});

// The Intl-free fast paths (integers, Vietnam dates from 1976) against Intl itself, the oracle.
describe("formats without Intl equal Intl", () => {
  const intlNumber = new Intl.NumberFormat("vi-VN");
  const intlDate = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit", year: "numeric" });
  const intlTime = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", hour12: false });
  let seed = 20;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  it("integers: formatNumber and formatVnd", () => {
    const edge = [0, 1, -1, 9, 10, 99, 100, 999, 1000, -1000, 9999, 10000, 123456, 1234567, -7654321, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
    const randoms = Array.from({ length: 5000 }, () => Math.round((random() - 0.3) * 10 ** Math.floor(random() * 16)));
    for (const n of [...edge, ...randoms]) {
      expect(formatNumber(n)).toBe(intlNumber.format(n));
      expect(formatNumber(n, 0)).toBe(new Intl.NumberFormat("vi-VN", { minimumFractionDigits: 0, maximumFractionDigits: 0 }).format(n));
      expect(formatVnd(n)).toBe(`${intlNumber.format(n)} đ`);
    }
    expect(formatNumber(-0)).toBe(intlNumber.format(-0));
    expect(formatNumber(2 ** 60)).toBe(intlNumber.format(2 ** 60));
    expect(formatNumber(1234.5678)).toBe(intlNumber.format(1234.5678));
  });
  it("decimals: formatNumber with 1–3 fraction digits, halves and carries included", () => {
    const edge = [0, -0, 0.05, 0.15, 0.25, 0.35, 1.005, 1.045, 2.675, -2.675, 9.95, 9.995, 99.95, 999.95, -999.95, 1e-7, 123456789.125, 0.1 + 0.2, 53.25, -0.04, 1e15 + 0.5, 2 ** 53, 1e21, 17.57];
    const randoms = Array.from({ length: 20000 }, (_, i) => {
      const scale = 10 ** Math.floor(random() * 9);
      const v = (random() - 0.3) * scale;
      // Every fourth a value with a 5 right after the digits kept, the ties rounding has to get right.
      return i % 4 === 0 ? Number((Math.round(v * 1000) / 1000).toFixed(3).replace(/\d$/, "5")) : v;
    });
    for (const digits of [1, 2, 3]) {
      const intl = new Intl.NumberFormat("vi-VN", { minimumFractionDigits: digits, maximumFractionDigits: digits });
      for (const n of [...edge, ...randoms]) expect([n, digits, formatNumber(n, digits)]).toEqual([n, digits, intl.format(n)]);
    }
  });
  it("timestamps: formatDate and formatDateTime", () => {
    const from = Date.UTC(1970, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    const edge = [Date.UTC(1975, 11, 31, 16, 59), Date.UTC(1975, 11, 31, 17, 0), Date.UTC(2025, 11, 31, 16, 59, 59, 999), Date.UTC(2025, 11, 31, 17)];
    for (const ms of [...edge, ...Array.from({ length: 5000 }, () => from + Math.floor(random() * (to - from)))]) {
      const iso = new Date(ms).toISOString();
      expect(formatDate(iso)).toBe(intlDate.format(new Date(ms)));
      expect(formatDateTime(iso)).toBe(`${intlDate.format(new Date(ms))} ${intlTime.format(new Date(ms))}`);
    }
  });
});
