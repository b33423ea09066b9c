// The 2025 merger in Chromium, on the demo as `npm start` loads it (Tỉnh Vĩnh Long 86 with its succession rows and
// the 2021–2025 archive): admin opens Phú Phụng, sees its three predecessors with their 2021–2025 levels, proposes;
// the leader decides; the public list shows it; one click opens old Vĩnh Bình's read-only checklist.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext } from "playwright-core";
import { baseUrl, launch, login } from "./browser";

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

async function as(username: string): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: "vi-VN", baseURL: baseUrl() });
  await login(await ctx.newPage(), username);
  return ctx;
}

describe("the merger in the browser", () => {
  it("admin sees Phú Phụng's predecessors and proposes; the leader decides; the public list shows it", async () => {
    const admin = await as("admin");
    const page = admin.pages()[0];
    await page.goto("/units/28879");
    const rows = page.locator("#predecessors tbody tr");
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    const text = await page.locator("#predecessors").innerText();
    for (const name of ["Xã Sơn Định", "Xã Vĩnh Bình", "Xã Phú Phụng"]) expect(text).toContain(name);
    expect(text).toMatch(/\d+\/QĐ-UBND/); // Vĩnh Bình's 2021–2025 recognition (NTM)

    // One click: old Vĩnh Bình's 2021–2025 checklist, read-only.
    await page.locator("#predecessors").getByRole("link", { name: "Bộ tiêu chí" }).nth(2).click();
    await page.waitForURL(/\/communes\/28879\/checklist\?on=2025-06-30/);
    await expect.poll(() => page.locator("#closed-unit-notice").innerText(), { timeout: 15_000 }).toContain("Xã Phú Phụng");
    await expect.poll(() => page.locator("h1").innerText()).toContain("Vĩnh Bình");
    await expect.poll(() => page.locator('a[href*="/edit"]').count()).toBe(0);
    const csrf = (JSON.parse((await page.locator("body").getAttribute("hx-headers")) ?? "{}") as Record<string, string>)["X-CSRF-Token"];
    const res = await page.request.post("/communes/28879/indicators/1?on=2025-06-30", { form: { _csrf: csrf, value: "1", version: "1" }, maxRedirects: 0 });
    const post = res.status();
    expect(post).toBeGreaterThanOrEqual(400);
    expect(post).toBeLessThan(500);

    const carriedTotal = async (p: typeof page) => {
      await p.goto("/progress/86");
      return Number((await p.locator("#table-carried tfoot td").innerText()).trim());
    };
    const before = await carriedTotal(page);
    await page.goto("/merger/carry-over?c=28879");
    const section = page.locator("#carry-28879");
    await section.getByRole("button", { name: "Đề xuất mức thừa nhận" }).click();
    await expect.poll(() => page.locator("#carry-28879").innerText(), { timeout: 15_000 }).toContain("Văn phòng điều phối đã đề xuất");
    await admin.close();

    const leader = await as("lanhdao");
    const lp = leader.pages()[0];
    await lp.goto("/merger/carry-over?c=28879");
    const form = lp.locator("#carry-28879 form");
    await form.getByLabel("Mức thừa nhận").selectOption("NTM");
    await form.getByLabel("Số quyết định").fill("2468/QĐ-UBND");
    await form.getByLabel("Ngày quyết định (dd/mm/yyyy)").fill("20/08/2025");
    await form.getByLabel("Người ký").fill("Nguyễn Văn Bình");
    await form.getByRole("button", { name: "Quyết định" }).click();
    await expect.poll(() => lp.locator("#carry-28879").innerText(), { timeout: 15_000 }).toContain("Đã quyết định");
    await lp.goto("/public/recognitions?province=86");
    await expect.poll(() => lp.locator("#carried").innerText(), { timeout: 15_000 }).toContain("2468/QĐ-UBND");
    await lp.goto("/units/28879");
    await expect.poll(() => lp.locator("#carried-level").innerText()).toContain("2468/QĐ-UBND");
    // The province's progress page counts it among the levels 2026–2030 starts from.
    await expect.poll(() => carriedTotal(lp)).toBe(before + 1);
    await leader.close();
  });
});
