// The national shape in Chromium (issue 19): two province deployments (Lai Châu 12, Điện Biên 11; data:national
// split by province, generated once into .wrangler/national-dev/seed) and the national one, three `wrangler dev`.
// A save in province A shows on the national page after the national cron runs; province B stopped keeps its last
// figures, flagged, with their age.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launch } from "./browser";
import { E2E_PROVINCES, loadProvince, migrate, provinceToken, provinceTokenAndStaff, registerNational, startWorker, triggerNationalCron, type ProvinceSite, type Worker } from "../../scripts/lib/national-local";
import { freePort } from "../../scripts/lib/bench";

let browser: Browser;
let root = "";
const workers: Worker[] = [];
const sites: ProvinceSite[] = [];
let nationalPort = 0;
let staff: { username: string; communeCode: string; token: string };

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "ntm-national-"));
  const nationalDir = join(root, "national");
  mkdirSync(nationalDir);
  // Both provinces and the national D1 are prepared at once (each its own wrangler/miniflare process).
  const [prepared] = await Promise.all([
    Promise.all(
      E2E_PROVINCES.map(async (code): Promise<ProvinceSite> => {
        const dir = join(root, `p${code}`);
        await loadProvince(code, dir);
        // Province A (the first) also gives the commune staff account whose save the test follows.
        const site = code === E2E_PROVINCES[0] ? await provinceTokenAndStaff(code, dir) : { ...(await provinceToken(code, dir)), staff: undefined };
        if (site.staff) staff = site.staff;
        return { code, dir, port: await freePort(), token: site.token, name: site.name, region: site.region };
      }),
    ),
    migrate(nationalDir),
  ]);
  sites.push(...prepared);
  nationalPort = await freePort();
  await registerNational(nationalDir, sites, true);
  const started = await Promise.all([...sites.map((s) => startWorker(s.port, s.dir)), startWorker(nationalPort, join(root, "national"), { national: true })]);
  workers.push(...started);
  browser = await launch();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  for (const w of workers) w.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

const [A, B] = E2E_PROVINCES;
const nationalUrl = () => `http://127.0.0.1:${nationalPort}/national`;
const cellOf = (page: Page, code: string, field: string) => page.locator(`#tinh-${code} [data-field="${field}"]`);
const criteriaMet = async (page: Page, code: string) => {
  await page.goto(nationalUrl());
  return Number((await cellOf(page, code, "criteria-met").innerText()).replace(/\./g, ""));
};

describe("the national view across province deployments", () => {
  it("a save in province A appears after the national cron; province B stopped keeps its figures, flagged, with their age", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: "vi-VN" });
    const page = await ctx.newPage();
    await triggerNationalCron(nationalPort);
    await expect.poll(() => criteriaMet(page, A), { timeout: 20_000 }).toBeGreaterThan(0);
    const before = await criteriaMet(page, A);
    const beforeB = await cellOf(page, B, "criteria-met").innerText();
    expect(await cellOf(page, A, "status").innerText()).toContain("Đã cập nhật");

    // An indicator of the staff's commune that is met, in a criterion met at the base level: set it to "Không đạt".
    const a = sites[0];
    const res = await fetch(`http://127.0.0.1:${a.port}/api/v1/communes/${staff.communeCode}/checklist`, { headers: { Authorization: `Bearer ${staff.token}` } });
    const checklist = (await res.json()) as { indicators: { indicatorId: number; value: string | null; criterionNumber: number; met: Record<string, boolean> }[] };
    const base = Object.keys(checklist.indicators[0].met)[0];
    const target = checklist.indicators.find((i) => i.value === "true" && checklist.indicators.filter((s) => s.criterionNumber === i.criterionNumber).every((s) => s.met[base]));
    expect(target, "a met yes/no indicator in a met criterion").toBeDefined();

    await page.goto(`http://127.0.0.1:${a.port}/login`);
    await page.getByLabel("Tên đăng nhập").fill(staff.username);
    await page.getByLabel("Mật khẩu").fill("demo-ntm-2026");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await page.goto(`http://127.0.0.1:${a.port}/communes/${staff.communeCode}/indicators/${target!.indicatorId}/edit`);
    await page.getByLabel("Giá trị").selectOption("false");
    await page.getByRole("button", { name: "Lưu" }).click();
    // Saved: the indicator is shown again (no form), now not met at the base level.
    await expect.poll(() => page.locator(`#ind-${target!.indicatorId} form`).count(), { timeout: 15_000 }).toBe(0);
    expect(await page.locator(`#ind-${target!.indicatorId}`).innerText()).toContain(`✗ ${base}`);

    expect(await criteriaMet(page, A)).toBe(before); // the national figures move on the cron, not before
    await triggerNationalCron(nationalPort);
    await expect.poll(() => criteriaMet(page, A), { timeout: 20_000 }).toBe(before - 1);

    // Province B stops: the next pull fails, its last figures stay, flagged, with their time and age.
    workers[1].stop();
    await expect.poll(async () => fetch(`http://127.0.0.1:${sites[1].port}/healthz`).then(() => "up", () => "down"), { timeout: 15_000 }).toBe("down");
    await triggerNationalCron(nationalPort);
    await expect
      .poll(async () => {
        await page.goto(nationalUrl());
        return cellOf(page, B, "status").innerText();
      }, { timeout: 20_000 })
      .toContain("Không phản hồi");
    expect(await cellOf(page, B, "criteria-met").innerText()).toBe(beforeB);
    expect(await cellOf(page, B, "age").innerText()).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} \((vừa xong|\d+ phút trước)\)/);
    expect(await cellOf(page, A, "status").innerText()).toContain("Đã cập nhật");
    await ctx.close();
  });
});
