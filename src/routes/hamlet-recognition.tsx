// Issue 21: hamlet recognitions. /admin/hamlet-sets (the province's hamlet-level sets, loaded by its admin);
// /communes/:code/hamlets/:hamlet (one hamlet's checklist kept by the commune's staff, the decision by the commune
// or the province as the set says).
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import type { Unit } from "../db/schema";
import { can } from "../domain/permissions";
import { parseHamletSet } from "../domain/hamlets";
import { hamletChecklist, listHamletSets, loadHamletSet, recogniseHamlet, saveHamletChecks, type HamletSetView } from "../services/hamlet-recognition";
import { unitRef } from "../services/units";
import { openHamlets } from "../services/hamlets";
import { getUnit } from "../services/units";
import { authorize, pageProps, redirectAfterPost, requireUser } from "../web/context";
import { noControlChars, validate, type FieldErrors } from "../web/validate";
import { HamletRecognitionPage, HamletSetsPage, HouseholdLinksPage } from "../../templates/pages/hamlet-recognition";
import { deleteHouseholdLink, linkableSets, listHouseholdLinks, saveHouseholdLink } from "../services/households";
import { FIELD_LABELS } from "../domain/hamlets";
import { HOUSEHOLD_FIELDS } from "../db/schema";
import { provinceOf, rawValues } from "./feedback-common";
import { checksSchema, decisionSchema, linkSchema } from "../domain/hamlet-forms";
import { type C, clientIp, communeParam, currentActor, idParam } from "../web/request";
import { statusOf } from "../web/outcome";

/** The admin's province; writes are refused on a closed one (its 2021–2025 archive is read-only), reads are not. */
async function adminProvince(c: C, write = true): Promise<Unit> {
  const province = await provinceOf(c);
  authorize(c, "criteria.manage", write ? { unit: unitRef(province) } : { unit: { ...unitRef(province), closed: false } });
  return province;
}

async function setsPage(c: C, text = "", errors: string[] = [], status = 200) {
  const province = await adminProvince(c, false);
  const sets = await listHamletSets(c.var.db, province.id);
  return c.html(<HamletSetsPage {...pageProps(c)} sets={sets} text={text} errors={errors} loaded={c.req.query("loaded")?.slice(0, 40)} />, status as 200);
}

async function linksPage(c: C, values: Record<string, string> = {}, errors?: FieldErrors, status = 200) {
  const province = await adminProvince(c, false);
  const [links, sets] = await Promise.all([listHouseholdLinks(c.var.db, province.id), linkableSets(c.var.db, province.id)]);
  return c.html(
    <HouseholdLinksPage
      {...pageProps(c)}
      links={links.map((l) => ({ ...l, fieldLabel: FIELD_LABELS[l.field] }))}
      sets={sets.map((s) => ({ value: s.id, label: `${s.code} — ${s.name}` }))}
      fields={HOUSEHOLD_FIELDS.map((f) => ({ value: f, label: FIELD_LABELS[f] }))}
      values={values}
      errors={errors}
    />,
    status as 200,
  );
}

/** The commune behind :code and its open hamlet behind :hamlet (404 otherwise). */
async function hamletOf(c: C): Promise<{ commune: Unit; hamlet: Unit }> {
  const commune = await communeParam(c);
  const found = (await openHamlets(c.var.db, commune.id)).find((h) => h.code === c.req.param("hamlet"));
  if (!found) throw new HTTPException(404, { message: "Không tìm thấy ấp này trong xã." });
  return { commune, hamlet: (await getUnit(c.var.db, found.id))! };
}

/** Who may record a decision under this set: the commune's staff (decidedBy commune), a province leader (province). */
const canDecide = (c: C, hamlet: Unit, view: HamletSetView) =>
  view.set.decidedBy === "commune" ? can(currentActor(c), "hamlet.checklist", { unit: unitRef(hamlet) }) : can(currentActor(c), "dossier.decide", { unit: unitRef(hamlet) });

async function hamletPage(c: C, decision?: { setId: number; values: Record<string, string>; errors?: FieldErrors }, status = 200) {
  const { commune, hamlet } = await hamletOf(c);
  authorize(c, "hamlet.view", { unit: unitRef(hamlet) });
  const views = await hamletChecklist(c.var.db, hamlet);
  const canEdit = can(currentActor(c), "hamlet.checklist", { unit: unitRef(hamlet) });
  return c.html(
    <HamletRecognitionPage
      {...pageProps(c)}
      commune={{ code: commune.code, name: commune.name }}
      hamlet={{ code: hamlet.code, name: hamlet.name }}
      sets={views.map((v) => ({ ...v, canEdit, canDecide: canDecide(c, hamlet, v) }))}
      decision={decision}
      notice={c.req.query("saved") === "1" ? "Đã lưu." : undefined}
    />,
    status as 200,
  );
}

const setIdOf = (body: Record<string, unknown>) => {
  const n = Number(typeof body.setId === "string" ? body.setId : NaN);
  return Number.isInteger(n) && n > 0 ? n : null;
};

/** The hamlet, the set decided on (404 unless it applies there) and the form as typed; 403 unless the actor decides it. */
async function decisionTarget(c: C) {
  const { hamlet, commune } = await hamletOf(c);
  const body = await c.req.parseBody();
  const setId = setIdOf(body);
  const view = setId === null ? undefined : (await hamletChecklist(c.var.db, hamlet)).find((v) => v.set.id === setId);
  if (!view) {
    // Nobody outside the hamlet's scope learns whether the set exists.
    authorize(c, "hamlet.view", { unit: unitRef(hamlet) });
    throw new HTTPException(404, { message: "Không tìm thấy bộ tiêu chí này." });
  }
  if (!canDecide(c, hamlet, view)) throw new HTTPException(403, { message: view.set.decidedBy === "commune" ? "Bộ tiêu chí này do UBND xã quyết định công nhận." : "Bộ tiêu chí này do UBND tỉnh quyết định công nhận." });
  return { hamlet, commune, view, raw: rawValues(body) };
}

const decisionForm = validate("form", decisionSchema, async (c, errors) => {
  const { view, raw } = await decisionTarget(c);
  return hamletPage(c, { setId: view.set.id, values: raw, errors }, 422);
});

const linkForm = validate("form", linkSchema, async (c, errors) => {
  await adminProvince(c);
  return linksPage(c, rawValues(await c.req.parseBody()), errors, 422);
});

/** The boxes never fail on their own (an unknown set is a 404 in the route); kept for one way of reading forms. */
const checksForm = validate("form", checksSchema, async (c) => {
  const { hamlet } = await hamletOf(c);
  authorize(c, "hamlet.checklist", { unit: unitRef(hamlet) });
  return hamletPage(c, undefined, 422);
});

export const hamletRecognitionRoutes = new Hono<AppEnv>()
  .use("/admin/hamlet-sets", requireUser)
  .use("/communes/:code/hamlets/:hamlet", requireUser)
  .use("/communes/:code/hamlets/:hamlet/*", requireUser)
  .get("/admin/hamlet-sets", (c) => setsPage(c))
  .post("/admin/hamlet-sets", async (c) => {
    const province = await adminProvince(c);
    const body = await c.req.parseBody();
    const text = typeof body.json === "string" ? body.json.slice(0, 100_000) : "";
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return setsPage(c, text, ["Nội dung không phải JSON hợp lệ."], 422);
    }
    if (!noControlChars(text)) return setsPage(c, text, ["Nội dung có ký tự điều khiển không hợp lệ."], 422);
    const parsed = parseHamletSet(data);
    if (!parsed.ok) return setsPage(c, text, parsed.errors, statusOf(parsed));
    const loaded = await loadHamletSet(c.var.db, currentActor(c), province.id, parsed.set, clientIp(c));
    if (!loaded.ok) return setsPage(c, text, loaded.errors, statusOf(loaded));
    return redirectAfterPost(c, `/admin/hamlet-sets?loaded=${encodeURIComponent(parsed.set.code)}`);
  })
  .use("/admin/household-links", requireUser)
  .use("/admin/household-links/*", requireUser)
  .get("/admin/household-links", (c) => linksPage(c))
  .post("/admin/household-links", linkForm, async (c) => {
    const province = await adminProvince(c);
    const raw = rawValues(await c.req.parseBody());
    const input = c.req.valid("form");
    const saved = await saveHouseholdLink(c.var.db, currentActor(c), province.id, { ...input, setId: input.setId! }, clientIp(c));
    if (!saved.ok) return linksPage(c, raw, saved.errors, 422);
    return redirectAfterPost(c, "/admin/household-links");
  })
  .post("/admin/household-links/:id/delete", async (c) => {
    const province = await adminProvince(c);
    if (!(await deleteHouseholdLink(c.var.db, currentActor(c), province.id, idParam(c, "id"), clientIp(c)))) throw new HTTPException(404, { message: "Không tìm thấy liên kết này." });
    return redirectAfterPost(c, "/admin/household-links");
  })
  .get("/communes/:code/hamlets/:hamlet", (c) => hamletPage(c))
  .post("/communes/:code/hamlets/:hamlet/checks", checksForm, async (c) => {
    const { hamlet, commune } = await hamletOf(c);
    authorize(c, "hamlet.checklist", { unit: unitRef(hamlet) });
    const { setId, met } = c.req.valid("form");
    const view = setId === null ? undefined : (await hamletChecklist(c.var.db, hamlet)).find((v) => v.set.id === setId);
    if (!view) throw new HTTPException(404, { message: "Không tìm thấy bộ tiêu chí này." });
    if (view.recognition) return hamletPage(c, { setId: view.set.id, values: {}, errors: { form: "Ấp đã được công nhận theo bộ này: kết quả tự đánh giá được giữ nguyên." } }, 409);
    const checks = view.criteria.map((cr) => ({ criterionId: cr.id, met: met.has(cr.id), note: cr.note }));
    await saveHamletChecks(c.var.db, currentActor(c), hamlet, view.set.id, checks, c.var.now.toISOString(), clientIp(c));
    return redirectAfterPost(c, `/communes/${commune.code}/hamlets/${hamlet.code}?saved=1`);
  })
  .post("/communes/:code/hamlets/:hamlet/decision", decisionForm, async (c) => {
    const { hamlet, commune, view, raw } = await decisionTarget(c);
    const input = c.req.valid("form");
    const outcome = await recogniseHamlet(c.var.db, currentActor(c), hamlet, view, { ...input, decisionDate: input.decisionDate! }, clientIp(c));
    if (!outcome.ok) return hamletPage(c, { setId: view.set.id, values: raw, errors: { form: outcome.message } }, statusOf(outcome));
    return redirectAfterPost(c, `/communes/${commune.code}/hamlets/${hamlet.code}?saved=1`);
  });
