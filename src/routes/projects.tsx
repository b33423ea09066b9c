// Projects (công trình) of a commune: list, create, one project, edit (version-checked).
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import type { Unit } from "../db/schema";
import { can } from "../domain/permissions";
import { formatDate } from "../domain/format";
import { PROJECT_FIELDS, overFields, projectSchema, rawForm, versionAsForm, withVersion } from "../domain/ledger-forms";
import { validate } from "../web/validate";
import { communeOptions } from "../services/ledger-common";
import { createProject, listProjects, loadProject, updateProject, type Project } from "../services/projects";
import { unitRef } from "../services/units";
import { authorize, pageProps, redirectAfterPost, requireUser } from "../web/context";
import { once } from "../web/once";
import { communeFrom, formBody } from "../web/ledger-helpers";
import { ProjectFormPage, ProjectListPage, ProjectPage } from "../../templates/pages/projects";
import { filesOf } from "../services/evidence-files";
import { toFileView } from "../web/file-view";
import { type C, clientIp, currentActor, idParam, todayOf } from "../web/request";
import { STATUS, statusOf } from "../web/outcome";

const stateOf = (p: Project): Record<string, string> => ({
  name: p.name,
  hamletId: p.hamletId ? String(p.hamletId) : "",
  criterionId: p.criterionId ? String(p.criterionId) : "",
  status: p.status,
  progress: String(p.progress),
  budgetState: String(p.budgetState),
  budgetCommune: String(p.budgetCommune),
  budgetResidents: String(p.budgetResidents),
  budgetSponsors: String(p.budgetSponsors),
  budgetOther: String(p.budgetOther),
  startDate: formatDate(p.startDate),
  endDate: formatDate(p.endDate),
});

async function renderForm(
  c: C,
  commune: Unit,
  form: { action: string; title: string; back: string; state: Record<string, string>; errors?: Record<string, string>; version?: number; conflict?: boolean },
  status: 200 | 409 | 422 = 200,
) {
  const opts = await communeOptions(c.var.db, commune, null);
  return c.html(<ProjectFormPage {...pageProps(c)} communeName={commune.name} communeCode={commune.code} hamlets={opts.hamlets} criteria={opts.criteria} {...form} />, status);
}

async function projectOf(c: C) {
  const loaded = await loadProject(c.var.db, idParam(c), todayOf(c));
  if (!loaded) throw new HTTPException(404, { message: "Không tìm thấy công trình này." });
  authorize(c, "ledger.view", { unit: unitRef(loaded.commune) });
  return loaded;
}

/** The commune a project is added to (authorised) and the form as typed. */
async function newProjectTarget(c: C) {
  const commune = await communeFrom(c, "project.manage");
  const raw = rawForm(await formBody(c), PROJECT_FIELDS);
  return { commune, form: { action: `/communes/${commune.code}/projects`, title: "Thêm công trình", back: `/communes/${commune.code}/projects`, state: raw } };
}

const newProjectForm = validate("form", overFields(PROJECT_FIELDS, projectSchema), async (c, errors) => {
  const { commune, form } = await newProjectTarget(c);
  return renderForm(c, commune, { ...form, errors }, 422);
});

/** The project edited (its manager only) and the form as typed. */
async function editProjectTarget(c: C) {
  const { detail, commune } = await projectOf(c);
  authorize(c, "project.manage", { unit: unitRef(commune) });
  const p = detail.p;
  const raw = rawForm(await formBody(c), [...PROJECT_FIELDS, "version"]);
  return { commune, p, form: { action: `/projects/${p.id}`, title: "Sửa công trình", back: `/projects/${p.id}`, state: raw, version: Number(raw.version) || p.version } };
}

const editProjectForm = validate("form", withVersion(PROJECT_FIELDS, projectSchema), async (c, errors) => {
  const { commune, form } = await editProjectTarget(c);
  return renderForm(c, commune, { ...form, errors: versionAsForm(errors) }, 422);
});

export const projectRoutes = new Hono<AppEnv>()
  .get("/communes/:code/projects", requireUser, async (c) => {
    const commune = await communeFrom(c);
    const rows = await listProjects(c.var.db, commune, todayOf(c));
    return c.html(
      <ProjectListPage {...pageProps(c)} communeName={commune.name} communeCode={commune.code} rows={rows} canManage={can(currentActor(c), "project.manage", { unit: unitRef(commune) })} />,
    );
  })
  .get("/communes/:code/projects/new", requireUser, async (c) => {
    const commune = await communeFrom(c, "project.manage");
    const state = Object.fromEntries(PROJECT_FIELDS.map((f) => [f, ""]));
    state.status = "planned";
    state.progress = "0";
    return renderForm(c, commune, { action: `/communes/${commune.code}/projects`, title: "Thêm công trình", back: `/communes/${commune.code}/projects`, state });
  })
  .post("/communes/:code/projects", requireUser, newProjectForm, async (c) => {
    const { commune, form } = await newProjectTarget(c);
    const input = c.req.valid("form");
    return once(
      c,
      "project",
      async (claim) => {
        const outcome = await createProject(c.var.db, currentActor(c).id, commune, input, clientIp(c), claim);
        if (!outcome.ok) return renderForm(c, commune, { ...form, errors: outcome.kind === "invalid" ? outcome.errors : { form: "Không lưu được." } }, STATUS.invalid);
        return redirectAfterPost(c, `/projects/${outcome.id}`);
      },
      (id) => redirectAfterPost(c, `/projects/${id}`),
    );
  })
  .get("/projects/:id", requireUser, async (c) => {
    const { detail, commune } = await projectOf(c);
    const files = (await filesOf(c.var.db, commune.id, "project", [detail.p.id])).map(toFileView);
    return c.html(
      <ProjectPage {...pageProps(c)} d={detail} communeName={commune.name} communeCode={commune.code} canManage={can(currentActor(c), "project.manage", { unit: unitRef(commune) })} files={files} />,
    );
  })
  .get("/projects/:id/edit", requireUser, async (c) => {
    const { detail, commune } = await projectOf(c);
    authorize(c, "project.manage", { unit: unitRef(commune) });
    const p = detail.p;
    return renderForm(c, commune, { action: `/projects/${p.id}`, title: `Sửa công trình`, back: `/projects/${p.id}`, state: stateOf(p), version: p.version });
  })
  .post("/projects/:id", requireUser, editProjectForm, async (c) => {
    const { commune, p, form } = await editProjectTarget(c);
    const input = c.req.valid("form");
    const outcome = await updateProject(c.var.db, currentActor(c).id, commune, p, input, input.version, clientIp(c));
    if (outcome.ok) return redirectAfterPost(c, `/projects/${p.id}`);
    if (outcome.kind === "conflict") return renderForm(c, commune, { ...form, version: outcome.current.version, conflict: true }, statusOf(outcome));
    return renderForm(c, commune, { ...form, errors: outcome.errors }, statusOf(outcome));
  });
