// npm test: the typecheck (one core) beside the unit and integration tests, then the browser tests; stops at the
// first phase that fails. The typecheck's output is printed when it ends (it prints only errors).
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

const [types, workers] = await Promise.all([run("typecheck", { buffered: true }), run("test:workers")]);
if (types !== 0) console.error("npm test: typecheck failed");
if (types !== 0 || workers !== 0) process.exit(types || workers);
process.exit(await run("test:e2e"));
