import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/index";
import { csrfFrom, seededDb } from "../factories";

beforeAll(async () => {
  await seededDb();
});

describe("ENVIRONMENT=production", () => {
  it("refuses demo accounts and marks cookies Secure", async () => {
    const prodEnv = { ...env, ENVIRONMENT: "production" };
    const page = await app.request("https://ntm.example.gov.vn/login", {}, prodEnv);
    const anon = page.headers.getSetCookie()[0];
    expect(anon).toMatch(/Secure/);
    expect(page.headers.get("Strict-Transport-Security")).toContain("max-age=");
    const res = await app.request(
      "https://ntm.example.gov.vn/login",
      {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: anon.split(";")[0] },
        body: new URLSearchParams({ _csrf: csrfFrom(await page.text()), username: "admin", password: "demo-ntm-2026" }).toString(),
      },
      prodEnv,
    );
    expect(res.status).toBe(401);
    // The generic message: a refusal naming the demo account would confirm that the password was right.
    expect(await res.text()).toContain("Tên đăng nhập hoặc mật khẩu không đúng.");
  });
});
