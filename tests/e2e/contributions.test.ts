import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launch, login, phoneContext } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const SPONSOR = "Công ty TNHH Xây dựng Đồng Khởi";

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // The deliberate 422 shows in the console as a failed resource load; anything else is a real error.
  page.on("console", (m) => m.type() === "error" && !/status of 422/.test(m.text()) && errors.push(m.text()));
  return errors;
}

const overflow = (page: Page) => page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth");

describe("sponsors ledger in Chromium", () => {
  let contributionUrl = "";
  let checkCode = "";
  let receiptNumber = "";

  it("canbo records a 50.000.000 pledge from a consenting sponsor for Xã Phú Phụng (criterion Hạ tầng kinh tế – xã hội)", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, "canbo");
    await page.goto("/communes/28879/contributions/new");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Ghi nhận cam kết đóng góp");
    // Only the fields of the chosen kind are shown (money: no in-kind quantity).
    await expect.poll(() => page.getByLabel("Số lượng").isVisible()).toBe(false);
    await page.getByLabel("Tên nhà tài trợ").fill(SPONSOR);
    await page.getByLabel("Điện thoại").fill("0275 3822 999");
    await page.getByLabel("Nhà tài trợ đồng ý công khai tên và số tiền đóng góp").check();
    // A typing slip first: 422 with a Vietnamese message, nothing typed is lost.
    await page.getByLabel("Số tiền cam kết (đồng)").fill("-50.000.000");
    await page.getByLabel("Tiêu chí").selectOption({ label: "2. Hạ tầng kinh tế – xã hội" });
    await page.getByRole("button", { name: "Lưu cam kết" }).click();
    await page.getByText("Số tiền cam kết không được âm.").waitFor();
    await expect.poll(() => page.getByLabel("Tên nhà tài trợ").inputValue()).toBe(SPONSOR);
    await expect.poll(() => page.getByLabel("Tiêu chí").locator("option:checked").textContent()).toBe("2. Hạ tầng kinh tế – xã hội");
    await page.getByLabel("Số tiền cam kết (đồng)").fill("50.000.000");
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.getByRole("button", { name: "Lưu cam kết" }).click();
    await page.waitForURL(/\/contributions\/\d+$/);
    contributionUrl = new URL(page.url()).pathname;
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(`Cam kết của ${SPONSOR}`);
    await expect.poll(() => page.locator('[data-figure="pledged"]').textContent()).toBe("50.000.000 đ");
    await expect.poll(() => page.locator("#contribution-facts").textContent()).toContain("2. Hạ tầng kinh tế – xã hội");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("xa.phuphung records a 30.000.000 receipt against it and the receipt prints with the amount in words", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, "xa.phuphung");
    await page.getByRole("link", { name: "Mạnh thường quân của xã" }).click();
    await page.waitForURL(/\/communes\/28879\/contributions$/);
    await page.getByRole("link", { name: SPONSOR }).click();
    await page.waitForURL((url) => url.pathname === contributionUrl);
    await page.getByLabel("Số tiền thu (đồng)").fill("30.000.000");
    await page.getByRole("button", { name: "Lưu và in phiếu thu" }).click();
    await page.waitForURL(/\/receipts\/\d+\?new=1$/);
    await page.getByText(/Đã lập phiếu thu số 28879-\d{4}-\d{4}/).waitFor();
    await expect.poll(() => page.locator("#receipt-amount").textContent()).toBe("30.000.000 đ");
    checkCode = (await page.locator("#receipt-check").textContent()) ?? "";
    // Its number as printed (another file on the same app may have numbered a receipt of the commune first).
    receiptNumber = (await page.locator("#receipt-number").textContent()) ?? "";
    await expect.poll(() => page.locator("#receipt-words").textContent()).toBe("Ba mươi triệu đồng.");
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    // The print stylesheet: only the receipt, no site header, buttons or notices.
    await page.emulateMedia({ media: "print" });
    await expect.poll(() => page.locator("header.top").isVisible()).toBe(false);
    await expect.poll(() => page.getByRole("button", { name: "In phiếu thu" }).isVisible()).toBe(false);
    await expect.poll(() => page.locator("#receipt-words").isVisible()).toBe(true);
    await expect.poll(() => page.getByRole("heading", { name: "PHIẾU THU" }).isVisible()).toBe(true);
    const pdf = await page.pdf({ format: "A5", landscape: true });
    expect(pdf.byteLength).toBeGreaterThan(5_000);
    await page.emulateMedia({ media: "screen" });
    // Back on the contribution: 30.000.000 of 50.000.000 received.
    await page.goto(contributionUrl);
    await expect.poll(() => page.locator('[data-figure="received"]').textContent()).toBe("30.000.000 đ");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the public page, without login, shows the sponsor with 30.000.000 received of 50.000.000 pledged, and no contact data", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const res = await page.goto("/public/communes/28879");
    expect(res?.status()).toBe(200);
    expect(page.url()).toMatch(/\/public\/communes\/28879$/);
    const row = page.locator("#public-sponsors tr", { hasText: SPONSOR });
    await expect.poll(() => row.count()).toBe(1);
    const cells = await row.locator("td").allTextContents();
    expect(cells).toEqual(["50.000.000 đ", "30.000.000 đ"]);
    expect(await page.content()).not.toContain("0275 3822 999");
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    // Receipt lookup by number.
    await page.getByLabel(/Số phiếu thu/).fill(receiptNumber);
    await page.getByLabel(/Mã kiểm tra/).fill(checkCode);
    await page.getByRole("button", { name: "Tra cứu" }).click();
    await page.waitForURL(/receipt=/);
    await expect.poll(() => page.locator("#receipt-lookup").textContent()).toContain("30.000.000 đ");
    expect(errors).toEqual([]);
    await context.close();
  });
});
