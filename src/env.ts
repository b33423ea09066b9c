import type { D1Meter, Db } from "./db/client";
import type { SessionUser } from "./auth/sessions";
import type { TokenScope } from "./services/api-tokens";

export type Bindings = {
  DB: D1Database;
  /** Evidence files (issue 13): private R2 bucket, keys "sha256/<hex>". */
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
  /** /api/v1 requests (issue 19): the bearer token's scope; `user` is then the account the token acts as. */
  apiToken?: TokenScope;
};

export type AppEnv = { Bindings: Bindings; Variables: Variables };
