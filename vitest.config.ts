// Two projects: `unit` runs the pure code (src/domain, templates) in plain Node; `workers` runs the
// integration tests inside workerd with a real D1 (Workers Vitest integration).
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { slowestFirst } from "./tests/sequencer";
import { createStandIn } from "./scripts/lib/standin";
import { generateVapidKeys } from "./scripts/lib/vapid";

/** Only the rows of the given provinces, so the test bindings stay small. */
function provinceRows(file: string, codes: string[]): string {
  const [header, ...rows] = readFileSync(file, "utf8").split("\n");
  return [header, ...rows.filter((r) => codes.some((code) => r.startsWith(`${code},`)))].join("\n");
}

/**
 * The demo province as seeded once in this run (backup format), shared by the test files' fresh
 * databases through a Node-side service binding: the first file to ask seeds and puts it; the others
 * wait for it and restore it (half a second instead of seeding for three).
 */
function seedCache() {
  const dumps = new Map<string, string>();
  const waiting = new Map<string, Promise<void>>();
  const resolvers = new Map<string, () => void>();
  return async (request: Request): Promise<Response> => {
    const key = new URL(request.url).pathname;
    if (request.method === "PUT") {
      dumps.set(key, await request.text());
      resolvers.get(key)?.();
      return new Response(null, { status: 204 });
    }
    if (!dumps.has(key) && waiting.has(key)) {
      // Another file is seeding: wait for it (or seed here too after a minute, if it failed).
      await Promise.race([waiting.get(key), new Promise((r) => setTimeout(r, 60_000))]);
    }
    const dump = dumps.get(key);
    if (dump !== undefined) return new Response(dump);
    if (!waiting.has(key)) waiting.set(key, new Promise<void>((resolve) => resolvers.set(key, resolve)));
    return new Response(null, { status: 404 }); // the caller seeds and puts
  };
}

const demoCache = seedCache();
const vapid = await generateVapidKeys();

/**
 * SSO tests (issue 19): an RSA key pair made for this run; the public half is served as a JWKS by a local endpoint
 * (the ACCESS_JWKS service binding), the private half signs the tests' Cloudflare Access assertions.
 */
const accessKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ACCESS_KID = "ntm-test-key";
const accessJwks = JSON.stringify({ keys: [{ ...accessKeys.publicKey.export({ format: "jwk" }), kid: ACCESS_KID, alg: "RS256", use: "sig" }] });
const accessPrivateJwk = JSON.stringify({ ...accessKeys.privateKey.export({ format: "jwk" }), kid: ACCESS_KID, alg: "RS256" });
const jwksEndpoint = async (): Promise<Response> => new Response(accessJwks, { headers: { "Content-Type": "application/json" } });

/**
 * The integration files before the unit files, the slowest of them first: the Miniflares start while nothing else
 * waits on them, and both workers end together.
 */
const SEQUENCER = slowestFirst(["fuzz", "route-matrix", "demo-present", "recognition", "feedback-counts", "rollups-concurrency", "criteria-admin", "reachability", "attacks", "merger", "contributions", "feedback"], "unit");

export default defineConfig({
  test: {
    sequence: { sequencer: SEQUENCER },
    // `npm run test:coverage`: statements of src/ covered by the Node unit project (v8 does not reach into workerd).
    coverage: { provider: "v8", include: ["src/**"], reporter: ["text-summary", "json-summary"] },
    projects: [
      {
        extends: false,
        test: {
          name: "unit",
          environment: "node",
          maxWorkers: "100%", // a project with `extends: false` does not inherit the root's; vitest's default leaves a core idle
          isolate: false, // pure code: one worker for all files (no per-file module state to reset)
          include: ["tests/unit/**/*.test.{ts,tsx}"],
        },
      },
      {
        extends: false,
        plugins: [
          // Called once per test worker: each of its Miniflares gets a stand-in of its own (the tests reset and read it).
          cloudflareTest(async () => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              serviceBindings: { SEED_CACHE: demoCache, ACCESS_JWKS: jwksEndpoint },
              // wrangler.toml's consumers without the 1 s batch window: the tests wait on each delivery and retry.
              queueConsumers: {
                "ntm-notify": { maxBatchSize: 10, maxBatchTimeout: 0, maxRetries: 4, deadLetterQueue: "ntm-notify-dlq" },
                "ntm-notify-dlq": { maxBatchSize: 10, maxBatchTimeout: 0 },
              },
              // The Zalo/e-mail/push stand-in: every outbound fetch of the Worker under test lands here.
              outboundService: createStandIn().handler,
              bindings: {
                ENVIRONMENT: "test",
                ZALO_API_BASE: "http://standin.test/zalo",
                ZALO_OA_TOKEN: "test-oa-token",
                ZALO_TEMPLATE_IDS: JSON.stringify({ routed: "301", answer: "302", flag80: "303", flag100: "304", dossier_returned: "305", dossier_decided: "306", digest: "307", verify: "300" }),
                EMAIL_PROVIDER: "resend",
                EMAIL_API_BASE: "http://standin.test/email",
                EMAIL_API_KEY: "test-email-key",
                EMAIL_FROM: "ntm@example.test",
                VAPID_PUBLIC_KEY: vapid.publicKey,
                VAPID_PRIVATE_KEY: vapid.privateKey,
                VAPID_SUBJECT: "mailto:admin@example.test",
                NOTIFY_BACKOFF_SECONDS: "0",
                TEST_MIGRATIONS: await readD1Migrations("./migrations"),
                UNITS_2025: provinceRows("./data/units-2025-03.csv", ["83", "84", "86"]),
                UNITS_2026: provinceRows("./data/units-2026-07.csv", ["86"]),
                SUCCESSION_2025: provinceRows("./data/succession-2025.csv", ["86"]),
                TEST_ACCESS_PRIVATE_JWK: accessPrivateJwk,
              },
            },
          })),
        ],
        test: {
          name: "workers",
          // Both cores: two Miniflares, each running its share of the files one after another (the default, cores − 1,
          // ran every file in one).
          maxWorkers: "100%",
          // One Miniflare per worker for all files (starting one per file was most of the run); tests/setup.ts
          // empties the database, the bucket and the definition caches before each file.
          isolate: false,
          include: ["tests/integration/**/*.test.{ts,tsx}"],
          setupFiles: ["./tests/setup.ts"],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
