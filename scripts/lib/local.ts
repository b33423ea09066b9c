// Helpers for scripts that work on the local D1 that `wrangler dev` keeps on disk.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { getPlatformProxy } from "wrangler";
import { createDb, type Db } from "../../src/db/client";

/** Value of `--name value` (or undefined). */
export function arg(name: string, argv = process.argv.slice(2)): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0) return argv[i + 1];
  const inline = argv.find((a) => a.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

/** Where the local D1 lives: `--persist-to DIR`, else NTM_PERSIST_TO, else wrangler's default (.wrangler/state). */
export const persistTo = (): string | undefined => arg("persist-to") ?? process.env.NTM_PERSIST_TO ?? undefined;

const persistArgs = (dir: string | undefined) => (dir ? ["--persist-to", dir] : []);

/** Applies migrations/ to the local D1 with wrangler (the same command as production, with --local). */
export function applyLocalMigrations(dir: string | undefined): void {
  const result = spawnSync("wrangler", ["d1", "migrations", "apply", "DB", "--local", ...persistArgs(dir)], {
    stdio: "inherit",
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
  });
  if (result.status !== 0) throw new Error("wrangler d1 migrations apply failed");
}

/** Runs `fn` with a Drizzle db over the local D1 binding, then disposes the local runtime. */
export async function withLocalDb<T>(dir: string | undefined, fn: (db: Db, d1: D1Database, env: { DB: D1Database; EVIDENCE: R2Bucket }) => Promise<T>): Promise<T> {
  const proxy = await getPlatformProxy<{ DB: D1Database; EVIDENCE: R2Bucket }>({
    configPath: "wrangler.toml",
    persist: dir ? { path: join(dir, "v3") } : true,
    remoteBindings: false,
  });
  try {
    return await fn(createDb(proxy.env.DB), proxy.env.DB, proxy.env);
  } finally {
    await proxy.dispose();
  }
}
