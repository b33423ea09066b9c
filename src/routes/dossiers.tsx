// A commune's dossiers and their registration, the dossier page's forms (details, documents) and its
// transitions along the province's chain, and the return form (recognition workflow).
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import type { Unit } from "../db/schema";
import { can } from "../domain/permissions";
import {
  availableActions,
  decide,
  type TransitionAction,
} from "../domain/recognition";
import { RETURN_ROWS_MAX, detailsSchema, documentSchema, parseReturnForm, registerSchema, returnTyped, transitionSchema, transitionTyped } from "../domain/recognition-forms";
import {
  addDocument,
  getDossier,
  provinceChain,
  registerDossier,
  removeDocument,
  saveDetails,
  snapshotOf,
  transition,
  type Dossier,
} from "../services/recognition";
import { communeDossiers, dossierDetail, setLevels } from "../services/recognition-queries";
import { getBinding } from "../services/checklist";
import { getUnit, unitRef } from "../services/units";
import { authorize, isHtmx, pageProps, redirectAfterPost, requireUser } from "../web/context";
import { once } from "../web/once";
import { validate } from "../web/validate";
import { ProblemsSection, ReturnPage, type ReturnRowState } from "../../templates/pages/recognition-dossier";
import type { Errors } from "../../templates/components/recognition-common";
import { levelName } from "../web/progress-view";
import { DocumentsSection, type DocumentState } from "../../templates/components/recognition-documents";
import type { DecisionState, DetailsState } from "../../templates/components/recognition-forms";
import { CommuneDossiersPage, type RegisterState } from "../../templates/pages/recognition-lists";
import { allow, crumbs, dossierOf, str, versionOf } from "../web/recognition-request";
import { conflict, dossierPage, problemsOf, withDocumentFiles } from "../web/dossier-view";
import { type C, clientIp, communeParam, currentActor, todayOf } from "../web/request";
import { STATUS, statusOf } from "../web/outcome";


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

/** The dossier whose details are saved, the user's role, the form as typed; a Response when editing is refused now (409). */
async function detailsTarget(c: C) {
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
    if (allowed.kind === "forbidden") throw new HTTPException(statusOf(allowed), { message: allowed.message });
    return conflict(c, dossier.id, allowed.message);
  }
  return { dossier, commune, role, typed };
}

const detailsForm = validate("form", detailsSchema, async (c, errors) => {
  const target = await detailsTarget(c);
  if (target instanceof Response) return target;
  return dossierPage(c, target.dossier, target.commune, target.role, { details: { state: target.typed, errors } }, 422);
});

/** The commune a dossier is registered for (by who prepares its dossiers) and the form as typed. */
async function registerTarget(c: C) {
  const commune = await communeParam(c, "unit.viewData");
  authorize(c, "dossier.prepare", { unit: unitRef(commune) });
  const body = await c.req.parseBody();
  const form: RegisterState = { level: str(body, "level").slice(0, 20), year: str(body, "year").trim().slice(0, 10) };
  return { commune, form };
}

const registerForm = validate("form", (c) => registerSchema(todayOf(c)), async (c, errors) => {
  const { commune, form } = await registerTarget(c);
  return communeDossiersPage(c, commune, form, errors, 422);
});

/** The dossier a document is added to, the form as typed and how to answer it (the documents fragment for htmx). */
async function documentTarget(c: C) {
  const { dossier, commune, role } = await dossierOf(c);
  const allowed = allow(dossier, "edit", role);
  if (!allowed.ok && allowed.kind === "forbidden") throw new HTTPException(statusOf(allowed), { message: allowed.message });
  const body = await c.req.parseBody();
  const typed: DocumentState = { kind: str(body, "kind").slice(0, 30), title: str(body, "title").slice(0, 300), link: str(body, "link").slice(0, 500), note: str(body, "note").slice(0, 500) };
  const respond = async (status: 200 | 409 | 422, errors: Errors, announce?: string) => {
    const current = (await getDossier(c.var.db, dossier.id))!.dossier;
    const detail = await dossierDetail(c.var.db, current);
    const canEdit = availableActions(current.status, role, current.chain).includes("edit");
    c.header("Vary", "HX-Request");
    if (isHtmx(c)) {
      // The "chưa thể nộp" list depends on the documents: it is refreshed with them (out of band).
      const submittable = availableActions(current.status, role, current.chain).includes("submit");
      return c.html(
        <>
          <DocumentsSection dossierId={dossier.id} csrfToken={c.var.csrfToken} documents={await withDocumentFiles(c.var.db, commune, detail.documents)} canEdit={canEdit} form={status === 200 ? undefined : { state: typed, errors }} announce={announce} />
          {submittable ? <ProblemsSection problems={await problemsOf(c, current, commune, detail)} communeCode={commune.code} oob /> : null}
        </>,
        status,
      );
    }
    return dossierPage(c, current, commune, role, { document: { state: typed, errors } }, status === 200 ? 200 : status);
  };
  return { dossier, allowed, typed, respond };
}

/** A dossier no longer editable answers 409 before any field message. */
const documentForm = validate("form", documentSchema, async (c, errors) => {
  const { allowed, respond } = await documentTarget(c);
  return allowed.ok ? respond(422, errors) : respond(statusOf(allowed), { form: allowed.message });
});

/** The transition named by the path (the route's pattern admits only ACTION_PATHS' names). */
const actionOf = (c: C) => ACTION_PATHS[c.req.param("action") ?? ""];

/** The dossier a transition is taken on (403 unless the role may), the form as typed, whether it may be taken now. */
async function transitionTarget(c: C) {
  const action = actionOf(c);
  const { dossier, commune, role } = await dossierOf(c);
  const allowed = allow(dossier, action, role);
  if (!allowed.ok && allowed.kind === "forbidden") throw new HTTPException(statusOf(allowed), { message: allowed.message });
  const { typed } = transitionTyped.parse(await c.req.parseBody());
  return { action, dossier, commune, role, allowed, typed, keep: { decision: { action, state: typed as DecisionState, errors: {} } } };
}

/** A transition no longer possible answers 409 (keeping the form) before any field message. */
const transitionForm = validate("form", (c) => transitionSchema(actionOf(c), todayOf(c)), async (c, errors) => {
  const { action, dossier, commune, role, allowed, typed, keep } = await transitionTarget(c);
  if (!allowed.ok) return conflict(c, dossier.id, allowed.message, keep);
  const alert = { kind: "error" as const, message: "Thông tin chưa hợp lệ, hãy kiểm tra các ô được đánh dấu." };
  return dossierPage(c, dossier, commune, role, { decision: { action, state: typed, errors }, alert }, 422);
});

/** The dossier returned (403 unless the role may) and whether it may be returned now. */
async function returnTarget(c: C) {
  const { dossier, commune, role } = await dossierOf(c);
  const allowed = allow(dossier, "return", role);
  if (!allowed.ok && allowed.kind === "forbidden") throw new HTTPException(statusOf(allowed), { message: allowed.message });
  return { dossier, commune, role, allowed };
}

/** The rows are read as typed (never refused here); their reasons and indicators are checked by parseReturnForm. */
const returnForm = validate("form", returnTyped, async (c) => {
  const { dossier, commune } = await returnTarget(c);
  return returnPage(c, dossier, commune, "", [{ indicator: "", reason: "" }], { rows: {}, form: "Thông tin chưa hợp lệ; hãy tải lại trang." }, 422);
});

export const dossierRoutes = new Hono<AppEnv>()
  .use("/communes/:code/dossiers", requireUser)
  .use("/dossiers/*", requireUser)

  // A commune's dossiers and the registration form.
  .get("/communes/:code/dossiers", async (c) => {
    const commune = await communeParam(c, "unit.viewData");
    return communeDossiersPage(c, commune, { level: "", year: todayOf(c).slice(0, 4) }, {});
  })
  .post("/communes/:code/dossiers", registerForm, async (c) => {
    const { commune, form } = await registerTarget(c);
    const { year } = c.req.valid("form");
    const province = (await getUnit(c.var.db, commune.provinceId!))!;
    return once(
      c,
      "dossier",
      async (claim) => {
        const outcome = await registerDossier(c.var.db, currentActor(c).id, commune, province, { level: form.level, year }, c.var.now.toISOString(), clientIp(c), claim);
        if (!outcome.ok) return communeDossiersPage(c, commune, form, { [outcome.kind === "invalid" ? "level" : "form"]: outcome.message }, outcome.kind === "conflict" ? STATUS.conflict : STATUS.invalid, outcome.existingId);
        return redirectAfterPost(c, `/dossiers/${outcome.id}`);
      },
      (id) => redirectAfterPost(c, `/dossiers/${id}`),
    );
  })

  // The dossier.
  .get("/dossiers/:id{[0-9]+}", async (c) => {
    const { dossier, commune, role } = await dossierOf(c);
    return dossierPage(c, dossier, commune, role);
  })
  // The forms' POST addresses, opened directly (a reload, a copied address): the dossier itself.
  .get("/dossiers/:id{[0-9]+}/:form{details|documents}", async (c) => {
    const { dossier } = await dossierOf(c);
    return c.redirect(`/dossiers/${dossier.id}`, 303);
  })
  .post("/dossiers/:id{[0-9]+}/details", detailsForm, async (c) => {
    const target = await detailsTarget(c);
    if (target instanceof Response) return target;
    const { dossier, typed } = target;
    const input = c.req.valid("form");
    const outcome = await saveDetails(
      c.var.db,
      currentActor(c).id,
      dossier,
      { satisfactionPct: input.satisfactionPct, satisfactionEvidence: input.satisfactionEvidence, noDebtConfirmed: typed.noDebtConfirmed, securityConfirmed: typed.securityConfirmed, version: typed.version },
      clientIp(c),
    );
    if (!outcome.ok) {
      const fresh = (await getDossier(c.var.db, dossier.id))!;
      // Keep what the user typed; the form now carries the newer version, so saving again is deliberate.
      return conflict(c, dossier.id, outcome.message, { details: { state: { ...typed, version: fresh.dossier.version }, errors: {} } });
    }
    return redirectAfterPost(c, `/dossiers/${dossier.id}`);
  })
  .post("/dossiers/:id{[0-9]+}/documents", documentForm, async (c) => {
    const { dossier, allowed, typed, respond } = await documentTarget(c);
    const input = c.req.valid("form");
    const added = (title: string) => (isHtmx(c) ? respond(200, {}, `Đã thêm tài liệu “${title}”.`) : redirectAfterPost(c, `/dossiers/${dossier.id}`));
    return once(
      c,
      "dossier.document",
      async (claim) => {
        if (!allowed.ok) return respond(statusOf(allowed), { form: allowed.message });
        const outcome = await addDocument(c.var.db, currentActor(c).id, dossier, input, c.var.now.toISOString(), clientIp(c), claim);
        if (!outcome.ok) return respond(STATUS.conflict, { form: outcome.message });
        return added(input.title);
      },
      () => added(typed.title.trim()),
    );
  })
  .post("/dossiers/:id{[0-9]+}/documents/:doc{[0-9]+}/delete", async (c) => {
    const { dossier, role } = await dossierOf(c);
    const allowed = allow(dossier, "edit", role);
    if (!allowed.ok) {
      if (allowed.kind === "forbidden") throw new HTTPException(statusOf(allowed), { message: allowed.message });
      return conflict(c, dossier.id, allowed.message);
    }
    const outcome = await removeDocument(c.var.db, currentActor(c).id, dossier, Number(c.req.param("doc")), clientIp(c));
    if (!outcome.ok) {
      if (outcome.kind === "not_found") throw new HTTPException(statusOf(outcome), { message: outcome.message });
      return conflict(c, dossier.id, outcome.message);
    }
    return redirectAfterPost(c, `/dossiers/${dossier.id}`);
  })

  // Return with reasons.
  .get("/dossiers/:id{[0-9]+}/return", async (c) => {
    const { dossier, commune, role } = await dossierOf(c);
    const allowed = allow(dossier, "return", role);
    if (!allowed.ok) {
      if (allowed.kind === "forbidden") throw new HTTPException(statusOf(allowed), { message: allowed.message });
      return conflict(c, dossier.id, allowed.message);
    }
    const rows = Math.min(Math.max(Number(c.req.query("rows")) || 3, 1), RETURN_ROWS_MAX);
    return returnPage(c, dossier, commune, "", Array.from({ length: rows }, () => ({ indicator: "", reason: "" })), { rows: {} });
  })
  .post("/dossiers/:id{[0-9]+}/return", returnForm, async (c) => {
    const { dossier, commune, role, allowed } = await returnTarget(c);
    const { note, rows, version, more } = c.req.valid("form");
    if (!allowed.ok) return conflict(c, dossier.id, allowed.message);
    if (more) {
      const extended = [...rows, ...Array.from({ length: 3 }, () => ({ indicator: "", reason: "" }))].slice(0, RETURN_ROWS_MAX);
      return returnPage(c, dossier, commune, note, extended, { rows: {} }, 200, version);
    }
    const detail = await dossierDetail(c.var.db, dossier);
    const codeOf = new Map(detail.indicators.map((i) => [i.id, i.code]));
    const parsed = parseReturnForm({ note, rows }, new Set(codeOf.keys()), (id) => codeOf.get(id) ?? String(id));
    if (!parsed.ok) return returnPage(c, dossier, commune, note, rows.length ? rows : [{ indicator: "", reason: "" }], parsed.errors, statusOf(parsed), version);
    const outcome = await transition(c.var.db, { actorId: currentActor(c).id, role, nowIso: c.var.now.toISOString(), ip: clientIp(c) }, dossier, commune, "return", {
      version,
      reason: parsed.note,
      returns: parsed.items,
    });
    if (!outcome.ok) {
      if (outcome.kind === "forbidden" || outcome.kind === "not_found") throw new HTTPException(statusOf(outcome), { message: outcome.message });
      if (outcome.kind === "conflict") {
        const fresh = (await getDossier(c.var.db, dossier.id))!;
        if (decide(fresh.dossier.status, "return", role, fresh.dossier.chain).ok) {
          return returnPage(c, fresh.dossier, commune, note, rows, { rows: {}, form: outcome.message }, statusOf(outcome), fresh.dossier.version);
        }
        return conflict(c, dossier.id, outcome.message);
      }
      return returnPage(c, dossier, commune, note, rows, { rows: {}, form: outcome.message }, statusOf(outcome), version);
    }
    return redirectAfterPost(c, `/dossiers/${dossier.id}`);
  })

  // Every other transition: one route, the action from the path.
  .post("/dossiers/:id{[0-9]+}/:action{submit|withdraw|start-review|approve-review|start-appraisal|appraise|recognise|reject|revoke}", transitionForm, async (c) => {
    const { action, dossier, commune, role, allowed, keep } = await transitionTarget(c);
    if (!allowed.ok) return conflict(c, dossier.id, allowed.message, keep);
    const input = c.req.valid("form");
    const payload: Parameters<typeof transition>[5] = { version: input.version, reason: input.reason };
    if (input.decision) payload.decision = input.decision;
    const outcome = await transition(c.var.db, { actorId: currentActor(c).id, role, nowIso: c.var.now.toISOString(), ip: clientIp(c) }, dossier, commune, action, payload);
    if (!outcome.ok) {
      if (outcome.kind === "forbidden" || outcome.kind === "not_found") throw new HTTPException(statusOf(outcome), { message: outcome.message });
      if (outcome.kind === "conflict") return conflict(c, dossier.id, outcome.message, keep);
      return dossierPage(c, dossier, commune, role, { alert: { kind: "error", message: outcome.message, list: outcome.problems?.messages }, ...keep }, statusOf(outcome));
    }
    return redirectAfterPost(c, `/dossiers/${dossier.id}`);
  });

// ---------------------------------------------------------------------------------------------
// Page helpers

async function communeDossiersPage(c: C, commune: Unit, form: RegisterState, errors: Errors, status: 200 | 409 | 422 = 200, existingId?: number) {
  const db = c.var.db;
  const actor = currentActor(c);
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
