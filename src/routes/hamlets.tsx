// Issue 21 "xã nắm tới hộ": a commune's hamlets (/communes/:code/hamlets: coverage, assignments of commune users)
// and the households the commune follows (/communes/:code/households, /households/:id: the commune's staff and the
// admin only; every list read audited).
import { Hono, type MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import type { Household, Unit } from "../db/schema";
import { can } from "../domain/permissions";
import { householdRowsFromTable, type HouseholdDraft } from "../domain/hamlets";
import { detectUploadKind } from "../domain/criteria-admin";
import { spreadsheetTable } from "../domain/criteria-sheet-formats";
import { xlsxBoundsProblem } from "../domain/xlsx-guard";
import { endAssignment } from "../services/assignments";
import { communeUsers, createHamletAssignment, hamletAssignmentOf, hamletCoverage, openHamlets } from "../services/hamlets";
import {
  confirmSuggestion,
  createHousehold,
  deleteHousehold,
  getHousehold,
  householdSuggestions,
  importHouseholds,
  listHouseholds,
  retentionMonths,
  setRetention,
  updateHousehold,
} from "../services/households";
import { getUnit, unitRef } from "../services/units";
import { authorize, pageProps, redirectAfterPost, requireUser } from "../web/context";
import { validate, type FieldErrors } from "../web/validate";
import { auditStatement } from "../services/audit";
import { HamletsPage } from "../../templates/pages/hamlets";
import { HouseholdImportPage, HouseholdPage, HouseholdsPage } from "../../templates/pages/households";
import { rawValues } from "./feedback-common";
import { assignSchema, confirmSchema, createSchema, deleteSchema, retentionSchema, updateSchema } from "../domain/hamlet-forms";
import { endSchema } from "../domain/assignment-forms";
import { type C, clientIp, communeParam, currentActor, idParam, todayOf } from "../web/request";
import { once } from "../web/once";
import { STATUS, statusOf } from "../web/outcome";


const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.header("Cache-Control", "private, no-store");
};

// ---- Hamlets: coverage and assignments ----

async function hamletsPage(c: C, commune: Unit, form?: { values: Record<string, string>; errors?: FieldErrors }, status = 200) {
  const actor = currentActor(c);
  const ref = unitRef(commune);
  authorize(c, "hamlet.view", { unit: ref });
  const today = todayOf(c);
  const { rows, history } = await hamletCoverage(c.var.db, commune, today);
  const canAssign = can(actor, "hamlet.assign", { unit: ref });
  const users = canAssign ? await communeUsers(c.var.db, commune.id) : [];
  const hamletRef = rows[0] ? { id: rows[0].id, level: "hamlet" as const, provinceId: commune.provinceId, districtId: commune.districtId, communeId: commune.id } : null;
  return c.html(
    <HamletsPage
      {...pageProps(c)}
      commune={{ code: commune.code, name: commune.name }}
      rows={rows}
      history={history}
      assign={
        canAssign
          ? {
              users: users.map((u) => ({ value: u.id, label: `${u.name} (${u.role === "cadre" ? "cán bộ xã" : "công chức xã"})` })),
              hamlets: rows.map((r) => ({ value: r.id, label: r.name })),
              values: form?.values ?? { periodFrom: today },
              errors: form?.errors,
            }
          : null
      }
      canLogVisit={hamletRef !== null && can(actor, "visit.log", { unit: hamletRef })}
      canSeeHouseholds={can(actor, "household.access", { unit: ref })}
      today={today}
    />,
    status as 200,
  );
}

async function assigningCommune(c: C): Promise<Unit> {
  const commune = await communeParam(c);
  authorize(c, "hamlet.assign", { unit: unitRef(commune) });
  return commune;
}

// ---- Households ----

async function householdCommune(c: C): Promise<Unit> {
  const commune = await communeParam(c);
  authorize(c, "household.access", { unit: unitRef(commune) });
  return commune;
}

async function householdsPage(c: C, commune: Unit, form?: { values: Record<string, string>; errors?: FieldErrors }, status = 200, notice?: string) {
  const hamlets = await openHamlets(c.var.db, commune.id);
  const code = c.req.query("ap");
  const hamlet = code ? hamlets.find((h) => h.code === code) : null;
  if (code && !hamlet) throw new HTTPException(404, { message: "Không tìm thấy ấp này trong xã." });
  const asked = Number(c.req.query("trang") ?? "1");
  const page = Number.isInteger(asked) && asked >= 1 && asked <= 1000 ? asked : 1;
  const actor = currentActor(c);
  // A refused form re-renders without the list: the list is a read of personal data (audited), a refusal writes nothing.
  const [rows, suggestions, months] = await Promise.all([
    status < 400 ? listHouseholds(c.var.db, actor, commune, hamlet ?? null, page, clientIp(c)) : Promise.resolve(null),
    householdSuggestions(c.var.db, commune),
    retentionMonths(c.var.db, commune.id),
  ]);
  const nameOf = new Map(hamlets.map((h) => [h.id, h.name]));
  return c.html(
    <HouseholdsPage
      {...pageProps(c)}
      commune={{ code: commune.code, name: commune.name }}
      hamlets={hamlets.map((h) => ({ code: h.code, name: h.name }))}
      hamlet={hamlet ? { code: hamlet.code, name: hamlet.name } : null}
      rows={rows ? rows.rows.map((r) => ({ ...r, hamletName: nameOf.get(r.hamletId) ?? "" })) : null}
      pages={{ page, more: rows?.more ?? false }}
      suggestions={suggestions}
      canConfirm={can(actor, "checklist.edit", { unit: unitRef(commune) })}
      retentionMonths={months}
      form={form ?? { values: {} }}
      notice={notice ?? (c.req.query("saved") === "1" ? "Đã lưu." : undefined)}
    />,
    status as 200,
  );
}

/** The household behind :id with its commune and hamlet, after the permission check (404 / 403). */
async function loadHousehold(c: C): Promise<{ household: Household; commune: Unit; hamlet: Unit }> {
  const household = await getHousehold(c.var.db, idParam(c, "id"));
  if (!household) throw new HTTPException(404, { message: "Không tìm thấy hộ này (có thể đã bị xóa)." });
  const [commune, hamlet] = await Promise.all([getUnit(c.var.db, household.communeId), getUnit(c.var.db, household.hamletId)]);
  authorize(c, "household.access", { unit: unitRef(hamlet!) });
  return { household, commune: commune!, hamlet: hamlet! };
}

const valuesOf = (h: Household): Record<string, string> => ({
  headName: h.headName,
  address: h.address,
  poverty: h.poverty ?? "",
  housing: h.housing ?? "",
  cleanWater: h.cleanWater === null ? "" : h.cleanWater ? "yes" : "no",
  sanitation: h.sanitation === null ? "" : h.sanitation ? "yes" : "no",
  note: h.note ?? "",
});

async function householdPage(c: C, loaded: { household: Household; commune: Unit; hamlet: Unit }, values?: Record<string, string>, errors?: FieldErrors, status = 200) {
  const { household, commune, hamlet } = loaded;
  return c.html(
    <HouseholdPage
      {...pageProps(c)}
      commune={{ code: commune.code, name: commune.name }}
      hamletName={hamlet.name}
      id={household.id}
      version={household.version}
      values={values ?? valuesOf(household)}
      errors={errors}
    />,
    status as 200,
  );
}

type ImportState = { errors: { row: number; message: string }[]; preview: { rows: number; perHamlet: { name: string; rows: number }[] } | null; imported: number | null };

function importPage(c: C, commune: Unit, state: ImportState, status = 200) {
  return c.html(<HouseholdImportPage {...pageProps(c)} commune={{ code: commune.code, name: commune.name }} {...state} />, status as 200);
}

/** Loads (and so authorises) the household before its form is validated: a refused user never sees a 422. */
const householdLoaded: MiddlewareHandler<AppEnv> = async (c, next) => {
  await loadHousehold(c);
  await next();
};

/** The commune and indicator of a household-count suggestion, authorised for households and the checklist. */
async function suggestionTarget(c: C) {
  const commune = await communeParam(c);
  authorize(c, "household.access", { unit: unitRef(commune) });
  authorize(c, "checklist.edit", { unit: unitRef(commune) });
  return { commune, indicatorId: idParam(c, "indicator") };
}

const confirmForm = validate("form", confirmSchema, async (c: C, errors) => householdsPage(c, (await suggestionTarget(c)).commune, { values: {}, errors: { form: Object.values(errors)[0] } }, 422));

export const hamletRoutes = new Hono<AppEnv>()
  .use("/communes/:code/hamlets", requireUser)
  .use("/communes/:code/hamlets/*", requireUser)
  .use("/communes/:code/households", requireUser)
  .use("/communes/:code/households/*", requireUser)
  .use("/households/*", requireUser)
  // Household pages hold personal data: no cache anywhere (browser back-forward aside).
  .use("/communes/:code/households", noStore)
  .use("/communes/:code/households/*", noStore)
  .use("/households/*", noStore)
  .get("/communes/:code/hamlets", async (c) => hamletsPage(c, await communeParam(c)))
  .post(
    "/communes/:code/hamlets/assignments",
    // Permission first: a user who may not assign gets 403 whatever the form holds.
    async (c, next) => {
      await assigningCommune(c);
      await next();
    },
    validate("form", assignSchema, async (c: C, errors, raw) => hamletsPage(c, await assigningCommune(c), { values: raw, errors }, 422)),
    async (c) => {
      const commune = await assigningCommune(c);
      const input = c.req.valid("form");
      const done = () => redirectAfterPost(c, `/communes/${commune.code}/hamlets`);
      return once(c, "hamlet-assignment", async (claim) => {
        const outcome = await createHamletAssignment(c.var.db, currentActor(c), commune, { userId: input.userId!, hamletId: input.hamletId!, role: input.role, periodFrom: input.periodFrom!, periodTo: input.periodTo }, clientIp(c), claim);
        if (!outcome.ok) return hamletsPage(c, commune, { values: rawValues(await c.req.parseBody()), errors: outcome.errors }, statusOf(outcome));
        return done();
      }, done);
    },
  )
  .post(
    "/communes/:code/hamlets/assignments/:id/end",
    async (c, next) => {
      await assigningCommune(c);
      await next();
    },
    validate("form", endSchema, async (c: C, errors) => hamletsPage(c, await assigningCommune(c), { values: {}, errors: { form: Object.values(errors)[0] } }, 422)),
    async (c) => {
      const commune = await assigningCommune(c);
      const id = idParam(c, "id");
      if (!(await hamletAssignmentOf(c.var.db, commune.id, id))) throw new HTTPException(404, { message: "Không tìm thấy phân công này trong xã." });
      const input = c.req.valid("form");
      const outcome = await endAssignment(c.var.db, currentActor(c), id, { periodTo: input.periodTo!, version: input.version }, clientIp(c));
      if (!outcome.ok) return hamletsPage(c, commune, { values: {}, errors: { form: Object.values(outcome.errors)[0] ?? "Không kết thúc được phân công." } }, statusOf(outcome));
      return redirectAfterPost(c, `/communes/${commune.code}/hamlets`);
    },
  )
  .get("/communes/:code/households", async (c) => householdsPage(c, await householdCommune(c)))
  .post(
    "/communes/:code/households",
    async (c, next) => {
      await householdCommune(c);
      await next();
    },
    validate("form", createSchema, async (c: C, errors, raw) => householdsPage(c, await householdCommune(c), { values: raw, errors }, 422)),
    async (c) => {
      const commune = await householdCommune(c);
      const input = c.req.valid("form");
      const hamlet = (await openHamlets(c.var.db, commune.id)).find((h) => h.code === input.hamlet);
      if (!hamlet) return householdsPage(c, commune, { values: rawValues(await c.req.parseBody()), errors: { hamlet: "Ấp, khu phố không thuộc xã này." } }, 422);
      const draft: HouseholdDraft = { hamletId: hamlet.id, headName: input.headName, address: input.address, note: input.note || null, poverty: input.poverty, housing: input.housing, cleanWater: input.cleanWater, sanitation: input.sanitation };
      const done = () => redirectAfterPost(c, `/communes/${commune.code}/households?ap=${encodeURIComponent(hamlet.code)}&saved=1`);
      return once(c, "household", async (claim) => {
        await createHousehold(c.var.db, currentActor(c), commune, draft, c.var.now.toISOString(), clientIp(c), claim);
        return done();
      }, done);
    },
  )
  .get("/communes/:code/households/import", async (c) => importPage(c, await householdCommune(c), { errors: [], preview: null, imported: null }))
  .post("/communes/:code/households/import", async (c) => {
    const commune = await householdCommune(c);
    const body = await c.req.parseBody();
    const file = body.file instanceof File ? body.file : null;
    const commit = body.mode === "commit";
    const refuse = (message: string, status = 422) => importPage(c, commune, { errors: [{ row: 0, message }], preview: null, imported: null }, status);
    if (!file || file.size === 0) return refuse("Hãy chọn tệp bảng tính (.xlsx hoặc .csv).");
    const bytes = new Uint8Array(await file.arrayBuffer());
    const kind = detectUploadKind(file.name, bytes.subarray(0, 16));
    if (kind !== "xlsx" && kind !== "csv") return refuse("Chỉ nhận tệp .xlsx hoặc .csv.");
    const bounds = kind === "xlsx" ? await xlsxBoundsProblem(bytes) : null;
    if (bounds) return refuse(bounds, STATUS.too_large);
    const read = spreadsheetTable(kind, bytes);
    if (!read.ok) return refuse(read.message);
    const hamlets = await openHamlets(c.var.db, commune.id);
    const { rows, errors } = householdRowsFromTable(read.table, hamlets);
    if (errors.length) return importPage(c, commune, { errors, preview: null, imported: null }, 422);
    if (!commit) {
      const perHamlet = hamlets.map((h) => ({ name: h.name, rows: rows.filter((r) => r.hamletId === h.id).length })).filter((h) => h.rows > 0);
      return importPage(c, commune, { errors: [], preview: { rows: rows.length, perHamlet }, imported: null });
    }
    const imported = (n: number) => importPage(c, commune, { errors: [], preview: null, imported: n });
    return once(c, "household-import", async (claim) => imported(await importHouseholds(c.var.db, currentActor(c), commune, rows, c.var.now.toISOString(), clientIp(c), claim)), (result) => imported(Number(result)));
  })
  .post(
    "/communes/:code/households/retention",
    async (c, next) => {
      await householdCommune(c);
      await next();
    },
    validate("form", retentionSchema, async (c: C, errors) => householdsPage(c, await householdCommune(c), { values: {}, errors: { form: Object.values(errors)[0] } }, 422)),
    async (c) => {
      const commune = await householdCommune(c);
      await setRetention(c.var.db, currentActor(c), commune, c.req.valid("form").months, c.var.now.toISOString(), clientIp(c));
      return redirectAfterPost(c, `/communes/${commune.code}/households?saved=1`);
    },
  )
  .post("/communes/:code/households/suggestions/:indicator", confirmForm, async (c) => {
    const { commune, indicatorId } = await suggestionTarget(c);
    const outcome = await confirmSuggestion(c.var.db, currentActor(c), commune, indicatorId, c.req.valid("form").version, c.var.now.toISOString(), clientIp(c));
    if (!outcome.ok) {
      if (outcome.kind === "not_found") throw new HTTPException(statusOf(outcome), { message: "Không có giá trị gợi ý cho chỉ tiêu này." });
      const message = outcome.kind === "conflict" ? "Chỉ tiêu vừa được người khác cập nhật; trang đã tải lại với giá trị mới." : outcome.message;
      return householdsPage(c, commune, { values: {}, errors: { form: message } }, statusOf(outcome));
    }
    return redirectAfterPost(c, `/communes/${commune.code}/households?saved=1#suggestions`);
  })
  .get("/households/:id", async (c) => {
    const loaded = await loadHousehold(c);
    // Reading one household is a read of personal data too: audited (ids only).
    await auditStatement(c.var.db, { actorId: currentActor(c).id, action: "household.view", entity: "household", entityId: loaded.household.id, ip: clientIp(c) });
    return householdPage(c, loaded);
  })
  .post(
    "/households/:id",
    householdLoaded,
    validate("form", updateSchema, async (c: C, errors, raw) => householdPage(c, await loadHousehold(c), raw, errors, 422)),
    async (c) => {
      const loaded = await loadHousehold(c);
      const input = c.req.valid("form");
      const outcome = await updateHousehold(c.var.db, currentActor(c), loaded.household, { ...input, note: input.note || null }, c.var.now.toISOString(), clientIp(c));
      if (!outcome.ok) return householdPage(c, await loadHousehold(c), undefined, { form: "Hộ này vừa được người khác cập nhật. Trang đã tải lại với dữ liệu mới." }, statusOf(outcome));
      return redirectAfterPost(c, `/communes/${loaded.commune.code}/households?ap=${encodeURIComponent(loaded.hamlet.code)}&saved=1`);
    },
  )
  .post(
    "/households/:id/delete",
    householdLoaded,
    validate("form", deleteSchema, async (c: C, errors) => householdPage(c, await loadHousehold(c), undefined, { form: Object.values(errors)[0] }, 422)),
    async (c) => {
      const loaded = await loadHousehold(c);
      await deleteHousehold(c.var.db, currentActor(c), loaded.household, c.req.valid("form").reason, clientIp(c));
      return redirectAfterPost(c, `/communes/${loaded.commune.code}/households?saved=1`);
    },
  );
