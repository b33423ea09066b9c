// The merger on a unit's pages: the closed-unit notice (with successors) and a new commune's predecessors.
import type { Unit } from "../db/schema";
import { predecessorsOf, successorUnits, type Link } from "../services/succession";
import { carriedDecision, recognisedLevels } from "../services/carry-over";
import { CarriedNotice } from "../../templates/pages/merger";
import { ClosedUnitNotice, PredecessorList } from "../../templates/components/merger";
import { onSuffix } from "./unit-date";
import { can } from "../domain/permissions";
import { unitRef } from "../services/units";
import { type C } from "./request";

/** Where a unit's own page is (a closed unit keeps ?on=its last day). */
export const unitHref = (u: Pick<Unit, "code" | "validTo">) => `/units/${u.code}${onSuffix(u)}`;

/** The notice for a closed unit, naming its successor(s); nothing for an open one. */
export async function closedNotice(c: C, unit: Unit, own = false) {
  if (unit.validTo === null) return null;
  const successors = await successorUnits(c.var.db, unit);
  return (
    <ClosedUnitNotice
      name={unit.name}
      validTo={unit.validTo}
      own={own}
      successors={successors.map((s) => ({ code: s.code, name: s.name, href: can(c.var.user?.actor ?? null, "unit.view", { unit: unitRef(s) }) ? `/units/${s.code}?on=${s.validTo ?? s.validFrom}` : null }))}
    />
  );
}

/** The communes a new commune was formed from, with their recognised 2021–2025 levels and archive links. */
export async function predecessorSection(c: C, unit: Unit, read?: Link[]) {
  if (unit.level !== "commune") return null;
  // `read`: the links the caller read in its own batch (linkedQueries' successor side).
  const links = read ?? (await predecessorsOf(c.var.db, unit.id));
  if (links.length === 0) return null;
  const [levels, carried] = await Promise.all([recognisedLevels(c.var.db, links.map((l) => l.unit.id)), carriedDecision(c.var.db, unit.id)]);
  return (
    <>
    {carried ? <CarriedNotice {...carried} /> : null}
    <PredecessorList
      sourceText={links[0].sourceText || null}
      pending={links.some((l) => l.status === "partial" && l.completedAt === null)}
      items={links.map((l) => {
        const r = levels.get(l.unit.id);
        return { code: l.unit.code, name: l.unit.name, validTo: l.unit.validTo, recognised: r?.levelName ?? null, decision: r ? [r.decisionNumber, r.decisionDate?.split("-").reverse().join("/")].filter(Boolean).join(", ") : null, partial: l.status === "partial" };
      })}
    />
    </>
  );
}
