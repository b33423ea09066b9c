// Dossier form fixes (issue 15): the satisfaction rate takes "92,5"; after a validation error the address stays on
// the dossier (its forms' POST addresses, opened directly, lead back to it); the "chưa thể nộp" list is refreshed
// with each document added.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { loggedIn, seededDb, testDb } from "../factories";
import { dossiers } from "../../src/db/schema";

beforeAll(async () => {
  await seededDb();
});

const thisYear = Number(new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 4));
let YEAR = 0;
const row = async (id: number) => (await testDb().select().from(dossiers).where(eq(dossiers.id, id)).get())!;

/** A new NTM_NC dossier of Vĩnh Bình (one per level and year: each test takes its own year). */
async function newDossier(year: number) {
  const client = await loggedIn("xa.vinhbinh");
  const res = await client.post("/communes/28879/dossiers", { level: "NTM_NC", year: String(year) });
  expect(res.status, await res.clone().text()).toBe(303);
  return { client, id: Number(/\/dossiers\/(\d+)$/.exec(res.headers.get("Location")!)![1]) };
}

describe("dossier form", () => {
  it("takes a satisfaction rate with a decimal comma and shows it back the Vietnamese way", async () => {
    const { client, id } = await newDossier(thisYear + YEAR++);
    const res = await client.post(`/dossiers/${id}/details`, { satisfactionPct: "92,5", satisfactionEvidence: "Báo cáo MTTQ", noDebtConfirmed: "1", securityConfirmed: "1", version: String((await row(id)).version) });
    expect(res.status, await res.clone().text()).toBe(303);
    expect((await row(id)).satisfactionPct).toBe(92.5);
    const page = await (await client.get(`/dossiers/${id}`)).text();
    expect(page).toContain('name="satisfactionPct" type="text" inputmode="decimal" value="92,5"');
    const tooPrecise = await client.post(`/dossiers/${id}/details`, { satisfactionPct: "92,55", version: String((await row(id)).version) });
    expect(tooPrecise.status).toBe(422);
    expect(await tooPrecise.text()).toContain("tối đa một chữ số thập phân");
  });

  it("keeps the dossier's address after a validation error; the forms' addresses opened directly lead back to the dossier", async () => {
    const { client, id } = await newDossier(thisYear + YEAR++);
    const bad = await client.post(`/dossiers/${id}/details`, { satisfactionPct: "105", version: String((await row(id)).version) }, { htmx: true });
    expect(bad.status).toBe(422);
    expect(bad.headers.get("HX-Push-Url")).toBe(`/dossiers/${id}`);
    for (const form of ["details", "documents"]) {
      const reload = await client.get(`/dossiers/${id}/${form}`);
      expect(reload.status).toBe(303);
      expect(reload.headers.get("Location")).toBe(`/dossiers/${id}`);
    }
    expect((await client.get(`/dossiers/999999/details`)).status).toBe(404);
  });

  it("refreshes the 'chưa thể nộp' list with each document added", async () => {
    const { client, id } = await newDossier(thisYear + YEAR++);
    const before = await (await client.get(`/dossiers/${id}`)).text();
    expect(before).toContain("Thiếu tài liệu: Tờ trình đề nghị thẩm tra, xét công nhận.");
    const res = await client.post(`/dossiers/${id}/documents`, { kind: "to_trinh", title: "Tờ trình số 45/TTr-UBND", link: "", note: "" }, { htmx: true });
    expect(res.status).toBe(200);
    const html = await res.text();
    const problems = /<section class="card rec-problems" id="problems"[^>]*hx-swap-oob="true"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1];
    expect(problems).toBeDefined();
    expect(problems).not.toContain("Thiếu tài liệu: Tờ trình");
    expect(problems).toContain("Thiếu tài liệu:");
  });
});
