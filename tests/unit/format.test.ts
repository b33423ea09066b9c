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
