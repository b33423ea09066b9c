// Starts the app exactly as the README's quick start does (scripts/start.ts), once per test worker (E2E_APPS,
// default 2: the files run two at a time, each worker on its own app and database), each on a free port with a
// fresh --persist-to directory, and one Chromium for every test file (all at once); kills the apps' process
// groups and closes the browser at the end.
import { chromium, type BrowserServer } from "playwright-core";
import type { TestProject } from "vitest/node";
import { startApp, type Server } from "../../scripts/lib/bench";
import { migratedTemplate } from "../../scripts/lib/local";
import { CHROMIUM } from "./browser";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrls: string[];
    browserWsEndpoint: string;
  }
}

let servers: Server[] = [];
let browser: BrowserServer | undefined;

export async function setup(project: TestProject) {
  const t0 = Date.now();
  const since = (label: string) => <T>(value: T) => (console.log(`e2e setup: ${label} in ${((Date.now() - t0) / 1000).toFixed(1)} s`), value);
  // E2E_BASE_URL: run against an app you already started (while writing tests); otherwise a fresh one.
  const external = process.env.E2E_BASE_URL;
  const count = external ? 1 : Number(process.env.E2E_APPS ?? 2);
  // The migrated empty database is made once (scripts/lib/local.ts) before the apps start, not by each at once.
  const template = external ? Promise.resolve("") : migratedTemplate().then(since("migrations applied"));
  const starting = external ? [Promise.resolve({ baseUrl: external, stop: () => {} })] : Array.from({ length: count }, () => template.then(() => startApp()));
  const [chrome, ...apps] = await Promise.allSettled([chromium.launchServer(CHROMIUM).then(since("Chromium ready")), ...starting.map((app) => app.then(since("app ready")))]);
  servers = apps.flatMap((app) => (app.status === "fulfilled" ? [app.value as Server] : []));
  if (chrome.status === "fulfilled") browser = chrome.value as BrowserServer;
  const failed = [chrome, ...apps].find((result) => result.status === "rejected");
  if (failed) {
    await teardown();
    throw failed.reason;
  }
  project.provide("baseUrls", servers.map((s) => s.baseUrl));
  project.provide("browserWsEndpoint", browser!.wsEndpoint());
}

export async function teardown() {
  for (const server of servers) server.stop();
  await browser?.close();
}
