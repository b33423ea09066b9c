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

const overflow = (page: Page) => page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth");

/** Cells of the criteria pass-rate row for criterion `number` on a progress page. */
async function criterionRow(page: Page, number: string): Promise<string[]> {
  const row = page.locator("#table-criteria tbody tr").filter({ has: page.locator(`th:text-is("${number}")`) });
  return (await row.locator("th, td").allTextContents()).map((t) => t.trim());
}

describe("progress pages in Chromium", () => {
  it("lanhdao drills down from the province to Phú Phụng's failing indicator and its evidence in 2 clicks; after xa.phuphung fixes it, the province page shows the new figures on reload", async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await login(page, "lanhdao");
    await page.goto("/progress/86");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toMatch(/^Tiến độ xây dựng nông thôn mới: Tỉnh Vĩnh Long · Giai đoạn 2026–2030 \(hiện tại\)$/);
    await expect.poll(() => page.locator("#kpi-average").textContent()).toMatch(/^\d{1,2},\d{2}$/);
    expect(await page.locator("svg[role=img]").count()).toBeGreaterThanOrEqual(5);
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    let clicks = 0;
    // Two-tier: every commune is one click away on the province's map (its table shows 50 a page, Phú Phụng on the
    // second: tests/integration/maps.test.ts pages through it).
    await page.locator('#map-communes a[data-code="28879"]').click();
    await page.waitForURL(/\/progress\/28879$/);
    clicks++;
    expect(page.url()).toMatch(/\/progress\/28879$/);
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    // A failing indicator that is its criterion's only gap (fixing it turns the criterion met at the next level).
    const rows = page.locator("#table-failing tbody tr");
    const criteria = (await rows.locator("th").allTextContents()).map((t) => t.trim());
    const index = criteria.findIndex((c) => criteria.filter((x) => x === c).length === 1);
    expect(index).toBeGreaterThanOrEqual(0);
    const criterionNumber = criteria[index].split(".")[0];
    const link = rows.nth(index).getByRole("link");
    const href = (await link.getAttribute("href"))!;
    const id = /#ind-(\d+)$/.exec(href)![1];
    await link.click();
    clicks++;
    await page.waitForURL(/\/communes\/28879\/checklist/);
    const block = page.locator(`#ind-${id}`);
    await block.waitFor();
    await expect.poll(() => block.isVisible()).toBe(true);
    await expect.poll(() => block.textContent()).toContain("Minh chứng");
    await expect.poll(() => block.textContent()).toMatch(/✗ NTM(?! hiện đại)/);
    expect(clicks).toBeLessThanOrEqual(2);

    // The province's pass rate of that criterion at the NTM level, before the fix.
    await page.goto("/progress/86?level=NTM");
    const before = await criterionRow(page, criterionNumber);
    const levelsBefore = await page.locator("#table-levels tbody tr").allTextContents();

    // xa.phuphung fixes the indicator on the checklist.
    const staffCtx = await phoneContext(browser);
    const staff = await staffCtx.newPage();
    await login(staff, "xa.phuphung");
    await staff.goto("/communes/28879/checklist");
    const targets = await staff.locator(`#ind-${id} .target`).allTextContents();
    const base = targets.find((t) => t.startsWith("NTM:")) ?? "";
    await htmxSettled(staff, () => staff.locator(`#ind-${id}`).getByRole("link", { name: "Sửa" }).click());
    const input = staff.locator(`#value-${id}`);
    if ((await input.evaluate((el) => el.tagName)) === "SELECT") await input.selectOption("true");
    else await input.fill(/([≥≤=])\s*([\d.,]+)/.exec(base)![2].replace(/\./g, ""));
    const evidence = staff.locator(`#evidence-note-${id}`);
    if ((await evidence.inputValue()) === "") await evidence.fill("Báo cáo rà soát tháng 11/2026");
    await htmxSettled(staff, () => staff.locator(`#ind-${id}`).getByRole("button", { name: "Lưu" }).click());
    await staff.locator(`#ind-${id} .value`).waitFor();
    await expect.poll(() => staff.locator(`#ind-${id}`).textContent()).toMatch(/✓ NTM(?! hiện đại)/);
    await staffCtx.close();

    // The leader reloads: the criterion's count at the NTM level went up by one, no rebuild step.
    await page.reload();
    const after = await criterionRow(page, criterionNumber);
    expect(Number(after[2])).toBe(Number(before[2]) + 1);
    expect(Number(after[4])).toBe(Number(before[4]) - 1);
    // If that was Phú Phụng's last gap, it moved up a level too.
    await page.goto("/progress/28879");
    const stillFailing = await page.locator("#table-failing tbody tr").count();
    if ((await page.locator("#kpi-level").textContent()) === "NTM") {
      await page.goto("/progress/86?level=NTM");
      expect(await page.locator("#table-levels tbody tr").allTextContents()).not.toEqual(levelsBefore);
    } else {
      expect(stillFailing).toBeGreaterThan(0);
      await expect.poll(() => page.locator(`#table-failing a[href$="#ind-${id}"]`).count()).toBe(0);
    }
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("sorts and filters a table without JavaScript help, exports XLSX, and prints without navigation", async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await login(page, "lanhdao");
    await page.goto("/progress/86");
    await htmxSettled(page, () => page.locator("#table-units thead").getByRole("link", { name: /Số tiêu chí đạt/ }).click());
    // The first click sorts the worst first (fewest criteria met), for leaders looking for who lags (issue 15).
    const values = (await page.locator("#table-units tbody tr td:nth-child(2)").allTextContents()).map(Number);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    await page.locator("#t-units summary").click();
    await page.locator("#f-units").fill("vinh");
    await htmxSettled(page, () => page.locator("#t-units").getByRole("button", { name: "Lọc" }).click());
    const names = await page.locator("#table-units tbody th").allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => /V[ĩi]nh/.test(n))).toBe(true);
    // The filter is active, so its tools stay open; the export link is a plain download (not boosted).
    expect(await page.locator("#t-units details, details#t-units, #t-units .table-tools").first().getAttribute("open")).not.toBeNull();
    const download = page.waitForEvent("download");
    await page.locator("#t-units").getByRole("link", { name: "XLSX" }).click();
    expect((await download).suggestedFilename()).toBe("tien-do-86-units.xlsx");
    await page.emulateMedia({ media: "print" });
    await expect.poll(() => page.locator("header.top").isVisible()).toBe(false);
    await expect.poll(() => page.locator(".table-tools").first().isVisible()).toBe(false);
    await expect.poll(() => page.locator("#chart-levels-title").count()).toBe(1);
    await ctx.close();
  });

  it("shows the public summary without login", async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await page.goto("/public/progress/86");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toMatch(/^Tiến độ xây dựng nông thôn mới: Tỉnh Vĩnh Long · Giai đoạn 2026–2030 \(hiện tại\)$/);
    await page.getByRole("link", { name: "Xã Phú Phụng", exact: true }).click();
    await page.waitForURL(/\/public\/progress\/28879$/);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("Xã Phú Phụng");
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    // The map: clicking a commune's shape opens that commune (issue 15 item 4).
    await page.goBack();
    const shape = page.locator('#map-communes a[data-code="28879"]');
    expect(await shape.locator("title").textContent()).toMatch(/^Xã [^:]+: /);
    const name = (await shape.locator("title").textContent())!.split(":")[0];
    await shape.click();
    await page.waitForURL(/\/public\/progress\/28879$/);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain(name);
    await ctx.close();
  });
});
