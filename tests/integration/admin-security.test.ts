import { beforeAll, describe, expect, it } from "vitest";
import { Client, csrfFrom, loggedIn, seededDb } from "../factories";

beforeAll(async () => {
  await seededDb();
});

describe("own password change", () => {
  it("refuses a wrong current password and a mismatched confirmation with 422", async () => {
    const user = await loggedIn("canbo");
    const wrong = await user.post("/me/password", { current: "sai-roi-123", password: "matkhau-moi-2026", confirm: "matkhau-moi-2026" });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain("Mật khẩu hiện tại không đúng.");
    const mismatch = await user.post("/me/password", { current: "demo-ntm-2026", password: "matkhau-moi-2026", confirm: "khac-2026-abc" });
    expect(mismatch.status).toBe(422);
    expect(await mismatch.text()).toContain("không khớp");
    const weak = await user.post("/me/password", { current: "demo-ntm-2026", password: "ngan", confirm: "ngan" });
    expect(weak.status).toBe(422);
  });

  it("ends every other session and keeps the user logged in on a fresh one", async () => {
    const here = await loggedIn("canbo");
    const elsewhere = await loggedIn("canbo");
    const oldCookie = here.cookies.get("ntm_session");
    const res = await here.post("/me/password", { current: "demo-ntm-2026", password: "canbo-moi-2026", confirm: "canbo-moi-2026" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Đã đổi mật khẩu");
    expect(here.cookies.get("ntm_session")).not.toBe(oldCookie);
    expect((await here.get("/")).status).toBe(200);
    expect((await elsewhere.get("/me/password")).status).toBe(302);
    expect((await new Client().login("canbo", "canbo-moi-2026")).status).toBe(303);
  });
});

describe("admin: sessions and audit", () => {
  it("lists active sessions and ends one", async () => {
    const admin = await loggedIn("admin");
    const victim = await loggedIn("lanhdao");
    const page = await (await admin.get("/admin/sessions")).text();
    expect(page).toContain("lanhdao");
    const row = page.split("<tr>").find((r) => /<td( data-label="[^"]*")?>lanhdao /.test(r))!;
    const id = /name="id" value="([0-9a-f]{64})"/.exec(row)![1];
    const res = await admin.post("/admin/sessions/end", { id });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Đã kết thúc phiên đăng nhập.");
    expect((await victim.get("/me/password")).status).toBe(302);
    expect((await admin.get("/")).status).toBe(200);
    expect((await admin.post("/admin/sessions/end", { id: "0".repeat(64) })).status).toBe(404);
  });

  it("filters the audit log and exports CSV; non-admins get 403", async () => {
    const admin = await loggedIn("admin");
    const res = await admin.get("/admin/audit?username=admin&action=login");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(">login<");
    expect(html).not.toContain(">logout<");
    const csv = await admin.get("/admin/audit.csv?action=login");
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    const bytes = new Uint8Array(await csv.clone().arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM for Excel
    const text = await csv.text();
    expect(text.startsWith("thoi_gian,nguoi_thuc_hien")).toBe(true);
    expect(text).toContain(",login,");
    expect((await admin.get("/admin/audit?from=31/02/2026")).status).toBe(422);
    const staff = await loggedIn("xa.vinhbinh");
    expect((await staff.get("/admin/audit")).status).toBe(403);
    expect((await staff.get("/admin/audit.csv")).status).toBe(403);
    expect((await staff.get("/admin/sessions")).status).toBe(403);
    void csrfFrom;
  });
});
