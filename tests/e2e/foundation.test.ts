import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { htmxSettled, launch, login, phoneContext } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("foundation in Chromium", () => {
  it("xa.phuphung logs in, browses from the province to Xã Phú Phụng, and searches 'phu phung'", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

    await login(page, "xa.phuphung");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("Cán bộ xã Phú Phụng");

    await page.goto("/units/86");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toMatch(/^Tỉnh Vĩnh Long$/);
    await expect.poll(() => page.locator("main").textContent()).toMatch(/Mô hình\s*2 cấp[\s\S]*Hiệu lực từ\s*01\/07\/2025/);
    // Other communes are listed for context but are not links for this user.
    await page.getByRole("cell", { name: "Xã Chợ Lách" }).waitFor();
    await expect.poll(() => page.getByRole("link", { name: "Xã Chợ Lách" }).count()).toBe(0);
    await htmxSettled(page, () => page.getByRole("link", { name: "Xã Phú Phụng" }).click());
    expect(page.url()).toMatch(/\/units\/28879$/);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toMatch(/^Xã Phú Phụng$/);
    await page.getByText("Ấp Vĩnh Thạnh").waitFor();

    // On a phone the header's links sit behind one "Menu" button.
    await page.getByRole("button", { name: "Menu" }).click();
    await htmxSettled(page, () => page.getByRole("link", { name: "Tìm đơn vị" }).click());
    expect(page.url()).toMatch(/\/units$/);
    // htmx active search swaps the results in without a full page load
    await htmxSettled(page, () => page.getByLabel("Tên đơn vị").fill("phu phung"));
    await page.getByRole("link", { name: "Xã Phú Phụng" }).waitFor();
    await expect.poll(() => page.locator("#search-results").textContent()).toContain("Tỉnh Vĩnh Long");

    // No horizontal scrolling at 360 px
    const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
    expect(overflow).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows a Vietnamese error for a wrong password and 403 on admin pages for commune staff", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Tên đăng nhập").fill("xa.phuphung");
    await page.getByLabel("Mật khẩu").fill("sai-mat-khau");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByText("Tên đăng nhập hoặc mật khẩu không đúng.").waitFor();
    await login(page, "xa.phuphung");
    const res = await page.goto("/admin/users");
    expect(res?.status()).toBe(403);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toMatch(/^Không có quyền truy cập$/);
    await context.close();
  });
});
