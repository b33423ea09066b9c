import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { routeIndex, routesMarkdown, withApiRoutes } from "../../scripts/lib/route-index";

describe("docs/routes.md", () => {
  it("lists every route with its file, as the sources say today (run `npm run routes:doc` after adding one)", async () => {
    const { app } = await import("../../src/index");
    expect(readFileSync("docs/routes.md", "utf8")).toBe(routesMarkdown(withApiRoutes(routeIndex(), app.routes)));
  }, 60_000);
  it("has exactly the routes of the app's own route table (middleware aside)", async () => {
    const { app } = await import("../../src/index");
    const live = new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`));
    expect(new Set(withApiRoutes(routeIndex(), app.routes).map((r) => `${r.method} ${r.path}`))).toEqual(live);
  }, 60_000); // loads every module of the app
  it("knows routes from every mounted sub-app, including nested prefixes", () => {
    const routes = routeIndex();
    expect(routes.find((r) => r.path === "/communes/:code/checklist" && r.method === "GET")?.file).toBe("src/routes/checklist.tsx");
    expect(routes.find((r) => r.path.startsWith("/files") && r.method === "POST")?.file).toBe("src/routes/files.tsx");
    expect(new Set(routes.map((r) => r.file)).size).toBeGreaterThan(25);
  });
});
