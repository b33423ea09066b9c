import { describe, expect, it } from "vitest";
import { can, type Actor, type UnitRef } from "../../src/domain/permissions";
import type { Role } from "../../src/db/schema";

// The branches of the sponsors ledger actions that depend on more than the unit (assignment, mobiliser).
const P: UnitRef = { id: 1, level: "province", provinceId: null, districtId: null, communeId: null };
const C1: UnitRef = { id: 100, level: "commune", provinceId: 1, districtId: 10, communeId: null };
const OTHER_C: UnitRef = { id: 900, level: "commune", provinceId: 2, districtId: 20, communeId: null };
const actor = (role: Role, scope: UnitRef, id = 7): Actor => ({ id, role, scope, departmentId: null });

describe("contribution.record", () => {
  it.each([
    ["cadre assigned", actor("cadre", P), { unit: C1, assigned: true }, true],
    ["cadre not assigned", actor("cadre", P), { unit: C1, assigned: false }, false],
    ["cadre assigned but outside scope", actor("cadre", P), { unit: OTHER_C, assigned: true }, false],
    ["cadre assigned, province unit", actor("cadre", P), { unit: P, assigned: true }, false],
    ["leader, even if marked assigned", actor("leader", P), { unit: C1, assigned: true }, false],
    ["department", actor("department", P), { unit: C1, assigned: true }, false],
    ["commune staff of the commune", actor("commune_staff", C1), { unit: C1 }, true],
    ["admin", actor("admin", P), { unit: C1 }, true],
  ] as const)("%s", (_name, a, resource, expected) => expect(can(a, "contribution.record", resource)).toBe(expected));
});

describe("sponsor.contact", () => {
  it.each([
    ["the mobilising cadre, with or without a unit", actor("cadre", P, 7), { mobilisedBy: 7 }, true],
    ["the mobilising cadre on a commune", actor("cadre", P, 7), { unit: C1, mobilisedBy: 7 }, true],
    ["another cadre", actor("cadre", P, 8), { unit: C1, mobilisedBy: 7 }, false],
    ["a cadre on an unmobilised sponsor", actor("cadre", P, 8), { unit: C1, mobilisedBy: null }, false],
    ["staff of a commune concerned", actor("commune_staff", C1), { unit: C1, mobilisedBy: 7 }, true],
    ["staff without a commune", actor("commune_staff", C1), { mobilisedBy: 7 }, false],
    ["province leader", actor("leader", P), { unit: C1, mobilisedBy: 7 }, false],
    ["admin without a unit", actor("admin", P), { mobilisedBy: 7 }, false],
    ["admin of the province", actor("admin", P), { unit: P }, true],
    ["admin of another province", actor("admin", P), { unit: OTHER_C }, false],
  ] as const)("%s", (_name, a, resource, expected) => expect(can(a, "sponsor.contact", resource)).toBe(expected));
});
