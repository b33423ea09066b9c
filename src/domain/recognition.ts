// The recognition workflow of Decision 18/2022/QĐ-TTg as data: dossier states, the transition table
// (state × action → next state, roles allowed, per chain), who may act, what blocks a submission, the
// frozen snapshot and its diff, return and decision forms, and the yearly revocation review. Pure.
import { can, type Actor, type UnitRef } from "./permissions";
import { parseDate } from "./format";
import { revocationCheck, type EvalCriterion, type LevelResult, type RevocationCheck } from "./evaluation";

export const DOSSIER_STATES = ["draft", "submitted", "under_review", "returned", "reviewed", "under_appraisal", "appraised", "recognised", "rejected", "revoked"] as const;
export type DossierState = (typeof DOSSIER_STATES)[number];

/** "district_review": commune → district review (thẩm tra) → provincial appraisal (thẩm định) → decision (3-tier). "direct": commune → provincial appraisal → decision (2-tier). */
export const CHAINS = ["district_review", "direct"] as const;
export type Chain = (typeof CHAINS)[number];

/** Who someone is for one dossier (derived from can(): see roleFor). */
export const RECOGNITION_ROLES = ["commune", "district", "appraiser", "leader", "other"] as const;
export type RecognitionRole = (typeof RECOGNITION_ROLES)[number];

export const TRANSITION_ACTIONS = [
  "edit",
  "submit",
  "withdraw",
  "start_review",
  "return",
  "approve_review",
  "start_appraisal",
  "appraise",
  "recognise",
  "reject",
  "revoke",
] as const;
export type TransitionAction = (typeof TRANSITION_ACTIONS)[number];

export type TransitionRule = { to: DossierState; roles: readonly RecognitionRole[]; chains?: readonly Chain[] };

/**
 * The transition table. A missing cell means the action is not possible in that state. "edit" (the commune
 * changes satisfaction, confirmations and documents) keeps the state. `chains` limits a cell to one chain.
 */
export const TRANSITIONS: Record<DossierState, Partial<Record<TransitionAction, TransitionRule>>> = {
  draft: {
    edit: { to: "draft", roles: ["commune"] },
    submit: { to: "submitted", roles: ["commune"] },
  },
  submitted: {
    withdraw: { to: "draft", roles: ["commune"] },
    start_review: { to: "under_review", roles: ["district"], chains: ["district_review"] },
    start_appraisal: { to: "under_appraisal", roles: ["appraiser"], chains: ["direct"] },
  },
  under_review: {
    return: { to: "returned", roles: ["district"] },
    approve_review: { to: "reviewed", roles: ["district"] },
  },
  returned: {
    edit: { to: "returned", roles: ["commune"] },
    submit: { to: "submitted", roles: ["commune"] },
  },
  reviewed: {
    start_appraisal: { to: "under_appraisal", roles: ["appraiser"], chains: ["district_review"] },
  },
  under_appraisal: {
    return: { to: "returned", roles: ["appraiser"] },
    appraise: { to: "appraised", roles: ["appraiser"] },
  },
  appraised: {
    recognise: { to: "recognised", roles: ["leader"] },
    reject: { to: "rejected", roles: ["leader"] },
  },
  recognised: {
    revoke: { to: "revoked", roles: ["leader"] },
  },
  rejected: {},
  revoked: {},
};

export const STATE_LABELS: Record<DossierState, string> = {
  draft: "Đang soạn",
  submitted: "Đã nộp, chờ tiếp nhận",
  under_review: "Đang thẩm tra",
  returned: "Bị trả lại",
  reviewed: "Đã thẩm tra, chờ thẩm định",
  under_appraisal: "Đang thẩm định",
  appraised: "Đã thẩm định, chờ quyết định",
  recognised: "Đã công nhận",
  rejected: "Không công nhận",
  revoked: "Đã thu hồi",
};

/** Verb phrases ("không thể …", "không có quyền …"). */
export const ACTION_LABELS: Record<TransitionAction, string> = {
  edit: "sửa hồ sơ",
  submit: "nộp hồ sơ",
  withdraw: "rút hồ sơ về",
  start_review: "tiếp nhận thẩm tra",
  return: "trả lại hồ sơ",
  approve_review: "xác nhận thẩm tra đạt",
  start_appraisal: "tiếp nhận thẩm định",
  appraise: "xác nhận thẩm định đạt",
  recognise: "ghi quyết định công nhận",
  reject: "ghi quyết định không công nhận",
  revoke: "ghi quyết định thu hồi",
};

export const ROLE_LABELS: Record<RecognitionRole, string> = {
  commune: "cán bộ xã",
  district: "lãnh đạo huyện (thẩm tra)",
  appraiser: "cơ quan thẩm định cấp tỉnh (VP Điều phối NTM)",
  leader: "lãnh đạo UBND tỉnh",
  other: "người xem",
};

export const CHAIN_LABELS: Record<Chain, string> = {
  district_review: "Xã → huyện thẩm tra → tỉnh thẩm định → quyết định",
  direct: "Xã → tỉnh thẩm định → quyết định",
};

/** The chain a province uses when it has no setting: 3-tier provinces review at the district, 2-tier ones do not. */
export const defaultChain = (tiers: number | null): Chain => (tiers === 2 ? "direct" : "district_review");

/** The cell for (state, action) in this chain, or undefined. */
export function ruleFor(state: DossierState, action: TransitionAction, chain: Chain): TransitionRule | undefined {
  const rule = TRANSITIONS[state][action];
  if (!rule || (rule.chains && !rule.chains.includes(chain))) return undefined;
  return rule;
}

/** True when `role` may do `action` in at least one state of `chain`. */
export function roleEverMay(role: RecognitionRole, action: TransitionAction, chain: Chain): boolean {
  return DOSSIER_STATES.some((s) => ruleFor(s, action, chain)?.roles.includes(role) ?? false);
}

export type Decision = { ok: true; to: DossierState } | { ok: false; status: 403 | 409; message: string };

/**
 * May `role` do `action` on a dossier in `state`? Allowed → the next state. Otherwise 403 when the role may
 * not do it here (the cell exists for someone else) or never does this action in this chain; 409 when the
 * role does this action, but not in this state.
 */
export function decide(state: DossierState, action: TransitionAction, role: RecognitionRole, chain: Chain): Decision {
  const rule = ruleFor(state, action, chain);
  if (rule?.roles.includes(role)) return { ok: true, to: rule.to };
  if (rule || !roleEverMay(role, action, chain)) {
    return { ok: false, status: 403, message: `Bạn không có quyền ${ACTION_LABELS[action]} đối với hồ sơ này.` };
  }
  return { ok: false, status: 409, message: `Hồ sơ đang ở trạng thái “${STATE_LABELS[state]}”, không thể ${ACTION_LABELS[action]} lúc này.` };
}

/** Actions `role` may take now, in table order. */
export function availableActions(state: DossierState, role: RecognitionRole, chain: Chain): TransitionAction[] {
  return TRANSITION_ACTIONS.filter((a) => ruleFor(state, a, chain)?.roles.includes(role));
}

/** The commune can change the dossier (and its snapshot is not frozen) only in these states. */
export const isEditable = (state: DossierState) => state === "draft" || state === "returned";
/** A submitted snapshot is frozen from submission until the dossier is returned or withdrawn. */
export const isFrozen = (state: DossierState) => !isEditable(state);
/** Dossiers still moving through the chain. */
export const IN_PROGRESS: readonly DossierState[] = ["submitted", "under_review", "returned", "reviewed", "under_appraisal", "appraised"];

/**
 * Who can open a frozen dossier again (send it back to the commune), now or after taking it in:
 * roles that may withdraw or return it in this state, or in the state reached by taking it in
 * (start_review / start_appraisal). Empty when only a decision is left.
 */
export function reopeners(state: DossierState, chain: Chain): RecognitionRole[] {
  const out = new Set<RecognitionRole>();
  const collect = (s: DossierState) => {
    for (const a of ["withdraw", "return"] as const) for (const r of ruleFor(s, a, chain)?.roles ?? []) out.add(r);
  };
  collect(state);
  for (const a of ["start_review", "start_appraisal"] as const) {
    const next = ruleFor(state, a, chain);
    if (next) collect(next.to);
  }
  return RECOGNITION_ROLES.filter((r) => out.has(r));
}

/** What the top of a commune's checklist shows about its dossiers (see the service's recognitionNotices). */
export type RecognitionNotices = {
  communeCode: string;
  recognised: { level: string; decisionNumber: string | null; decisionDate: string | null; dossierId: number } | null;
  returned: { dossierId: number; level: string; year: number; at: string | null; byName: string | null; note: string | null; items: { indicatorId: number; code: string; name: string; reason: string }[] }[];
  frozen: { dossierId: number; level: string; year: number; status: DossierState; chain: Chain; since: string | null }[];
  drafts: { dossierId: number; level: string; year: number }[];
};

/** The actor's role for a dossier of `commune` (a commune-level unit), through the permission check. */
export function roleFor(actor: Actor | null, commune: UnitRef): RecognitionRole {
  if (can(actor, "dossier.prepare", { unit: commune })) return "commune";
  if (can(actor, "dossier.review", { unit: commune })) return "district";
  if (can(actor, "dossier.appraise", { unit: commune })) return "appraiser";
  if (can(actor, "dossier.decide", { unit: commune })) return "leader";
  return "other";
}

/** The steps of a chain, for the progress bar on the dossier page. */
export function chainSteps(chain: Chain): { state: DossierState; label: string }[] {
  const steps: { state: DossierState; label: string }[] = [{ state: "draft", label: "Xã tự đánh giá, lập hồ sơ" }, { state: "submitted", label: "Nộp hồ sơ" }];
  if (chain === "district_review") steps.push({ state: "under_review", label: "Huyện thẩm tra" });
  steps.push({ state: "under_appraisal", label: "Tỉnh thẩm định" }, { state: "recognised", label: "Quyết định công nhận" });
  return steps;
}

// ---------------------------------------------------------------------------------------------
// Documents and submission

export const DOCUMENT_KINDS = ["to_trinh", "bao_cao_ket_qua", "tong_hop_y_kien", "bien_ban_hop", "khac"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_LABELS: Record<DocumentKind, string> = {
  to_trinh: "Tờ trình đề nghị thẩm tra, xét công nhận",
  bao_cao_ket_qua: "Báo cáo kết quả thực hiện (kèm biểu chi tiết)",
  tong_hop_y_kien: "Báo cáo tổng hợp ý kiến tham gia của nhân dân",
  bien_ban_hop: "Biên bản cuộc họp đề nghị xét công nhận",
  khac: "Tài liệu khác",
};

/** The dossier of 18/2022/QĐ-TTg: submission, results report with detail table, residents' opinions, minutes. */
export const REQUIRED_DOCUMENTS: readonly DocumentKind[] = ["to_trinh", "bao_cao_ket_qua", "tong_hop_y_kien", "bien_ban_hop"];

export type SubmissionInput = {
  level: string;
  levels: { code: string; rank: number }[];
  criteria: { id: number; number: number; name: string; result: LevelResult }[];
  satisfactionPct: number | null;
  satisfactionEvidence: string | null;
  noDebtConfirmed: boolean;
  securityConfirmed: boolean;
  documentKinds: string[];
};

export type UnmetCriterion = { id: number; number: number; name: string; levels: string[] };
export type SubmissionProblems = { unmet: UnmetCriterion[]; messages: string[] };

/**
 * What stops a submission: criteria not met at the dossier's level or a level below it (levels are
 * cumulative), satisfaction not given (the required share is the province's to judge: not verified, so
 * no threshold here), the two confirmations, and the four required documents.
 */
export function submissionProblems(input: SubmissionInput): SubmissionProblems {
  const target = input.levels.find((l) => l.code === input.level);
  const messages: string[] = [];
  const unmet: UnmetCriterion[] = [];
  if (!target) {
    messages.push("Mức đề nghị công nhận không có trong bộ tiêu chí của xã.");
  } else {
    const upTo = [...input.levels].filter((l) => l.rank <= target.rank).sort((a, b) => a.rank - b.rank);
    for (const c of input.criteria) {
      const failing = upTo.filter((l) => c.result[l.code as keyof LevelResult] === false).map((l) => l.code);
      if (failing.length) unmet.push({ id: c.id, number: c.number, name: c.name, levels: failing });
    }
    unmet.sort((a, b) => a.number - b.number);
    if (unmet.length) messages.push(`Còn ${unmet.length} tiêu chí chưa đạt theo kết quả tự đánh giá.`);
  }
  if (input.satisfactionPct === null) messages.push("Chưa nhập tỷ lệ người dân hài lòng.");
  if (!input.satisfactionEvidence?.trim()) messages.push("Chưa ghi minh chứng khảo sát sự hài lòng của người dân (do Mặt trận Tổ quốc tổ chức).");
  if (!input.noDebtConfirmed) messages.push("Chưa xác nhận không còn nợ đọng xây dựng cơ bản trong xây dựng nông thôn mới.");
  if (!input.securityConfirmed) messages.push("Chưa xác nhận xã không phải là điểm nóng về an ninh, trật tự.");
  for (const kind of REQUIRED_DOCUMENTS) if (!input.documentKinds.includes(kind)) messages.push(`Thiếu tài liệu: ${DOCUMENT_LABELS[kind]}.`);
  return { unmet, messages };
}

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
    if (b !== a) fields.push({ field, label: FIELD_LABELS[field], before: field === "satisfactionPct" && b !== null ? `${b}%` : fieldText(b), after: field === "satisfactionPct" && a !== null ? `${a}%` : fieldText(a) });
  }
  return { indicators, fields };
}

// ---------------------------------------------------------------------------------------------
// Forms: return with reasons, decisions

export const RETURN_ROWS_MAX = 20;

export type ReturnRow = { indicator: string; reason: string };
export type ReturnForm = { note: string; rows: ReturnRow[] };
export type ReturnErrors = { note?: string; rows: Record<number, string> };
export type ParsedReturn = { ok: true; note: string; items: { indicatorId: number; reason: string }[] } | { ok: false; errors: ReturnErrors };

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
  if (errors.note || Object.keys(errors.rows).length) return { ok: false, errors };
  return { ok: true, note, items };
}

/** A free-text reason (rejection, a reviewer's note): required or not, ≤ 2,000 characters, no control characters. */
export function parseReason(text: string, required: boolean): { ok: true; reason: string } | { ok: false; error: string } {
  const reason = text.trim();
  if (required && reason === "") return { ok: false, error: "Hãy ghi lý do." };
  if (reason.length > 2000 || hasControlChars(reason)) return { ok: false, error: "Lý do tối đa 2.000 ký tự, không chứa ký tự đặc biệt." };
  return { ok: true, reason };
}

export type DecisionForm = { number: string; date: string; signer: string; reason: string };
export type DecisionErrors = Partial<Record<keyof DecisionForm, string>>;
export type ParsedDecision = { ok: true; number: string; date: string; signer: string; reason: string } | { ok: false; errors: DecisionErrors };

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
  if (Object.keys(errors).length || !reason.ok) return { ok: false, errors };
  return { ok: true, number, date: date!, signer, reason: reason.reason };
}

// ---------------------------------------------------------------------------------------------
// Recognised level and the yearly revocation review

/** The highest recognised level among a commune's recognised dossiers, or null. */
export function recognisedLevel(levels: { code: string; rank: number }[], recognised: string[]): string | null {
  let best: { code: string; rank: number } | null = null;
  for (const code of recognised) {
    const l = levels.find((x) => x.code === code);
    if (l && (!best || l.rank > best.rank)) best = l;
  }
  return best?.code ?? null;
}

/** A level of the set; `basis` = the level whose criteria it is reviewed against besides its own (model → advanced, 319/QĐ-TTg). */
export type ReviewLevel = { code: string; rank: number; basis?: string | null };
export type ReviewInput = { level: string; levels?: ReviewLevel[]; criteria: { criterion: EvalCriterion; result: LevelResult }[] };

/** The recognised level, then its basis, then the basis's basis…: the levels whose criteria a review counts. */
export function reviewLevels(level: string, levels: ReviewLevel[] = []): string[] {
  const chain = [level];
  for (let l = levels.find((x) => x.code === level); l?.basis && !chain.includes(l.basis); l = levels.find((x) => x.code === l!.basis)) chain.push(l.basis);
  return chain;
}

/** Each criterion's result for a review: at the recognised level when it applies there, else at its basis (and so on); undefined when none applies. */
export function reviewResult(result: LevelResult, chain: string[]): boolean | undefined {
  for (const code of chain) {
    const r = result[code as keyof LevelResult];
    if (r !== undefined) return r;
  }
  return undefined;
}

/**
 * The revocation rule applied to a recognised level: the criteria that apply at that level, plus those of
 * its basis level (a model commune is reviewed against the advanced set and its model conditions).
 */
export function reviewRecognition(input: ReviewInput): RevocationCheck {
  const chain = reviewLevels(input.level, input.levels);
  return revocationCheck(
    input.criteria.flatMap((c) => {
      const met = reviewResult(c.result, chain);
      return met === undefined ? [] : [{ criterion: c.criterion, met }];
    }),
  );
}

export type ReviewClass = "revoke" | "watch" | "ok" | "no_rule";
/** "revoke": the rule says revoke; "watch": some criterion fails but not enough; "ok": all met. */
export const reviewClass = (check: RevocationCheck): ReviewClass => (check.revoke ? "revoke" : check.failed > 0 ? "watch" : "ok");

/**
 * A level with a basis (model → advanced, 319/QĐ-TTg) is recognised only after the basis level was: the
 * message refusing a dossier or decision for a commune without that recognition, or null when allowed.
 */
export function priorRecognitionProblem(level: string, levels: { code: string; name: string; basis?: string | null }[], recognisedLevels: string[]): string | null {
  const l = levels.find((x) => x.code === level);
  if (!l?.basis || recognisedLevels.includes(l.basis)) return null;
  const basisName = levels.find((x) => x.code === l.basis)?.name ?? l.basis;
  return `Chỉ xét mức “${l.name}” cho xã đã có quyết định công nhận mức “${basisName}” (319/QĐ-TTg); xã này chưa được công nhận mức đó.`;
}

/** A province's revocation rule for 2026–2030 recognitions (no national text found): none, or 18/2022's thresholds by analogy. */
export type ProvinceRevocationSetting = { rule: "qd18_2022" | null; source: string | null };
/**
 * Which rule reviews a recognition. "qd18_2022": 18/2022/QĐ-TTg, which covers recognitions on 2021–2025 sets
 * (verified); "province": the province applies 18/2022's thresholds to a 2026–2030 recognition by its own
 * setting — unverified until a source text is recorded; "none": a 2026–2030 recognition with nothing configured.
 */
export type ReviewRule = { kind: "qd18_2022"; verified: true } | { kind: "province"; verified: boolean; source: string | null } | { kind: "none"; verified: false };

export const NO_RULE_MESSAGE = "Chưa có quy tắc thu hồi đã xác minh cho giai đoạn 2026–2030 (Quyết định 18/2022/QĐ-TTg chỉ áp dụng cho giai đoạn 2021–2025).";

/** The rule for a recognition on a set whose period ends in `setPeriodTo`. */
export function reviewRuleFor(setPeriodTo: number, setting: ProvinceRevocationSetting | null): ReviewRule {
  if (setPeriodTo <= 2025) return { kind: "qd18_2022", verified: true };
  if (setting?.rule === "qd18_2022") {
    const source = setting.source?.trim() || null;
    return { kind: "province", verified: source !== null, source };
  }
  return { kind: "none", verified: false };
}

/** The review of one recognition under its rule: with no rule, the criteria are counted but nothing is decided. */
export function reviewUnderRule(rule: ReviewRule, input: ReviewInput): { check: RevocationCheck; cls: ReviewClass } {
  const check = reviewRecognition(input);
  if (rule.kind === "none") return { check: { ...check, revoke: false, reason: NO_RULE_MESSAGE }, cls: "no_rule" };
  if (rule.kind === "province" && !rule.verified) {
    return { check: { ...check, reason: `${check.reason} (Quy tắc của tỉnh theo ngưỡng 18/2022/QĐ-TTg, chưa xác minh văn bản.)` }, cls: reviewClass(check) };
  }
  return { check, cls: reviewClass(check) };
}
