import { describe, expect, it } from "vitest";
import { DEFAULT_HOLIDAYS, addDays, addWorkingDays, dayOfWeek, dueDateFor, isOverdue, isWorkingDay, monthBounds, previousMonth, slaUsedPercent, vnMidnightUtc, workingDaysBetween } from "../../src/domain/working-days";
import { vnDateOf } from "../../src/domain/clock";

const H = new Set(DEFAULT_HOLIDAYS.map((h) => h.date));

describe("isWorkingDay", () => {
  it.each([
    ["2026-03-02", true, "Monday"],
    ["2026-03-06", true, "Friday"],
    ["2026-03-07", false, "Saturday"],
    ["2026-03-08", false, "Sunday"],
    ["2026-02-17", false, "mùng 1 Tết Bính Ngọ (Tuesday)"],
    ["2026-04-27", false, "nghỉ bù Giỗ Tổ 2026 (Monday)"],
    ["2026-04-26", false, "Giỗ Tổ 2026 itself is a Sunday"],
    ["2026-09-02", false, "Quốc khánh"],
    ["2027-01-01", false, "Tết Dương lịch 2027 (Friday)"],
    ["2026-02-23", true, "first working day after Tết 2026"],
  ])("%s → %s (%s)", (date, expected) => {
    expect(isWorkingDay(date, H)).toBe(expected);
  });

  it("without holidays only weekends are off", () => {
    expect(isWorkingDay("2026-02-17", new Set())).toBe(true);
  });
});

describe("addWorkingDays / dueDateFor (the day received does not count)", () => {
  it.each([
    ["2026-03-02", 10, "2026-03-16", "ordinary fortnight, two weekends"],
    ["2026-03-02", 0, "2026-03-02", "zero days is the same day"],
    ["2026-03-06", 1, "2026-03-09", "Friday → Monday"],
    ["2026-03-07", 1, "2026-03-09", "received on Saturday"],
    ["2026-03-08", 5, "2026-03-13", "received on Sunday"],
    ["2026-02-13", 1, "2026-02-23", "Friday before Tết 2026 skips 16–20/02"],
    ["2026-02-13", 10, "2026-03-06", "10 days across Tết 2026"],
    ["2026-02-12", 10, "2026-03-05", "Thursday before Tết 2026"],
    ["2025-01-24", 1, "2025-02-03", "Tết 2025: 27–31/01 off"],
    ["2027-02-04", 1, "2027-02-12", "Tết 2027: 05/02 and 08–11/02 off"],
    ["2027-02-04", 10, "2027-02-25", "10 days across Tết 2027"],
    ["2025-12-29", 3, "2026-01-02", "year end: 31/12 then 1/1 off"],
    ["2025-12-31", 1, "2026-01-02", "New Year's Eve → 2 January"],
    ["2026-12-30", 2, "2027-01-04", "year end 2026: 1/1/2027 is a Friday"],
    ["2026-12-24", 10, "2027-01-08", "10 days over Christmas and New Year (Christmas is a working day)"],
    ["2026-04-24", 1, "2026-04-28", "nghỉ bù Giỗ Tổ Monday 27/04/2026"],
    ["2026-04-29", 1, "2026-05-04", "30/4 and 1/5 2026 (Thursday, Friday)"],
    ["2027-04-29", 1, "2027-05-04", "30/4/2027 Friday, 1/5 Saturday → nghỉ bù Monday 3/5"],
    ["2025-08-29", 1, "2025-09-03", "Quốc khánh 2025: 1–2/9"],
    ["2026-01-30", 1, "2026-02-02", "month end"],
    ["2028-02-28", 1, "2028-02-29", "leap day (no holidays loaded for 2028)"],
  ])("%s + %i → %s (%s)", (start, n, expected) => {
    expect(addWorkingDays(start, n, H)).toBe(expected);
    expect(dueDateFor(start, n, H)).toBe(expected);
  });

  it("refuses negative or fractional counts", () => {
    expect(() => addWorkingDays("2026-03-02", -1, H)).toThrow(RangeError);
    expect(() => addWorkingDays("2026-03-02", 1.5, H)).toThrow(RangeError);
    expect(() => addWorkingDays("02/03/2026", 1, H)).toThrow(RangeError);
  });
});

describe("workingDaysBetween (from excluded, to included)", () => {
  it.each([
    ["2026-03-02", "2026-03-16", 10],
    ["2026-03-02", "2026-03-02", 0],
    ["2026-03-16", "2026-03-02", 0],
    ["2026-03-06", "2026-03-08", 0],
    ["2026-02-13", "2026-02-22", 0],
    ["2026-02-13", "2026-02-23", 1],
    ["2025-12-31", "2026-01-02", 1],
    ["2025-01-01", "2025-12-31", 250],
  ])("%s → %s = %i", (from, to, expected) => {
    expect(workingDaysBetween(from, to, H)).toBe(expected);
  });

  it("inverts addWorkingDays", () => {
    for (const start of ["2026-02-10", "2026-12-28", "2027-02-01", "2025-04-28"]) {
      for (const n of [1, 3, 10, 20]) expect(workingDaysBetween(start, addWorkingDays(start, n, H), H)).toBe(n);
    }
  });
});

describe("slaUsedPercent", () => {
  // Received Monday 02/03/2026, 10 working days, due Monday 16/03/2026.
  it.each([
    ["2026-03-02", 0],
    ["2026-03-06", 40],
    ["2026-03-11", 70],
    ["2026-03-12", 80],
    ["2026-03-14", 90],
    ["2026-03-15", 90],
    ["2026-03-16", 100],
    ["2026-03-17", 110],
    ["2026-03-30", 200],
  ])("on %s → %i %%", (today, expected) => {
    expect(slaUsedPercent("2026-03-02", "2026-03-16", today, H)).toBe(expected);
  });

  it("Tết does not eat the department's time", () => {
    // Received Thursday 12/02/2026, due 05/03/2026: by the end of Tết only one working day is used.
    expect(slaUsedPercent("2026-02-12", "2026-03-05", "2026-02-22", H)).toBe(10);
    expect(slaUsedPercent("2026-02-12", "2026-03-05", "2026-03-02", H)).toBe(70);
  });

  it("rounds down and handles a deadline on the day of receipt", () => {
    expect(slaUsedPercent("2026-03-02", "2026-03-05", "2026-03-04", H)).toBe(66);
    expect(slaUsedPercent("2026-03-02", "2026-03-02", "2026-03-01", H)).toBe(0);
    expect(slaUsedPercent("2026-03-02", "2026-03-02", "2026-03-02", H)).toBe(100);
  });
});

describe("isOverdue", () => {
  it.each([
    ["2026-03-16", "2026-03-16", null, false],
    ["2026-03-16", "2026-03-17", null, true],
    ["2026-03-16", "2026-03-30", "2026-03-16", false],
    ["2026-03-16", "2026-03-17", "2026-03-17", true],
    ["2026-03-16", "2026-03-10", "2026-03-09", false],
  ])("due %s, today %s, answered %s → %s", (due, today, answered, expected) => {
    expect(isOverdue(due, today, answered)).toBe(expected);
  });
});

describe("Vietnam dates and months", () => {
  it.each([
    ["2026-03-31T16:59:59.999Z", "2026-03-31"],
    ["2026-03-31T17:00:00.000Z", "2026-04-01"],
    ["2026-12-31T17:05:00.000Z", "2027-01-01"],
  ])("vnDateOf(%s) = %s", (ts, date) => expect(vnDateOf(ts)).toBe(date));

  it("vnMidnightUtc is 17:00 UTC the day before", () => {
    expect(vnMidnightUtc("2026-04-01")).toBe("2026-03-31T17:00:00.000Z");
    expect(vnDateOf(vnMidnightUtc("2027-01-01"))).toBe("2027-01-01");
  });

  it.each([
    ["2026-02", "2026-02-01", "2026-02-28", "2026-03-01"],
    ["2028-02", "2028-02-01", "2028-02-29", "2028-03-01"],
    ["2026-12", "2026-12-01", "2026-12-31", "2027-01-01"],
    ["2027-01", "2027-01-01", "2027-01-31", "2027-02-01"],
  ])("monthBounds(%s)", (month, first, last, next) => expect(monthBounds(month)).toEqual({ first, last, next }));

  it("refuses a bad month and a bad timestamp", () => {
    expect(() => monthBounds("2026-13")).toThrow(RangeError);
    expect(() => monthBounds("2026-3")).toThrow(RangeError);
    expect(() => vnDateOf("hôm qua")).toThrow(RangeError);
  });

  it.each([
    ["2027-01-01", "2026-12"],
    ["2026-03-15", "2026-02"],
    ["2026-03-01", "2026-02"],
  ])("previousMonth(%s) = %s", (date, month) => expect(previousMonth(date)).toBe(month));

  it("addDays and dayOfWeek", () => {
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(dayOfWeek("2026-11-27")).toBe(5);
  });
});

describe("the default holiday list", () => {
  it("has unique, sorted dates that all fall on working weekdays (weekend holidays are listed as nghỉ bù)", () => {
    const dates = DEFAULT_HOLIDAYS.map((h) => h.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort()).toEqual(dates);
    for (const d of dates) expect([1, 2, 3, 4, 5], d).toContain(dayOfWeek(d));
  });

  it("covers each year 2025–2027 with Tết, Giỗ Tổ, 30/4, 1/5, 2/9 and 1/1", () => {
    for (const year of ["2025", "2026", "2027"]) {
      const names = DEFAULT_HOLIDAYS.filter((h) => h.date.startsWith(year)).map((h) => h.name).join(" | ");
      for (const part of ["Tết Dương lịch", "Tết Nguyên đán", "Giỗ Tổ", "Giải phóng", "Lao động", "Quốc khánh"]) expect(names, `${year} ${part}`).toContain(part);
    }
  });
});

describe("workingDaysBetween by arithmetic", () => {
  /** The former day-by-day count, kept as the oracle. */
  function oracle(from: string, to: string, holidays: ReadonlySet<string>): number {
    if (to <= from) return 0;
    let count = 0;
    for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isWorkingDay(day, holidays)) count++;
    return count;
  }

  it("equals the day-by-day count on 10,000 random ranges (with and without holidays, weekend holidays included)", () => {
    let seed = 20;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const day = (base: string, span: number) => addDays(base, Math.floor(random() * span) - Math.floor(span / 2));
    const withProvince = new Set([...H, "2026-03-07", "2026-06-15", "2025-11-20"]);
    for (let i = 0; i < 10_000; i++) {
      const from = day("2026-01-01", 2_000);
      const to = random() < 0.1 ? from : day(from, random() < 0.5 ? 60 : 500);
      const holidays = i % 3 === 0 ? new Set<string>() : i % 3 === 1 ? H : withProvince;
      expect(workingDaysBetween(from, to, holidays), `${from} → ${to}`).toBe(oracle(from, to, holidays));
    }
  });

  it("handles dates far from 1970 in both directions", () => {
    for (const [from, to] of [["1950-03-01", "1951-02-28"], ["1969-12-20", "1970-01-10"], ["2099-12-01", "2100-03-01"]]) {
      expect(workingDaysBetween(from, to, H)).toBe(oracle(from, to, H));
    }
  });
});
