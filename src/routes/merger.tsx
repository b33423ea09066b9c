// /merger: the 2025 merger for the coordination office (admin) and leaders: complete partial succession rows,
// propose and decide the level each merged commune carries into 2026–2030 ("thừa nhận").
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import type { Unit } from "../db/schema";
import { can } from "../domain/permissions";
import { validate } from "../web/validate";
import { carryRuleSchema, decideSchema, successionSchema } from "../domain/merger-forms";
import { carryItems, decideCarry, provinceCarryRule, proposeCarry, setProvinceCarryRule } from "../services/carry-over";
import { CARRY_RULES } from "../domain/carry-over";
import { completePartial, pendingPartials } from "../services/succession";
import { getUnit, unitByCode, unitRef } from "../services/units";
import { authorize, pageProps, redirectAfterPost, requireUser } from "../web/context";
import { msg } from "../messages";
import { CarryPage, SuccessionPage } from "../../templates/pages/merger";
import { type C, clientIp, communeParam, currentActor } from "../web/request";
import { statusOf } from "../web/outcome";

/** The actor's (open) province: the merger pages work on the current two-tier province. */
async function provinceOf(c: C): Promise<Unit> {
  const actor = currentActor(c);
  const province = await getUnit(c.var.db, actor.scope.provinceId ?? actor.scope.id);
  if (!province || province.level !== "province") throw new HTTPException(403, { message: msg.forbidden });
  if (province.validTo) throw new HTTPException(409, { message: `${province.name} đã kết thúc từ ngày ${province.validTo.split("-").reverse().join("/")}: tài khoản cần được chuyển sang tỉnh mới.` });
  return province;
}

const OK_PROPOSE = "de-xuat";
const OK_DECIDE = "quyet-dinh";
const FLASH: Record<string, string> = { [OK_PROPOSE]: "Đã ghi đề xuất mức thừa nhận.", [OK_DECIDE]: "Đã ghi quyết định thừa nhận." };

/** Communes per page of the carry-over list (keeps a page within its rows budget in a large province). */
const CARRY_PAGE = 20;

/** The id of the province's commune with this code today (-1 when none: the page then lists nothing). */
async function communeCodeIn(c: C, province: Unit, code: string): Promise<number> {
  const unit = /^\d{5}$/.test(code) ? await unitByCode(c.var.db, code) : undefined;
  return unit && unit.provinceId === province.id ? unit.id : -1;
}

async function carryPage(c: C, error?: { code: string; message: string }, status: 200 | 404 | 409 | 422 = 200) {
  const province = await provinceOf(c);
  const actor = currentActor(c);
  const canPropose = can(actor, "dossier.appraise", { unit: unitRef(province) });
  const canDecide = can(actor, "dossier.decide", { unit: unitRef(province) });
  if (!canPropose && !canDecide) throw new HTTPException(403, { message: msg.forbidden });
  // One commune (`?c=`, where a proposal or decision returns) or a page of CARRY_PAGE communes by name (`?trang=`).
  const only = c.req.query("c") ? await communeCodeIn(c, province, c.req.query("c")!) : undefined;
  const pageNo = Math.max(1, Math.min(1000, Number(c.req.query("trang")) || 1));
  const [items, rule] = await Promise.all([
    only !== undefined ? carryItems(c.var.db, province, only) : carryItems(c.var.db, province, undefined, { offset: (pageNo - 1) * CARRY_PAGE, limit: CARRY_PAGE }),
    provinceCarryRule(c.var.db, province.id),
  ]);
  return c.html(
    <CarryPage
      {...pageProps(c)}
      provinceName={province.name}
      rule={rule}
      rules={CARRY_RULES}
      canPropose={canPropose}
      canDecide={canDecide}
      error={error}
      flash={Object.hasOwn(FLASH, c.req.query("ok") ?? "") ? FLASH[c.req.query("ok")!] : undefined}
      pager={only !== undefined ? { single: true, page: 1, hasNext: false } : { single: false, page: pageNo, hasNext: items.length > 0 }}
      items={items.map((it) => ({
        code: it.commune.code,
        name: it.commune.name,
        predecessors: it.predecessors,
        proposed: it.proposed,
        needsDecision: it.needsDecision,
        proposedAt: it.row?.proposedAt ?? null,
        proposedLevel: it.row?.proposedLevel ?? null,
        decided: it.row?.decidedAt ? { level: it.row.level, decisionNumber: it.row.decisionNumber, decisionDate: it.row.decisionDate, signer: it.row.decisionSigner } : null,
      }))}
    />,
    status,
  );
}

/** The commune whose carried level is decided, in the actor's open province, authorised to decide. */
async function decideTarget(c: C): Promise<Unit> {
  await provinceOf(c);
  const commune = await communeParam(c);
  authorize(c, "dossier.decide", { unit: unitRef(commune) });
  return commune;
}

const decideForm = validate("form", decideSchema, async (c, errors) => carryPage(c, { code: (await decideTarget(c)).code, message: Object.values(errors)[0] }, 422));

/** The province whose carry-over rule is set (by who appraises its dossiers). */
async function ruleProvince(c: C): Promise<Unit> {
  const province = await provinceOf(c);
  authorize(c, "dossier.appraise", { unit: unitRef(province) });
  return province;
}

const ruleForm = validate("form", carryRuleSchema, async (c, errors) => {
  await ruleProvince(c);
  return carryPage(c, { code: "rule", message: Object.values(errors)[0] }, 422);
});

/** The codes field never fails on its own (the service reads them); kept for one way of reading forms. */
const successionForm = validate("form", successionSchema, async (c, errors) => {
  const province = await provinceOf(c);
  const commune = await communeParam(c);
  authorize(c, "criteria.manage", { unit: unitRef(commune) });
  return successionPage(c, province, { code: commune.code, message: Object.values(errors)[0] }, 422);
});

export const mergerRoutes = new Hono<AppEnv>()
  .use("*", requireUser)
  .get("/carry-over", (c) => carryPage(c))
  .post("/carry-over/rule", ruleForm, async (c) => {
    const province = await ruleProvince(c);
    const { rule, source } = c.req.valid("form");
    const outcome = await setProvinceCarryRule(c.var.db, currentActor(c).id, province.id, rule, source, clientIp(c));
    if (!outcome.ok) return carryPage(c, { code: "rule", message: outcome.message }, statusOf(outcome));
    return redirectAfterPost(c, "/merger/carry-over");
  })
  .post("/carry-over/:code/propose", async (c) => {
    const province = await provinceOf(c);
    const commune = await communeParam(c);
    authorize(c, "dossier.appraise", { unit: unitRef(commune) });
    const outcome = await proposeCarry(c.var.db, currentActor(c).id, province, commune, c.var.now.toISOString(), clientIp(c));
    if (!outcome.ok) return carryPage(c, { code: commune.code, message: outcome.message }, statusOf(outcome));
    // A query unlike the page's own (`ok=`), so the browser reloads rather than only scrolling to the anchor.
    return redirectAfterPost(c, `/merger/carry-over?c=${commune.code}&ok=${OK_PROPOSE}#carry-${commune.code}`);
  })
  .post("/carry-over/:code/decide", decideForm, async (c) => {
    const commune = await decideTarget(c);
    const outcome = await decideCarry(c.var.db, currentActor(c).id, commune, c.req.valid("form"), c.var.now.toISOString(), clientIp(c));
    if (!outcome.ok) return carryPage(c, { code: commune.code, message: outcome.message }, statusOf(outcome));
    return redirectAfterPost(c, `/merger/carry-over?c=${commune.code}&ok=${OK_DECIDE}#carry-${commune.code}`);
  })
  .get("/succession", async (c) => {
    const province = await provinceOf(c);
    authorize(c, "criteria.manage", { unit: unitRef(province) });
    return successionPage(c, province);
  })
  .post("/succession/:code", successionForm, async (c) => {
    const province = await provinceOf(c);
    const commune = await communeParam(c);
    authorize(c, "criteria.manage", { unit: unitRef(commune) });
    const outcome = await completePartial(c.var.db, currentActor(c).id, commune, c.req.valid("form").codes, c.var.now.toISOString(), clientIp(c));
    if (!outcome.ok) return successionPage(c, province, { code: commune.code, message: outcome.message }, statusOf(outcome));
    return redirectAfterPost(c, "/merger/succession");
  });

async function successionPage(c: C, province: Unit, error?: { code: string; message: string }, status: 200 | 404 | 409 | 422 = 200) {
  const items = await pendingPartials(c.var.db, province.id);
  return c.html(
    <SuccessionPage
      {...pageProps(c)}
      provinceName={province.name}
      items={items.map((it) => ({
        code: it.successor.code,
        name: it.successor.name,
        sourceText: it.sourceText,
        predecessors: it.predecessors.map((p) => `${p.name} (${p.code})`),
        error: error?.code === it.successor.code ? error.message : undefined,
      }))}
    />,
    status,
  );
}
