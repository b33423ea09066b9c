// Fuzzing every form endpoint: malformed payloads (missing and extra fields, wrong types, 100 KB strings, NUL and
// control characters, NFD Vietnamese, markup, SQL fragments, huge and negative numbers, bad dates) as a user who
// may act there. Never a 5xx; after every refused (4xx) payload, D1 reports no row written outside the session
// tables; and when every payload of a route was refused, a digest of every table shows nothing changed.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/index";
import { addHousehold, addPledge, Client, seededDb } from "../factories";
import { recordingD1, type Write } from "../factories/d1-writes";

const FIELDS = [
  "value", "evidenceNote", "evidenceLink", "note", "version", "name", "displayName", "username", "password", "current", "confirm",
  "role", "unitCode", "departmentId", "amount", "quantity", "unitValue", "dueDate", "date", "receivedAt", "title", "content",
  "publicAnswer", "internalNote", "reason", "rating", "decisionNumber", "decisionDate", "signer", "code", "kind", "level", "year",
  "key", "targetLevel", "targetYear", "evalYear", "setId", "comment", "summary", "participants", "metWith", "visitDate", "concerns",
  "status", "progress", "satisfactionPct", "link", "id", "visitGapDays", "shareNtm", "bankBin", "accountNumber", "accountName",
  "publicName", "contactPhone", "cadreId", "planRef", "periodFrom", "categoryId", "slaDays", "source", "verified", "criterionId",
];
const LONG_FIELDS = ["value", "name", "title", "content", "note", "reason"];
const fill = (v: string) => Object.fromEntries(FIELDS.map((f) => [f, v]));

const PAYLOADS: [string, Record<string, string>][] = [
  ["empty", {}],
  ["100 KB strings", Object.fromEntries(LONG_FIELDS.map((f) => [f, "Đ".repeat(100_000)]))],
  ["NUL and control characters", fill("abc\u0000def\u0007\u001b[31m")],
  ["NFD and mixed Vietnamese", fill("Xa\u0303 Vi\u0303nh Bình")],
  ["markup", fill('<script>alert(1)</script><img src=x onerror="alert(1)">')],
  ["SQL fragments", fill("'; DROP TABLE users; --")],
  ["huge and negative numbers", fill("-99999999999999999999999")],
  ["float overflow", fill("1e309")],
  ["bad dates", fill("31/02/2026")],
  ["wrong types", fill("[object Object]")],
];

/** A POST route and the user who may act on it (from the route × role matrix). */
const TARGETS: [string, string][] = [
  ["/admin/users", "admin"],
  ["/admin/users/:spareUser", "admin"],
  ["/admin/users/:spareUser/password", "admin"],
  ["/communes/28879/indicators/:ind", "xa.vinhbinh"],
  ["/me/password", "canbo"],
  ["/me/contacts/zalo", "canbo"],
  ["/me/contacts/email", "canbo"],
  ["/me/contacts/push", "canbo"],
  ["/me/contacts/zalo/verify", "canbo"],
  ["/me/contacts/push/delete", "canbo"],
  ["/me/contacts/prefs", "canbo"],
  ["/admin/sessions/end", "admin"],
  ["/sponsors/:sponsor", "admin"],
  ["/sponsors/:sponsor/merge", "admin"],
  ["/communes/28879/contributions", "xa.vinhbinh"],
  ["/contributions/:contribution", "xa.vinhbinh"],
  ["/contributions/:contribution/receipts", "xa.vinhbinh"],
  ["/contributions/:contribution/cancel", "xa.vinhbinh"],
  ["/communes/28879/projects", "xa.vinhbinh"],
  ["/projects/:project", "xa.vinhbinh"],
  ["/communes/28879/fund-account", "admin"],
  ["/admin/assignments", "admin"],
  ["/reports/coverage/settings", "admin"],
  ["/communes/28879/visits", "canbo"],
  ["/communes/28879/feedback", "xa.vinhbinh"],
  ["/feedback/:feedback/answer", "so.nongnghiep"],
  ["/feedback/:feedback/rate", "xa.vinhbinh"],
  ["/feedback/:feedback/comment", "xa.vinhbinh"],
  ["/admin/feedback-categories/:category", "admin"],
  ["/admin/holidays", "admin"],
  ["/progress/83/targets", "admin"],
  ["/communes/28879/dossiers", "xa.vinhbinh"],
  ["/dossiers/:dossier/details", "xa.vinhbinh"],
  ["/dossiers/:dossier/documents", "xa.vinhbinh"],
  ["/dossiers/:dossier/revoke", "lanhdao"],
  ["/recognitions/chain", "admin"],
  ["/admin/criteria/targets/:target", "admin"],
  ["/admin/criteria/:set/clone", "admin"],
  ["/admin/criteria/:set/status", "admin"],
  ["/communes/28879/binding", "admin"],
  ["/contributions/:contribution/deliver", "xa.vinhbinh"],
  ["/admin/assignments/:assignment/end", "admin"],
  ["/visits/:visit/concerns/:concern/feedback", "canbo"],
  ["/dossiers/:dossier/return", "admin"],
  ["/admin/criteria/upload", "admin"],
  ["/recognitions/revocation-rule", "admin"],
  ["/merger/carry-over/rule", "admin"],
  ["/merger/carry-over/28879/decide", "lanhdao"],
  ["/merger/succession/28879", "admin"],
  ["/files", "xa.vinhbinh"],
  ["/communes/28879/hamlets/assignments", "xa.vinhbinh"],
  ["/communes/28879/hamlets/assignments/:assignment/end", "xa.vinhbinh"],
  ["/communes/28879/households", "xa.vinhbinh"],
  ["/communes/28879/households/retention", "xa.vinhbinh"],
  ["/communes/28879/households/suggestions/:ind", "xa.vinhbinh"],
  ["/households/:household", "xa.vinhbinh"],
  ["/households/:household/delete", "xa.vinhbinh"],
  ["/admin/hamlet-sets", "admin"],
  ["/admin/household-links", "admin"],
  ["/communes/28879/hamlets/28879-01/checks", "xa.vinhbinh"],
  ["/communes/28879/hamlets/28879-01/decision", "lanhdao"],
  ["/admin/api-tokens", "admin"],
  ["/admin/sso", "admin"],
  ["/admin/sso/unlink", "admin"],
];

/** POST routes with no form fields to fuzz (a button with the CSRF token only), and the login/logout pair (auth.test.ts). */
const NOT_FUZZED = [
  "/login",
  "/logout",
  "/admin/users/:id/disable",
  "/admin/users/:id/enable",
  "/reports/feedback/:month{[0-9]{4}-[0-9]{2}}/build",
  "/me/notifications/read",
  "/admin/holidays/defaults",
  "/admin/holidays/:date{[0-9]{4}-[0-9]{2}-[0-9]{2}}/delete",
  "/progress/:code/snapshot",
  "/dossiers/:id{[0-9]+}/documents/:doc{[0-9]+}/delete",
  "/merger/carry-over/:code/propose",
  "/files/:id/withdraw",
  // A multipart file upload (no form fields to fuzz): bad files, row errors and the formula guard in households.test.ts.
  "/communes/:code/households/import",
  "/admin/household-links/:id/delete",
  "/admin/api-tokens/:id/revoke",
  // JSON with a bearer token, not forms: fuzzed in api.test.ts ("fuzzing the JSON writes").
  "/api/v1/feedback/:id/answer",
];

/** Tables a refused request may legitimately write: the session's last-seen time and failed-login counters. */
const SESSION_TABLES = ["sessions", "login_throttles"];

/** A Hono route path as a regular expression: `:name` is one segment, `:name{re}` that pattern, `?` optional. */
const routeRegExp = (path: string) =>
  new RegExp(`^${path.replace(/\/:\w+(?:\{((?:[^{}]|\{[^{}]*\})*)\})?(\?)?/g, (_, re: string | undefined, optional: string | undefined) => `(?:/(?:${re ?? "[^/]+"}))${optional ?? ""}`)}$`);

let ids: Record<string, number | string> = {};
const clients = new Map<string, Client>();

beforeAll(async () => {
  await seededDb();
  const one = async (sql: string) => ((await env.DB.prepare(sql).all()).results[0] as { v: number } | undefined)?.v ?? 0;
  const pledge = await addPledge("28879", "Công ty Thử");
  ids = {
    ind: await one("select v.indicator_id as v from indicator_values v join units u on u.id = v.unit_id where u.code = '28879' limit 1"),
    contribution: pledge.contributionId,
    sponsor: pledge.sponsorId,
    dossier: await one("select d.id as v from dossiers d join units u on u.id = d.commune_id where u.code = '28879' limit 1"),
    feedback: await one("select f.id as v from feedback_items f join units u on u.id = f.unit_id join departments d on d.id = f.department_id where u.code = '28879' and d.code = 'SNNMT' limit 1"),
    project: await one("select p.id as v from projects p join units u on u.id = p.commune_id where u.code = '28879' limit 1"),
    category: await one("select id as v from feedback_categories limit 1"),
    set: await one("select id as v from criteria_sets where code = 'QD318-2022-XA'"),
    target: await one("select id as v from indicator_targets limit 1"),
    spareUser: await one("select id as v from users where username = 'huyen.cholach'"),
    assignment: await one("select id as v from assignments limit 1"),
    visit: await one("select v.id as v from visits v join units u on u.id = v.commune_id where u.code = '28879' limit 1"),
    concern: await one("select c.id as v from visit_concerns c join visits v on v.id = c.visit_id join units u on u.id = v.commune_id where u.code = '28879' limit 1"),
    household: await addHousehold("28879-01"),
  };
  for (const user of new Set(TARGETS.map(([, u]) => u))) {
    const client = new Client(recordingEnv);
    if ((await client.login(user)).status !== 303) throw new Error(`login ${user} failed`);
    clients.set(user, client);
  }
  loginWrites = writes.map((w) => w.table);
});

let loginWrites: string[] = [];

/** Every write the app made through D1 (the fuzzed clients' bindings record them). */
const writes: Write[] = [];
const recordingEnv = { ...env, DB: recordingD1(env.DB, writes) };

let unchanged: Awaited<ReturnType<typeof digest>> | undefined;

/**
 * Every table's row count and checksum, minus the tables a refused request may legitimately touch: SQLite writes each
 * table out as one text (quoted values in rowid order) and only that text is hashed here, in one batch.
 */
async function digest() {
  const columns = await env.DB.prepare(
    `select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p
     where m.type = 'table' and m.name not like 'sqlite_%' and m.name not like '_cf_%' and m.name not in ('d1_migrations', ${SESSION_TABLES.map((t) => `'${t}'`).join(", ")})
     order by m.name, p.cid`,
  ).all<{ t: string; c: string }>();
  const tables = Map.groupBy(columns.results, (r) => r.t);
  const texts = await env.DB.batch<{ n: number; body: string | null }>(
    [...tables].map(([table, cols]) =>
      env.DB.prepare(`select count(*) as n, group_concat(${cols.map((c) => `quote("${c.c}")`).join(" || ',' || ")}, char(10)) as body from (select * from "${table}" order by rowid)`),
    ),
  );
  return Promise.all(
    [...tables.keys()].map(async (table, i) => {
      const { n, body } = texts[i].results[0];
      const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body ?? ""));
      return { table, rows: n, sha256: [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, "0")).join("") };
    }),
  );
}

describe("fuzzing every form endpoint", () => {
  it("covers every POST route of the app's route table except the listed one-click actions", () => {
    const posts = [...new Set(app.routes.filter((r) => r.method === "POST").map((r) => r.path))];
    const concrete = TARGETS.map(([template]) => template.replace(/:(\w+)/g, "1"));
    const missing = posts.filter((route) => !NOT_FUZZED.includes(route) && !concrete.some((path) => routeRegExp(route).test(path)));
    expect(missing, "POST routes neither fuzzed nor listed in NOT_FUZZED").toEqual([]);
    // The exclusions and the targets name real routes (a renamed route cannot hide here).
    expect(NOT_FUZZED.filter((route) => !posts.includes(route))).toEqual([]);
    expect(concrete.filter((path) => !posts.some((route) => routeRegExp(route).test(path)))).toEqual([]);
  });

  it("sees the app's writes through the recording binding (the logins inserted sessions)", () => {
    expect(loginWrites).toContain("sessions");
  });

  it("sees a changed value in the digest (and its restoring)", async () => {
    const before = await digest();
    await env.DB.prepare("update units set name = name || ' ' where code = '28879'").run();
    expect(await digest()).not.toEqual(before);
    await env.DB.prepare("update units set name = rtrim(name) where code = '28879'").run();
    expect(await digest()).toEqual(before);
  });

  for (const [template, user] of TARGETS) {
    it(`${template} as ${user}: 4xx with a message, never 5xx; refused payloads change nothing`, async () => {
      const path = template.replace(/:(\w+)/g, (_, k: string) => String(ids[k]));
      const client = clients.get(user)!;
      // The digest after the previous route is this one's "before" when that route changed nothing.
      const before = unchanged ?? (await digest());
      unchanged = undefined;
      let accepted = 0;
      for (const [label, payload] of PAYLOADS) {
        writes.length = 0;
        const res = await client.post(path, payload, { htmx: label === "markup" });
        const body = await res.text();
        expect(res.status, `${label} → ${res.status}`).toBeLessThan(500);
        if (res.status >= 400) {
          expect(body.length, `${label}: a message`).toBeGreaterThan(20);
          expect(body, `${label}: markup echoed raw`).not.toContain("<script>alert(1)</script>");
          const changed = writes.filter((w) => !SESSION_TABLES.includes(w.table)).map((w) => `${w.table}: ${w.rows} rows`);
          expect(changed, `${label} → ${res.status} but rows were written`).toEqual([]);
        } else {
          accepted++;
        }
      }
      if (accepted === 0) {
        const after = await digest();
        expect(after).toEqual(before);
        unchanged = after;
      }
    });
  }
});
