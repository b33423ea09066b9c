// /api/v1/exports (issue 19, item 3): the upward report tables as CSV or XLSX, with the stable column names the
// document's description lists.
import { createRoute, z } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { vietnamDate } from "../domain/clock";
import { UPWARD_TABLES, type UpwardFile } from "../domain/upward-report";
import { getUnit, unitRef } from "../services/units";
import { upwardReport } from "../services/upward-report";
import { authorize } from "../web/context";
import { XLSX_TYPE, upwardFileResponse } from "../web/upward-export";
import { errorResponses, provinceIdOfToken, scope, type ApiApp } from "./common";
import { IsoDate } from "./schemas";

const FILES = UPWARD_TABLES.map((t) => t.file) as [UpwardFile, ...UpwardFile[]];

export function registerExports(api: ApiApp) {
  api.openapi(
    createRoute({
      middleware: [scope("exports")] as const,
      method: "get",
      path: "/exports/{table}",
      tags: ["Báo cáo"],
      summary: "Bảng báo cáo định kỳ của tỉnh (CSV hoặc XLSX); cột xem mô tả chung",
      security: [{ bearerAuth: [] }],
      request: {
        params: z.object({ table: z.enum(FILES).openapi({ param: { name: "table", in: "path" } }) }),
        query: z.object({
          format: z.enum(["csv", "xlsx"]).default("csv"),
          from: IsoDate.optional().openapi({ description: "Đầu kỳ (bảng công nhận), mặc định 1/1 năm nay." }),
          to: IsoDate.optional().openapi({ description: "Cuối kỳ (bảng công nhận), mặc định hôm nay." }),
        }),
      },
      responses: {
        200: { description: "Tệp báo cáo", content: { "text/csv": { schema: z.string() }, [XLSX_TYPE]: { schema: z.string().openapi({ format: "binary" }) } } },
        ...errorResponses(401, 403, 404, 422, 429),
      },
    }),
    async (c) => {
      const { table } = c.req.valid("param");
      const q = c.req.valid("query");
      const today = vietnamDate(c.var.now);
      const from = q.from ?? `${today.slice(0, 4)}-01-01`;
      const to = q.to ?? today;
      if (from > to) throw new HTTPException(422, { message: "Ngày bắt đầu phải trước ngày kết thúc." });
      const province = (await getUnit(c.var.db, provinceIdOfToken(c)))!;
      authorize(c, "progress.view", { unit: unitRef(province) });
      const report = await upwardReport(c.var.db, province, table, { year: Number(today.slice(0, 4)), from, to });
      return upwardFileResponse(c, province.code, province.name, report, q.format, `Kỳ ${from} – ${to}`) as never;
    },
  );
}
