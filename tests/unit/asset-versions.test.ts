import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ASSET_VERSIONS } from "../../templates/asset-versions";
import { asset } from "../../templates/assets";

// Assets are cached for a year (public/_headers), so their URLs must change with their content.
describe("static asset versions", () => {
  it("match the files in public/ (run `npm run assets:versions` after editing one)", () => {
    for (const [path, version] of Object.entries(ASSET_VERSIONS)) {
      const hash = createHash("sha256").update(readFileSync(`public${path}`)).digest("hex").slice(0, 10);
      expect(version, path).toBe(hash);
    }
  });

  it("every cached path in public/_headers is one the helper versions", () => {
    const headers = readFileSync("public/_headers", "utf8");
    expect(headers).toContain("Cache-Control: public, max-age=31536000, immutable");
    for (const path of Object.keys(ASSET_VERSIONS)) expect(headers.includes(path) || (path.startsWith("/vendor/") && headers.includes("/vendor/*")), path).toBe(true);
    expect(asset("/app.css")).toBe(`/app.css?v=${ASSET_VERSIONS["/app.css"]}`);
  });
});
