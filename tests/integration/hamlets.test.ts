// Issue 21 "xã nắm tới hộ": commune users follow the commune's hamlets (assignments with history), the hamlet
// coverage view (nobody / last visit), visits to a hamlet by the commune's staff and by an assigned commune cadre.
import { and, eq } from "drizzle-orm";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { assignments, auditLog, units, visits } from "../../src/db/schema";
import { hashPassword } from "../../src/auth/password";
import { vnDateOf } from "../../src/domain/clock";
import { formatDate } from "../../src/domain/format";
import { DEMO_PASSWORD, loggedIn, seededDb, testDb } from "../factories";

const VB = "28879";
const today = () => vnDateOf(new Date().toISOString());
let hamletIds: Record<string, number> = {};
let communeCadre = 0;

/** A commune cadre of Vĩnh Bình (role cadre, scope the commune): the fixture has none. */
async function addCommuneUser(username: string, role: "cadre" | "commune_staff", unitCode: string): Promise<number> {
  const hashed = await hashPassword(DEMO_PASSWORD, 1000);
  await env.DB.prepare(
    "insert into users (username, display_name, password_hash, password_salt, password_iterations, role, unit_id) select ?, ?, ?, ?, ?, ?, id from units where code = ? and level = 'commune' and valid_to is null",
  )
    .bind(username, `Lê Thị ${username}`, hashed.hash, hashed.salt, hashed.iterations, role, unitCode)
    .run();
  return ((await env.DB.prepare("select id from users where username = ?").bind(username).first()) as { id: number }).id;
}

beforeAll(async () => {
  await seededDb();
  const rows = await testDb().select({ id: units.id, code: units.code }).from(units).where(eq(units.level, "hamlet")).all();
  hamletIds = Object.fromEntries(rows.map((r) => [r.code, r.id]));
  communeCadre = await addCommuneUser("xa.vinhbinh.canbo", "cadre", VB);
});

const assign = (hamlet: string, userId = communeCadre) => ({ userId: String(userId), hamletId: String(hamletIds[hamlet]), role: "Cán bộ phụ trách ấp", periodFrom: formatDate(today()), periodTo: "" });

describe("hamlet assignments by the commune's staff", () => {
  it("xa.vinhbinh assigns two hamlets to a commune cadre: coverage, history and audit follow", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    const before = await (await xa.get(`/communes/${VB}/hamlets`)).text();
    expect(before).toContain("5</strong> chưa có người theo dõi");
    for (const h of ["28879-01", "28879-02"]) {
      const res = await xa.post(`/communes/${VB}/hamlets/assignments`, assign(h));
      expect(res.status).toBe(303);
    }
    const page = await (await xa.get(`/communes/${VB}/hamlets`)).text();
    expect(page).toContain("3</strong> chưa có người theo dõi");
    expect(page).toContain("Lê Thị xa.vinhbinh.canbo");
    const rows = await testDb().select().from(assignments).where(eq(assignments.cadreId, communeCadre)).all();
    expect(rows.map((r) => r.unitId).sort()).toEqual([hamletIds["28879-01"], hamletIds["28879-02"]].sort());
    const audits = await testDb().select().from(auditLog).where(and(eq(auditLog.action, "assignment.create"), eq(auditLog.entityId, `${communeCadre}/28879-01`))).all();
    expect(audits).toHaveLength(1);
    // The same hamlet again in an overlapping period: refused.
    const again = await xa.post(`/communes/${VB}/hamlets/assignments`, assign("28879-01"));
    expect(again.status).toBe(422);
    expect(await again.text()).toContain("đang được phân công theo dõi ấp này");
  });

  it("refuses a user outside the commune, a hamlet of another commune, and anyone but the commune's staff or admin", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    const canboId = ((await env.DB.prepare("select id from users where username = 'canbo'").first()) as { id: number }).id;
    const outside = await xa.post(`/communes/${VB}/hamlets/assignments`, assign("28879-03", canboId));
    expect(outside.status).toBe(422);
    expect(await outside.text()).toContain("Chỉ cán bộ, công chức của xã");
    const foreign = await xa.post(`/communes/${VB}/hamlets/assignments`, assign("29116-01"));
    expect(foreign.status).toBe(422);
    expect(await foreign.text()).toContain("Ấp, khu phố không thuộc xã này.");
    for (const user of ["canbo", "lanhdao", "huyen.cholach", "so.nongnghiep"]) {
      const res = await (await loggedIn(user)).post(`/communes/${VB}/hamlets/assignments`, assign("28879-03"));
      expect(res.status, user).toBe(403);
    }
    // Another commune's staff cannot assign Vĩnh Bình's hamlets either.
    await addCommuneUser("xa.myhoa", "commune_staff", "29116");
    const other = await (await loggedIn("xa.myhoa")).post(`/communes/${VB}/hamlets/assignments`, assign("28879-03"));
    expect(other.status).toBe(403);
  });

  it("a visit to a hamlet (by the commune staff, and by the assigned commune cadre) shows as its last visit", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    const form = { visitDate: formatDate(today()), participants: "Cán bộ xã", metWith: "Ban nhân dân ấp", summary: "Nắm tình hình hộ nghèo.", concerns: "Đường ấp ngập mùa mưa" };
    const visitForm = await xa.get(`/communes/${VB}/visits/new`);
    expect(visitForm.status).toBe(200);
    const own = await xa.post(`/communes/${VB}/visits`, { ...form, place: "28879-03" });
    expect(own.status).toBe(303);
    // Commune staff visit hamlets, not "the whole commune".
    const whole = await xa.post(`/communes/${VB}/visits`, { ...form, place: VB });
    expect(whole.status).toBe(422);
    const cadre = await loggedIn("xa.vinhbinh.canbo");
    const mine = await cadre.post(`/communes/${VB}/visits`, { ...form, place: "28879-01" });
    expect(mine.status).toBe(303);
    const notMine = await cadre.post(`/communes/${VB}/visits`, { ...form, place: "28879-04" });
    expect(notMine.status).toBe(422);
    const page = await (await xa.get(`/communes/${VB}/hamlets`)).text();
    const row = (code: string) => page.slice(page.indexOf(`id="hamlet-${code}"`), page.indexOf("</tr>", page.indexOf(`id="hamlet-${code}"`)));
    expect(row("28879-01")).toContain(formatDate(today()));
    expect(row("28879-03")).toContain(formatDate(today()));
    expect(row("28879-04")).toContain("Chưa có");
    // The visit's concern routes as today: the commune staff may turn it into feedback from the visit page.
    const id = Number(/\/visits\/(\d+)$/.exec(own.headers.get("Location")!)![1]);
    const visit = await (await xa.get(`/visits/${id}`)).text();
    expect(visit).toContain("Chuyển thành phản ánh");
    const v = (await testDb().select().from(visits).where(eq(visits.id, id)).get())!;
    expect(v.unitId).toBe(hamletIds["28879-03"]);
  });

  it("the cadre's board lists the commune cadre's hamlets; ending an assignment keeps it in the history", async () => {
    const cadre = await loggedIn("xa.vinhbinh.canbo");
    const board = await (await cadre.get("/me/communes")).text();
    expect(board).toContain("Ấp Vĩnh Thạnh");
    const xa = await loggedIn("xa.vinhbinh");
    const row = (await testDb().select().from(assignments).where(and(eq(assignments.cadreId, communeCadre), eq(assignments.unitId, hamletIds["28879-02"]))).get())!;
    const stale = await xa.post(`/communes/${VB}/hamlets/assignments/${row.id}/end`, { periodTo: formatDate(today()), version: String(row.version + 1) });
    expect(stale.status).toBe(409);
    const end = await xa.post(`/communes/${VB}/hamlets/assignments/${row.id}/end`, { periodTo: formatDate(today()), version: String(row.version) });
    expect(end.status).toBe(303);
    const ended = (await testDb().select().from(assignments).where(eq(assignments.id, row.id)).get())!;
    expect(ended.periodTo).toBe(today());
    const page = await (await xa.get(`/communes/${VB}/hamlets`)).text();
    expect(page).toContain(`Lê Thị xa.vinhbinh.canbo — Ấp Vĩnh Hiệp (Cán bộ phụ trách ấp): ${formatDate(today())} – ${formatDate(today())}`);
    // An assignment of another commune cannot be ended from here.
    const foreign = (await testDb().select().from(assignments).where(eq(assignments.unitId, (await testDb().select().from(units).where(eq(units.code, "29116")).get())!.id)).get());
    if (foreign) expect((await xa.post(`/communes/${VB}/hamlets/assignments/${foreign.id}/end`, { periodTo: formatDate(today()), version: String(foreign.version) })).status).toBe(404);
  });

  it("leaders and the province's cadre see the coverage; the department does not", async () => {
    for (const [user, status] of [["lanhdao", 200], ["canbo", 200], ["huyen.cholach", 200], ["so.nongnghiep", 403], ["xa.myhoa", 403]] as const) {
      const res = await (await loggedIn(user)).get(`/communes/${VB}/hamlets`);
      expect(res.status, user).toBe(status);
      if (status === 200) expect(await res.text()).not.toContain('action="/communes/28879/hamlets/assignments"');
    }
  });
});

describe("hamlet assignments: a double tap", () => {
  it("a double tap on “Phân công” records one assignment: the form's one-time key replays the first answer", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    const key = /name="_key" value="([^"]+)"/.exec(await (await xa.get(`/communes/${VB}/hamlets`)).text())?.[1] ?? "";
    expect(key).toMatch(/^[\w-]{20,}$/);
    const form = { ...assign("28879-04"), _key: key };
    const [first, second] = [await xa.post(`/communes/${VB}/hamlets/assignments`, form), await xa.post(`/communes/${VB}/hamlets/assignments`, form)];
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.headers.get("X-Form-Replay")).toBe("1");
    const rows = await testDb().select().from(assignments).where(and(eq(assignments.cadreId, communeCadre), eq(assignments.unitId, hamletIds["28879-04"]))).all();
    expect(rows).toHaveLength(1);
  });
});
