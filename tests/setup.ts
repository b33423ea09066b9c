import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { useHashStrengthFor } from "../src/auth/password";
import { forgetIsolateCaches } from "../src/services/isolate-caches";

// The test files share one workerd isolate and its storage (isolate: false: a Miniflare per file cost most of
// the run), so each file starts from an empty database, an empty bucket and nothing cached in the isolate.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await letQueuedDeliveriesFinish(env.DB);
await emptyDatabase(env.DB);
await emptyBucket(env.EVIDENCE);
forgetIsolateCaches();

// Test-strength password hashing (ENVIRONMENT=test in vitest.config.ts); auth.test.ts keeps one production-strength login.
useHashStrengthFor(env.ENVIRONMENT);

/** Every row of every table but the migrations log, in one transaction; ids restart as in a new database. */
async function emptyDatabase(db: D1Database): Promise<void> {
  const { results } = await db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations'")
    .all<{ name: string }>();
  const hasSequence = (await db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").first()) !== null;
  await db.batch([
    db.prepare("PRAGMA defer_foreign_keys = true"),
    ...results.map(({ name }) => db.prepare(`DELETE FROM "${name}"`)),
    ...(hasSequence ? [db.prepare("DELETE FROM sqlite_sequence")] : []),
  ]);
}

/**
 * A file that ended with notifications in the queue would see its consumer write their delivery log into the next
 * file's database (the queue delivers as soon as a message is sent: vitest.config.ts drops wrangler.toml's 1 s batch
 * window for tests): wait until the log stops growing.
 */
async function letQueuedDeliveriesFinish(db: D1Database): Promise<void> {
  const queued = await db.prepare("SELECT count(*) AS n FROM outbox WHERE enqueued_at IS NOT NULL").first<number>("n");
  if (!queued) return;
  const logged = () => db.prepare("SELECT count(*) AS n FROM deliveries").first<number>("n");
  for (let before = await logged(), round = 0; round < 5; round++) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = await logged();
    if (after === before) return;
    before = after;
  }
}

async function emptyBucket(bucket: R2Bucket): Promise<void> {
  for (let listed = await bucket.list(); listed.objects.length; listed = await bucket.list()) {
    await bucket.delete(listed.objects.map((o) => o.key));
  }
}
