import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { seededDb } from "../factories";
import { dumpAll, listTables, restoreAll, RestoreError } from "../../src/services/backup";

beforeAll(async () => {
  await seededDb();
});

describe("backup and restore", () => {
  it("round-trips every table losslessly into an emptied database", async () => {
    const first = await dumpAll(env.DB, "2026-11-27T00:00:00.000Z");
    expect(first.manifest.tables.map((t) => t.name)).toEqual(await listTables(env.DB));
    expect(first.manifest.tables.find((t) => t.name === "units")!.rows).toBeGreaterThan(148);
    expect(first.manifest.tables.find((t) => t.name === "indicator_values")!.rows).toBeGreaterThan(5000);
    const files = new Map(first.dumps.map((d) => [`${d.name}.jsonl`, d.jsonl]));

    // Refused while the tables hold data.
    await expect(restoreAll(env.DB, first.manifest, files)).rejects.toThrow(RestoreError);
    // A tampered file is refused by its checksum.
    const tampered = new Map(files);
    tampered.set("users.jsonl", files.get("users.jsonl")!.replace("admin", "admln"));
    await expect(restoreAll(env.DB, first.manifest, tampered)).rejects.toThrow("checksum");

    for (const name of await listTables(env.DB)) await env.DB.prepare(`delete from "${name}"`).run();
    await restoreAll(env.DB, first.manifest, files);
    const second = await dumpAll(env.DB, "2026-11-27T00:00:00.000Z");
    expect(second.manifest).toEqual(first.manifest);
  });
});
