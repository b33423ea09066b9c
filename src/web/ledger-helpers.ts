// Request helpers shared by the sponsors ledger routes.
import { HTTPException } from "hono/http-exception";
import type { Unit } from "../db/schema";
import { can, type Action, type UnitRef } from "../domain/permissions";
import { isAssigned } from "../services/ledger-common";
import { getUnit, unitRef } from "../services/units";
import { msg } from "../messages";
import { type C, communeParam } from "./request";

/** The commune behind :code, authorised for `action` (recording a pledge needs the cadre's assignment). */
export async function communeFrom(c: C, action: Action = "ledger.view"): Promise<Unit> {
  if (action !== "contribution.record") return communeParam(c, action);
  const unit = await communeParam(c);
  if (!(await canRecord(c, unit))) throw new HTTPException(403, { message: "Chỉ cán bộ được phân công hỗ trợ xã, cán bộ xã và quản trị viên mới ghi nhận cam kết cho xã này." });
  return unit;
}

/** can("contribution.record"): a cadre needs an active assignment covering the commune (one indexed query). */
export async function canRecord(c: C, commune: Unit): Promise<boolean> {
  const actor = c.var.user?.actor;
  if (!actor) return false;
  const assigned = actor.role === "cadre" ? await isAssigned(c.var.db, actor.id, commune) : false;
  return can(actor, "contribution.record", { unit: unitRef(commune), assigned });
}

/** A unit by id, 404 when missing. */
export async function unitById(c: C, id: number): Promise<Unit> {
  const unit = await getUnit(c.var.db, id);
  if (!unit) throw new HTTPException(404, { message: msg.notFound });
  return unit;
}

/** May the user see a sponsor's contact data? Any commune the sponsor gave to within scope, or the mobiliser. */
export function canSeeContact(c: C, mobilisedBy: number | null, communes: UnitRef[]): boolean {
  const actor = c.var.user?.actor ?? null;
  if (can(actor, "sponsor.contact", { mobilisedBy })) return true;
  return communes.some((unit) => can(actor, "sponsor.contact", { unit, mobilisedBy }));
}

/** The form body as a plain record (files ignored). */
export async function formBody(c: C): Promise<Record<string, unknown>> {
  return (await c.req.parseBody()) as Record<string, unknown>;
}

/** ISO "2026-11-27" → "27/11/2026" for form defaults. */
export const viDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
