import { Hono } from "hono";

// Liveness only: touches no database, so it measures the Worker itself.
export const health = new Hono().get("/", (c) => c.text("ok"));
