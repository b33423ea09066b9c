import type { Failure, Outcome } from "./outcome";
// Sponsor contributions ledger: amounts, sums, overdue pledges, status transitions, receipt numbers.
// Pure: no I/O, no clock (pass `today` as an ISO date), no randomness. Money is integer VND.

export const SPONSOR_KINDS = ["business", "individual", "association", "overseas", "other"] as const;
export type SponsorKind = (typeof SPONSOR_KINDS)[number];
export const SPONSOR_KIND_LABELS: Record<SponsorKind, string> = {
  business: "Doanh nghiệp",
  individual: "Cá nhân",
  association: "Hội, đoàn thể, tổ chức",
  overseas: "Kiều bào (người Việt Nam ở nước ngoài)",
  other: "Khác",
};

export const CONTRIBUTION_KINDS = ["money", "in_kind", "labour", "land"] as const;
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];
export const CONTRIBUTION_KIND_LABELS: Record<ContributionKind, string> = {
  money: "Tiền",
  in_kind: "Hiện vật",
  labour: "Ngày công",
  land: "Hiến đất",
};

export const CONTRIBUTION_STATUSES = ["pledged", "received", "cancelled"] as const;
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number];
export const CONTRIBUTION_STATUS_LABELS: Record<ContributionStatus, string> = {
  pledged: "Đã cam kết",
  received: "Đã nhận đủ",
  cancelled: "Đã hủy",
};

export const PROJECT_STATUSES = ["planned", "in_progress", "done", "suspended"] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  planned: "Chuẩn bị đầu tư",
  in_progress: "Đang thi công",
  done: "Hoàn thành",
  suspended: "Tạm dừng",
};

/** How the ledger report groups its lines. */
export const REPORT_GROUPINGS = ["commune", "district", "province", "criterion", "project", "cadre"] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];
export const REPORT_GROUPING_LABELS: Record<ReportGrouping, string> = {
  commune: "Theo xã",
  district: "Theo huyện",
  province: "Toàn tỉnh",
  criterion: "Theo tiêu chí",
  project: "Theo công trình",
  cadre: "Theo cán bộ vận động",
};

/** 1.000 tỷ đồng: no single pledge, receipt or budget line of a commune is larger; beyond it is a typing slip. */
export const MAX_VND = 1_000_000_000_000;

export type Parsed<T> = Outcome<{ value: T }, Failure<"invalid", { message: string }>>;

/**
 * Integer VND as people type it: "50.000.000", "50,000,000", "50 000 000", "50000000", with an optional
 * "đ", "đồng" or "VND". Groups after a separator must have three digits and one separator kind is used,
 * so "1,5" or "1.5" (fractions) are refused rather than read as 15.
 */
export function parseVnd(input: string, opts: { allowZero?: boolean; label?: string } = {}): Parsed<number> {
  const label = opts.label ?? "Số tiền";
  const text = input
    .normalize("NFC")
    .trim()
    .replace(/\s*(đồng|đ|vnđ|vnd)\.?$/iu, "")
    .trim();
  if (text === "") return { ok: false, kind: "invalid", message: `Vui lòng nhập ${label.toLowerCase()}.` };
  if (/^[-−–]/.test(text)) return { ok: false, kind: "invalid", message: `${label} không được âm.` };
  let digits: string;
  if (/^\d+$/.test(text)) digits = text;
  else if (/^\d{1,3}(\.\d{3})+$/.test(text) || /^\d{1,3}(,\d{3})+$/.test(text) || /^\d{1,3}( \d{3})+$/.test(text)) digits = text.replace(/[., ]/g, "");
  else if (/^\d+[.,]\d+$/.test(text) || /^\d{1,3}([.,]\d{3})*[.,]\d{1,2}$/.test(text)) {
    return { ok: false, kind: "invalid", message: `${label} phải là số nguyên đồng, không có phần lẻ (ví dụ 50.000.000).` };
  } else return { ok: false, kind: "invalid", message: `${label} chưa đúng định dạng. Nhập số đồng, ví dụ 50.000.000.` };
  const value = Number(digits.replace(/^0+(?=\d)/, ""));
  if (digits.length > 16 || value > MAX_VND) return { ok: false, kind: "invalid", message: `${label} quá lớn (tối đa 1.000 tỷ đồng). Vui lòng kiểm tra lại số chữ số 0.` };
  if (value === 0 && !opts.allowZero) return { ok: false, kind: "invalid", message: `${label} phải lớn hơn 0.` };
  return { ok: true, value };
}

/** A positive whole count (labour days, m², quantity) typed with optional thousands separators. */
export function parseCount(input: string, label: string, max: number): Parsed<number> {
  const text = input.trim();
  if (text === "") return { ok: false, kind: "invalid", message: `Vui lòng nhập ${label.toLowerCase()}.` };
  if (/^[-−–]/.test(text)) return { ok: false, kind: "invalid", message: `${label} không được âm.` };
  const digits = /^\d+$/.test(text) ? text : /^\d{1,3}(\.\d{3})+$/.test(text) || /^\d{1,3}(,\d{3})+$/.test(text) ? text.replace(/[.,]/g, "") : null;
  if (digits === null) return { ok: false, kind: "invalid", message: /^\d+[.,]\d+$/.test(text) ? `${label} phải là số nguyên.` : `${label} phải là một số nguyên, ví dụ 120.` };
  const value = Number(digits);
  if (digits.length > 12 || value > max) return { ok: false, kind: "invalid", message: `${label} quá lớn (tối đa ${max.toLocaleString("vi-VN")}).` };
  if (value === 0) return { ok: false, kind: "invalid", message: `${label} phải lớn hơn 0.` };
  return { ok: true, value };
}

/** What the ledger needs of one contribution. */
export type LedgerRow = {
  kind: ContributionKind;
  status: ContributionStatus;
  /** Pledged value in VND (money, valued in-kind goods; optional valuation of labour and land). */
  amount: number;
  receivedTotal: number;
  dueDate: string | null;
  labourDays: number | null;
  landM2: number | null;
};

/**
 * The value a contribution still counts for: its pledge, except a cancelled one counts only what had
 * already been received before the cancellation (the rest of the pledge is void).
 */
export const effectivePledged = (r: Pick<LedgerRow, "status" | "amount" | "receivedTotal">) => (r.status === "cancelled" ? r.receivedTotal : r.amount);

/** Still expected: the unpaid part of an open pledge (0 once received in full or cancelled). */
export const outstanding = (r: Pick<LedgerRow, "status" | "amount" | "receivedTotal">) => (r.status === "pledged" ? Math.max(0, r.amount - r.receivedTotal) : 0);

/** An open pledge whose due date is before today (ISO dates compare as strings). */
export const isOverdue = (r: Pick<LedgerRow, "status" | "dueDate">, today: string) => r.status === "pledged" && r.dueDate !== null && r.dueDate < today;

export type LedgerTotals = {
  /** Contributions that are not cancelled. */
  count: number;
  cancelled: number;
  pledged: number;
  received: number;
  outstanding: number;
  overdueCount: number;
  overdueAmount: number;
  labourDaysPledged: number;
  labourDaysReceived: number;
  landM2Pledged: number;
  landM2Received: number;
};

export const emptyTotals = (): LedgerTotals => ({
  count: 0,
  cancelled: 0,
  pledged: 0,
  received: 0,
  outstanding: 0,
  overdueCount: 0,
  overdueAmount: 0,
  labourDaysPledged: 0,
  labourDaysReceived: 0,
  landM2Pledged: 0,
  landM2Received: 0,
});

/** Adds one contribution into running totals (mutates and returns `t`). */
export function addToTotals(t: LedgerTotals, r: LedgerRow, today: string): LedgerTotals {
  if (r.status === "cancelled") t.cancelled++;
  else t.count++;
  t.pledged += effectivePledged(r);
  t.received += r.receivedTotal;
  t.outstanding += outstanding(r);
  if (isOverdue(r, today)) {
    t.overdueCount++;
    t.overdueAmount += outstanding(r);
  }
  if (r.status !== "cancelled") {
    t.labourDaysPledged += r.labourDays ?? 0;
    t.landM2Pledged += r.landM2 ?? 0;
  }
  if (r.status === "received") {
    t.labourDaysReceived += r.labourDays ?? 0;
    t.landM2Received += r.landM2 ?? 0;
  }
  return t;
}

export function sumLedger(rows: LedgerRow[], today: string): LedgerTotals {
  return rows.reduce((t, r) => addToTotals(t, r, today), emptyTotals());
}

/** Totals per key (commune, district, criterion, project, cadre…); rows whose key is null go under null. */
export function groupLedger<R extends LedgerRow, K>(rows: R[], keyOf: (r: R) => K, today: string): Map<K, LedgerTotals> {
  const out = new Map<K, LedgerTotals>();
  for (const r of rows) {
    const k = keyOf(r);
    out.set(k, addToTotals(out.get(k) ?? emptyTotals(), r, today));
  }
  return out;
}

/** Anything pledged, received, or labour/land promised: a sponsor with none of it is not listed publicly (issue 14). */
export const hasContributed = (t: LedgerTotals) => t.pledged > 0 || t.received > 0 || t.labourDaysPledged > 0 || t.landM2Pledged > 0;

/** Received as a whole percentage of pledged (0 when nothing is pledged). */
export const receivedPercent = (t: Pick<LedgerTotals, "pledged" | "received">) => (t.pledged > 0 ? Math.floor((t.received * 100) / t.pledged) : 0);

export type Refusal = Failure<"invalid", { field: string; message: string; needsConfirm?: boolean }>;

/** A receipt (phiếu thu) against a contribution: allowed?, and the contribution's state after it. */
export function applyReceipt(
  c: Pick<LedgerRow, "kind" | "status" | "amount" | "receivedTotal">,
  amount: number,
  confirmOver: boolean,
): { ok: true; receivedTotal: number; status: ContributionStatus } | Refusal {
  if (c.kind === "labour" || c.kind === "land") {
    return { ok: false, kind: "invalid", field: "form", message: "Đóng góp ngày công hoặc hiến đất không lập phiếu thu tiền; dùng nút “Xác nhận đã nhận”." };
  }
  if (c.status === "cancelled") return { ok: false, kind: "invalid", field: "form", message: "Cam kết này đã hủy, không thể lập phiếu thu." };
  if (!Number.isSafeInteger(amount) || amount <= 0) return { ok: false, kind: "invalid", field: "amount", message: "Số tiền thu phải lớn hơn 0." };
  const remaining = Math.max(0, c.amount - c.receivedTotal);
  if (amount > remaining && !confirmOver) {
    return {
      ok: false,
      kind: "invalid",
      field: "amount",
      needsConfirm: true,
      message:
        remaining === 0
          ? "Cam kết này đã nhận đủ. Nếu nhà tài trợ đóng thêm, đánh dấu “Xác nhận thu vượt số cam kết” rồi lưu lại."
          : `Số tiền thu vượt số còn lại của cam kết (còn ${remaining.toLocaleString("vi-VN")} đ). Nếu đúng là nhà tài trợ đóng nhiều hơn, đánh dấu “Xác nhận thu vượt số cam kết” rồi lưu lại.`,
    };
  }
  const receivedTotal = c.receivedTotal + amount;
  if (receivedTotal > Number.MAX_SAFE_INTEGER) return { ok: false, kind: "invalid", field: "amount", message: "Số tiền quá lớn." };
  return { ok: true, receivedTotal, status: receivedTotal >= c.amount ? "received" : "pledged" };
}

/** Cancelling the open remainder of a pledge, with a reason. What was already received stays received. */
export function applyCancel(c: Pick<LedgerRow, "status">, reason: string): { ok: true; status: "cancelled" } | Refusal {
  if (c.status === "cancelled") return { ok: false, kind: "invalid", field: "form", message: "Cam kết này đã hủy trước đó." };
  if (c.status === "received") return { ok: false, kind: "invalid", field: "form", message: "Cam kết đã nhận đủ, không thể hủy." };
  const text = reason.trim();
  if (text.length < 5) return { ok: false, kind: "invalid", field: "reason", message: "Vui lòng ghi lý do hủy (ít nhất 5 ký tự)." };
  if (text.length > 500) return { ok: false, kind: "invalid", field: "reason", message: "Lý do hủy tối đa 500 ký tự." };
  return { ok: true, status: "cancelled" };
}

/** Labour days done or land handed over: the pledge becomes received (no money receipt). */
export function applyDelivery(c: Pick<LedgerRow, "kind" | "status" | "amount">): { ok: true; status: "received"; receivedTotal: number } | Refusal {
  if (c.kind !== "labour" && c.kind !== "land") return { ok: false, kind: "invalid", field: "form", message: "Đóng góp bằng tiền hoặc hiện vật được ghi nhận bằng phiếu thu." };
  if (c.status !== "pledged") return { ok: false, kind: "invalid", field: "form", message: c.status === "cancelled" ? "Cam kết này đã hủy." : "Đóng góp này đã được xác nhận trước đó." };
  return { ok: true, status: "received", receivedTotal: c.amount };
}

/** "28879-2026-0001": commune code, year, sequence padded to 4 digits (more digits past 9.999). */
export const receiptNumber = (communeCode: string, year: number, seq: number) => `${communeCode}-${year}-${String(seq).padStart(4, "0")}`;

/** A receipt number as typed in the public lookup, normalised ("28879-2026-1" → "28879-2026-0001"), or null. */
export function normaliseReceiptNumber(input: string): string | null {
  const m = /^\s*(\d{5})\s*[-/ ]\s*(\d{4})\s*[-/ ]\s*(\d{1,6})\s*$/.exec(input);
  if (!m) return null;
  const seq = Number(m[3]);
  if (seq < 1) return null;
  return receiptNumber(m[1], Number(m[2]), seq);
}

/** The name a sponsor is shown by in public: only with consent, the public name if given; otherwise null. */
export function publicSponsorName(s: { publicConsent: boolean; publicName: string | null; name: string }): string | null {
  if (!s.publicConsent) return null;
  return s.publicName?.trim() || s.name;
}

export type ProjectBudget = { budgetState: number; budgetCommune: number; budgetResidents: number; budgetSponsors: number; budgetOther: number };

export const budgetTotal = (p: ProjectBudget) => p.budgetState + p.budgetCommune + p.budgetResidents + p.budgetSponsors + p.budgetOther;

/** The sponsors' share of a project from the contributions linked to it, against the planned sponsor budget. */
export function projectSponsorShare(p: ProjectBudget, linked: LedgerRow[], today: string) {
  const totals = sumLedger(linked, today);
  const total = budgetTotal(p);
  return {
    planned: p.budgetSponsors,
    pledged: totals.pledged,
    received: totals.received,
    /** Pledged share of the whole budget, whole percent. */
    pledgedPercentOfBudget: total > 0 ? Math.floor((totals.pledged * 100) / total) : 0,
    /** Sponsors pledged more (positive) or less (negative) than planned. */
    gap: totals.pledged - p.budgetSponsors,
    totals,
  };
}
