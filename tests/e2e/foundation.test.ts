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
  it("xa.vinhbinh logs in, browses from the province to Xã Vĩnh Bình, and searches 'vinh binh'", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

    await login(page, "xa.vinhbinh");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).count()).toBe(1);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("Cán bộ xã Vĩnh Bình");

    await page.goto("/units/83");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Tỉnh Bến Tre");
    await htmxSettled(page, () => page.getByRole("link", { name: "Huyện Chợ Lách" }).click());
    await expect.poll(() => page.url()).toMatch(/\/units\/832$/);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Huyện Chợ Lách");
    // Ba Tri is listed for context but not a link for this user
    await expect.poll(() => page.getByRole("link", { name: "Xã Sơn Định" }).count()).toBe(0);
    await htmxSettled(page, () => page.getByRole("link", { name: "Xã Vĩnh Bình" }).click());
    await expect.poll(() => page.url()).toMatch(/\/units\/28879$/);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Xã Vĩnh Bình");
    await expect.poll(() => page.getByText("Ấp Vĩnh Thạnh").count()).toBe(1);

    await htmxSettled(page, () => page.getByRole("link", { name: "Tìm đơn vị" }).click());
    await expect.poll(() => page.url()).toMatch(/\/units$/);
    // htmx active search swaps the results in without a full page load
    await htmxSettled(page, () => page.getByLabel("Tên đơn vị").fill("vinh binh"));
    await page.getByRole("link", { name: "Xã Vĩnh Bình" }).waitFor();
    await expect.poll(() => page.locator("#search-results").textContent()).toContain("Huyện Chợ Lách");

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
    await page.getByLabel("Tên đăng nhập").fill("xa.vinhbinh");
    await page.getByLabel("Mật khẩu").fill("sai-mat-khau");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByText("Tên đăng nhập hoặc mật khẩu không đúng.").waitFor();
    await login(page, "xa.vinhbinh");
    const res = await page.goto("/admin/users");
    expect(res?.status()).toBe(403);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Không có quyền truy cập");
    await context.close();
  });
});
