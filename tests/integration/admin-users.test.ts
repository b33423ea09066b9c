import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { Client, loggedIn, seededDb, testDb } from "../factories";
import { auditLog, users } from "../../src/db/schema";

beforeAll(async () => {
  await seededDb();
});

const userByName = (username: string) => testDb().select().from(users).where(eq(users.username, username)).get();

describe("admin user management", () => {
  it("refuses non-admins with 403", async () => {
    for (const name of ["xa.vinhbinh", "lanhdao", "huyen.cholach", "canbo", "so.nongnghiep"]) {
      const client = await loggedIn(name);
      expect((await client.get("/admin/users")).status, name).toBe(403);
      expect((await client.post("/admin/users", { username: "x1" })).status, name).toBe(403);
    }
  });

  it("creates a commune officer with a per-user salt, audited, who can log in", async () => {
    const admin = await loggedIn("admin");
    const res = await admin.post("/admin/users", {
      username: "xa.sondinh",
      displayName: "Cán bộ xã Sơn Định",
      role: "commune_staff",
      unitCode: "28876",
      departmentId: "",
      password: "sondinh-2026-ok",
    });
    expect(res.status).toBe(303);
    const created = (await userByName("xa.sondinh"))!;
    expect(created.passwordSalt).not.toBe((await userByName("admin"))!.passwordSalt);
    expect(created.passwordIterations).toBeLessThanOrEqual(100_000);
    const audit = await testDb().select().from(auditLog).where(eq(auditLog.action, "user.create")).all();
    expect(audit.at(-1)!.entityId).toBe("xa.sondinh");
    const officer = new Client();
    expect((await officer.login("xa.sondinh", "sondinh-2026-ok")).status).toBe(303);
    expect((await officer.get("/units/28876")).status).toBe(200);
    expect((await officer.get("/units/28879")).status).toBe(403);
  });

  it("answers bad input with 422 and Vietnamese messages, keeping what was typed", async () => {
    const admin = await loggedIn("admin");
    const res = await admin.post("/admin/users", { username: "Ông Ba", displayName: "Ông Ba", role: "commune_staff", unitCode: "832", password: "ngan" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Tên đăng nhập 3–64 ký tự");
    expect(html).toContain("Mật khẩu cần ít nhất 10 ký tự");
    expect(html).toContain("Vai trò này chỉ gắn với đơn vị cấp xã");
    expect(html).toContain('value="Ông Ba"');
    const unknown = await admin.post("/admin/users", { username: "abc", displayName: "", role: "leader", unitCode: "99999", password: "matkhau-2026" });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain("Không có đơn vị mã");
    const badRole = await admin.post("/admin/users", { username: "abc", displayName: "", role: "superuser", unitCode: "83", password: "matkhau-2026" });
    expect(badRole.status).toBe(422);
    expect(await badRole.text()).toContain("Vai trò không hợp lệ.");
    const dup = await admin.post("/admin/users", { username: "canbo", displayName: "", role: "cadre", unitCode: "83", password: "matkhau-2026" });
    expect(dup.status).toBe(422);
    expect(await dup.text()).toContain("Tên đăng nhập đã có người dùng.");
  });

  it("changes role and scope with a version check: a stale form gets 409, nothing overwritten", async () => {
    const admin = await loggedIn("admin");
    const target = (await userByName("canbo"))!;
    const form = { displayName: "Cán bộ huyện", role: "cadre", unitCode: "832", departmentId: "", version: String(target.version) };
    expect((await admin.post(`/admin/users/${target.id}`, form)).status).toBe(303);
    const stale = await admin.post(`/admin/users/${target.id}`, { ...form, displayName: "Ghi đè" });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("vừa được người khác sửa");
    const after = (await userByName("canbo"))!;
    expect(after.displayName).toBe("Cán bộ huyện");
    expect(after.version).toBe(target.version + 1);
    const audits = await testDb().select().from(auditLog).where(eq(auditLog.action, "user.update")).all();
    expect(audits.filter((a) => a.entityId === "canbo")).toHaveLength(1); // the lost race wrote no audit row
  });

  it("disables a user: their sessions end and login is refused", async () => {
    const admin = await loggedIn("admin");
    const victim = await loggedIn("so.nongnghiep");
    const id = (await userByName("so.nongnghiep"))!.id;
    expect((await admin.post(`/admin/users/${id}/disable`, {})).status).toBe(303);
    expect((await victim.get("/me/password")).status).toBe(302);
    expect((await new Client().login("so.nongnghiep")).status).toBe(401);
    expect((await admin.post(`/admin/users/${id}/enable`, {})).status).toBe(303);
    expect((await new Client().login("so.nongnghiep")).status).toBe(303);
  });

  it("resets a password: old sessions end, the new password works, weak ones get 422", async () => {
    const admin = await loggedIn("admin");
    const user = await loggedIn("lanhdao");
    const id = (await userByName("lanhdao"))!.id;
    expect((await admin.post(`/admin/users/${id}/password`, { password: "yeu" })).status).toBe(422);
    expect((await admin.post(`/admin/users/${id}/password`, { password: "lanhdao-moi-2026" })).status).toBe(303);
    expect((await user.get("/me/password")).status).toBe(302);
    expect((await new Client().login("lanhdao", "lanhdao-moi-2026")).status).toBe(303);
    await admin.post(`/admin/users/${id}/password`, { password: "demo-ntm-2026x" });
  });

  it("answers an unknown user id with 404", async () => {
    const admin = await loggedIn("admin");
    expect((await admin.get("/admin/users/999999")).status).toBe(404);
    expect((await admin.get("/admin/users/abc")).status).toBe(404);
  });
});
