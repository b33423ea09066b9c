import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import type { EvidenceFile, Unit } from "../db/schema";
import { can } from "../domain/permissions";
import { indicatorHistory, loadChecklist, saveIndicator, type Checklist } from "../services/checklist";
import { loadChecklistPage } from "../services/checklist-page";
import { parentChain, unitRef } from "../services/units";
import { authorize, isHtmx, pageProps, redirectAfterPost, requireUser } from "../web/context";
import { buildIndicatorView, groupsView, indicatorView, summaryView } from "../web/checklist-view";
import { validate } from "../web/validate";
import { saveSchema } from "../domain/checklist-forms";
import { decimalInput } from "../domain/format";
import { msg } from "../messages";
import { filesOf } from "../services/evidence-files";
import { toFileView, type FileView } from "../web/file-view";
import { recognitionNotices } from "../services/recognition-queries";
import { RecognitionNotices } from "../../templates/pages/recognition-notices";
import { ChecklistPage, HistoryPage, IndicatorEditPage, IndicatorList, Summary } from "../../templates/pages/checklist";
import { CriterionHeading, IndicatorBlock, IndicatorForm, type Conflict, type FormState } from "../../templates/components/checklist-indicator";
import { closedNotice, predecessorSection } from "../web/merger-view";
import { type C, clientIp, communeParam, currentActor, currentUser } from "../web/request";
import { cursorQuery, nextPageHref } from "../web/keyset";

/** An indicator's history: newest first, a page at a time. */
const HISTORY_PAGE = 100;
import { targetKeyLabel } from "../domain/criteria-admin";
import { NTM_REGION_NAMES } from "../domain/units";
import { type StatusOf, statusOf } from "../web/outcome";

async function checklistOf(c: C, unit: Unit): Promise<Checklist> {
  const checklist = await loadChecklist(c.var.db, unit);
  if (!checklist) throw unbound(unit);
  return checklist;
}

const unbound = (unit: Unit) => new HTTPException(404, { message: `${unit.name} chưa được gắn bộ tiêu chí. Quản trị viên cần gắn bộ tiêu chí cho xã trước.` });

function indicatorIdOf(c: C, checklist: Checklist): number {
  const id = Number(c.req.param("id"));
  if (!Number.isInteger(id) || !checklist.def.indicators.some((i) => i.id === id)) {
    throw new HTTPException(404, { message: "Không tìm thấy chỉ tiêu này trong bộ tiêu chí của xã." });
  }
  return id;
}

/** A stored value as the edit field shows it: decimals with a comma ("70.4" → "70,4"), as the checklist reads. */
const inputValue = (kind: string, value: string | null) => (value === null ? "" : kind === "number" || kind === "percent" ? decimalInput(value) : value);

/** The commune and indicator id of a save, authorised for editing, and the form as typed (to show it again). */
async function editTarget(c: C): Promise<{ unit: Unit; id: number; attempted: FormState }> {
  const unit = await communeParam(c, "unit.viewData");
  authorize(c, "checklist.edit", { unit: unitRef(unit) });
  const id = Number(c.req.param("id"));
  if (!Number.isInteger(id) || id <= 0) throw new HTTPException(404, { message: "Không tìm thấy chỉ tiêu này trong bộ tiêu chí của xã." });
  const body = await c.req.parseBody();
  const raw = (k: string) => (typeof body[k] === "string" ? (body[k] as string) : "");
  const attempted: FormState = { value: raw("value").slice(0, 200), evidenceNote: raw("evidenceNote").slice(0, 1000), evidenceLink: raw("evidenceLink").slice(0, 500), note: raw("note").slice(0, 300), version: Number(raw("version")) || 1 };
  return { unit, id, attempted };
}

/** The indicator's form again with what the user typed (422 invalid, 409 someone saved first). */
async function indicatorFormResponse(c: C, unit: Unit, attempted: FormState, status: StatusOf<"conflict" | "invalid">, extra: { error?: { field: string; message: string }; conflict?: Conflict }) {
  const checklist = await checklistOf(c, unit);
  const indicatorId = indicatorIdOf(c, checklist);
  const files = (await indicatorFiles(c, unit, [indicatorId])).get(indicatorId) ?? [];
  const form = formFor(c, checklist, indicatorId, attempted, extra, files);
  if (isHtmx(c)) return c.html(<IndicatorForm {...form} />, status);
  return c.html(<IndicatorEditPage {...pageProps(c)} communeCode={unit.code} communeName={unit.name} form={form} />, status);
}

/** Invalid input: the form again with the first problem, under the value or the evidence. */
const saveForm = validate("form", saveSchema, async (c, errors) => {
  const { unit, attempted } = await editTarget(c);
  const [key, message] = Object.entries(errors)[0] ?? ["form", msg.invalid];
  const field = key === "evidenceLink" || key === "evidenceNote" ? "evidence" : key === "value" ? "value" : "form";
  return indicatorFormResponse(c, unit, attempted, 422, { error: { field, message } });
});

const canEdit = (c: C, unit: Unit) => can(currentActor(c), "checklist.edit", { unit: unitRef(unit) });

async function crumbs(c: C, unit: Unit, read?: Unit[]) {
  const chain = read ?? (await parentChain(c.var.db, unit));
  const actor = currentActor(c);
  return [...chain, unit].map((u) => ({ code: u.code, name: u.name, viewable: can(actor, "unit.view", { unit: unitRef(u) }) }));
}

function formFor(c: C, checklist: Checklist, id: number, state: FormState, extra: { error?: { field: string; message: string }; conflict?: Conflict } = {}, files: FileView[] = []) {
  return { communeCode: checklist.unit.code, ind: { ...indicatorView(checklist, id), files }, csrfToken: c.var.csrfToken, state, upload: { unitId: checklist.unit.id }, ...extra };
}

/** Evidence files of a commune's indicators (one indexed query, or the files the caller read), by indicator id. */
async function indicatorFiles(c: C, unit: Unit, ids?: number[], read?: EvidenceFile[]): Promise<Map<number, FileView[]>> {
  const byIndicator = new Map<number, FileView[]>();
  for (const f of read ?? (await filesOf(c.var.db, unit.id, "indicator", ids))) byIndicator.set(f.parentId, [...(byIndicator.get(f.parentId) ?? []), toFileView(f)]);
  return byIndicator;
}

export const checklistRoutes = new Hono<AppEnv>()
  .use("*", requireUser)
  .get("/:code/checklist", async (c) => {
    const unit = await communeParam(c, "unit.viewData");
    // One round trip for the checklist and what the page shows beside it (services/checklist-page.ts).
    const page = await loadChecklistPage(c.var.db, unit);
    if (!page) throw unbound(unit);
    const { checklist } = page;
    const onlyFailing = c.req.query("failing") === "1";
    const all = c.req.query("all") === "1";
    const files = await indicatorFiles(c, unit, undefined, page.files);
    const groups = groupsView(checklist, onlyFailing).map((g) => ({
      ...g,
      criteria: g.criteria.map((cr) => ({ ...cr, indicators: cr.indicators.map((i) => ({ ...i, files: files.get(i.id) ?? [] })) })),
    }));
    return c.html(
      <ChecklistPage
        {...pageProps(c)}
        chain={(await crumbs(c, unit, page.chain)).slice(0, -1).concat({ code: unit.code, name: unit.name, viewable: true })}
        communeName={unit.name}
        communeCode={unit.code}
        setName={checklist.def.set.name}
        setDecision={checklist.def.set.decision}
        keyLabel={targetKeyLabel(checklist.binding.key, NTM_REGION_NAMES)}
        evalYear={checklist.binding.evalYear}
        summary={summaryView(checklist)}
        groups={groups}
        canEdit={canEdit(c, unit)}
        onlyFailing={onlyFailing}
        all={all}
        notices={
          <>
            {await closedNotice(c, unit, currentActor(c).scope.id === unit.id)}
            <RecognitionNotices {...await recognitionNotices(c.var.db, checklist, page.dossiers)} canPrepare={can(currentActor(c), "dossier.prepare", { unit: unitRef(unit) })} />
          </>
        }
        after={await predecessorSection(c, unit, page.predecessors)}
      />,
    );
  })
  .get("/:code/checklist/criteria/:id", async (c) => {
    // The indicators of one criterion: what a collapsed criterion loads when opened.
    const unit = await communeParam(c, "unit.viewData");
    const checklist = await checklistOf(c, unit);
    const criterion = groupsView(checklist, false)
      .flatMap((g) => g.criteria)
      .find((cr) => cr.id === Number(c.req.param("id")));
    if (!criterion) throw new HTTPException(404, { message: "Không tìm thấy tiêu chí này trong bộ tiêu chí của xã." });
    const files = await indicatorFiles(c, unit, criterion.indicators.map((i) => i.id));
    const withFiles = { ...criterion, indicators: criterion.indicators.map((i) => ({ ...i, files: files.get(i.id) ?? [] })) };
    return c.html(<IndicatorList communeCode={unit.code} criterion={withFiles} canEdit={canEdit(c, unit)} />);
  })
  .get("/:code/checklist/summary", async (c) => {
    const checklist = await checklistOf(c, await communeParam(c, "unit.viewData"));
    return c.html(<Summary s={summaryView(checklist)} />);
  })
  .get("/:code/indicators/:id/view", async (c) => {
    const unit = await communeParam(c, "unit.viewData");
    const checklist = await checklistOf(c, unit);
    const id = indicatorIdOf(c, checklist);
    const files = (await indicatorFiles(c, unit, [id])).get(id) ?? [];
    return c.html(<IndicatorBlock communeCode={unit.code} ind={{ ...indicatorView(checklist, id), files }} canEdit={canEdit(c, unit)} autofocus />);
  })
  .get("/:code/indicators/:id/edit", async (c) => {
    const unit = await communeParam(c, "unit.viewData");
    authorize(c, "checklist.edit", { unit: unitRef(unit) });
    const checklist = await checklistOf(c, unit);
    const id = indicatorIdOf(c, checklist);
    const v = indicatorView(checklist, id);
    const files = (await indicatorFiles(c, unit, [id])).get(id) ?? [];
    const form = formFor(c, checklist, id, { value: inputValue(v.kind, v.value), evidenceNote: v.evidenceNote ?? "", evidenceLink: v.evidenceLink ?? "", note: "", version: v.version }, {}, files);
    c.header("Vary", "HX-Request");
    if (isHtmx(c)) return c.html(<IndicatorForm {...form} />);
    return c.html(<IndicatorEditPage {...pageProps(c)} communeCode={unit.code} communeName={unit.name} form={form} />);
  })
  .post("/:code/indicators/:id", saveForm, async (c) => {
    const { unit, id, attempted } = await editTarget(c);
    const respondWithForm = (status: StatusOf<"conflict" | "invalid">, extra: { error?: { field: string; message: string }; conflict?: Conflict }, version = attempted.version) =>
      indicatorFormResponse(c, unit, { ...attempted, version }, status, extra);
    const outcome = await saveIndicator(c.var.db, currentActor(c).id, unit, id, c.req.valid("form"), c.var.now.toISOString(), clientIp(c));
    if (!outcome.ok) {
      if (outcome.kind === "not_found") throw new HTTPException(statusOf(outcome), { message: "Không tìm thấy chỉ tiêu này trong bộ tiêu chí của xã." });
      if (outcome.kind === "invalid") return respondWithForm(statusOf(outcome), { error: { field: outcome.field, message: outcome.message } });
      // Keep the user's input; the form now carries the newer version, so saving again is a deliberate overwrite.
      return respondWithForm(statusOf(outcome), { conflict: outcome.current }, outcome.current.version);
    }
    if (!isHtmx(c)) return redirectAfterPost(c, `/communes/${unit.code}/checklist#ind-${id}`);
    const view = buildIndicatorView(outcome.indicator, outcome.targets, outcome.levels, outcome.evalYear, {
      ...outcome.saved,
      updatedAt: c.var.now.toISOString(),
      updatedByName: currentUser(c).displayName,
      met: outcome.met,
      files: (await indicatorFiles(c, unit, [id])).get(id) ?? [],
    });
    c.header("HX-Trigger", "checklist-changed");
    return c.html(
      <>
        <IndicatorBlock communeCode={unit.code} ind={view} canEdit autofocus />
        <CriterionHeading criterion={{ ...outcome.criterion, met: outcome.criterionMet }} oob />
        <div id="announce" hx-swap-oob="true" class="visually-hidden" aria-live="polite" role="status">
          Đã lưu chỉ tiêu {view.code}.
        </div>
      </>,
    );
  })
  .get("/:code/indicators/:id/history", async (c) => {
    const unit = await communeParam(c, "unit.viewData");
    const checklist = await checklistOf(c, unit);
    const id = indicatorIdOf(c, checklist);
    const ind = indicatorView(checklist, id);
    const rows = await indicatorHistory(c.var.db, unit.id, id, HISTORY_PAGE, cursorQuery(c));
    const next = nextPageHref(`/communes/${unit.code}/indicators/${id}/history`, {}, rows, HISTORY_PAGE, (r) => ({ key: r.changedAt, id: r.id }));
    return c.html(<HistoryPage {...pageProps(c)} communeCode={unit.code} communeName={unit.name} ind={ind} rows={rows} next={next} />);
  });
