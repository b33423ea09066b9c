// npm run db:template — the migrated empty D1 that every fresh local database is copied from (scripts/lib/local.ts),
// made if migrations/ changed since it was last made. `npm test` makes it beside its first phase, so the browser
// tests' apps do not wait for wrangler to apply every migration.
import { migratedTemplate } from "./lib/local";

const started = Date.now();
const dir = await migratedTemplate();
console.log(`db:template: ${dir} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
