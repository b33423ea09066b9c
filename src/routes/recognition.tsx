// Recognition workflow (issue 7): a commune's dossiers, the dossier page with its actions along the
// province's chain, the return form, the reviewers' inbox, the yearly review, the public list.
import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { AppEnv } from "../env";
import type { Unit } from "../db/schema";
import { can } from "../domain/permissions";
import type { IndicatorKind } from "../domain/criteria-format";
import {
  DOCUMENT_KINDS,
  ROLE_LABELS,
  availableActions,
  decide,
  reopeners,
  roleFor,
  type RecognitionRole,
  type TransitionAction,
} from "../domain/recognition";
import {
  RETURN_ROWS_MAX,
  parseDecision,
  parseReason,
  parseReturnForm,
  snapshotDiff,
} from "../domain/recognition-forms";
import {
  addDocument,
  annualReview,
  communeDossiers,
  dossierDetail,
  dossiersInProgress,
  getDossier,
  liveProblems,
  previousSnapshotOf,
  provinceChain,
  publicRecognitions,
  registerDossier,
  removeDocument,
  saveDetails,
  setLevels,
  setProvinceChain,
  provinceRevocationSetting,
  setProvinceRevocationRule,
  snapshotOf,
  transition,
  type Dossier,
  type DossierDetail,
} from "../services/recognition";
import { getBinding } from "../services/checklist";
import { getUnit, parentChain, unitRef } from "../services/units";
import { authorize, isHtmx, pageProps, redirectAfterPost, requireUser } from "../web/context";
import { noControlChars } from "../web/validate";
import { msg } from "../messages";
import {
  DocumentsSection,
  DossierPage,
  ReturnPage,
  levelName,
  type DecisionState,
  type DetailsState,
  type DiffView,
  type DocumentState,
  type DossierPageProps,
  type Errors,
  type ReturnRowState,
  type SnapshotView,
} from "../../templates/pages/recognition-dossier";
import { CommuneDossiersPage, PublicRecognitionsPage, RecognitionInboxPage, ReviewPage, type RegisterState } from "../../templates/pages/recognition-lists";
import { unitAt } from "../web/unit-date";
import { publicCarried } from "../services/carry-over";
import { frozenFiles } from "../services/dossier-files";
import { filesOf } from "../services/evidence-files";
import { toFileView, type FileView } from "../../templates/components/evidence-files";

type C = Context<AppEnv>;

const ip = (c: C) => c.req.header("CF-Connecting-IP") ?? null;
/** Today in Vietnam (UTC+7, no daylight saving), yyyy-mm-dd. */
const vnToday = (now: Date) => new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
const str = (body: Record<string, unknown>, k: string) => (typeof body[k] === "string" ? (body[k] as string) : "");
const versionOf = (body: Record<string, unknown>) => {
  const v = Number(str(body, "version"));
  return Number.isInteger(v) && v >= 0 ? v : -1;
};

// ---------------------------------------------------------------------------------------------
// Loading and authorising

async function communeOf(c: C): Promise<Unit> {
  const code = c.req.param("code") ?? "";
  const unit = /^\d{5}$/.test(code) ? await unitAt(c, code) : undefined;
  if (!unit || unit.level !== "commune") throw new HTTPException(404, { message: msg.unitNotFound(code.slice(0, 20)) });
  authorize(c, "unit.viewData", { unit: unitRef(unit) });
  return unit;
}

/** The dossier behind :id (404), readable by whoever may read the commune's data (403 otherwise). */
async function dossierOf(c: C): Promise<{ dossier: Dossier; commune: Unit; role: RecognitionRole }> {
  const found = await getDossier(c.var.db, Number(c.req.param("id")));
  if (!found) throw new HTTPException(404, { message: "Không tìm thấy hồ sơ này." });
  authorize(c, "unit.viewData", { unit: unitRef(found.commune) });
  return { ...found, role: roleFor(c.var.user!.actor, unitRef(found.commune)) };
}

/** 403 / 409 from the transition table, before any input is read. */
function allow(dossier: Dossier, action: TransitionAction, role: RecognitionRole): { ok: true } | { ok: false; status: 403 | 409; message: string } {
  const d = decide(dossier.status, action, role, dossier.chain);
  return d.ok ? { ok: true } : d;
}

async function crumbs(c: C, unit: Unit) {
  const chain = await parentChain(c.var.db, unit);
  const actor = c.var.user!.actor;
  return [...chain, unit].map((u) => ({ code: u.code, name: u.name, viewable: can(actor, "unit.view", { unit: unitRef(u) }) }));
}

// ---------------------------------------------------------------------------------------------
// The dossier page

const detailsState = (d: Dossier): DetailsState => ({
  satisfactionPct: d.satisfactionPct === null ? "" : String(d.satisfactionPct),
  satisfactionEvidence: d.satisfactionEvidence ?? "",
  noDebtConfirmed: d.noDebtConfirmed,
  securityConfirmed: d.securityConfirmed,
  version: d.version,
});

function snapshotView(dossier: Dossier, detail: DossierDetail): SnapshotView | null {
  const s = snapshotOf(dossier);
  if (!s) return null;
  const level = dossier.level as "NTM";
  return {
    at: s.at,
    levelReached: s.levelReached,
    criteria: detail.criteria.map((cr) => ({ number: cr.number, name: cr.name, met: s.criteria[String(cr.id)]?.[level] ?? null })),
    indicators: detail.indicators.map((i) => {
      const v = s.values[String(i.id)];
      return {
        code: i.code,
        name: i.name,
        kind: i.kind as IndicatorKind,
        unit: i.unit,
        value: v?.v ?? null,
        evidence: [v?.n, v?.l].filter(Boolean).join(" | ") || null,
        met: s.indicators[String(i.id)]?.[level] ?? null,
      };
    }),
    satisfactionPct: s.satisfactionPct,
    satisfactionEvidence: s.satisfactionEvidence,
    noDebtConfirmed: s.noDebtConfirmed,
    securityConfirmed: s.securityConfirmed,
  };
}

function diffView(dossier: Dossier, detail: DossierDetail): DiffView | null {
  const before = previousSnapshotOf(dossier);
  const after = snapshotOf(dossier);
  if (!before || !after) return null;
  const diff = snapshotDiff(before, after);
  const ind = new Map(detail.indicators.map((i) => [i.id, i]));
  // Returns closed by the latest submission: what the reviewer asked the commune to fix.
  const answered = detail.returns.filter((r) => r.resolvedAt !== null && r.resolvedAt === dossier.submittedAt);
  const reasonOf = new Map(answered.map((r) => [r.indicatorId, r.reason]));
  const evidence = (v: { n: string | null; l: string | null } | null) => [v?.n, v?.l].filter(Boolean).join(" | ") || null;
  return {
    previousAt: before.at,
    indicators: diff.indicators.map((ch) => {
      const i = ind.get(ch.indicatorId);
      return {
        code: i?.code ?? String(ch.indicatorId),
        name: i?.name ?? "",
        kind: (i?.kind ?? "number") as IndicatorKind,
        unit: i?.unit ?? null,
        before: ch.before?.v ?? null,
        after: ch.after?.v ?? null,
        evidenceBefore: evidence(ch.before),
        evidenceAfter: evidence(ch.after),
        valueChanged: ch.valueChanged,
        evidenceChanged: ch.evidenceChanged,
        returnedReason: reasonOf.get(ch.indicatorId) ?? null,
      };
    }),
    fields: diff.fields,
    unchangedReturned: answered
      .filter((r) => !diff.indicators.some((ch) => ch.indicatorId === r.indicatorId))
      .map((r) => ({ code: ind.get(r.indicatorId)?.code ?? "", name: ind.get(r.indicatorId)?.name ?? "", reason: r.reason })),
  };
}

/** Issue 13: the scans attached to each dossier document (one indexed query). */
async function withDocumentFiles<D extends { id: number }>(db: C["var"]["db"], commune: Unit, documents: D[]): Promise<(D & { files: FileView[] })[]> {
  const files = await filesOf(db, commune.id, "dossier_document", documents.map((d) => d.id));
  return documents.map((d) => ({ ...d, files: files.filter((f) => f.parentId === d.id).map(toFileView) }));
}

/** Issue 13: how many evidence files the latest submission froze, and the ZIP of them. */
async function withFrozenFiles(db: C["var"]["db"], dossier: Dossier, view: SnapshotView | null): Promise<SnapshotView | null> {
  if (!view) return null;
  const files = await frozenFiles(db, dossier);
  return { ...view, evidence: { files: files.length, zipUrl: `/files/dossiers/${dossier.id}/minh-chung.zip` } };
}

async function dossierPage(c: C, dossier: Dossier, commune: Unit, role: RecognitionRole, extra: Partial<DossierPageProps> = {}, status: 200 | 409 | 422 = 200) {
  const db = c.var.db;
  const detail = await dossierDetail(db, dossier);
  const actions = availableActions(dossier.status, role, dossier.chain);
  let problems: DossierPageProps["problems"] = null;
  if (actions.includes("submit")) {
    const live = await liveProblems(db, dossier, commune, detail.documents.map((d) => d.kind));
    problems = live ? { unmet: live.unmet, messages: live.messages } : { unmet: [], messages: ["Bộ tiêu chí của xã đã thay đổi so với hồ sơ; không thể nộp hồ sơ này."] };
  }
  const ind = new Map(detail.indicators.map((i) => [i.id, i]));
  const lastReturn = [...detail.events].reverse().find((e) => e.action === "return");
  const props: DossierPageProps = {
    ...pageProps(c),
    chain: (await crumbs(c, commune)).map((x, i, all) => (i === all.length - 1 ? { ...x, viewable: true } : x)),
    communeName: commune.name,
    communeCode: commune.code,
    dossier,
    roleLabel: role === "other" ? "xem" : ROLE_LABELS[role],
    actions,
    problems,
    documents: await withDocumentFiles(db, commune, detail.documents),
    events: detail.events,
    openReturns: dossier.status === "returned" ? detail.returns.filter((r) => r.resolvedAt === null).map((r) => ({ indicatorId: r.indicatorId, code: ind.get(r.indicatorId)?.code ?? "", name: ind.get(r.indicatorId)?.name ?? "", reason: r.reason })) : [],
    returnNote: dossier.status === "returned" ? (lastReturn?.reason ?? null) : null,
    snapshot: await withFrozenFiles(db, dossier, snapshotView(dossier, detail)),
    diff: diffView(dossier, detail),
    reopeners: reopeners(dossier.status, dossier.chain).map((r) => ROLE_LABELS[r]),
    details: { state: detailsState(dossier), errors: {} },
    ...extra,
  };
  return c.html(<DossierPage {...props} />, status);
}

/** The page again with the latest dossier and a message (409), keeping `extra` (what the user typed). */
async function conflict(c: C, id: number, message: string, extra: Partial<DossierPageProps> = {}) {
  const fresh = (await getDossier(c.var.db, id))!;
  const role = roleFor(c.var.user!.actor, unitRef(fresh.commune));
  return dossierPage(c, fresh.dossier, fresh.commune, role, { alert: { kind: "warn", message }, ...extra }, 409);
}

// ---------------------------------------------------------------------------------------------
// Schemas

const detailsSchema = z.object({
  satisfactionPct: z
    .string()
    .trim()
    .transform((s) => s.replace(/\s*%$/, ""))
    .refine((s) => s === "" || /^\d{1,3}$/.test(s), "Tỷ lệ hài lòng là số nguyên phần trăm, ví dụ 92.")
    .transform((s) => (s === "" ? null : Number(s)))
    .refine((n) => n === null || n <= 100, "Tỷ lệ hài lòng phải từ 0 đến 100."),
  satisfactionEvidence: z.string().max(1000, "Minh chứng tối đa 1.000 ký tự.").refine(noControlChars, msg.invalid).default(""),
  noDebtConfirmed: z.string().optional(),
  securityConfirmed: z.string().optional(),
});

const documentSchema = z.object({
  kind: z.enum(DOCUMENT_KINDS, { message: "Hãy chọn loại tài liệu." }),
  title: z.string().trim().min(1, "Hãy ghi tên hoặc số hiệu tài liệu.").max(300, "Tên tài liệu tối đa 300 ký tự.").refine(noControlChars, msg.invalid),
  link: z
    .string()
    .trim()
    .max(500, "Đường dẫn tối đa 500 ký tự.")
    .refine((v) => v === "" || /^https?:\/\/[^\s]+$/i.test(v), "Đường dẫn phải bắt đầu bằng http:// hoặc https://.")
    .default(""),
  note: z.string().trim().max(500, "Ghi chú tối đa 500 ký tự.").refine(noControlChars, msg.invalid).default(""),
});

const firstErrors = (error: z.ZodError): Errors => {
  const out: Errors = {};
  for (const issue of error.issues) out[String(issue.path[0] ?? "form")] ??= issue.message;
  return out;
};

const ACTION_PATHS: Record<string, Exclude<TransitionAction, "edit" | "return">> = {
  submit: "submit",
  withdraw: "withdraw",
  "start-review": "start_review",
  "approve-review": "approve_review",
  "start-appraisal": "start_appraisal",
  appraise: "appraise",
  recognise: "recognise",
  reject: "reject",
  revoke: "revoke",
};

// ---------------------------------------------------------------------------------------------
// Routes

export const recognitionRoutes = new Hono<AppEnv>()
  .use("/communes/:code/dossiers", requireUser)
  .use("/dossiers/*", requireUser)
  .use("/recognitions", requireUser)
  .use("/recognitions/*", requireUser)

  // A commune's dossiers and the registration form.
  .get("/communes/:code/dossiers", async (c) => {
    const commune = await communeOf(c);
    return communeDossiersPage(c, commune, { level: "", year: vnToday(c.var.now).slice(0, 4) }, {});
  })
  .post("/communes/:code/dossiers", async (c) => {
    const commune = await communeOf(c);
    authorize(c, "dossier.prepare", { unit: unitRef(commune) });
    const body = await c.req.parseBody();
    const form: RegisterState = { level: str(body, "level").slice(0, 20), year: str(body, "year").trim().slice(0, 10) };
    const thisYear = Number(vnToday(c.var.now).slice(0, 4));
    const errors: Errors = {};
    if (form.level === "") errors.level = "Hãy chọn mức đề nghị công nhận.";
    const year = Number(form.year);
    if (!/^\d{4}$/.test(form.year) || year < thisYear - 1 || year > thisYear + 5) errors.year = `Năm xét phải từ ${thisYear - 1} đến ${thisYear + 5}.`;
    if (Object.keys(errors).length) return communeDossiersPage(c, commune, form, errors, 422);
    const province = (await getUnit(c.var.db, commune.provinceId!))!;
    const outcome = await registerDossier(c.var.db, c.var.user!.actor.id, commune, province, { level: form.level, year }, c.var.now.toISOString(), ip(c));
    if (!outcome.ok) return communeDossiersPage(c, commune, form, { [outcome.status === 422 ? "level" : "form"]: outcome.message }, outcome.status === 409 ? 409 : 422, outcome.existingId);
    return redirectAfterPost(c, `/dossiers/${outcome.id}`);
  })

  // The dossier.
  .get("/dossiers/:id{[0-9]+}", async (c) => {
    const { dossier, commune, role } = await dossierOf(c);
    return dossierPage(c, dossier, commune, role);
  })
  .post("/dossiers/:id{[0-9]+}/details", async (c) => {
    const { dossier, commune, role } = await dossierOf(c);
    const allowed = allow(dossier, "edit", role);
    const body = await c.req.parseBody();
    const typed: DetailsState = {
      satisfactionPct: str(body, "satisfactionPct").slice(0, 10),
      satisfactionEvidence: str(body, "satisfactionEvidence").slice(0, 1000),
      noDebtConfirmed: str(body, "noDebtConfirmed") === "1",
      securityConfirmed: str(body, "securityConfirmed") === "1",
      version: versionOf(body),
    };
    if (!allowed.ok) {
      if (allowed.status === 403) throw new HTTPException(403, { message: allowed.message });
      return conflict(c, dossier.id, allowed.message);
    }
    const parsed = detailsSchema.safeParse(body);
    if (!parsed.success) return dossierPage(c, dossier, commune, role, { details: { state: typed, errors: firstErrors(parsed.error) } }, 422);
    const outcome = await saveDetails(
      c.var.db,
      c.var.user!.actor.id,
      dossier,
      { satisfactionPct: parsed.data.satisfactionPct, satisfactionEvidence: parsed.data.satisfactionEvidence, noDebtConfirmed: typed.noDebtConfirmed, securityConfirmed: typed.securityConfirmed, version: typed.version },
      ip(c),
    );
    if (!outcome.ok) {
      const fresh = (await getDossier(c.var.db, dossier.id))!;
      // Keep what the user typed; the form now carries the newer version, so saving again is deliberate.
      return conflict(c, dossier.id, outcome.message, { details: { state: { ...typed, version: fresh.dossier.version }, errors: {} } });
    }
    return redirectAfterPost(c, `/dossiers/${dossier.id}`);
  })
  .post("/dossiers/:id{[0-9]+}/documents", async (c) => {
    const { dossier, commune, role } = await dossierOf(c);
    const allowed = allow(dossier, "edit", role);
    if (!allowed.ok && allowed.status === 403) throw new HTTPException(403, { message: allowed.message });
    const body = await c.req.parseBody();
    const typed: DocumentState = { kind: str(body, "kind").slice(0, 30), title: str(body, "title").slice(0, 300), link: str(body, "link").slice(0, 500), note: str(body, "note").slice(0, 500) };
    const respond = async (status: 200 | 409 | 422, errors: Errors, announce?: string) => {
      const current = (await getDossier(c.var.db, dossier.id))!.dossier;
      const detail = await dossierDetail(c.var.db, current);
      const canEdit = availableActions(current.status, role, current.chain).includes("edit");
      c.header("Vary", "HX-Request");
      if (isHtmx(c)) {
        return c.html(<DocumentsSection dossierId={dossier.id} csrfToken={c.var.csrfToken} documents={await withDocumentFiles(c.var.db, commune, detail.documents)} canEdit={canEdit} form={status === 200 ? undefined : { state: typed, errors }} announce={announce} />, status);
      }
      return dossierPage(c, current, commune, role, { document: { state: typed, errors } }, status === 200 ? 200 : status);
    };
    if (!allowed.ok) return respond(409, { form: allowed.message });
    const parsed = documentSchema.safeParse(body);
    if (!parsed.success) return respond(422, firstErrors(parsed.error));
    const outcome = await addDocument(c.var.db, c.var.user!.actor.id, dossier, parsed.data, c.var.now.toISOString(), ip(c));
    if (!outcome.ok) return respond(409, { form: outcome.message });
    if (!isHtmx(c)) return redirectAfterPost(c, `/dossiers/${dossier.id}`);
    return respond(200, {}, `Đã thêm tài liệu “${parsed.data.title}”.`);
  })
  .post("/dossiers/:id{[0-9]+}/documents/:doc{[0-9]+}/delete", async (c) => {
    const { dossier, role } = await dossierOf(c);
    const allowed = allow(dossier, "edit", role);
    if (!allowed.ok) {
      if (allowed.status === 403) throw new HTTPException(403, { message: allowed.message });
      return conflict(c, dossier.id, allowed.message);
    }
    const outcome = await removeDocument(c.var.db, c.var.user!.actor.id, dossier, Number(c.req.param("doc")), ip(c));
    if (!outcome.ok) {
      if (outcome.status === 404) throw new HTTPException(404, { message: outcome.message });
      return conflict(c, dossier.id, outcome.message);
    }
    return redirectAfterPost(c, `/dossiers/${dossier.id}`);
  })

  // Return with reasons.
  .get("/dossiers/:id{[0-9]+}/return", async (c) => {
    const { dossier, commune, role } = await dossierOf(c);
    const allowed = allow(dossier, "return", role);
    if (!allowed.ok) {
      if (allowed.status === 403) throw new HTTPException(403, { message: allowed.message });
      return conflict(c, dossier.id, allowed.message);
    }
    const rows = Math.min(Math.max(Number(c.req.query("rows")) || 3, 1), RETURN_ROWS_MAX);
    return returnPage(c, dossier, commune, "", Array.from({ length: rows }, () => ({ indicator: "", reason: "" })), { rows: {} });
  })
  .post("/dossiers/:id{[0-9]+}/return", async (c) => {
    const { dossier, commune, role } = await dossierOf(c);
    const allowed = allow(dossier, "return", role);
    if (!allowed.ok && allowed.status === 403) throw new HTTPException(403, { message: allowed.message });
    const body = await c.req.parseBody();
    const rows: ReturnRowState[] = [];
    for (let i = 0; i < RETURN_ROWS_MAX; i++) {
      if (!(`indicator_${i}` in body) && !(`reason_${i}` in body)) continue;
      rows.push({ indicator: str(body, `indicator_${i}`).slice(0, 12), reason: str(body, `reason_${i}`).slice(0, 1000) });
    }
    const note = str(body, "note").slice(0, 2000);
    const version = versionOf(body);
    if (!allowed.ok) return conflict(c, dossier.id, allowed.message);
    if (str(body, "more") === "1") {
      const more = [...rows, ...Array.from({ length: 3 }, () => ({ indicator: "", reason: "" }))].slice(0, RETURN_ROWS_MAX);
      return returnPage(c, dossier, commune, note, more, { rows: {} }, 200, version);
    }
    const detail = await dossierDetail(c.var.db, dossier);
    const codeOf = new Map(detail.indicators.map((i) => [i.id, i.code]));
    const parsed = parseReturnForm({ note, rows }, new Set(codeOf.keys()), (id) => codeOf.get(id) ?? String(id));
    if (!parsed.ok) return returnPage(c, dossier, commune, note, rows.length ? rows : [{ indicator: "", reason: "" }], parsed.errors, 422, version);
    const outcome = await transition(c.var.db, { actorId: c.var.user!.actor.id, role, nowIso: c.var.now.toISOString(), ip: ip(c) }, dossier, commune, "return", {
      version,
      reason: parsed.note,
      returns: parsed.items,
    });
    if (!outcome.ok) {
      if (outcome.status === 403 || outcome.status === 404) throw new HTTPException(outcome.status, { message: outcome.message });
      if (outcome.status === 409) {
        const fresh = (await getDossier(c.var.db, dossier.id))!;
        if (decide(fresh.dossier.status, "return", role, fresh.dossier.chain).ok) {
          return returnPage(c, fresh.dossier, commune, note, rows, { rows: {}, form: outcome.message }, 409, fresh.dossier.version);
        }
        return conflict(c, dossier.id, outcome.message);
      }
      return returnPage(c, dossier, commune, note, rows, { rows: {}, form: outcome.message }, 422, version);
    }
    return redirectAfterPost(c, `/dossiers/${dossier.id}`);
  })

  // Every other transition: one route, the action from the path.
  .post("/dossiers/:id{[0-9]+}/:action{submit|withdraw|start-review|approve-review|start-appraisal|appraise|recognise|reject|revoke}", async (c) => {
    const action = ACTION_PATHS[c.req.param("action")];
    const { dossier, commune, role } = await dossierOf(c);
    const allowed = allow(dossier, action, role);
    if (!allowed.ok && allowed.status === 403) throw new HTTPException(403, { message: allowed.message });
    const body = await c.req.parseBody();
    const typed: DecisionState = { number: str(body, "number").slice(0, 60), date: str(body, "date").slice(0, 20), signer: str(body, "signer").slice(0, 200), reason: str(body, "reason").slice(0, 2000) };
    const version = versionOf(body);
    const keep = { decision: { action, state: typed, errors: {} } };
    if (!allowed.ok) return conflict(c, dossier.id, allowed.message, keep);

    const payload: Parameters<typeof transition>[5] = { version, reason: typed.reason };
    const invalid = (errors: Errors) =>
      dossierPage(c, dossier, commune, role, { decision: { action, state: typed, errors }, alert: { kind: "error", message: "Thông tin chưa hợp lệ, hãy kiểm tra các ô được đánh dấu." } }, 422);
    if (action === "recognise" || action === "revoke") {
      const parsed = parseDecision(typed, vnToday(c.var.now), { needReason: action === "revoke", needSigner: action === "recognise" });
      if (!parsed.ok) return invalid(parsed.errors);
      payload.reason = parsed.reason;
      payload.decision = { number: parsed.number, date: parsed.date, signer: parsed.signer };
    } else if (action === "reject" || action === "approve_review" || action === "appraise") {
      const parsed = parseReason(typed.reason, action === "reject");
      if (!parsed.ok) return invalid({ reason: parsed.error });
      payload.reason = parsed.reason;
    }
    const outcome = await transition(c.var.db, { actorId: c.var.user!.actor.id, role, nowIso: c.var.now.toISOString(), ip: ip(c) }, dossier, commune, action, payload);
    if (!outcome.ok) {
      if (outcome.status === 403 || outcome.status === 404) throw new HTTPException(outcome.status, { message: outcome.message });
      if (outcome.status === 409) return conflict(c, dossier.id, outcome.message, keep);
      return dossierPage(c, dossier, commune, role, { alert: { kind: "error", message: outcome.message, list: outcome.problems?.messages }, ...keep }, 422);
    }
    return redirectAfterPost(c, `/dossiers/${dossier.id}`);
  })

  // The reviewers' inbox, the chain setting and the yearly review.
  .get("/recognitions", async (c) => inboxPage(c))
  .post("/recognitions/chain", async (c) => {
    const province = await actorProvince(c);
    authorize(c, "dossier.appraise", { unit: unitRef(province) });
    const body = await c.req.parseBody();
    const chain = str(body, "chain");
    if (chain !== "district_review" && chain !== "direct") return inboxPage(c, { error: "Hãy chọn một quy trình." }, 422);
    const outcome = await setProvinceChain(c.var.db, c.var.user!.actor.id, province, chain, versionOf(body), ip(c));
    if (!outcome.ok) return inboxPage(c, { error: "Quy trình vừa được người khác thay đổi; nội dung mới nhất được hiển thị. Hãy chọn lại nếu vẫn muốn đổi." }, 409);
    return redirectAfterPost(c, "/recognitions");
  })
  // The province's revocation rule for 2026–2030 recognitions (no national text found: unverified until a source is given).
  .post("/recognitions/revocation-rule", async (c) => {
    const province = await actorProvince(c);
    authorize(c, "dossier.appraise", { unit: unitRef(province) });
    const body = await c.req.parseBody();
    const rule = str(body, "rule");
    const source = str(body, "source").trim();
    if (rule !== "none" && rule !== "qd18_2022") return inboxPage(c, {}, 422, { error: "Hãy chọn một quy tắc." });
    if (source.length > 300 || !noControlChars(source)) return inboxPage(c, {}, 422, { error: "Nguồn văn bản tối đa 300 ký tự, không chứa ký tự điều khiển." });
    await setProvinceRevocationRule(c.var.db, c.var.user!.actor.id, province, { rule: rule === "none" ? null : rule, source: source || null }, ip(c));
    return redirectAfterPost(c, "/recognitions");
  })
  .get("/recognitions/review", async (c) => {
    const province = await actorProvince(c);
    const actor = c.var.user!.actor;
    if (!can(actor, "dossier.appraise", { unit: unitRef(province) }) && !can(actor, "dossier.decide", { unit: unitRef(province) })) throw new HTTPException(403, { message: msg.forbidden });
    const items = await annualReview(c.var.db, province.id);
    return c.html(
      <ReviewPage
        {...pageProps(c)}
        provinceName={province.name}
        asOf={c.var.now.toISOString()}
        rows={items.map((i) => ({
          dossierId: i.dossierId,
          communeName: i.communeName,
          level: i.level,
          year: i.year,
          decisionNumber: i.decisionNumber,
          decisionDate: i.decisionDate,
          failed: i.check.failed,
          total: i.check.total,
          reason: i.check.reason,
          failing: i.failing,
          cls: i.cls,
        }))}
      />,
    );
  })

  // Public: recognised communes with their decisions.
  .get("/public/recognitions", async (c) => {
    const q = c.req.query("province") ?? "";
    const province = /^\d{2}$/.test(q) ? q : "";
    const [{ provinces, items }, carried] = await Promise.all([publicRecognitions(c.var.db, province || undefined), publicCarried(c.var.db, province || undefined)]);
    return c.html(<PublicRecognitionsPage {...pageProps(c)} provinces={provinces} province={province} rows={items} carried={carried} />);
  });

// ---------------------------------------------------------------------------------------------
// Page helpers

async function communeDossiersPage(c: C, commune: Unit, form: RegisterState, errors: Errors, status: 200 | 409 | 422 = 200, existingId?: number) {
  const db = c.var.db;
  const actor = c.var.user!.actor;
  const canPrepare = can(actor, "dossier.prepare", { unit: unitRef(commune) });
  const [rows, binding, province] = await Promise.all([communeDossiers(db, commune.id), getBinding(db, commune.id), getUnit(db, commune.provinceId!)]);
  const levels = binding ? await setLevels(db, binding.setId) : [];
  const { chain } = await provinceChain(db, province!);
  return c.html(
    <CommuneDossiersPage
      {...pageProps(c)}
      chain={(await crumbs(c, commune)).map((x, i, all) => (i === all.length - 1 ? { ...x, viewable: true } : x))}
      communeName={commune.name}
      communeCode={commune.code}
      rows={rows}
      canPrepare={canPrepare}
      levels={levels.map((l) => ({ code: l.code, name: `${levelName(l.code)}: ${l.name}` }))}
      form={form}
      errors={errors}
      existingId={existingId}
      processChain={chain}
    />,
    status,
  );
}

async function returnPage(c: C, dossier: Dossier, commune: Unit, note: string, rows: ReturnRowState[], errors: { note?: string; rows: Record<number, string>; form?: string }, status: 200 | 409 | 422 = 200, version = dossier.version) {
  const detail = await dossierDetail(c.var.db, dossier);
  const s = snapshotOf(dossier);
  const level = dossier.level as "NTM";
  return c.html(
    <ReturnPage
      {...pageProps(c)}
      dossierId={dossier.id}
      version={version}
      communeName={commune.name}
      title={`Hồ sơ ${levelName(dossier.level)} năm ${dossier.year}`}
      criteria={detail.criteria.map((cr) => ({
        number: cr.number,
        name: cr.name,
        indicators: detail.indicators.filter((i) => i.criterionId === cr.id).map((i) => ({ id: i.id, code: i.code, name: i.name, failing: s?.indicators[String(i.id)]?.[level] === false })),
      }))}
      note={note}
      rows={rows}
      errors={errors}
    />,
    status,
  );
}

/** The province of the logged-in user (their scope's province, or the scope itself). */
async function actorProvince(c: C): Promise<Unit> {
  const scope = c.var.user!.actor.scope;
  const province = await getUnit(c.var.db, scope.level === "province" ? scope.id : scope.provinceId!);
  if (!province) throw new HTTPException(404, { message: msg.notFound });
  return province;
}

async function inboxPage(c: C, chainMessage: { error?: string; message?: string } = {}, status: 200 | 409 | 422 = 200, ruleMessage: { error?: string } = {}) {
  const db = c.var.db;
  const actor = c.var.user!.actor;
  const scope = await getUnit(db, actor.scope.id);
  if (!scope) throw new HTTPException(404, { message: msg.notFound });
  if (actor.role === "commune_staff" && scope.level === "commune") return c.redirect(`/communes/${scope.code}/dossiers`, 302);
  authorize(c, "unit.viewData", { unit: unitRef(scope) });
  const rows = scope.level === "district" || scope.level === "province" ? await dossiersInProgress(db, scope) : [];
  const withRole = rows.map((r) => {
    const role = roleFor(actor, { id: r.communeId, level: "commune", provinceId: r.provinceId, districtId: r.districtId, communeId: null });
    return { ...r, mine: availableActions(r.status, role, r.chain).some((a) => a !== "edit") };
  });
  const province = scope.level === "province" ? scope : null;
  const chainSetting = province
    ? { ...(await provinceChain(db, province)), provinceCode: province.code, canEdit: can(actor, "dossier.appraise", { unit: unitRef(province) }), ...chainMessage }
    : null;
  const canReview = !!province && (can(actor, "dossier.appraise", { unit: unitRef(province) }) || can(actor, "dossier.decide", { unit: unitRef(province) }));
  const revocationSetting = province ? { ...(await provinceRevocationSetting(db, province.id)), canEdit: can(actor, "dossier.appraise", { unit: unitRef(province) }), ...ruleMessage } : null;
  return c.html(
    <RecognitionInboxPage {...pageProps(c)} areaName={scope.name} mine={withRole.filter((r) => r.mine)} others={withRole.filter((r) => !r.mine)} canReview={canReview} chainSetting={chainSetting} revocationSetting={revocationSetting} />,
    status,
  );
}
