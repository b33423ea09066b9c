// npm test: the typecheck (one core) and the migrated empty D1 the browser tests' apps copy (db:template, made once per
// migrations/) beside the unit and integration tests, then the browser tests; stops at the first phase that fails.
// The national browser test's provinces are made from the start at the lowest CPU priority (made once, then kept).
// The typecheck's and the template's output is printed when they end (the typecheck prints only errors).
// The browser tests run in two lanes: the national deployments' file (it starts its own three apps and uses no shared
// one) beside the other files on their two apps — those leave the second core partly idle while pages load.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** An npm script run to its end (with `args` after `--` and `env` added; `nice`: at the lowest CPU priority); its exit code. */
function run(script, { buffered = false, args = [], env = {}, nice = false } = {}) {
  return new Promise((resolve) => {
    const argv = ["run", "--silent", script, ...(args.length ? ["--", ...args] : [])];
    const [command, commandArgs] = nice ? ["nice", ["-n", "19", "npm", ...argv]] : ["npm", argv];
    const child = spawn(command, commandArgs, { stdio: buffered ? ["ignore", "pipe", "pipe"] : "inherit", env: { ...process.env, ...env } });
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

const template = run("db:template", { buffered: true });
// The national browser test's provinces (made once): at the lowest priority, they take what the first phase leaves of
// the two cores instead of slowing the browser tests; the national lane waits for them.
const seeds = template.then((code) => (code === 0 ? run("db:template", { buffered: true, args: ["--e2e"], nice: true }) : code));
const [types, templateCode, workers] = await Promise.all([run("typecheck", { buffered: true }), template, run("test:workers")]);
if (types !== 0) console.error("npm test: typecheck failed");
if (templateCode !== 0) console.error("npm test: db:template failed");
if (types !== 0 || templateCode !== 0 || workers !== 0) process.exit(types || templateCode || workers);
const NATIONAL = "tests/e2e/national.test.ts";
// The national lane starts once the other lane's apps answer (E2E_READY_FILE, written by tests/e2e/global-setup.ts):
// its three apps starting beside those two doubled the time before the first browser test could run.
const ready = join(mkdtempSync(join(tmpdir(), "ntm-e2e-")), "apps-ready");
let browserEnded = false;
const [browser, national] = await Promise.all([
  run("test:e2e", { env: { E2E_EXCLUDE: NATIONAL, E2E_READY_FILE: ready } }).finally(() => (browserEnded = true)),
  Promise.all([seeds, whenExists(ready, () => browserEnded)]).then(([made]) => (made === 0 ? run("test:e2e", { buffered: true, args: [NATIONAL], env: { E2E_APPS: "0" } }) : made)),
]);
if (national !== 0) console.error("npm test: the national browser test failed");
process.exit(browser || national);
