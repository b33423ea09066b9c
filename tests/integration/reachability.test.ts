// Reachable by clicks: every page a role may use is reachable from that role's home by clicks. For each demo role this crawls
// from "/" through links and htmx GETs (a[href], [hx-get]) and records the GET routes (from the app's route table) it
// reached. A route is one the role may use when a concrete page of it, reached by any role, answers that role 200.
// Fails when a role may use a route that no page it can reach links to, or when no role reaches a route at all
// (unless listed in NOT_LINKED with the reason).
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/index";
import { addPledge, Client, loggedIn, seededDb } from "../factories";

const ROLES = ["admin", "lanhdao", "huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"] as const;

/** Routes no page needs to link to, with the reason. */
const NOT_LINKED: Record<string, string> = {
  "/healthz": "monitoring, not a page",
  "/login": "reached by logging out or by any page when logged out",
  "/me/feedback": "a redirect to the user's inbox",
  "/progress": "a redirect to the user's own progress page",
  "/files/:id": "the fixture has no evidence files (evidence-files.test.ts follows their links)",
  "/files/:id/thumb": "the fixture has no evidence files",
  "/files/dossiers/:id/minh-chung.zip": "no dossier of the fixture froze files",
  "/progress/:code/thi-dua/export/:file": "links carry generated file names; checked by progress tests",
  "/dossiers/:id{[0-9]+}/return": "offered only on a dossier under review; the fixture's are decided",
  "/dossiers/:id{[0-9]+}/:form{details|documents}": "a form's POST address opened directly: redirects to the dossier",
  "/households/:id": "the fixture has no households (households.test.ts opens them from the list)",
  "/national": "served by the national deployment only (MODE=national)",
  "/reports/upward/:file{[a-z-]+\\.(?:csv|xlsx)}": "links carry the period's query; checked by api.test.ts",
};
/** The JSON API is for other systems, with a token: its reference page is linked, its routes are not pages. */
const isApi = (path: string) => path.startsWith("/api/v1/") && path !== "/api/v1/docs";

/**
 * Routes some roles may open (200) without it being a page for them, with the reason: not required from their home.
 * Fragments are parts of a page fetched by htmx from a control that is itself on the page.
 */
const NOT_FOR: Record<string, { roles: string[]; why: string }> = {
  "/communes/:code/indicators/:id/view": { roles: [...ROLES], why: "a fragment: the inline editor's “Hủy”" },
  "/api/v1/docs": { roles: ["huyen.cholach", "canbo", "xa.vinhbinh", "so.nongnghiep"], why: "the API reference, open to read; linked where admins and leaders connect systems" },
  "/me/communes": { roles: ["admin", "lanhdao", "huyen.cholach", "xa.vinhbinh", "so.nongnghiep"], why: "a cadre's assigned communes; empty for other roles" },
};

/**
 * How many concrete pages of one route are opened before its further links are only recorded: pages that led to a
 * route not reached before count; pages that led nowhere new (an empty list) count only towards MAX_TRIES.
 */
const PER_ROUTE = 1;
const FOCUS = "28879";
const MAX_TRIES = 3;
/** Unit pages are the way down the tree (province → district → commune): more of them are opened. */
const PER_ROUTE_OF: Record<string, number> = { "/units/:code": 12 };
const limitOf = (route: string) => PER_ROUTE_OF[route] ?? PER_ROUTE;
const NOT_FETCHED = /\.(csv|xlsx|zip|json|pdf)$|^\/files\/|\/export\//;

type Route = { path: string; re: RegExp; params: number };
const routes: Route[] = [...new Set(app.routes.filter((r) => r.method === "GET").map((r) => r.path))]
  .filter((p) => p !== "/*" && !p.includes("*"))
  .map((path) => {
    let params = 0;
    const source = path
      .split("/")
      .map((seg) => {
        const m = /^:(\w+)(\{(.+)\})?(\?)?$/.exec(seg);
        if (!m) return seg.replace(/[.+^$()|[\]\\]/g, "\\$&");
        params++;
        return `(${m[3] ?? "[^/]+"})${m[4] ?? ""}`;
      })
      .join("/");
    return { path, re: new RegExp(`^${source.replace(/\/\((.+)\)\?$/, "(?:/($1))?")}$`), params };
  });
const routeOf = (pathname: string) => routes.filter((r) => r.re.test(pathname)).sort((a, b) => a.params - b.params)[0]?.path;

/** Same-site GET targets of links and htmx GETs in a page. */
function linksOf(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<a\b[^>]*?\shref="([^"]+)"/g)) out.push(m[1]);
  for (const m of html.matchAll(/\shx-get="([^"]+)"/g)) out.push(m[1]);
  return out
    .map((h) => h.replace(/&amp;/g, "&").split("#")[0])
    .filter((h) => h.startsWith("/") && !h.startsWith("//") && !h.startsWith("/public/") && h !== "/logout");
}

type Crawl = { reached: Set<string>; pages: Map<string, string> };

/** Breadth-first from "/" as `client`; at most PER_ROUTE pages answering 200 per route are opened. */
async function crawl(client: Client): Promise<Crawl> {
  const reached = new Set<string>();
  const opened = new Map<string, number>();
  const tries = new Map<string, number>();
  const full = (route: string) => (opened.get(route) ?? 0) >= limitOf(route) || (tries.get(route) ?? 0) >= Math.max(MAX_TRIES, limitOf(route));
  const pages = new Map<string, string>(); // route → a concrete URL that answered 200
  const seen = new Set<string>(["/"]);
  const queue = ["/"];
  while (queue.length) {
    const url = queue.shift()!;
    const pathname = url.split("?")[0];
    const route = routeOf(pathname);
    if (!route) continue;
    reached.add(route);
    if (NOT_FETCHED.test(pathname) || full(route)) continue;
    tries.set(route, (tries.get(route) ?? 0) + 1);
    const res = await client.get(url);
    const location = res.headers.get("Location");
    if (res.status >= 300 && res.status < 400 && location?.startsWith("/") && !seen.has(location)) {
      seen.add(location);
      queue.push(location);
    }
    if (res.status !== 200 || !(res.headers.get("Content-Type") ?? "").includes("text/html")) {
      await res.body?.cancel();
      continue;
    }
    if (!pages.has(route)) pages.set(route, url);
    let leadsSomewhere = false;
    for (const link of linksOf(await res.text())) {
      if (seen.has(link)) continue;
      seen.add(link);
      const r = routeOf(link.split("?")[0]);
      if (r && r !== route && !reached.has(r)) leadsSomewhere = true;
      // Links of a route already opened enough are recorded without being queued.
      if (r && full(r)) reached.add(r);
      // Links to a route not reached yet go first: the crawl finds every route with few pages.
      // So do pages of Vĩnh Bình (28879), where the fixture keeps its visits, feedback and pledges.
      else if (r && ((!reached.has(r) && !queue.some((q) => routeOf(q.split("?")[0]) === r)) || link.includes(`/${FOCUS}`))) queue.unshift(link);
      else queue.push(link);
    }
    if (leadsSomewhere) opened.set(route, (opened.get(route) ?? 0) + 1);
  }
  return { reached, pages };
}

const crawls = new Map<string, Crawl>();
const clients = new Map<string, Client>();

beforeAll(async () => {
  await seededDb();
  // A pledge with a receipt, so the receipt page has a link to follow.
  const { contributionId } = await addPledge("28879", "Công ty Lối Đi");
  for (const role of ROLES) clients.set(role, await loggedIn(role));
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10).split("-").reverse().join("/");
  await clients.get("xa.vinhbinh")!.post(`/contributions/${contributionId}/receipts`, { amount: "1.000.000", receivedAt: today, payerName: "", note: "" });
  const results = await Promise.all(ROLES.map((role) => crawl(clients.get(role)!)));
  ROLES.forEach((role, i) => crawls.set(role, results[i]));
}, 240_000);

describe("reachable by clicks", () => {
  it("every GET route is linked from some role's pages (or listed in NOT_LINKED with a reason)", () => {
    const reachedByAny = new Set([...crawls.values()].flatMap((c) => [...c.reached]));
    const unreached = routes.map((r) => r.path).filter((p) => !reachedByAny.has(p) && !(p in NOT_LINKED) && !isApi(p) && !p.startsWith("/public/"));
    expect(unreached).toEqual([]);
  });

  it("each role reaches every route it may use (a page of it, reached by any role, answers the role 200)", async () => {
    const examples = new Map<string, string>();
    for (const c of crawls.values()) for (const [route, url] of c.pages) if (!examples.has(route)) examples.set(route, url);
    const failures: string[] = [];
    for (const role of ROLES) {
      const mine = crawls.get(role)!.reached;
      for (const [route, url] of examples) {
        if (mine.has(route) || route.startsWith("/public/") || route in NOT_LINKED || isApi(route) || NOT_FOR[route]?.roles.includes(role)) continue;
        const res = await clients.get(role)!.get(url);
        await res.body?.cancel();
        if (res.status === 200) failures.push(`${role}: ${route} (e.g. ${url}) answers 200 but no page reachable from the home links to it`);
      }
    }
    expect(failures).toEqual([]);
  });
});
