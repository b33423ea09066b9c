// Pure (issue 14): a full-page form posted after the session expired is carried through the login page (one hidden
// field, JSON) and offered back after login for the user to send again. Only a same-site path and plain text fields;
// the old CSRF token, passwords and one-time-key-less noise are dropped.
import { safeNextPath } from "./next-path";

export type CarriedForm = { action: string; fields: [string, string][] };

const DROPPED = new Set(["_csrf", "password", "newPassword", "currentPassword"]);
export const CARRY_MAX = 40_000;

/** The posted fields worth carrying (strings only: files cannot be carried). */
export function carryOf(action: string, body: Record<string, unknown>): CarriedForm | null {
  const path = safeNextPath(action);
  if (path === "/" && action !== "/") return null;
  const fields: [string, string][] = [];
  for (const [k, v] of Object.entries(body)) {
    if (DROPPED.has(k)) continue;
    if (typeof v === "string") fields.push([k, v]);
    else if (Array.isArray(v)) for (const x of v) if (typeof x === "string") fields.push([k, x]);
  }
  const carried = { action: path, fields };
  return JSON.stringify(carried).length <= CARRY_MAX ? carried : null;
}

/** The carried form back from the login page's hidden field, or null when it is not one. */
export function parseCarry(json: string | undefined): CarriedForm | null {
  if (!json || json.length > CARRY_MAX) return null;
  try {
    const v = JSON.parse(json) as { action?: unknown; fields?: unknown };
    if (typeof v.action !== "string" || safeNextPath(v.action) !== v.action || v.action === "/login" || v.action === "/logout") return null;
    if (!Array.isArray(v.fields) || !v.fields.every((f) => Array.isArray(f) && f.length === 2 && typeof f[0] === "string" && typeof f[1] === "string" && !DROPPED.has(f[0]))) return null;
    return { action: v.action, fields: v.fields as [string, string][] };
  } catch {
    return null;
  }
}
