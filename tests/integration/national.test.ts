// National mode (issue 19): the pull of each registered province's /api/v1/summary (here the same app answering as
// two provinces, 83 and 86, through a fetch that routes by host), the national page, and a province that stops answering.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/index";
import { addProvince, seededDb, testDb } from "../factories";
import { apiRequest, newToken } from "../factories/api";
import { pullAll, registerProvince } from "../../src/services/national";

const nationalEnv = { ...env, MODE: "national" } as Cloudflare.Env;
let down = new Set<string>();
let leader83 = "";

/** The provinces' deployments: http://p83.test and http://p86.test are this app; a host in `down` does not answer. */
const provinceFetch = async (input: string, init?: RequestInit): Promise<Response> => {
  const url = new URL(input);
  if (down.has(url.host)) throw new TypeError("fetch failed");
  return app.request(url.pathname + url.search, init, env);
};

const page = async () => (await app.request("/national", {}, nationalEnv)).text();
const cell = (html: string, code: string, field: string) => {
  const row = new RegExp(`<tr id="tinh-${code}"[^>]*>([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? "";
  return new RegExp(`data-field="${field}">([\\s\\S]*?)</td>`).exec(row)?.[1] ?? "";
};

beforeAll(async () => {
  await seededDb();
  const vl = await addProvince("86", "vl");
  leader83 = await newToken("admin", "lanhdao", { resources: ["progress"] });
  await registerProvince(testDb(), { code: "83", name: "Tỉnh Bến Tre", region: "DBSCL", baseUrl: "http://p83.test", token: leader83 });
  await registerProvince(testDb(), { code: "86", name: "Tỉnh Vĩnh Long", region: "DBSCL", baseUrl: "http://p86.test", token: await newToken(vl.admin, vl.leader, { resources: ["progress"] }) });
});

describe("national mode", () => {
  it("serves /national only in national mode", async () => {
    expect((await app.request("/national", {}, env)).status).toBe(404);
    expect((await app.request("/national", {}, nationalEnv)).status).toBe(200);
  });

  it("pulls every registered province and shows its figures with their age; a save in a province shows after the next pull", async () => {
    const first = await pullAll(testDb(), new Date(), provinceFetch);
    expect(first.map((r) => [r.code, r.ok])).toEqual([["83", true], ["86", true]]);
    expect(first[0].bytes).toBeGreaterThan(100);
    expect(first[0].rowsRead).toBeGreaterThan(0);
    let html = await page();
    const before = Number(cell(html, "83", "criteria-met").replace(/\./g, ""));
    expect(before).toBeGreaterThan(0);
    expect(cell(html, "83", "age")).toContain("vừa xong");
    expect(cell(html, "83", "status")).toContain("Đã cập nhật");
    expect(html).toContain('href="http://p83.test/public/progress/83"');

    // A commune of 83 loses a met criterion: set a met boolean indicator to false through the province's API.
    const staff = await newToken("admin", "xa.vinhbinh", { access: "write", resources: ["checklists"] });
    const checklist = (await (await apiRequest(staff, "GET", "/api/v1/communes/28879/checklist")).json()) as { indicators: { indicatorId: number; value: string | null; version: number; evidenceNote: string | null; criterionNumber: number; met: Record<string, boolean> }[] };
    const siblings = (n: number) => checklist.indicators.filter((i) => i.criterionNumber === n);
    const target = checklist.indicators.find((i) => i.value === "true" && siblings(i.criterionNumber).every((s) => s.met.NTM))!;
    expect(target).toBeDefined();
    const saved = await apiRequest(staff, "PUT", `/api/v1/communes/28879/indicators/${target.indicatorId}`, { value: "false", evidenceNote: target.evidenceNote ?? "", version: target.version });
    expect(saved.status).toBe(200);
    expect(Number(cell(await page(), "83", "criteria-met").replace(/\./g, ""))).toBe(before); // not before the pull
    await pullAll(testDb(), new Date(), provinceFetch);
    html = await page();
    expect(Number(cell(html, "83", "criteria-met").replace(/\./g, ""))).toBe(before - 1);
  });

  it("draws the 34 provinces on a map, a pulled province linked to its public page and shaded by its share (issue 19)", async () => {
    const html = await page();
    const map = /<figure class="map" id="map-provinces">[\s\S]*?<\/figure>/.exec(html)?.[0] ?? "";
    expect(map.match(/<path /g)?.length).toBe(34);
    // 86 is registered (linked) but has no commune on a criteria set in this fixture: unshaded; the banding by share
    // is covered by tests/unit/maps.test.tsx.
    expect(cell(html, "86", "criteria-met")).toBe("0");
    expect(map).toContain('<a href="http://p86.test/public/progress/86" class="ex ex" data-code="86"><title>Tỉnh Vĩnh Long: chưa có số liệu</title>');
    expect(map.match(/<a href=/g)?.length).toBe(1);
    expect(map).not.toContain('data-code="83"'); // a closed 2025 province has no 2026 outline
    expect(map).toContain("Chưa có số liệu: 34");
    expect(html).toContain('id="national-provinces"'); // the table stays
  });

  it("a province that does not answer keeps its last figures, flagged, with their age", async () => {
    const html0 = await page();
    const figures = cell(html0, "86", "criteria-met");
    down = new Set(["p86.test"]);
    const later = new Date(Date.now() + 3 * 3600_000);
    const results = await pullAll(testDb(), later, provinceFetch);
    expect(results.find((r) => r.code === "86")).toMatchObject({ ok: false, error: "Không kết nối được" });
    const html = await page();
    expect(cell(html, "86", "criteria-met")).toBe(figures);
    expect(cell(html, "86", "status")).toContain("Không phản hồi");
    expect(html).toContain('<tr id="tinh-86" class="stale">');
    // A wrong token is an error too (401), and the figures stay.
    down = new Set();
    await env.DB.prepare("update national_provinces set token = 'ntm_sai' where code = '83'").run();
    const wrong = await pullAll(testDb(), new Date(), provinceFetch);
    expect(wrong.find((r) => r.code === "83")).toMatchObject({ ok: false, error: "HTTP 401" });
    expect(cell(await page(), "83", "criteria-met")).not.toBe("—");
    await env.DB.prepare("update national_provinces set token = ? where code = '83'").bind(leader83).run();
    // An answer that is not a summary (a captive portal, another app) is refused and the figures stay.
    const junk = async (input: string, init?: RequestInit) => (new URL(input).host === "p86.test" ? new Response("<html>Đăng nhập Wi-Fi</html>", { status: 200 }) : provinceFetch(input, init));
    const refused = await pullAll(testDb(), new Date(), junk);
    expect(refused.find((r) => r.code === "86")).toMatchObject({ ok: false, error: "Dữ liệu tóm tắt không đúng định dạng" });
    expect(refused.find((r) => r.code === "83")).toMatchObject({ ok: true });
    expect(cell(await page(), "86", "criteria-met")).toBe(figures);
  });
});
