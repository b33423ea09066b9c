import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FAILURE_KINDS, fail } from "../../src/domain/outcome";
import { STATUS, statusOf } from "../../src/web/outcome";

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });

describe("outcomes", () => {
  it("maps every failure kind to its HTTP status in one table", () => {
    expect(Object.keys(STATUS).sort()).toEqual([...FAILURE_KINDS].sort());
    expect(FAILURE_KINDS.map((kind) => statusOf({ kind }))).toEqual([422, 404, 409, 403, 401, 413, 415, 429]);
  });

  it("builds a failure with its data", () => {
    expect(fail("conflict", { current: { version: 2 } })).toEqual({ ok: false, kind: "conflict", current: { version: 2 } });
    expect(fail("not_found")).toEqual({ ok: false, kind: "not_found" });
  });

  it("leaves HTTP status numbers to src/web: no `status: 4xx` in services, domain, routes or templates", () => {
    const found = [...files("src"), ...files("templates")]
      .filter((path) => !path.startsWith(join("src", "web")))
      .flatMap((path) => readFileSync(path, "utf8").split("\n").flatMap((line, i) => (/status\??: 4\d\d/.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : [])));
    expect(found).toEqual([]);
  });
});
