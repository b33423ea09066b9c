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

  it("a plain form post with no session cookie at all (as a cross-site post arrives) is still refused (403), nothing carried", async () => {
    const client = await loggedIn("xa.vinhbinh");
    client.cookies.delete("ntm_session");
    const res = await client.post(`/communes/${VB}/visits`, { summary: "x" });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('name="carry"');
    expect((await client.login("xa.vinhbinh")).status).toBe(303);
  });
});

describe("a full-page form posted after the session expired", () => {
  it("gets the login page carrying the input; after login the same input is offered back and saves with the new token", async () => {
    const { unit, ind, version } = await numericIndicator();
    const client = await loggedIn("xa.vinhbinh");
    client.cookies.set("ntm_session", "het-han-0123456789abcdefghij");
    const note = "Ghi chú gõ trên máy không có JavaScript";
    const res = await client.post(`/communes/${VB}/indicators/${ind.id}`, { value: "43", evidenceNote: note, version: String(version) });
    expect(res.status).toBe(401);
    const page = await res.text();
    expect(page).toContain("Phiên đăng nhập đã hết — chưa lưu");
    const carry = /name="carry" value="([^"]+)"/.exec(page)?.[1];
    expect(carry).toBeTruthy();
    const anonCsrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];
    const login = await client.post("/login", { username: "xa.vinhbinh", password: "demo-ntm-2026", next: "/", carry: carry!.replace(/&quot;/g, '"').replace(/&amp;/g, "&") }, { csrf: anonCsrf });
    expect(login.status).toBe(200);
    const offered = await login.text();
    expect(offered).toContain(`action="/communes/${VB}/indicators/${ind.id}"`);
    expect(offered).toContain(note);
    const fresh = /name="_csrf" value="([^"]+)"/.exec(offered)![1];
    const fields = Object.fromEntries([...offered.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    client.csrf = fresh;
    const saved = await client.post(`/communes/${VB}/indicators/${ind.id}`, fields);
    expect(saved.status).toBeLessThan(400);
    const row = (await testDb().select().from(indicatorValues).where(and(eq(indicatorValues.unitId, unit.id), eq(indicatorValues.indicatorId, ind.id))).get())!;
    expect(row.evidenceNote).toBe(note);
  });
});
