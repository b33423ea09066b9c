// Issue 14: a save sent by htmx after the session expired keeps the page (401, X-Session-Expired, no swap) and writes
// nothing; after logging in again the same input saves.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { indicatorValues } from "../../src/db/schema";
import { loadChecklist } from "../../src/services/checklist";
import { unitByCode } from "../../src/services/units";
import { loggedIn, seededDb, testDb } from "../factories";

beforeAll(async () => {
  await seededDb();
});

const VB = "28879";

async function numericIndicator() {
  const db = testDb();
  const unit = (await unitByCode(db, VB))!;
  const checklist = (await loadChecklist(db, unit))!;
  const ind = checklist.def.indicators.find((i) => i.kind === "number" || i.kind === "percent")!;
  const value = checklist.values.get(ind.id)!;
  return { unit, ind, version: value.version };
}

describe("an htmx save after the session expired", () => {
  it("answers 401 with X-Session-Expired and no swap, saves nothing; after a new login the same input saves", async () => {
    const { unit, ind, version } = await numericIndicator();
    const client = await loggedIn("xa.vinhbinh");
    client.cookies.set("ntm_session", "het-han-0123456789abcdefghij");
    const form = { value: "42", evidenceNote: "Biên bản kiểm tra ấp 3 (ghi chú dài đang gõ)", version: String(version) };
    const res = await client.post(`/communes/${VB}/indicators/${ind.id}`, form, { htmx: true });
    expect(res.status).toBe(401);
    expect(res.headers.get("X-Session-Expired")).toBe("1");
    expect(res.headers.get("HX-Reswap")).toBe("none");
    expect(await res.text()).toContain("Phiên đăng nhập đã hết — chưa lưu");
    // A boosted full-page form gets the same answer (not a redirect to the login page that would replace the form).
    const boosted = await client.fetch(`/communes/${VB}/indicators/${ind.id}`, {
      method: "POST",
      headers: { "HX-Request": "true", "HX-Boosted": "true", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...form, _csrf: client.csrf }).toString(),
    });
    expect(boosted.status).toBe(401);
    const stored = async () => (await testDb().select().from(indicatorValues).where(and(eq(indicatorValues.unitId, unit.id), eq(indicatorValues.indicatorId, ind.id))).get())!;
    expect((await stored()).version).toBe(version);

    expect((await client.login("xa.vinhbinh")).status).toBe(303);
    const again = await client.post(`/communes/${VB}/indicators/${ind.id}`, form, { htmx: true });
    expect(again.status).toBe(200);
    expect((await stored()).evidenceNote).toBe(form.evidenceNote);
  });

  it("a plain form post without a session is still refused (403), and logging in is not affected", async () => {
    const client = await loggedIn("xa.vinhbinh");
    client.cookies.set("ntm_session", "het-han-0123456789abcdefghij");
    expect((await client.post(`/communes/${VB}/visits`, { summary: "x" })).status).toBe(403);
    expect((await client.login("xa.vinhbinh")).status).toBe(303);
  });
});
