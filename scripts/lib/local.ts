// Helpers for scripts that work on the local D1 that `wrangler dev` keeps on disk.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
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

/**
 * migrations/ applied to the local D1 in `dir` by wrangler (the production command, with --local). A directory without
 * a D1 yet gets a copy of one wrangler migrated from nothing with the same migrations/ (kept in .wrangler/migrated/):
 * wrangler starts a local runtime per migration (≈ 0.5 s each), and the tests and benchmarks create many fresh databases.
 */
export async function applyLocalMigrations(dir: string | undefined, opts: { quiet?: boolean } = {}): Promise<void> {
  const d1 = join(dir ?? ".wrangler/state", "v3", "d1");
  if (existsSync(d1)) return wranglerMigrate(dir, opts);
  const template = await migratedTemplate();
  mkdirSync(dirname(d1), { recursive: true });
  cpSync(template, d1, { recursive: true });
}

/** The D1 directory of an empty database wrangler migrated with the current migrations/ (made once per their content). */
export async function migratedTemplate(): Promise<string> {
  const hash = createHash("sha256");
  for (const name of readdirSync("migrations").filter((f) => f.endsWith(".sql")).sort()) hash.update(name).update(readFileSync(join("migrations", name)));
  const template = join(".wrangler", "migrated", hash.digest("hex").slice(0, 16));
  const d1 = join(template, "v3", "d1");
  if (existsSync(d1)) return d1;
  mkdirSync(dirname(template), { recursive: true });
  // Made aside and renamed into place: two processes starting at once both make one, the first rename wins.
  const staging = mkdtempSync(join(".wrangler", "migrated", "making-"));
  await wranglerMigrate(staging, { quiet: true });
  try {
    renameSync(staging, template);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(d1)) throw error;
  }
  return d1;
}

const wranglerMigrate = (dir: string | undefined, { quiet = false } = {}) =>
  runCommand("wrangler", ["d1", "migrations", "apply", "DB", "--local", ...persistArgs(dir)], { quiet });

/** A command run to its end (async, so several can run at once), stdout shown unless `quiet`; throws on a non-zero exit. */
export function runCommand(cmd: string, args: string[], { quiet = false } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", quiet ? "ignore" : "inherit", "inherit"], env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" } });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")}: exit ${code}`))));
  });
}

/** Runs `fn` with a Drizzle db over the local D1 binding, then disposes the local runtime. */
export async function withLocalDb<T>(dir: string | undefined, fn: (db: Db, d1: D1Database, env: { DB: D1Database; EVIDENCE: R2Bucket }) => Promise<T>): Promise<T> {
  // Imported here: wrangler takes a second to load, and scripts that only copy the migrated template need none of it.
  const { getPlatformProxy } = await import("wrangler");
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
