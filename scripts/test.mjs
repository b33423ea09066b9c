// npm test: the typecheck (one core) beside the unit and integration tests and the browser tests' preparation
// (scripts/e2e-prepare.ts), then the browser tests; stops at the first phase that fails. The typecheck's and the
// preparation's output is printed when they end.
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

const [types, workers, prepared] = await Promise.all([run("typecheck", { buffered: true }), run("test:workers"), run("test:e2e:prepare", { buffered: true })]);
if (types !== 0) console.error("npm test: typecheck failed");
if (prepared !== 0) console.error("npm test: preparing the browser tests failed");
if (types !== 0 || workers !== 0 || prepared !== 0) process.exit(types || workers || prepared);
process.exit(await run("test:e2e"));
