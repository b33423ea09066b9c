// Every role's pages on a 360×740 phone (issue 15): no horizontal scroll, no table clipped (a table wider than its
// wrapper scrolls in a focusable, named region), axe-core (WCAG 2.0/2.1 A+AA, 2.2 AA) without serious or critical
// violations, tap targets of at least 44×44 px (links inside a sentence excepted, as WCAG 2.5.8 does).
import { afterAll, beforeAll, describe, it, type ExpectStatic } from "vitest";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { baseUrl, launch, login } from "./browser";

const AXE = fileURLToPath(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url).href);

/**
 * Every page of the three main roles (commune staff, cadre, leader), the department's inbox, the public pages and two
 * admin pages. A RegExp stands for the first link of the page before it whose path matches (a record's own page: its
 * id is the demo's).
 */
const PAGES: Record<string, (string | RegExp)[]> = {
  anonymous: ["/", "/?q=phu", "/login", "/public/communes/28879", "/public/progress/86", "/public/progress/28879", "/public/progress/83", "/public/recognitions"],
  "xa.phuphung": [
    "/", "/communes/28879/checklist", /^\/communes\/28879\/indicators\/\d+\/edit$/, "/communes/28879/checklist?all=1", /^\/communes\/28879\/indicators\/\d+\/history$/,
    "/communes/28879/dossiers", "/communes/28879/contributions", "/communes/28879/contributions/new",
    "/communes/28879/feedback", /^\/feedback\/\d+$/, "/communes/28879/feedback/new", "/units/28879",
  ],
  // The same user's other pages, in a context of their own (runs beside the first half).
  "xa.phuphung/2": [
    "/communes/28879/hamlets", /^\/communes\/28879\/hamlets\/28879-\d+$/, "/communes/28879/households", "/communes/28879/households/import",
    "/communes/28879/projects", /^\/projects\/\d+$/, "/communes/28879/projects/new", "/communes/28879/visits", "/units", "/me/notifications", "/me/contacts", "/me/password",
  ],
  canbo: ["/", "/me/communes", "/communes/28879/visits", /^\/visits\/\d+$/, "/communes/28879/visits/new", "/communes/28879/feedback/new", "/reports/contributions", "/sponsors", "/me/notifications"],
  lanhdao: [
    "/", "/progress/86", "/progress/86/thi-dua", "/progress/83", "/progress/28879", "/recognitions", "/recognitions/review",
    "/reports/feedback", "/reports/coverage", "/reports/upward", "/merger/carry-over", "/units/86",
    "/communes/28879/dossiers?on=2025-06-30", /^\/dossiers\/\d+(\?on=2025-06-30)?$/,
  ],
  "so.nongnghiep": ["/", "/me/feedback", /^\/feedback\/\d+$/, "/me/contacts"],
  admin: ["/admin/users", "/admin/criteria"],
};

type Problem = { page: string; what: string };
type Check = { overflow: number; clipped: string[]; small: string[] };

// Runs in the page (a string: the tests' tsconfig has no DOM types).
const CHECK = `(() => {
  const doc = document.documentElement;
  const visible = (el) => el.checkVisibility({ visibilityProperty: true }) && el.getClientRects().length > 0;
  const name = (el) => (el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " + (el.textContent || el.getAttribute("aria-label") || el.getAttribute("name") || "").trim().replace(/\\s+/g, " ").slice(0, 40));
  const clipped = [];
  for (const table of document.querySelectorAll("main table")) {
    if (!visible(table)) continue;
    const wrap = table.closest(".table-wrap");
    const box = (wrap || table.parentElement).getBoundingClientRect();
    const wide = table.getBoundingClientRect().width > box.width + 1;
    if (wide && !(wrap && wrap.getAttribute("role") === "region" && wrap.tabIndex === 0 && getComputedStyle(wrap).overflowX !== "visible")) clipped.push(name(table));
  }
  // A link inside a sentence is exempt: its parent holds other text.
  const inSentence = (el) => getComputedStyle(el).display === "inline" && [...el.parentElement.childNodes].some((n) => n !== el && n.nodeType === 3 && n.textContent.trim().length > 1);
  const small = [];
  for (const el of document.querySelectorAll("a[href], button, select, textarea, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), summary")) {
    const r = el.getBoundingClientRect();
    // A commune's shape on a map is exempt: the table of communes on the same page links each one at full size
    // (WCAG 2.5.8's "equivalent" exception).
    if (!visible(el) || inSentence(el) || r.right <= 0 || el.closest("figure.map svg")) continue;
    if (r.height < 43.5 || r.width < 43.5) small.push(name(el) + " " + Math.round(r.width) + "×" + Math.round(r.height));
  }
  return { overflow: doc.scrollWidth - doc.clientWidth, clipped, small };
})()`;

async function checkPage(page: Page, path: string, problems: Problem[], expect: ExpectStatic) {
  const res = await page.goto(path);
  expect(res?.status(), path).toBe(200);
  expect((await res!.text()).startsWith("<!doctype html>"), `${path} starts with <!doctype html>`).toBe(true);
  const check = await page.evaluate<Check>(CHECK);
  if (check.overflow > 0) problems.push({ page: path, what: `horizontal scroll ${check.overflow} px` });
  for (const t of check.clipped) problems.push({ page: path, what: `clipped table ${t}` });
  for (const s of check.small) problems.push({ page: path, what: `tap target under 44 px: ${s}` });
  if (process.env.NO_AXE) return;
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate<{ id: string; impact: string; nodes: number; target: string }[]>(`
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] }, rules: { "target-size": { enabled: false } }, resultTypes: ["violations"] }).then((r) =>
      r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: String(v.nodes[0].target) })))`);
  for (const v of violations) problems.push({ page: path, what: `axe ${v.impact} ${v.id} ×${v.nodes} (${v.target})` });
}

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

// One context per role, run side by side (each page's checks are independent).
describe.concurrent("every role's pages on a 360×740 phone", () => {
  for (const [who, paths] of Object.entries(PAGES)) {
    it(`${who}: no horizontal scroll, no clipped table, axe clean (serious/critical), tap targets ≥ 44 px`, async ({ expect }) => {
      // bypassCSP: axe is injected as an inline script, which the app's CSP (rightly) forbids.
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "vi-VN", baseURL: baseUrl(), bypassCSP: true });
      const page = await context.newPage();
      if (who !== "anonymous") await login(page, who.split("/")[0]);
      const problems: Problem[] = [];
      for (const spec of paths) {
        const path = typeof spec === "string" ? spec : await page.evaluate<string | undefined>(`[...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href").split("#")[0]).find((h) => ${spec}.test(h))`);
        if (!path) problems.push({ page: page.url(), what: `no link matching ${spec}` });
        else await checkPage(page, path, problems, expect);
      }
      await context.close();
      expect(problems).toEqual([]);
    }, 120_000); // a dozen pages with axe each, side by side with the other roles on a loaded machine
  }

  // The present demo has no sponsor yet: the cadre records a pledge here and the commune's staff its receipt, then
  // the ledger's own pages are checked as each of them sees them.
  it("the ledger's records (a pledge made here, its receipt, its sponsor, the lists that show them): the same checks", async ({ expect }) => {
    const phone = { viewport: { width: 360, height: 740 }, locale: "vi-VN", baseURL: baseUrl(), bypassCSP: true };
    const cadre = await browser.newContext(phone);
    const page = await cadre.newPage();
    await login(page, "canbo");
    await page.goto("/communes/28879/contributions/new");
    await page.getByLabel("Tên nhà tài trợ").fill(`Công ty Điện Thoại ${Date.now()}`);
    await page.getByLabel("Số tiền cam kết (đồng)").fill("20.000.000");
    await page.getByRole("button", { name: "Lưu cam kết" }).click();
    await page.waitForURL(/\/contributions\/\d+$/);
    const pledge = new URL(page.url()).pathname;
    const sponsor = await page.evaluate<string | undefined>(`[...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")).find((h) => /^\\/sponsors\\/\\d+$/.test(h))`);
    expect(sponsor, "the pledge links its sponsor").toBeDefined();
    const problems: Problem[] = [];
    for (const path of [pledge, sponsor!, "/sponsors", "/reports/contributions"]) await checkPage(page, path, problems, expect);
    const staff = await browser.newContext(phone);
    const staffPage = await staff.newPage();
    await login(staffPage, "xa.phuphung");
    await staffPage.goto(pledge);
    await staffPage.getByRole("button", { name: "Lưu và in phiếu thu" }).click();
    await staffPage.waitForURL(/\/receipts\/\d+/);
    const receipt = new URL(staffPage.url()).pathname;
    for (const path of [receipt, pledge, "/communes/28879/contributions", "/public/communes/28879"]) await checkPage(staffPage, path, problems, expect);
    await cadre.close();
    await staff.close();
    expect(problems).toEqual([]);
  }, 120_000);
});
