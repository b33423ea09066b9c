// Reaching people (issue 18) in Chromium against `npm start` (present demo) and its local Zalo/e-mail stand-in
// (port = app port + 1000): so.nongnghiep sets and verifies a Zalo number and an e-mail address with the codes
// the stand-in received; a feedback item routed to the department produces one ZNS request; the daily cron
// run on the day the item reaches 80 % of its time produces another; the cron on the 1st sends the digest by e-mail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { baseUrl, launch, login, phoneContext } from "./browser";
import { Session } from "../../scripts/lib/bench";
import type { Sent } from "../../scripts/lib/standin";
import { flagsDue } from "../../src/domain/feedback";
import { DEFAULT_HOLIDAYS } from "../../src/domain/working-days";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const standin = () => {
  const url = new URL(baseUrl());
  return `http://127.0.0.1:${Number(url.port) + 1000}`;
};
const run = Date.now() % 100_000;
const PHONE = `0987${String(run).padStart(6, "0")}`;
const ZALO = `84${PHONE.slice(1)}`;
const EMAIL = `so.nn.${run}@example.test`;
const TITLE = `Sâu đục trái bưởi lan rộng ấp Phú Thạnh (${run})`;

async function sent(to: string): Promise<Sent[]> {
  return (await (await fetch(`${standin()}/_sent?to=${encodeURIComponent(to)}`)).json()) as Sent[];
}

/** Polls the stand-in until `pick` finds something for `to` (the queue delivers within a few seconds). */
async function waitFor<T>(to: string, pick: (s: Sent[]) => T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const found = pick(await sent(to));
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`nothing for ${to} at the stand-in: ${JSON.stringify(await sent(to)).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const codeIn = (s: Sent) => /\b(\d{6})\b/.exec(JSON.stringify(s.body))?.[1];
const zns = (s: Sent[], template: string) => s.filter((x) => x.channel === "zalo" && (x.body as { template_id: string }).template_id === template && JSON.stringify(x.body).includes(TITLE));

/** Runs the Worker's daily cron as wrangler dev triggers it, at 00:05 Vietnam time of `vnDate`. */
async function cronOn(vnDate: string) {
  const time = Date.parse(`${vnDate}T00:05:00+07:00`);
  const res = await fetch(`${baseUrl()}/cdn-cgi/local/scheduled?time=${time}&cron=${encodeURIComponent("5 17 * * *")}`);
  expect(await res.text()).toBe("ok");
}

async function verify(page: Page, channel: "zalo" | "email", address: string, to: string) {
  const box = page.locator(`#kenh-${channel}`);
  await box.getByLabel(channel === "zalo" ? "Số điện thoại dùng Zalo" : "Địa chỉ thư điện tử").fill(address);
  await box.getByRole("button", { name: /gửi mã xác minh/i }).click();
  await expect.poll(() => page.locator(`[data-status="${channel}"]`).textContent()).toBe("Chờ xác minh");
  const code = await waitFor(to, (s) => s.map(codeIn).find(Boolean));
  await page.locator(`#kenh-${channel}`).getByLabel("Mã xác minh (6 chữ số)").fill(code);
  await page.locator(`#kenh-${channel}`).getByRole("button", { name: "Xác minh", exact: true }).click();
  await expect.poll(() => page.locator(`[data-status="${channel}"]`).textContent()).toBe("Đã xác minh");
}

describe("notifications by Zalo and e-mail", () => {
  let due = "";

  it("so.nongnghiep sets and verifies a Zalo number and an e-mail address with the codes sent through them", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await login(page, "so.nongnghiep");
    await page.goto("/me/contacts");
    await verify(page, "zalo", PHONE, ZALO);
    await verify(page, "email", EMAIL, EMAIL);
    expect(await page.locator("#kenh-zalo strong").textContent()).toBe(`${PHONE.slice(0, 4)} ${PHONE.slice(4, 7)} ${PHONE.slice(7)}`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a feedback item routed to the department produces one ZNS request", async () => {
    const staff = new Session(baseUrl());
    await staff.login("xa.phuphung");
    const form = await (await staff.request("/communes/28879/feedback/new")).text();
    const category = /<option value="(\d+)"[^>]*>Sản xuất nông nghiệp →/.exec(form)?.[1];
    expect(category).toBeDefined();
    const res = await staff.request("/communes/28879/feedback", { method: "POST", form: { title: TITLE, content: "Nhiều vườn bưởi bị sâu đục trái, đề nghị Sở hướng dẫn phòng trừ.", categoryId: category! } });
    expect(res.status).toBe(303);
    const routed = await waitFor(ZALO, (s) => (zns(s, "301").length ? zns(s, "301") : undefined));
    await new Promise((r) => setTimeout(r, 1500)); // nothing else arrives for it
    expect(zns(await sent(ZALO), "301")).toHaveLength(1);
    due = /hạn trả lời (\d{2})\/(\d{2})\/(\d{4})/.exec(JSON.stringify(routed[0].body))!.slice(1).reverse().join("-");
    expect(due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("the daily cron on the day the item reaches 80 % of its time produces another ZNS request", async () => {
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const holidays = new Set(DEFAULT_HOLIDAYS.map((h) => h.date));
    let day = today;
    for (let i = 0; i < 60; i++) {
      day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      if (flagsDue({ receivedDate: today, dueDate: due, status: "routed", flagged80: false, flagged100: false }, day, holidays).flag80) break;
    }
    await cronOn(day);
    await waitFor(ZALO, (s) => (zns(s, "303").length ? true : undefined));
    expect(zns(await sent(ZALO), "303")).toHaveLength(1);
    expect(zns(await sent(ZALO), "301")).toHaveLength(1);
  });

  it("the cron on the 1st sends the month's digest by e-mail", async () => {
    const next = new Date(Date.now() + 7 * 3600_000);
    const first = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
    const month = `${String(next.getUTCMonth() + 1).padStart(2, "0")}/${next.getUTCFullYear()}`;
    await cronOn(first);
    const digest = await waitFor(EMAIL, (s) => {
      const found = s.filter((x) => (x.body as { subject?: string }).subject === `Tổng hợp phản ánh tháng ${month}`);
      return found.length ? found : undefined;
    });
    expect(digest).toHaveLength(1);
    expect((digest[0].body as { text: string }).text).toContain("tiếp nhận");
  });
});
