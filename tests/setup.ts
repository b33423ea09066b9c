import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Idempotent: migrations already applied to this file's database are skipped.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
