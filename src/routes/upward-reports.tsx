// /reports/upward (issue 19, item 3): leaders and admins download the upward report tables of their province
// (the same tables as /api/v1/exports).
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import { isoDateOrNull, vietnamDate } from "../domain/clock";
import { isUpwardFile } from "../domain/upward-report";
import { getUnit, unitRef } from "../services/units";
import { upwardReport } from "../services/upward-report";
import { authorize, pageProps, requireUser } from "../web/context";
import { upwardFileResponse } from "../web/upward-export";
import { UpwardReportsPage } from "../../templates/pages/upward-reports";
import { type C, currentActor } from "../web/request";
import { provinceIdOf } from "../domain/permissions";


async function provinceAndPeriod(c: C) {
  const actor = currentActor(c);
  const province = (await getUnit(c.var.db, provinceIdOf(actor.scope)))!;
  authorize(c, "progress.view", { unit: unitRef(province) });
  const today = vietnamDate(c.var.now);
  const from = isoDateOrNull(c.req.query("from")) ?? `${today.slice(0, 4)}-01-01`;
  const to = isoDateOrNull(c.req.query("to")) ?? today;
  return { province, from, to, today, error: from > to ? "Ngày bắt đầu phải trước ngày kết thúc." : undefined };
}

export const upwardReportRoutes = new Hono<AppEnv>()
  .use("*", requireUser)
  .get("/", async (c) => {
    const { province, from, to, error } = await provinceAndPeriod(c);
    return c.html(<UpwardReportsPage {...pageProps(c)} provinceName={province.name} from={from} to={to} error={error} />, error ? 422 : 200);
  })
  .get("/:file{[a-z-]+\\.(?:csv|xlsx)}", async (c) => {
    const [file, format] = c.req.param("file").split(".") as [string, "csv" | "xlsx"];
    if (!isUpwardFile(file)) throw new HTTPException(404, { message: "Không có bảng báo cáo này." });
    const { province, from, to, today, error } = await provinceAndPeriod(c);
    if (error) throw new HTTPException(422, { message: error });
    const report = await upwardReport(c.var.db, province, file, { year: Number(today.slice(0, 4)), from, to });
    return upwardFileResponse(c, province.code, province.name, report, format, `Kỳ ${from} – ${to}`);
  });
