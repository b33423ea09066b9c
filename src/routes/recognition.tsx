// Recognition workflow: the reviewers' inbox, the province's chain and revocation settings, the
// yearly review, the public list. A commune's dossiers and the dossier pages are in ./dossiers.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import type { Unit } from "../db/schema";
import { can } from "../domain/permissions";
import { availableActions, roleFor } from "../domain/recognition";
import { provinceChain, setProvinceChain } from "../services/recognition";
import { dossiersInProgress, publicRecognitions } from "../services/recognition-queries";
import { annualReview, provinceRevocationSetting, setProvinceRevocationRule } from "../services/recognition-review";
import { getUnit, unitRef } from "../services/units";
import { authorize, pageProps, redirectAfterPost, requireUser } from "../web/context";
import { validate } from "../web/validate";
import { chainSchema, revocationRuleSchema } from "../domain/recognition-forms";
import { msg } from "../messages";
import { PublicRecognitionsPage, RecognitionInboxPage, ReviewPage } from "../../templates/pages/recognition-lists";
import { publicCarried } from "../services/carry-over";
import { type C, clientIp, currentActor } from "../web/request";
import { statusOf } from "../web/outcome";

// ---------------------------------------------------------------------------------------------
// Routes

/** The province whose recognition settings are changed (by who appraises its dossiers). */
async function settingsProvince(c: C): Promise<Unit> {
  const province = await actorProvince(c);
  authorize(c, "dossier.appraise", { unit: unitRef(province) });
  return province;
}

const chainForm = validate("form", chainSchema, async (c, errors) => {
  await settingsProvince(c);
  return inboxPage(c, { error: Object.values(errors)[0] }, 422);
});

const ruleForm = validate("form", revocationRuleSchema, async (c, errors) => {
  await settingsProvince(c);
  return inboxPage(c, {}, 422, { error: Object.values(errors)[0] });
});

export const recognitionRoutes = new Hono<AppEnv>()
  .use("/recognitions", requireUser)
  .use("/recognitions/*", requireUser)

  // The reviewers' inbox, the chain setting and the yearly review.
  .get("/recognitions", async (c) => inboxPage(c))
  .post("/recognitions/chain", chainForm, async (c) => {
    const province = await settingsProvince(c);
    const { chain, version } = c.req.valid("form");
    const outcome = await setProvinceChain(c.var.db, currentActor(c).id, province, chain, version, clientIp(c));
    if (!outcome.ok) return inboxPage(c, { error: "Quy trình vừa được người khác thay đổi; nội dung mới nhất được hiển thị. Hãy chọn lại nếu vẫn muốn đổi." }, statusOf(outcome));
    return redirectAfterPost(c, "/recognitions");
  })
  // The province's revocation rule for 2026–2030 recognitions (no national text found: unverified until a source is given).
  .post("/recognitions/revocation-rule", ruleForm, async (c) => {
    const province = await settingsProvince(c);
    const { rule, source } = c.req.valid("form");
    await setProvinceRevocationRule(c.var.db, currentActor(c).id, province, { rule: rule === "none" ? null : rule, source: source || null }, clientIp(c));
    return redirectAfterPost(c, "/recognitions");
  })
  .get("/recognitions/review", async (c) => {
    const province = await actorProvince(c);
    const actor = currentActor(c);
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

/** The province of the logged-in user (their scope's province, or the scope itself). */
async function actorProvince(c: C): Promise<Unit> {
  const scope = currentActor(c).scope;
  const province = await getUnit(c.var.db, scope.level === "province" ? scope.id : scope.provinceId!);
  if (!province) throw new HTTPException(404, { message: msg.notFound });
  return province;
}

async function inboxPage(c: C, chainMessage: { error?: string; message?: string } = {}, status: 200 | 409 | 422 = 200, ruleMessage: { error?: string } = {}) {
  const db = c.var.db;
  const actor = currentActor(c);
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
