// Form input of the sponsors ledger (sponsor, contribution, receipt, cancellation, project, fund account):
// zod schemas over the raw form strings, with Vietnamese messages. Pure; `today` (ISO date) is passed in.
import { z } from "zod";
import { parseDate } from "./format";
import { HIDDEN_CHARS } from "./text";
import { CONTRIBUTION_KINDS, PROJECT_STATUSES, SPONSOR_KINDS, parseCount, parseVnd, type ContributionKind } from "./ledger";
import { VIETQR_BANKS } from "./vietqr";

/** Form bodies as strings: missing fields are "" (checkboxes absent when unticked). */
export type RawForm = Record<string, string>;

const CONTROL = HIDDEN_CHARS;
const INVALID_TEXT = "Nội dung có ký tự không hợp lệ.";

const text = (max: number, label: string, required = false) =>
  z
    .string()
    .trim()
    .max(max, `${label} tối đa ${max.toLocaleString("vi-VN")} ký tự.`)
    .refine((s) => !CONTROL.test(s), INVALID_TEXT)
    .refine((s) => !required || s.length > 0, `Vui lòng nhập ${label.toLowerCase()}.`);

const nullableText = (max: number, label: string) => text(max, label).transform((s) => (s === "" ? null : s));

const id = (message: string) =>
  z
    .string()
    .trim()
    .refine((s) => s === "" || /^[1-9]\d{0,9}$/.test(s), message)
    .transform((s) => (s === "" ? null : Number(s)));

const checkbox = z.string().transform((s) => s === "on" || s === "1" || s === "true");

const link = z
  .string()
  .trim()
  .max(500, "Đường dẫn tối đa 500 ký tự.")
  .refine((v) => v === "" || /^https?:\/\/[^\s]+$/i.test(v), "Đường dẫn minh chứng phải bắt đầu bằng http:// hoặc https://.")
  .transform((s) => (s === "" ? null : s));

const version = z.string().trim().regex(/^[1-9]\d{0,8}$/, "Thiếu phiên bản dữ liệu, vui lòng tải lại trang.").transform(Number);

type Ctx = z.RefinementCtx;
const issue = (ctx: Ctx, field: string, message: string) => ctx.addIssue({ code: "custom", message, path: [field] });

function vndField(ctx: Ctx, raw: string, field: string, label: string, allowZero = false): number | null {
  const r = parseVnd(raw, { label, allowZero });
  if (!r.ok) {
    issue(ctx, field, r.message);
    return null;
  }
  return r.value;
}

function dateField(ctx: Ctx, raw: string, field: string, label: string, required: boolean): string | null {
  if (raw.trim() === "") {
    if (required) issue(ctx, field, `Vui lòng nhập ${label.toLowerCase()} (dd/mm/yyyy).`);
    return null;
  }
  const iso = parseDate(raw);
  if (!iso) issue(ctx, field, `${label} chưa đúng (dd/mm/yyyy), ví dụ 27/11/2026.`);
  return iso;
}

const PHONE = /^\+?[0-9 .-]{8,20}$/;

/** A sponsor's own fields (new sponsor with a pledge, or the sponsor edit form). */
export const sponsorSchema = z
  .object({
    sponsorKind: z.enum(SPONSOR_KINDS, { message: "Chọn loại nhà tài trợ." }),
    sponsorName: text(200, "Tên nhà tài trợ", true),
    contactPhone: text(30, "Số điện thoại").refine((s) => s === "" || (PHONE.test(s) && s.replace(/\D/g, "").length >= 8), "Số điện thoại chưa đúng (ít nhất 8 chữ số)."),
    contactEmail: text(200, "Email").refine((s) => s === "" || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), "Email chưa đúng."),
    contactAddress: text(300, "Địa chỉ"),
    contactNote: text(500, "Ghi chú liên hệ"),
    publicConsent: checkbox,
    publicName: text(200, "Tên công khai"),
  })
  .transform((v) => ({
    kind: v.sponsorKind,
    name: v.sponsorName,
    contactPhone: v.contactPhone || null,
    contactEmail: v.contactEmail || null,
    contactAddress: v.contactAddress || null,
    contactNote: v.contactNote || null,
    publicConsent: v.publicConsent,
    publicName: v.publicName || null,
  }));
export type SponsorInput = z.output<typeof sponsorSchema>;

export const SPONSOR_FIELDS = ["sponsorKind", "sponsorName", "contactPhone", "contactEmail", "contactAddress", "contactNote", "publicConsent", "publicName"] as const;

const LIMITS = { quantity: 10_000_000, labourDays: 1_000_000, landM2: 100_000_000 };

/** A contribution (pledge): amounts by kind, links, dates. Sponsor fields are validated separately. */
export function contributionSchema(today: string) {
  return z
    .object({
      sponsorId: id("Chọn nhà tài trợ trong danh sách."),
      kind: z.enum(CONTRIBUTION_KINDS, { message: "Chọn hình thức đóng góp." }),
      amount: z.string(),
      quantity: z.string(),
      unitValue: z.string(),
      labourDays: z.string(),
      landM2: z.string(),
      description: text(500, "Mô tả"),
      valuationBasis: text(300, "Căn cứ định giá"),
      valuationApprovedBy: text(200, "Người duyệt giá trị"),
      hamletId: id("Chọn ấp trong danh sách."),
      projectId: id("Chọn công trình trong danh sách."),
      criterionId: id("Chọn tiêu chí trong danh sách."),
      mobilisedBy: id("Chọn cán bộ vận động trong danh sách."),
      pledgedAt: z.string(),
      dueDate: z.string(),
      evidenceNote: text(1000, "Ghi chú minh chứng"),
      evidenceLink: link,
    })
    .transform((v, ctx) => {
      const kind: ContributionKind = v.kind;
      let amount = 0;
      let quantity: number | null = null;
      let unitValue: number | null = null;
      let labourDays: number | null = null;
      let landM2: number | null = null;
      const count = (raw: string, field: "quantity" | "labourDays" | "landM2", label: string) => {
        const r = parseCount(raw, label, LIMITS[field]);
        if (!r.ok) issue(ctx, field, r.message);
        return r.ok ? r.value : null;
      };
      if (kind === "money") {
        amount = vndField(ctx, v.amount, "amount", "Số tiền cam kết") ?? 0;
      } else if (kind === "in_kind") {
        if (!v.description) issue(ctx, "description", "Vui lòng mô tả hiện vật (ví dụ: xi măng PCB40, bao 50 kg).");
        quantity = count(v.quantity, "quantity", "Số lượng");
        unitValue = vndField(ctx, v.unitValue, "unitValue", "Đơn giá");
        if (!v.valuationBasis) issue(ctx, "valuationBasis", "Vui lòng ghi căn cứ định giá (ví dụ: giá thị trường, hóa đơn).");
        if (!v.valuationApprovedBy) issue(ctx, "valuationApprovedBy", "Vui lòng ghi người duyệt giá trị hiện vật.");
        if (quantity !== null && unitValue !== null) {
          amount = quantity * unitValue;
          const check = parseVnd(String(amount), { label: "Giá trị hiện vật" });
          if (!check.ok) issue(ctx, "unitValue", check.message);
        }
      } else {
        if (kind === "labour") labourDays = count(v.labourDays, "labourDays", "Số ngày công");
        else landM2 = count(v.landM2, "landM2", "Diện tích đất (m²)");
        amount = v.amount.trim() === "" ? 0 : (vndField(ctx, v.amount, "amount", "Giá trị quy đổi", true) ?? 0);
      }
      const pledgedAt = dateField(ctx, v.pledgedAt, "pledgedAt", "Ngày cam kết", true);
      const dueDate = dateField(ctx, v.dueDate, "dueDate", "Hạn đóng góp", false);
      if (pledgedAt && pledgedAt > today) issue(ctx, "pledgedAt", "Ngày cam kết không được sau hôm nay.");
      if (pledgedAt && dueDate && dueDate < pledgedAt) issue(ctx, "dueDate", "Hạn đóng góp phải từ ngày cam kết trở đi.");
      return {
        sponsorId: v.sponsorId,
        kind,
        amount,
        quantity,
        unitValue,
        labourDays,
        landM2,
        description: v.description || null,
        valuationBasis: kind === "in_kind" ? v.valuationBasis || null : null,
        valuationApprovedBy: kind === "in_kind" ? v.valuationApprovedBy || null : null,
        hamletId: v.hamletId,
        projectId: v.projectId,
        criterionId: v.criterionId,
        mobilisedBy: v.mobilisedBy,
        pledgedAt: pledgedAt ?? today,
        dueDate,
        evidenceNote: v.evidenceNote || null,
        evidenceLink: v.evidenceLink,
      };
    });
}
export type ContributionInput = z.output<ReturnType<typeof contributionSchema>>;

export const CONTRIBUTION_FIELDS = [
  "sponsorId", "kind", "amount", "quantity", "unitValue", "labourDays", "landM2", "description", "valuationBasis", "valuationApprovedBy",
  "hamletId", "projectId", "criterionId", "mobilisedBy", "pledgedAt", "dueDate", "evidenceNote", "evidenceLink",
] as const;

/** A receipt (phiếu thu). */
export function receiptSchema(today: string) {
  return z
    .object({
      amount: z.string(),
      receivedAt: z.string(),
      payerName: nullableText(200, "Người nộp"),
      note: nullableText(500, "Ghi chú"),
      confirmOver: checkbox,
    })
    .transform((v, ctx) => {
      const amount = vndField(ctx, v.amount, "amount", "Số tiền thu");
      const receivedAt = dateField(ctx, v.receivedAt, "receivedAt", "Ngày thu", true);
      if (receivedAt && receivedAt > today) issue(ctx, "receivedAt", "Ngày thu không được sau hôm nay.");
      return { amount: amount ?? 0, receivedAt: receivedAt ?? today, payerName: v.payerName, note: v.note, confirmOver: v.confirmOver };
    });
}
export type ReceiptInput = z.output<ReturnType<typeof receiptSchema>>;
export const RECEIPT_FIELDS = ["amount", "receivedAt", "payerName", "note", "confirmOver"] as const;

/** The new pledge form: the pledge, and a new sponsor's own fields when none is picked from the list. */
export const pledgeForm = (today: string) => {
  const pledge = contributionSchema(today);
  return overFields(
    [...CONTRIBUTION_FIELDS, ...SPONSOR_FIELDS, "confirmNewSponsor"],
    z.record(z.string(), z.string()).transform((raw, ctx) => {
      const parsed = pledge.safeParse(raw);
      const sponsor = raw.sponsorId.trim() === "" ? sponsorSchema.safeParse(raw) : null;
      for (const r of [parsed, sponsor]) if (r && !r.success) for (const i of r.error.issues) ctx.addIssue({ code: "custom", message: i.message, path: i.path });
      if (!parsed.success || (sponsor && !sponsor.success)) return z.NEVER;
      return { pledge: parsed.data, sponsor: sponsor?.success ? { ...sponsor.data, confirmedNew: raw.confirmNewSponsor === "on" } : null };
    }),
  );
};

/** The pledge edit form: the pledge and the version it was read at. */
export const pledgeEditForm = (today: string) => withVersion(CONTRIBUTION_FIELDS, contributionSchema(today));

/** The receipt form; its "version" (the pledge as the form saw it) is compared by the route, not validated here. */
export const receiptForm = (today: string) => overFields([...RECEIPT_FIELDS, "version"], receiptSchema(today));

/** The admin's merge of a duplicate sponsor: "from" is the duplicate's "id.version", "version" this sponsor's. */
export const sponsorMergeSchema = z.record(z.string(), z.unknown()).transform((body, ctx) => {
  const from = /^(\d{1,10})\.(\d{1,10})$/.exec(String(body.from ?? ""));
  const version = Number(body.version);
  if (!from || !Number.isSafeInteger(version)) {
    ctx.addIssue({ code: "custom", message: "Chọn nhà tài trợ trùng cần gộp.", path: ["from"] });
    return z.NEVER;
  }
  return { fromId: Number(from[1]), fromVersion: Number(from[2]), version };
});

export const cancelSchema = z.object({ reason: z.string(), version });
export const versionSchema = z.object({ version });

/** A VND field validated on its own (so every field's message shows at once); empty = 0 when optional. */
const vndString = (label: string, optional: boolean) =>
  z.string().transform((raw, ctx) => {
    if (optional && raw.trim() === "") return 0;
    const r = parseVnd(raw, { label, allowZero: optional });
    if (!r.ok) {
      ctx.addIssue({ code: "custom", message: r.message });
      return z.NEVER;
    }
    return r.value;
  });

const dateString = (label: string) =>
  z.string().transform((raw, ctx) => {
    if (raw.trim() === "") return null;
    const iso = parseDate(raw);
    if (!iso) {
      ctx.addIssue({ code: "custom", message: `${label} chưa đúng (dd/mm/yyyy), ví dụ 27/11/2026.` });
      return z.NEVER;
    }
    return iso;
  });

/** A project (công trình): budget split by source, status and progress. */
export const projectSchema = z
  .object({
    name: text(200, "Tên công trình", true),
    hamletId: id("Chọn ấp trong danh sách."),
    criterionId: id("Chọn tiêu chí trong danh sách."),
    status: z.enum(PROJECT_STATUSES, { message: "Chọn tình trạng công trình." }),
    progress: z
      .string()
      .transform((raw) => (raw.trim() === "" ? "0" : raw.trim().replace(/\s*%$/, "")))
      .refine((t) => /^\d{1,3}$/.test(t) && Number(t) <= 100, "Tiến độ là số nguyên từ 0 đến 100 (%).")
      .transform(Number),
    budgetState: vndString("Ngân sách nhà nước", true),
    budgetCommune: vndString("Ngân sách xã", true),
    budgetResidents: vndString("Nhân dân đóng góp", true),
    budgetSponsors: vndString("Mạnh thường quân", true),
    budgetOther: vndString("Nguồn khác", true),
    startDate: dateString("Ngày khởi công"),
    endDate: dateString("Ngày hoàn thành"),
  })
  .superRefine((v, ctx) => {
    if (v.startDate && v.endDate && v.endDate < v.startDate) issue(ctx, "endDate", "Ngày hoàn thành phải từ ngày khởi công trở đi.");
    if (v.status === "done" && v.progress < 100) issue(ctx, "progress", "Công trình hoàn thành phải có tiến độ 100%.");
  });
export type ProjectInput = z.output<typeof projectSchema>;
export const PROJECT_FIELDS = ["name", "hamletId", "criterionId", "status", "progress", "budgetState", "budgetCommune", "budgetResidents", "budgetSponsors", "budgetOther", "startDate", "endDate"] as const;

/** A commune's NTM fund account for VietQR. */
export const fundAccountSchema = z.object({
  bankBin: z.string().refine((s) => VIETQR_BANKS.some((b) => b.bin === s), "Chọn ngân hàng trong danh sách."),
  accountNumber: z
    .string()
    .trim()
    .transform((s) => s.replace(/[\s.-]/g, ""))
    .refine((s) => /^[0-9A-Za-z]{4,19}$/.test(s), "Số tài khoản gồm 4–19 chữ số hoặc chữ cái, không dấu cách."),
  accountName: text(100, "Tên tài khoản", true),
});
export type FundAccountInput = z.output<typeof fundAccountSchema>;
export const FUND_ACCOUNT_FIELDS = ["bankBin", "accountNumber", "accountName", "version"] as const;
/** The fund account form: its fields and the version it was read at (0 before the first save). */
export const fundAccountForm = z.preprocess(
  (body) => rawForm((body ?? {}) as Record<string, unknown>, FUND_ACCOUNT_FIELDS),
  z.intersection(fundAccountSchema, z.object({ version: z.string().regex(/^\d{1,9}$/, "Thiếu phiên bản dữ liệu, vui lòng tải lại trang.").transform(Number) })),
);

/** Every string field of a form body ("" when absent), so schemas see strings only. */
export function rawForm(body: Record<string, unknown>, fields: readonly string[]): RawForm {
  const out: RawForm = {};
  for (const f of fields) out[f] = typeof body[f] === "string" ? (body[f] as string).slice(0, 2000) : "";
  return out;
}

/** `schema` over a submitted body: only the listed fields, as strings ("" when absent, see rawForm). For validate(). */
export const overFields = <S extends z.ZodType>(fields: readonly string[], schema: S) => z.preprocess((body) => rawForm((body ?? {}) as Record<string, unknown>, fields), schema);

/** `schema` and the version the form was read at, over the listed fields and "version". */
export const withVersion = <S extends z.ZodType>(fields: readonly string[], schema: S) => overFields([...fields, "version"], z.intersection(schema, versionSchema));

/** A version problem shows as the form's message (the page is stale), the other fields' messages under them. */
export function versionAsForm(errors: Record<string, string>): Record<string, string> {
  const { version: stale, ...rest } = errors;
  return stale ? { ...rest, form: stale } : rest;
}

