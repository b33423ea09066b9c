import { describe, expect, it } from "vitest";
import {
  MAX_VND,
  applyCancel,
  applyDelivery,
  applyReceipt,
  effectivePledged,
  groupLedger,
  isOverdue,
  normaliseReceiptNumber,
  outstanding,
  parseCount,
  parseVnd,
  projectSponsorShare,
  publicSponsorName,
  receiptNumber,
  receivedPercent,
  sumLedger,
  type LedgerRow,
} from "../../src/domain/ledger";

describe("parseVnd", () => {
  const ok: [string, number][] = [
    ["50.000.000", 50_000_000],
    ["50,000,000", 50_000_000],
    ["50000000", 50_000_000],
    ["50 000 000", 50_000_000],
    ["50.000.000 đ", 50_000_000],
    ["50.000.000đ", 50_000_000],
    ["30.000.000 đồng", 30_000_000],
    ["1000 VND", 1000],
    ["  1.005  ", 1005],
    ["007", 7],
    ["1.000.000.000.000", MAX_VND],
  ];
  for (const [input, value] of ok) it(`"${input}" → ${value}`, () => expect(parseVnd(input)).toEqual({ ok: true, value }));

  const bad: [string, RegExp][] = [
    ["", /Vui lòng nhập/],
    ["-5", /không được âm/],
    ["−50.000", /không được âm/],
    ["1,5", /số nguyên đồng/],
    ["1.5", /số nguyên đồng/],
    ["50.000,50", /số nguyên đồng/],
    ["50.000.000,5", /số nguyên đồng/],
    ["50.000,000", /chưa đúng định dạng/],
    ["5.00.000", /chưa đúng định dạng/],
    ["năm mươi triệu", /chưa đúng định dạng/],
    ["1e9", /chưa đúng định dạng/],
    ["0", /lớn hơn 0/],
    ["0.000", /lớn hơn 0/],
    ["1.000.000.000.001", /quá lớn/],
    ["99999999999999999999", /quá lớn/],
  ];
  for (const [input, message] of bad) {
    it(`refuses "${input}"`, () => {
      const r = parseVnd(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(message);
    });
  }

  it("accepts 0 only when allowed, and names the field in messages", () => {
    expect(parseVnd("0", { allowZero: true })).toEqual({ ok: true, value: 0 });
    const r = parseVnd("-1", { label: "Đơn giá" });
    expect(!r.ok && r.message).toBe("Đơn giá không được âm.");
  });
});

describe("parseCount", () => {
  it.each([
    ["120", 120],
    ["1.200", 1200],
    ["1,200", 1200],
  ])("%s → %d", (input, value) => expect(parseCount(input, "Số ngày công", 1_000_000)).toEqual({ ok: true, value }));
  it.each([
    ["", /Vui lòng nhập/],
    ["-3", /không được âm/],
    ["2,5", /phải là số nguyên/],
    ["abc", /phải là một số nguyên/],
    ["0", /lớn hơn 0/],
    ["2000000", /quá lớn/],
  ])("refuses %s", (input, message) => {
    const r = parseCount(input, "Số ngày công", 1_000_000);
    expect(!r.ok && r.message).toMatch(message);
  });
});

const row = (over: Partial<LedgerRow>): LedgerRow => ({ kind: "money", status: "pledged", amount: 0, receivedTotal: 0, dueDate: null, labourDays: null, landM2: null, ...over });
const TODAY = "2026-03-01";

describe("ledger sums", () => {
  const rows: LedgerRow[] = [
    // 50 million pledged, 30 received (partial), due in the past → overdue for the 20 left
    row({ amount: 50_000_000, receivedTotal: 30_000_000, dueDate: "2026-02-01" }),
    // fully received in two receipts
    row({ amount: 10_000_000, receivedTotal: 10_000_000, status: "received" }),
    // over-received with confirmation
    row({ amount: 5_000_000, receivedTotal: 7_000_000, status: "received" }),
    // cancelled after 4 of 20 million arrived: counts 4 pledged and 4 received, nothing outstanding
    row({ amount: 20_000_000, receivedTotal: 4_000_000, status: "cancelled", dueDate: "2026-01-01" }),
    // cancelled with nothing received: counts nothing
    row({ amount: 100_000_000, status: "cancelled" }),
    // open, due later: outstanding but not overdue
    row({ amount: 8_000_000, dueDate: "2026-03-01" }),
    // labour days pledged and delivered; land pledged, valued
    row({ kind: "labour", labourDays: 120, status: "received" }),
    row({ kind: "land", landM2: 300, amount: 90_000_000, dueDate: "2026-02-15" }),
  ];
  const t = sumLedger(rows, TODAY);

  it("counts pledged as the pledge, or what was received when cancelled", () => {
    expect(t.pledged).toBe(50_000_000 + 10_000_000 + 5_000_000 + 4_000_000 + 0 + 8_000_000 + 0 + 90_000_000);
    expect(t.received).toBe(30_000_000 + 10_000_000 + 7_000_000 + 4_000_000);
  });
  it("outstanding is the unpaid part of open pledges only", () => expect(t.outstanding).toBe(20_000_000 + 8_000_000 + 90_000_000));
  it("overdue: open pledges past their due date (today is not overdue)", () => {
    expect(t.overdueCount).toBe(2);
    expect(t.overdueAmount).toBe(20_000_000 + 90_000_000);
  });
  it("counts cancelled separately and labour/land in their own units", () => {
    expect([t.count, t.cancelled]).toEqual([6, 2]);
    expect([t.labourDaysPledged, t.labourDaysReceived, t.landM2Pledged, t.landM2Received]).toEqual([120, 120, 300, 0]);
  });
  it("received percent is whole and safe for nothing pledged", () => {
    expect(receivedPercent(t)).toBe(Math.floor((51_000_000 * 100) / 167_000_000));
    expect(receivedPercent({ pledged: 0, received: 0 })).toBe(0);
  });
  it("groups add up to the whole", () => {
    const groups = groupLedger(rows.map((r, i) => ({ ...r, k: i % 3 === 0 ? null : i % 3 })), (r) => r.k, TODAY);
    const sum = [...groups.values()].reduce((a, g) => a + g.pledged, 0);
    expect(sum).toBe(t.pledged);
    expect(groups.has(null)).toBe(true);
  });
  it("helpers", () => {
    expect(effectivePledged(row({ amount: 9, receivedTotal: 2, status: "cancelled" }))).toBe(2);
    expect(outstanding(row({ amount: 9, receivedTotal: 12 }))).toBe(0);
    expect(isOverdue(row({ dueDate: "2026-02-28" }), TODAY)).toBe(true);
    expect(isOverdue(row({ dueDate: null }), TODAY)).toBe(false);
    expect(isOverdue(row({ dueDate: "2020-01-01", status: "received" }), TODAY)).toBe(false);
  });
});

describe("status transitions", () => {
  const pledge = row({ amount: 50_000_000 });
  it("a partial receipt keeps the pledge open; the rest completes it", () => {
    expect(applyReceipt(pledge, 30_000_000, false)).toEqual({ ok: true, receivedTotal: 30_000_000, status: "pledged" });
    expect(applyReceipt({ ...pledge, receivedTotal: 30_000_000 }, 20_000_000, false)).toEqual({ ok: true, receivedTotal: 50_000_000, status: "received" });
  });
  it("a receipt over the pledge needs an explicit confirmation", () => {
    const r = applyReceipt({ ...pledge, receivedTotal: 30_000_000 }, 25_000_000, false);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.needsConfirm).toBe(true);
      expect(r.message).toContain("20.000.000");
    }
    expect(applyReceipt({ ...pledge, receivedTotal: 30_000_000 }, 25_000_000, true)).toEqual({ ok: true, receivedTotal: 55_000_000, status: "received" });
    const full = applyReceipt({ ...pledge, status: "received", receivedTotal: 50_000_000 }, 1, false);
    expect(!full.ok && full.message).toMatch(/đã nhận đủ/);
  });
  it("no receipt on a cancelled pledge, none for labour or land, none of 0", () => {
    expect(applyReceipt({ ...pledge, status: "cancelled" }, 1, true).ok).toBe(false);
    expect(applyReceipt({ ...pledge, kind: "labour" }, 1, true).ok).toBe(false);
    expect(applyReceipt({ ...pledge, kind: "land" }, 1, true).ok).toBe(false);
    expect(applyReceipt(pledge, 0, true).ok).toBe(false);
    expect(applyReceipt({ ...pledge, kind: "in_kind" }, 1, false).ok).toBe(true);
  });
  it("cancel: open pledges only, with a reason", () => {
    expect(applyCancel(pledge, "Doanh nghiệp ngừng hoạt động")).toEqual({ ok: true, status: "cancelled" });
    expect(applyCancel(pledge, "  ab ").ok).toBe(false);
    expect(applyCancel(pledge, "x".repeat(501)).ok).toBe(false);
    expect(applyCancel({ status: "received" }, "Lý do đủ dài").ok).toBe(false);
    expect(applyCancel({ status: "cancelled" }, "Lý do đủ dài").ok).toBe(false);
  });
  it("delivery: labour and land only, once", () => {
    expect(applyDelivery(row({ kind: "labour", amount: 3_000_000 }))).toEqual({ ok: true, status: "received", receivedTotal: 3_000_000 });
    expect(applyDelivery(row({ kind: "land" })).ok).toBe(true);
    expect(applyDelivery(row({ kind: "money" })).ok).toBe(false);
    expect(applyDelivery(row({ kind: "land", status: "received" })).ok).toBe(false);
    expect(applyDelivery(row({ kind: "land", status: "cancelled" })).ok).toBe(false);
  });
});

describe("receipt numbers and public names", () => {
  it("formats and normalises numbers", () => {
    expect(receiptNumber("28879", 2026, 1)).toBe("28879-2026-0001");
    expect(receiptNumber("28879", 2026, 12345)).toBe("28879-2026-12345");
    expect(normaliseReceiptNumber(" 28879-2026-1 ")).toBe("28879-2026-0001");
    expect(normaliseReceiptNumber("28879/2026/0012")).toBe("28879-2026-0012");
    expect(normaliseReceiptNumber("28879-2026-0")).toBeNull();
    expect(normaliseReceiptNumber("abc")).toBeNull();
    expect(normaliseReceiptNumber("28879-26-1")).toBeNull();
  });
  it("shows a name only with consent, the public name first", () => {
    expect(publicSponsorName({ publicConsent: false, publicName: "Gia đình ông A", name: "Nguyễn Văn A" })).toBeNull();
    expect(publicSponsorName({ publicConsent: true, publicName: "Gia đình ông A", name: "Nguyễn Văn A" })).toBe("Gia đình ông A");
    expect(publicSponsorName({ publicConsent: true, publicName: "  ", name: "Nguyễn Văn A" })).toBe("Nguyễn Văn A");
    expect(publicSponsorName({ publicConsent: true, publicName: null, name: "Nguyễn Văn A" })).toBe("Nguyễn Văn A");
  });
});

describe("project sponsor share", () => {
  it("comes from the linked contributions, against the planned sponsor budget", () => {
    // The hamlet bridge of DOMAIN.md §5: 89 million, 70 from one family, the rest from residents.
    const budget = { budgetState: 0, budgetCommune: 0, budgetResidents: 19_000_000, budgetSponsors: 70_000_000, budgetOther: 0 };
    const share = projectSponsorShare(budget, [row({ amount: 70_000_000, receivedTotal: 40_000_000 }), row({ amount: 5_000_000, status: "cancelled" })], TODAY);
    expect(share).toMatchObject({ planned: 70_000_000, pledged: 70_000_000, received: 40_000_000, pledgedPercentOfBudget: 78, gap: 0 });
    expect(projectSponsorShare({ ...budget, budgetResidents: 0, budgetSponsors: 0 }, [], TODAY)).toMatchObject({ pledged: 0, pledgedPercentOfBudget: 0, gap: 0 });
  });
});
