// Field visits: list and log visits of a commune (/communes/:code/visits), read one (/visits/:id), turn
// one of its concerns into a feedback item in one step.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import type { Unit } from "../db/schema";
import { coversUnit } from "../domain/assignments";
import { titleFrom } from "../domain/feedback";
import { can } from "../domain/permissions";
import { concernsError, splitConcerns, visitDateError } from "../domain/visits";
import { activeAssignmentUnitIds } from "../services/assignments";
import { createFeedback, listCategories } from "../services/feedback";
import { getUnit, unitRef } from "../services/units";
import { authorName, createVisit, getVisit, hamletsOf, listVisits, visitConcernsOf } from "../services/visits";
import { authorize, isHtmx, pageProps, redirectAfterPost, requireUser } from "../web/context";
import { validate, type FieldErrors } from "../web/validate";
import { once } from "../web/once";
import { ConcernItem, VisitFormPage, VisitListPage, VisitPage, type ConvertForm, type VisitFiles } from "../../templates/pages/visits";
import { filesOf, filesOfParents, loadParent } from "../services/evidence-files";
import { toFileView, type FileView } from "../web/file-view";
import { ctxOf, rawValues } from "./feedback-common";
import { convertSchema, visitSchema } from "../domain/visit-forms";
import { type C, clientIp, communeParam, currentActor, idParam, todayOf } from "../web/request";
import { type StatusOf, statusOf } from "../web/outcome";

/** Where the actor may log a visit in this commune: the commune itself and/or hamlets their assignments cover. */
async function placesFor(c: C, commune: Unit): Promise<Pick<Unit, "id" | "code" | "name" | "level">[]> {
  const actor = currentActor(c);
  // Cadres where their assignments reach; commune staff in their own commune's hamlets (can "visit.log").
  if (actor.role !== "cadre" && actor.role !== "commune_staff") return [];
  const ids = actor.role === "cadre" ? await activeAssignmentUnitIds(c.var.db, actor.id, todayOf(c)) : [];
  const hamlets = await hamletsOf(c.var.db, commune.id);
  const candidates = [
    { id: commune.id, code: commune.code, name: commune.name, level: "commune" as const, ref: unitRef(commune) },
    ...hamlets.map((h) => ({ ...h, level: "hamlet" as const, ref: { id: h.id, level: "hamlet" as const, provinceId: commune.provinceId, districtId: commune.districtId, communeId: commune.id } })),
  ];
  return candidates.filter((p) => can(actor, "visit.log", { unit: p.ref, assigned: coversUnit(ids, p.ref) }));
}

async function formPage(c: C, commune: Unit, values: Record<string, string>, errors?: FieldErrors, status = 200) {
  const places = await placesFor(c, commune);
  if (places.length === 0) throw new HTTPException(403, { message: "Bạn chỉ ghi nhận chuyến thăm ở địa bàn được phân công theo dõi." });
  return c.html(
    <VisitFormPage
      {...pageProps(c)}
      commune={{ code: commune.code, name: commune.name }}
      places={places.map((p) => ({ value: p.code, label: p.level === "commune" ? `${p.name} (cả xã)` : p.name }))}
      values={values}
      errors={errors}
      today={todayOf(c)}
    />,
    status as 200,
  );
}

async function loadVisit(c: C) {
  const visit = await getVisit(c.var.db, idParam(c, "id"));
  if (!visit) throw new HTTPException(404, { message: "Không tìm thấy chuyến thăm này." });
  const [place, commune] = await Promise.all([getUnit(c.var.db, visit.unitId), getUnit(c.var.db, visit.communeId)]);
  const actor = currentActor(c);
  const ids = actor.role === "cadre" ? await activeAssignmentUnitIds(c.var.db, actor.id, todayOf(c)) : [];
  const placeRef = unitRef(place!);
  authorize(c, "visit.view", { unit: placeRef, assigned: coversUnit(ids, placeRef), createdBy: visit.createdBy });
  const canConvert = can(actor, "feedback.create", { unit: placeRef, assigned: coversUnit(ids, placeRef) });
  return { visit, place: place!, commune: commune!, canConvert };
}

/** Evidence files of a visit and its concerns: two indexed queries; attach as the file routes allow. */
async function visitFiles(c: C, visit: { id: number; createdBy: number }, place: Unit, concernIds: number[]): Promise<VisitFiles> {
  const [own, ofConcerns, parent] = await Promise.all([
    filesOf(c.var.db, place.id, "visit", [visit.id]),
    filesOf(c.var.db, place.id, "concern", concernIds),
    loadParent(c.var.db, currentActor(c), "visit", visit.id, null, todayOf(c)),
  ]);
  const concerns: Record<number, FileView[]> = {};
  for (const f of ofConcerns) (concerns[f.parentId] ??= []).push(toFileView(f));
  return { visit: own.map(toFileView), concerns, canAttach: parent?.canAttach ?? false };
}

async function visitPage(c: C, forms?: Record<number, ConvertForm>, status = 200) {
  const { visit, place, commune, canConvert } = await loadVisit(c);
  const [concerns, author, categories] = await Promise.all([visitConcernsOf(c.var.db, visit.id), authorName(c.var.db, visit.createdBy), listCategories(c.var.db, commune.provinceId!, true)]);
  const files = await visitFiles(c, visit, place, concerns.map((x) => x.id));
  return c.html(
    <VisitPage
      {...pageProps(c)}
      visit={{ ...visit, placeName: place.name, authorName: author }}
      commune={{ code: commune.code, name: commune.name }}
      concerns={concerns}
      canConvert={canConvert}
      categories={categories.map((x) => ({ value: x.id, label: x.name }))}
      forms={forms}
      files={files}
    />,
    status as 200,
  );
}

const ALREADY_CONVERTED = "Ý kiến này đã được chuyển thành phản ánh trước đó.";

/** The concern turned into feedback (by who may send feedback for the visited place) and how to answer its form. */
async function concernTarget(c: C) {
  const { visit, place, commune, canConvert } = await loadVisit(c);
  if (!canConvert) throw new HTTPException(403, { message: "Bạn chỉ gửi phản ánh cho địa bàn được phân công theo dõi." });
  const concernId = idParam(c, "cid");
  const concerns = await visitConcernsOf(c.var.db, visit.id);
  const concern = concerns.find((x) => x.id === concernId);
  if (!concern) throw new HTTPException(404, { message: "Không tìm thấy ý kiến này trong chuyến thăm." });
  const categories = (await listCategories(c.var.db, commune.provinceId!, true)).map((x) => ({ value: x.id, label: x.name }));
  const values = rawValues(await c.req.parseBody());
  const respond = async (status: StatusOf<"conflict" | "invalid">, errors: FieldErrors) => {
    const form = { categories, values, errors };
    const fresh = (await visitConcernsOf(c.var.db, visit.id)).find((x) => x.id === concernId)!;
    if (isHtmx(c)) return c.html(<ConcernItem csrfToken={c.var.csrfToken} visitId={visit.id} concern={fresh} canConvert form={form} categories={categories} />, status);
    return visitPage(c, { [concernId]: form }, status);
  };
  return { visit, place, commune, concern, respond };
}

/** A concern already converted answers 409 before any field message. */
const convertForm = validate("form", convertSchema, async (c, errors) => {
  const { concern, respond } = await concernTarget(c);
  return concern.feedbackId ? respond(409, { form: ALREADY_CONVERTED }) : respond(422, errors);
});

export const visitRoutes = new Hono<AppEnv>()
  .use("/visits/*", requireUser)
  .use("/communes/:code/visits", requireUser)
  .use("/communes/:code/visits/*", requireUser)
  .get("/communes/:code/visits", async (c) => {
    const commune = await communeParam(c);
    const actor = currentActor(c);
    const ids = actor.role === "cadre" ? await activeAssignmentUnitIds(c.var.db, actor.id, todayOf(c)) : [];
    const ref = unitRef(commune);
    const places = await placesFor(c, commune);
    // Cadres following only a hamlet may read the commune's visits too.
    authorize(c, "visit.view", { unit: ref, assigned: coversUnit(ids, ref) || places.length > 0 });
    const rows = await listVisits(c.var.db, commune.id);
    const files: Record<number, FileView[]> = {};
    for (const f of await filesOfParents(c.var.db, "visit", rows.map((r) => r.id))) (files[f.parentId] ??= []).push(toFileView(f));
    return c.html(<VisitListPage {...pageProps(c)} commune={{ code: commune.code, name: commune.name }} rows={rows} canLog={places.length > 0} files={files} />);
  })
  .get("/communes/:code/visits/new", async (c) => {
    const commune = await communeParam(c);
    return formPage(c, commune, { visitDate: todayOf(c), place: c.req.query("place") ?? commune.code });
  })
  .post(
    "/communes/:code/visits",
    validate("form", visitSchema, async (c: C, errors, raw) => formPage(c, await communeParam(c), raw, errors, 422)),
    async (c) => {
      const commune = await communeParam(c);
      const places = await placesFor(c, commune);
      if (places.length === 0) throw new HTTPException(403, { message: "Bạn chỉ ghi nhận chuyến thăm ở địa bàn được phân công theo dõi." });
      const input = c.req.valid("form");
      const raw = rawValues(await c.req.parseBody(), 40_000);
      const errors: FieldErrors = {};
      const place = places.find((p) => p.code === (input.place || commune.code));
      if (!place) errors.place = "Nơi đến không thuộc địa bàn bạn được phân công.";
      const dateProblem = visitDateError(input.visitDate!, todayOf(c));
      if (dateProblem) errors.visitDate = dateProblem;
      const concerns = splitConcerns(input.concerns);
      const concernProblem = concernsError(concerns);
      if (concernProblem) errors.concerns = concernProblem;
      if (Object.keys(errors).length) return formPage(c, commune, raw, errors, 422);
      const placeUnit = place!.id === commune.id ? commune : (await getUnit(c.var.db, place!.id))!;
      return once(
        c,
        "visit",
        async (claim) => {
          const id = await createVisit(
            c.var.db,
            currentActor(c),
            { place: placeUnit, commune, visitDate: input.visitDate!, participants: input.participants, metWith: input.metWith, summary: input.summary, concerns },
            c.var.now.toISOString(),
            clientIp(c),
            claim,
          );
          return redirectAfterPost(c, `/visits/${id}`);
        },
        (id) => redirectAfterPost(c, `/visits/${id}`),
      );
    },
  )
  .get("/visits/:id", (c) => visitPage(c))
  .post("/visits/:id/concerns/:cid/feedback", convertForm, async (c) => {
    const { visit, place, commune, concern, respond } = await concernTarget(c);
    const input = c.req.valid("form");
    return once(
      c,
      "concern.feedback",
      async (claim) => {
        if (concern.feedbackId) return respond(409, { form: ALREADY_CONVERTED });
        const outcome = await createFeedback(
          c.var.db,
          currentActor(c),
          {
            commune,
            hamlet: place.level === "hamlet" ? place : null,
            source: "visit",
            visitConcernId: concern.id,
            criterionId: null,
            categoryId: input.categoryId!,
            departmentId: null,
            title: titleFrom(concern.content),
            content: concern.content,
            dueDate: null,
          },
          { ...(await ctxOf(c)), claim },
        );
        if (!outcome.ok) return respond(statusOf(outcome), outcome.errors);
        return redirectAfterPost(c, `/feedback/${outcome.id}`);
      },
      (id) => redirectAfterPost(c, `/feedback/${id}`),
    );
  });

