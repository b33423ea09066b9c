// Two projects: `unit` runs the pure code (src/domain, templates) in plain Node; `workers` runs the
// integration tests inside workerd with a real D1 (Workers Vitest integration).
import { readFileSync } from "node:fs";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/** Only the rows of the given provinces, so the test bindings stay small. */
function provinceRows(file: string, codes: string[]): string {
  const [header, ...rows] = readFileSync(file, "utf8").split("\n");
  return [header, ...rows.filter((r) => codes.some((code) => r.startsWith(`${code},`)))].join("\n");
}

export default defineConfig({
  test: {
    projects: [
      {
        extends: false,
        test: {
          name: "unit",
          environment: "node",
          isolate: false, // pure code: one worker for all files (no per-file module state to reset)
          include: ["tests/unit/**/*.test.{ts,tsx}"],
        },
      },
      {
        extends: false,
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                ENVIRONMENT: "test",
                TEST_MIGRATIONS: await readD1Migrations("./migrations"),
                UNITS_2025: provinceRows("./data/units-2025-03.csv", ["83", "86"]),
                UNITS_2026: provinceRows("./data/units-2026-07.csv", ["86"]),
              },
            },
          })),
        ],
        test: {
          name: "workers",
          include: ["tests/integration/**/*.test.{ts,tsx}"],
          setupFiles: ["./tests/setup.ts"],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
