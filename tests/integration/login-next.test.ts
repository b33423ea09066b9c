// Issue 17, finding 4: `/login?next=%2F%09%2Fevil.example%2Fphish` ended at http://evil.example/phish in Chromium
// (browsers drop the tab: "//evil.example"), and a `next` with CR or LF gave a 500 after the session was created.
import { beforeAll, describe, expect, it } from "vitest";
import { Client, csrfFrom, seededDb } from "../factories";

beforeAll(async () => {
  await seededDb();
}, 60_000);

const PAYLOADS: [string, string][] = [
  ["tab after the slash", "/\t/evil.example/phish"],
  ["newline after the slash", "/\n/evil.example/phish"],
  ["CR LF header injection", "/units/83\r\nSet-Cookie: x=1"],
  ["LF", "/units/83\nx"],
  ["CR", "/units/83\rx"],
  ["backslash", "/\\evil.example/phish"],
  ["protocol-relative", "//evil.example/phish"],
  ["absolute", "https://evil.example/phish"],
];

describe("login `next`", () => {
  it.each(PAYLOADS)("%s: 303 to / after login, never elsewhere or 500", async (_name, next) => {
    const client = new Client();
    client.csrf = csrfFrom(await (await client.get(`/login?next=${encodeURIComponent(next)}`)).text());
    const res = await client.post("/login", { username: "admin", password: "demo-ntm-2026", next });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/");
  });

  it("the login page never carries an unsafe next into its form", async () => {
    const res = await new Client().get("/login?next=%2F%09%2Fevil.example%2Fphish");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('name="next" value="/"');
  });

  it("keeps a same-site path", async () => {
    const client = new Client();
    client.csrf = csrfFrom(await (await client.get("/login?next=%2Funits%2F83")).text());
    const res = await client.post("/login", { username: "admin", password: "demo-ntm-2026", next: "/units/83" });
    expect(res.headers.get("Location")).toBe("/units/83");
  });
});
