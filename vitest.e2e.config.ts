// Browser tests: Debian's Chromium driven by playwright-core against `npm start` on a fresh local D1.
import { configDefaults, defineConfig } from "vitest/config";
import { slowestFirst } from "./tests/sequencer";

/** The slowest files first: the two workers end together instead of one running the national deployments alone. */
const SEQUENCER = slowestFirst(["national", "phone", "evidence-files", "recognition", "progress", "field-forms"]);

export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    // E2E_EXCLUDE: a file another run covers (npm test runs the national file in a lane of its own: scripts/test.mjs).
    exclude: [...configDefaults.exclude, ...(process.env.E2E_EXCLUDE ? [process.env.E2E_EXCLUDE] : [])],
    globalSetup: ["./tests/e2e/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two files at a time (E2E_APPS), each worker on its own app (global-setup.ts): the browser mostly waits on the
    // network. Against an app you started (E2E_BASE_URL), one file at a time; E2E_APPS=0 (files that start their own
    // apps, as the national one does) starts none and one browser.
    maxWorkers: process.env.E2E_BASE_URL ? 1 : Math.max(1, Number(process.env.E2E_APPS ?? 2)),
    // A worker imports playwright and the helpers once for all its files (each file keeps its own module state).
    isolate: false,
    // Retrying assertions: expect.poll(() => locator.textContent()) re-reads until it matches or times out.
    expect: { poll: { timeout: 10_000, interval: 100 } },
    sequence: { sequencer: SEQUENCER },
  },
});
