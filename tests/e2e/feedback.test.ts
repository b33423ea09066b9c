// The monthly feedback loop in Chromium at 360 px: canbo logs a visit to Xã Phú Phụng with a concern and
// turns it into feedback; so.nongnghiep answers it (after an empty answer is refused); xa.phuphung sees
// the answer (not the internal note) and rates it.
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

const CONCERN = `Kênh thủy lợi ấp Vĩnh Hòa bồi lắng, thiếu nước tưới vườn (${Date.now() % 100000})`;
const ANSWER = "Sở giao Chi cục Thủy lợi nạo vét kênh ấp Vĩnh Hòa trong tháng tới; xã phối hợp vận động người dân.";
const INTERNAL = "Kinh phí từ nguồn duy tu thủy lợi năm nay.";

async function asUser(username: string): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await phoneContext(browser);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && !m.text().includes("status of 422") && errors.push(m.text()));
  await login(page, username);
  return { page, errors, close: () => context.close() };
}

const noHorizontalScroll = (page: Page) => page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth");

describe("feedback loop in Chromium", () => {
  let itemUrl = "";

  it("canbo logs a visit to Xã Phú Phụng with a concern and turns it into feedback", async () => {
    const { page, errors, close } = await asUser("canbo");
    await page.goto("/me/communes");
    const card = page.locator("#board-28879");
    await expect.poll(() => card.getByRole("heading", { level: 2 }).textContent()).toContain("Xã Phú Phụng");
    await card.getByRole("link", { name: "Ghi nhận chuyến thăm" }).click();
    await page.waitForURL(/\/communes\/28879\/visits\/new$/);
    await page.getByLabel("Thành phần đoàn (ai đi)").fill("Nguyễn Văn Hỗ Trợ (cán bộ tỉnh)");
    await page.getByLabel("Gặp gỡ, làm việc với").fill("Ban nhân dân ấp Vĩnh Hòa, 20 hộ dân");
    await page.getByLabel("Tóm tắt nội dung").fill("Nắm tình hình nước tưới mùa khô, vận động nạo vét kênh.");
    await page.getByLabel("Tâm tư, nguyện vọng của người dân (mỗi dòng một ý)").fill(`${CONCERN}\nMong có thêm lớp tập huấn trồng bưởi`);
    expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(0);
    await page.getByRole("button", { name: "Lưu chuyến thăm" }).click();
    await page.waitForURL(/\/visits\/\d+$/);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("Xã Phú Phụng");

    const concern = page.locator("li.concern", { hasText: CONCERN });
    await concern.getByLabel("Lĩnh vực").selectOption({ label: "Sản xuất nông nghiệp" });
    await concern.getByRole("button", { name: "Chuyển thành phản ánh" }).click();
    await page.waitForURL(/\/feedback\/\d+$/);
    itemUrl = new URL(page.url()).pathname;
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(CONCERN);
    await expect.poll(() => page.locator("#item-department").textContent()).toBe("Sở Nông nghiệp và Môi trường");
    await expect.poll(() => page.locator(".status-routed").count()).toBe(1);
    expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await close();
  });

  it("so.nongnghiep finds it in the inbox; an empty answer is refused in place; the answer is saved", async () => {
    expect(itemUrl).not.toBe("");
    const { page, errors, close } = await asUser("so.nongnghiep");
    await page.getByRole("link", { name: "Phản ánh, kiến nghị" }).click();
    await page.waitForURL(/\/departments\/\d+\/feedback$/);
    await page.getByRole("link", { name: CONCERN }).click();
    await page.waitForURL((url) => url.pathname === itemUrl);

    await page.getByLabel("Ghi chú nội bộ (chỉ sở, ngành và Văn phòng Điều phối thấy)").fill(INTERNAL);
    await htmxSettled(page, () => page.getByRole("button", { name: "Trả lời", exact: true }).click());
    await page.getByText("Vui lòng nhập nội dung trả lời.").waitFor();
    // What was typed is still there after the 422.
    await expect.poll(() => page.getByLabel("Ghi chú nội bộ (chỉ sở, ngành và Văn phòng Điều phối thấy)").inputValue()).toBe(INTERNAL);
    await expect.poll(() => page.locator(".status-routed").count()).toBe(1);

    await page.getByLabel("Nội dung trả lời (địa phương sẽ thấy)").fill(ANSWER);
    await page.getByRole("button", { name: "Trả lời", exact: true }).click();
    await page.locator(".status-answered").waitFor();
    await expect.poll(() => page.locator("#public-answer").textContent()).toBe(ANSWER);
    await expect.poll(() => page.getByText(INTERNAL).count()).toBe(1);
    expect(errors).toEqual([]);
    await close();
  });

  it("xa.phuphung sees the answer, not the internal note, and rates it", async () => {
    const { page, errors, close } = await asUser("xa.phuphung");
    await page.getByRole("link", { name: "Phản ánh, kiến nghị" }).click();
    await page.waitForURL(/\/communes\/28879\/feedback$/);
    await page.getByRole("link", { name: "Đã trả lời" }).click();
    await page.waitForURL(/status=answered/);
    await page.getByRole("link", { name: CONCERN }).click();
    await page.waitForURL((url) => url.pathname === itemUrl);
    await expect.poll(() => page.locator("#public-answer").textContent()).toBe(ANSWER);
    await expect.poll(() => page.getByText(INTERNAL).count()).toBe(0);

    await page.getByLabel("5 – Rất hài lòng").check();
    await page.getByLabel("Nhận xét (không bắt buộc)").fill("Bà con rất phấn khởi.");
    await page.getByRole("button", { name: "Đánh giá câu trả lời" }).click();
    await page.locator(".status-closed").waitFor();
    await expect.poll(() => page.locator("#rating").textContent()).toBe("5/5");
    await expect.poll(() => page.locator(".timeline").textContent()).toContain("5/5 — Bà con rất phấn khởi.");
    expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await close();
  });
});
