// The recognition workflow of Decision 18/2022/QĐ-TTg as data: dossier states, the transition table
// (state × action → next state, roles allowed, per chain), who may act and what blocks a submission. Pure.
// The frozen snapshot and the forms are in recognition-forms.ts, the yearly revocation review in recognition-review.ts.
import { can, type Actor, type UnitRef } from "./permissions";
import type { LevelResult } from "./evaluation";
import type { Failure, Outcome } from "./outcome";

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

export type Decision = Outcome<{ to: DossierState }, Failure<"forbidden" | "conflict", { message: string }>>;

/**
 * May `role` do `action` on a dossier in `state`? Allowed → the next state. Otherwise 403 when the role may
 * not do it here (the cell exists for someone else) or never does this action in this chain; 409 when the
 * role does this action, but not in this state.
 */
export function decide(state: DossierState, action: TransitionAction, role: RecognitionRole, chain: Chain): Decision {
  const rule = ruleFor(state, action, chain);
  if (rule?.roles.includes(role)) return { ok: true, to: rule.to };
  if (rule || !roleEverMay(role, action, chain)) {
    return { ok: false, kind: "forbidden", message: `Bạn không có quyền ${ACTION_LABELS[action]} đối với hồ sơ này.` };
  }
  return { ok: false, kind: "conflict", message: `Hồ sơ đang ở trạng thái “${STATE_LABELS[state]}”, không thể ${ACTION_LABELS[action]} lúc này.` };
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
