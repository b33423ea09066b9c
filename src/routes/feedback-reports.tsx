// Leaders' feedback reports: figures over a period with the overdue list, and the monthly digest (view and build).
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import type { Unit } from "../db/schema";
import { parseDate } from "../domain/format";
import { can } from "../domain/permissions";
import { monthBounds } from "../domain/working-days";
import { overdueItems, periodFigures } from "../services/feedback-queries";
import { buildMonthlyDigest, digestMonths, getDigest } from "../services/feedback-jobs";
import { getUnit, unitRef } from "../services/units";
import { authorize, pageProps, redirectAfterPost, requireUser } from "../web/context";
import { msg } from "../messages";
import { DigestPage, FeedbackReportPage } from "../../templates/pages/feedback-reports";
import { configureProvince } from "./feedback-common";
import { unitAt } from "../web/unit-date";
import { type C, currentActor, todayOf } from "../web/request";

/** The area a report covers: ?unit (a province or district within scope) or the actor's own. */
async function reportArea(c: C): Promise<Unit> {
  const actor = currentActor(c);
  const code = c.req.query("unit");
  let area = code ? await unitAt(c, code.slice(0, 12)) : await getUnit(c.var.db, actor.scope.level === "district" ? actor.scope.id : actor.scope.provinceId ?? actor.scope.id);
  if (!area) throw new HTTPException(404, { message: msg.unitNotFound((code ?? "").slice(0, 20)) });
  if (area.level !== "province" && area.level !== "district") area = (await getUnit(c.var.db, area.districtId ?? area.provinceId!))!;
  authorize(c, "feedback.report", { unit: unitRef(area) });
  return area;
}

export const feedbackReportRoutes = new Hono<AppEnv>()
  .use("*", requireUser)
  .get("/", async (c) => {
    const area = await reportArea(c);
    const today = todayOf(c);
    const provinceId = area.level === "province" ? area.id : area.provinceId!;
    const districtId = area.level === "district" ? area.id : null;
    const fromRaw = c.req.query("from");
    const toRaw = c.req.query("to");
    let from = fromRaw ? parseDate(fromRaw) : `${today.slice(0, 4)}-01-01`;
    let to = toRaw ? parseDate(toRaw) : today;
    let error: string | undefined;
    if (!from || !to || from > to) {
      error = !from || !to ? "Ngày không hợp lệ (nhập theo dạng ngày/tháng/năm)." : "“Từ ngày” phải trước “Đến ngày”.";
      from = `${today.slice(0, 4)}-01-01`;
      to = today;
    }
    const [digest, overdue, months] = await Promise.all([
      periodFigures(c.var.db, provinceId, from, to, districtId),
      overdueItems(c.var.db, { provinceId, districtId }, today),
      digestMonths(c.var.db, provinceId),
    ]);
    return c.html(
      <FeedbackReportPage
        {...pageProps(c)}
        areaName={area.name}
        areaCode={area.code}
        from={from}
        to={to}
        digest={digest}
        overdue={overdue}
        months={months}
        error={error}
        departmentInboxes={area.level === "province" && can(currentActor(c), "feedback.inbox", { unit: unitRef(area), departmentId: -1 })}
      />,
      error ? 422 : 200,
    );
  })
  .get("/:month{[0-9]{4}-[0-9]{2}}", async (c) => {
    const month = c.req.param("month");
    let bounds: ReturnType<typeof monthBounds>;
    try {
      bounds = monthBounds(month);
    } catch {
      throw new HTTPException(404, { message: "Tháng không hợp lệ." });
    }
    const area = await reportArea(c);
    const provinceId = area.level === "province" ? area.id : area.provinceId!;
    const province = area.level === "province" ? area : (await getUnit(c.var.db, provinceId))!;
    const months = await digestMonths(c.var.db, provinceId);
    const canBuild = can(currentActor(c), "feedback.configure", { unit: unitRef(province) }) && month < todayOf(c).slice(0, 7);
    if (area.level === "district") {
      const digest = await periodFigures(c.var.db, provinceId, bounds.first, bounds.last, area.id);
      return c.html(<DigestPage {...pageProps(c)} month={month} areaName={area.name} digest={digest} builtAt={null} live months={months} canBuild={false} />);
    }
    const stored = await getDigest(c.var.db, provinceId, month);
    return c.html(<DigestPage {...pageProps(c)} month={month} areaName={area.name} digest={stored?.digest ?? null} builtAt={stored?.createdAt ?? null} live={false} months={months} canBuild={canBuild} />);
  })
  .post("/:month{[0-9]{4}-[0-9]{2}}/build", async (c) => {
    const month = c.req.param("month");
    const province = await configureProvince(c);
    try {
      monthBounds(month);
    } catch {
      throw new HTTPException(404, { message: "Tháng không hợp lệ." });
    }
    if (month >= todayOf(c).slice(0, 7)) throw new HTTPException(422, { message: "Chỉ lập báo cáo cho tháng đã kết thúc." });
    await buildMonthlyDigest(c.var.db, province.id, month, c.var.now.toISOString(), currentActor(c).id);
    return redirectAfterPost(c, `/reports/feedback/${month}`);
  });
