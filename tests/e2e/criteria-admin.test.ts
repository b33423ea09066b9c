// Criteria admin in Chromium: the admin opens the sets, the QD318 set, sees an unverified target, verifies it.
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

const overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth";

describe("criteria admin in Chromium", () => {
  it("admin verifies an unverified QD318 target and its mark goes away", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

    await login(page, "admin");
    await htmxSettled(page, () => page.getByRole("link", { name: "Bộ tiêu chí" }).click());
    await expect.poll(() => new URL(page.url()).pathname).toBe("/admin/criteria");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Bộ tiêu chí");
    await expect.poll(() => page.evaluate<number>(overflow)).toBeLessThanOrEqual(0);

    await htmxSettled(page, () => page.getByRole("link", { name: "QD318-2022-XA", exact: true }).click());
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/admin\/criteria\/\d+$/);
    const setPath = new URL(page.url()).pathname;
    const unverified = page.locator("li.admin-target.unverified-target");
    const before = await unverified.count();
    expect(before).toBeGreaterThan(0);
    const first = unverified.first();
    const targetId = (await first.getAttribute("id"))!;
    await expect.poll(() => first.locator(".unverified").textContent()).toBe("chưa xác minh");
    await expect.poll(() => page.evaluate<number>(overflow)).toBeLessThanOrEqual(0);

    await htmxSettled(page, () => first.getByRole("link", { name: /^Sửa chỉ tiêu đích/ }).click());
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/admin/criteria/targets/${targetId.slice(2)}`);
    await page.getByLabel("Nguồn (văn bản, điều khoản, đường dẫn)").fill("Quyết định 318/QĐ-TTg, Phụ lục I — đã đối chiếu bản gốc (kiểm thử)");
    await page.getByLabel("Đã xác minh (đã đối chiếu với văn bản gốc)").check();
    await Promise.all([page.waitForURL((url) => url.pathname === setPath), page.getByRole("button", { name: "Lưu" }).click()]);
    await page.locator("#notice").waitFor();
    await expect.poll(() => page.locator("#notice").textContent()).toContain("Đã lưu chỉ tiêu đích");

    const saved = page.locator(`#${targetId}`);
    await expect.poll(() => saved.locator(".unverified").count()).toBe(0);
    await expect.poll(() => saved.textContent()).toContain("đã xác minh");
    await expect.poll(() => saved.textContent()).toContain("đã đối chiếu bản gốc (kiểm thử)");
    await expect.poll(() => unverified.count()).toBe(before - 1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
