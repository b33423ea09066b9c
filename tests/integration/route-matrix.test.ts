// Route × role matrix: every route of the app (read from its route table) for anonymous users and each demo
// role, in and out of scope. A route missing from the spec below fails the test.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/index";
import { addHousehold, addPledge, addProvince, Client, loggedIn, seededDb } from "../factories";
import { apiRequest, newToken } from "../factories/api";
import { contractProblems } from "../factories/openapi";

const ROLES = ["admin", "lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] as const;
type Expect = [anon: number, admin: number, lanhdao: number, huyen: number, canbo: number, xa: number, dept: number];

const ALL_OK: Expect = [302, 200, 200, 200, 200, 200, 200];
const ADMIN_ONLY: Expect = [302, 200, 403, 403, 403, 403, 403];
const PUBLIC: Expect = [200, 200, 200, 200, 200, 200, 200];
/** Household rows (issue 21, personal data): the commune's own staff and the admin, nobody else. */
const HOUSEHOLDS: Expect = [302, 200, 403, 403, 403, 200, 403];
/** Readers of a commune's ledger, visits, projects: everyone in scope but the department. */
const NOT_DEPT: Expect = [302, 200, 200, 200, 200, 200, 403];
const PROGRESS_PROVINCE: Expect = [302, 200, 200, 403, 403, 403, 403];
const PROGRESS_DISTRICT: Expect = [302, 200, 200, 200, 403, 403, 403];

let ids: Record<string, number | string> = {};
const clients = new Map<string, Client>();

beforeAll(async () => {
  await seededDb();
  const one = async (sql: string) => ((await env.DB.prepare(sql).all()).results[0] as { v: number | string } | undefined)?.v ?? 0;
  // A contribution of Vĩnh Bình (the demo has none yet) and a spare account for the admin-only user actions.
  const pledge = await addPledge("28879", "Công ty Ma Trận");
  ids = {
    ind: await one("select v.indicator_id as v from indicator_values v join units u on u.id = v.unit_id where u.code = '28879' limit 1"),
    crit: await one("select i.criterion_id as v from indicator_values v join units u on u.id = v.unit_id join indicators i on i.id = v.indicator_id where u.code = '28879' limit 1"),
    contribution: pledge.contributionId,
    sponsor: pledge.sponsorId,
    dossier: await one("select d.id as v from dossiers d join units u on u.id = d.commune_id where u.code = '28879' limit 1"),
    feedback: await one("select f.id as v from feedback_items f join departments d on d.id = f.department_id where d.code = 'SNNMT' limit 1"),
    visit: await one("select v.id as v from visits v join units u on u.id = v.commune_id where u.code = '28879' limit 1"),
    concern: await one("select c.id as v from visit_concerns c join visits v on v.id = c.visit_id join units u on u.id = v.commune_id where u.code = '28879' limit 1"),
    project: await one("select p.id as v from projects p join units u on u.id = p.commune_id where u.code = '28879' limit 1"),
    dept: await one("select id as v from departments where code = 'SNNMT'"),
    set: await one("select id as v from criteria_sets where code = 'QD318-2022-XA'"),
    target: await one("select id as v from indicator_targets limit 1"),
    month: await one("select month as v from feedback_digests limit 1"),
    assignment: await one("select id as v from assignments limit 1"),
    category: await one("select id as v from feedback_categories limit 1"),
    doc: await one("select id as v from dossier_documents limit 1"),
    household: await addHousehold("28879-01"),
  };
  clients.set("anon", new Client());
  for (const role of ROLES) clients.set(role, await loggedIn(role));
  const admin = clients.get("admin")!;
  await admin.post("/admin/users", { username: "ma.tran", displayName: "Tài khoản ma trận", role: "leader", unitCode: "836", departmentId: "", password: "ma-tran-2026-ok" });
  ids.spareUser = await one("select id as v from users where username = 'ma.tran'");
  // Province 83's private things a second province must never reach: a draft clone of QD318 and a day off of its own.
  await admin.post(`/admin/criteria/${ids.set}/clone`, { code: "QD318-RIENG-BT", name: "Bộ riêng của Bến Tre" });
  ids.privateSet = await one("select id as v from criteria_sets where code = 'QD318-RIENG-BT'");
  ids.privateTarget = await one(`select id as v from indicator_targets where set_id = ${Number(ids.privateSet)} limit 1`);
  await admin.post("/admin/holidays", { date: "02/01/2031", name: "Ngày nghỉ riêng Bến Tre" });
  // The second province (Vĩnh Long, 86) with its own admin, leader and commune staff.
  const other = await addProvince("86", "vl");
  for (const username of [other.admin, other.leader, other.communeStaff]) clients.set(username, await loggedIn(username));
  tokens.set("none", null);
  tokens.set("leader", await newToken("admin", "lanhdao"));
  tokens.set("xaWrite", await newToken("admin", "xa.vinhbinh", { access: "write", resources: ["checklists"] }));
  tokens.set("unitsOnly", await newToken("admin", "lanhdao", { resources: ["units"] }));
  const revoked = await newToken("admin", "lanhdao", { name: "Mã đã thu hồi" });
  await env.DB.prepare("update api_tokens set revoked_at = '2026-01-01T00:00:00Z' where name = 'Mã đã thu hồi'").run();
  tokens.set("revoked", revoked);
  tokens.set("other", await newToken(other.admin, other.leader));
});

/** Province 83's private routes, checked for the second province only (the demo roles are covered above). */
const PRIVATE_GET = [
  "/admin/criteria/:privateSet",
  "/admin/criteria/:privateSet/export/json",
  "/admin/criteria/:privateSet/export/xlsx",
  "/admin/criteria/targets/:privateTarget",
  // Reports and exports that take the unit from the query string.
  "/reports/contributions?unit=83",
  "/reports/contributions?unit=83&by=detail&format=csv",
  "/reports/feedback?unit=83",
  "/progress/83/export/bao-cao.csv",
];
/** Text of province 83 that no page of another province may show (public pages aside). */
const FOREIGN_MARKERS = ["Bến Tre", "Vĩnh Bình", "Công ty Ma Trận", "QD318-RIENG-BT", "Ngày nghỉ riêng", "Tài khoản ma trận"];
const OTHER_PROVINCE = ["vl.admin", "vl.lanhdao", "vl.xa"];
/** Routes whose path names nothing of province 83: they act on the actor's own province (or own account). */
const OWN_GET = new Set(["/healthz", "/login", "/", "/units", "/admin/users", "/admin/users/new", "/me/password", "/admin/sessions", "/admin/audit", "/admin/audit.csv", "/sponsors", "/reports/contributions", "/me/communes", "/me/feedback", "/me/notifications", "/admin/assignments", "/admin/assignments/new", "/reports/coverage", "/reports/feedback", "/reports/feedback/:month{[0-9]{4}-[0-9]{2}}", "/admin/feedback-categories", "/admin/holidays", "/progress", "/recognitions", "/recognitions/review", "/admin/criteria", "/files/usage", "/merger/carry-over", "/merger/succession", "/me/contacts", "/admin/notify", "/admin/notify/templates", "/admin/hamlet-sets", "/admin/household-links", "/admin/api-tokens", "/admin/sso", "/reports/upward", "/reports/upward/:file{[a-z-]+\\.(?:csv|xlsx)}"]);
/**
 * National criteria sets (and their targets) are shared by every province: any admin reads, exports and clones them.
 * Editing a national target or status stays open to every admin as before (there is no national account yet).
 */
const NATIONAL_SET_ROUTES = new Set(["/admin/criteria/:id{[0-9]+}", "/admin/criteria/:id{[0-9]+}/export/:format{json|csv|xlsx}", "/admin/criteria/targets/:id{[0-9]+}", "/admin/criteria/:id{[0-9]+}/clone", "/admin/criteria/:id{[0-9]+}/status"]);
const OWN_POST = new Set(["/admin/users", "/me/password", "/admin/sessions/end", "/admin/assignments", "/admin/assignments/:id/end", "/reports/coverage/settings", "/me/notifications/read", "/admin/holidays", "/admin/holidays/defaults", "/admin/holidays/:date{[0-9]{4}-[0-9]{2}-[0-9]{2}}/delete", "/recognitions/chain", "/recognitions/revocation-rule", "/merger/carry-over/rule", "/admin/criteria/upload", "/reports/feedback/:month{[0-9]{4}-[0-9]{2}}/build", "/me/contacts/prefs", "/me/contacts/:channel{zalo|email|push}", "/me/contacts/:channel{zalo|email|push}/verify", "/me/contacts/:channel{zalo|email|push}/delete", "/admin/hamlet-sets", "/admin/household-links", "/admin/api-tokens", "/admin/sso"]);

const fill = (path: string) => path.replace(/:(\w+)(\{[^}]*\})?\??/g, (_, name: string) => String(ids[name] ?? name));

/** GET routes: concrete paths and the status each actor gets (anon, admin, lanhdao, huyen.cholach, canbo, xa.vinhbinh, so.nongnghiep). */
const GET: Record<string, [string, Expect][]> = {
  "/healthz": [["/healthz", PUBLIC]],
  "/login": [["/login", [200, 302, 302, 302, 302, 302, 302]]],
  "/": [["/", PUBLIC]],
  "/units": [["/units?q=vinh%20binh", ALL_OK]],
  "/units/:code": [
    ["/units/83", ALL_OK],
    ["/units/29116", [302, 200, 200, 403, 200, 403, 200]], // Xã Mỹ Hòa (Ba Tri): outside Chợ Lách and Vĩnh Bình
  ],
  "/admin/users": [["/admin/users", ADMIN_ONLY]],
  "/admin/users/new": [["/admin/users/new", ADMIN_ONLY]],
  "/admin/users/:id": [["/admin/users/:spareUser", ADMIN_ONLY]],
  "/communes/:code/checklist": [
    ["/communes/28879/checklist", ALL_OK],
    ["/communes/29116/checklist", [302, 200, 200, 403, 200, 403, 200]],
  ],
  "/communes/:code/checklist/summary": [["/communes/28879/checklist/summary", ALL_OK]],
  "/communes/:code/checklist/criteria/:id": [
    ["/communes/28879/checklist/criteria/:crit", ALL_OK],
    ["/communes/29116/checklist/criteria/:crit", [302, 200, 200, 403, 200, 403, 200]],
  ],
  "/communes/:code/indicators/:id/view": [["/communes/28879/indicators/:ind/view", ALL_OK]],
  "/communes/:code/indicators/:id/edit": [["/communes/28879/indicators/:ind/edit", [302, 403, 403, 403, 403, 200, 403]]],
  "/communes/:code/indicators/:id/history": [["/communes/28879/indicators/:ind/history", ALL_OK]],
  "/me/password": [["/me/password", ALL_OK]],
  "/admin/sessions": [["/admin/sessions", ADMIN_ONLY]],
  "/admin/audit": [["/admin/audit", ADMIN_ONLY]],
  "/admin/audit.csv": [["/admin/audit.csv", ADMIN_ONLY]],
  "/public/communes/:code": [["/public/communes/28879", PUBLIC]],
  "/public/communes/:code/sponsors": [["/public/communes/28879/sponsors", PUBLIC]],
  "/communes/:code/contributions": [["/communes/28879/contributions", NOT_DEPT]],
  "/communes/:code/contributions/new": [["/communes/28879/contributions/new", [302, 200, 403, 403, 200, 200, 403]]],
  "/contributions/:id": [["/contributions/:contribution", NOT_DEPT]],
  "/contributions/:id/edit": [["/contributions/:contribution/edit", [302, 200, 403, 403, 200, 200, 403]]],
  "/receipts/:id": [["/receipts/999999", [302, 404, 404, 404, 404, 404, 404]]],
  "/sponsors": [["/sponsors", NOT_DEPT]],
  "/sponsors/:id": [["/sponsors/:sponsor", NOT_DEPT]],
  "/communes/:code/projects": [["/communes/28879/projects", NOT_DEPT]],
  "/communes/:code/projects/new": [["/communes/28879/projects/new", [302, 200, 403, 403, 403, 200, 403]]],
  "/projects/:id": [["/projects/:project", NOT_DEPT]],
  "/projects/:id/edit": [["/projects/:project/edit", [302, 200, 403, 403, 403, 200, 403]]],
  "/reports/contributions": [["/reports/contributions", NOT_DEPT]],
  "/communes/:code/fund-account": [["/communes/28879/fund-account", ADMIN_ONLY]],
  "/me/communes": [["/me/communes", ALL_OK]],
  "/me/feedback": [["/me/feedback", [302, 302, 302, 302, 302, 302, 302]]],
  "/me/notifications": [["/me/notifications", ALL_OK]],
  "/admin/assignments": [["/admin/assignments", ADMIN_ONLY]],
  "/admin/assignments/new": [["/admin/assignments/new", ADMIN_ONLY]],
  "/reports/coverage": [["/reports/coverage", PROGRESS_DISTRICT]],
  "/communes/:code/visits": [["/communes/28879/visits", NOT_DEPT]],
  "/communes/:code/visits/new": [["/communes/28879/visits/new", [302, 403, 403, 403, 200, 200, 403]]], // commune staff: its hamlets (issue 21)
  "/visits/:id": [["/visits/:visit", NOT_DEPT]],
  "/communes/:code/feedback": [["/communes/28879/feedback", NOT_DEPT]],
  "/communes/:code/feedback/new": [["/communes/28879/feedback/new", [302, 403, 403, 403, 200, 200, 403]]],
  "/feedback/:id": [["/feedback/:feedback", ALL_OK]],
  "/departments/:id/feedback": [["/departments/:dept/feedback", [302, 200, 200, 403, 403, 403, 200]]],
  "/reports/feedback": [["/reports/feedback", PROGRESS_DISTRICT]],
  "/reports/feedback/:month{[0-9]{4}-[0-9]{2}}": [["/reports/feedback/:month", PROGRESS_DISTRICT]],
  "/admin/feedback-categories": [["/admin/feedback-categories", ADMIN_ONLY]],
  "/admin/holidays": [["/admin/holidays", ADMIN_ONLY]],
  "/progress": [["/progress", [302, 302, 302, 302, 302, 302, 302]]],
  "/progress/:code": [
    ["/progress/83", PROGRESS_PROVINCE],
    ["/progress/832", PROGRESS_DISTRICT],
    ["/progress/28879", PROGRESS_DISTRICT],
    ["/progress/836", PROGRESS_PROVINCE], // Ba Tri: outside huyen.cholach's scope
  ],
  "/progress/:code/export/:file": [["/progress/83/export/bao-cao.xlsx", PROGRESS_PROVINCE]],
  "/progress/:code/targets": [["/progress/83/targets", ADMIN_ONLY]],
  "/progress/:code/thi-dua": [["/progress/832/thi-dua", PROGRESS_DISTRICT]],
  "/progress/:code/thi-dua/export/:file": [["/progress/832/thi-dua/export/khong-co.csv", [302, 404, 404, 404, 403, 403, 403]]],
  "/public/progress/:code": [["/public/progress/83", PUBLIC]],
  "/communes/:code/dossiers": [["/communes/28879/dossiers", ALL_OK]],
  "/dossiers/:id{[0-9]+}": [["/dossiers/:dossier", ALL_OK]],
  "/dossiers/:id{[0-9]+}/:form{details|documents}": [["/dossiers/:dossier/details", [302, 303, 303, 303, 303, 303, 303]]],
  // Evidence files (issue 13): per-file access is tested in evidence-files.test.ts; the demo has no files.
  "/files/usage": [["/files/usage", ADMIN_ONLY]],
  "/files/dossiers/:id/minh-chung.zip": [["/files/dossiers/:dossier/minh-chung.zip", [302, 404, 404, 404, 404, 404, 404]]], // seeded dossiers froze no files
  "/files/:id": [["/files/999999", [404, 404, 404, 404, 404, 404, 404]]],
  "/files/:id/thumb": [["/files/999999/thumb", [404, 404, 404, 404, 404, 404, 404]]],
  "/dossiers/:id{[0-9]+}/return": [["/dossiers/:dossier/return", [302, 409, 403, 409, 403, 403, 403]]], // recognised: nothing to return
  "/recognitions": [["/recognitions", [302, 200, 200, 200, 200, 302, 200]]],
  "/recognitions/review": [["/recognitions/review", PROGRESS_PROVINCE]],
  "/public/recognitions": [["/public/recognitions", PUBLIC]],
  "/admin/criteria": [["/admin/criteria", ADMIN_ONLY]],
  "/admin/criteria/:id{[0-9]+}": [["/admin/criteria/:set", ADMIN_ONLY]],
  "/admin/criteria/:id{[0-9]+}/export/:format{json|csv|xlsx}": [["/admin/criteria/:set/export/json", ADMIN_ONLY]],
  "/admin/criteria/targets/:id{[0-9]+}": [["/admin/criteria/targets/:target", ADMIN_ONLY]],
  "/communes/:code/binding": [["/communes/28879/binding", ADMIN_ONLY]],
  "/merger/carry-over": [["/merger/carry-over", PROGRESS_PROVINCE]],
  "/merger/succession": [["/merger/succession", ADMIN_ONLY]],
  "/me/contacts": [["/me/contacts", ALL_OK]],
  "/admin/notify": [["/admin/notify", ADMIN_ONLY]],
  "/admin/notify/templates": [["/admin/notify/templates", ADMIN_ONLY]],
  "/communes/:code/hamlets": [["/communes/28879/hamlets", NOT_DEPT]],
  "/communes/:code/households": [["/communes/28879/households", HOUSEHOLDS]],
  "/communes/:code/households/import": [["/communes/28879/households/import", HOUSEHOLDS]],
  "/households/:id": [["/households/:household", HOUSEHOLDS]],
  "/admin/hamlet-sets": [["/admin/hamlet-sets", ADMIN_ONLY]],
  "/admin/household-links": [["/admin/household-links", ADMIN_ONLY]],
  "/communes/:code/hamlets/:hamlet": [["/communes/28879/hamlets/28879-01", NOT_DEPT]],
  "/admin/api-tokens": [["/admin/api-tokens", ADMIN_ONLY]],
  "/admin/sso": [["/admin/sso", ADMIN_ONLY]],
  "/reports/upward": [["/reports/upward", PROGRESS_PROVINCE]],
  "/reports/upward/:file{[a-z-]+\\.(?:csv|xlsx)}": [
    ["/reports/upward/muc-dat-theo-xa.csv", PROGRESS_PROVINCE],
    ["/reports/upward/khong-co.xlsx", [302, 404, 404, 404, 404, 404, 404]],
  ],
  // Served only by a national deployment (MODE=national; national.test.ts); a province answers 404.
  "/national": [["/national", [404, 404, 404, 404, 404, 404, 404]]],
  // The API's document and reference are public; its data routes are in API below (tokens, not sessions).
  "/api/v1/openapi.json": [["/api/v1/openapi.json", PUBLIC]],
  "/api/v1/docs": [["/api/v1/docs", PUBLIC]],
};

/**
 * POST routes: the roles that must be refused (403). Everyone else may act: with the empty form sent here they
 * get a Vietnamese 4xx (422/404/409) or a successful answer, never 403 or 5xx. Anonymous users go to login.
 */
const POST: Record<string, { path: string; forbidden: (typeof ROLES)[number][] }> = {
  "/admin/users": { path: "/admin/users", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/admin/users/:id": { path: "/admin/users/:spareUser", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/admin/users/:id/disable": { path: "/admin/users/:spareUser/disable", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/admin/users/:id/enable": { path: "/admin/users/:spareUser/enable", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/admin/users/:id/password": { path: "/admin/users/:spareUser/password", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/communes/:code/indicators/:id": { path: "/communes/28879/indicators/:ind", forbidden: ["admin", "lanhdao", "huyen.cholach", "canbo", "so.nongnghiep"] },
  "/me/password": { path: "/me/password", forbidden: [] },
  "/admin/sessions/end": { path: "/admin/sessions/end", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/sponsors/:id": { path: "/sponsors/:sponsor", forbidden: ["lanhdao", "huyen.cholach", "so.nongnghiep"] },
  "/sponsors/:id/merge": { path: "/sponsors/:sponsor/merge", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/communes/:code/contributions": { path: "/communes/28879/contributions", forbidden: ["lanhdao", "huyen.cholach", "so.nongnghiep"] },
  "/contributions/:id": { path: "/contributions/:contribution", forbidden: ["lanhdao", "huyen.cholach", "so.nongnghiep"] },
  "/contributions/:id/receipts": { path: "/contributions/:contribution/receipts", forbidden: ["lanhdao", "huyen.cholach", "canbo", "so.nongnghiep"] },
  "/contributions/:id/cancel": { path: "/contributions/:contribution/cancel", forbidden: ["lanhdao", "huyen.cholach", "so.nongnghiep"] },
  "/contributions/:id/deliver": { path: "/contributions/:contribution/deliver", forbidden: ["lanhdao", "huyen.cholach", "canbo", "so.nongnghiep"] },
  "/communes/:code/projects": { path: "/communes/28879/projects", forbidden: ["lanhdao", "huyen.cholach", "canbo", "so.nongnghiep"] },
  "/projects/:id": { path: "/projects/:project", forbidden: ["lanhdao", "huyen.cholach", "canbo", "so.nongnghiep"] },
  "/communes/:code/fund-account": { path: "/communes/28879/fund-account", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/admin/assignments": { path: "/admin/assignments", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/admin/assignments/:id/end": { path: "/admin/assignments/999999/end", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/reports/coverage/settings": { path: "/reports/coverage/settings", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/communes/:code/visits": { path: "/communes/28879/visits", forbidden: ["admin", "lanhdao", "huyen.cholach", "so.nongnghiep"] },
  "/visits/:id/concerns/:cid/feedback": { path: "/visits/:visit/concerns/:concern/feedback", forbidden: ["admin", "lanhdao", "huyen.cholach", "so.nongnghiep"] },
  "/communes/:code/feedback": { path: "/communes/28879/feedback", forbidden: ["admin", "lanhdao", "huyen.cholach", "so.nongnghiep"] },
  "/feedback/:id/:action{route|accept|return|answer|rate|close|comment}": { path: "/feedback/:feedback/answer", forbidden: ["admin", "lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh"] },
  "/reports/feedback/:month{[0-9]{4}-[0-9]{2}}/build": { path: "/reports/feedback/:month/build", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/me/notifications/read": { path: "/me/notifications/read", forbidden: [] },
  "/admin/feedback-categories/:id{[0-9]+}?": { path: "/admin/feedback-categories/:category", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/admin/holidays": { path: "/admin/holidays", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/admin/holidays/defaults": { path: "/admin/holidays/defaults", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/admin/holidays/:date{[0-9]{4}-[0-9]{2}-[0-9]{2}}/delete": { path: "/admin/holidays/2031-01-01/delete", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/progress/:code/targets": { path: "/progress/83/targets", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/progress/:code/snapshot": { path: "/progress/83/snapshot", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/communes/:code/dossiers": { path: "/communes/28879/dossiers", forbidden: ["admin", "lanhdao", "huyen.cholach", "canbo", "so.nongnghiep"] },
  "/dossiers/:id{[0-9]+}/details": { path: "/dossiers/:dossier/details", forbidden: ["admin", "lanhdao", "huyen.cholach", "canbo", "so.nongnghiep"] },
  "/dossiers/:id{[0-9]+}/documents": { path: "/dossiers/:dossier/documents", forbidden: ["admin", "lanhdao", "huyen.cholach", "canbo", "so.nongnghiep"] },
  "/dossiers/:id{[0-9]+}/documents/:doc{[0-9]+}/delete": { path: "/dossiers/:dossier/documents/999999/delete", forbidden: ["admin", "lanhdao", "huyen.cholach", "canbo", "so.nongnghiep"] },
  // Reviewers (district) and appraisers (admin) may return a dossier; a recognised one answers 409.
  "/dossiers/:id{[0-9]+}/return": { path: "/dossiers/:dossier/return", forbidden: ["lanhdao", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/dossiers/:id{[0-9]+}/:action{submit|withdraw|start-review|approve-review|start-appraisal|appraise|recognise|reject|revoke}": {
    path: "/dossiers/:dossier/revoke",
    forbidden: ["admin", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"],
  },
  "/files": { path: "/files", forbidden: [] }, // an empty form names no parent: 404 for everyone
  "/files/:id/withdraw": { path: "/files/999999/withdraw", forbidden: [] },
  "/recognitions/chain": { path: "/recognitions/chain", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/recognitions/revocation-rule": { path: "/recognitions/revocation-rule", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/admin/criteria/upload": { path: "/admin/criteria/upload", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/admin/criteria/targets/:id{[0-9]+}": { path: "/admin/criteria/targets/:target", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/admin/criteria/:id{[0-9]+}/clone": { path: "/admin/criteria/:set/clone", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/admin/criteria/:id{[0-9]+}/status": { path: "/admin/criteria/:set/status", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/communes/:code/binding": { path: "/communes/28879/binding", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/merger/carry-over/rule": { path: "/merger/carry-over/rule", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/merger/carry-over/:code/propose": { path: "/merger/carry-over/28879/propose", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/merger/carry-over/:code/decide": { path: "/merger/carry-over/28879/decide", forbidden: ["admin", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/merger/succession/:code": { path: "/merger/succession/28879", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  // Issue 18: everyone manages their own contact channels and preferences.
  "/me/contacts/prefs": { path: "/me/contacts/prefs", forbidden: [] },
  "/me/contacts/:channel{zalo|email|push}": { path: "/me/contacts/zalo", forbidden: [] },
  "/me/contacts/:channel{zalo|email|push}/verify": { path: "/me/contacts/zalo/verify", forbidden: [] },
  "/me/contacts/:channel{zalo|email|push}/delete": { path: "/me/contacts/email/delete", forbidden: [] },
  // Issue 21: hamlet assignments by the commune's staff (and the admin); households: the commune's staff and the admin only.
  "/communes/:code/hamlets/assignments": { path: "/communes/28879/hamlets/assignments", forbidden: ["lanhdao", "huyen.cholach", "canbo", "so.nongnghiep"] },
  "/communes/:code/hamlets/assignments/:id/end": { path: "/communes/28879/hamlets/assignments/999999/end", forbidden: ["lanhdao", "huyen.cholach", "canbo", "so.nongnghiep"] },
  "/communes/:code/households": { path: "/communes/28879/households", forbidden: ["lanhdao", "huyen.cholach", "canbo", "so.nongnghiep"] },
  "/communes/:code/households/import": { path: "/communes/28879/households/import", forbidden: ["lanhdao", "huyen.cholach", "canbo", "so.nongnghiep"] },
  "/communes/:code/households/retention": { path: "/communes/28879/households/retention", forbidden: ["lanhdao", "huyen.cholach", "canbo", "so.nongnghiep"] },
  // Confirming a suggested value writes the checklist: the commune's staff only.
  "/communes/:code/households/suggestions/:indicator": { path: "/communes/28879/households/suggestions/:ind", forbidden: ["admin", "lanhdao", "huyen.cholach", "canbo", "so.nongnghiep"] },
  "/households/:id": { path: "/households/:household", forbidden: ["lanhdao", "huyen.cholach", "canbo", "so.nongnghiep"] },
  "/households/:id/delete": { path: "/households/:household/delete", forbidden: ["lanhdao", "huyen.cholach", "canbo", "so.nongnghiep"] },
  "/admin/hamlet-sets": { path: "/admin/hamlet-sets", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/admin/household-links": { path: "/admin/household-links", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/admin/household-links/:id/delete": { path: "/admin/household-links/999999/delete", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/communes/:code/hamlets/:hamlet/checks": { path: "/communes/28879/hamlets/28879-01/checks", forbidden: ["admin", "lanhdao", "huyen.cholach", "canbo", "so.nongnghiep"] },
  // Who decides depends on the set (commune or province): with no set named, everyone in scope gets 404.
  "/communes/:code/hamlets/:hamlet/decision": { path: "/communes/28879/hamlets/28879-01/decision", forbidden: ["so.nongnghiep"] },
  "/admin/api-tokens": { path: "/admin/api-tokens", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/admin/api-tokens/:id/revoke": { path: "/admin/api-tokens/999999/revoke", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/admin/sso": { path: "/admin/sso", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
  "/admin/sso/unlink": { path: "/admin/sso/unlink", forbidden: ["lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] },
};

/**
 * /api/v1 (issue 19) by token: none, a leader's token with every resource (read), a commune staff's write token for
 * checklists only, a leader's token for units only, a revoked token, a leader's token of another province (86).
 */
const TOKENS = ["none", "leader", "xaWrite", "unitsOnly", "revoked", "other"] as const;
type ApiExpect = [none: number, leader: number, xaWrite: number, unitsOnly: number, revoked: number, other: number];
const API: Record<string, { method: string; path: string; body?: unknown; expect: ApiExpect }> = {
  "GET /api/v1/units": { method: "GET", path: "/api/v1/units", expect: [401, 200, 403, 200, 401, 200] },
  "GET /api/v1/units/:code": { method: "GET", path: "/api/v1/units/28879", expect: [401, 200, 403, 200, 401, 403] },
  "GET /api/v1/criteria-sets": { method: "GET", path: "/api/v1/criteria-sets", expect: [401, 200, 403, 403, 401, 200] },
  "GET /api/v1/criteria-sets/:id": { method: "GET", path: "/api/v1/criteria-sets/:privateSet", expect: [401, 200, 403, 403, 401, 404] },
  "GET /api/v1/communes/:code/checklist": { method: "GET", path: "/api/v1/communes/28879/checklist", expect: [401, 200, 200, 403, 401, 403] },
  "GET /api/v1/communes/:code/indicators/:id/history": { method: "GET", path: "/api/v1/communes/28879/indicators/:ind/history", expect: [401, 200, 200, 403, 401, 403] },
  "GET /api/v1/progress/:code": { method: "GET", path: "/api/v1/progress/83", expect: [401, 200, 403, 403, 401, 403] },
  "GET /api/v1/recognitions": { method: "GET", path: "/api/v1/recognitions", expect: [401, 200, 403, 403, 401, 200] },
  "GET /api/v1/feedback/stats": { method: "GET", path: "/api/v1/feedback/stats?from=2025-01-01&to=2025-12-31", expect: [401, 200, 403, 403, 401, 200] },
  "GET /api/v1/communes/:code/ledger": { method: "GET", path: "/api/v1/communes/28879/ledger", expect: [401, 200, 403, 403, 401, 403] },
  "GET /api/v1/summary": { method: "GET", path: "/api/v1/summary", expect: [401, 200, 403, 403, 401, 200] },
  "GET /api/v1/exports/:table": { method: "GET", path: "/api/v1/exports/muc-dat-theo-xa", expect: [401, 200, 403, 403, 401, 200] },
  // Writes with an empty body: refused by scope (403) before validation (422).
  "PUT /api/v1/communes/:code/indicators/:id": { method: "PUT", path: "/api/v1/communes/28879/indicators/:ind", body: {}, expect: [401, 403, 422, 403, 401, 403] },
  "POST /api/v1/feedback/:id/answer": { method: "POST", path: "/api/v1/feedback/:feedback/answer", body: {}, expect: [401, 403, 403, 403, 401, 403] },
};
const tokens = new Map<string, string | null>();
/** Marking one's own notifications read changes nothing anyone else sees: not audited. */
const NOT_AUDITED = new Set(["/me/notifications/read"]);
const auditCount = async () => ((await env.DB.prepare("select count(*) as n from audit_log").first()) as { n: number }).n;

/** Covered by their own tests (they change who is logged in). */
const ELSEWHERE = new Set(["POST /login", "POST /logout"]);

describe("route × role matrix", () => {
  it("has an entry for every route in the app's route table", () => {
    const routes = [...new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`))];
    const missing = routes.filter((r) => {
      const [method, path] = r.split(" ");
      if (path.startsWith("/api/v1/") && !(path in GET)) return !(r in API);
      return !ELSEWHERE.has(r) && !(method === "GET" ? path in GET : method === "POST" ? path in POST : false);
    });
    expect(missing).toEqual([]);
  });

  it("GET: anonymous → 302 to login (or public), each role 200 / 403 / 404 as specified", async () => {
    const failures: string[] = [];
    for (const [route, cases] of Object.entries(GET)) {
      for (const [template, expected] of cases) {
        const path = fill(template);
        const actors = ["anon", ...ROLES];
        for (const [i, actor] of actors.entries()) {
          const res = await clients.get(actor)!.get(path);
          if (res.status !== expected[i]) failures.push(`${route} ${path} as ${actor}: ${res.status}, expected ${expected[i]}`);
          if (res.status === 302 && expected[i] === 302 && actor === "anon" && !res.headers.get("Location")?.startsWith("/login")) {
            failures.push(`${path} as anon: redirected to ${res.headers.get("Location")}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000); // every route × every role: a minute on a loaded machine

  it("POST: anonymous → login, forbidden roles → 403, the others never 403 or 5xx", async () => {
    const failures: string[] = [];
    const anon = clients.get("anon")!;
    anon.csrf = /name="_csrf" value="([^"]+)"/.exec(await (await anon.get("/login")).text())![1];
    for (const [route, spec] of Object.entries(POST)) {
      const path = fill(spec.path);
      const a = await anon.post(path, {});
      if (a.status !== 302 || !a.headers.get("Location")?.startsWith("/login")) failures.push(`${path} as anon: ${a.status}`);
      for (const role of ROLES) {
        const audits = await auditCount();
        const res = await clients.get(role)!.post(path, {});
        const forbidden = spec.forbidden.includes(role);
        if (forbidden && res.status !== 403) failures.push(`${route} as ${role}: ${res.status}, expected 403`);
        if (!forbidden && (res.status === 403 || res.status >= 500)) failures.push(`${route} as ${role}: ${res.status}, expected to be allowed`);
        // A request that wrote rows also wrote an audit row; a refused one wrote nothing at all.
        const written = Number(/written=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? 0);
        const audited = (await auditCount()) - audits;
        if (written > 0 && audited === 0 && !NOT_AUDITED.has(route)) failures.push(`${route} as ${role}: wrote ${written} rows without an audit row`);
        if (res.status >= 400 && written !== 0) failures.push(`${route} as ${role}: refused (${res.status}) but wrote ${written} rows`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000); // every route × every role: a minute on a loaded machine

  it("a second province: no read of province 83 on any GET route, no write through any POST route", async () => {
    const failures: string[] = [];
    const isPublic = (path: string) => path.startsWith("/public/") || path === "/healthz" || path === "/api/v1/openapi.json" || path === "/api/v1/docs";
    const gets = [...Object.entries(GET).flatMap(([route, cases]) => cases.map(([template]) => [route, template] as const)), ...PRIVATE_GET.map((t) => [t, t] as const)];
    for (const username of OTHER_PROVINCE) {
      const client = clients.get(username)!;
      for (const [route, template] of gets) {
        const path = fill(template);
        const res = await client.get(path);
        const body = await res.text();
        if (isPublic(path) || (NATIONAL_SET_ROUTES.has(route) && template !== route && !template.includes("private"))) continue;
        if (res.status >= 500) failures.push(`GET ${path} as ${username}: ${res.status}`);
        if (res.status === 200 && !OWN_GET.has(route)) failures.push(`GET ${path} as ${username}: 200, expected 403/404`);
        const leaked = FOREIGN_MARKERS.filter((m) => body.includes(m));
        if (res.status === 200 && leaked.length) failures.push(`GET ${path} as ${username}: shows ${leaked.join(", ")}`);
      }
      for (const [route, spec] of Object.entries(POST)) {
        if (NATIONAL_SET_ROUTES.has(route)) continue;
        const path = fill(spec.path);
        const audits = await auditCount();
        const res = await client.post(path, {});
        const written = Number(/written=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? 0);
        if (res.status >= 500) failures.push(`POST ${path} as ${username}: ${res.status}`);
        if (!OWN_POST.has(route) && res.status !== 403 && res.status !== 404) failures.push(`POST ${path} as ${username}: ${res.status}, expected 403/404`);
        if (!OWN_POST.has(route) && (written !== 0 || (await auditCount()) !== audits)) failures.push(`POST ${path} as ${username}: wrote ${written} rows`);
      }
    }
    // Province 83's private set and its target, through the routes that take any set.
    for (const path of ["/admin/criteria/:privateSet/status", "/admin/criteria/:privateSet/clone", "/admin/criteria/targets/:privateTarget"]) {
      const res = await clients.get("vl.admin")!.post(fill(path), {});
      if (res.status !== 404) failures.push(`POST ${fill(path)} as vl.admin: ${res.status}, expected 404`);
    }
    // Real forms at province 83's private set and day off, from the second province's admin: refused, nothing written.
    const vl = clients.get("vl.admin")!;
    const communeVl = String(((await env.DB.prepare("select u.code as v from units u join users a on a.unit_id = u.id where a.username = 'vl.xa'").first()) as { v: string }).v);
    const before = await auditCount();
    const bindForm = { key: "DBSCL", targetLevel: "NTM", targetYear: "2025", evalYear: "2025", version: "0" };
    const bind = await vl.post(`/communes/${communeVl}/binding`, { setId: String(ids.privateSet), ...bindForm });
    if (bind.status < 400) failures.push(`binding a commune of 86 to 83's private set: ${bind.status}`);
    const bound = (await env.DB.prepare("select count(*) as n from commune_bindings where set_id = ?").bind(ids.privateSet).first()) as { n: number };
    if (bound.n !== 0) failures.push(`83's private set has ${bound.n} bindings`);
    if ((await auditCount()) !== before) failures.push("the refused binding wrote an audit row");
    const del = await vl.post("/admin/holidays/2031-01-02/delete", {});
    if (del.status !== 404) failures.push(`deleting 83's day off as vl.admin: ${del.status}`);
    if (!(await env.DB.prepare("select 1 from province_holidays where date = '2031-01-02'").first())) failures.push("83's day off was deleted");
    const national = (await env.DB.prepare("select date from holidays limit 1").first()) as { date: string };
    const delNational = await vl.post(`/admin/holidays/${national.date}/delete`, {});
    if (delNational.status !== 403) failures.push(`deleting a national day off as vl.admin: ${delNational.status}`);
    if ((await auditCount()) !== before) failures.push("refused requests wrote audit rows");
    // The same form with the national set is accepted: the refusal above was about the set, not the form.
    const national318 = await vl.post(`/communes/${communeVl}/binding`, { setId: String(ids.set), ...bindForm });
    if (national318.status !== 303) failures.push(`binding to the national set: ${national318.status}`);
    expect(failures).toEqual([]);
  });

  it("API: each token gets 200 / 401 / 403 / 404 / 422 as specified, never 5xx; a refused write changes nothing but the token's use", async () => {
    const failures: string[] = [];
    for (const [route, spec] of Object.entries(API)) {
      for (const [i, name] of TOKENS.entries()) {
        const audits = await auditCount();
        const res = await apiRequest(tokens.get(name)!, spec.method, fill(spec.path), spec.body);
        if (res.status !== spec.expect[i]) failures.push(`${route} with ${name}: ${res.status}, expected ${spec.expect[i]}`);
        failures.push(...(await contractProblems(spec.method, fill(spec.path), res))); // every answer as the OpenAPI document says
        const written = Number(/written=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? 0);
        // A known token's use is counted (api_tokens: one row); nothing else is written by a refused request.
        if (res.status >= 400 && (written > 1 || (await auditCount()) !== audits)) failures.push(`${route} with ${name}: refused (${res.status}) but wrote ${written} rows`);
      }
    }
    expect(failures).toEqual([]);
  });
});
