// Request helpers shared by the recognition routes: client IP, today's date, form fields, and loading and
// authorising the commune or dossier behind a route.
import { HTTPException } from "hono/http-exception";
import type { Unit } from "../db/schema";
import { can } from "../domain/permissions";
import { decide, roleFor, type RecognitionRole, type TransitionAction } from "../domain/recognition";
import { getDossier, type Dossier } from "../services/recognition";
import { parentChain, unitRef } from "../services/units";
import { successorUnits } from "../services/succession";
import { authorize } from "./context";
import { type C, currentActor } from "./request";
import type { Failure, Outcome } from "../domain/outcome";

export const str = (body: Record<string, unknown>, k: string) => (typeof body[k] === "string" ? (body[k] as string) : "");
export const versionOf = (body: Record<string, unknown>) => {
  const v = Number(str(body, "version"));
  return Number.isInteger(v) && v >= 0 ? v : -1;
};

// ---------------------------------------------------------------------------------------------
// Loading and authorising

/** The dossier behind :id (404), readable by whoever may read the commune's data or its archive (403 otherwise). */
export async function dossierOf(c: C): Promise<{ dossier: Dossier; commune: Unit; role: RecognitionRole }> {
  const found = await getDossier(c.var.db, Number(c.req.param("id")));
  if (!found) throw new HTTPException(404, { message: "Không tìm thấy hồ sơ này." });
  // A closed commune's dossier is archive: readable by the readers of the communes that succeeded it (as its list is).
  const heirs = found.commune.validTo !== null ? (await successorUnits(c.var.db, found.commune)).map((h) => unitRef(h)) : undefined;
  authorize(c, "unit.viewData", { unit: unitRef({ ...found.commune, heirs }) });
  return { ...found, role: roleFor(currentActor(c), unitRef(found.commune)) };
}

/** 403 / 409 from the transition table, before any input is read. */
export function allow(dossier: Dossier, action: TransitionAction, role: RecognitionRole): Outcome<{}, Failure<"forbidden" | "conflict", { message: string }>> {
  const d = decide(dossier.status, action, role, dossier.chain);
  return d.ok ? { ok: true } : d;
}

export async function crumbs(c: C, unit: Unit) {
  const chain = await parentChain(c.var.db, unit);
  const actor = currentActor(c);
  return [...chain, unit].map((u) => ({ code: u.code, name: u.name, viewable: can(actor, "unit.view", { unit: unitRef(u) }) }));
}
