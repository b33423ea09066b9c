// Admin pages of the feedback loop: the province's feedback categories and its holidays (working-day calendar).
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import { parseDate } from "../domain/format";
import { listCategories, listProvinceDepartments, saveCategory } from "../services/feedback";
import { addHoliday, listHolidays, loadDefaultHolidays, removeHoliday } from "../services/working-days";
import { pageProps, redirectAfterPost, requireUser } from "../web/context";
import { validate, type FieldErrors } from "../web/validate";
import { CategoriesPage, HolidaysPage } from "../../templates/pages/feedback-admin";
import { configureProvince, rawValues } from "./feedback-common";
import { categorySchema, holidaySchema } from "../domain/feedback-forms";
import { type C, clientIp, currentActor, todayOf } from "../web/request";
import { STATUS, statusOf } from "../web/outcome";

async function categoriesPage(c: C, form: { id: number | null; values: Record<string, string>; errors?: FieldErrors }, status = 200) {
  const province = await configureProvince(c);
  const [cats, depts] = await Promise.all([listCategories(c.var.db, province.id), listProvinceDepartments(c.var.db, province.id)]);
  const deptName = new Map(depts.map((d) => [d.id, d.name]));
  return c.html(
    <CategoriesPage
      {...pageProps(c)}
      rows={cats.map((x) => ({ ...x, departmentName: x.defaultDepartmentId ? deptName.get(x.defaultDepartmentId) ?? null : null }))}
      form={{ csrfToken: c.var.csrfToken, id: form.id, values: form.values, errors: form.errors, departments: depts.map((d) => ({ value: d.id, label: d.name })) }}
    />,
    status as 200,
  );
}

async function holidaysPage(c: C, year: number, opts: { values?: Record<string, string>; errors?: FieldErrors; status?: number; notice?: string } = {}) {
  const province = await configureProvince(c);
  return c.html(<HolidaysPage {...pageProps(c)} year={year} rows={await listHolidays(c.var.db, province.id, year)} values={opts.values ?? {}} errors={opts.errors} notice={opts.notice} />, (opts.status ?? 200) as 200);
}

const yearOf = (c: C) => {
  const y = Number(c.req.query("year"));
  return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : Number(todayOf(c).slice(0, 4));
};

export const feedbackAdminRoutes = new Hono<AppEnv>()
  .use("/feedback-categories", requireUser)
  .use("/feedback-categories/*", requireUser)
  .use("/holidays", requireUser)
  .use("/holidays/*", requireUser)
  .get("/feedback-categories", async (c) => {
    const editId = Number(c.req.query("edit")) || null;
    const province = await configureProvince(c);
    const current = editId ? (await listCategories(c.var.db, province.id)).find((x) => x.id === editId) : undefined;
    if (editId && !current) throw new HTTPException(404, { message: "Không tìm thấy lĩnh vực này." });
    const values: Record<string, string> = current ? { name: current.name, defaultDepartmentId: current.defaultDepartmentId ? String(current.defaultDepartmentId) : "", slaDays: String(current.slaDays), active: current.active ? "1" : "0" } : {};
    return categoriesPage(c, { id: current?.id ?? null, values });
  })
  .post(
    "/feedback-categories/:id{[0-9]+}?",
    // Another province's category is 404 before the form is even read (no cross-province answer but "not found").
    async (c: C, next) => {
      const id = Number(c.req.param("id")) || null;
      const province = await configureProvince(c);
      if (id && !(await listCategories(c.var.db, province.id)).some((x) => x.id === id)) throw new HTTPException(404, { message: "Không tìm thấy lĩnh vực này." });
      await next();
    },
    validate("form", categorySchema, (c: C, errors, raw) => categoriesPage(c, { id: Number(c.req.param("id")) || null, values: { ...raw, active: raw.active ? "1" : "0" }, errors }, 422)),
    async (c) => {
      const province = await configureProvince(c);
      const id = Number(c.req.param("id")) || null;
      const input = c.req.valid("form");
      const outcome = await saveCategory(c.var.db, currentActor(c), province.id, id, { name: input.name, defaultDepartmentId: input.defaultDepartmentId, slaDays: input.slaDays, active: input.active === "1" }, clientIp(c));
      if (!outcome.ok) {
        if (outcome.kind === "not_found") throw new HTTPException(statusOf(outcome), { message: "Không tìm thấy lĩnh vực này." });
        const raw = rawValues(await c.req.parseBody());
        return categoriesPage(c, { id, values: { ...raw, active: raw.active ? "1" : "0" }, errors: outcome.errors }, statusOf(outcome));
      }
      return redirectAfterPost(c, "/admin/feedback-categories");
    },
  )
  .get("/holidays", (c) => holidaysPage(c, yearOf(c)))
  .post(
    "/holidays",
    validate("form", holidaySchema, (c: C, errors, raw) => holidaysPage(c, Number((parseDate(raw.date ?? "") ?? todayOf(c)).slice(0, 4)), { values: raw, errors, status: STATUS.invalid })),
    async (c) => {
      const province = await configureProvince(c);
      const input = c.req.valid("form");
      const outcome = await addHoliday(c.var.db, currentActor(c).id, province.id, { date: input.date!, name: input.name }, clientIp(c));
      if (!outcome.ok) return holidaysPage(c, Number(input.date!.slice(0, 4)), { values: { date: input.date!, name: input.name }, errors: { date: outcome.message }, status: statusOf(outcome) });
      return redirectAfterPost(c, `/admin/holidays?year=${input.date!.slice(0, 4)}`);
    },
  )
  .post("/holidays/defaults", async (c) => {
    const province = await configureProvince(c);
    const added = await loadDefaultHolidays(c.var.db, currentActor(c).id, clientIp(c), province.id);
    return holidaysPage(c, yearOf(c), { notice: added ? `Đã thêm ${added} ngày nghỉ còn thiếu.` : "Danh sách đã đủ các ngày mặc định." });
  })
  .post("/holidays/:date{[0-9]{4}-[0-9]{2}-[0-9]{2}}/delete", async (c) => {
    const province = await configureProvince(c);
    const date = c.req.param("date");
    const removed = await removeHoliday(c.var.db, currentActor(c).id, province.id, date, clientIp(c));
    if (removed === "not_found") throw new HTTPException(404, { message: "Không tìm thấy ngày nghỉ này." });
    if (removed === "national") throw new HTTPException(403, { message: "Đây là ngày nghỉ toàn quốc, dùng chung cho mọi tỉnh: tỉnh không xoá được." });
    return redirectAfterPost(c, `/admin/holidays?year=${date.slice(0, 4)}`);
  });
