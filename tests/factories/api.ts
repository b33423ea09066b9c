// API helpers (issue 19): tokens made through the service the admin page uses, and a bearer-token client.
import { env } from "cloudflare:workers";
import { app } from "../../src/index";
import { testDb } from "./index";
import { createToken } from "../../src/services/api-tokens";
import type { ApiAccess, ApiResource } from "../../src/db/schema";
import type { Actor } from "../../src/domain/permissions";
import { API_RESOURCES } from "../../src/db/schema";

/** The Actor of an account (as a session would load it). */
export async function actorOf(username: string): Promise<Actor> {
  const row = (await env.DB.prepare(
    "select a.id, a.role, a.department_id as departmentId, u.id as scopeId, u.level, u.province_id as provinceId, u.district_id as districtId, u.commune_id as communeId from users a join units u on u.id = a.unit_id where a.username = ?",
  )
    .bind(username)
    .first()) as { id: number; role: Actor["role"]; departmentId: number | null; scopeId: number; level: Actor["scope"]["level"]; provinceId: number | null; districtId: number | null; communeId: number | null };
  return { id: row.id, role: row.role, departmentId: row.departmentId, scope: { id: row.scopeId, level: row.level, provinceId: row.provinceId, districtId: row.districtId, communeId: row.communeId } };
}

/** A token created by `admin` acting as `username`; returns the secret. */
export async function newToken(admin: string, username: string, opts: { access?: ApiAccess; resources?: ApiResource[]; rateLimit?: number; name?: string } = {}): Promise<string> {
  const outcome = await createToken(
    testDb(),
    await actorOf(admin),
    { name: opts.name ?? `Hệ thống thử ${username}`, username, access: opts.access ?? "read", resources: opts.resources ?? [...API_RESOURCES], rateLimit: opts.rateLimit ?? 1000 },
    null,
  );
  if (!outcome.ok) throw new Error(`token for ${username}: ${JSON.stringify(outcome.errors)}`);
  return outcome.secret;
}

/** A request to the app with a bearer token (null: none) and an optional JSON body. */
export async function apiRequest(token: string | null, method: string, path: string, body?: unknown): Promise<Response> {
  const headers = new Headers();
  if (token) headers.set("Authorization", `Bearer ${token}`);
  if (body !== undefined) headers.set("Content-Type", "application/json");
  return app.request(path, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) }, env);
}
