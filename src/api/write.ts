// Write routes of /api/v1 (issue 19): the same services, version checks (409) and can() as the pages.
import { createRoute, z } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { saveIndicator } from "../services/checklist";
import { applyTransition, getItem, itemResource, type Ctx } from "../services/feedback";
import { decide, partiesOf } from "../domain/feedback";
import { loadHolidaysAround } from "../services/working-days";
import { vnDateOf } from "../domain/clock";
import { unitRef } from "../services/units";
import { authorize } from "../web/context";
import { msg } from "../messages";
import { errorJson, errorResponses, scope, unitOr404, type ApiApp } from "./common";
import * as S from "./schemas";
import { clientIp, currentActor } from "../web/request";
import { statusOf } from "../web/outcome";

const security = [{ bearerAuth: [] }];
const Id = z.coerce.number().int().positive();

export function registerWrites(api: ApiApp) {
  api.openapi(
    createRoute({ middleware: [scope("checklists", true)] as const,
      method: "put",
      path: "/communes/{code}/indicators/{id}",
      tags: ["Bộ tiêu chí của xã"],
      summary: "Ghi giá trị một chỉ tiêu (kèm version đã đọc; phiên bản cũ → 409 với giá trị mới hơn)",
      security,
      request: {
        params: z.object({ code: z.string().openapi({ param: { name: "code", in: "path" }, example: "28879" }), id: Id.openapi({ param: { name: "id", in: "path" } }) }),
        body: { content: { "application/json": { schema: S.IndicatorWrite } }, required: true },
      },
      responses: {
        200: { description: "Đã ghi", content: { "application/json": { schema: S.SavedIndicator } } },
        409: { description: "Người khác đã ghi trước", content: { "application/json": { schema: S.IndicatorConflict } } },
        ...errorResponses(400, 401, 403, 404, 422, 429),
      },
    }),
    async (c) => {
      const { code, id } = c.req.valid("param");
      const unit = await unitOr404(c, code, "commune");
      authorize(c, "checklist.edit", { unit: unitRef(unit) });
      const input = c.req.valid("json");
      const outcome = await saveIndicator(c.var.db, currentActor(c).id, unit, id, input, c.var.now.toISOString(), clientIp(c));
      if (!outcome.ok) {
        if (outcome.kind === "not_found") throw new HTTPException(statusOf(outcome), { message: "Không tìm thấy chỉ tiêu này trong bộ tiêu chí của xã." });
        if (outcome.kind === "invalid") return errorJson(c, statusOf(outcome), outcome.message, { [outcome.field]: outcome.message }) as never;
        return c.json({ error: "conflict" as const, message: "Chỉ tiêu vừa được người khác cập nhật; giá trị mới nhất kèm theo, không có gì bị ghi đè.", current: outcome.current }, statusOf(outcome));
      }
      return c.json({ ...outcome.saved, met: outcome.met as Record<string, boolean>, levelReached: outcome.rollup.levelReached }, 200);
    },
  );

  api.openapi(
    createRoute({ middleware: [scope("feedback", true)] as const,
      method: "post",
      path: "/feedback/{id}/answer",
      tags: ["Ý kiến"],
      summary: "Sở, ngành trả lời một phản ánh được chuyển đến (kèm version đã đọc)",
      security,
      request: { params: z.object({ id: Id.openapi({ param: { name: "id", in: "path" } }) }), body: { content: { "application/json": { schema: S.FeedbackAnswer } }, required: true } },
      responses: { 200: { description: "Đã trả lời", content: { "application/json": { schema: S.FeedbackItemState } } }, ...errorResponses(400, 401, 403, 404, 409, 422, 429) },
    }),
    async (c) => {
      const item = await getItem(c.var.db, c.req.valid("param").id);
      if (!item) throw new HTTPException(404, { message: "Không tìm thấy phản ánh này." });
      const actor = currentActor(c);
      const today = vnDateOf(c.var.now.toISOString());
      const resource = await itemResource(c.var.db, actor, item, today);
      authorize(c, "feedback.view", resource);
      const parties = partiesOf(actor, resource);
      const decision = decide("answer", item.status, parties);
      if (!decision.ok) throw new HTTPException(statusOf(decision), { message: decision.message });
      const body = c.req.valid("json");
      const ctx: Ctx = { nowIso: c.var.now.toISOString(), today, holidays: await loadHolidaysAround(c.var.db, today, item.provinceId), ip: clientIp(c) };
      const outcome = await applyTransition(c.var.db, actor, item, parties, { action: "answer", publicAnswer: body.publicAnswer, internalNote: body.internalNote }, body.version, ctx);
      if (!outcome.ok) return errorJson(c, statusOf(outcome), outcome.errors.form ?? Object.values(outcome.errors)[0] ?? msg.invalid, outcome.errors) as never;
      return c.json({ id: outcome.item.id, status: outcome.item.status, version: outcome.item.version }, 200);
    },
  );
}
