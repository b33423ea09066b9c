// Starts the app exactly as the README's quick start does (scripts/start.ts), on a free port with a
// fresh --persist-to directory, and one Chromium for every test file (both at once); kills the app's whole
// process group and closes the browser at the end.
import { chromium, type BrowserServer } from "playwright-core";
import type { TestProject } from "vitest/node";
import { startApp, type Server } from "../../scripts/lib/bench";
import { CHROMIUM } from "./browser";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    browserWsEndpoint: string;
  }
}

let server: Server | undefined;
let browser: BrowserServer | undefined;

export async function setup(project: TestProject) {
  const t0 = Date.now();
  const since = (label: string) => <T>(value: T) => (console.log(`e2e setup: ${label} in ${((Date.now() - t0) / 1000).toFixed(1)} s`), value);
  // E2E_BASE_URL: run against an app you already started (while writing tests); otherwise a fresh one.
  const external = process.env.E2E_BASE_URL;
  const [app, chrome] = await Promise.allSettled([
    external ? Promise.resolve({ baseUrl: external, stop: () => {} }) : startApp().then(since("app ready")),
    chromium.launchServer(CHROMIUM).then(since("Chromium ready")),
  ]);
  if (app.status === "fulfilled") server = app.value;
  if (chrome.status === "fulfilled") browser = chrome.value;
  if (app.status === "rejected" || chrome.status === "rejected") {
    await teardown();
    throw app.status === "rejected" ? app.reason : (chrome as PromiseRejectedResult).reason;
  }
  project.provide("baseUrl", server!.baseUrl);
  project.provide("browserWsEndpoint", browser!.wsEndpoint());
}

export async function teardown() {
  server?.stop();
  await browser?.close();
}
