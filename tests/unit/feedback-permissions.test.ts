// can() for the feedback loop with the resource facts routes load: an active assignment, the author, the
// department an item is routed to. (tests/unit/permissions.test.ts covers the bare {unit} case.)
import { describe, expect, it } from "vitest";
import { can, type Action, type Actor, type Resource, type UnitRef } from "../../src/domain/permissions";
import type { Role } from "../../src/db/schema";

const P: UnitRef = { id: 1, level: "province", provinceId: null, districtId: null, communeId: null };
const D1: UnitRef = { id: 10, level: "district", provinceId: 1, districtId: null, communeId: null };
const C1: UnitRef = { id: 100, level: "commune", provinceId: 1, districtId: 10, communeId: null };
const C2: UnitRef = { id: 200, level: "commune", provinceId: 1, districtId: 20, communeId: null };
const H1: UnitRef = { id: 1000, level: "hamlet", provinceId: 1, districtId: 10, communeId: 100 };
const Q: UnitRef = { id: 2, level: "province", provinceId: null, districtId: null, communeId: null };

const actor = (id: number, role: Role, scope: UnitRef, departmentId: number | null = null): Actor => ({ id, role, scope, departmentId });
const admin = actor(1, "admin", P);
const leaderP = actor(2, "leader", P);
const leaderD = actor(3, "leader", D1);
const cadre = actor(4, "cadre", P);
const staff = actor(5, "commune_staff", C1);
const dept = actor(6, "department", P, 7);
const otherDept = actor(8, "department", P, 9);

const cases: [string, Actor, Action, Resource, boolean][] = [
  ["assigned cadre logs a visit to the commune", cadre, "visit.log", { unit: C1, assigned: true }, true],
  ["assigned cadre logs a visit to a hamlet", cadre, "visit.log", { unit: H1, assigned: true }, true],
  ["unassigned cadre may not log", cadre, "visit.log", { unit: C1, assigned: false }, false],
  ["assigned but a district is not a visit place", cadre, "visit.log", { unit: D1, assigned: true }, false],
  ["commune staff do not log cadre visits", staff, "visit.log", { unit: C1, assigned: true }, false],
  ["cadre reads visits of an assigned commune", cadre, "visit.view", { unit: C1, assigned: true }, true],
  ["cadre reads the visit they logged after the assignment ended", cadre, "visit.view", { unit: C1, assigned: false, createdBy: 4 }, true],
  ["cadre does not read others' visits elsewhere", cadre, "visit.view", { unit: C2, assigned: false, createdBy: 99 }, false],
  ["departments do not read visits", dept, "visit.view", { unit: C1, departmentId: 7 }, false],
  ["district leader reads visits in the district", leaderD, "visit.view", { unit: C1 }, true],
  ["district leader not outside", leaderD, "visit.view", { unit: C2 }, false],
  ["assigned cadre sends feedback", cadre, "feedback.create", { unit: C1, assigned: true }, true],
  ["unassigned cadre may not send", cadre, "feedback.create", { unit: C1, assigned: false }, false],
  ["commune staff send for their commune", staff, "feedback.create", { unit: C1 }, true],
  ["commune staff not for another commune", staff, "feedback.create", { unit: C2 }, false],
  ["admin does not send feedback", admin, "feedback.create", { unit: C1 }, false],
  ["department sees an item routed to it", dept, "feedback.view", { unit: C1, departmentId: 7 }, true],
  ["another department does not", otherDept, "feedback.view", { unit: C1, departmentId: 7 }, false],
  ["no department sees an unrouted item", dept, "feedback.view", { unit: C1, departmentId: null }, false],
  ["cadre sees the item they wrote", cadre, "feedback.view", { unit: C2, assigned: false, createdBy: 4 }, true],
  ["cadre sees items of assigned communes", cadre, "feedback.view", { unit: C1, assigned: true, createdBy: 5 }, true],
  ["cadre does not see other communes' items", cadre, "feedback.view", { unit: C2, assigned: false, createdBy: 5 }, false],
  ["commune staff see their commune's items", staff, "feedback.view", { unit: C1, createdBy: 4 }, true],
  ["commune staff see their hamlets' items", staff, "feedback.view", { unit: H1 }, true],
  ["commune staff not others'", staff, "feedback.view", { unit: C2 }, false],
  ["province leader reads all", leaderP, "feedback.view", { unit: C2 }, true],
  ["department answers items routed to it", dept, "feedback.answer", { unit: C1, departmentId: 7 }, true],
  ["department cannot answer another's", otherDept, "feedback.answer", { unit: C1, departmentId: 7 }, false],
  ["admin is not the department", admin, "feedback.answer", { unit: C1, departmentId: 7 }, false],
  ["commune staff rate", staff, "feedback.rate", { unit: C1 }, true],
  ["assigned cadre rates", cadre, "feedback.rate", { unit: C1, assigned: true }, true],
  ["author cadre rates after reassignment", cadre, "feedback.rate", { unit: C1, assigned: false, createdBy: 4 }, true],
  ["department does not rate", dept, "feedback.rate", { unit: C1, departmentId: 7 }, false],
  ["admin routes within the province", admin, "feedback.route", { unit: C1 }, true],
  ["admin does not route another province's", admin, "feedback.route", { unit: Q }, false],
  ["leader does not route", leaderP, "feedback.route", { unit: C1 }, false],
  ["department opens its own inbox", dept, "feedback.inbox", { unit: P, departmentId: 7 }, true],
  ["department not another inbox", dept, "feedback.inbox", { unit: P, departmentId: 9 }, false],
  ["admin opens any inbox of the province", admin, "feedback.inbox", { unit: P, departmentId: 9 }, true],
  ["province leader opens inboxes", leaderP, "feedback.inbox", { unit: P, departmentId: 9 }, true],
  ["district leader does not", leaderD, "feedback.inbox", { unit: P, departmentId: 9 }, false],
  ["cadre does not", cadre, "feedback.inbox", { unit: P, departmentId: 9 }, false],
  ["district leader reads the district's report", leaderD, "feedback.report", { unit: D1 }, true],
  ["district leader not the province's", leaderD, "feedback.report", { unit: P }, false],
  ["department no report", dept, "feedback.report", { unit: P }, false],
  ["cadre no coverage report", cadre, "assignment.report", { unit: P }, false],
  ["admin configures", admin, "feedback.configure", { unit: P }, true],
  ["admin manages assignments without a unit", admin, "assignment.manage", {}, true],
  ["leader does not manage assignments", leaderP, "assignment.manage", {}, false],
];

describe("can() for assignments, visits and feedback", () => {
  it.each(cases)("%s", (_name, a, action, resource, expected) => {
    expect(can(a, action, resource)).toBe(expected);
  });

  it("anonymous may do nothing", () => {
    for (const [, , action, resource] of cases) expect(can(null, action, resource)).toBe(false);
  });
});
