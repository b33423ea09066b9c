// Request helpers shared by the assignments, visits and feedback routes: the feedback context, the actor's
// province, the typed values of a form (the form field schemas are in src/domain/form-fields.ts).
import type { Unit } from "../db/schema";
import { provinceIdOf } from "../domain/permissions";
import type { Ctx } from "../services/feedback";
import { getUnit, unitRef } from "../services/units";
import { loadHolidaysAround } from "../services/working-days";
import { authorize } from "../web/context";
import { type C, clientIp, currentActor, todayOf } from "../web/request";


export async function ctxOf(c: C): Promise<Ctx> {
  const today = todayOf(c);
  return { nowIso: c.var.now.toISOString(), today, holidays: await loadHolidaysAround(c.var.db, today, provinceIdOf(currentActor(c).scope)), ip: clientIp(c) };
}

export async function provinceOf(c: C): Promise<Unit> {
  return (await getUnit(c.var.db, provinceIdOf(currentActor(c).scope)))!;
}

export async function configureProvince(c: C) {
  const province = await provinceOf(c);
  authorize(c, "feedback.configure", { unit: unitRef(province) });
  return province;
}

/** String values of a parsed form body, cut to a safe length, to re-render what the user typed. */
export function rawValues(body: Record<string, unknown>, max = 5000): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === "string" && k !== "_csrf") out[k] = v.slice(0, max);
  return out;
}
