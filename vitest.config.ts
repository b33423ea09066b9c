// Unit and integration tests run inside workerd with a real D1 (Workers Vitest integration).
import { readFileSync } from "node:fs";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/** Only the rows of the given provinces, so the test bindings stay small. */
function provinceRows(file: string, codes: string[]): string {
  const [header, ...rows] = readFileSync(file, "utf8").split("\n");
  return [header, ...rows.filter((r) => codes.some((code) => r.startsWith(`${code},`)))].join("\n");
}

export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          ENVIRONMENT: "test",
          TEST_MIGRATIONS: await readD1Migrations("./migrations"),
          UNITS_2025: provinceRows("./data/units-2025-03.csv", ["83", "84", "86"]),
          UNITS_2026: provinceRows("./data/units-2026-07.csv", ["86"]),
          SUCCESSION_2025: provinceRows("./data/succession-2025.csv", ["86"]),
        },
      },
    })),
  ],
  test: {
    include: ["tests/unit/**/*.test.{ts,tsx}", "tests/integration/**/*.test.{ts,tsx}"],
    setupFiles: ["./tests/setup.ts"],
    testTimeout: 30_000,
  },
});
