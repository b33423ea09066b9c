// The public's way in (issue 15): `/` for an anonymous visitor, public pages linking to each other, a receipt that
// prints the full lookup address and its QR code.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { Client, loggedIn, seededDb, testDb } from "../factories";
import { contributions, users } from "../../src/db/schema";
import { unitByCode, unitRef } from "../../src/services/units";
import { createContribution } from "../../src/services/contributions";
import { recordReceipt } from "../../src/services/receipts";
import type { Actor } from "../../src/domain/permissions";

beforeAll(async () => {
  await seededDb();
});

const links = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);

describe("public landing page", () => {
  it("is what an anonymous visitor gets at /: search, the province's summary, recent recognitions, a discreet login link", async () => {
    const res = await new Client().get("/");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("Xây dựng nông thôn mới: thông tin công khai");
    expect(html).toContain('<form class="search" method="get" action="/" role="search">');
    expect(html).toContain('<a class="login-link" href="/login">');
    const hrefs = links(html);
    expect(hrefs).toContain("/public/recognitions");
    expect(hrefs).toContain("/public/progress/83");
    // Vĩnh Bình's recognition (1011/QĐ-UBND, 16/12/2024) is among the latest.
    expect(html).toMatch(/<a href="\/public\/progress\/28879">Xã Vĩnh Bình<\/a>: đạt chuẩn NTM \(Quyết định 1011\/QĐ-UBND, 16\/12\/2024\)/);
  });

  it("finds a commune by its name without marks and links its public progress and ledger; those link back", async () => {
    const anon = new Client();
    const html = await (await anon.get("/?q=vinh%20binh")).text();
    expect(html).toContain("<strong>Xã Vĩnh Bình</strong>");
    expect(links(html)).toEqual(expect.arrayContaining(["/public/progress/28879", "/public/communes/28879"]));
    expect(await (await anon.get("/?q=khong%20co%20xa%20nay")).text()).toContain("Không tìm thấy xã nào");
    const progress = await (await anon.get("/public/progress/28879")).text();
    expect(links(progress)).toEqual(expect.arrayContaining(["/", "/public/recognitions", "/public/communes/28879"]));
    const ledger = await (await anon.get("/public/communes/28879")).text();
    expect(links(ledger)).toEqual(expect.arrayContaining(["/", "/public/recognitions", "/public/progress/28879"]));
  });

  it("keeps a logged-in user's home at /", async () => {
    const html = await (await (await loggedIn("xa.vinhbinh")).get("/")).text();
    expect(html).not.toContain("thông tin công khai");
    expect(html).toContain("Đăng xuất");
  });
});

describe("printed receipt", () => {
  it("prints the full address of its public lookup and the same address as a QR code", async () => {
    const db = testDb();
    const commune = (await unitByCode(db, "28879"))!;
    const admin = (await db.select().from(users).where(eq(users.username, "admin")).get())!;
    const actor: Actor = { id: admin.id, role: "admin", scope: unitRef((await unitByCode(db, "83"))!), departmentId: null };
    const created = await createContribution(
      db,
      actor,
      commune,
      { sponsorId: null, kind: "money", amount: 2_000_000, quantity: null, unitValue: null, labourDays: null, landM2: null, description: "Ủng hộ", valuationBasis: null, valuationApprovedBy: null, hamletId: null, projectId: null, criterionId: null, mobilisedBy: null, pledgedAt: "2026-01-05", dueDate: null, evidenceNote: null, evidenceLink: null },
      { kind: "business", name: "Công ty Phiếu Thu", contactPhone: null, contactEmail: null, contactAddress: null, contactNote: null, publicConsent: true, publicName: null },
    );
    if (!created.ok) throw new Error(JSON.stringify(created));
    const c = (await db.select().from(contributions).where(eq(contributions.id, created.value.id)).get())!;
    const r = await recordReceipt(db, admin.id, commune, c, { amount: 2_000_000, receivedAt: "2026-02-01", payerName: null, note: null, confirmOver: false });
    if (!r.ok) throw new Error(JSON.stringify(r));
    const html = await (await (await loggedIn("admin")).get(`/receipts/${r.id}`)).text();
    const url = /<span class="receipt-url">([^<]+)<\/span>/.exec(html)?.[1];
    expect(url).toMatch(new RegExp(`^https?://[^/]+/public/communes/28879\\?receipt=${r.number}&amp;check=[A-Z0-9]+$`));
    expect(html).toMatch(/<div class="receipt-qr"><svg[^>]*>/);
    // The address opens the public lookup and finds the receipt.
    const lookup = await (await new Client().get(new URL(url!.replace(/&amp;/g, "&")).pathname + new URL(url!.replace(/&amp;/g, "&")).search)).text();
    expect(lookup).toContain(r.number);
  });
});
