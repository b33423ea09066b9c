// Offline: an installable app (manifest, icons, service worker) that shows the pages opened before with
// "Ngoại tuyến" and their age, queues a visit with a concern and a checklist save made offline ("N mục chờ gửi"), sends
// them in order when the network is back (one record each), and stops an offline save that meets a newer value (409,
// nothing overwritten).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { baseUrl, htmxSettled, launch, login, phoneContext } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch({ serviceWorkers: true });
});
afterAll(async () => {
  await browser?.close();
});

const CHECKLIST = "/communes/28879/checklist";
let ctx: BrowserContext | undefined;
let other: BrowserContext | undefined;
afterEach(async () => {
  await ctx?.close();
  await other?.close();
  ctx = other = undefined;
});

/** Logs in and waits until the service worker controls the page. */
async function controlled(page: Page, user: string, path: string) {
  await login(page, user);
  await page.goto(path);
  await page.evaluate("navigator.serviceWorker.ready.then(() => true)");
  if (!(await page.evaluate("!!navigator.serviceWorker.controller"))) await page.reload();
  await expect.poll(() => page.evaluate("!!navigator.serviceWorker.controller"), { timeout: 30_000 }).toBe(true);
}

/**
 * Opens (online, so the fragment is kept) the editor of the `nth` editable indicator not in the summary's gap list: a
 * changed evidence note then cannot turn a criterion met for the other test files, which use the gaps.
 */
async function openEditor(page: Page, nth: number): Promise<string> {
  const gaps = new Set(await page.locator("#summary .gap a").evaluateAll((links) => links.map((a) => (a.getAttribute("href") ?? "").replace("#ind-", ""))));
  const ids = await page
    .locator("li[id^=ind-]")
    .evaluateAll((items) => items.filter((li) => [...li.querySelectorAll("a")].some((a) => a.textContent?.trim().startsWith("Sửa chỉ tiêu"))).map((li) => li.id.replace("ind-", "")));
  const id = ids.filter((i) => !gaps.has(i))[nth];
  await htmxSettled(page, () => page.locator(`#ind-${id}`).getByRole("link", { name: "Sửa" }).click());
  await page.locator(`#evidence-note-${id}`).waitFor();
  return id;
}

describe("offline (phone)", () => {
  it("installable: manifest with name, start_url, standalone and 192/512 px icons; the service worker registers and the checklist opens offline with “Ngoại tuyến” and its age", async () => {
    const manifest = (await (await fetch(`${baseUrl()}/manifest.webmanifest`)).json()) as { name: string; short_name: string; start_url: string; display: string; icons: { src: string; sizes: string; type: string }[] };
    expect(manifest).toMatchObject({ short_name: "Nông thôn mới", start_url: "/", display: "standalone" });
    for (const size of ["192x192", "512x512"]) {
      const icon = manifest.icons.find((i) => i.sizes === size && i.type === "image/png")!;
      const res = await fetch(`${baseUrl()}${icon.src}`);
      expect(res.headers.get("Content-Type")).toBe("image/png");
    }
    ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await controlled(page, "xa.phuphung", CHECKLIST);
    expect(await page.locator('link[rel="manifest"]').getAttribute("href")).toBe("/manifest.webmanifest");
    await ctx.setOffline(true);
    await page.reload();
    await expect.poll(() => page.locator("#net-status").textContent(), { timeout: 30_000 }).toMatch(/^Ngoại tuyến — dữ liệu lúc \d\d:\d\d \d\d\/\d\d\/\d{4}/);
    expect(await page.locator("li[id^=ind-]").count()).toBeGreaterThan(10);
    await ctx.setOffline(false);
  });

  it("a visit with a concern and a checklist save made offline wait as “N mục chờ gửi” and are sent on reconnect: one record each", async () => {
    ctx = await phoneContext(browser);
    const cadre = await ctx.newPage();
    await controlled(cadre, "canbo", "/communes/28879/visits/new");
    const summary = `Thăm ấp khi mất sóng ${Date.now()}`;
    await ctx.setOffline(true);
    await cadre.reload(); // the form from the copy on the phone
    await cadre.getByLabel(/Thành phần đoàn/).fill("Tổ công tác tỉnh");
    await cadre.getByLabel("Tóm tắt nội dung").fill(summary);
    await cadre.getByLabel(/Tâm tư, nguyện vọng/).fill("Cống ấp bị hỏng");
    await cadre.getByRole("button", { name: /Lưu chuyến thăm/ }).dblclick();
    await expect.poll(() => cadre.locator("#toast").textContent()).toContain("đã lưu trên máy");
    await expect.poll(() => cadre.locator("#outbox summary").textContent()).toBe("1 mục chờ gửi");

    other = await phoneContext(browser);
    const staff = await other.newPage();
    await controlled(staff, "xa.phuphung", CHECKLIST);
    const id = await openEditor(staff, 2);
    const note = `Minh chứng ghi ngoài đồng ${Date.now()}`;
    await other.setOffline(true);
    await staff.locator(`#evidence-note-${id}`).fill(note);
    await staff.locator(`#ind-${id}`).getByRole("button", { name: "Lưu" }).click();
    await expect.poll(() => staff.locator("#outbox summary").textContent()).toBe("1 mục chờ gửi");
    expect(await staff.locator(`#evidence-note-${id}`).inputValue()).toBe(note);

    await ctx.setOffline(false);
    await cadre.evaluate("window.dispatchEvent(new Event('online'))");
    await expect.poll(() => cadre.locator("#outbox").count(), { timeout: 15_000 }).toBe(0);
    await other.setOffline(false);
    await staff.evaluate("window.dispatchEvent(new Event('online'))");
    await expect.poll(() => staff.locator("#outbox").count(), { timeout: 15_000 }).toBe(0);

    const visits = await (await ctx.request.get(`${baseUrl()}/communes/28879/visits`)).text();
    expect(visits.split(summary).length - 1).toBe(1);
    const view = await (await other.request.get(`${baseUrl()}/communes/28879/indicators/${id}/view`, { headers: { "HX-Request": "true" } })).text();
    expect(view).toContain(note);
  });

  it("an offline save that meets a newer value on the server is not sent over it: the 409 is shown in the list, the newer value stays", async () => {
    ctx = await phoneContext(browser);
    const a = await ctx.newPage();
    await controlled(a, "xa.phuphung", CHECKLIST);
    const id = await openEditor(a, 3);
    await ctx.setOffline(true);
    await a.locator(`#evidence-note-${id}`).fill("Bản ghi ngoại tuyến (cũ)");
    await a.locator(`#ind-${id}`).getByRole("button", { name: "Lưu" }).click();
    await expect.poll(() => a.locator("#outbox summary").textContent()).toBe("1 mục chờ gửi");

    // Meanwhile someone saves the same indicator online.
    other = await phoneContext(browser);
    const b = await other.newPage();
    await login(b, "xa.phuphung");
    await b.goto(CHECKLIST);
    await htmxSettled(b, () => b.locator(`#ind-${id}`).getByRole("link", { name: "Sửa" }).click());
    const newer = `Bản mới hơn trên máy chủ ${Date.now()}`;
    await b.locator(`#evidence-note-${id}`).fill(newer);
    await htmxSettled(b, () => b.locator(`#ind-${id}`).getByRole("button", { name: "Lưu" }).click());

    await ctx.setOffline(false);
    await a.evaluate("window.dispatchEvent(new Event('online'))");
    await expect.poll(() => a.locator("#outbox summary").textContent(), { timeout: 15_000 }).toBe("0 mục chờ gửi · 1 mục cần xem lại");
    expect(await a.locator("#outbox li").textContent()).toContain("đã có giá trị mới hơn trên máy chủ — chưa ghi đè");
    const view = await (await other.request.get(`${baseUrl()}/communes/28879/indicators/${id}/view`, { headers: { "HX-Request": "true" } })).text();
    expect(view).toContain(newer);
  });
});
