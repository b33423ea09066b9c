// Shared pieces of /api/v1 (issue 19): the typed app, token scope checks, error responses, request helpers.
import type { Context, MiddlewareHandler } from "hono";
import { OpenAPIHono } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import type { ApiResource, Unit } from "../db/schema";
import { fieldErrors } from "../domain/form-fields";
import { unitAt } from "../web/unit-date";
import { msg } from "../messages";
import { ErrorBody } from "./schemas";

export type ApiContext = Context<AppEnv>;

export const ERROR_CODES = { 400: "invalid", 401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict", 413: "invalid", 422: "invalid", 429: "rate_limited", 500: "server_error" } as const;
type ErrorStatus = keyof typeof ERROR_CODES;

export function errorJson(c: ApiContext, status: number, message: string, errors?: Record<string, string>) {
  const code = ERROR_CODES[status as ErrorStatus] ?? "server_error";
  return c.json({ error: code, message, ...(errors ? { errors } : {}) }, status as 400);
}

export const newApiApp = () =>
  new OpenAPIHono<AppEnv>({
    // Bad parameters or bodies: 422 with a Vietnamese message per field (the same messages the forms use).
    defaultHook: (result, c) => {
      if (!result.success) return errorJson(c as ApiContext, 422, msg.invalid, fieldErrors(result.error as never));
    },
  });

export type ApiApp = ReturnType<typeof newApiApp>;

/** Error responses a route documents, by status. */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  const descriptions: Record<ErrorStatus, string> = {
    400: "Yêu cầu sai",
    401: "Thiếu hoặc sai mã truy cập",
    403: "Mã truy cập không có quyền với dữ liệu này",
    404: "Không tìm thấy",
    409: "Dữ liệu đã thay đổi",
    413: "Quá lớn",
    422: "Dữ liệu không hợp lệ",
    429: "Vượt giới hạn yêu cầu",
    500: "Lỗi máy chủ",
  };
  return Object.fromEntries(statuses.map((s) => [s, { description: descriptions[s], content: { "application/json": { schema: ErrorBody } } }])) as {
    [K in S]: { description: string; content: { "application/json": { schema: typeof ErrorBody } } };
  };
}

export const READ_ERRORS = [401, 403, 404, 422, 429] as const;

/** Route middleware (runs before the request is validated): 403 unless the token covers `resource` (and `write`). */
export const scope = (resource: ApiResource, write = false): MiddlewareHandler<AppEnv> => async (c, next) => {
  needScope(c, resource, write);
  await next();
};

/** 403 unless the request's token covers `resource` (and allows writes when `write`). */
export function needScope(c: ApiContext, resource: ApiResource, write = false): void {
  const token = c.var.apiToken;
  if (!token || !token.resources.includes(resource)) throw new HTTPException(403, { message: `Mã truy cập này không được cấp quyền với dữ liệu “${resource}”.` });
  if (write && token.access !== "write") throw new HTTPException(403, { message: "Mã truy cập này chỉ được đọc, không được ghi." });
}

/** The unit a GSO code names on the request's date (`?on=`), 404 otherwise; `level` narrows it. */
export async function unitOr404(c: ApiContext, code: string, level?: Unit["level"]): Promise<Unit & { heirs?: import("../domain/permissions").UnitRef[] }> {
  const unit = /^\d{2,5}$/.test(code) ? await unitAt(c, code) : undefined;
  if (!unit || (level && unit.level !== level)) throw new HTTPException(404, { message: msg.unitNotFound(code.slice(0, 20)) });
  return unit;
}

export const unitOut = (u: Unit) => ({ code: u.code, name: u.name, kind: u.kind, level: u.level, validFrom: u.validFrom, validTo: u.validTo });

export const provinceIdOfToken = (c: ApiContext) => c.var.apiToken!.provinceId;
