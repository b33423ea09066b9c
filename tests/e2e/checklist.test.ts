import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { htmxSettled, launch, login, phoneContext } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const CHECKLIST = "/communes/28879/checklist";

/**
 * A failing numeric indicator from the summary's gap list, with the target it must reach; with `alone`, one
 * that is the only gap of its criterion (fixing it turns the criterion met).
 */
async function firstNumericGap(page: Page, alone = false): Promise<{ id: string; target: string }> {
  const ids = await page.locator("#summary .gap a").evaluateAll((links) => links.map((a) => (a.getAttribute("href") ?? "").replace("#ind-", "")));
  const criterionOf = async (id: string): Promise<string> => page.locator(`#ind-${id}`).evaluate((li) => li.closest(".criterion")?.id ?? "");
  const criteria = await Promise.all(ids.map(criterionOf));
  for (const [i, id] of ids.entries()) {
    if (alone && criteria.filter((c) => c === criteria[i]).length > 1) continue;
    const block = page.locator(`#ind-${id}`);
    const targets = await block.locator(".target").allTextContents();
    const base = targets.find((t) => t.startsWith("NTM:"));
    const m = base && /([≥≤])\s*([\d.,]+)/.exec(base);
    if (m) return { id, target: m[2].replace(/\./g, "") };
  }
  throw new Error("no numeric gap");
}

describe("checklist in Chromium", () => {
  it("xa.phuphung fixes a failing indicator inline; the summary changes without a reload; a stale second context gets 409 and keeps its input", async () => {
    const ctxA = await phoneContext(browser);
    const a = await ctxA.newPage();
    await login(a, "xa.phuphung");
    await a.goto(CHECKLIST);
    const gapBefore = await a.locator("#summary .gap li").count();
    expect(gapBefore).toBeGreaterThanOrEqual(2);
    const { id, target } = await firstNumericGap(a, true);
    const criterionHead = a.locator(`#ind-${id}`).locator("xpath=ancestor::details[contains(@class,'criterion')]/summary/h3");
    await expect.poll(() => criterionHead.textContent()).toMatch(/✗ NTM(?! hiện đại)/);
    const metNextBefore = await a.locator("#criteria-met-next").textContent();

    // A second browser opens the same indicator's edit form before the first one saves.
    const ctxB = await phoneContext(browser);
    const b = await ctxB.newPage();
    await login(b, "xa.phuphung");
    await b.goto(CHECKLIST);
    await htmxSettled(b, () => b.locator(`#ind-${id}`).getByRole("link", { name: "Sửa" }).click());

    // The first browser saves a passing value inline.
    await a.evaluate("window.__marker = 'same page'");
    await htmxSettled(a, () => a.locator(`#ind-${id}`).getByRole("link", { name: "Sửa" }).click());
    await a.locator(`#value-${id}`).fill(target);
    const evidence = a.locator(`#evidence-note-${id}`);
    if ((await evidence.inputValue()) === "") await evidence.fill("Báo cáo rà soát tháng 11/2026");
    await htmxSettled(a, () => a.locator(`#ind-${id}`).getByRole("button", { name: "Lưu" }).click());
    await a.locator(`#ind-${id} .value`).waitFor();
    await expect.poll(() => a.locator(`#ind-${id}`).textContent()).toMatch(/✓ NTM(?! hiện đại)/);
    // The summary refreshes itself (HX-Trigger) with one gap less, on the same page (no reload).
    // A function predicate: a string one would need eval, which the page's CSP forbids.
    await a.waitForFunction((n: number) => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll("#summary .gap li").length === n, gapBefore - 1);
    await expect.poll(() => a.evaluate("window.__marker")).toBe("same page");
    // The criterion turned met (its heading was swapped out of band) and the count of criteria met moved.
    await expect.poll(() => criterionHead.textContent()).toMatch(/✓ NTM(?! hiện đại)/);
    const [n0] = metNextBefore!.split("/").map(Number);
    await expect.poll(() => a.locator("#criteria-met-next").textContent()).toMatch(new RegExp(`^${n0 + 1}/`));
    await expect.poll(() => a.locator("#announce").textContent()).toContain("Đã lưu chỉ tiêu");

    // The second browser, still on the old version, saves another value: 409, message, input kept.
    await b.locator(`#value-${id}`).fill("1,5");
    await htmxSettled(b, () => b.locator(`#ind-${id}`).getByRole("button", { name: "Lưu" }).click());
    await b.getByText("Đã có người lưu trước bạn.").waitFor();
    await expect.poll(() => b.locator(`#value-${id}`).inputValue()).toBe("1,5");
    await expect.poll(() => b.locator(`#ind-${id} [role=alert]`).textContent()).toContain("Cán bộ xã Phú Phụng");

    await ctxA.close();
    await ctxB.close();
  });

  it("rejects non-numeric input with a Vietnamese message and leaves the value unchanged", async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await login(page, "xa.phuphung");
    await page.goto(CHECKLIST);
    const { id } = await firstNumericGap(page);
    const before = await page.locator(`#ind-${id} .value`).textContent();
    await htmxSettled(page, () => page.locator(`#ind-${id}`).getByRole("link", { name: "Sửa" }).click());
    await page.locator(`#value-${id}`).fill("khoảng tám mươi");
    await htmxSettled(page, () => page.locator(`#ind-${id}`).getByRole("button", { name: "Lưu" }).click());
    await page.getByText("cần một số", { exact: false }).waitFor();
    await page.goto(CHECKLIST);
    await expect.poll(() => page.locator(`#ind-${id} .value`).textContent()).toBe(before);
    await ctx.close();
  });
});

describe("injected markup is inert", () => {
  it("an evidence note with script and an onerror image shows as text and runs nothing", async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await login(page, "xa.phuphung");
    await page.goto(CHECKLIST);
    const first = page.locator(".criterion.fail li.indicator").first();
    const id = (await first.getAttribute("id"))!.replace("ind-", "");
    await htmxSettled(page, () => first.getByRole("link", { name: "Sửa" }).click());
    const markup = `<script>window.__xss = 1</script><img id="xss" src="x" onerror="window.__xss = 2; alert('xss')">`;
    await page.locator(`#evidence-note-${id}`).fill(markup);
    await htmxSettled(page, () => page.locator(`#ind-${id}`).getByRole("button", { name: "Lưu" }).click());
    await page.goto(CHECKLIST);
    await expect.poll(() => page.locator(`#ind-${id}`).textContent()).toContain("<script>window.__xss = 1</script>");
    await expect.poll(() => page.locator("#xss").count()).toBe(0);
    await expect.poll(() => page.evaluate("typeof window.__xss")).toBe("undefined");
    expect(dialogs).toEqual([]);
    await ctx.close();
  });
});
