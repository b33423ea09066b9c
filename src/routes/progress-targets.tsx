// Progress targets of a province or district (/progress/:code/targets): the form, its history, saving with a version check.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
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

const targetsSchema = z.object({
  year: z.coerce.number({ message: "Năm không hợp lệ." }).int("Năm không hợp lệ.").min(2000, "Năm từ 2000 đến 2100.").max(2100, "Năm từ 2000 đến 2100."),
  shareNtm: z.coerce.number({ message: "Nhập một số từ 0 đến 100." }).int("Nhập số nguyên (phần trăm).").min(0, "Tỷ lệ từ 0 đến 100.").max(100, "Tỷ lệ từ 0 đến 100."),
  shareAdvanced: z.coerce.number({ message: "Nhập một số từ 0 đến 100." }).int("Nhập số nguyên (phần trăm).").min(0, "Tỷ lệ từ 0 đến 100.").max(100, "Tỷ lệ từ 0 đến 100."),
  shareModel: z.coerce.number({ message: "Nhập một số từ 0 đến 100." }).int("Nhập số nguyên (phần trăm).").min(0, "Tỷ lệ từ 0 đến 100.").max(100, "Tỷ lệ từ 0 đến 100."),
  minCriteria: z.coerce.number({ message: "Nhập số tiêu chí tối thiểu." }).int("Nhập số nguyên.").min(0, "Từ 0 đến 50 tiêu chí.").max(50, "Từ 0 đến 50 tiêu chí."),
  version: z.coerce.number().int().min(0),
});

async function renderTargets(c: C, unit: Unit, year: number, values: TargetsFormValues, extra: { errors?: Record<string, string>; conflict?: { shareNtm: number; shareAdvanced: number; shareModel: number; minCriteria: number } | null; saved?: boolean; status?: 200 | 409 | 422 } = {}) {
  const history = await targetsHistory(c.var.db, unit, year);
  return c.html(
    <TargetsPage {...pageProps(c)} unitCode={unit.code} unitName={unit.name} year={year} values={values} errors={extra.errors ?? {}} conflict={extra.conflict ?? null} saved={extra.saved ?? false} history={history} />,
    extra.status ?? 200,
  );
}

export const progressTargetsRoutes = new Hono<AppEnv>()
  .use("/progress/:code/targets", requireUser)
  .get("/progress/:code/targets", async (c) => {
    const unit = await unitOf(c);
    if (unit.level === "commune") throw new HTTPException(404, { message: "Mục tiêu được đặt cho tỉnh hoặc huyện." });
    authorize(c, "progress.manage", { unit: unitRef(unit) });
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
  .post("/progress/:code/targets", async (c) => {
    const unit = await unitOf(c);
    if (unit.level === "commune") throw new HTTPException(404, { message: "Mục tiêu được đặt cho tỉnh hoặc huyện." });
    authorize(c, "progress.manage", { unit: unitRef(unit) });
    const body = await c.req.parseBody();
    const raw = (k: string) => (typeof body[k] === "string" ? (body[k] as string).slice(0, 20) : "");
    const typed: TargetsFormValues = { year: raw("year"), shareNtm: raw("shareNtm"), shareAdvanced: raw("shareAdvanced"), shareModel: raw("shareModel"), minCriteria: raw("minCriteria"), version: raw("version") };
    const blank = (["shareNtm", "shareAdvanced", "shareModel", "minCriteria"] as const).filter((k) => typed[k].trim() === "");
    const parsed = blank.length ? null : targetsSchema.safeParse(typed);
    const yearShown = Number(typed.year) >= 2000 && Number(typed.year) <= 2100 ? Number(typed.year) : clock(c).year;
    if (!parsed?.success) {
      const errors: Record<string, string> = Object.fromEntries(blank.map((k) => [k, "Hãy nhập giá trị."]));
      for (const issue of parsed?.error.issues ?? []) errors[String(issue.path[0])] ??= issue.message;
      return renderTargets(c, unit, yearShown, typed, { errors, status: STATUS.invalid });
    }
    const input = parsed.data;
    if (input.shareAdvanced > input.shareNtm || input.shareModel > input.shareAdvanced) {
      return renderTargets(c, unit, input.year, typed, { errors: { shareAdvanced: "Tỷ lệ nâng cao không lớn hơn tỷ lệ NTM, tỷ lệ kiểu mẫu không lớn hơn tỷ lệ nâng cao." }, status: STATUS.invalid });
    }
    const outcome = await saveTargets(c.var.db, currentActor(c).id, unit, input, clientIp(c));
    if (!outcome.ok) {
      // Keep what was typed; the form now carries the current version, so saving again overwrites deliberately.
      return renderTargets(c, unit, input.year, { ...typed, version: String(outcome.current?.version ?? 0) }, { conflict: outcome.current ?? { shareNtm: 0, shareAdvanced: 0, shareModel: 0, minCriteria: 0 }, status: STATUS.conflict });
    }
    return redirectAfterPost(c, `/progress/${unit.code}/targets?year=${input.year}&saved=1`);
  });
