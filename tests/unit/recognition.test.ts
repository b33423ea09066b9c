import { describe, expect, it } from "vitest";
import { DOSSIER_STATUSES } from "../../src/db/schema";
import {
  CHAINS,
  DOSSIER_STATES,
  RECOGNITION_ROLES,
  TRANSITION_ACTIONS,
  availableActions,
  chainSteps,
  decide,
  defaultChain,
  isEditable,
  isFrozen,
  reopeners,
  roleFor,
  submissionProblems,
  type Chain,
  type DossierState,
  type RecognitionRole,
  type SubmissionInput,
  type TransitionAction,
} from "../../src/domain/recognition";
import {
  buildSnapshot,
  parseDecision,
  parseReason,
  parseReturnForm,
  snapshotDiff,
  type Snapshot,
} from "../../src/domain/recognition-forms";
import {
  recognisedLevel,
  reviewClass,
  reviewRecognition,
  reviewRuleFor,
  reviewUnderRule,
  NO_RULE_MESSAGE,
  type ProvinceRevocationSetting,
  type ReviewRule,
} from "../../src/domain/recognition-review";
import type { Actor, UnitRef } from "../../src/domain/permissions";

/**
 * The workflow as the issue states it, written out independently of the table in the module:
 * [state, action, role, chain, next state]. Everything else must be refused.
 */
const BOTH: Chain[] = ["district_review", "direct"];
const ALLOWED: [DossierState, TransitionAction, RecognitionRole, Chain[], DossierState][] = [
  ["draft", "edit", "commune", BOTH, "draft"],
  ["draft", "submit", "commune", BOTH, "submitted"],
  ["returned", "edit", "commune", BOTH, "returned"],
  ["returned", "submit", "commune", BOTH, "submitted"],
  ["submitted", "withdraw", "commune", BOTH, "draft"],
  ["submitted", "start_review", "district", ["district_review"], "under_review"],
  ["under_review", "return", "district", BOTH, "returned"],
  ["under_review", "approve_review", "district", BOTH, "reviewed"],
  ["reviewed", "start_appraisal", "appraiser", ["district_review"], "under_appraisal"],
  ["submitted", "start_appraisal", "appraiser", ["direct"], "under_appraisal"],
  ["under_appraisal", "return", "appraiser", BOTH, "returned"],
  ["under_appraisal", "appraise", "appraiser", BOTH, "appraised"],
  ["appraised", "recognise", "leader", BOTH, "recognised"],
  ["appraised", "reject", "leader", BOTH, "rejected"],
  ["recognised", "revoke", "leader", BOTH, "revoked"],
];
const allowed = (s: DossierState, a: TransitionAction, r: RecognitionRole, ch: Chain) => ALLOWED.find(([s2, a2, r2, chs]) => s2 === s && a2 === a && r2 === r && chs.includes(ch));
const cellExists = (s: DossierState, a: TransitionAction, ch: Chain) => ALLOWED.some(([s2, a2, , chs]) => s2 === s && a2 === a && chs.includes(ch));
const roleDoesAction = (a: TransitionAction, r: RecognitionRole, ch: Chain) => ALLOWED.some(([, a2, r2, chs]) => a2 === a && r2 === r && chs.includes(ch));

describe("transition table: every chain × state × action × role", () => {
  it("knows the same states as the schema", () => {
    expect([...DOSSIER_STATES]).toEqual([...DOSSIER_STATUSES]);
  });

  const cases: [Chain, DossierState, TransitionAction, RecognitionRole][] = [];
  for (const ch of CHAINS) for (const s of DOSSIER_STATES) for (const a of TRANSITION_ACTIONS) for (const r of RECOGNITION_ROLES) cases.push([ch, s, a, r]);

  it("has 2 × 10 × 11 × 5 cases", () => expect(cases.length).toBe(1100));

  it.each(cases)("%s: %s × %s × %s", (ch, s, a, r) => {
    const got = decide(s, a, r, ch);
    const hit = allowed(s, a, r, ch);
    if (hit) {
      expect(got).toEqual({ ok: true, to: hit[4] });
    } else {
      // 403: someone else acts here, or this role never does this; 409: this role does it, but not now.
      const status = cellExists(s, a, ch) || !roleDoesAction(a, r, ch) ? 403 : 409;
      expect(got).toMatchObject({ ok: false, kind: status === 403 ? "forbidden" : "conflict" });
      expect((got as { message: string }).message).toMatch(status === 403 ? /^Bạn không có quyền / : /^Hồ sơ đang ở trạng thái “.+”, không thể /);
    }
  });

  it("availableActions lists exactly the allowed cells", () => {
    for (const ch of CHAINS)
      for (const s of DOSSIER_STATES)
        for (const r of RECOGNITION_ROLES) {
          expect(availableActions(s, r, ch)).toEqual(TRANSITION_ACTIONS.filter((a) => allowed(s, a, r, ch)));
        }
  });

  it("'other' (cadres, departments, out of scope) may do nothing", () => {
    for (const ch of CHAINS) for (const s of DOSSIER_STATES) expect(availableActions(s, "other", ch)).toEqual([]);
  });

  it("rejected and revoked are final", () => {
    for (const ch of CHAINS) for (const r of RECOGNITION_ROLES) for (const s of ["rejected", "revoked"] as const) expect(availableActions(s, r, ch)).toEqual([]);
  });

  it("editable only in draft and returned; frozen otherwise", () => {
    for (const s of DOSSIER_STATES) {
      expect(isEditable(s)).toBe(s === "draft" || s === "returned");
      expect(isFrozen(s)).toBe(!isEditable(s));
    }
  });
});

describe("chain, steps, reopeners", () => {
  it("defaults: 3-tier reviews at the district, 2-tier goes direct", () => {
    expect(defaultChain(3)).toBe("district_review");
    expect(defaultChain(2)).toBe("direct");
    expect(defaultChain(null)).toBe("district_review");
  });

  it("steps include the district only in 3-tier", () => {
    expect(chainSteps("district_review").map((s) => s.state)).toEqual(["draft", "submitted", "under_review", "under_appraisal", "recognised"]);
    expect(chainSteps("direct").map((s) => s.state)).toEqual(["draft", "submitted", "under_appraisal", "recognised"]);
  });

  it.each([
    ["district_review", "submitted", ["commune", "district"]],
    ["direct", "submitted", ["commune", "appraiser"]],
    ["district_review", "under_review", ["district"]],
    ["district_review", "reviewed", ["appraiser"]],
    ["district_review", "under_appraisal", ["appraiser"]],
    ["direct", "under_appraisal", ["appraiser"]],
    ["district_review", "appraised", []],
    ["district_review", "recognised", []],
    ["district_review", "draft", []],
  ] as [Chain, DossierState, RecognitionRole[]][])("%s %s → %j", (chain, state, roles) => {
    expect(reopeners(state, chain)).toEqual(roles);
  });
});

describe("roleFor (through can())", () => {
  const P: UnitRef = { id: 1, level: "province", provinceId: null, districtId: null, communeId: null };
  const D: UnitRef = { id: 10, level: "district", provinceId: 1, districtId: null, communeId: null };
  const D2: UnitRef = { id: 20, level: "district", provinceId: 1, districtId: null, communeId: null };
  const C: UnitRef = { id: 100, level: "commune", provinceId: 1, districtId: 10, communeId: null };
  const C2: UnitRef = { id: 200, level: "commune", provinceId: 1, districtId: 20, communeId: null };
  const a = (role: Actor["role"], scope: UnitRef): Actor => ({ id: 1, role, scope, departmentId: null });
  it.each([
    [a("commune_staff", C), C, "commune"],
    [a("commune_staff", C2), C, "other"],
    [a("leader", D), C, "district"],
    [a("leader", D2), C, "other"],
    [a("admin", P), C, "appraiser"],
    [a("leader", P), C, "leader"],
    [a("cadre", P), C, "other"],
    [a("department", P), C, "other"],
  ] as [Actor, UnitRef, RecognitionRole][])("%#", (actor, unit, role) => {
    expect(roleFor(actor, unit)).toBe(role);
  });
  it("anonymous is other", () => expect(roleFor(null, C)).toBe("other"));
});

describe("submissionProblems", () => {
  const levels = [
    { code: "NTM", rank: 1 },
    { code: "NTM_NC", rank: 2 },
    { code: "NTM_KM", rank: 3 },
  ];
  const complete: SubmissionInput = {
    level: "NTM_NC",
    levels,
    criteria: [
      { id: 1, number: 1, name: "Quy hoạch", result: { NTM: true, NTM_NC: true } },
      { id: 2, number: 2, name: "Giao thông", result: { NTM: true, NTM_NC: true, NTM_KM: false } },
    ],
    satisfactionPct: 95,
    satisfactionEvidence: "Báo cáo MTTQ số 12",
    noDebtConfirmed: true,
    securityConfirmed: true,
    documentKinds: ["to_trinh", "bao_cao_ket_qua", "tong_hop_y_kien", "bien_ban_hop"],
  };

  it("nothing when complete (a failure above the level does not count)", () => {
    expect(submissionProblems(complete)).toEqual({ unmet: [], messages: [] });
  });

  it("lists criteria unmet at the level or below, by number", () => {
    const r = submissionProblems({
      ...complete,
      criteria: [
        { id: 9, number: 9, name: "Nhà ở", result: { NTM: false, NTM_NC: false } },
        { id: 2, number: 2, name: "Giao thông", result: { NTM: true, NTM_NC: false } },
        { id: 3, number: 3, name: "Thủy lợi", result: { NTM: true } },
      ],
    });
    expect(r.unmet).toEqual([
      { id: 2, number: 2, name: "Giao thông", levels: ["NTM_NC"] },
      { id: 9, number: 9, name: "Nhà ở", levels: ["NTM", "NTM_NC"] },
    ]);
    expect(r.messages).toEqual(["Còn 2 tiêu chí chưa đạt theo kết quả tự đánh giá."]);
  });

  it("an unknown level is a problem", () => {
    expect(submissionProblems({ ...complete, level: "NTM_HD" }).messages).toEqual(["Mức đề nghị công nhận không có trong bộ tiêu chí của xã."]);
  });

  it("satisfaction, evidence, confirmations and each missing document", () => {
    const r = submissionProblems({ ...complete, satisfactionPct: null, satisfactionEvidence: "  ", noDebtConfirmed: false, securityConfirmed: false, documentKinds: ["to_trinh", "khac"] });
    expect(r.messages).toEqual([
      "Chưa nhập tỷ lệ người dân hài lòng.",
      "Chưa ghi minh chứng khảo sát sự hài lòng của người dân (do Mặt trận Tổ quốc tổ chức).",
      "Chưa xác nhận không còn nợ đọng xây dựng cơ bản trong xây dựng nông thôn mới.",
      "Chưa xác nhận xã không phải là điểm nóng về an ninh, trật tự.",
      "Thiếu tài liệu: Báo cáo kết quả thực hiện (kèm biểu chi tiết).",
      "Thiếu tài liệu: Báo cáo tổng hợp ý kiến tham gia của nhân dân.",
      "Thiếu tài liệu: Biên bản cuộc họp đề nghị xét công nhận.",
    ]);
  });

  it("0% satisfaction is entered (not missing); the threshold is the province's to judge", () => {
    expect(submissionProblems({ ...complete, satisfactionPct: 0 }).messages).toEqual([]);
  });
});

describe("snapshot and diff", () => {
  const snap = (over: Partial<Snapshot> = {}): Snapshot => ({
    ...buildSnapshot({
      at: "2026-03-01T00:00:00.000Z",
      level: "NTM_NC",
      key: "DBSCL",
      evalYear: 2025,
      values: new Map([
        [1, { value: "80", evidenceNote: "BC 1", evidenceLink: null }],
        [2, { value: "true", evidenceNote: null, evidenceLink: "https://a" }],
      ]),
      indicators: new Map([[1, { NTM: true }]]),
      criteria: new Map([[10, { NTM: true, NTM_NC: false }]]),
      levelReached: "NTM",
      satisfactionPct: 90,
      satisfactionEvidence: "MTTQ",
      noDebtConfirmed: true,
      securityConfirmed: true,
    }),
    ...over,
  });

  it("builds plain JSON keyed by id", () => {
    const s = snap();
    expect(s.values).toEqual({ "1": { v: "80", n: "BC 1", l: null }, "2": { v: "true", n: null, l: "https://a" } });
    expect(s.criteria).toEqual({ "10": { NTM: true, NTM_NC: false } });
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it("no change → empty diff", () => {
    expect(snapshotDiff(snap(), snap())).toEqual({ indicators: [], fields: [] });
  });

  it("value, evidence, added and removed indicators, and fields", () => {
    const before = snap();
    const after = snap({
      values: { "1": { v: "92", n: "BC 1", l: null }, "2": { v: "true", n: "Biên bản", l: "https://a" }, "3": { v: "5", n: null, l: null } },
      satisfactionPct: 96,
      securityConfirmed: false,
    });
    const d = snapshotDiff(before, after);
    expect(d.indicators).toEqual([
      { indicatorId: 1, before: { v: "80", n: "BC 1", l: null }, after: { v: "92", n: "BC 1", l: null }, valueChanged: true, evidenceChanged: false },
      { indicatorId: 2, before: { v: "true", n: null, l: "https://a" }, after: { v: "true", n: "Biên bản", l: "https://a" }, valueChanged: false, evidenceChanged: true },
      { indicatorId: 3, before: null, after: { v: "5", n: null, l: null }, valueChanged: true, evidenceChanged: false },
    ]);
    expect(d.fields).toEqual([
      { field: "satisfactionPct", label: "Tỷ lệ người dân hài lòng", before: "90%", after: "96%" },
      { field: "securityConfirmed", label: "Không là điểm nóng an ninh, trật tự", before: "Đã xác nhận", after: "Chưa xác nhận" },
    ]);
    const removed = snapshotDiff(after, before).indicators.find((c) => c.indicatorId === 3)!;
    expect(removed).toMatchObject({ before: { v: "5" }, after: null, valueChanged: true });
  });

  it("shows missing fields as a dash", () => {
    const d = snapshotDiff(snap({ satisfactionEvidence: null, satisfactionPct: null }), snap());
    expect(d.fields).toEqual([
      { field: "satisfactionPct", label: "Tỷ lệ người dân hài lòng", before: "—", after: "90%" },
      { field: "satisfactionEvidence", label: "Minh chứng khảo sát hài lòng", before: "—", after: "MTTQ" },
    ]);
  });
});

describe("parseReturnForm", () => {
  const ids = new Set([11, 12, 13]);
  const label = (id: number) => `2.${id - 10}`;
  it("accepts a note with reasons per indicator, ignoring blank rows", () => {
    expect(
      parseReturnForm(
        {
          note: "  Cần bổ sung minh chứng  ",
          rows: [
            { indicator: "12", reason: " Thiếu biên bản nghiệm thu " },
            { indicator: "", reason: "" },
          ],
        },
        ids,
        label,
      ),
    ).toEqual({ ok: true, note: "Cần bổ sung minh chứng", items: [{ indicatorId: 12, reason: "Thiếu biên bản nghiệm thu" }] });
  });
  it("a note alone is enough", () => {
    expect(parseReturnForm({ note: "Thiếu tờ trình", rows: [] }, ids, label)).toEqual({ ok: true, note: "Thiếu tờ trình", items: [] });
  });
  it.each([
    [{ note: "", rows: [] }, { note: "Hãy ghi lý do trả lại hồ sơ (nhận xét chung).", rows: {} }],
    [{ note: "x".repeat(2001), rows: [] }, { note: "Lý do chung tối đa 2.000 ký tự.", rows: {} }],
    [{ note: "a\u0000b", rows: [] }, { note: "Lý do chứa ký tự không hợp lệ.", rows: {} }],
    [{ note: "ok", rows: [{ indicator: "11", reason: "  " }] }, { rows: { 0: "Hãy ghi lý do trả lại cho chỉ tiêu 2.1." } }],
    [{ note: "ok", rows: [{ indicator: "", reason: "Sai số liệu" }] }, { rows: { 0: "Hãy chọn chỉ tiêu cho lý do này." } }],
    [{ note: "ok", rows: [{ indicator: "99", reason: "x" }] }, { rows: { 0: "Chỉ tiêu không có trong bộ tiêu chí của hồ sơ." } }],
    [{ note: "ok", rows: [{ indicator: "abc", reason: "x" }] }, { rows: { 0: "Chỉ tiêu không có trong bộ tiêu chí của hồ sơ." } }],
    [{ note: "ok", rows: [{ indicator: "11", reason: "y".repeat(1001) }] }, { rows: { 0: "Lý do tối đa 1.000 ký tự." } }],
    [{ note: "ok", rows: [{ indicator: "11", reason: "a\u0007" }] }, { rows: { 0: "Lý do chứa ký tự không hợp lệ." } }],
    [
      { note: "ok", rows: [{ indicator: "11", reason: "a" }, { indicator: "11", reason: "b" }] },
      { rows: { 1: "Chỉ tiêu 2.1 đã được chọn ở dòng trên." } },
    ],
    [
      { note: "ok", rows: Array.from({ length: 21 }, () => ({ indicator: "", reason: "" })) },
      { note: "Tối đa 20 chỉ tiêu trong một lần trả lại.", rows: {} },
    ],
  ])("refuses %#", (form, errors) => {
    expect(parseReturnForm(form, ids, label)).toEqual({ ok: false, kind: "invalid", errors });
  });
});

describe("parseDecision and parseReason", () => {
  const today = "2026-11-20";
  const opts = { needReason: false, needSigner: true };
  it("accepts a decision and normalises spaces around the slash", () => {
    expect(parseDecision({ number: " 123 / QĐ-UBND ", date: "20/11/2026", signer: " Trần Văn A ", reason: "" }, today, opts)).toEqual({
      ok: true,
      number: "123/QĐ-UBND",
      date: "2026-11-20",
      signer: "Trần Văn A",
      reason: "",
    });
  });
  it.each([
    [{ number: "", date: "01/02/2026", signer: "A", reason: "" }, { number: "Hãy nhập số quyết định, ví dụ 123/QĐ-UBND." }],
    [{ number: "QĐ 123", date: "01/02/2026", signer: "A", reason: "" }, { number: "Số quyết định phải có dạng số/ký hiệu, ví dụ 123/QĐ-UBND." }],
    [{ number: "123/QĐ-UBND", date: "", signer: "A", reason: "" }, { date: "Hãy nhập ngày ký quyết định (dd/mm/yyyy)." }],
    [{ number: "123/QĐ-UBND", date: "31/02/2026", signer: "A", reason: "" }, { date: "Ngày ký không hợp lệ, hãy nhập theo dạng dd/mm/yyyy." }],
    [{ number: "123/QĐ-UBND", date: "21/11/2026", signer: "A", reason: "" }, { date: "Ngày ký quyết định không được sau ngày hôm nay." }],
    [{ number: "123/QĐ-UBND", date: "20/11/2026", signer: " ", reason: "" }, { signer: "Hãy ghi người ký quyết định." }],
    [{ number: "123/QĐ-UBND", date: "20/11/2026", signer: "x".repeat(201), reason: "" }, { signer: "Tên người ký tối đa 200 ký tự, không chứa ký tự đặc biệt." }],
    [{ number: "", date: "", signer: "", reason: "" }, { number: "Hãy nhập số quyết định, ví dụ 123/QĐ-UBND.", date: "Hãy nhập ngày ký quyết định (dd/mm/yyyy).", signer: "Hãy ghi người ký quyết định." }],
  ])("refuses %#", (form, errors) => {
    expect(parseDecision(form, today, opts)).toEqual({ ok: false, kind: "invalid", errors });
  });
  it("revocation: reason required, signer optional", () => {
    expect(parseDecision({ number: "9/QĐ-UBND", date: "2026-01-05", signer: "", reason: "" }, today, { needReason: true, needSigner: false })).toEqual({ ok: false, kind: "invalid", errors: { reason: "Hãy ghi lý do." } });
    expect(parseDecision({ number: "9/QĐ-UBND", date: "2026-01-05", signer: "", reason: "Không giữ vững" }, today, { needReason: true, needSigner: false })).toMatchObject({ ok: true, reason: "Không giữ vững" });
  });
  it("parseReason", () => {
    expect(parseReason("  ", true)).toEqual({ ok: false, kind: "invalid", error: "Hãy ghi lý do." });
    expect(parseReason("  ", false)).toEqual({ ok: true, reason: "" });
    expect(parseReason("x".repeat(2001), false)).toEqual({ ok: false, kind: "invalid", error: "Lý do tối đa 2.000 ký tự, không chứa ký tự đặc biệt." });
    expect(parseReason(" Đạt ", true)).toEqual({ ok: true, reason: "Đạt" });
  });
});

describe("recognised level and the yearly review", () => {
  const levels = [
    { code: "NTM", rank: 1 },
    { code: "NTM_NC", rank: 2 },
  ];
  it("the highest recognised level wins; unknown codes are ignored", () => {
    expect(recognisedLevel(levels, [])).toBeNull();
    expect(recognisedLevel(levels, ["NTM"])).toBe("NTM");
    expect(recognisedLevel(levels, ["NTM_NC", "NTM"])).toBe("NTM_NC");
    expect(recognisedLevel(levels, ["XYZ"])).toBeNull();
  });

  /** 100 criteria applicable at NTM_NC, the first `failed` failing (the first of them a key criterion when `key`), plus 5 that apply only at NTM and fail (never counted). */
  function input(failed: number, key: boolean) {
    return {
      level: "NTM_NC",
      criteria: [
        ...Array.from({ length: 100 }, (_, i) => ({ criterion: { id: i + 1, number: i + 1, revocationKey: key && i === 0 }, result: { NTM: true, NTM_NC: i >= failed } })),
        ...Array.from({ length: 5 }, (_, i) => ({ criterion: { id: 200 + i, number: 200 + i, revocationKey: true }, result: { NTM: false } })),
      ],
    };
  }
  it.each([
    [29, false, false, "watch"],
    [29, true, false, "watch"],
    [30, false, false, "watch"],
    [30, true, true, "revoke"],
    [49, false, false, "watch"],
    [49, true, true, "revoke"],
    [50, false, true, "revoke"],
    [50, true, true, "revoke"],
    [0, false, false, "ok"],
  ])("%i%% failing, key %s → revoke %s (%s)", (failed, key, revoke, cls) => {
    const check = reviewRecognition(input(failed, key));
    expect(check.total).toBe(100);
    expect(check.failed).toBe(failed);
    expect(check.revoke).toBe(revoke);
    expect(reviewClass(check)).toBe(cls);
  });
  it("a criterion missing from the rollup counts as not applicable", () => {
    const check = reviewRecognition({ level: "NTM", criteria: [{ criterion: { id: 1, number: 1, revocationKey: false }, result: {} }] });
    expect(check).toMatchObject({ total: 0, revoke: false });
  });
});

describe("review of a model commune (319/QĐ-TTg: advanced set plus model conditions)", () => {
  const levels = [
    { code: "NTM", rank: 1, basis: null },
    { code: "NTM_NC", rank: 2, basis: null },
    { code: "NTM_KM", rank: 3, basis: "NTM_NC" },
  ];
  /** 19 advanced criteria (results at NTM and NTM_NC), the first `failedNc` failing at NTM_NC; one model-conditions criterion met. */
  function model(failedNc: number, conditionsMet = true) {
    return {
      level: "NTM_KM",
      levels,
      criteria: [
        ...Array.from({ length: 19 }, (_, i) => ({ criterion: { id: i + 1, number: i + 1, revocationKey: false }, result: { NTM: true, NTM_NC: i >= failedNc } })),
        { criterion: { id: 20, number: 20, revocationKey: false }, result: { NTM_KM: conditionsMet } },
      ],
    };
  }
  it("a model commune failing 10 of 19 advanced criteria is revoked, not ok", () => {
    const check = reviewRecognition(model(10));
    expect(check.total).toBe(20);
    expect(check.failed).toBe(10);
    expect(check.revoke).toBe(true);
    expect(reviewClass(check)).toBe("revoke");
  });
  it("a model commune meeting every advanced criterion and its conditions is ok", () => {
    expect(reviewClass(reviewRecognition(model(0)))).toBe("ok");
  });
  it("a failed model condition is listed (watch), with the advanced criteria all met", () => {
    const check = reviewRecognition(model(0, false));
    expect(check).toMatchObject({ total: 20, failed: 1, revoke: false });
    expect(reviewClass(check)).toBe("watch");
  });
  it("without levels (old callers) an NTM review is unchanged", () => {
    const check = reviewRecognition({ level: "NTM", criteria: [{ criterion: { id: 1, number: 1, revocationKey: false }, result: { NTM: false, NTM_NC: false } }] });
    expect(check).toMatchObject({ total: 1, failed: 1 });
  });
});

describe("which revocation rule reviews a recognition (18/2022 covers 2021–2025 only)", () => {
  // [set period end, province setting, rule kind, verified]
  const cases: [number, ProvinceRevocationSetting | null, ReviewRule["kind"], boolean][] = [
    [2025, null, "qd18_2022", true],
    [2025, { rule: null, source: null }, "qd18_2022", true],
    [2025, { rule: "qd18_2022", source: null }, "qd18_2022", true],
    [2030, null, "none", false],
    [2030, { rule: null, source: "https://example.gov.vn/van-ban" }, "none", false],
    [2030, { rule: "qd18_2022", source: null }, "province", false],
    [2030, { rule: "qd18_2022", source: "   " }, "province", false],
    [2030, { rule: "qd18_2022", source: "Quyết định số 12/2026/QĐ-UBND" }, "province", true],
  ];
  it.each(cases)("set ending %i, setting %j → %s (verified %s)", (periodTo, setting, kind, verified) => {
    const rule = reviewRuleFor(periodTo, setting);
    expect(rule.kind).toBe(kind);
    expect(rule.verified).toBe(verified);
  });

  /** 10 NTM criteria, `failed` failing. */
  const ntm = (failed: number) => ({ level: "NTM", criteria: Array.from({ length: 10 }, (_, i) => ({ criterion: { id: i + 1, number: i + 1, revocationKey: false }, result: { NTM: i >= failed } })) });
  // [set period end, setting, failing of 10, class]
  const outcomes: [number, ProvinceRevocationSetting | null, number, string][] = [
    [2025, null, 6, "revoke"],
    [2025, null, 2, "watch"],
    [2025, null, 0, "ok"],
    [2030, null, 6, "no_rule"],
    [2030, null, 0, "no_rule"],
    [2030, { rule: "qd18_2022", source: null }, 6, "revoke"],
    [2030, { rule: "qd18_2022", source: null }, 0, "ok"],
  ];
  it.each(outcomes)("set ending %i, setting %j, %i of 10 failing → %s", (periodTo, setting, failed, cls) => {
    const out = reviewUnderRule(reviewRuleFor(periodTo, setting), ntm(failed));
    expect(out.cls).toBe(cls);
    expect(out.check.failed).toBe(failed);
    if (cls === "no_rule") {
      expect(out.check.revoke).toBe(false);
      expect(out.check.reason).toBe(NO_RULE_MESSAGE);
    }
  });
  it("says so when the province's 2026–2030 rule has no source yet", () => {
    expect(reviewUnderRule(reviewRuleFor(2030, { rule: "qd18_2022", source: null }), ntm(6)).check.reason).toContain("chưa xác minh");
  });
});
