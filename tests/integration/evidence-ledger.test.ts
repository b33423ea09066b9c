// Evidence files on projects and receipts (issue 13): read with the ledger, attached by who manages them;
// a receipt's scans cannot be withdrawn; the public ledger shows only files marked public.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { evidenceFiles, projects } from "../../src/db/schema";
import { unitByCode } from "../../src/services/units";
import { jpeg, pdf } from "../fixtures/files";
import { addPledge, Client, loggedIn, seededDb, testDb } from "../factories";

const VB = "28879";
let projectId = 0;
let receiptId = 0;
const todayVi = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10).split("-").reverse().join("/");

async function upload(client: Client, kind: string, parentId: number, bytes: Uint8Array, extra: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries({ _csrf: client.csrf, kind, parentId: String(parentId), back: `/${kind}s/${parentId}`, ...extra })) form.set(k, v);
  form.set("file", new File([bytes], `${kind}.jpg`));
  return client.fetch("/files", { method: "POST", body: form });
}

beforeAll(async () => {
  const db = await seededDb();
  const vb = (await unitByCode(db, VB))!;
  const [p] = await db.insert(projects).values({ communeId: vb.id, provinceId: vb.provinceId!, name: "Đường ấp 3 nối dài", status: "in_progress", createdBy: 1 }).returning();
  projectId = p.id;
  const { contributionId } = await addPledge(VB, "Công ty Minh Chứng");
  const xa = await loggedIn("xa.vinhbinh");
  const res = await xa.post(`/contributions/${contributionId}/receipts`, { amount: "5.000.000", receivedAt: todayVi() });
  expect(res.status).toBe(303);
  receiptId = Number(/\/receipts\/(\d+)/.exec(res.headers.get("Location")!)![1]);
});

describe("projects and receipts", () => {
  it("the commune's staff attach photos to a project (one public); the public ledger shows only the public one", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    expect((await upload(xa, "project", projectId, jpeg(700, { seed: 51 }), { public: "1" })).status).toBe(303);
    expect((await upload(xa, "project", projectId, jpeg(700, { seed: 52 }))).status).toBe(303);
    expect((await upload(await loggedIn("canbo"), "project", projectId, jpeg(700, { seed: 53 }))).status).toBe(403);
    const rows = await testDb().select().from(evidenceFiles).where(eq(evidenceFiles.parentKind, "project")).all();
    const [pub, priv] = [rows.find((r) => r.isPublic)!, rows.find((r) => !r.isPublic)!];
    const page = await (await xa.get(`/projects/${projectId}`)).text();
    expect(page).toContain(`href="/files/${pub.id}"`);
    expect(page).toContain(`href="/files/${priv.id}"`);
    expect(page).toContain('name="kind" value="project"');
    const pubPage = await (await new Client().get(`/public/communes/${VB}`)).text();
    expect(pubPage).toContain(`href="/files/${pub.id}"`);
    expect(pubPage).not.toContain(`href="/files/${priv.id}"`);
    expect((await new Client().get(`/files/${pub.id}`)).status).toBe(200);
    expect((await new Client().get(`/files/${priv.id}`)).status).toBe(302);
    expect((await (await loggedIn("canbo")).get(`/files/${priv.id}`)).status).toBe(200); // ledger.view within scope
    expect((await (await loggedIn("so.nongnghiep")).get(`/files/${priv.id}`)).status).toBe(403); // departments do not see the ledger
  });

  it("a receipt's signed scan is attached by the commune's staff and cannot be withdrawn", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    expect((await upload(xa, "receipt", receiptId, pdf("Phiếu thu đã ký"))).status).toBe(303);
    const row = (await testDb().select().from(evidenceFiles).where(eq(evidenceFiles.parentKind, "receipt")).get())!;
    expect(row.contentType).toBe("application/pdf");
    const page = await (await xa.get(`/receipts/${receiptId}`)).text();
    expect(page).toContain("Bản chụp phiếu thu đã ký");
    expect(page).toContain(`href="/files/${row.id}"`);
    const res = await xa.post(`/files/${row.id}/withdraw`, { back: "/" });
    expect(res.status).toBe(409);
    expect((await testDb().select().from(evidenceFiles).where(eq(evidenceFiles.id, row.id)).get())!.withdrawnAt).toBeNull();
  });
});
