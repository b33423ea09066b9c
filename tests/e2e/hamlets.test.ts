// Issue 21 "xã nắm tới hộ" in Chromium on the present demo: xa.phuphung assigns two hamlets to a commune cadre,
// logs a visit to one, imports 30 households from the XLSX fixture (npm run fixtures:households), marks a follow-up;
// the hamlet coverage view and the suggested indicator value change; the province's cadre sees counts, no row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launch, login, phoneContext } from "./browser";
import { formatDate } from "../../src/domain/format";
import { vnDateOf } from "../../src/domain/clock";

const FIXTURE = "tests/fixtures/households-phuphung-30.xlsx";
const HAMLETS = "/communes/28879/hamlets";
const today = formatDate(vnDateOf(new Date().toISOString()));

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("xã nắm tới hộ in Chromium", () => {
  it("assign two hamlets, log a visit, import 30 households, mark a follow-up; the province's cadre sees counts only", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));

    await login(page, "xa.phuphung");
    await Promise.all([page.waitForURL((u) => u.pathname === HAMLETS), page.getByRole("link", { name: "Ấp, khu phố và hộ gia đình" }).click()]);
    const summary = page.locator("#hamlet-summary");
    await expect.poll(() => summary.textContent()).toContain("8 chưa có người theo dõi");

    for (const [code, hamlet] of [["28879-01", "Ấp Vĩnh Thạnh"], ["28879-02", "Ấp Vĩnh Hiệp"]]) {
      await page.getByLabel("Cán bộ, công chức xã").selectOption({ label: "Lê Thị Thu (cán bộ xã)" });
      await page.getByLabel("Ấp, khu phố").selectOption({ label: hamlet });
      await page.getByRole("button", { name: "Phân công", exact: true }).click();
      await expect.poll(() => page.locator(`#hamlet-${code} .assignees`).textContent()).toContain("Lê Thị Thu");
    }
    await expect.poll(() => summary.textContent()).toContain("6 chưa có người theo dõi");
    const vinhThanh = page.locator("#hamlet-28879-01");
    await expect.poll(() => vinhThanh.locator(".assignees").textContent()).toContain("Lê Thị Thu");
    // The demo's earlier visit (October) is the last one until today's.
    await expect.poll(() => vinhThanh.locator(".last-visit").textContent()).not.toBe(today);

    // A visit to Ấp Vĩnh Thạnh.
    await Promise.all([page.waitForURL((u) => u.pathname === "/communes/28879/visits/new"), page.getByRole("link", { name: "Ghi nhận chuyến thăm ấp" }).click()]);
    await page.getByLabel("Nơi đến").selectOption({ label: "Ấp Vĩnh Thạnh" });
    await page.getByLabel("Thành phần đoàn (ai đi)").fill("Cán bộ xã Phú Phụng");
    await page.getByLabel("Tóm tắt nội dung").fill("Nắm tình hình nước sạch các hộ tổ 1, tổ 2.");
    await page.getByLabel(/Tâm tư, nguyện vọng/).fill("Đề nghị kéo ống nước sạch về tổ 2");
    await Promise.all([page.waitForURL((u) => /^\/visits\/\d+$/.test(u.pathname)), page.getByRole("button", { name: "Lưu chuyến thăm" }).click()]);
    await page.goto(HAMLETS);
    await expect.poll(() => vinhThanh.locator(".last-visit").textContent()).toBe(today);
    await expect.poll(() => vinhThanh.locator(".listed").textContent()).toBe("0");

    // 30 households from the commune's spreadsheet: dry run first, then the import.
    await page.getByRole("link", { name: "Hộ gia đình xã theo dõi" }).click();
    await page.getByRole("link", { name: "Nhập từ bảng tính (XLSX, CSV)" }).click();
    await page.getByLabel(/Tệp bảng tính/).setInputFiles(FIXTURE);
    await page.getByRole("button", { name: "Chạy thử" }).click();
    await expect.poll(() => page.locator("#import-result").textContent()).toContain("Chạy thử: 30 hộ hợp lệ");
    await page.getByLabel(/Tệp bảng tính/).setInputFiles(FIXTURE);
    await page.getByRole("button", { name: "Nhập", exact: true }).click();
    await expect.poll(() => page.locator("#import-result").textContent()).toContain("Đã nhập 30 hộ.");

    await page.getByRole("link", { name: /← Hộ gia đình/ }).click();
    const water = page.locator("#suggest-8\\.1");
    await expect.poll(() => water.textContent()).toContain("Hộ dùng nước sạch: 12/30 hộ");
    await expect.poll(() => water.locator(".suggested").textContent()).toBe("40%");

    // A follow-up: household 3 now has clean water.
    await page.getByRole("link", { name: "Lê Văn Cường (hộ mẫu 3)" }).click();
    // The list's "add" form has the same fields: wait for the household's own page.
    await page.getByRole("heading", { level: 1, name: /^Cập nhật hộ gia đình/ }).waitFor();
    await page.getByLabel("Dùng nước sạch").selectOption({ label: "Có" });
    await page.getByLabel("Ghi chú theo dõi").fill("Đã lắp đồng hồ nước tháng 12");
    await Promise.all([page.waitForURL((u) => u.pathname === "/communes/28879/households"), page.getByRole("button", { name: "Lưu", exact: true }).click()]);
    await expect.poll(() => water.textContent()).toContain("Hộ dùng nước sạch: 13/30 hộ");
    await expect.poll(() => water.locator(".suggested").textContent()).toBe("43,3%");

    await page.goto(HAMLETS);
    await expect.poll(() => vinhThanh.locator(".listed").textContent()).toBe("15");
    expect(errors).toEqual([]);
    await context.close();

    // The province's cadre: counts on the hamlet page, no household row, 403 on the list.
    const cadre = await phoneContext(browser);
    const cp = await cadre.newPage();
    await login(cp, "canbo");
    await cp.goto(HAMLETS);
    await expect.poll(() => cp.locator("#hamlet-28879-01 .listed").textContent()).toBe("15");
    expect(await cp.content()).not.toContain("hộ mẫu");
    const list = await cp.goto("/communes/28879/households");
    expect(list?.status()).toBe(403);
    expect(await cp.content()).not.toContain("hộ mẫu");
    await cadre.close();
  });
});
