import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { PBKDF2_ITERATIONS, TEST_PBKDF2_ITERATIONS, hashPassword, verifyPassword } from "../../src/auth/password";
import { units, users } from "../../src/db/schema";
import { Client, csrfFrom, loggedIn, seededDb, testDb } from "../factories";

beforeAll(async () => {
  await seededDb();
});

describe("login and logout", () => {
  it("logs in with the demo password, sets an HttpOnly SameSite=Lax cookie and shows the home page", async () => {
    const client = new Client();
    const page = await client.get("/login");
    expect(page.status).toBe(200);
    client.csrf = csrfFrom(await page.text());
    const res = await client.post("/login", { username: "xa.vinhbinh", password: "demo-ntm-2026" });
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("ntm_session="))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // not production
    const home = await client.get("/");
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain("Cán bộ xã Vĩnh Bình");
    expect(html).toContain("Xã Vĩnh Bình");
  });

  it("rotates the session id on login: the old cookie no longer works", async () => {
    const client = await loggedIn("canbo");
    const first = client.cookies.get("ntm_session")!;
    // Logging in again from the same browser (e.g. a fixated cookie) must issue a new id.
    expect((await client.post("/login", { username: "canbo", password: "demo-ntm-2026" })).status).toBe(303);
    const second = client.cookies.get("ntm_session")!;
    expect(second).not.toBe(first);
    const stale = new Client();
    stale.cookies.set("ntm_session", first);
    const res = await stale.get("/me/password");
    expect(res.status).toBe(302);
  });

  it("refuses a wrong password with a Vietnamese message and no session", async () => {
    const client = new Client();
    const res = await client.login("admin", "sai-mat-khau-1");
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("Tên đăng nhập hoặc mật khẩu không đúng.");
    expect(client.cookies.has("ntm_session")).toBe(false);
  });

  it("answers an empty login with 422 and messages for both fields", async () => {
    const client = new Client();
    client.csrf = csrfFrom(await (await client.get("/login")).text());
    const res = await client.post("/login", { username: "", password: "" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Vui lòng nhập tên đăng nhập.");
    expect(html).toContain("Vui lòng nhập mật khẩu.");
  });

  it("answers a 10 KB username with 422 and a Vietnamese message", async () => {
    const client = new Client();
    client.csrf = csrfFrom(await (await client.get("/login")).text());
    const res = await client.post("/login", { username: "a".repeat(10_240), password: "x" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Tên đăng nhập quá dài");
  });

  it("rejects a login POST without the CSRF token", async () => {
    const client = new Client();
    await client.get("/login");
    const res = await client.post("/login", { username: "admin", password: "demo-ntm-2026" }, { csrf: null });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("yêu cầu không hợp lệ");
  });

  it("rejects a logged-in POST with another session's token", async () => {
    const a = await loggedIn("admin");
    const b = await loggedIn("lanhdao");
    const res = await a.post("/logout", {}, { csrf: b.csrf });
    expect(res.status).toBe(403);
    expect((await a.get("/")).status).toBe(200); // still logged in
  });

  it("logs out: the session is deleted server-side", async () => {
    const client = await loggedIn("lanhdao");
    const token = client.cookies.get("ntm_session")!;
    const res = await client.post("/logout", {});
    expect(res.status).toBe(303);
    const replay = new Client();
    replay.cookies.set("ntm_session", token);
    expect((await replay.get("/me/password")).status).toBe(302);
  });

  it("sends anonymous visitors to the login page", async () => {
    const res = await new Client().get("/units/83");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?next=%2Funits%2F83");
  });

  it("does not redirect off-site after login", async () => {
    const client = new Client();
    client.csrf = csrfFrom(await (await client.get("/login")).text());
    const res = await client.post("/login", { username: "admin", password: "demo-ntm-2026", next: "//evil.example/x" });
    expect(res.headers.get("Location")).toBe("/");
  });

  it("puts rows read and D1 time in Server-Timing", async () => {
    const client = await loggedIn("admin");
    const res = await client.get("/units/83");
    expect(res.headers.get("Server-Timing")).toMatch(/d1;dur=\d+(\.\d+)?;desc="rows=[1-9]\d* written=0"/);
  });
});

describe("password hashing strength", () => {
  it("the suite hashes at test strength (ENVIRONMENT=test): the demo accounts carry the low count", async () => {
    const rows = await testDb().select({ iterations: users.passwordIterations }).from(users).all();
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.iterations))).toEqual(new Set([TEST_PBKDF2_ITERATIONS]));
  });

  it("a production-strength (100,000-iteration) hash round-trips and logs in", async () => {
    const db = testDb();
    const hashed = await hashPassword("Mat-khau-that-2026", PBKDF2_ITERATIONS);
    expect(hashed.iterations).toBe(100_000);
    expect(await verifyPassword("Mat-khau-that-2026", hashed)).toBe(true);
    expect(await verifyPassword("Mat-khau-sai-2026", hashed)).toBe(false);
    const province = (await db.select().from(units).where(eq(units.code, "83")).get())!;
    await db.insert(users).values({
      username: "that.manh",
      displayName: "Tài khoản mật khẩu mạnh",
      passwordHash: hashed.hash,
      passwordSalt: hashed.salt,
      passwordIterations: hashed.iterations,
      role: "cadre",
      unitId: province.id,
    });
    // Verification reads the count stored with the hash, not the test default (before the throttling tests lock this address).
    expect((await new Client().login("that.manh", "Mat-khau-sai-2026")).status).toBe(401);
    const res = await new Client().login("that.manh", "Mat-khau-that-2026");
    expect(res.status).toBe(303);
  });
});

describe("login throttling (stored in D1)", () => {
  it("locks an account for 15 minutes after 5 failures, with a Vietnamese message, even with the right password", async () => {
    for (let i = 0; i < 5; i++) {
      const res = await new Client().login("huyen.cholach", `sai-${i}`);
      expect(res.status).toBe(401);
    }
    const locked = await new Client().login("huyen.cholach");
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain("Đăng nhập sai quá nhiều lần");
    // Other accounts still log in from the same address…
    expect((await new Client().login("canbo")).status).toBe(303);
  });

  it("locks an address after 20 failures across accounts", async () => {
    let last = 0;
    for (let i = 0; i < 20 && last !== 429; i++) last = (await new Client().login(`khong-co-${i}`, "sai")).status;
    expect(last === 401 || last === 429).toBe(true);
    const res = await new Client().login("canbo");
    expect(res.status).toBe(429);
  });
});
