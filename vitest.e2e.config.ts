// Browser tests: Debian's Chromium driven by playwright-core against `npm start` on a fresh local D1.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["./tests/e2e/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two files at a time, each worker on its own app (global-setup.ts): the browser waits on the network most of the time.
    maxWorkers: 2,
    // Retrying assertions: expect.poll(() => locator.textContent()) re-reads until it matches or times out.
    expect: { poll: { timeout: 10_000, interval: 100 } },
  },
});
