// Progress targets of a province or district (/progress/:code/targets): the form, its history, saving with a version check.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import type { Unit } from "../db/schema";
import { DEFAULT_TARGETS, NATIONAL_TARGETS_LAST_YEAR } from "../domain/progress";
import { saveTargets, targetsHistory } from "../services/progress-targets";
import { unitRef } from "../services/units";
import { authorize, pageProps, redirectAfterPost, requireUser } from "../web/context";
import { clock, readQuery, unitOf } from "../web/progress-page";
import { TargetsPage, type TargetsFormValues } from "../../templates/pages/progress-targets";
import { type C, clientIp, currentActor } from "../web/request";
import { STATUS } from "../web/outcome";
import { validate } from "../web/validate";
import { targetsSchema } from "../domain/progress-forms";

/** The form's values as typed (cut to 20 characters), to show again. */
function typedValues(body: Record<string, unknown>): TargetsFormValues {
  const raw = (k: string) => (typeof body[k] === "string" ? (body[k] as string).slice(0, 20) : "");
  return { year: raw("year"), shareNtm: raw("shareNtm"), shareAdvanced: raw("shareAdvanced"), shareModel: raw("shareModel"), minCriteria: raw("minCriteria"), version: raw("version") };
}

/** The province or district behind :code, authorised to set targets (404 for a commune). */
async function targetUnit(c: C): Promise<Unit> {
  const unit = await unitOf(c);
  if (unit.level === "commune") throw new HTTPException(404, { message: "Mục tiêu được đặt cho tỉnh hoặc huyện." });
  authorize(c, "progress.manage", { unit: unitRef(unit) });
  return unit;
}

async function renderTargets(c: C, unit: Unit, year: number, values: TargetsFormValues, extra: { errors?: Record<string, string>; conflict?: { shareNtm: number; shareAdvanced: number; shareModel: number; minCriteria: number } | null; saved?: boolean; status?: 200 | 409 | 422 } = {}) {
  const history = await targetsHistory(c.var.db, unit, year);
  return c.html(
    <TargetsPage {...pageProps(c)} unitCode={unit.code} unitName={unit.name} year={year} values={values} errors={extra.errors ?? {}} conflict={extra.conflict ?? null} saved={extra.saved ?? false} history={history} />,
    extra.status ?? 200,
  );
}

export const progressTargetsRoutes = new Hono<AppEnv>()
  .use("/", requireUser)
  .get("/", async (c) => {
    const unit = await targetUnit(c);
    const q = readQuery(c);
    const year = q.year ?? clock(c).year;
    const own = await c.var.db.query.progressTargets.findFirst({ where: (p, { and, eq }) => and(eq(p.unitId, unit.id), eq(p.year, year)) });
    const values: TargetsFormValues = own
      ? { year: String(year), shareNtm: String(own.shareNtm), shareAdvanced: String(own.shareAdvanced), shareModel: String(own.shareModel), minCriteria: String(own.minCriteria), version: String(own.version) }
      : year <= NATIONAL_TARGETS_LAST_YEAR
        ? { year: String(year), shareNtm: String(DEFAULT_TARGETS.shareNtm), shareAdvanced: String(DEFAULT_TARGETS.shareAdvanced), shareModel: String(DEFAULT_TARGETS.shareModel), minCriteria: String(DEFAULT_TARGETS.minCriteria), version: "0" }
        : { year: String(year), shareNtm: "", shareAdvanced: "", shareModel: "", minCriteria: "", version: "0" }; // 2026–2030: no national figure to prefill
    return renderTargets(c, unit, year, values, { saved: c.req.query("saved") === "1" });
  })
  .post(
    "/",
    validate("form", targetsSchema, async (c, errors, raw) => {
      const unit = await targetUnit(c);
      const typed = typedValues(raw);
      const yearShown = Number(typed.year) >= 2000 && Number(typed.year) <= 2100 ? Number(typed.year) : clock(c).year;
      return renderTargets(c, unit, yearShown, typed, { errors, status: STATUS.invalid });
    }),
    async (c) => {
      const unit = await targetUnit(c);
      const input = c.req.valid("form");
      const outcome = await saveTargets(c.var.db, currentActor(c).id, unit, input, clientIp(c));
      if (!outcome.ok) {
        // Keep what was typed; the form now carries the current version, so saving again overwrites deliberately.
        const typed = typedValues(await c.req.parseBody());
        return renderTargets(c, unit, input.year, { ...typed, version: String(outcome.current?.version ?? 0) }, { conflict: outcome.current ?? { shareNtm: 0, shareAdvanced: 0, shareModel: 0, minCriteria: 0 }, status: STATUS.conflict });
      }
      return redirectAfterPost(c, `/progress/${unit.code}/targets?year=${input.year}&saved=1`);
    },
  );
