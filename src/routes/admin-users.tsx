import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import { createUser, getUser, listDepartments, listUsers, resetPassword, setDisabled, updateUser, type UserOutcome } from "../services/users";
import { getUnit, unitRef } from "../services/units";
import { accountsToRescope, successorUnits } from "../services/succession";
import { can } from "../domain/permissions";
import { authorize, isHtmx, pageProps, redirectAfterPost, requireUser } from "../web/context";
import { once } from "../web/once";
import { validate, type FieldErrors } from "../web/validate";
import { editUserSchema, newUserSchema, passwordSchema } from "../domain/user-forms";
import { msg } from "../messages";
import { UserAccountActions, UserForm, UserFormPage, UserListPage, type UserFormValues } from "../../templates/pages/admin-users";
import { type C, clientIp, currentActor } from "../web/request";
import { STATUS, statusOf } from "../web/outcome";

function userId(c: C): number {
  const id = Number(c.req.param("id"));
  if (!Number.isInteger(id) || id <= 0) throw new HTTPException(404, { message: msg.notFound });
  return id;
}

/** The account behind :id, 404 when unknown, 403 when scoped outside the admin's province. */
async function managedUser(c: C) {
  const account = await getUser(c.var.db, userId(c));
  const unit = account && (await getUnit(c.var.db, account.unitId));
  if (!account || !unit) throw new HTTPException(404, { message: msg.notFound });
  // An account left on a closed unit (the 2025 merger) is managed by the admins of its successor(s) too.
  const successors = unit.validTo ? await successorUnits(c.var.db, unit) : [];
  if (!successors.some((s) => can(currentActor(c), "user.manage", { unit: unitRef(s) }))) authorize(c, "user.manage", { unit: unitRef(unit) });
  return account;
}

async function renderForm(c: C, opts: { isNew: boolean; id?: number; values: UserFormValues; errors?: FieldErrors; status?: number }) {
  const departments = await listDepartments(c.var.db, currentActor(c).scope.id);
  const form = {
    csrfToken: c.var.csrfToken,
    action: opts.isNew ? "/admin/users" : `/admin/users/${opts.id}`,
    values: opts.values,
    departments,
    errors: opts.errors,
    isNew: opts.isNew,
  };
  const status = (opts.status ?? 200) as 200;
  if (isHtmx(c) && c.req.method === "POST") return c.html(<UserForm {...form} />, status);
  const title = opts.isNew ? "Thêm người dùng" : `Sửa tài khoản ${opts.values.username ?? ""}`;
  const account = await (opts.id ? getUser(c.var.db, opts.id) : undefined);
  return c.html(
    <UserFormPage {...pageProps(c)} title={title} form={form} extra={account ? <UserAccountActions csrfToken={c.var.csrfToken} id={account.id} disabled={account.disabled} /> : null} />,
    status,
  );
}

async function accountActionResult(c: C, id: number, outcome: UserOutcome<null>, notice: string) {
  if (!outcome.ok && outcome.kind === "not_found") throw new HTTPException(statusOf(outcome), { message: msg.notFound });
  const account = (await getUser(c.var.db, id))!;
  if (!isHtmx(c) && outcome.ok) return c.redirect(`/admin/users/${id}`, 303);
  return c.html(
    <UserAccountActions csrfToken={c.var.csrfToken} id={id} disabled={account.disabled} errors={outcome.ok ? undefined : outcome.errors} notice={outcome.ok ? notice : undefined} />,
    outcome.ok ? 200 : statusOf(outcome),
  );
}

export const adminUsers = new Hono<AppEnv>()
  .use("*", requireUser, async (c, next) => {
    authorize(c, "user.manage");
    await next();
  })
  .get("/users", async (c) => {
    const mine = (u: Parameters<typeof unitRef>[0]) => can(currentActor(c), "user.manage", { unit: unitRef(u) });
    const rescope = (await accountsToRescope(c.var.db)).filter((a) => mine(a.unit) || a.successors.some(mine));
    return c.html(
      <UserListPage
        {...pageProps(c)}
        users={await listUsers(c.var.db, currentActor(c).scope.id)}
        rescope={rescope.map((a) => ({ id: a.id, username: a.username, displayName: a.displayName, unitName: a.unit.name, unitCode: a.unit.code, validTo: a.unit.validTo!, successors: a.successors.map((s) => `${s.name} (${s.code})`) }))}
      />,
    );
  })
  .get("/users/new", (c) => renderForm(c, { isNew: true, values: { role: "commune_staff" } }))
  .post(
    "/users",
    validate("form", newUserSchema, (c: C, errors, raw) => renderForm(c, { isNew: true, values: raw, errors, status: STATUS.invalid })),
    async (c) => {
      const input = c.req.valid("form");
      return once(
        c,
        "user",
        async (claim) => {
          const outcome = await createUser(c.var.db, currentActor(c), input, clientIp(c), claim);
          if (!outcome.ok) return renderForm(c, { isNew: true, values: { ...input, password: undefined } as UserFormValues, errors: outcome.errors, status: statusOf(outcome) });
          return redirectAfterPost(c, `/admin/users/${outcome.value}`);
        },
        (id) => redirectAfterPost(c, `/admin/users/${id}`),
      );
    },
  )
  .get("/users/:id", async (c) => {
    const account = await managedUser(c);
    return renderForm(c, { isNew: false, id: account.id, values: account });
  })
  .post(
    "/users/:id",
    validate("form", editUserSchema, async (c: C, errors, raw) => {
      const account = await managedUser(c);
      return renderForm(c, { isNew: false, id: account.id, values: { ...raw, username: account.username, version: account.version }, errors, status: STATUS.invalid });
    }),
    async (c) => {
      const { id } = await managedUser(c);
      const input = c.req.valid("form");
      const outcome = await updateUser(c.var.db, currentActor(c), id, input, clientIp(c));
      if (!outcome.ok && outcome.kind === "not_found") throw new HTTPException(statusOf(outcome), { message: msg.notFound });
      const account = (await getUser(c.var.db, id))!;
      if (!outcome.ok) return renderForm(c, { isNew: false, id, values: { ...input, username: account.username, version: account.version }, errors: outcome.errors, status: statusOf(outcome) });
      if (!isHtmx(c)) return c.redirect(`/admin/users/${id}`, 303);
      return renderForm(c, { isNew: false, id, values: account, errors: { form: "" } });
    },
  )
  .post("/users/:id/disable", async (c) => {
    const { id } = await managedUser(c);
    return accountActionResult(c, id, await setDisabled(c.var.db, currentActor(c), id, true, clientIp(c)), "Đã khóa tài khoản và kết thúc các phiên đăng nhập.");
  })
  .post("/users/:id/enable", async (c) => {
    const { id } = await managedUser(c);
    return accountActionResult(c, id, await setDisabled(c.var.db, currentActor(c), id, false, clientIp(c)), "Đã mở khóa tài khoản.");
  })
  .post(
    "/users/:id/password",
    validate("form", passwordSchema, async (c: C, errors) => accountActionResult(c, (await managedUser(c)).id, { ok: false, kind: "invalid", errors }, "")),
    async (c) => {
      const { id } = await managedUser(c);
      return accountActionResult(c, id, await resetPassword(c.var.db, currentActor(c), id, c.req.valid("form").password, clientIp(c)), "Đã đặt lại mật khẩu; các phiên đăng nhập cũ đã kết thúc.");
    },
  );
