// /api/v1 (issue 19): JSON for other systems, described by OpenAPI 3.1 generated from the same zod schemas.
// Mounted before the session/CSRF middleware: a request carries a bearer token (no cookie, so no CSRF), the token
// acts as one account of its province and can() decides as on the pages; the token narrows it further.
import { HTTPException } from "hono/http-exception";
import { dbAndTiming } from "../web/context";
import { authenticateToken } from "../services/api-tokens";
import { msg } from "../messages";
import { errorJson, newApiApp, type ApiContext } from "./common";
import { registerReads } from "./read";
import { registerWrites } from "./write";
import { registerExports } from "./exports";
import { ApiReferencePage } from "../../templates/pages/api-reference";
import { EXPORT_DESCRIPTION } from "./exports-doc";
import { statusOf } from "../web/outcome";

export const API_BASE = "/api/v1";

export const api = newApiApp();

api.use("*", dbAndTiming);
api.use("*", async (c, next) => {
  await next();
  c.header("Cache-Control", "no-store");
});

export const OPENAPI_CONFIG = {
  openapi: "3.1.0",
  info: {
    title: "Nông thôn mới — API v1",
    version: "1.0.0",
    description:
      "Dữ liệu của một tỉnh cho các hệ thống khác (trung tâm điều hành, văn phòng điện tử, cổng dữ liệu mở, bản tổng hợp quốc gia). " +
      "Mỗi yêu cầu gửi `Authorization: Bearer <mã truy cập>`; mã do quản trị viên tỉnh cấp tại /admin/api-tokens, gắn với một tài khoản " +
      "(quyền như trên trang web), giới hạn theo loại dữ liệu, đọc/ghi và số yêu cầu mỗi phút (429 khi vượt). Phân trang bằng `cursor` " +
      "(giá trị `nextCursor` của trang trước). Mã đơn vị (GSO) chỉ xác định đơn vị cùng với ngày: `?on=yyyy-mm-dd`. " +
      "Ghi dữ liệu gửi kèm `version` đã đọc; phiên bản cũ → 409 kèm giá trị mới hơn. Lỗi luôn có `error` và `message` tiếng Việt.\n\n" +
      EXPORT_DESCRIPTION,
  },
  servers: [{ url: API_BASE }],
};

api.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer", description: "Mã truy cập ntm_… do quản trị viên tỉnh cấp." });

export const openApiDocument = () => api.getOpenAPI31Document(OPENAPI_CONFIG);

// Public: the document and its reference page (no token, no CDN: rendered here from the document).
api.get("/openapi.json", (c) => c.json(openApiDocument()));
api.get("/docs", (c) => c.html(ApiReferencePage({ doc: openApiDocument() as never })));

// Everything below needs a token.
api.use("*", async (c, next) => {
  const header = c.req.header("Authorization") ?? "";
  const secret = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!secret) return errorJson(c, 401, "Thiếu mã truy cập: gửi tiêu đề Authorization: Bearer <mã truy cập>.");
  const auth = await authenticateToken(c.var.db, secret, c.var.now);
  if (!auth.ok) {
    if (auth.kind === "rate_limited") c.header("Retry-After", String(auth.retryAfter));
    return errorJson(c, statusOf(auth), auth.message);
  }
  c.set("apiToken", auth.scope);
  c.set("user", auth.user);
  c.set("csrfToken", "");
  await next();
});

registerReads(api);
registerWrites(api);
registerExports(api);

api.all("*", (c) => errorJson(c, 404, "Không có đường dẫn API này. Xem /api/v1/docs."));

api.onError((err, c) => {
  if (err instanceof HTTPException) {
    if (err.status >= 500) console.error(err);
    // Hono's validator throws 400 for a body that is not JSON (its message is English).
    if (err.status === 400) return errorJson(c as ApiContext, 400, "Nội dung gửi lên không phải JSON hợp lệ.");
    return errorJson(c as ApiContext, err.status, err.message || msg.invalid);
  }
  console.error(err);
  return errorJson(c as ApiContext, 500, msg.serverError);
});
