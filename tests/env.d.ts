import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      DB: D1Database;
      EVIDENCE: R2Bucket;
      NOTIFY_QUEUE: Queue<import("../src/services/outbox").NotifyMessage>;
      NOTIFY_DLQ: Queue<import("../src/services/outbox").NotifyMessage>;
      ENVIRONMENT: string;
      /** The demo as seeded once per run, shared across test files (vitest.config.ts). */
      SEED_CACHE: Fetcher;
      TEST_MIGRATIONS: D1Migration[];
      UNITS_2025: string;
      UNITS_2026: string;
      SUCCESSION_2025: string;
      /** SSO tests (issue 19): the local JWKS endpoint and the private key (JWK JSON) that signs test assertions. */
      ACCESS_JWKS: Fetcher;
      TEST_ACCESS_PRIVATE_JWK: string;
    }
  }
}
export {};
