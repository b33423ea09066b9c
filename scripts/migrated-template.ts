// npm run db:template [-- --e2e] — the migrated empty D1 that every fresh local database is copied from
// (scripts/lib/local.ts), made if migrations/ changed since it was last made. With --e2e, then the national browser
// test's two province databases (scripts/lib/national-local.ts provinceSeed, made once, migrated when migrations/
// changed). `npm test` makes the template beside its first phase (the browser tests' apps do not wait for wrangler to
// apply every migration), then the provinces at the lowest CPU priority (scripts/test.mjs).
import { migratedTemplate } from "./lib/local";
import { E2E_PROVINCES, provinceSeed } from "./lib/national-local";

const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
const dir = await migratedTemplate();
console.log(`db:template: ${dir} (${seconds()} s)`);
if (process.argv.includes("--e2e")) {
  const seeds = await Promise.all(E2E_PROVINCES.map((code) => provinceSeed(code)));
  console.log(`db:template: the national browser test's provinces ${seeds.join(", ")} (${seconds()} s)`);
}
