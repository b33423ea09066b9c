// Pure parts of issue 19: the national table (figures, ages, unreachable flags, regions) and the upward report tables.
import { describe, expect, it } from "vitest";
import { ageLabel, choosePeriod, nationalRow, regionName, regionTotals, type ProvinceSummary } from "../../src/domain/national";
import { UPWARD_TABLES, inPeriod, upwardTable } from "../../src/domain/upward-report";
import { tableToCsv } from "../../src/domain/progress-export";

const summary = (code: string, communes: number, levels: Record<string, number>, criteriaMetSum: number): ProvinceSummary => ({
  province: { code, name: `Tỉnh ${code}`, tiers: 2, region: "DBSCL" },
  generatedAt: "2026-12-01T00:00:00.000Z",
  units: { districts: 0, communes },
  periods: [
    { period: "2021-2025", sets: [{ code: "OLD", name: "Cũ", communes: 5, criteriaMetSum: 50, levels: { NTM: 5 } }] },
    { period: "2026-2030", sets: [{ code: "QD51", name: "Bộ 2026", communes, criteriaMetSum, levels }] },
  ],
  recognitions: [
    { level: "NTM", year: 2026, status: "recognised", communes: 3 },
    { level: "NTM", year: 2026, status: "revoked", communes: 1 },
  ],
});

describe("national table", () => {
  const now = new Date("2026-12-01T10:00:00.000Z");
  it("takes the current period's largest set: communes at a level, criteria met, recognitions", () => {
    const row = nationalRow({ code: "86", name: "Vĩnh Long", region: "DBSCL", baseUrl: "http://x" }, { summary: summary("86", 124, { "": 60, NTM: 50, NTM_HD: 14 }, 1500), fetchedAt: "2026-12-01T09:30:00.000Z", lastAttemptAt: "2026-12-01T09:30:00.000Z", lastError: null }, now);
    expect(row.figures).toEqual({ communes: 124, period: "2026-2030", setName: "Bộ 2026", reached: 64, criteriaMetSum: 1500, setCommunes: 124, recognised: 3 });
    expect(row.ageMinutes).toBe(30);
    expect(row.unreachable).toBe(false);
  });

  it("keeps the last figures of a province whose last pull failed, flagged; none before the first pull", () => {
    const stale = nationalRow({ code: "11", name: "Điện Biên", region: null, baseUrl: "http://y" }, { summary: summary("11", 45, { NTM: 10 }, 300), fetchedAt: "2026-11-30T10:00:00.000Z", lastAttemptAt: "2026-12-01T10:00:00.000Z", lastError: "Không kết nối được" }, now);
    expect(stale.unreachable).toBe(true);
    expect(stale.figures?.criteriaMetSum).toBe(300);
    expect(ageLabel(stale.ageMinutes)).toBe("24 giờ trước");
    const never = nationalRow({ code: "12", name: "Lai Châu", region: null, baseUrl: "http://z" }, undefined, now);
    expect(never.figures).toBeNull();
    expect(never.unreachable).toBe(true);
    expect(ageLabel(null)).toBe("chưa có số liệu");
    const totals = regionTotals([stale, never]);
    expect(totals).toEqual([{ region: "DBSCL", provinces: 1, communes: 45, reached: 10, setCommunes: 45, recognised: 3, unreachable: 1 }, { region: "", provinces: 1, communes: 0, reached: 0, setCommunes: 0, recognised: 0, unreachable: 1 }].sort((a, b) => a.region.localeCompare(b.region)));
    expect(regionName("")).toBe("Chưa xếp vùng");
    expect(regionName("TN")).toBe("Tây Nguyên");
  });

  it("ages and periods", () => {
    expect(ageLabel(0)).toBe("vừa xong");
    expect(ageLabel(59)).toBe("59 phút trước");
    expect(ageLabel(3 * 1440)).toBe("3 ngày trước");
    expect(choosePeriod(["2021-2025"], 2026)).toBe("2021-2025");
    expect(choosePeriod(["2021-2025", "2026-2030"], 2026)).toBe("2026-2030");
    expect(choosePeriod([], 2026)).toBeNull();
  });
});

describe("upward report tables", () => {
  it("have stable, unique column keys as their header row, and neutralise formulas", () => {
    for (const spec of UPWARD_TABLES) {
      const keys = spec.columns.map((c) => c.key);
      expect(new Set(keys).size).toBe(keys.length);
      for (const k of keys) expect(k).toMatch(/^[a-z_]+$/);
    }
    const csv = tableToCsv(upwardTable("muc-dat-theo-xa", [{ ma_tinh: "86", ma_xa: "28879", ten_xa: "=1+1", bo_tieu_chi: "QD51", muc_dat: "", so_tieu_chi_dat: 12, cap_nhat: "" }]));
    expect(csv.split("\r\n")[0]).toBe("\uFEFFma_tinh,ma_xa,ten_xa,bo_tieu_chi,muc_dat,so_tieu_chi_dat,cap_nhat");
    expect(csv).toContain("'=1+1");
  });

  it("count a recognition in a period when decided or revoked in it", () => {
    expect(inPeriod({ decisionDate: "2026-03-01", revocationDate: null }, "2026-01-01", "2026-12-31")).toBe(true);
    expect(inPeriod({ decisionDate: "2024-03-01", revocationDate: "2026-05-01" }, "2026-01-01", "2026-12-31")).toBe(true);
    expect(inPeriod({ decisionDate: "2024-03-01", revocationDate: null }, "2026-01-01", "2026-12-31")).toBe(false);
  });
});
