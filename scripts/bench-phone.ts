// npm run bench:phone — the commune checklist on a 360×740 phone (Chromium): HTML bytes, page height as it opens
// and with every criterion collapsed, what the first screen shows. Asserts the budgets of issue 15 (HTML < 40 KB,
// collapsed height < 8,000 px, the summary and the first failing indicator on the first screen) and exits 1 when
// one is missed. A benchmark, not a timed test. BENCH_BASE_URL=http://127.0.0.1:88xx reuses a running app.
import { writeFileSync, mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { startApp, type Server } from "./lib/bench";
import { CHROMIUM } from "../tests/e2e/browser";

const COMMUNE = "28879";
const BUDGET = { htmlBytes: 40_000, collapsedHeightPx: 8_000 };

const server: Server = process.env.BENCH_BASE_URL ? { baseUrl: process.env.BENCH_BASE_URL, stop: () => {} } : await startApp();
const browser = await chromium.launch(CHROMIUM);
try {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "vi-VN", baseURL: server.baseUrl });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Tên đăng nhập").fill("xa.phuphung");
  await page.getByLabel("Mật khẩu").fill("demo-ntm-2026");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));

  const path = `/communes/${COMMUNE}/checklist`;
  const res = await page.goto(path);
  const html = await res!.text();
  // Browser-side code as strings (the scripts' tsconfig has no DOM types).
  type Measure = { height: number; overflowX: number; headerPx: number; summaryBottom: number; firstFailingTop: number | null };
  const measure = () =>
    page.evaluate<Measure>(`(() => {
      const doc = document.documentElement;
      const summary = document.querySelector("#summary").getBoundingClientRect();
      const firstGap = (document.querySelector("#summary .gap a")?.getAttribute("href") ?? "").slice(1);
      const first = firstGap ? document.getElementById(firstGap)?.getBoundingClientRect() : undefined;
      return {
        height: doc.scrollHeight,
        overflowX: doc.scrollWidth - doc.clientWidth,
        headerPx: Math.round(document.querySelector("header.top").getBoundingClientRect().height),
        summaryBottom: Math.round(summary.bottom),
        firstFailingTop: first ? Math.round(first.top) : null,
      };
    })()`);
  const opened = await measure();
  await page.evaluate(`document.querySelectorAll("details").forEach((d) => (d.open = false))`);
  const collapsed = await measure();
  // "Hiện cả tiêu chí đã đạt": every criterion listed, still collapsed.
  await page.evaluate(`(() => { const box = document.querySelector("#show-met"); if (box) box.checked = true; })()`);
  const allCollapsed = await measure();

  const figures = {
    at: new Date().toISOString(),
    page: path,
    viewport: "360×740",
    htmlBytes: Buffer.byteLength(html),
    heightAsOpenedPx: opened.height,
    heightCollapsedPx: collapsed.height,
    heightAllCriteriaCollapsedPx: allCollapsed.height,
    headerPx: opened.headerPx,
    summaryBottomPx: opened.summaryBottom,
    firstFailingIndicatorTopPx: opened.firstFailingTop,
    horizontalOverflowPx: opened.overflowX,
  };
  console.table(figures);
  mkdirSync("bench", { recursive: true });
  writeFileSync("bench/phone.json", JSON.stringify(figures, null, 2) + "\n");

  const misses: string[] = [];
  if (figures.htmlBytes >= BUDGET.htmlBytes) misses.push(`HTML ${figures.htmlBytes} B ≥ ${BUDGET.htmlBytes} B`);
  if (figures.heightAllCriteriaCollapsedPx >= BUDGET.collapsedHeightPx) misses.push(`collapsed height ${figures.heightAllCriteriaCollapsedPx} px ≥ ${BUDGET.collapsedHeightPx} px`);
  if (figures.summaryBottomPx > 740) misses.push(`the summary ends below the first screen (${figures.summaryBottomPx} px)`);
  if (figures.firstFailingIndicatorTopPx === null || figures.firstFailingIndicatorTopPx > 740) misses.push(`the first failing indicator starts below the first screen (${figures.firstFailingIndicatorTopPx} px)`);
  if (figures.horizontalOverflowPx > 0) misses.push(`horizontal scroll of ${figures.horizontalOverflowPx} px`);
  if (misses.length) {
    console.error(`\nBudgets missed:\n- ${misses.join("\n- ")}`);
    process.exitCode = 1;
  } else console.log(`\nWithin budget: HTML < ${BUDGET.htmlBytes} B, collapsed < ${BUDGET.collapsedHeightPx} px, summary and first failing indicator on the first screen.`);
} finally {
  await browser.close();
  server.stop();
}
