// Starts the app exactly as the README's quick start does (scripts/start.ts), once per test worker (E2E_APPS,
// default 2: the files run two at a time, each worker on its own app and database), each on a free port with a
// fresh --persist-to directory, and one Chromium per test worker (a browser's main thread serves all its contexts:
// one shared by both workers held each back); kills the apps' process groups and closes the browsers at the end.
import { writeFileSync } from "node:fs";
import { chromium, type BrowserServer } from "playwright-core";
import type { TestProject } from "vitest/node";
import { startApp, type Server } from "../../scripts/lib/bench";
import { migratedTemplate } from "../../scripts/lib/local";
import { CHROMIUM } from "./browser";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrls: string[];
    browserWsEndpoints: string[];
  }
}

let servers: Server[] = [];
let browsers: BrowserServer[] = [];

export async function setup(project: TestProject) {
  const t0 = Date.now();
  const since = (label: string) => <T>(value: T) => (console.log(`e2e setup: ${label} in ${((Date.now() - t0) / 1000).toFixed(1)} s`), value);
  // E2E_BASE_URL: run against an app you already started (while writing tests); otherwise a fresh one.
  const external = process.env.E2E_BASE_URL;
  const count = external ? 1 : Number(process.env.E2E_APPS ?? 2);
  // The migrated empty database is made once (scripts/lib/local.ts) before the apps start, not by each at once.
  const template = external || count === 0 ? Promise.resolve("") : migratedTemplate().then(since("migrations applied"));
  const starting = external ? [Promise.resolve({ baseUrl: external, stop: () => {} })] : Array.from({ length: count }, () => template.then(() => startApp()));
  const launching = Array.from({ length: Math.max(1, count) }, () => chromium.launchServer(CHROMIUM).then(since("Chromium ready")));
  const chromes = await Promise.allSettled(launching);
  const apps = await Promise.allSettled(starting.map((app) => app.then(since("app ready"))));
  servers = apps.flatMap((app) => (app.status === "fulfilled" ? [app.value as Server] : []));
  browsers = chromes.flatMap((chrome) => (chrome.status === "fulfilled" ? [chrome.value] : []));
  const failed = [...chromes, ...apps].find((result) => result.status === "rejected");
  if (failed) {
    await teardown();
    throw failed.reason;
  }
  // npm test starts its national lane once these apps answer (scripts/test.mjs).
  if (process.env.E2E_READY_FILE) writeFileSync(process.env.E2E_READY_FILE, servers.map((s) => s.baseUrl).join("\n"));
  project.provide("baseUrls", servers.map((s) => s.baseUrl));
  project.provide("browserWsEndpoints", browsers.map((b) => b.wsEndpoint()));
}

export async function teardown() {
  for (const server of servers) server.stop();
  await Promise.all(browsers.map((b) => b.close()));
}
