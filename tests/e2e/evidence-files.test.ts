// Evidence files in Chromium on a 360 px phone with a slow network: xa.phuphung photographs a failing
// indicator (a 6 MB JPEG made in the page), upload.js resizes it under 1 MB, the progress bar moves, the
// thumbnail appears and the indicator can be marked met with the photo as its evidence.
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

/** A failing indicator from the summary's gap list (one that needs evidence first) and the value that passes it. */
async function failingIndicator(page: Page): Promise<{ id: string; pass: string | null }> {
  const ids = await page.locator("#summary .gap a").evaluateAll((links) => links.map((a) => (a.getAttribute("href") ?? "").replace("#ind-", "")));
  const needs = async (id: string) => (await page.locator(`#ind-${id} .badge.warn`, { hasText: "cần minh chứng" }).count()) > 0;
  const ordered = [...(await Promise.all(ids.map(async (id) => ((await needs(id)) ? [id] : [])))).flat(), ...ids];
  for (const id of ordered) {
    const targets = await page.locator(`#ind-${id} .target`).allTextContents();
    const base = targets.find((t) => t.startsWith("NTM:"));
    const m = base && /([≥≤])\s*([\d.,]+)/.exec(base);
    if (m) return { id, pass: m[2].replace(/\./g, "") };
    if (base && /Đạt|Có/.test(base)) return { id, pass: null };
  }
  throw new Error(`no usable failing indicator among ${ids.join(", ")}`);
}

/** Puts a large camera-like JPEG (≈ 6 MB, 4000 × 3000) into the file input, built with a canvas in the page. */
async function pickLargePhoto(page: Page, inputSelector: string, width = 4000, height = 3000): Promise<number> {
  return page.evaluate(async ([selector, width, height]) => {
    const w = globalThis as any; // the page's window (the project's types have no DOM)
    const canvas = w.document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext("2d");
    const sky = ctx.createLinearGradient(0, 0, 0, height);
    sky.addColorStop(0, "#8ec5ff");
    sky.addColorStop(1, "#3b7d3b");
    ctx.fillStyle = sky;
    ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = "#888";
    ctx.fillRect(width * 0.375, height * 0.4, width / 4, height * 0.6); // the road
    // Sensor noise: what makes a phone photo large.
    const img = ctx.getImageData(0, 0, width, height);
    let x = 7;
    for (let i = 0; i < img.data.length; i += 4) {
      x = (x * 1103515245 + 12345) >>> 0;
      const n = ((x >>> 24) & 63) - 32;
      img.data[i] += n;
      img.data[i + 1] += n;
      img.data[i + 2] += n;
    }
    ctx.putImageData(img, 0, 0);
    const blob: Blob = await new Promise((resolve) => canvas.toBlob((b: Blob) => resolve(b), "image/jpeg", 0.92));
    const input = w.document.querySelector(selector);
    const dt = new w.DataTransfer();
    dt.items.add(new File([blob], "IMG_20261130_0815.jpg", { type: "image/jpeg" }));
    input.files = dt.files;
    return blob.size;
  }, [inputSelector, width, height] as const);
}

describe("evidence files in Chromium", () => {
  it("xa.phuphung uploads a 6 MB photo on a slow phone network onto a failing indicator: resized under 1 MB, progress, thumbnail, then met", async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await login(page, "xa.phuphung");
    await page.goto(CHECKLIST);
    const { id, pass } = await failingIndicator(page);
    await htmxSettled(page, () => page.locator(`#ind-${id}`).getByRole("link", { name: "Sửa" }).click());

    // Slow 3G (Chrome DevTools' preset figures: 400 ms, 500 kbit/s each way) from here on.
    const cdp = await ctx.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 400, downloadThroughput: 62_500, uploadThroughput: 62_500 });

    const original = await pickLargePhoto(page, `#up-indicator-${id}-file`);
    expect(original).toBeGreaterThan(5 * 1024 * 1024);
    // Record every value the progress bar takes.
    await page.evaluate((sel) => {
      const w = globalThis as any;
      const bar = w.document.querySelector(sel);
      w.__progress = [];
      new w.MutationObserver(() => w.__progress.push(bar.getAttribute("value") ?? "")).observe(bar, { attributes: true });
    }, `#ind-${id} .upload-progress`);
    await page.locator(`#ind-${id}`).getByRole("button", { name: "Tải lên" }).click();
    await expect.poll(() => page.locator(`#ind-${id} .upload-status`).textContent(), { timeout: 55_000 }).toContain("Đã tải lên");
    const values = (await page.evaluate("window.__progress")) as string[];
    expect(values.some((v) => Number(v) > 0 && Number(v) < 100)).toBe(true);
    expect(values.at(-1)).toBe("100");

    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const thumb = page.locator(`#files-indicator-${id} img`).first();
    await thumb.waitFor();
    await expect.poll(() => thumb.getAttribute("loading")).toBe("lazy");
    await page.waitForFunction((sel) => ((globalThis as any).document.querySelector(sel)?.naturalWidth ?? 0) > 0, `#files-indicator-${id} img`);
    const stored = (await page.evaluate(async (sel) => {
      const href = (globalThis as any).document.querySelector(sel).closest("a").getAttribute("href");
      const res = await fetch(href);
      return { size: (await res.blob()).size, type: res.headers.get("Content-Type"), nosniff: res.headers.get("X-Content-Type-Options") };
    }, `#files-indicator-${id} img`)) as { size: number; type: string; nosniff: string };
    console.log(`evidence e2e: original ${original} bytes, stored after resizing ${stored.size} bytes`);
    expect(stored.size).toBeLessThan(1024 * 1024);
    expect(stored).toMatchObject({ type: "image/jpeg", nosniff: "nosniff" });

    // Marked met with the photo as its only evidence.
    if (pass === null) await page.locator(`#value-${id}`).selectOption({ index: 1 });
    else await page.locator(`#value-${id}`).fill(pass);
    await page.locator(`#evidence-note-${id}`).fill("");
    await htmxSettled(page, () => page.locator(`#ind-${id}`).getByRole("button", { name: "Lưu" }).click());
    await expect.poll(() => page.locator(`#ind-${id} .badges`).textContent()).toContain("✓");
    expect(await page.locator(`#ind-${id} .file-list img`).count()).toBeGreaterThanOrEqual(1);
    await ctx.close();
  });

  it("canbo logs a visit to Xã Phú Phụng and attaches a photo to a resident's concern; the thumbnail appears in the visit", async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await login(page, "canbo");
    await page.goto("/communes/28879/visits/new");
    const concern = `Đường ấp Phú Thạnh sạt lở bờ kênh (${Date.now() % 100000})`;
    await page.getByLabel("Thành phần đoàn (ai đi)").fill("Nguyễn Văn Hỗ Trợ (cán bộ tỉnh)");
    await page.getByLabel("Tóm tắt nội dung").fill("Kiểm tra đoạn đường sạt lở.");
    await page.getByLabel("Tâm tư, nguyện vọng của người dân (mỗi dòng một ý)").fill(concern);
    await page.getByRole("button", { name: "Lưu chuyến thăm" }).click();
    await page.waitForURL(/\/visits\/\d+$/);
    const item = page.locator("li.concern", { hasText: concern });
    await item.locator("summary").click();
    const input = item.locator('input[type="file"]');
    const inputId = await input.getAttribute("id");
    await pickLargePhoto(page, `#${inputId}`, 1600, 1200);
    await item.getByRole("button", { name: "Tải lên" }).click();
    await expect.poll(() => item.locator(".upload-status").textContent(), { timeout: 30_000 }).toContain("Đã tải lên");
    await item.locator(".file-list img").first().waitFor();
    expect(await page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth")).toBeLessThanOrEqual(0);
    // Reloaded, the photo is still there.
    await page.reload();
    await expect.poll(() => page.locator("li.concern", { hasText: concern }).locator(".file-list img").count()).toBe(1);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("lanhdao opens the photo from the progress drill-down: province → Phú Phụng → checklist → thumbnail", async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await login(page, "lanhdao");
    await page.goto("/progress/86");
    // The communes table shows 50 a page (Phú Phụng is on the second): its filter finds the commune.
    await page.locator("#t-units summary").click();
    await page.locator("#f-units").fill("phu phung");
    await htmxSettled(page, () => page.locator("#t-units").getByRole("button", { name: "Lọc" }).click());
    await htmxSettled(page, () => page.locator("#table-units").getByRole("link", { name: "Xã Phú Phụng" }).click());
    await page.getByRole("link", { name: "Bộ tiêu chí và minh chứng" }).click();
    await page.waitForURL(/\/communes\/28879\/checklist$/);
    // Met criteria are collapsed and load their indicators when opened: "all" opens every one.
    await page.goto("/communes/28879/checklist?all=1");
    const thumb = page.locator(".file-list img").first();
    await thumb.waitFor();
    await expect.poll(() => page.locator(".upload").count()).toBe(0); // leaders read, they do not attach
    const href = (await thumb.locator("xpath=ancestor::a").getAttribute("href"))!;
    const res = await page.request.get(href);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("image/jpeg");
    expect(res.headers()["x-content-type-options"]).toBe("nosniff");
    await ctx.close();
  });
});
