// Read routes of /api/v1 (issue 19): each loads through the services the pages use and asks the same can().
import { createRoute, z } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { can } from "../domain/permissions";
import { vietnamDate } from "../domain/clock";
import { unitRef, getUnit } from "../services/units";
import { getSet, listSets, loadDefinition, visibleToProvince } from "../services/criteria-sets";
import { loadChecklist } from "../services/checklist";
import { predecessorsOf, successorsOf } from "../services/succession";
import { publicLedger } from "../services/public-ledger";
import { parseAmountCursor } from "../domain/keyset";
import { periodFigures } from "../services/feedback-queries";
import { communeRollups } from "../db/schema";
import { eq } from "drizzle-orm";
import { authorize } from "../web/context";
import { areaFiguresInPeriod, childUnits, cursorId, generationsOf, historyPage, pageOf, provinceSummary, recognitionsPage } from "../services/api-queries";
import { READ_ERRORS, errorResponses, scope, provinceIdOfToken, unitOr404, unitOut, type ApiApp, type ApiContext } from "./common";
import * as S from "./schemas";
import { currentActor } from "../web/request";

const security = [{ bearerAuth: [] }];
const json = <T>(schema: T, description: string) => ({ 200: { description, content: { "application/json": { schema } } }, ...errorResponses(...READ_ERRORS) });
const Code = z.string().openapi({ param: { name: "code", in: "path" }, example: "28879" });
const On = IsoDateOptional();
function IsoDateOptional() {
  return S.IsoDate.optional().openapi({ description: "Ngày tra cứu mã đơn vị (yyyy-mm-dd); mặc định hôm nay." });
}

function cursorOr422(cursor: string | undefined): number {
  const id = cursorId(cursor);
  if (id === null) throw new HTTPException(422, { message: "Con trỏ phân trang (cursor) không hợp lệ." });
  return id;
}

const year = (c: ApiContext) => Number(vietnamDate(c.var.now).slice(0, 4));

export function registerReads(api: ApiApp) {
  api.openapi(
    createRoute({ middleware: [scope("units")] as const, method: "get", path: "/units", tags: ["Đơn vị"], summary: "Đơn vị con của một đơn vị (mặc định: tỉnh của mã truy cập)", security, request: { query: z.object({ parent: z.string().optional(), on: On, cursor: S.Cursor, limit: S.Limit }) }, responses: json(S.UnitList, "Một trang đơn vị") }),
    async (c) => {
      const q = c.req.valid("query");
      const parent = q.parent ? await unitOr404(c, q.parent) : (await getUnit(c.var.db, provinceIdOfToken(c)))!;
      authorize(c, "unit.view", { unit: unitRef(parent) });
      const rows = await childUnits(c.var.db, parent.id, cursorOr422(q.cursor), q.limit);
      const page = pageOf(rows, q.limit);
      const actor = currentActor(c);
      return c.json({ items: page.items.filter((u) => can(actor, "unit.view", { unit: unitRef(u) })).map(unitOut), nextCursor: page.nextCursor }, 200);
    },
  );

  api.openapi(
    createRoute({ middleware: [scope("units")] as const, method: "get", path: "/units/{code}", tags: ["Đơn vị"], summary: "Một đơn vị, các thế hệ của mã và quan hệ kế thừa (sáp nhập 2025)", security, request: { params: z.object({ code: Code }), query: z.object({ on: On }) }, responses: json(S.UnitDetail, "Đơn vị") }),
    async (c) => {
      const unit = await unitOr404(c, c.req.valid("param").code);
      authorize(c, "unit.view", { unit: unitRef(unit) });
      const [parent, generations, predecessors, successors] = await Promise.all([
        unit.parentId ? getUnit(c.var.db, unit.parentId) : Promise.resolve(undefined),
        generationsOf(c.var.db, unit.code, unit.level),
        predecessorsOf(c.var.db, unit.id),
        successorsOf(c.var.db, unit.id),
      ]);
      const link = (l: { unit: Parameters<typeof unitOut>[0]; status: string; sourceText: string }) => ({ unit: unitOut(l.unit), status: l.status, sourceText: l.sourceText });
      return c.json({ unit: unitOut(unit), parent: parent ? unitOut(parent) : null, generations: generations.map(unitOut), predecessors: predecessors.map(link), successors: successors.map(link) }, 200);
    },
  );

  const setOut = (s: Awaited<ReturnType<typeof listSets>>[number]) => ({ id: s.id, code: s.code, name: s.name, decision: s.decision, periodFrom: s.periodFrom, periodTo: s.periodTo, status: s.status, national: s.provinceId === null });

  api.openapi(
    createRoute({ middleware: [scope("criteria")] as const, method: "get", path: "/criteria-sets", tags: ["Bộ tiêu chí"], summary: "Bộ tiêu chí quốc gia và của tỉnh", security, responses: json(S.CriteriaSetList, "Danh sách bộ tiêu chí") }),
    async (c) => {
      const sets = (await listSets(c.var.db)).filter((s) => visibleToProvince(s, provinceIdOfToken(c)));
      return c.json({ items: sets.map(setOut) }, 200);
    },
  );

  api.openapi(
    createRoute({ middleware: [scope("criteria")] as const, method: "get", path: "/criteria-sets/{id}", tags: ["Bộ tiêu chí"], summary: "Một bộ tiêu chí: mức, tiêu chí, chỉ tiêu", security, request: { params: z.object({ id: z.coerce.number().int().positive().openapi({ param: { name: "id", in: "path" } }) }) }, responses: json(S.CriteriaSetDetail, "Bộ tiêu chí") }),
    async (c) => {
      const set = await getSet(c.var.db, c.req.valid("param").id);
      if (!set || !visibleToProvince(set, provinceIdOfToken(c))) throw new HTTPException(404, { message: "Không tìm thấy bộ tiêu chí này." });
      const def = (await loadDefinition(c.var.db, set.id, "all"))!;
      return c.json(
        {
          set: setOut(set),
          levels: def.levels.map((l) => ({ code: l.code, name: l.name, rank: l.rank, pilot: l.pilot })),
          criteria: def.criteria.map((cr) => ({
            id: cr.id,
            number: cr.number,
            name: cr.name,
            groupName: cr.groupName,
            indicators: def.indicators.filter((i) => i.criterionId === cr.id).map((i) => ({ id: i.id, code: i.code, name: i.name, kind: i.kind, unit: i.unit, evidenceRequired: i.evidenceRequired })),
          })),
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({ middleware: [scope("checklists")] as const, method: "get", path: "/communes/{code}/checklist", tags: ["Bộ tiêu chí của xã"], summary: "Bộ tiêu chí của một xã: giá trị, phiên bản, kết quả đánh giá", security, request: { params: z.object({ code: Code }), query: z.object({ on: On }) }, responses: json(S.Checklist, "Bộ tiêu chí của xã") }),
    async (c) => {
      const unit = await unitOr404(c, c.req.valid("param").code, "commune");
      authorize(c, "unit.viewData", { unit: unitRef(unit) });
      const checklist = await loadChecklist(c.var.db, unit);
      if (!checklist) throw new HTTPException(404, { message: `${unit.name} chưa được gắn bộ tiêu chí.` });
      const numberOf = new Map(checklist.def.criteria.map((cr) => [cr.id, cr.number]));
      return c.json(
        {
          commune: unitOut(unit),
          set: { id: checklist.def.set.id, code: checklist.def.set.code, name: checklist.def.set.name },
          key: checklist.binding.key,
          targetLevel: checklist.binding.targetLevel,
          evalYear: checklist.binding.evalYear,
          levelReached: checklist.evaluation.levelReached,
          criteriaMet: checklist.evaluation.criteriaMet as Record<string, number>,
          indicators: checklist.def.indicators.map((i) => {
            const v = checklist.values.get(i.id);
            return {
              indicatorId: i.id,
              code: i.code,
              name: i.name,
              criterionNumber: numberOf.get(i.criterionId) ?? 0,
              value: v?.value ?? null,
              evidenceNote: v?.evidenceNote ?? null,
              evidenceLink: v?.evidenceLink ?? null,
              updatedAt: v?.updatedAt ?? null,
              version: v?.version ?? 0,
              met: (checklist.evaluation.indicators.get(i.id) ?? {}) as Record<string, boolean>,
            };
          }),
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({ middleware: [scope("checklists")] as const,
      method: "get",
      path: "/communes/{code}/indicators/{id}/history",
      tags: ["Bộ tiêu chí của xã"],
      summary: "Lịch sử thay đổi một chỉ tiêu của xã",
      security,
      request: { params: z.object({ code: Code, id: z.coerce.number().int().positive().openapi({ param: { name: "id", in: "path" } }) }), query: z.object({ on: On, cursor: S.Cursor, limit: S.Limit }) },
      responses: json(S.HistoryPage, "Một trang lịch sử (cũ trước)"),
    }),
    async (c) => {
      const { code, id } = c.req.valid("param");
      const q = c.req.valid("query");
      const unit = await unitOr404(c, code, "commune");
      authorize(c, "unit.viewData", { unit: unitRef(unit) });
      return c.json(pageOf(await historyPage(c.var.db, unit.id, id, cursorOr422(q.cursor), q.limit), q.limit), 200);
    },
  );

  api.openapi(
    createRoute({ middleware: [scope("progress")] as const,
      method: "get",
      path: "/progress/{code}",
      tags: ["Tiến độ"],
      summary: "Tiến độ của tỉnh, huyện (tổng hợp) hoặc xã theo giai đoạn",
      security,
      request: { params: z.object({ code: Code }), query: z.object({ on: On, period: z.enum(["2021-2025", "2026-2030"]).optional() }) },
      responses: json(S.Progress, "Số liệu tiến độ"),
    }),
    async (c) => {
      const unit = await unitOr404(c, c.req.valid("param").code);
      authorize(c, "progress.view", { unit: unitRef(unit) });
      if (unit.level === "commune") {
        const r = await c.var.db.select().from(communeRollups).where(eq(communeRollups.unitId, unit.id)).get();
        const set = r ? await getSet(c.var.db, r.setId) : undefined;
        const commune = r ? { setCode: set?.code ?? "", criteriaMetBase: r.criteriaMetBase, criteriaMet: r.criteriaMet as Record<string, number>, levelReached: r.levelReached, updatedAt: r.updatedAt } : null;
        return c.json({ unit: unitOut(unit), period: null, periods: [], sets: [], commune }, 200);
      }
      const figures = await areaFiguresInPeriod(c.var.db, unit.id, c.req.valid("query").period, year(c));
      return c.json({ unit: unitOut(unit), ...figures, commune: null }, 200);
    },
  );

  api.openapi(
    createRoute({ middleware: [scope("recognitions")] as const, method: "get", path: "/recognitions", tags: ["Công nhận"], summary: "Các xã được công nhận (và bị thu hồi) của tỉnh", security, request: { query: z.object({ cursor: S.Cursor, limit: S.Limit }) }, responses: json(S.RecognitionList, "Một trang quyết định") }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(pageOf(await recognitionsPage(c.var.db, provinceIdOfToken(c), cursorOr422(q.cursor), q.limit), q.limit), 200);
    },
  );

  api.openapi(
    createRoute({ middleware: [scope("feedback")] as const, method: "get", path: "/feedback/stats", tags: ["Ý kiến"], summary: "Thống kê ý kiến, phản ánh theo sở, ngành và lĩnh vực trong kỳ", security, request: { query: z.object({ from: S.IsoDate, to: S.IsoDate }) }, responses: json(S.FeedbackStats, "Thống kê") }),
    async (c) => {
      const { from, to } = c.req.valid("query");
      if (from > to) throw new HTTPException(422, { message: "Ngày bắt đầu phải trước ngày kết thúc." });
      const province = (await getUnit(c.var.db, provinceIdOfToken(c)))!;
      authorize(c, "feedback.report", { unit: unitRef(province) });
      return c.json(await periodFigures(c.var.db, province.id, from, to), 200);
    },
  );

  api.openapi(
    createRoute({ middleware: [scope("ledger")] as const, method: "get", path: "/communes/{code}/ledger", tags: ["Đóng góp"], summary: "Phần công khai của sổ đóng góp của xã", security, request: { params: z.object({ code: Code }), query: z.object({ on: On, cursor: S.SponsorsCursor }) }, responses: json(S.PublicLedger, "Sổ công khai") }),
    async (c) => {
      const unit = await unitOr404(c, c.req.valid("param").code, "commune");
      if (unit.provinceId !== provinceIdOfToken(c)) throw new HTTPException(403, { message: "Xã này không thuộc tỉnh của mã truy cập." });
      const text = c.req.valid("query").cursor;
      const after = text ? parseAmountCursor(text) : null;
      if (text && !after) throw new HTTPException(422, { message: "Con trỏ phân trang (cursor) không hợp lệ." });
      const { fund: _fund, projectFiles: _files, projects, sponsorsNext, ...ledger } = await publicLedger(c.var.db, unit, vietnamDate(c.var.now), after);
      return c.json({ ...ledger, sponsorsCursor: sponsorsNext, projects: projects.map(({ budget: _b, ...p }) => p) }, 200);
    },
  );

  api.openapi(
    createRoute({ middleware: [scope("progress")] as const, method: "get", path: "/summary", tags: ["Quốc gia"], summary: "Tóm tắt của tỉnh cho bản tổng hợp quốc gia: số đơn vị, tiến độ theo giai đoạn, công nhận", security, responses: json(S.Summary, "Tóm tắt") }),
    async (c) => {
      const province = (await getUnit(c.var.db, provinceIdOfToken(c)))!;
      authorize(c, "progress.view", { unit: unitRef(province) });
      return c.json(await provinceSummary(c.var.db, province, year(c), c.var.now.toISOString()), 200);
    },
  );
}
