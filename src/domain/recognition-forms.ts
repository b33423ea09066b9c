// The recognition dossier's frozen snapshot and its diff, and its forms (details, documents, return, decision). Pure.
import { formatNumber, parseDate } from "./format";
import type { LevelResult } from "./evaluation";
import type { Failure, Outcome } from "./outcome";
import { z } from "zod";
import { DOCUMENT_KINDS, type TransitionAction } from "./recognition";
import { noHiddenChars } from "./text";
import { msg } from "../messages";

// ---------------------------------------------------------------------------------------------
// The frozen snapshot and its diff

export type SnapshotValue = { v: string | null; n: string | null; l: string | null };

export type Snapshot = {
  at: string;
  level: string;
  key: string;
  evalYear: number;
  /** indicatorId → value, evidence note, evidence link */
  values: Record<string, SnapshotValue>;
  /** indicatorId → met per level */
  indicators: Record<string, LevelResult>;
  /** criterionId → met per level */
  criteria: Record<string, LevelResult>;
  levelReached: string | null;
  satisfactionPct: number | null;
  satisfactionEvidence: string | null;
  noDebtConfirmed: boolean;
  securityConfirmed: boolean;
};

export type SnapshotSource = {
  at: string;
  level: string;
  key: string;
  evalYear: number;
  values: Map<number, { value: string | null; evidenceNote: string | null; evidenceLink: string | null }>;
  indicators: Map<number, LevelResult>;
  criteria: Map<number, LevelResult>;
  levelReached: string | null;
  satisfactionPct: number | null;
  satisfactionEvidence: string | null;
  noDebtConfirmed: boolean;
  securityConfirmed: boolean;
};

export function buildSnapshot(src: SnapshotSource): Snapshot {
  const values: Record<string, SnapshotValue> = {};
  for (const [id, v] of src.values) values[String(id)] = { v: v.value, n: v.evidenceNote, l: v.evidenceLink };
  return {
    at: src.at,
    level: src.level,
    key: src.key,
    evalYear: src.evalYear,
    values,
    indicators: Object.fromEntries([...src.indicators].map(([id, r]) => [String(id), r])),
    criteria: Object.fromEntries([...src.criteria].map(([id, r]) => [String(id), r])),
    levelReached: src.levelReached,
    satisfactionPct: src.satisfactionPct,
    satisfactionEvidence: src.satisfactionEvidence,
    noDebtConfirmed: src.noDebtConfirmed,
    securityConfirmed: src.securityConfirmed,
  };
}

export type IndicatorChange = { indicatorId: number; before: SnapshotValue | null; after: SnapshotValue | null; valueChanged: boolean; evidenceChanged: boolean };
export type FieldChange = { field: "satisfactionPct" | "satisfactionEvidence" | "noDebtConfirmed" | "securityConfirmed"; label: string; before: string; after: string };
export type SnapshotDiff = { indicators: IndicatorChange[]; fields: FieldChange[] };

const FIELD_LABELS: Record<FieldChange["field"], string> = {
  satisfactionPct: "Tỷ lệ người dân hài lòng",
  satisfactionEvidence: "Minh chứng khảo sát hài lòng",
  noDebtConfirmed: "Không nợ đọng xây dựng cơ bản",
  securityConfirmed: "Không là điểm nóng an ninh, trật tự",
};

const fieldText = (v: unknown) => (v === null || v === undefined || v === "" ? "—" : typeof v === "boolean" ? (v ? "Đã xác nhận" : "Chưa xác nhận") : String(v));

/** What changed between two submissions: indicators whose value or evidence differs (ascending id), then the dossier fields. */
export function snapshotDiff(before: Snapshot, after: Snapshot): SnapshotDiff {
  const ids = [...new Set([...Object.keys(before.values), ...Object.keys(after.values)])].map(Number).sort((a, b) => a - b);
  const indicators: IndicatorChange[] = [];
  for (const id of ids) {
    const b = before.values[String(id)] ?? null;
    const a = after.values[String(id)] ?? null;
    const valueChanged = (b?.v ?? null) !== (a?.v ?? null);
    const evidenceChanged = (b?.n ?? null) !== (a?.n ?? null) || (b?.l ?? null) !== (a?.l ?? null);
    if (valueChanged || evidenceChanged) indicators.push({ indicatorId: id, before: b, after: a, valueChanged, evidenceChanged });
  }
  const fields: FieldChange[] = [];
  for (const field of Object.keys(FIELD_LABELS) as FieldChange["field"][]) {
    const b = before[field] ?? null;
    const a = after[field] ?? null;
    if (b !== a) fields.push({ field, label: FIELD_LABELS[field], before: field === "satisfactionPct" && b !== null ? `${formatNumber(Number(b))}%` : fieldText(b), after: field === "satisfactionPct" && a !== null ? `${formatNumber(Number(a))}%` : fieldText(a) });
  }
  return { indicators, fields };
}

// ---------------------------------------------------------------------------------------------
// Forms: return with reasons, decisions

export const RETURN_ROWS_MAX = 20;

export type ReturnRow = { indicator: string; reason: string };
export type ReturnForm = { note: string; rows: ReturnRow[] };
export type ReturnErrors = { note?: string; rows: Record<number, string> };
export type ParsedReturn = Outcome<{ note: string; items: { indicatorId: number; reason: string }[] }, Failure<"invalid", { errors: ReturnErrors }>>;

const hasControlChars = (s: string) => /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s);

/**
 * The reviewer's return form: an overall note (required) and rows of indicator + reason; a chosen indicator
 * needs a reason, a reason needs an indicator, an indicator once. Blank rows are ignored.
 */
export function parseReturnForm(form: ReturnForm, indicatorIds: Set<number>, indicatorLabel: (id: number) => string): ParsedReturn {
  const errors: ReturnErrors = { rows: {} };
  const note = form.note.trim();
  if (note === "") errors.note = "Hãy ghi lý do trả lại hồ sơ (nhận xét chung).";
  else if (note.length > 2000) errors.note = "Lý do chung tối đa 2.000 ký tự.";
  else if (hasControlChars(note)) errors.note = "Lý do chứa ký tự không hợp lệ.";
  if (form.rows.length > RETURN_ROWS_MAX) errors.note ??= `Tối đa ${RETURN_ROWS_MAX} chỉ tiêu trong một lần trả lại.`;
  const items: { indicatorId: number; reason: string }[] = [];
  const seen = new Set<number>();
  form.rows.slice(0, RETURN_ROWS_MAX).forEach((row, i) => {
    const reason = row.reason.trim();
    const picked = row.indicator.trim();
    if (picked === "" && reason === "") return;
    if (picked === "") {
      errors.rows[i] = "Hãy chọn chỉ tiêu cho lý do này.";
      return;
    }
    const id = Number(picked);
    if (!Number.isInteger(id) || !indicatorIds.has(id)) {
      errors.rows[i] = "Chỉ tiêu không có trong bộ tiêu chí của hồ sơ.";
      return;
    }
    if (reason === "") errors.rows[i] = `Hãy ghi lý do trả lại cho chỉ tiêu ${indicatorLabel(id)}.`;
    else if (reason.length > 1000) errors.rows[i] = "Lý do tối đa 1.000 ký tự.";
    else if (hasControlChars(reason)) errors.rows[i] = "Lý do chứa ký tự không hợp lệ.";
    else if (seen.has(id)) errors.rows[i] = `Chỉ tiêu ${indicatorLabel(id)} đã được chọn ở dòng trên.`;
    else {
      seen.add(id);
      items.push({ indicatorId: id, reason });
    }
  });
  if (errors.note || Object.keys(errors.rows).length) return { ok: false, kind: "invalid", errors };
  return { ok: true, note, items };
}

/** A free-text reason (rejection, a reviewer's note): required or not, ≤ 2,000 characters, no control characters. */
export function parseReason(text: string, required: boolean): Outcome<{ reason: string }, Failure<"invalid", { error: string }>> {
  const reason = text.trim();
  if (required && reason === "") return { ok: false, kind: "invalid", error: "Hãy ghi lý do." };
  if (reason.length > 2000 || hasControlChars(reason)) return { ok: false, kind: "invalid", error: "Lý do tối đa 2.000 ký tự, không chứa ký tự đặc biệt." };
  return { ok: true, reason };
}

export type DecisionForm = { number: string; date: string; signer: string; reason: string };
export type DecisionErrors = Partial<Record<keyof DecisionForm, string>>;
export type ParsedDecision = Outcome<{ number: string; date: string; signer: string; reason: string }, Failure<"invalid", { errors: DecisionErrors }>>;

/** "123/QĐ-UBND", "1234/QĐ-UBND.NC": digits, "/", a symbol. */
const DECISION_NUMBER = /^\d{1,6}\/[\p{L}\d][\p{L}\d.\-–/]{0,40}$/u;

/**
 * A decision (recognition, non-recognition, revocation): number as "số/ký hiệu", a real date not after
 * today (Vietnam), a signer; `needReason` for non-recognition and revocation.
 */
export function parseDecision(form: DecisionForm, todayIso: string, opts: { needReason: boolean; needSigner: boolean }): ParsedDecision {
  const errors: DecisionErrors = {};
  const number = form.number.normalize("NFC").trim().replace(/\s*\/\s*/g, "/");
  if (number === "") errors.number = "Hãy nhập số quyết định, ví dụ 123/QĐ-UBND.";
  else if (!DECISION_NUMBER.test(number)) errors.number = "Số quyết định phải có dạng số/ký hiệu, ví dụ 123/QĐ-UBND.";
  const dateText = form.date.trim();
  const date = dateText === "" ? null : parseDate(dateText);
  if (dateText === "") errors.date = "Hãy nhập ngày ký quyết định (dd/mm/yyyy).";
  else if (date === null) errors.date = "Ngày ký không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.";
  else if (date > todayIso) errors.date = "Ngày ký quyết định không được sau ngày hôm nay.";
  const signer = form.signer.normalize("NFC").trim();
  if (opts.needSigner && signer === "") errors.signer = "Hãy ghi người ký quyết định.";
  else if (signer.length > 200 || hasControlChars(signer)) errors.signer = "Tên người ký tối đa 200 ký tự, không chứa ký tự đặc biệt.";
  const reason = parseReason(form.reason, opts.needReason);
  if (!reason.ok) errors.reason = reason.error;
  if (Object.keys(errors).length || !reason.ok) return { ok: false, kind: "invalid", errors };
  return { ok: true, number, date: date!, signer, reason: reason.reason };
}

export const detailsSchema = z.object({
  satisfactionPct: z
    .string()
    .trim()
    .transform((s) => s.replace(/\s*%$/, ""))
    .refine((s) => s === "" || /^\d{1,3}(?:[.,]\d)?$/.test(s), "Tỷ lệ hài lòng là số phần trăm, tối đa một chữ số thập phân, ví dụ 92 hoặc 92,5.")
    .transform((s) => (s === "" ? null : Number(s.replace(",", "."))))
    .refine((n) => n === null || n <= 100, "Tỷ lệ hài lòng phải từ 0 đến 100."),
  satisfactionEvidence: z.string().max(1000, "Minh chứng tối đa 1.000 ký tự.").refine(noHiddenChars, msg.invalid).default(""),
  noDebtConfirmed: z.string().optional(),
  securityConfirmed: z.string().optional(),
});

export const documentSchema = z.object({
  kind: z.enum(DOCUMENT_KINDS, { message: "Hãy chọn loại tài liệu." }),
  title: z.string().trim().min(1, "Hãy ghi tên hoặc số hiệu tài liệu.").max(300, "Tên tài liệu tối đa 300 ký tự.").refine(noHiddenChars, msg.invalid),
  link: z
    .string()
    .trim()
    .max(500, "Đường dẫn tối đa 500 ký tự.")
    .refine((v) => v === "" || /^https?:\/\/[^\s]+$/i.test(v), "Đường dẫn phải bắt đầu bằng http:// hoặc https://.")
    .default(""),
  note: z.string().trim().max(500, "Ghi chú tối đa 500 ký tự.").refine(noHiddenChars, msg.invalid).default(""),
});

/** Registering a dossier: a level, and a year from last year to five years ahead (of `today`, ISO). */
export const registerSchema = (today: string) => {
  const thisYear = Number(today.slice(0, 4));
  return z.object({
    level: z.string().optional().default("").refine((s) => s !== "", "Hãy chọn mức đề nghị công nhận."),
    year: z
      .string()
      .optional()
      .default("")
      .transform((s) => s.trim())
      .refine((s) => /^\d{4}$/.test(s) && Number(s) >= thisYear - 1 && Number(s) <= thisYear + 5, `Năm xét phải từ ${thisYear - 1} đến ${thisYear + 5}.`)
      .transform(Number),
  });
};

/** A stored version as submitted: a whole number, or -1 (never current) when missing or malformed. */
const submittedVersion = z.unknown().optional().transform((v) => {
  const n = Number(typeof v === "string" ? v : "");
  return Number.isInteger(n) && n >= 0 ? n : -1;
});

/** The province's recognition chain (one message for the whole form). */
export const chainSchema = z.object({
  chain: z.enum(["district_review", "direct"], { message: "Hãy chọn một quy trình." }),
  version: submittedVersion,
});

/** The province's revocation rule and the text it comes from (one message for the whole form). */
export const revocationRuleSchema = z.object({
  rule: z.enum(["none", "qd18_2022"], { message: "Hãy chọn một quy tắc." }),
  source: z
    .string({ message: "Nguồn văn bản tối đa 300 ký tự, không chứa ký tự điều khiển." })
    .optional()
    .default("")
    .transform((s) => s.trim())
    .refine((s) => s.length <= 300 && noHiddenChars(s), "Nguồn văn bản tối đa 300 ký tự, không chứa ký tự điều khiển."),
});

/** A transition's form as typed (the decision's number, date and signer, a reason) and the version it was read at. */
export const transitionTyped = z.record(z.string(), z.unknown()).transform((body) => {
  const str = (k: string) => (typeof body[k] === "string" ? (body[k] as string) : "");
  const version = Number(str("version"));
  return {
    typed: { number: str("number").slice(0, 60), date: str("date").slice(0, 20), signer: str("signer").slice(0, 200), reason: str("reason").slice(0, 2000) },
    version: Number.isInteger(version) && version >= 0 ? version : -1,
  };
});

/**
 * A transition's form: a decision (number, date not after `today`, signer) to recognise or revoke, a reason to reject
 * (required) or with a review or appraisal (optional); the other actions take the reason as typed.
 */
export const transitionSchema = (action: Exclude<TransitionAction, "edit" | "return">, today: string) =>
  transitionTyped.transform((v, ctx) => {
    const refuse = (errors: Record<string, string | undefined>) => {
      for (const [field, message] of Object.entries(errors)) if (message) ctx.addIssue({ code: "custom", message, path: [field] });
      return z.NEVER;
    };
    if (action === "recognise" || action === "revoke") {
      const parsed = parseDecision(v.typed, today, { needReason: action === "revoke", needSigner: action === "recognise" });
      if (!parsed.ok) return refuse(parsed.errors);
      return { version: v.version, reason: parsed.reason, decision: { number: parsed.number, date: parsed.date, signer: parsed.signer } as { number: string; date: string; signer: string } | undefined };
    }
    if (action === "reject" || action === "approve_review" || action === "appraise") {
      const parsed = parseReason(v.typed.reason, action === "reject");
      if (!parsed.ok) return refuse({ reason: parsed.error });
      return { version: v.version, reason: parsed.reason, decision: undefined };
    }
    return { version: v.version, reason: v.typed.reason, decision: undefined };
  });

/**
 * The return form as typed: the note, the rows present (indicator_<i>, reason_<i>, at most RETURN_ROWS_MAX), "more"
 * (the add-rows button) and the version read. The rows are checked against the dossier's indicators by parseReturnForm.
 */
export const returnTyped = z.record(z.string(), z.unknown()).transform((body) => {
  const str = (k: string) => (typeof body[k] === "string" ? (body[k] as string) : "");
  const rows: ReturnRow[] = [];
  for (let i = 0; i < RETURN_ROWS_MAX; i++) {
    if (!(`indicator_${i}` in body) && !(`reason_${i}` in body)) continue;
    rows.push({ indicator: str(`indicator_${i}`).slice(0, 12), reason: str(`reason_${i}`).slice(0, 1000) });
  }
  const version = Number(str("version"));
  return { note: str("note").slice(0, 2000), rows, more: str("more") === "1", version: Number.isInteger(version) && version >= 0 ? version : -1 };
});
