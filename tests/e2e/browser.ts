// Debian's Chromium through playwright-core (never a downloaded browser).
import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { inject } from "vitest";

/** This test worker's own one of `list` (global-setup.ts starts an app and a browser per worker; VITEST_POOL_ID counts from 1). */
const ownOf = (list: string[]) => list[(Number(process.env.VITEST_POOL_ID ?? 1) - 1) % list.length];
export const baseUrl = () => ownOf(inject("baseUrls"));

/**
 * Debian's Chromium with the flags of DESIGN.md, as its headless shell (Debian package chromium-headless-shell: the
 * same Chromium build, the headless mode Playwright itself runs tests in) when installed: a new context and a page load
 * cost it about half the CPU of the full browser's headless mode, and the browser tests are CPU-bound here.
 */
const HEADLESS_SHELL = "/usr/lib/chromium/chromium-headless-shell";
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : "/usr/bin/chromium"),
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
  // playwright gives every launch a fresh temporary profile (user-data-dir) of its own.
};

/**
 * This worker's Chromium (global-setup.ts), connected afresh by each test file: no cold start per file.
 * Every test opens its own context (fresh cookies and storage); `browser.close()` disconnects and drops them.
 * The app's service worker is blocked in every context unless the file asks for it (`serviceWorkers: true`: the
 * offline queue and the field forms): installing it precaches the assets in each new context, CPU the others don't need.
 */
export async function launch({ serviceWorkers = false } = {}): Promise<Browser> {
  const browser = await chromium.connect(ownOf(inject("browserWsEndpoints")));
  if (!serviceWorkers) {
    const newContext = browser.newContext.bind(browser);
    browser.newContext = (options) => newContext({ serviceWorkers: "block", ...options });
  }
  return browser;
}

/** A phone-sized context (360 px wide, Vietnamese locale). */
export async function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 360, height: 740 }, locale: "vi-VN", baseURL: baseUrl() });
}

export async function login(page: Page, username: string, password = "demo-ntm-2026"): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/** Does `action` (a click on a boosted link, a typed search) and waits until htmx has swapped and settled. */
export async function htmxSettled(page: Page, action: () => Promise<unknown>): Promise<void> {
  await page.evaluate("window.__settled = new Promise((resolve) => document.addEventListener('htmx:afterSettle', () => resolve(true), { once: true })); true");
  await action();
  const settled = await page.evaluate("Promise.race([window.__settled, new Promise((r) => setTimeout(() => r(false), 15000))])");
  if (!settled) throw new Error(`htmx did not settle within 15 s (at ${page.url()})`);
}

