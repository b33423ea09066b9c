import { describe, expect, it } from "vitest";
import { ACTIONS, can, type Action, type Actor, type UnitRef } from "../../src/domain/permissions";
import { ROLES, type Role } from "../../src/db/schema";

// A small tree: province P → districts D1, D2 → communes C1 (in D1), C2 (in D2) → hamlet H1 (in C1).
const P: UnitRef = { id: 1, level: "province", provinceId: null, districtId: null, communeId: null };
const D1: UnitRef = { id: 10, level: "district", provinceId: 1, districtId: null, communeId: null };
const D2: UnitRef = { id: 20, level: "district", provinceId: 1, districtId: null, communeId: null };
const C1: UnitRef = { id: 100, level: "commune", provinceId: 1, districtId: 10, communeId: null };
const C2: UnitRef = { id: 200, level: "commune", provinceId: 1, districtId: 20, communeId: null };
const H1: UnitRef = { id: 1000, level: "hamlet", provinceId: 1, districtId: 10, communeId: 100 };
const OTHER: UnitRef = { id: 2, level: "province", provinceId: null, districtId: null, communeId: null };
const UNITS = { P, D1, D2, C1, C2, H1, OTHER };

const actor = (role: Role, scope: UnitRef): Actor => ({ id: 1, role, scope, departmentId: role === "department" ? 5 : null });

// Each role at its typical scope.
const ACTORS: Record<string, Actor> = {
  "admin@P": actor("admin", P),
  "leader@P": actor("leader", P),
  "leader@D1": actor("leader", D1),
  "cadre@P": actor("cadre", P),
  "commune_staff@C1": actor("commune_staff", C1),
  "department@P": actor("department", P),
};

// Units each actor may open (unit.view: own subtree + ancestors) and read data of (own subtree).
const VIEW: Record<string, string[]> = {
  "admin@P": ["P", "D1", "D2", "C1", "C2", "H1"],
  "leader@P": ["P", "D1", "D2", "C1", "C2", "H1"],
  "leader@D1": ["P", "D1", "C1", "H1"],
  "cadre@P": ["P", "D1", "D2", "C1", "C2", "H1"],
  "commune_staff@C1": ["P", "D1", "C1", "H1"],
  "department@P": ["P", "D1", "D2", "C1", "C2", "H1"],
};
const DATA: Record<string, string[]> = {
  "admin@P": ["P", "D1", "D2", "C1", "C2", "H1"],
  "leader@P": ["P", "D1", "D2", "C1", "C2", "H1"],
  "leader@D1": ["D1", "C1", "H1"],
  "cadre@P": ["P", "D1", "D2", "C1", "C2", "H1"],
  "commune_staff@C1": ["C1", "H1"],
  "department@P": ["P", "D1", "D2", "C1", "C2", "H1"],
};
const isAdmin = (name: string) => name === "admin@P";

/**
 * Expected answer of can() for every action, actor and unit. A Record over Action: a new action
 * without its row here fails the typecheck.
 */
const EXPECTED: Record<Action, (actor: string, unit: string) => boolean> = {
  "unit.view": (a, u) => VIEW[a].includes(u),
  "unit.viewData": (a, u) => DATA[a].includes(u),
  "user.manage": (a, u) => isAdmin(a) && u !== "OTHER",
  "audit.view": (a) => isAdmin(a),
  "checklist.edit": (a, u) => a === "commune_staff@C1" && u === "C1",
  "criteria.manage": (a, u) => isAdmin(a) && u !== "OTHER",
  "progress.view": (a, u) => (isAdmin(a) || a.startsWith("leader@")) && DATA[a].includes(u),
  "progress.manage": (a, u) => isAdmin(a) && u !== "OTHER",
  "ledger.view": (a, u) => DATA[a].includes(u) && a !== "department@P",
  "contribution.record": (a, u) => (isAdmin(a) && (u === "C1" || u === "C2")) || (a === "commune_staff@C1" && u === "C1"),
  "receipt.record": (a, u) => (isAdmin(a) && (u === "C1" || u === "C2")) || (a === "commune_staff@C1" && u === "C1"),
  "sponsor.contact": (a, u) => (isAdmin(a) && u !== "OTHER") || (a === "commune_staff@C1" && u === "C1"),
  "project.manage": (a, u) => (isAdmin(a) && (u === "C1" || u === "C2")) || (a === "commune_staff@C1" && u === "C1"),
  "fund.manage": (a, u) => isAdmin(a) && (u === "C1" || u === "C2"),
  "sponsor.merge": (a, u) => isAdmin(a) && u !== "OTHER",
  "dossier.prepare": (a, u) => a === "commune_staff@C1" && u === "C1",
  "dossier.review": (a, u) => a === "leader@D1" && u === "C1",
  "dossier.appraise": (a, u) => isAdmin(a) && u !== "OTHER",
  "dossier.decide": (a, u) => a === "leader@P" && u !== "OTHER",
  // Issue 4 with a bare {unit}: no assignment, author or department given (tests/unit/feedback-permissions.test.ts covers those).
  "assignment.manage": (a, u) => isAdmin(a) && u !== "OTHER",
  "assignment.report": (a, u) => (isAdmin(a) || a.startsWith("leader@")) && DATA[a].includes(u),
  // Issue 21: commune staff log visits to their own commune's hamlets.
  "visit.log": (a, u) => a === "commune_staff@C1" && u === "H1",
  "visit.view": (a, u) => a !== "cadre@P" && a !== "department@P" && DATA[a].includes(u),
  "feedback.create": (a, u) => a === "commune_staff@C1" && (u === "C1" || u === "H1"),
  "feedback.view": (a, u) => a !== "cadre@P" && a !== "department@P" && DATA[a].includes(u),
  "feedback.route": (a, u) => isAdmin(a) && u !== "OTHER",
  "feedback.answer": () => false,
  "feedback.rate": (a, u) => a === "commune_staff@C1" && (u === "C1" || u === "H1"),
  "feedback.inbox": (a, u) => (isAdmin(a) || a === "leader@P") && DATA[a].includes(u),
  "feedback.configure": (a, u) => isAdmin(a) && u !== "OTHER",
  "feedback.report": (a, u) => (isAdmin(a) || a.startsWith("leader@")) && DATA[a].includes(u),
  // Issue 21: hamlets and households of a commune. Household rows: the commune's own staff and the admin, nobody else.
  "hamlet.assign": (a, u) => (isAdmin(a) && ["C1", "C2", "H1"].includes(u)) || (a === "commune_staff@C1" && (u === "C1" || u === "H1")),
  "hamlet.view": (a, u) => a !== "department@P" && DATA[a].includes(u),
  "household.access": (a, u) => (isAdmin(a) && ["C1", "C2", "H1"].includes(u)) || (a === "commune_staff@C1" && (u === "C1" || u === "H1")),
  "hamlet.checklist": (a, u) => a === "commune_staff@C1" && u === "H1",
};

describe("can(): every role × action × unit", () => {
  it("covers every role and every action", () => {
    expect(new Set(Object.values(ACTORS).map((a) => a.role))).toEqual(new Set(ROLES));
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
  });

  for (const [name, a] of Object.entries(ACTORS)) {
    for (const [unitName, unit] of Object.entries(UNITS)) {
      for (const action of ACTIONS) {
        it(`${name} ${action} ${unitName}`, () => expect(can(a, action, { unit })).toBe(EXPECTED[action](name, unitName)));
      }
    }
  }

  it("anonymous may do nothing", () => {
    for (const action of ACTIONS) expect(can(null, action, { unit: P })).toBe(false);
  });
});
