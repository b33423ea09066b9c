import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      DB: D1Database;
      EVIDENCE: R2Bucket;
      ENVIRONMENT: string;
      TEST_MIGRATIONS: D1Migration[];
      UNITS_2025: string;
      UNITS_2026: string;
      SUCCESSION_2025: string;
    }
  }
}
export {};
