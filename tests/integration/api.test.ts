// /api/v1 (issue 19): contract (every route documented, every response valid against the document), tokens
// (hashed, scoped, revoked, other province, rate limit), cursor pagination, the same 409 rules as the pages.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/index";
import { addProvince, loggedIn, seededDb } from "../factories";
import { apiRequest, newToken } from "../factories/api";
import { contractProblems, openApiDoc } from "../factories/openapi";

let leader = "";
let staff = "";
let unitsOnly = "";
let dept = "";
let other = "";
let indicatorId = 0;
let feedbackId = 0;

/** A request whose response must match the document; returns it. */
async function call(token: string | null, method: string, path: string, body?: unknown): Promise<Response> {
  const res = await apiRequest(token, method, path, body);
  expect(await contractProblems(method, path, res)).toEqual([]);
  return res;
}

beforeAll(async () => {
  await seededDb();
  leader = await newToken("admin", "lanhdao");
  staff = await newToken("admin", "xa.vinhbinh", { access: "write", resources: ["checklists"] });
  unitsOnly = await newToken("admin", "lanhdao", { resources: ["units"] });
  dept = await newToken("admin", "so.nongnghiep", { access: "write", resources: ["feedback"] });
  const vl = await addProvince("86", "vl");
  other = await newToken(vl.admin, vl.leader);
  indicatorId = ((await env.DB.prepare("select v.indicator_id as id from indicator_values v join units u on u.id = v.unit_id where u.code = '28879' order by v.indicator_id limit 1").first()) as { id: number }).id;
  feedbackId = ((await env.DB.prepare("select f.id from feedback_items f join departments d on d.id = f.department_id where d.code = 'SNNMT' and f.status in ('routed', 'in_progress') limit 1").first()) as { id: number } | null)?.id ?? 0;
});

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 and lists every /api/v1 route of the app (and nothing else)", async () => {
    const doc = await openApiDoc();
    expect((doc as unknown as { openapi: string }).openapi).toBe("3.1.0");
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} /api/v1${path.replace(/\{(\w+)\}/g, ":$1")}`)));
    const served = new Set(
      app.routes.filter((r) => r.path.startsWith("/api/v1/") && r.method !== "ALL" && !["/api/v1/openapi.json", "/api/v1/docs"].includes(r.path)).map((r) => `${r.method} ${r.path}`),
    );
    expect([...served].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !served.has(r))).toEqual([]);
  });

  it("has a readable reference page without scripts from elsewhere", async () => {
    const res = await app.request("/api/v1/docs", {}, env);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("GET /api/v1/communes/{code}/checklist");
    expect(html).toContain("muc_dat");
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
  });
});

describe("reads", () => {
  it("answers every read route with a body valid against the document", async () => {
    const paths = [
      "/api/v1/units",
      "/api/v1/units?parent=832",
      "/api/v1/units/28879",
      "/api/v1/units/83",
      "/api/v1/criteria-sets",
      "/api/v1/communes/28879/checklist",
      `/api/v1/communes/28879/indicators/${indicatorId}/history`,
      "/api/v1/progress/83",
      "/api/v1/progress/832",
      "/api/v1/progress/28879",
      "/api/v1/recognitions",
      "/api/v1/feedback/stats?from=2025-01-01&to=2025-12-31",
      "/api/v1/communes/28879/ledger",
      "/api/v1/summary",
    ];
    for (const path of paths) {
      const res = await call(leader, "GET", path);
      expect(res.status, path).toBe(200);
    }
    const sets = (await (await call(leader, "GET", "/api/v1/criteria-sets")).json()) as { items: { id: number }[] };
    expect((await call(leader, "GET", `/api/v1/criteria-sets/${sets.items[0].id}`)).status).toBe(200);
  });

  it("pages by cursor: walking the pages gives the whole list once", async () => {
    const whole = (await (await call(leader, "GET", "/api/v1/units?parent=832&limit=500")).json()) as { items: { code: string }[]; nextCursor: string | null };
    expect(whole.nextCursor).toBeNull();
    const walked: string[] = [];
    let cursor: string | null = "";
    for (let i = 0; cursor !== null && i < 50; i++) {
      const page = (await (await call(leader, "GET", `/api/v1/units?parent=832&limit=3&cursor=${cursor}`)).json()) as typeof whole;
      walked.push(...page.items.map((u) => u.code));
      cursor = page.nextCursor;
    }
    expect(walked).toEqual(whole.items.map((u) => u.code));
    expect(walked.length).toBeGreaterThan(3);
    expect((await call(leader, "GET", "/api/v1/units?cursor=abc")).status).toBe(422);
    expect((await call(leader, "GET", "/api/v1/units?limit=9999")).status).toBe(422);
  });

  it("the commune ledger pages its named sponsors by sponsorsCursor; a bad cursor is a 422", async () => {
    const first = (await (await call(leader, "GET", "/api/v1/communes/28879/ledger")).json()) as { sponsors: unknown[]; sponsorsCursor: string | null; anonymous: { sponsors: number } };
    expect(first.sponsorsCursor === null || /^\d+_\d+$/.test(first.sponsorsCursor)).toBe(true);
    // What the public page shows, and nothing of the page's own (its project files' storage rows, the fund's QR).
    expect(Object.keys(first).sort()).toEqual(["anonymous", "byCriterion", "commune", "projects", "sponsors", "sponsorsCursor", "totals"]);
    const after = await call(leader, "GET", "/api/v1/communes/28879/ledger?cursor=0_0");
    expect(after.status).toBe(200);
    expect(((await after.json()) as typeof first).sponsors).toEqual([]);
    const bad = await call(leader, "GET", "/api/v1/communes/28879/ledger?cursor=abc");
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("cursor");
  });

  it("tells the generations of a code and the province summary's figures", async () => {
    const detail = (await (await call(leader, "GET", "/api/v1/units/28879")).json()) as { unit: { name: string }; generations: unknown[] };
    expect(detail.unit.name).toContain("Vĩnh Bình");
    expect(detail.generations.length).toBeGreaterThanOrEqual(1);
    const summary = (await (await call(leader, "GET", "/api/v1/summary")).json()) as { province: { code: string }; units: { communes: number }; periods: { sets: { communes: number }[] }[] };
    expect(summary.province.code).toBe("83");
    const communes = Number(((await env.DB.prepare("select count(*) as n from units where province_id = (select id from units where code = '83' and level = 'province') and level = 'commune' and valid_to is null").first()) as { n: number }).n);
    expect(summary.units.communes).toBe(communes);
    expect(summary.periods[0].sets[0].communes).toBeGreaterThan(0);
  });
});

describe("tokens", () => {
  it("refuses a missing, unknown or revoked token with 401; nothing of the secret is stored", async () => {
    expect((await call(null, "GET", "/api/v1/units")).status).toBe(401);
    expect((await call("ntm_nope", "GET", "/api/v1/units")).status).toBe(401);
    const stored = await env.DB.prepare("select count(*) as n from api_tokens where token_hash = ? or prefix = ?").bind(leader, leader).first<{ n: number }>();
    expect(stored!.n).toBe(0);
    const revoked = await newToken("admin", "lanhdao", { name: "Sẽ thu hồi" });
    expect((await call(revoked, "GET", "/api/v1/units")).status).toBe(200);
    const admin = await loggedIn("admin");
    const id = ((await env.DB.prepare("select id from api_tokens where name = 'Sẽ thu hồi'").first()) as { id: number }).id;
    expect((await admin.post(`/admin/api-tokens/${id}/revoke`, {})).status).toBe(200);
    const res = await call(revoked, "GET", "/api/v1/units");
    expect(res.status).toBe(401);
    expect(((await res.json()) as { message: string }).message).toContain("thu hồi");
  });

  it("keeps a token to its resources, its access and its province; can() still decides", async () => {
    expect((await call(unitsOnly, "GET", "/api/v1/units/28879")).status).toBe(200);
    expect((await call(unitsOnly, "GET", "/api/v1/communes/28879/checklist")).status).toBe(403);
    expect((await call(leader, "PUT", `/api/v1/communes/28879/indicators/${indicatorId}`, { value: "1", version: 1 })).status).toBe(403);
    // The other province's leader: 403 on Bến Tre's data, its own summary.
    expect((await call(other, "GET", "/api/v1/communes/28879/checklist")).status).toBe(403);
    expect((await call(other, "GET", "/api/v1/progress/83")).status).toBe(403);
    expect((await call(other, "GET", "/api/v1/communes/28879/ledger")).status).toBe(403);
    const summary = (await (await call(other, "GET", "/api/v1/summary")).json()) as { province: { code: string } };
    expect(summary.province.code).toBe("86");
    // A commune staff token reads its own commune only.
    const mine = await newToken("admin", "xa.vinhbinh");
    expect((await call(mine, "GET", "/api/v1/communes/28879/checklist")).status).toBe(200);
    expect((await call(mine, "GET", "/api/v1/communes/29116/checklist")).status).toBe(403);
  });

  it("limits requests per token per minute (429 with Retry-After), and records the last use", async () => {
    const slow = await newToken("admin", "lanhdao", { rateLimit: 3, name: "Giới hạn 3" });
    for (let i = 0; i < 3; i++) expect((await call(slow, "GET", "/api/v1/criteria-sets")).status).toBe(200);
    const res = await call(slow, "GET", "/api/v1/criteria-sets");
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await call(leader, "GET", "/api/v1/criteria-sets")).status).toBe(200);
    const row = await env.DB.prepare("select last_used_at as at from api_tokens where name = 'Giới hạn 3'").first<{ at: string | null }>();
    expect(row!.at).not.toBeNull();
  });
});

describe("writes", () => {
  it("saves an indicator value with its version; a stale version gets 409 with the newer value, nothing overwritten", async () => {
    const checklist = (await (await call(staff, "GET", "/api/v1/communes/28879/checklist")).json()) as { indicators: { indicatorId: number; version: number; value: string | null; evidenceNote: string | null }[] };
    const ind = checklist.indicators.find((i) => i.indicatorId === indicatorId)!;
    const path = `/api/v1/communes/28879/indicators/${indicatorId}`;
    const first = await call(staff, "PUT", path, { value: ind.value ?? "", evidenceNote: ind.evidenceNote ?? "", note: "Qua API", version: ind.version });
    expect(first.status).toBe(200);
    const saved = (await first.json()) as { version: number };
    expect(saved.version).toBe(ind.version + 1);
    const stale = await call(staff, "PUT", path, { value: "xyz", version: ind.version });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { current: { version: number } }).current.version).toBe(saved.version);
    expect((await call(staff, "PUT", path, { value: "1" })).status).toBe(422);
    expect((await call(staff, "PUT", path, "{not json")).status).toBe(400);
    const history = (await (await call(staff, "GET", `/api/v1/communes/28879/indicators/${indicatorId}/history`)).json()) as { items: { note: string | null }[] };
    expect(history.items.at(-1)?.note).toBe("Qua API");
    const audit = await env.DB.prepare("select count(*) as n from audit_log where action = 'indicator_value.update' and entity_id like '28879/%'").first<{ n: number }>();
    expect(audit!.n).toBeGreaterThan(0);
    // Another commune: the same can() as the page refuses.
    expect((await call(staff, "PUT", `/api/v1/communes/29116/indicators/${indicatorId}`, { value: "1", version: 1 })).status).toBe(403);
  });

  it("lets a department answer a routed feedback item; a stale version gets 409", async () => {
    expect(feedbackId).toBeGreaterThan(0);
    const version = ((await env.DB.prepare("select version from feedback_items where id = ?").bind(feedbackId).first()) as { version: number }).version;
    const path = `/api/v1/feedback/${feedbackId}/answer`;
    expect((await call(dept, "POST", path, { publicAnswer: "", version })).status).toBe(422);
    expect((await call(dept, "POST", path, { publicAnswer: "Sở đã kiểm tra và xử lý.", version: version + 5 })).status).toBe(409);
    const ok = await call(dept, "POST", path, { publicAnswer: "Sở đã kiểm tra và xử lý.", version });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { status: string }).status).toBe("answered");
    expect((await call(staff, "POST", path, { publicAnswer: "x", version: version + 1 })).status).toBe(403);
  });
});

describe("fuzzing the JSON writes", () => {
  const BODIES: [string, unknown][] = [
    ["empty object", {}],
    ["not an object", [1, 2, 3]],
    ["wrong types", { value: 12, evidenceNote: {}, version: "abc", publicAnswer: ["x"] }],
    ["100 KB strings", { value: "Đ".repeat(100_000), publicAnswer: "Đ".repeat(100_000), version: 1 }],
    ["control characters", { value: "1\u0000\u0007", evidenceNote: "\u001b[31m", publicAnswer: "\u0000", version: 1 }],
    ["huge numbers", { value: "1e309", version: 1e309 }],
    ["negative version", { value: "1", publicAnswer: "Trả lời", version: -5 }],
    ["markup", { value: "<script>alert(1)</script>", publicAnswer: "<script>alert(1)</script>", version: 999 }],
    ["not JSON", "{\"value\": "],
  ];
  it("answers 4xx with a Vietnamese message, never 5xx, and a refused body writes nothing but the token's use", async () => {
    const targets: [string, string, string][] = [
      ["PUT", `/api/v1/communes/28879/indicators/${indicatorId}`, staff],
      ["POST", `/api/v1/feedback/${feedbackId}/answer`, dept],
    ];
    for (const [method, path, token] of targets) {
      for (const [label, body] of BODIES) {
        const res = await call(token, method, path, body);
        expect(res.status, `${method} ${path} ${label}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${method} ${path} ${label}`).toBeLessThan(500);
        const json = (await res.json()) as { message: string };
        expect(json.message.length).toBeGreaterThan(10);
        expect(Number(/written=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? 0), label).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe("/admin/api-tokens", () => {
  it("creates a token shown once (stored hashed), lists its last use, refuses bad input with 422, and other admins' tokens stay apart", async () => {
    const admin = await loggedIn("admin");
    const bad = await admin.post("/admin/api-tokens", { name: "", username: "khong.co", access: "read", rateLimit: "0" });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Nhập tên hệ thống dùng mã.");
    expect(badHtml).toContain("Chọn ít nhất một loại dữ liệu.");
    const wrongUser = await admin.post("/admin/api-tokens", { name: "Cổng dữ liệu mở", username: "vl.lanhdao", access: "read", resources: "progress", rateLimit: "60" });
    expect(wrongUser.status).toBe(422);
    expect(await wrongUser.text()).toContain("Không có tài khoản này trong tỉnh.");
    const res = await admin.fetch("/admin/api-tokens", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `_csrf=${admin.csrf}&name=${encodeURIComponent("Cổng dữ liệu mở")}&username=lanhdao&access=read&resources=progress&resources=units&rateLimit=60`,
    });
    expect(res.status).toBe(201);
    const secret = /<code id="new-token">(ntm_[\w-]+)<\/code>/.exec(await res.text())?.[1];
    expect(secret).toBeDefined();
    const row = await env.DB.prepare("select token_hash, resources, rate_limit from api_tokens where name = 'Cổng dữ liệu mở'").first<{ token_hash: string; resources: string; rate_limit: number }>();
    expect(row!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.token_hash).not.toContain(secret!.slice(4));
    expect(JSON.parse(row!.resources)).toEqual(["units", "progress"]);
    expect((await call(secret!, "GET", "/api/v1/summary")).status).toBe(200);
    const list = await (await admin.get("/admin/api-tokens")).text();
    expect(list).toContain("Cổng dữ liệu mở");
    expect(list).not.toContain(secret!);
    const audit = await env.DB.prepare("select count(*) as n from audit_log where action = 'api_token.create'").first<{ n: number }>();
    expect(audit!.n).toBeGreaterThan(0);
    // The other province's admin sees none of Bến Tre's tokens and cannot revoke them.
    const vl = await loggedIn("vl.admin");
    expect(await (await vl.get("/admin/api-tokens")).text()).not.toContain("Cổng dữ liệu mở");
    const id = ((await env.DB.prepare("select id from api_tokens where name = 'Cổng dữ liệu mở'").first()) as { id: number }).id;
    expect((await vl.post(`/admin/api-tokens/${id}/revoke`, {})).status).toBe(404);
    expect((await call(secret!, "GET", "/api/v1/summary")).status).toBe(200);
  });

  it("a double tap on “Tạo mã” creates one token; the repeat says the secret was shown once", async () => {
    const admin = await loggedIn("admin");
    const key = /name="_key" value="([^"]+)"/.exec(await (await admin.get("/admin/api-tokens")).text())?.[1] ?? "";
    const body = `_csrf=${admin.csrf}&_key=${key}&name=${encodeURIComponent("Hệ thống bấm hai lần")}&username=lanhdao&access=read&resources=units&rateLimit=60`;
    const post = () => admin.fetch("/admin/api-tokens", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body });
    const [first, second] = [await post(), await post()];
    expect(first.status).toBe(201);
    expect(second.headers.get("X-Form-Replay")).toBe("1");
    expect(await second.text()).toContain("mã chỉ hiện một lần");
    const n = await env.DB.prepare("select count(*) as n from api_tokens where name = 'Hệ thống bấm hai lần'").first<{ n: number }>();
    expect(n!.n).toBe(1);
  });
});

describe("exports for upward reporting", () => {
  it("gives each table as CSV and XLSX with the documented column names, one row per commune, formulas neutralised", async () => {
    const doc = (await openApiDoc()) as unknown as { info: { description: string } };
    await env.DB.prepare("update units set name = '=HYPERLINK(\"http://x\")' where code = '29116' and level = 'commune'").run();
    const csv = await call(leader, "GET", "/api/v1/exports/muc-dat-theo-xa?format=csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    const lines = (await csv.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    const header = lines[0].split(",");
    expect(header).toEqual(["ma_tinh", "ma_xa", "ten_xa", "bo_tieu_chi", "muc_dat", "so_tieu_chi_dat", "cap_nhat"]);
    for (const column of header) expect(doc.info.description).toContain(`\`${column}\``);
    const communes = ((await env.DB.prepare("select count(*) as n from units where province_id = (select id from units where code = '83' and level = 'province') and level = 'commune' and valid_to is null").first()) as { n: number }).n;
    expect(lines.length - 1).toBe(communes);
    expect(lines.find((l) => l.includes("29116"))).toContain(`"'=HYPERLINK(""http://x"")"`);

    const xlsx = await call(leader, "GET", "/api/v1/exports/tieu-chi-dat?format=xlsx");
    expect(xlsx.status).toBe(200);
    const { xlsxSheetTable } = await import("../../src/domain/progress-export");
    const sheet = xlsxSheetTable(new Uint8Array(await xlsx.arrayBuffer()), "Số xã đạt theo tiêu chí");
    expect(sheet!.header).toEqual(["ma_tinh", "bo_tieu_chi", "muc", "so_thu_tu", "ten_tieu_chi", "so_xa_dat", "so_xa"]);
    expect(sheet!.rows.length).toBeGreaterThan(10);
    expect(sheet!.rows.every((r) => typeof r[5] === "number" && r[5] <= (r[6] as number))).toBe(true);

    const recognised = await call(leader, "GET", "/api/v1/exports/cong-nhan-trong-ky?from=2000-01-01&to=2030-12-31");
    const rows = (await recognised.text()).trim().split("\r\n");
    const expected = ((await env.DB.prepare("select count(*) as n from dossiers where province_id = (select id from units where code = '83' and level = 'province') and status in ('recognised', 'revoked')").first()) as { n: number }).n;
    expect(rows.length - 1).toBe(expected);
    expect((await call(leader, "GET", "/api/v1/exports/khong-co")).status).toBe(422);
    expect((await call(leader, "GET", "/api/v1/exports/muc-dat-theo-xa?from=2026-02-01&to=2026-01-01")).status).toBe(422);
    expect((await call(unitsOnly, "GET", "/api/v1/exports/muc-dat-theo-xa")).status).toBe(403);
  });
});

describe("/reports/upward", () => {
  it("gives a leader the same tables as the API, as files; a bad period is a 422 with a message", async () => {
    const leaderPage = await loggedIn("lanhdao");
    const index = await leaderPage.get("/reports/upward");
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('href="/reports/upward/tieu-chi-dat.xlsx?from=');
    const csv = await leaderPage.get("/reports/upward/muc-dat-theo-xa.csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Disposition")).toContain("bao-cao-83-muc-dat-theo-xa.csv");
    const api = await apiRequest(leader, "GET", "/api/v1/exports/muc-dat-theo-xa?format=csv");
    const strip = (t: string) => t.split("\r\n").map((l) => l.replace(/,[^,]*$/, "")).join("\n"); // cap_nhat aside
    expect(strip(await csv.text())).toBe(strip(await api.text()));
    expect((await leaderPage.get("/reports/upward?from=2026-05-01&to=2026-01-01")).status).toBe(422);
    expect((await (await loggedIn("canbo")).get("/reports/upward/muc-dat-theo-xa.csv")).status).toBe(403);
  });
});
