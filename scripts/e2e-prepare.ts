// What the browser tests would otherwise make first, made by `npm test` beside its first phase (the typecheck and the
// workers tests leave a core idle part of the time): the migrated empty local D1 the e2e apps start from
// (scripts/lib/local.ts) and the national e2e test's province seeds (scripts/lib/national-local.ts). Both are kept
// under .wrangler and made again only when migrations/ changes.
import { migratedTemplate } from "./lib/local";
import { E2E_PROVINCES, provinceSeed } from "./lib/national-local";

await migratedTemplate();
await Promise.all(E2E_PROVINCES.map((code) => provinceSeed(code)));
