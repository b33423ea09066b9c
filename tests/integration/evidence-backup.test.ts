// Backup (data:export / data:import) with the evidence files' R2 objects (issue 13): every object the
// tables name is exported and checked against its hash; restore refuses a tampered object before writing.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { dumpAll, listTables, restoreAll, RestoreError } from "../../src/services/backup";
import { loadChecklist } from "../../src/services/checklist";
import { unitByCode } from "../../src/services/units";
import { jpeg, pdf } from "../fixtures/files";
import { loggedIn, seededDb, testDb } from "../factories";

const VB = "28879";
let fileId = 0;

beforeAll(async () => {
  await seededDb();
  const unit = (await unitByCode(testDb(), VB))!;
  const checklist = (await loadChecklist(testDb(), unit))!;
  const client = await loggedIn("xa.vinhbinh");
  for (const [bytes, name, thumb] of [
    [jpeg(5000, { seed: 31 }), "anh.jpg", jpeg(900, { seed: 32 })],
    [pdf("Biên bản"), "bien-ban.pdf", null],
  ] as const) {
    const form = new FormData();
    form.set("kind", "indicator");
    form.set("parentId", String(checklist.def.indicators[0].id));
    form.set("unitId", String(unit.id));
    form.set("file", new File([bytes], name));
    if (thumb) form.set("thumb", new File([thumb], "t.jpg"));
    const res = await client.fetch("/files", { method: "POST", body: form, headers: { "X-Upload": "1", "X-CSRF-Token": client.csrf } });
    expect(res.status).toBe(201);
    fileId ||= Number(res.headers.get("X-File-Id"));
  }
});

describe("backup with evidence objects", () => {
  it("exports every named object (files and thumbnails) and restores them into an emptied database and bucket", async () => {
    const first = await dumpAll(env.DB, "2026-12-01T00:00:00.000Z", env.EVIDENCE);
    expect(first.manifest.objects).toHaveLength(3);
    const files = new Map(first.dumps.map((d) => [`${d.name}.jsonl`, d.jsonl]));
    const bodies = first.objects!;

    // A tampered object is refused before anything is written.
    const tampered = new Map(bodies);
    const [victim] = first.manifest.objects!;
    tampered.set(victim.file, new Uint8Array([...bodies.get(victim.file)!].reverse()));
    for (const name of await listTables(env.DB)) await env.DB.prepare(`delete from "${name}"`).run();
    for (const o of first.manifest.objects!) await env.EVIDENCE.delete(`sha256/${o.sha256}`);
    await expect(restoreAll(env.DB, first.manifest, files, { bucket: env.EVIDENCE, bodies: tampered })).rejects.toThrow(RestoreError);
    await expect(restoreAll(env.DB, first.manifest, files)).rejects.toThrow("không có kho R2");
    expect((await env.EVIDENCE.list()).objects).toHaveLength(0);
    expect((await env.DB.prepare("select count(*) as n from users").first<{ n: number }>())!.n).toBe(0);

    await restoreAll(env.DB, first.manifest, files, { bucket: env.EVIDENCE, bodies });
    const second = await dumpAll(env.DB, "2026-12-01T00:00:00.000Z", env.EVIDENCE);
    expect(second.manifest).toEqual(first.manifest);
    const res = await (await loggedIn("xa.vinhbinh")).get(`/files/${fileId}`);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(jpeg(5000, { seed: 31 }));
  });

  it("refuses to export when an object is missing from the bucket", async () => {
    const [o] = (await dumpAll(env.DB, "x", env.EVIDENCE)).manifest.objects!;
    const bytes = new Uint8Array(await (await env.EVIDENCE.get(`sha256/${o.sha256}`))!.arrayBuffer());
    await env.EVIDENCE.delete(`sha256/${o.sha256}`);
    await expect(dumpAll(env.DB, "x", env.EVIDENCE)).rejects.toThrow("Thiếu tệp minh chứng");
    await env.EVIDENCE.put(`sha256/${o.sha256}`, bytes);
  });
});
