import { beforeAll, describe, expect, it } from "vitest";
import { loggedIn, seededDb } from "../factories";

beforeAll(async () => {
  await seededDb();
});

// Pages rendered with c.html get their table labels while rendering (src/web/table-cards.ts), once, and the internal
// marker never leaves the app; other HTML responses are still labelled after the handler.
describe("table cards at render time", () => {
  it("labels a c.html page's table cells and wrappers once, without the internal marker", async () => {
    const admin = await loggedIn("admin");
    const res = await admin.get("/admin/sessions");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ntm-tables-labelled")).toBeNull();
    const page = await res.text();
    expect(page).toMatch(/<td data-label="[^"]+"/);
    expect(page).not.toMatch(/data-label="[^"]*" data-label=/);
    expect(page).not.toMatch(/role="region" tabindex="0" aria-label="[^"]*"[^>]*role="region"/);
  });

  it("also on an htmx fragment and an error page", async () => {
    const leader = await loggedIn("lanhdao");
    const missing = await leader.get("/units/99999");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-ntm-tables-labelled")).toBeNull();
    const fragment = await leader.get("/progress/83", true);
    expect(fragment.headers.get("x-ntm-tables-labelled")).toBeNull();
  });
});
