// A set exported to XLSX from one database and re-imported into an EMPTY database is identical.
// This file's database is fresh and NOT demo-seeded: only a province row and one admin account are created here.
// The XLSX bytes are the fixture built from data/criteria-sets/qd318-2022-xa.json with setToRows + rowsToXlsx —
// criteria-admin.test.ts asserts that the HTTP export of the seeded database equals these same bytes.
import { count } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { loggedIn, testDb } from "../factories";
import { auditLog, criteriaSets, indicatorTargets, units, users } from "../../src/db/schema";
import qd318 from "../../data/criteria-sets/qd318-2022-xa.json";
import { criteriaSetSchema } from "../../src/domain/criteria-format";
import { setToRows } from "../../src/domain/criteria-sheet";
import { rowsToXlsx } from "../../src/domain/criteria-sheet-formats";
import { hashPassword } from "../../src/auth/password";
import { exportSet, findSetByCode } from "../../src/services/criteria-sets";
import { DEMO_PASSWORD } from "../../src/demo/fixture";

const QD318 = criteriaSetSchema.parse(qd318);

beforeAll(async () => {
  const db = testDb();
  // An empty database: no sets, no units, no users.
  expect((await db.select({ n: count() }).from(criteriaSets).get())!.n).toBe(0);
  expect((await db.select({ n: count() }).from(users).get())!.n).toBe(0);
  const [province] = await db
    .insert(units)
    .values({ code: "83", name: "Tỉnh Bến Tre", nameFolded: "tinh ben tre", kind: "tinh", level: "province", tiers: 3, region: "DBSCL", validFrom: "2025-03-01" })
    .returning();
  const hashed = await hashPassword(DEMO_PASSWORD, 1000);
  await db.insert(users).values({
    username: "admin",
    displayName: "Quản trị thử",
    passwordHash: hashed.hash,
    passwordSalt: hashed.salt,
    passwordIterations: hashed.iterations,
    role: "admin",
    unitId: province.id,
  });
});

describe("XLSX into an empty database", () => {
  it("imports the exported XLSX through the upload route and exports exactly the original set", async () => {
    const db = testDb();
    const admin = await loggedIn("admin");
    const bytes = rowsToXlsx(setToRows(QD318));

    // Dry run first: nothing is written.
    const dry = new FormData();
    dry.set("_csrf", admin.csrf);
    dry.set("scope", "national");
    dry.set("dryRun", "1");
    dry.set("file", new File([bytes], "bo-tieu-chi-QD318-2022-XA.xlsx"));
    const checked = await admin.fetch("/admin/criteria/upload", { method: "POST", body: dry });
    expect(checked.status).toBe(200);
    expect(await checked.text()).toContain("hợp lệ, chưa lưu gì");
    expect((await db.select({ n: count() }).from(criteriaSets).get())!.n).toBe(0);

    const form = new FormData();
    form.set("_csrf", admin.csrf);
    form.set("scope", "national");
    form.set("file", new File([bytes], "bo-tieu-chi-QD318-2022-XA.xlsx"));
    const res = await admin.fetch("/admin/criteria/upload", { method: "POST", body: form });
    expect(res.status).toBe(303);
    const set = (await findSetByCode(db, "QD318-2022-XA"))!;
    expect(res.headers.get("Location")).toBe(`/admin/criteria/${set.id}?loaded=1`);
    expect(set.provinceId).toBeNull();

    expect(await exportSet(db, set.id)).toEqual(QD318);
    expect(JSON.stringify(await exportSet(db, set.id))).toBe(JSON.stringify(QD318));
    expect((await db.select({ n: count() }).from(indicatorTargets).get())!.n).toBe(395);
    const audit = await db.select().from(auditLog).all();
    expect(audit.filter((a) => a.entity === "criteria_set").map((a) => [a.action, a.entityId, a.actorId])).toEqual([["criteria_set.load", "QD318-2022-XA", 1]]);

    // And back out through the HTTP export: the same bytes.
    const again = await admin.get(`/admin/criteria/${set.id}/export/xlsx`);
    expect(Buffer.from(await again.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });
});
