// The feedback loop's pages: a commune's items and the new-item form, the item page and its workflow
// actions, a department's inbox and notifications (reports: feedback-reports.tsx; admin's categories and
// holidays: feedback-admin.tsx). Mounted in src/index.tsx next to the assignments and visits routes.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import type { Unit } from "../db/schema";
import { coversUnit } from "../domain/assignments";
import { STATUS_LABELS, availableActions, decide, partiesOf, routingAction, slaState, workingDaysLeft, type FeedbackAction, type FeedbackStatus, type Party } from "../domain/feedback";
import { can, type Actor } from "../domain/permissions";
import { vnDateOf } from "../domain/clock";
import { activeAssignmentUnitIds } from "../services/assignments";
import {
  applyTransition,
  communeCriteria,
  createFeedback,
  getDepartment,
  getItem,
  itemResource,
  listCategories,
  listProvinceDepartments,
  type FeedbackItem,
  type TransitionInput,
} from "../services/feedback";
import { STATUS_FILTERS, itemEvents, itemNames, listForCommune, listForDepartment } from "../services/feedback-queries";
import { cursorQuery, nextPageHref } from "../web/keyset";
import { listNotifications, markRead, unreadCount } from "../services/feedback-notify";
import { getUnit, unitRef } from "../services/units";
import { hamletsOf } from "../services/visits";
import { loadHolidaysAround } from "../services/working-days";
import { authorize, isHtmx, pageProps, redirectAfterPost, requireUser } from "../web/context";
import { once } from "../web/once";
import { ownKey, validate, type FieldErrors } from "../web/validate";
import { msg } from "../messages";
import { CommuneFeedbackPage, DepartmentInboxPage, NewFeedbackPage, type NewFeedbackForm } from "../../templates/pages/feedback";
import { ActionForm, FeedbackItemPage, type ActionFormState, type ActionsProps } from "../../templates/pages/feedback-item";
import { NotificationsPage } from "../../templates/pages/notifications";
import { ctxOf, rawValues } from "./feedback-common";
import { ACTION_SCHEMAS, createSchema } from "../domain/feedback-forms";
import { type C, communeParam, currentActor, idParam, todayOf } from "../web/request";
import { type StatusOf, statusOf } from "../web/outcome";

function toInput(action: FeedbackAction, data: Record<string, unknown>): TransitionInput {
  switch (action) {
    case "route":
    case "reroute":
      return { action, departmentId: data.departmentId as number, dueDate: (data.dueDate as string | null) ?? null, note: data.note as string };
    case "accept":
      return { action };
    case "return":
      return { action, reason: data.reason as string };
    case "answer":
      return { action, publicAnswer: data.publicAnswer as string, internalNote: data.internalNote as string };
    case "rate":
      return { action, rating: data.rating as number, comment: data.comment as string };
    case "close":
      return { action, note: data.note as string };
    case "comment":
      return { action, text: data.text as string };
  }
}

async function loadItem(c: C) {
  const item = await getItem(c.var.db, idParam(c, "id"));
  if (!item) throw new HTTPException(404, { message: "Không tìm thấy phản ánh này." });
  const actor = currentActor(c);
  const resource = await itemResource(c.var.db, actor, item, todayOf(c));
  authorize(c, "feedback.view", resource);
  return { item, parties: partiesOf(actor, resource), seesVisit: can(actor, "visit.view", { unit: resource.unit, assigned: resource.assigned }) };
}

type ItemOpts = { status?: number; notice?: string; forms?: Partial<Record<FeedbackAction, ActionFormState>>; seesVisit?: boolean };

async function actionsProps(c: C, item: FeedbackItem, parties: Party[], forms: ItemOpts["forms"] = {}): Promise<ActionsProps> {
  const [depts, cats] = await Promise.all([listProvinceDepartments(c.var.db, item.provinceId), listCategories(c.var.db, item.provinceId)]);
  // The step each party is there for comes first: answer, rate, route; the follow-up comment last.
  const order: FeedbackAction[] = ["answer", "rate", "route", "reroute", "accept", "close", "return", "comment"];
  const actions = availableActions(item.status, parties);
  for (const a of Object.keys(forms) as FeedbackAction[]) if (!actions.includes(a)) actions.push(a);
  actions.sort((x, y) => order.indexOf(x) - order.indexOf(y));
  return {
    csrfToken: c.var.csrfToken,
    item: { id: item.id, version: item.version, status: item.status, dueDate: item.dueDate },
    actions,
    departments: depts.map((d) => ({ value: d.id, label: d.name })),
    defaultDepartmentId: item.departmentId ?? cats.find((x) => x.id === item.categoryId)?.defaultDepartmentId ?? null,
    forms,
  };
}

function backLink(actor: Actor, communeCode: string) {
  if (actor.role === "department" && actor.departmentId) return { href: `/departments/${actor.departmentId}/feedback`, label: "Hộp phản ánh của sở, ngành" };
  if (actor.role === "commune_staff" || actor.role === "cadre") return { href: `/communes/${communeCode}/feedback`, label: "Phản ánh của xã" };
  return { href: "/reports/feedback", label: "Báo cáo phản ánh, kiến nghị" };
}

async function itemPage(c: C, item: FeedbackItem, parties: Party[], opts: ItemOpts = {}) {
  const actor = currentActor(c);
  const today = todayOf(c);
  const [holidays, names, events, props] = await Promise.all([
    loadHolidaysAround(c.var.db, today, item.provinceId),
    itemNames(c.var.db, item),
    itemEvents(c.var.db, item.id),
    actionsProps(c, item, parties, opts.forms),
  ]);
  const sla = slaState({ receivedDate: vnDateOf(item.receivedAt), dueDate: item.dueDate, answeredDate: item.answeredAt ? vnDateOf(item.answeredAt) : null }, today, holidays);
  // The internal note stays with the department, the coordinating office and leaders.
  const seesInternal = actor.role === "admin" || actor.role === "leader" || parties.includes("department");
  c.header("Vary", "HX-Request");
  return c.html(
    <FeedbackItemPage
      {...pageProps(c)}
      item={{
        ...item,
        internalNote: seesInternal ? item.internalNote : null,
        sla,
        daysLeft: workingDaysLeft(item.dueDate, today, holidays),
        communeCode: names.commune.code,
        communeName: names.commune.name,
        hamletName: names.hamlet?.name ?? null,
        categoryName: names.categoryName,
        departmentName: names.departmentName,
        creatorName: names.creatorName,
        criterion: names.criterion ? `${names.criterion.number}. ${names.criterion.name}` : null,
        visitId: opts.seesVisit ? names.visitId : null,
      }}
      events={events}
      actionsProps={props}
      notice={opts.notice}
      back={backLink(actor, names.commune.code)}
    />,
    (opts.status ?? 200) as 200,
  );
}

/** Assigned-unit facts for a commune page: the commune itself, or one of its hamlets. */
async function communeAccess(c: C, commune: Unit) {
  const actor = currentActor(c);
  const ids = actor.role === "cadre" ? await activeAssignmentUnitIds(c.var.db, actor.id, todayOf(c)) : [];
  const ref = unitRef(commune);
  const hamlets = await hamletsOf(c.var.db, commune.id);
  const hamletRef = (h: { id: number }) => ({ id: h.id, level: "hamlet" as const, provinceId: commune.provinceId, districtId: commune.districtId, communeId: commune.id });
  const coveredHamlets = hamlets.filter((h) => coversUnit(ids, hamletRef(h)));
  const assigned = coversUnit(ids, ref) || coveredHamlets.length > 0;
  return { ref, hamlets: coversUnit(ids, ref) || actor.role !== "cadre" ? hamlets : coveredHamlets, wholeCommune: actor.role !== "cadre" || coversUnit(ids, ref), assigned };
}

async function newFormPage(c: C, commune: Unit, values: Record<string, string>, errors?: FieldErrors, status = 200) {
  const access = await communeAccess(c, commune);
  authorize(c, "feedback.create", { unit: access.ref, assigned: access.assigned });
  const [cats, depts, crit] = await Promise.all([listCategories(c.var.db, commune.provinceId!, true), listProvinceDepartments(c.var.db, commune.provinceId!), communeCriteria(c.var.db, commune.id)]);
  const deptName = new Map(depts.map((d) => [d.id, d.name]));
  const form: NewFeedbackForm = {
    action: `/communes/${commune.code}/feedback`,
    values,
    errors,
    categories: cats.map((x) => ({ value: x.id, label: x.name, department: x.defaultDepartmentId ? deptName.get(x.defaultDepartmentId) ?? null : null, slaDays: x.slaDays })),
    departments: depts.map((d) => ({ value: d.id, label: d.name })),
    hamlets: access.hamlets.map((h) => ({ value: h.id, label: h.name })),
    criteria: crit.map((x) => ({ value: x.id, label: `${x.number}. ${x.name}` })),
  };
  return c.html(<NewFeedbackPage {...pageProps(c)} commune={{ code: commune.code, name: commune.name }} form={form} />, status as 200);
}

/**
 * The inbox shows the earliest deadlines a page at a time ("Xem thêm"): it reads one item more than it shows, which
 * says whether there are more (no second read to count them).
 */
const INBOX_PAGE = 50;
/** A commune's feedback list: newest first, a page at a time. */
const LIST_PAGE = 100;

const DEPARTMENT_FILTERS: Record<string, { label: string; statuses: FeedbackStatus[] }> = {
  open: { label: "Cần trả lời", statuses: ["routed", "in_progress"] },
  answered: { label: "Đã trả lời", statuses: ["answered"] },
  closed: { label: "Đã đóng", statuses: ["closed"] },
  returned: { label: "Đã trả lại", statuses: ["returned"] },
  all: { label: "Tất cả", statuses: ["routed", "in_progress", "answered", "closed", "returned"] },
};

/**
 * The item an action is taken on, the form as typed, how to answer it, and the checks that come before the form's
 * fields: may this action be taken now (403, or 409/422 with the reason), and was the form made from the item's
 * current version (409; a comment needs no version).
 */
async function actionTarget(c: C) {
  const { item, parties, seesVisit } = await loadItem(c);
  const name = c.req.param("action") as FeedbackAction;
  const action: FeedbackAction = name === "route" ? routingAction(item.status) : name;
  const values = rawValues(await c.req.parseBody());
  const respond = async (status: StatusOf<"conflict" | "invalid">, errors: FieldErrors, current: FeedbackItem = item) => {
    const form = { values, errors: status === 409 && current.status !== item.status ? { ...errors, form: `${errors.form ?? ""} Trạng thái hiện tại: ${STATUS_LABELS[current.status]}.`.trim() } : errors };
    if (isHtmx(c)) {
      const props = await actionsProps(c, current, parties, { [action]: form });
      return c.html(<ActionForm {...props} action={action} />, status);
    }
    return itemPage(c, current, parties, { status, forms: { [action]: form }, notice: status === 409 ? errors.form : undefined, seesVisit });
  };
  const refusal = () => {
    const decision = decide(action, item.status, parties);
    if (!decision.ok && decision.kind === "forbidden") throw new HTTPException(statusOf(decision), { message: decision.message });
    if (!decision.ok) return respond(statusOf(decision), { form: decision.message });
    if (action !== "comment" && Number(values.version) !== item.version) {
      return respond(409, { form: "Phản ánh vừa được người khác cập nhật. Nội dung bạn nhập vẫn được giữ; tải lại trang để xem thay đổi, hoặc gửi lại nếu vẫn muốn." });
    }
    return null;
  };
  return { item, parties, action, values, respond, refusal };
}

/** The action's own fields ("route" and "reroute" share one form); their messages come after the refusals above. */
const actionForm = validate("form", (c) => ACTION_SCHEMAS[c.req.param("action") as FeedbackAction], async (c, errors) => {
  const { respond, refusal } = await actionTarget(c);
  return (await refusal()) ?? respond(422, errors);
});

export const feedbackRoutes = new Hono<AppEnv>()
  .use("/feedback/*", requireUser)
  .use("/communes/:code/feedback", requireUser)
  .use("/communes/:code/feedback/*", requireUser)
  .use("/departments/*", requireUser)
  .use("/me/*", requireUser)
  .get("/me/feedback", async (c) => {
    const actor = currentActor(c);
    if (actor.role === "department" && actor.departmentId) return c.redirect(`/departments/${actor.departmentId}/feedback`, 302);
    if (actor.role === "commune_staff") {
      const scope = (await getUnit(c.var.db, actor.scope.level === "hamlet" ? actor.scope.communeId! : actor.scope.id))!;
      return c.redirect(`/communes/${scope.code}/feedback`, 302);
    }
    if (actor.role === "cadre") return c.redirect("/me/communes", 302);
    return c.redirect("/reports/feedback", 302);
  })
  .get("/communes/:code/feedback", async (c) => {
    const commune = await communeParam(c);
    const access = await communeAccess(c, commune);
    authorize(c, "feedback.view", { unit: access.ref, assigned: access.assigned });
    const filter = ownKey(STATUS_FILTERS, c.req.query("status")) ?? "open";
    const today = todayOf(c);
    const before = cursorQuery(c);
    const rows = await listForCommune(c.var.db, commune, STATUS_FILTERS[filter].statuses, today, LIST_PAGE, before);
    return c.html(
      <CommuneFeedbackPage
        {...pageProps(c)}
        commune={{ code: commune.code, name: commune.name }}
        rows={rows}
        next={nextPageHref(`/communes/${commune.code}/feedback`, { status: filter }, rows, LIST_PAGE, (r) => ({ key: r.receivedAt, id: r.id }))}
        filter={filter}
        filters={STATUS_FILTERS}
        canCreate={can(currentActor(c), "feedback.create", { unit: access.ref, assigned: access.assigned })}
      />,
    );
  })
  .get("/communes/:code/feedback/new", async (c) => newFormPage(c, await communeParam(c), {}))
  .post(
    "/communes/:code/feedback",
    validate("form", createSchema, async (c: C, errors, raw) => newFormPage(c, await communeParam(c), raw, errors, 422)),
    async (c) => {
      const commune = await communeParam(c);
      const access = await communeAccess(c, commune);
      const actor = currentActor(c);
      authorize(c, "feedback.create", { unit: access.ref, assigned: access.assigned });
      const input = c.req.valid("form");
      const raw = rawValues(await c.req.parseBody());
      const hamlet = input.hamletId ? access.hamlets.find((h) => h.id === input.hamletId) : undefined;
      if (input.hamletId && !hamlet) return newFormPage(c, commune, raw, { hamletId: "Ấp không thuộc xã hoặc không thuộc địa bàn bạn theo dõi." }, 422);
      if (!hamlet && !access.wholeCommune) return newFormPage(c, commune, raw, { hamletId: "Vui lòng chọn ấp bạn được phân công theo dõi." }, 422);
      return once(c, "feedback", async (claim) => {
        const outcome = await createFeedback(
          c.var.db,
          actor,
          {
            commune,
            hamlet: hamlet ? ((await getUnit(c.var.db, hamlet.id)) ?? null) : null,
            source: actor.role === "cadre" ? "cadre" : "commune",
            visitConcernId: null,
            criterionId: input.criterionId,
            categoryId: input.categoryId!,
            departmentId: input.departmentId,
            title: input.title,
            content: input.content,
            dueDate: input.dueDate,
          },
          { ...(await ctxOf(c)), claim },
        );
        if (!outcome.ok) return newFormPage(c, commune, raw, outcome.errors, statusOf(outcome));
        return redirectAfterPost(c, `/feedback/${outcome.id}`);
      }, (id) => redirectAfterPost(c, `/feedback/${id}`));
    },
  )
  .get("/feedback/:id", async (c) => {
    const { item, parties, seesVisit } = await loadItem(c);
    return itemPage(c, item, parties, { seesVisit });
  })
  .post("/feedback/:id/:action{route|accept|return|answer|rate|close|comment}", actionForm, async (c) => {
    const { item, parties, action, values, respond, refusal } = await actionTarget(c);
    const input = c.req.valid("form") as Record<string, unknown>;
    return once(c, `feedback.${action}`, async (claim) => {
      const refused = refusal();
      if (refused) return refused;
      const outcome = await applyTransition(c.var.db, currentActor(c), item, parties, toInput(action, input), Number(values.version), { ...(await ctxOf(c)), claim });
      if (!outcome.ok) {
        if (outcome.kind === "forbidden") throw new HTTPException(statusOf(outcome), { message: outcome.errors.form ?? msg.forbidden });
        return respond(statusOf(outcome), outcome.errors, outcome.current);
      }
      return redirectAfterPost(c, `/feedback/${item.id}`);
    }, (id) => redirectAfterPost(c, `/feedback/${id}`));
  })
  .get("/departments/:id/feedback", async (c) => {
    const dept = await getDepartment(c.var.db, idParam(c, "id"));
    if (!dept) throw new HTTPException(404, { message: "Không tìm thấy sở, ngành này." });
    const province = (await getUnit(c.var.db, dept.provinceId))!;
    authorize(c, "feedback.inbox", { unit: unitRef(province), departmentId: dept.id });
    const filter = ownKey(DEPARTMENT_FILTERS, c.req.query("status")) ?? "open";
    const today = todayOf(c);
    const after = cursorQuery(c);
    const statuses = DEPARTMENT_FILTERS[filter].statuses;
    const read = await listForDepartment(c.var.db, dept, statuses, today, INBOX_PAGE + 1, after);
    const more = read.length > INBOX_PAGE;
    const rows = read.slice(0, INBOX_PAGE);
    const next = more ? nextPageHref(`/departments/${dept.id}/feedback`, { status: filter }, rows, INBOX_PAGE, (r) => ({ key: r.dueDate, id: r.id })) : null;
    const caption = after ? `${rows.length} phản ánh tiếp theo` : more ? `Hơn ${INBOX_PAGE} phản ánh` : `${rows.length} phản ánh`;
    return c.html(<DepartmentInboxPage {...pageProps(c)} department={dept} rows={rows} filter={filter} filters={DEPARTMENT_FILTERS} caption={caption} next={next} />);
  })
  .get("/me/notifications", async (c) => {
    const userId = currentActor(c).id;
    const [rows, unread] = await Promise.all([listNotifications(c.var.db, userId), unreadCount(c.var.db, userId)]);
    return c.html(<NotificationsPage {...pageProps(c)} rows={rows} unread={unread} />);
  })
  .post("/me/notifications/read", async (c) => {
    await markRead(c.var.db, currentActor(c).id, c.var.now.toISOString());
    return redirectAfterPost(c, "/me/notifications");
  });

