import type { D1Meter, Db } from "./db/client";
import type { SessionUser } from "./auth/sessions";
import type { ConsumerConfig } from "./services/deliver";
import type { NotifyMessage } from "./services/outbox";
import type { TokenScope } from "./services/api-tokens";

export type Bindings = ConsumerConfig & {
  /** Reaching people (issue 18): the delivery queue and its dead-letter queue (wrangler.toml). */
  NOTIFY_QUEUE: Queue<NotifyMessage>;
  NOTIFY_DLQ: Queue<NotifyMessage>;
  DB: D1Database;
  /** Evidence files: private R2 bucket, keys "sha256/<hex>". */
  EVIDENCE: R2Bucket;
  /** "production" turns on Secure cookies, HSTS and refuses demo accounts. */
  ENVIRONMENT?: string;
  /** SSO (issue 19): Cloudflare Access team domain ("https://<team>.cloudflareaccess.com") and application audience tag; both set = SSO on. */
  ACCESS_ISSUER?: string;
  ACCESS_AUD?: string;
  /** The team's keys (default `${ACCESS_ISSUER}/cdn-cgi/access/certs`). */
  ACCESS_JWKS_URL?: string;
  /** Optional service binding the keys are fetched through (tests, local). */
  ACCESS_JWKS?: Fetcher;
  /** "true": admin pages need a valid Access assertion naming the logged-in account. */
  ADMIN_REQUIRE_SSO?: string;
  /** "national": this deployment pulls the registered provinces on its cron and serves /national (issue 19). */
  MODE?: string;
};

export type Variables = {
  db: Db;
  meter: D1Meter;
  /** The logged-in user, or null for anonymous requests. */
  user: SessionUser | null;
  /** Token every state-changing form and htmx request must send back. */
  csrfToken: string;
  now: Date;
  /** /api/v1 requests (issue 19): the bearer token's scope; `user` is then the account the token acts as. */
  apiToken?: TokenScope;
  /** The e-mail of a valid Cloudflare Access assertion on this request (SSO), if any. */
  ssoEmail?: string;
};

export type AppEnv = { Bindings: Bindings; Variables: Variables };
