// npm test: the typecheck (one core) and the migrated empty D1 the browser tests' apps copy (db:template, made once per
// migrations/) beside the unit and integration tests, then the browser tests; stops at the first phase that fails.
// The typecheck's and the template's output is printed when they end (the typecheck prints only errors).
import { spawn } from "node:child_process";

/** An npm script run to its end; its exit code. */
function run(script, { buffered = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", script], { stdio: buffered ? ["ignore", "pipe", "pipe"] : "inherit" });
    const output = [];
    if (buffered) for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk) => output.push(chunk));
    child.on("exit", (code) => {
      if (output.length) process.stdout.write(Buffer.concat(output));
      resolve(code ?? 1);
    });
  });
}

const [types, template, workers] = await Promise.all([run("typecheck", { buffered: true }), run("db:template", { buffered: true }), run("test:workers")]);
if (types !== 0) console.error("npm test: typecheck failed");
if (template !== 0) console.error("npm test: db:template failed");
if (types !== 0 || template !== 0 || workers !== 0) process.exit(types || template || workers);
process.exit(await run("test:e2e"));
