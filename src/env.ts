import type { D1Meter, Db } from "./db/client";
import type { SessionUser } from "./auth/sessions";
import type { ConsumerConfig } from "./services/deliver";
import type { NotifyMessage } from "./services/outbox";

export type Bindings = ConsumerConfig & {
  /** Reaching people (issue 18): the delivery queue and its dead-letter queue (wrangler.toml). */
  NOTIFY_QUEUE: Queue<NotifyMessage>;
  NOTIFY_DLQ: Queue<NotifyMessage>;
  DB: D1Database;
  /** Evidence files: private R2 bucket, keys "sha256/<hex>". */
  EVIDENCE: R2Bucket;
  /** "production" turns on Secure cookies, HSTS and refuses demo accounts. */
  ENVIRONMENT?: string;
};

export type Variables = {
  db: Db;
  meter: D1Meter;
  /** The logged-in user, or null for anonymous requests. */
  user: SessionUser | null;
  /** Token every state-changing form and htmx request must send back. */
  csrfToken: string;
  now: Date;
};

export type AppEnv = { Bindings: Bindings; Variables: Variables };
