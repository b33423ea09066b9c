// npm test: the typecheck (one core) and the migrated empty D1 the browser tests' apps copy (db:template, made once per
// migrations/) beside the unit and integration tests, then the browser tests; stops at the first phase that fails.
// The typecheck's and the template's output is printed when they end (the typecheck prints only errors).
// The browser tests run in two lanes: the national deployments' file (it starts its own three apps and uses no shared
// one) beside the other files on their two apps — those leave the second core partly idle while pages load.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** An npm script run to its end (with `args` after `--` and `env` added); its exit code. */
function run(script, { buffered = false, args = [], env = {} } = {}) {
  return new Promise((resolve) => {
    const argv = ["run", "--silent", script, ...(args.length ? ["--", ...args] : [])];
    const child = spawn("npm", argv, { stdio: buffered ? ["ignore", "pipe", "pipe"] : "inherit", env: { ...process.env, ...env } });
    const output = [];
    if (buffered) for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk) => output.push(chunk));
    child.on("exit", (code) => {
      if (output.length) process.stdout.write(Buffer.concat(output));
      resolve(code ?? 1);
    });
  });
}

/** Resolves once `file` exists (polled: the other lane's setup writes it, or its end when the setup failed). */
async function whenExists(file, until = () => false) {
  while (!existsSync(file) && !until()) await new Promise((resolve) => setTimeout(resolve, 200));
}

const [types, template, workers] = await Promise.all([run("typecheck", { buffered: true }), run("db:template", { buffered: true }), run("test:workers")]);
if (types !== 0) console.error("npm test: typecheck failed");
if (template !== 0) console.error("npm test: db:template failed");
if (types !== 0 || template !== 0 || workers !== 0) process.exit(types || template || workers);
const NATIONAL = "tests/e2e/national.test.ts";
// The national lane starts once the other lane's apps answer (E2E_READY_FILE, written by tests/e2e/global-setup.ts):
// its three apps starting beside those two doubled the time before the first browser test could run.
const ready = join(mkdtempSync(join(tmpdir(), "ntm-e2e-")), "apps-ready");
let browserEnded = false;
const [browser, national] = await Promise.all([
  run("test:e2e", { env: { E2E_EXCLUDE: NATIONAL, E2E_READY_FILE: ready } }).finally(() => (browserEnded = true)),
  whenExists(ready, () => browserEnded).then(() => run("test:e2e", { buffered: true, args: [NATIONAL], env: { E2E_APPS: "0" } })),
]);
if (national !== 0) console.error("npm test: the national browser test failed");
process.exit(browser || national);
