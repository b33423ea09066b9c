import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { loggedIn, seededDb } from "../factories";
import { planProvince } from "../../src/domain/units";
import { importProvince } from "../../src/services/units";
import { crossMerger } from "../../src/services/succession";

it("the README's import of two-tier 86 keeps xa.vinhbinh on its checklist and admin on /units/28879 (was 403)", async () => {
  const db = await seededDb();
  await importProvince(db, planProvince(env.UNITS_2026, "86"));
  // npm run units:import of a two-tier province also loads its succession rows (scripts/units-import.ts)
  await crossMerger(db, { units2025Csv: env.UNITS_2025, successionCsv: env.SUCCESSION_2025, province: "86" });
  expect((await (await loggedIn("xa.vinhbinh")).get("/communes/28879/checklist")).status).toBe(200);
  expect((await (await loggedIn("admin")).get("/units/28879")).status).toBe(200);
});
