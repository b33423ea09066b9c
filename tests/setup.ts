import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { useHashStrengthFor } from "../src/auth/password";

// Idempotent: migrations already applied to this file's database are skipped.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// Test-strength password hashing (ENVIRONMENT=test in vitest.config.ts); auth.test.ts keeps one production-strength login.
useHashStrengthFor(env.ENVIRONMENT);
