// After a write request: send what it put in the outbox to the queue, in the request's waitUntil
// (after the response; the daily cron catches anything left behind, e.g. when the queue was down).
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { flushOutbox } from "../services/outbox";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export const outboxFlush: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (SAFE.has(c.req.method) || c.res.status >= 400 || !c.env.NOTIFY_QUEUE) return;
  let ctx: { waitUntil(p: Promise<unknown>): void };
  try {
    ctx = c.executionCtx;
  } catch {
    return; // app.request() without an execution context (tests call flushOutbox themselves)
  }
  ctx.waitUntil(flushOutbox(c.var.db, c.env.NOTIFY_QUEUE, new Date()).catch((error) => console.error("outbox flush failed", error)));
};
