import { describe, expect, it } from "vitest";
import { contributionSchema, fundAccountSchema, projectSchema, receiptSchema, sponsorSchema } from "../../src/domain/ledger-forms";
import { fieldErrors } from "../../src/domain/form-fields";

const TODAY = "2026-03-10";
const base = {
  sponsorId: "",
  kind: "money",
  amount: "",
  quantity: "",
  unitValue: "",
  labourDays: "",
  landM2: "",
  description: "",
  valuationBasis: "",
  valuationApprovedBy: "",
  hamletId: "",
  projectId: "",
  criterionId: "",
  mobilisedBy: "",
  pledgedAt: "10/03/2026",
  dueDate: "",
  evidenceNote: "",
  evidenceLink: "",
};
const parse = (over: Record<string, string>) => contributionSchema(TODAY).safeParse({ ...base, ...over });
const errors = (over: Record<string, string>) => {
  const r = parse(over);
  return r.success ? {} : fieldErrors(r.error);
};

describe("contribution form", () => {
  it("money: the amount in any accepted spelling, dates to ISO, ids to numbers", () => {
    const r = parse({ amount: "50,000,000", dueDate: "30/06/2026", criterionId: "12", sponsorId: "3" });
    expect(r.success && r.data).toMatchObject({ kind: "money", amount: 50_000_000, pledgedAt: "2026-03-10", dueDate: "2026-06-30", criterionId: 12, sponsorId: 3, projectId: null });
  });
  it.each([
    [{ amount: "-50.000" }, "amount", "Số tiền cam kết không được âm."],
    [{ amount: "1.5" }, "amount", /số nguyên đồng/],
    [{ amount: "9.000.000.000.000" }, "amount", /quá lớn/],
    [{ amount: "" }, "amount", /Vui lòng nhập/],
    [{ amount: "1", kind: "tien" }, "kind", "Chọn hình thức đóng góp."],
    [{ amount: "1", pledgedAt: "11/03/2026" }, "pledgedAt", /không được sau hôm nay/],
    [{ amount: "1", pledgedAt: "31/02/2026" }, "pledgedAt", /chưa đúng/],
    [{ amount: "1", dueDate: "01/03/2026" }, "dueDate", /từ ngày cam kết/],
    [{ amount: "1", evidenceLink: "javascript:alert(1)" }, "evidenceLink", /http/],
    [{ amount: "1", criterionId: "abc" }, "criterionId", /danh sách/],
    [{ amount: "1", description: "a\u0000b" }, "description", /không hợp lệ/],
  ])("refuses %o", (over, field, message) => {
    expect(errors(over as Record<string, string>)[field]).toMatch(message);
  });
  it("in kind: description, quantity × unit value, valuation basis and approver", () => {
    const r = parse({ kind: "in_kind", description: "Xi măng PCB40", quantity: "200", unitValue: "95.000", valuationBasis: "Giá thị trường", valuationApprovedBy: "Chủ tịch UBND xã" });
    expect(r.success && r.data).toMatchObject({ amount: 19_000_000, quantity: 200, unitValue: 95_000 });
    const e = errors({ kind: "in_kind", quantity: "2,5" });
    expect(Object.keys(e).sort()).toEqual(["description", "quantity", "unitValue", "valuationApprovedBy", "valuationBasis"].sort());
    expect(errors({ kind: "in_kind", description: "x", quantity: "10.000.000", unitValue: "1.000.000", valuationBasis: "x", valuationApprovedBy: "x" }).unitValue).toMatch(/quá lớn/);
  });
  it("labour and land: counts required, valuation optional (0 allowed)", () => {
    expect(parse({ kind: "labour", labourDays: "120" }).data).toMatchObject({ labourDays: 120, amount: 0, landM2: null });
    expect(parse({ kind: "land", landM2: "1.500", amount: "0" }).data).toMatchObject({ landM2: 1500, amount: 0 });
    expect(errors({ kind: "labour", labourDays: "" }).labourDays).toMatch(/Vui lòng nhập/);
    expect(errors({ kind: "land", landM2: "-3" }).landM2).toMatch(/không được âm/);
    expect(errors({ kind: "land", landM2: "10", amount: "-1" }).amount).toMatch(/không được âm/);
  });
});

describe("sponsor, receipt, project and fund account forms", () => {
  const sponsor = { sponsorKind: "business", sponsorName: "Công ty TNHH Mekong", contactPhone: "", contactEmail: "", contactAddress: "", contactNote: "", publicConsent: "", publicName: "" };
  it("sponsor: consent is off unless ticked; contact fields checked", () => {
    expect(sponsorSchema.parse(sponsor)).toMatchObject({ kind: "business", publicConsent: false, contactPhone: null });
    expect(sponsorSchema.parse({ ...sponsor, publicConsent: "on", contactPhone: "0909 123 456" })).toMatchObject({ publicConsent: true, contactPhone: "0909 123 456" });
    const bad = sponsorSchema.safeParse({ ...sponsor, sponsorName: " ", contactPhone: "12", contactEmail: "a@", sponsorKind: "x" });
    expect(bad.success ? {} : Object.keys(fieldErrors(bad.error)).sort()).toEqual(["contactEmail", "contactPhone", "sponsorKind", "sponsorName"]);
  });
  it("receipt: amount, date not in the future, confirmation flag", () => {
    expect(receiptSchema(TODAY).parse({ amount: "30.000.000", receivedAt: "10/03/2026", payerName: "", note: "", confirmOver: "on" })).toEqual({
      amount: 30_000_000,
      receivedAt: "2026-03-10",
      payerName: null,
      note: null,
      confirmOver: true,
    });
    const bad = receiptSchema(TODAY).safeParse({ amount: "0", receivedAt: "11/03/2026", payerName: "", note: "", confirmOver: "" });
    expect(bad.success ? {} : fieldErrors(bad.error)).toMatchObject({ amount: /lớn hơn 0/, receivedAt: /sau hôm nay/ });
  });
  it("project: budgets may be empty or 0, progress 0–100, done means 100", () => {
    const p = { name: "Cầu ấp Vĩnh Thạnh", hamletId: "", criterionId: "", status: "in_progress", progress: "40%", budgetState: "", budgetCommune: "0", budgetResidents: "19.000.000", budgetSponsors: "70,000,000", budgetOther: "", startDate: "", endDate: "" };
    expect(projectSchema.parse(p)).toMatchObject({ progress: 40, budgetState: 0, budgetResidents: 19_000_000, budgetSponsors: 70_000_000 });
    const bad = projectSchema.safeParse({ ...p, progress: "101", budgetOther: "-1", startDate: "31/02/2026" });
    expect(bad.success ? {} : Object.keys(fieldErrors(bad.error)).sort()).toEqual(["budgetOther", "progress", "startDate"]);
    const reversed = projectSchema.safeParse({ ...p, startDate: "02/03/2026", endDate: "01/03/2026" });
    expect(reversed.success ? {} : fieldErrors(reversed.error).endDate).toMatch(/từ ngày khởi công/);
    const notDone = projectSchema.safeParse({ ...p, status: "done", progress: "90" });
    expect(notDone.success ? {} : fieldErrors(notDone.error).progress).toMatch(/100%/);
  });
  it("fund account: a listed bank, account number without spaces", () => {
    expect(fundAccountSchema.parse({ bankBin: "970405", accountNumber: "7100 2051 23456", accountName: "UBND XA VINH BINH" })).toEqual({ bankBin: "970405", accountNumber: "7100205123456", accountName: "UBND XA VINH BINH" });
    const bad = fundAccountSchema.safeParse({ bankBin: "123", accountNumber: "12", accountName: "" });
    expect(bad.success ? {} : Object.keys(fieldErrors(bad.error)).sort()).toEqual(["accountName", "accountNumber", "bankBin"]);
  });
});
