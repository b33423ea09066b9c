// Browser tests: Debian's Chromium driven by playwright-core against `npm start` on a fresh local D1.
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The slowest files first (a fresh clone has no timing cache, and vitest then starts the largest files first): the
 * two workers end together instead of one running the national deployments alone at the end (≈ 30 s).
 */
const SLOWEST_FIRST = ["national", "phone", "evidence-files", "recognition", "progress", "field-forms"];
class SlowestFirst extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const i = SLOWEST_FIRST.findIndex((name) => file.moduleId.endsWith(`/${name}.test.ts`));
      return i < 0 ? SLOWEST_FIRST.length : i;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["./tests/e2e/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two files at a time (E2E_APPS), each worker on its own app (global-setup.ts): the browser mostly waits on the
    // network. Against an app you started (E2E_BASE_URL), one file at a time.
    maxWorkers: process.env.E2E_BASE_URL ? 1 : Number(process.env.E2E_APPS ?? 2),
    // Retrying assertions: expect.poll(() => locator.textContent()) re-reads until it matches or times out.
    expect: { poll: { timeout: 10_000, interval: 100 } },
    sequence: { sequencer: SlowestFirst },
  },
});
