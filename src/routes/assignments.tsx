// Support assignments: admin list/assign/end (/admin/assignments), coverage report (/reports/coverage),
// the cadre's board (/me/communes).
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import { can } from "../domain/permissions";
import { isActive } from "../domain/assignments";
import { addDays } from "../domain/working-days";
import { cadreBoard, coverage, createAssignment, endAssignment, getAssignment, listAssignments, listCadres, setVisitGapDays, visitGapDays } from "../services/assignments";
import { getUnit, unitRef } from "../services/units";
import { authorize, pageProps, redirectAfterPost, requireUser } from "../web/context";
import { once } from "../web/once";
import { validate, type FieldErrors } from "../web/validate";
import { msg } from "../messages";
import { AssignmentFormPage, AssignmentsPage, CadreBoardPage, CoveragePage } from "../../templates/pages/assignments";
import { provinceOf } from "./feedback-common";
import { endSchema, gapSchema, newSchema } from "../domain/assignment-forms";
import { type C, clientIp, currentActor, currentUser, idParam, todayOf } from "../web/request";
import { statusOf } from "../web/outcome";

async function manageProvince(c: C) {
  const province = await provinceOf(c);
  authorize(c, "assignment.manage", { unit: unitRef(province) });
  return province;
}

async function cadreOptions(c: C, provinceId: number) {
  return (await listCadres(c.var.db, provinceId)).map((x) => ({ value: x.id, label: `${x.name} (${x.scopeLevel === "province" ? "cấp tỉnh" : x.scopeName})` }));
}

async function listPage(c: C, status = 200, errors?: FieldErrors) {
  const province = await manageProvince(c);
  const today = todayOf(c);
  const history = c.req.query("history") === "1";
  const cadreId = Number(c.req.query("cadre")) || null;
  const rows = await listAssignments(c.var.db, province.id, { today, history, cadreId });
  return c.html(
    <AssignmentsPage
      {...pageProps(c)}
      rows={rows.map((r) => ({ ...r, active: isActive(r, today) }))}
      history={history}
      cadres={await cadreOptions(c, province.id)}
      cadreId={cadreId ? String(cadreId) : ""}
      today={today}
      errors={errors}
    />,
    status as 200,
  );
}

async function formPage(c: C, values: Record<string, string>, errors?: FieldErrors, status = 200) {
  const province = await manageProvince(c);
  return c.html(<AssignmentFormPage {...pageProps(c)} cadres={await cadreOptions(c, province.id)} values={values} errors={errors} />, status as 200);
}

async function coveragePage(c: C, status = 200, errors?: FieldErrors) {
  const actor = currentActor(c);
  const area = (await getUnit(c.var.db, actor.scope.level === "district" ? actor.scope.id : actor.scope.provinceId ?? actor.scope.id))!;
  authorize(c, "assignment.report", { unit: unitRef(area) });
  const provinceId = area.level === "province" ? area.id : area.provinceId!;
  const asked = Number(c.req.query("days"));
  const days = Number.isInteger(asked) && asked >= 1 && asked <= 365 ? asked : await visitGapDays(c.var.db, provinceId);
  const report = await coverage(c.var.db, area, todayOf(c), days);
  return c.html(
    <CoveragePage {...pageProps(c)} c={{ ...report, areaName: area.name }} canConfigure={area.level === "province" && can(actor, "feedback.configure", { unit: unitRef(area) })} errors={errors} />,
    status as 200,
  );
}

export const assignmentRoutes = new Hono<AppEnv>()
  .use("/admin/assignments", requireUser)
  .use("/admin/assignments/*", requireUser)
  .use("/reports/coverage", requireUser)
  .use("/reports/coverage/*", requireUser)
  .use("/me/communes", requireUser)
  .get("/admin/assignments", (c) => listPage(c))
  .get("/admin/assignments/new", (c) => formPage(c, { periodFrom: todayOf(c) }))
  .post(
    "/admin/assignments",
    validate("form", newSchema, (c: C, errors, raw) => formPage(c, raw, errors, 422)),
    async (c) => {
      await manageProvince(c);
      const input = c.req.valid("form");
      const done = () => redirectAfterPost(c, `/admin/assignments?cadre=${input.cadreId}`);
      return once(
        c,
        "assignment",
        async (claim) => {
          const outcome = await createAssignment(c.var.db, currentActor(c), { ...input, cadreId: input.cadreId!, periodFrom: input.periodFrom! }, clientIp(c), claim);
          if (!outcome.ok) {
            const body = await c.req.parseBody();
            const raw = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === "string")) as Record<string, string>;
            return formPage(c, raw, outcome.errors, statusOf(outcome));
          }
          return done();
        },
        done,
      );
    },
  )
  .post(
    "/admin/assignments/:id/end",
    validate("form", endSchema, (c: C, errors) => listPage(c, 422, { form: Object.values(errors)[0] })),
    async (c) => {
      const province = await manageProvince(c);
      const id = idParam(c, "id");
      const current = await getAssignment(c.var.db, id);
      if (!current || current.provinceId !== province.id) throw new HTTPException(404, { message: msg.notFound });
      const input = c.req.valid("form");
      const outcome = await endAssignment(c.var.db, currentActor(c), id, { periodTo: input.periodTo!, version: input.version }, clientIp(c));
      if (!outcome.ok) {
        if (outcome.kind === "not_found") throw new HTTPException(statusOf(outcome), { message: msg.notFound });
        return listPage(c, statusOf(outcome), { form: Object.values(outcome.errors)[0] });
      }
      return redirectAfterPost(c, `/admin/assignments?cadre=${current.cadreId}&history=1`);
    },
  )
  .get("/reports/coverage", (c) => coveragePage(c))
  .post(
    "/reports/coverage/settings",
    // Permission first: a user who may not change the setting gets 403 whatever the form holds.
    async (c, next) => {
      authorize(c, "feedback.configure", { unit: unitRef(await provinceOf(c)) });
      await next();
    },
    validate("form", gapSchema, (c: C, errors) => coveragePage(c, 422, errors)),
    async (c) => {
      const province = await provinceOf(c);
      await setVisitGapDays(c.var.db, currentActor(c), province, c.req.valid("form").visitGapDays, clientIp(c));
      return redirectAfterPost(c, "/reports/coverage");
    },
  )
  .get("/me/communes", async (c) => {
    const actor = currentActor(c);
    const today = todayOf(c);
    const provinceId = actor.scope.level === "province" ? actor.scope.id : actor.scope.provinceId!;
    const gap = await visitGapDays(c.var.db, provinceId);
    const rows = await cadreBoard(c.var.db, actor.id, today);
    return c.html(<CadreBoardPage {...pageProps(c)} rows={rows} displayName={currentUser(c).displayName} gapDays={gap} today={today} overdueSince={addDays(today, -gap)} />);
  });
