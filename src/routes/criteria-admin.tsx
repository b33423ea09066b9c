// Admin: criteria sets. List + upload (dry run or load), export (JSON/CSV/XLSX), one set with its targets,
// clone for the admin's province, status draft → active → retired, target edit with recomputation.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import type { CriteriaSet, Unit } from "../db/schema";
import { provinceIdOf, can } from "../domain/permissions";
import { criteriaSetSchema, type Comparator } from "../domain/criteria-format";
import { exportFileName, setToRows } from "../domain/criteria-sheet";
import { rowsToCsv, rowsToXlsx } from "../domain/criteria-sheet-formats";
import { detectUploadKind, parseTargetValue, uploadProblem } from "../domain/criteria-admin";
import { cloneSet, exportSet, getSet, visibleToProvince } from "../services/criteria-sets";
import { changeSetStatus, editTarget, importUpload, listSetsForAdmin, setDetail, targetContext, type TargetContext } from "../services/criteria-admin";
import { getUnit, unitRef } from "../services/units";
import { authorize, isHtmx, pageProps, redirectAfterPost, requireUser } from "../web/context";
import { cloneSchema, statusSchema, targetSchema, targetTyped } from "../domain/criteria-admin-forms";
import { validate } from "../web/validate";
import { conflictOf, setDetailView, setRows, statusState, targetFormProps, targetState } from "../web/criteria-admin-view";
import { CriteriaListPage, UploadPanel, type UploadState } from "../../templates/pages/criteria-admin";
import { CloneForm, SetDetailPage, StatusForm, type CloneState, type StatusState } from "../../templates/pages/criteria-admin-set";
import { TargetEditPage, TargetForm, type TargetFormState } from "../../templates/pages/criteria-admin-target";
import { type C, clientIp, currentActor, idParam } from "../web/request";
import { statusOf } from "../web/outcome";


async function adminProvince(c: C): Promise<Unit | undefined> {
  const id = provinceIdOf(currentActor(c).scope);
  return id === null ? undefined : getUnit(c.var.db, id);
}

/** A set the admin's province may see (national or its own); another province's set is 404 like a missing one. */
async function setOr404(c: C): Promise<CriteriaSet> {
  const set = await getSet(c.var.db, idParam(c, "id", "Không tìm thấy bộ tiêu chí."));
  if (!set || !visibleToProvince(set, provinceIdOf(currentActor(c).scope))) throw new HTTPException(404, { message: "Không tìm thấy bộ tiêu chí." });
  return set;
}

/** National sets are managed by any admin; a province's own set only by admins of that province. */
async function canManageSet(c: C, set: Pick<CriteriaSet, "provinceId">): Promise<boolean> {
  if (set.provinceId === null) return can(currentActor(c), "criteria.manage");
  const province = await getUnit(c.var.db, set.provinceId);
  return !!province && can(currentActor(c), "criteria.manage", { unit: unitRef(province) });
}

async function requireManageSet(c: C, set: Pick<CriteriaSet, "provinceId">): Promise<void> {
  if (!(await canManageSet(c, set))) throw new HTTPException(403, { message: "Bộ tiêu chí này thuộc tỉnh khác: bạn không sửa được." });
}

// ---------------------------------------------------------------------------------------------
// List + upload

async function renderList(c: C, upload: UploadState, status = 200) {
  const province = await adminProvince(c);
  c.header("Vary", "HX-Request");
  const sets = await listSetsForAdmin(c.var.db, province?.id ?? null);
  return c.html(<CriteriaListPage {...pageProps(c)} sets={setRows(sets)} provinceName={province?.name ?? null} upload={upload} />, status as 200);
}

async function respondUpload(c: C, upload: UploadState, status: number) {
  if (!isHtmx(c)) return renderList(c, upload, status);
  const province = await adminProvince(c);
  c.header("Vary", "HX-Request");
  return c.html(<UploadPanel csrfToken={c.var.csrfToken} provinceName={province?.name ?? null} state={upload} />, status as 200);
}

// ---------------------------------------------------------------------------------------------
// One set

function noticeFrom(c: C, detail: Awaited<ReturnType<typeof setDetail>>): string | undefined {
  const q = (k: string) => c.req.query(k);
  if (q("loaded") === "1") return "Đã nạp bộ tiêu chí.";
  if (q("cloned") === "1") return "Đã nhân bản: đây là bản nháp của tỉnh, có thể sửa chỉ tiêu đích rồi chuyển sang “Đang áp dụng”.";
  if (q("status") === "1") return "Đã đổi trạng thái.";
  const saved = Number(q("saved"));
  if (Number.isInteger(saved) && saved > 0 && detail) {
    const t = detail.targets.find((x) => x.id === saved);
    const ind = t && detail.indicators.find((i) => i.id === t.indicatorId);
    if (!ind) return undefined;
    const count = (k: string) => Math.max(0, Math.trunc(Number(q(k)) || 0));
    return q("changed") === "1"
      ? `Đã lưu chỉ tiêu đích ${ind.code}. Đã tính lại ${count("checked")} xã đang dùng chỉ tiêu đích này; kết quả thay đổi ở ${count("moved")} xã.`
      : `Đã lưu chỉ tiêu đích ${ind.code} (giá trị không đổi nên không cần tính lại xã nào).`;
  }
  return undefined;
}

async function renderSet(c: C, set: CriteriaSet, opts: { clone?: CloneState; status?: StatusState; code?: number } = {}) {
  const detail = (await setDetail(c.var.db, set.id))!;
  const [province, owner, canManage] = await Promise.all([
    adminProvince(c),
    set.provinceId === null ? undefined : getUnit(c.var.db, set.provinceId),
    canManageSet(c, set),
  ]);
  return c.html(
    <SetDetailPage
      {...pageProps(c)}
      set={setDetailView(detail, owner?.name ?? null)}
      provinceName={province?.name ?? null}
      canManage={canManage}
      notice={noticeFrom(c, detail)}
      clone={opts.clone ?? { values: { code: province ? `${set.code.slice(0, 36)}-${province.code}`.slice(0, 40) : "", name: province ? `${set.name} — ${province.name}`.slice(0, 300) : "" } }}
      status={opts.status ?? statusState(detail.set)}
    />,
    (opts.code ?? 200) as 200,
  );
}

// ---------------------------------------------------------------------------------------------
// Targets

async function targetOr404(c: C): Promise<TargetContext> {
  const ctx = await targetContext(c.var.db, idParam(c, "id", "Không tìm thấy chỉ tiêu đích."));
  if (!ctx || !visibleToProvince(ctx.set, provinceIdOf(currentActor(c).scope))) throw new HTTPException(404, { message: "Không tìm thấy chỉ tiêu đích." });
  await requireManageSet(c, ctx.set);
  return ctx;
}

function renderTarget(c: C, ctx: TargetContext, state: TargetFormState, extra: Parameters<typeof targetFormProps>[3] = {}, status = 200) {
  const form = targetFormProps(ctx, c.var.csrfToken, state, extra);
  c.header("Vary", "HX-Request");
  if (isHtmx(c) && c.req.method === "POST") return c.html(<TargetForm {...form} />, status as 200);
  return c.html(<TargetEditPage {...pageProps(c)} form={form} />, status as 200);
}

const NO_PROVINCE = "Tài khoản của bạn không thuộc tỉnh nào nên không nhân bản được.";

/** The set to clone, the admin's province (authorised; none: the form says so) and how to answer with the form. */
async function cloneTarget(c: C) {
  const set = await setOr404(c);
  const body = await c.req.parseBody();
  const raw = { code: typeof body.code === "string" ? body.code.slice(0, 60) : "", name: typeof body.name === "string" ? body.name.slice(0, 320) : "" };
  const province = await adminProvince(c);
  const respond = async (state: CloneState, status: number) => {
    if (isHtmx(c)) return c.html(<CloneForm csrfToken={c.var.csrfToken} setId={set.id} provinceName={province?.name ?? null} state={state} />, status as 200);
    return renderSet(c, set, { clone: state, code: status });
  };
  if (province) authorize(c, "criteria.manage", { unit: unitRef(province) });
  return { set, raw, province, respond };
}

const cloneForm = validate("form", cloneSchema, async (c, errors) => {
  const { raw, province, respond } = await cloneTarget(c);
  return respond({ values: raw, errors: province ? errors : { form: NO_PROVINCE } }, 422);
});

/** The set whose status changes (its manager only) and how to answer with the status form. */
async function statusTarget(c: C) {
  const set = await setOr404(c);
  await requireManageSet(c, set);
  const respond = (state: StatusState, status: number) => {
    if (isHtmx(c)) return c.html(<StatusForm csrfToken={c.var.csrfToken} setId={set.id} state={state} canManage />, status as 200);
    return renderSet(c, set, { status: state, code: status });
  };
  return { set, respond };
}

const statusForm = validate("form", statusSchema, async (c) => {
  const { set, respond } = await statusTarget(c);
  return respond(statusState(set, { error: "Yêu cầu đổi trạng thái không hợp lệ; hãy tải lại trang." }), 422);
});

/** The typed value checked against the target's indicator (its kind, comparator and choices). */
const targetValueOf = (ctx: TargetContext, typed: TargetFormState) =>
  parseTargetValue({ kind: ctx.indicator.kind, comparator: ctx.indicator.comparator as Comparator, choices: ctx.indicator.choices }, { value: typed.value, values: typed.values });

/** One message at a time, as before: a stale version first, then the value, then the source. */
const targetForm = validate("form", targetSchema, async (c, errors) => {
  const ctx = await targetOr404(c);
  const attempted: TargetFormState = targetTyped.parse(await c.req.parseBody({ all: true }));
  if (errors.version) return renderTarget(c, ctx, attempted, { error: { field: "form", message: errors.version } }, 422);
  const value = targetValueOf(ctx, attempted);
  if (!value.ok) return renderTarget(c, ctx, attempted, { error: { field: "value", message: value.message } }, statusOf(value));
  return renderTarget(c, ctx, attempted, { error: { field: "source", message: errors.source ?? Object.values(errors)[0] } }, 422);
});

export const criteriaAdminRoutes = new Hono<AppEnv>()
  .use("/", requireUser, async (c, next) => {
    authorize(c, "criteria.manage");
    await next();
  })
  .use("*", requireUser, async (c, next) => {
    authorize(c, "criteria.manage");
    await next();
  })
  .get("/", (c) => renderList(c, { dryRun: true, scope: "province" }))
  .post("/upload", async (c) => {
    const body = await c.req.parseBody();
    const dryRun = body.dryRun === "1";
    const scope = body.scope === "national" ? "national" : "province";
    const state: UploadState = { dryRun, scope };
    const file = body.file instanceof File ? body.file : null;
    if (file) state.fileName = file.name.slice(0, 120);
    const headBytes = file ? new Uint8Array(await file.slice(0, 16).arrayBuffer()) : new Uint8Array();
    const kind = file ? detectUploadKind(file.name, headBytes) : null;
    const problem = uploadProblem(file && file.size > 0 ? { name: file.name, size: file.size } : null, kind);
    if (problem || !file || !kind) return respondUpload(c, { ...state, error: problem ?? "Hãy chọn tệp." }, file && file.size > 2 * 1024 * 1024 ? 413 : 422);
    const province = await adminProvince(c);
    if (scope === "province" && !province) return respondUpload(c, { ...state, error: "Tài khoản của bạn không thuộc tỉnh nào: chỉ nạp được bộ toàn quốc." }, 422);
    const result = await importUpload(c.var.db, { kind, bytes: new Uint8Array(await file.arrayBuffer()) }, { actorId: currentActor(c).id, provinceId: scope === "province" ? province!.id : null, dryRun });
    if (!result.ok) return respondUpload(c, { ...state, errors: result.errors }, statusOf(result));
    if (result.dryRun) return respondUpload(c, { ...state, summary: result.summary }, 200);
    return redirectAfterPost(c, `/admin/criteria/${result.setId}?loaded=1`);
  })
  .get("/targets/:id{[0-9]+}", async (c) => {
    const ctx = await targetOr404(c);
    return renderTarget(c, ctx, targetState(ctx));
  })
  .post("/targets/:id{[0-9]+}", targetForm, async (c) => {
    const ctx = await targetOr404(c);
    const attempted: TargetFormState = c.req.valid("form");
    const value = targetValueOf(ctx, attempted);
    if (!value.ok) return renderTarget(c, ctx, attempted, { error: { field: "value", message: value.message } }, statusOf(value));
    const outcome = await editTarget(c.var.db, currentActor(c).id, ctx.target.id, { value: value.value, source: attempted.source, verified: attempted.verified, version: attempted.version }, c.var.now.toISOString(), clientIp(c));
    if (!outcome.ok) {
      if (outcome.kind === "not_found") throw new HTTPException(statusOf(outcome), { message: "Không tìm thấy chỉ tiêu đích." });
      // Keep what the admin typed; the form now carries the newer version, so saving again is a deliberate overwrite.
      return renderTarget(c, { ...ctx, target: outcome.current }, { ...attempted, version: outcome.current.version }, { conflict: conflictOf(ctx, outcome.current) }, 409);
    }
    const q = `saved=${ctx.target.id}&changed=${outcome.valueChanged ? 1 : 0}&checked=${outcome.recomputed.checked}&moved=${outcome.recomputed.changed}`;
    return redirectAfterPost(c, `/admin/criteria/${ctx.set.id}?${q}#t-${ctx.target.id}`);
  })
  .get("/:id{[0-9]+}", async (c) => renderSet(c, await setOr404(c)))
  .get("/:id{[0-9]+}/export/:format{json|csv|xlsx}", async (c) => {
    const set = await setOr404(c);
    const file = (await exportSet(c.var.db, set.id))!;
    const format = c.req.param("format") as "json" | "csv" | "xlsx";
    c.header("Content-Disposition", `attachment; filename="${exportFileName(file, format)}"`);
    c.header("Cache-Control", "no-store");
    if (format === "json") {
      c.header("Content-Type", "application/json; charset=utf-8");
      return c.body(`${JSON.stringify(criteriaSetSchema.parse(file), null, 2)}\n`);
    }
    if (format === "csv") {
      c.header("Content-Type", "text/csv; charset=utf-8");
      return c.body(rowsToCsv(setToRows(file)));
    }
    c.header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    return c.body(rowsToXlsx(setToRows(file)));
  })
  .post("/:id{[0-9]+}/clone", cloneForm, async (c) => {
    const { set, raw, province, respond } = await cloneTarget(c);
    if (!province) return respond({ values: raw, errors: { form: NO_PROVINCE } }, 422);
    const outcome = await cloneSet(c.var.db, set.id, { ...c.req.valid("form"), provinceId: province.id, actorId: currentActor(c).id });
    if (!outcome.ok) {
      const codeTaken = outcome.errors.find((e) => e.includes("đã có"));
      return respond({ values: raw, errors: codeTaken ? { code: codeTaken } : { form: outcome.errors.slice(0, 5).join(" ") } }, statusOf(outcome));
    }
    return redirectAfterPost(c, `/admin/criteria/${outcome.setId}?cloned=1`);
  })
  .post("/:id{[0-9]+}/status", statusForm, async (c) => {
    const { set, respond } = await statusTarget(c);
    const input = c.req.valid("form");
    const outcome = await changeSetStatus(c.var.db, currentActor(c).id, set.id, input.status, input.version, clientIp(c));
    if (!outcome.ok) {
      if (outcome.kind === "not_found") throw new HTTPException(statusOf(outcome), { message: "Không tìm thấy bộ tiêu chí." });
      if (outcome.kind === "conflict") {
        return respond(statusState(outcome.current, { error: `Người khác đã đổi bộ tiêu chí này trước bạn; trạng thái hiện là “${statusState(outcome.current).statusLabel}”.` }), statusOf(outcome));
      }
      return respond(statusState(set, { error: outcome.message }), statusOf(outcome));
    }
    return redirectAfterPost(c, `/admin/criteria/${set.id}?status=1`);
  });
