// Issue 17, the smaller findings: public pages without tokens or cookies, prototype keys in filters, demo sessions in
// production, receipt lookup with a check code and a rate limit, the last admin, hidden characters, far dates and the
// idle session timeout. Each against the real app and D1.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/index";
import { SESSION_IDLE_HOURS } from "../../src/auth/sessions";
import { RECEIPT_LOOKUPS_PER_WINDOW } from "../../src/services/receipt-throttle";
import { runScheduledJobs } from "../../src/scheduled";
import { addWorkingDays } from "../../src/domain/working-days";
import { vnDateOf } from "../../src/domain/clock";
import { loadHolidaysAround } from "../../src/services/working-days";
import { addPledge, Client, csrfFrom, DEMO_PASSWORD, loggedIn, seededDb, testDb } from "../factories";

const VB = "28879";
const one = async <T,>(sql: string, ...args: unknown[]) => (await env.DB.prepare(sql).bind(...args).first()) as T;

beforeAll(async () => {
  await seededDb();
});

describe("public pages carry no session token or cookie", () => {
  for (const path of [`/public/communes/${VB}`, "/public/progress/83", "/public/recognitions"]) {
    it(`${path}: no Set-Cookie and no CSRF token, for a visitor and for a logged-in user`, async () => {
      const admin = await loggedIn("admin");
      for (const client of [new Client(), admin]) {
        const res = await client.get(path);
        expect(res.status).toBe(200);
        expect(res.headers.getSetCookie()).toEqual([]);
        const html = await res.text();
        expect(html).not.toContain("_csrf");
        expect(html).not.toContain("X-CSRF-Token");
        if (client === admin) expect(html).not.toContain(admin.csrf);
      }
    });
  }
});

describe("filters read from the query", () => {
  it("?status=__proto__ / constructor / toString on the feedback lists: the default list, never a 500", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    const dept = await loggedIn("so.nongnghiep");
    const deptId = (await one<{ id: number }>("select id from departments where code = 'SNNMT'")).id;
    for (const status of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      expect((await xa.get(`/communes/${VB}/feedback?status=${status}`)).status, status).toBe(200);
      expect((await dept.get(`/departments/${deptId}/feedback?status=${status}`)).status, status).toBe(200);
    }
    const admin = await loggedIn("admin");
    expect((await admin.get(`/communes/${VB}/binding?saved=constructor`)).status).toBe(200);
  });
});

describe("demo accounts under ENVIRONMENT=production", () => {
  const prodEnv = () => ({ ...env, ENVIRONMENT: "production" });

  it("a demo session that exists ends at its next request", async () => {
    const admin = await loggedIn("admin"); // made while not in production
    const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await app.request("https://ntm.example.gov.vn/admin/users", { headers: { Cookie: cookie } }, prodEnv());
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login/);
    expect((await admin.get("/admin/users")).status).toBe(200); // the same session outside production still works
  });

  it("the login is refused with the generic message, which does not confirm the password", async () => {
    const page = await app.request("https://ntm.example.gov.vn/login", {}, prodEnv());
    const anon = page.headers.getSetCookie()[0].split(";")[0];
    const token = csrfFrom(await page.text());
    const attempt = async (password: string) => {
      const res = await app.request(
        "https://ntm.example.gov.vn/login",
        { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: anon }, body: new URLSearchParams({ _csrf: token, username: "lanhdao", password }).toString() },
        prodEnv(),
      );
      return { status: res.status, text: (await res.text()).replace(/value="[^"]*"/g, "") };
    };
    const right = await attempt(DEMO_PASSWORD);
    const wrong = await attempt("khong-dung-2026");
    expect(right.status).toBe(401);
    expect(right.text).toContain("Tên đăng nhập hoặc mật khẩu không đúng.");
    expect(right.text).not.toContain("Tài khoản dùng thử");
    expect(right).toEqual(wrong);
  });
});

describe("public receipt lookup", () => {
  it("needs the check code printed on the receipt; a sequential number alone reveals nothing", async () => {
    const pledge = await addPledge(VB, "Công ty Tra Cứu");
    const xa = await loggedIn("xa.vinhbinh");
    expect((await xa.post(`/contributions/${pledge.contributionId}/receipts`, { amount: "1.234.567", receivedAt: "01/11/2026" })).status).toBe(303);
    const r = await one<{ id: number; number: string; check_code: string }>("select id, number, check_code from receipts order by id desc limit 1");
    expect(r.check_code).toMatch(/^[A-Z2-9]{6}$/);
    expect(await (await xa.get(`/receipts/${r.id}`)).text()).toContain(r.check_code);
    const anon = new Client();
    const alone = await anon.get(`/public/communes/${VB}?receipt=${r.number}`);
    expect(alone.status).toBe(422);
    expect(await alone.text()).not.toContain("<dt>Ngày thu</dt>");
    const wrongCode = await anon.get(`/public/communes/${VB}?receipt=${r.number}&check=AAAAAA`);
    expect(wrongCode.status).toBe(404);
    expect(await wrongCode.text()).not.toContain("<dt>Ngày thu</dt>");
    const found = await anon.fetch(`/public/communes/${VB}?receipt=${r.number}&check=${r.check_code.toLowerCase()}`, { headers: { "CF-Connecting-IP": "203.0.113.9" } });
    expect(found.status).toBe(200);
    const foundHtml = await found.text();
    expect(foundHtml).toContain("<dt>Ngày thu</dt>");
    expect(foundHtml).toContain("01/11/2026");
    expect(found.headers.get("Cache-Control")).toBe("private, no-store");
  });

  it(`is rate-limited per address: ${RECEIPT_LOOKUPS_PER_WINDOW} lookups, then 429 in Vietnamese, even in parallel`, async () => {
    const anon = new Client();
    const lookups = Array.from({ length: RECEIPT_LOOKUPS_PER_WINDOW + 10 }, (_, i) =>
      anon.fetch(`/public/communes/${VB}?receipt=${VB}-2026-${String(i + 1).padStart(4, "0")}&check=ABCDEF`, { headers: { "CF-Connecting-IP": "198.51.100.7" } }),
    );
    const statuses = (await Promise.all(lookups)).map((r) => r.status);
    expect(statuses.filter((s) => s !== 429)).toHaveLength(RECEIPT_LOOKUPS_PER_WINDOW);
    const refused = await anon.fetch(`/public/communes/${VB}?receipt=${VB}-2026-0001&check=ABCDEF`, { headers: { "CF-Connecting-IP": "198.51.100.7" } });
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("tra cứu quá nhiều lần");
    // Another address is not affected.
    const other = await anon.fetch(`/public/communes/${VB}?receipt=${VB}-2026-0001&check=ABCDEF`, { headers: { "CF-Connecting-IP": "198.51.100.8" } });
    expect(other.status).toBe(404);
  });
});

describe("hidden characters in names and titles", () => {
  const hidden = ["\u200b", "\u200f", "\u202e", "\u2066", "\ufeff", "\u0085", "\u0007"];
  it("are refused with a 422 in feedback titles, holiday names, user display names, sponsor and project names", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    const canbo = await loggedIn("canbo");
    const cat = (await one<{ id: number }>("select id from feedback_categories limit 1")).id;
    for (const ch of hidden) {
      const label = `U+${ch.codePointAt(0)!.toString(16).padStart(4, "0")}`;
      const fb = await xa.post(`/communes/${VB}/feedback`, { title: `Đèn đường${ch} hư`, content: "Nội dung", categoryId: String(cat) });
      expect(fb.status, `feedback title ${label}`).toBe(422);
      const project = await xa.post(`/communes/${VB}/projects`, { name: `Đường${ch}liên ấp`, status: "in_progress", progress: "35", budgetState: "1.000.000" });
      expect(project.status, `project name ${label}`).toBe(422);
      const pledge = await canbo.post(`/communes/${VB}/contributions`, { sponsorId: "", sponsorKind: "business", sponsorName: `Công ty${ch}Ẩn`, kind: "money", amount: "1.000.000", pledgedAt: "01/11/2026" });
      expect(pledge.status, `sponsor name ${label}`).toBe(422);
    }
    const admin = await loggedIn("admin");
    for (const ch of hidden) {
      expect((await admin.post("/admin/holidays", { date: "03/01/2031", name: `Nghỉ${ch}riêng` })).status).toBe(422);
      expect((await admin.post("/admin/users", { username: "an.ky.tu", displayName: `Người${ch}Ẩn`, role: "leader", unitCode: "83", departmentId: "", password: "quan-tri-2026-ok" })).status).toBe(422);
    }
    expect((await one<{ n: number }>("select count(*) as n from users where username = 'an.ky.tu'")).n).toBe(0);
  });
});

describe("dates are bounded", () => {
  it("a due date of 31/12/9999 (or 01/01/1900) is refused with a 422 in Vietnamese", async () => {
    const xa = await loggedIn("xa.vinhbinh");
    const cat = (await one<{ id: number }>("select id from feedback_categories limit 1")).id;
    const before = (await one<{ n: number }>("select count(*) as n from feedback_items")).n;
    for (const dueDate of ["31/12/9999", "01/01/1900"]) {
      const res = await xa.post(`/communes/${VB}/feedback`, { title: "Hạn rất xa", content: "Nội dung", categoryId: String(cat), dueDate });
      expect(res.status, dueDate).toBe(422);
      expect(await res.text()).toContain("năm từ 2000 đến 2100");
    }
    expect((await one<{ n: number }>("select count(*) as n from feedback_items")).n).toBe(before);
  });
});

describe("idle session timeout", () => {
  it(`a session unused for ${SESSION_IDLE_HOURS} hours ends; a used one is kept alive`, async () => {
    const idle = await loggedIn("lanhdao");
    const busy = await loggedIn("huyen.cholach");
    const longAgo = new Date(Date.now() - (SESSION_IDLE_HOURS * 3600_000 + 60_000)).toISOString();
    const recently = new Date(Date.now() - (SESSION_IDLE_HOURS * 3600_000 - 60 * 60_000)).toISOString();
    const setLastSeen = (username: string, at: string) =>
      env.DB.prepare("update sessions set last_seen_at = ? where user_id = (select id from users where username = ?)").bind(at, username).run();
    await setLastSeen("lanhdao", longAgo);
    await setLastSeen("huyen.cholach", recently);
    const gone = await idle.get("/progress/83");
    expect(gone.status).toBe(302);
    expect(gone.headers.get("Location")).toMatch(/^\/login/);
    expect((await busy.get("/progress/832")).status).toBe(200);
    const listed = await (await (await loggedIn("admin")).get("/admin/sessions")).text();
    expect(listed).toContain("huyen.cholach");
    expect(listed).not.toContain("lanhdao"); // its only session is idle: not listed as active
    // The request moved its last-seen time forward, so the idle clock restarts.
    const seen = await one<{ at: string }>("select max(last_seen_at) as at from sessions where user_id = (select id from users where username = 'huyen.cholach')");
    expect(Date.parse(seen.at)).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe("audit rows written before audit_log.province_id", () => {
  it("get their actor's province from the daily job, and then show on that province's audit page", async () => {
    await env.DB.prepare("insert into audit_log (actor_id, action, entity, entity_id) select id, 'legacy.action', 'legacy', 'cu-truoc-khi-co-tinh' from users where username = 'lanhdao'").run();
    const admin = await loggedIn("admin");
    const before = await admin.get("/admin/audit?action=legacy.action");
    expect(before.status).toBe(200);
    expect(await before.text()).not.toContain("cu-truoc-khi-co-tinh");
    expect(await runScheduledJobs(testDb(), new Date("2026-11-15T01:00:00Z"))).toEqual([]);
    expect(await (await admin.get("/admin/audit?action=legacy.action")).text()).toContain("cu-truoc-khi-co-tinh");
  });
});

describe("days off per province", () => {
  it("a province's own day off moves its deadlines and no other province's; national days count for all", async () => {
    const db = testDb();
    const p83 = (await one<{ id: number }>("select id from units where code = '83' and level = 'province'")).id;
    const today = vnDateOf(new Date().toISOString());
    const national = await loadHolidaysAround(db, today, null);
    const nextWorkingDay = addWorkingDays(today, 1, national);
    const xa = await loggedIn("xa.vinhbinh");
    const cat = (await one<{ id: number }>("select id from feedback_categories where province_id = ? limit 1", p83)).id;
    const create = async () => {
      expect((await xa.post(`/communes/${VB}/feedback`, { title: "Hạn theo ngày nghỉ của tỉnh", content: "Nội dung", categoryId: String(cat) })).status).toBe(303);
      return (await one<{ due: string }>("select due_date as due from feedback_items order by id desc limit 1")).due;
    };
    const before = await create();
    const admin = await loggedIn("admin");
    const [y, m, d] = nextWorkingDay.split("-");
    expect((await admin.post("/admin/holidays", { date: `${d}/${m}/${y}`, name: "Ngày nghỉ riêng của tỉnh" })).status).toBe(303);
    expect((await loadHolidaysAround(db, today, p83)).has(nextWorkingDay)).toBe(true);
    expect((await loadHolidaysAround(db, today, p83 + 100_000)).has(nextWorkingDay)).toBe(false);
    expect((await loadHolidaysAround(db, today, null)).has(nextWorkingDay)).toBe(false);
    const after = await create();
    expect(after).toBe(addWorkingDays(before, 1, national));
  });
});

describe("the last admin of a province", () => {
  it("cannot remove their own admin role; with a second admin they can", async () => {
    const admin = await loggedIn("admin");
    const me = await one<{ id: number; version: number }>("select id, version from users where username = 'admin'");
    const demote = (version: number) => admin.post(`/admin/users/${me.id}`, { displayName: "VP Điều phối", role: "leader", unitCode: "83", departmentId: "", version: String(version) });
    const refused = await demote(me.version);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("quản trị duy nhất của tỉnh");
    expect((await one<{ role: string }>("select role from users where id = ?", me.id)).role).toBe("admin");
    const moved = await admin.post(`/admin/users/${me.id}`, { displayName: "VP Điều phối", role: "admin", unitCode: "832", departmentId: "", version: String(me.version) });
    expect(moved.status).toBe(422);
    expect((await admin.post("/admin/users", { username: "admin.hai", displayName: "Quản trị thứ hai", role: "admin", unitCode: "83", departmentId: "", password: "quan-tri-2026-ok" })).status).toBe(303);
    expect((await demote(me.version)).status).toBe(303);
    expect((await one<{ role: string }>("select role from users where id = ?", me.id)).role).toBe("leader");
  });
});
