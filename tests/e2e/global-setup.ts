// Starts the app exactly as the README's quick start does (scripts/start.ts), on a free port with a
// fresh --persist-to directory, and kills its whole process group at the end.
import type { TestProject } from "vitest/node";
import { startApp, type Server } from "../../scripts/lib/bench";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

let server: Server | undefined;

export async function setup(project: TestProject) {
  // E2E_BASE_URL: run against an app you already started (while writing tests); otherwise a fresh one.
  if (process.env.E2E_BASE_URL) return project.provide("baseUrl", process.env.E2E_BASE_URL);
  server = await startApp();
  project.provide("baseUrl", server.baseUrl);
}

export async function teardown() {
  server?.stop();
}
