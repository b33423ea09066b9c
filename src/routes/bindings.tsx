// Admin: bind a commune to a criteria set, or change its key, target level and years.
import { Hono } from "hono";
import type { AppEnv } from "../env";
import type { CriteriaSet } from "../db/schema";
import { defaultKey, type SetForBinding } from "../domain/bindings";
import { UNIT_KIND_NAMES } from "../domain/units";
import { SET_STATUS_LABELS } from "../domain/criteria-admin";
import { getSet, visibleToProvince } from "../services/criteria-sets";
import { bindingContext, keyOptionsFor, saveBinding, setForBinding, type BindingContext } from "../services/bindings";
import { isHtmx, pageProps, redirectAfterPost, requireUser } from "../web/context";
import { levelLabel } from "../web/criteria-admin-view";
import { targetKeyLabel } from "../domain/criteria-admin";
import { NTM_REGION_NAMES } from "../domain/units";
import { ownKey, validate } from "../web/validate";
import { SET_REQUIRED, bindingSchema, bindingTyped } from "../domain/binding-forms";
import type { z } from "zod";
import { BindingForm, BindingPage, type BindingFormProps, type BindingState } from "../../templates/pages/bindings";
import { type C, clientIp, communeParam, currentActor } from "../web/request";
import { statusOf } from "../web/outcome";

/** The year now in Vietnam. */
const yearNow = (c: C) => Number(new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric" }).format(c.var.now));
const clamp = (y: number, set: Pick<CriteriaSet, "periodFrom" | "periodTo">) => Math.min(set.periodTo, Math.max(set.periodFrom, y));

/** The set the form is about: ?set= when it applies, else the bound set, else the first active one. */
function chosenSet(ctx: BindingContext, wanted: number | null): CriteriaSet | undefined {
  return ctx.sets.find((s) => s.id === wanted) ?? ctx.sets.find((s) => s.id === ctx.binding?.setId) ?? ctx.sets.find((s) => s.status === "active") ?? ctx.sets[0];
}

/** Start values: the binding as stored for its own set; otherwise defaults that fit the chosen set. */
function initialState(c: C, ctx: BindingContext, set: CriteriaSet, sfb: SetForBinding): BindingState {
  const b = ctx.binding;
  if (b && b.setId === set.id) return { key: b.key, targetLevel: b.targetLevel, targetYear: String(b.targetYear), evalYear: String(b.evalYear), confirmArchive: false, version: b.version };
  const options = keyOptionsFor(ctx, sfb);
  const level = b && sfb.levels.some((l) => l.code === b.targetLevel) ? b.targetLevel : (sfb.levels[0]?.code ?? "");
  return {
    key: defaultKey(options, sfb, ctx.provinceRegion, { kind: ctx.unit.kind, region: ctx.unit.region, communeGroup: ctx.unit.communeGroup }),
    targetLevel: level,
    targetYear: String(clamp(b?.targetYear ?? set.periodTo, set)),
    evalYear: String(clamp(yearNow(c), set)),
    confirmArchive: false,
    version: b?.version ?? 0,
  };
}

async function formProps(
  c: C,
  ctx: BindingContext,
  set: CriteriaSet | undefined,
  state: BindingState | null,
  extra: Pick<BindingFormProps, "errors" | "conflict" | "notice"> = {},
): Promise<BindingFormProps> {
  const sfb = set ? await setForBinding(c.var.db, set) : null;
  const b = ctx.binding;
  const boundSet = b ? (ctx.sets.find((s) => s.id === b.setId) ?? (await getSet(c.var.db, b.setId))) : undefined;
  const boundLevels = boundSet && b ? (boundSet.id === sfb?.id ? sfb.levels : (await setForBinding(c.var.db, boundSet)).levels) : [];
  return {
    csrfToken: c.var.csrfToken,
    unit: { code: ctx.unit.code, name: ctx.unit.name, kindLabel: UNIT_KIND_NAMES[ctx.unit.kind] },
    current:
      b && boundSet
        ? { setId: b.setId, setName: boundSet.name, keyLabel: targetKeyLabel(b.key, NTM_REGION_NAMES), levelName: levelLabel(b.targetLevel, boundLevels), targetYear: b.targetYear, evalYear: b.evalYear }
        : null,
    sets: ctx.sets.map((s) => ({ id: s.id, label: `${s.code} — ${s.name} (${s.periodFrom}–${s.periodTo}${s.status === "active" ? "" : `, ${SET_STATUS_LABELS[s.status].toLowerCase()}`})` })),
    set:
      set && sfb
        ? { id: set.id, name: set.name, decision: set.decision, period: `${set.periodFrom}–${set.periodTo}`, targetKeyLabel: set.targetKey === "region" ? "vùng" : "nhóm xã", levels: sfb.levels }
        : null,
    keyOptions: sfb ? keyOptionsFor(ctx, sfb) : [],
    state: state ?? (set && sfb ? initialState(c, ctx, set, sfb) : { key: "", targetLevel: "", targetYear: "", evalYear: "", confirmArchive: false, version: b?.version ?? 0 }),
    valuesEntered: ctx.valuesEntered,
    ...extra,
  };
}

function render(c: C, props: BindingFormProps, status = 200) {
  c.header("Vary", "HX-Request");
  if (isHtmx(c)) return c.html(<BindingForm {...props} />, status as 200);
  return c.html(<BindingPage {...pageProps(c)} form={props} />, status as 200);
}

const NOTICES: Record<string, string> = {
  create: "Đã gắn bộ tiêu chí cho xã.",
  update: "Đã lưu và tính lại kết quả của xã.",
  change_set: "Đã đổi bộ tiêu chí; số liệu cũ đã được lưu vào lịch sử.",
  unchanged: "Không có gì thay đổi.",
};

/**
 * The commune bound (by who manages criteria), its binding context and the set chosen: a national set or one of the
 * commune's own province (another province's set is "not found" like a missing one).
 */
async function bindingTarget(c: C, typed: z.output<typeof bindingTyped>) {
  const unit = await communeParam(c, "criteria.manage");
  const ctx = await bindingContext(c.var.db, unit);
  const found = Number.isInteger(typed.setId) && typed.setId > 0 ? await getSet(c.var.db, typed.setId) : undefined;
  const set = found && visibleToProvince(found, unit.provinceId) ? found : undefined;
  return { ctx, set, state: typed.state };
}

/** A missing set first, then a missing version, as one message each. */
const bindingForm = validate("form", bindingSchema, async (c, errors) => {
  const { ctx, set, state } = await bindingTarget(c, bindingTyped.parse(await c.req.parseBody()));
  if (!set) return render(c, await formProps(c, ctx, chosenSet(ctx, null), null, { errors: { setId: SET_REQUIRED } }), 422);
  return render(c, await formProps(c, ctx, set, state, { errors: { form: errors.version ?? Object.values(errors)[0] } }), 422);
});

export const bindingRoutes = new Hono<AppEnv>()
  .use("*", requireUser)
  .get("/", async (c) => {
    const unit = await communeParam(c, "criteria.manage");
    const ctx = await bindingContext(c.var.db, unit);
    const wanted = Number(c.req.query("set"));
    const set = chosenSet(ctx, Number.isInteger(wanted) ? wanted : null);
    const saved = c.req.query("saved") ?? "";
    const notice = ownKey(NOTICES, saved) && NOTICES[saved];
    return render(c, await formProps(c, ctx, set, null, notice ? { notice } : {}));
  })
  .post("/", bindingForm, async (c) => {
    const { ctx, set, state } = await bindingTarget(c, c.req.valid("form"));
    if (!set) return render(c, await formProps(c, ctx, chosenSet(ctx, null), null, { errors: { setId: SET_REQUIRED } }), 422);
    const sfb = await setForBinding(c.var.db, set);
    const outcome = await saveBinding(c.var.db, currentActor(c).id, ctx, sfb, state, {
      version: state.version,
      confirmArchive: state.confirmArchive,
      nowIso: c.var.now.toISOString(),
      ip: clientIp(c),
    });
    if (!outcome.ok) {
      if (outcome.kind === "invalid") return render(c, await formProps(c, ctx, set, state, { errors: outcome.errors }), statusOf(outcome));
      const fresh = await bindingContext(c.var.db, ctx.unit);
      const conflict = outcome.current
        ? `Người khác đã lưu cách gắn của xã trước bạn (${targetKeyLabel(outcome.current.key, NTM_REGION_NAMES)}, mức ${outcome.current.targetLevel}, năm ${outcome.current.targetYear}/${outcome.current.evalYear}). Nội dung bạn chọn vẫn được giữ bên dưới; bấm “Lưu” lần nữa nếu vẫn muốn thay.`
        : "Cách gắn của xã vừa bị thay đổi. Hãy kiểm tra lại rồi lưu.";
      return render(c, await formProps(c, fresh, set, { ...state, version: outcome.current?.version ?? 0 }, { conflict }), statusOf(outcome));
    }
    return redirectAfterPost(c, `/communes/${ctx.unit.code}/binding?saved=${outcome.change}`);
  });
