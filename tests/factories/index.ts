// Test helpers: a demo-seeded real D1, and an HTTP client that logs in like a browser.
import { env } from "cloudflare:workers";
import { app } from "../../src/index";
import { createDb, type Db } from "../../src/db/client";
import { DEMO_PASSWORD, isEmpty, seedDemo } from "../../src/demo/fixture";
import { seedPresentDemo } from "../../src/demo/present";
import { hashPassword } from "../../src/auth/password";
import { planProvince } from "../../src/domain/units";
import { unitByCode, importProvince } from "../../src/services/units";
import { dumpAll, restoreAll, type Manifest } from "../../src/services/backup";
import { lastContribution, pairsOf, publicPairStatements, rollupDelta } from "../../src/services/ledger-rollups";

export { DEMO_PASSWORD };

export function testDb(): Db {
  return createDb(env.DB);
}

/**
 * The demo province in this test file's database (seeded once per file). The first file of a run seeds it
 * with `seedDemo` and shares a backup of it (src/services/backup.ts); the others restore that backup.
 */
export async function seededDb(): Promise<Db> {
  return fromSeedCache("demo", (db) => seedDemo(db, env.UNITS_2025));
}

/** The present demo that `npm start` loads (Vĩnh Long two-tier with the 2021–2025 archive), seeded once per run like `seededDb`. */
export async function presentDb(): Promise<Db> {
  const input = { units2025: env.UNITS_2025, units2026: env.UNITS_2026, succession: env.SUCCESSION_2025, nowIso: "2026-12-01T03:00:00.000Z" };
  return fromSeedCache("present", (db) => seedPresentDemo(db, input));
}

/** Backups of the run's seeded databases, kept by this worker's isolate once fetched (the test files share them). */
const seedDumps = new Map<string, { manifest: Manifest; files: Map<string, string> }>();

async function fromSeedCache(name: string, seed: (db: Db) => Promise<unknown>): Promise<Db> {
  const db = testDb();
  if (!(await isEmpty(db))) return db;
  const url = `http://seed-cache/${name}`;
  if (!seedDumps.has(name)) {
    const cached = await env.SEED_CACHE.fetch(url);
    if (cached.ok) {
      const { manifest, files } = (await cached.json()) as { manifest: Manifest; files: [string, string][] };
      seedDumps.set(name, { manifest, files: new Map(files) });
    }
  }
  const dump = seedDumps.get(name);
  if (dump) {
    await restoreAll(env.DB, dump.manifest, dump.files);
    return db;
  }
  await seed(db);
  const { manifest, dumps } = await dumpAll(env.DB, new Date().toISOString());
  const files = manifest.tables.map((t, i) => [t.file, dumps[i].jsonl]);
  await env.SEED_CACHE.fetch(url, { method: "PUT", body: JSON.stringify({ manifest, files }) });
  return db;
}

const cookieOf = (res: Response, name: string): string | null => {
  for (const header of res.headers.getSetCookie()) {
    const [pair] = header.split(";");
    const [k, v] = pair.split("=");
    if (k === name) return v;
  }
  return null;
};

export const csrfFrom = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

/** A cookie-keeping client over the real app and the real D1 binding. */
export class Client {
  cookies = new Map<string, string>();
  csrf = "";
  /** `bindings`: the env the app sees (default: the test's real bindings). */
  constructor(readonly bindings: Cloudflare.Env = env) {}

  async fetch(path: string, init: RequestInit & { form?: Record<string, string>; htmx?: boolean } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    if (init.htmx) headers.set("HX-Request", "true");
    let body = init.body;
    if (init.form) {
      headers.set("Content-Type", "application/x-www-form-urlencoded");
      body = new URLSearchParams(init.form).toString();
    }
    const res = await app.request(path, { ...init, headers, body, redirect: "manual" }, this.bindings);
    for (const name of ["ntm_session", "ntm_csrf"]) {
      const value = cookieOf(res, name);
      if (value !== null) value === "" ? this.cookies.delete(name) : this.cookies.set(name, value);
    }
    return res;
  }

  async get(path: string, htmx = false) {
    return this.fetch(path, { htmx });
  }

  /** POST a form with this client's CSRF token unless one is given. */
  async post(path: string, form: Record<string, string>, opts: { htmx?: boolean; csrf?: string | null } = {}) {
    const withToken = opts.csrf === null ? form : { _csrf: opts.csrf ?? this.csrf, ...form };
    return this.fetch(path, { method: "POST", form: withToken, htmx: opts.htmx });
  }

  async login(username: string, password = DEMO_PASSWORD): Promise<Response> {
    const page = await this.get("/login");
    this.csrf = csrfFrom(await page.text());
    const res = await this.post("/login", { username, password });
    if (res.status === 303) {
      const home = await this.get("/");
      this.csrf = csrfFrom(await home.text());
    }
    return res;
  }
}

export async function loggedIn(username: string): Promise<Client> {
  const client = new Client();
  const res = await client.login(username);
  if (res.status !== 303) throw new Error(`login ${username} failed: ${res.status}`);
  return client;
}

/** A consenting sponsor and a 10.000.000 đ pledge for a commune (the demo seeds none), mobilised by canbo. */
export async function addPledge(communeCode: string, sponsorName: string): Promise<{ sponsorId: number; contributionId: number }> {
  await env.DB.prepare(
    "insert into sponsors (province_id, kind, name, name_folded, public_consent, mobilised_by, created_by) select province_id, 'business', ?, lower(?), 1, (select id from users where username = 'canbo'), 1 from units where code = ?",
  )
    .bind(sponsorName, sponsorName, communeCode)
    .run();
  await env.DB.prepare(
    "insert into contributions (sponsor_id, commune_id, province_id, district_id, kind, amount, status, pledged_at, created_by, mobilised_by) select (select max(id) from sponsors), id, province_id, district_id, 'money', 10000000, 'pledged', '2026-11-01', 1, (select id from users where username = 'canbo') from units where code = ?",
  )
    .bind(communeCode)
    .run();
  const db = testDb();
  const last = (await env.DB.prepare("select commune_id as c, sponsor_id as s from contributions where id = (select max(id) from contributions)").first()) as { c: number; s: number };
  await db.batch([rollupDelta(db, lastContribution, 1, { single: true }), ...publicPairStatements(db, pairsOf(last.c, [last.s]))]);
  const row = (await env.DB.prepare("select max(s.id) as sponsorId, (select max(id) from contributions) as contributionId from sponsors s").first()) as { sponsorId: number; contributionId: number };
  return row;
}

/**
 * A second province in the same database (after the 2025 merger the archive and the current province live side by
 * side): its units from env.UNITS_2025 and an admin, a leader and a commune staff account (password DEMO_PASSWORD).
 * Returns the usernames (`<prefix>.admin`, `<prefix>.lanhdao`, `<prefix>.xa`) and the commune's code.
 */
export async function addProvince(code: string, prefix: string): Promise<{ admin: string; leader: string; communeStaff: string; communeCode: string; provinceId: number }> {
  const db = testDb();
  if (!(await unitByCode(db, code))) await importProvince(db, planProvince(env.UNITS_2025, code));
  const province = (await unitByCode(db, code))!;
  const commune = (await env.DB.prepare("select id, code from units where province_id = ? and level = 'commune' and kind = 'xa' order by code limit 1").bind(province.id).first()) as { id: number; code: string };
  const hashed = await hashPassword(DEMO_PASSWORD, 1000);
  const accounts = [
    { username: `${prefix}.admin`, role: "admin", unitId: province.id },
    { username: `${prefix}.lanhdao`, role: "leader", unitId: province.id },
    { username: `${prefix}.xa`, role: "commune_staff", unitId: commune.id },
  ] as const;
  for (const a of accounts) {
    await env.DB.prepare(
      "insert or ignore into users (username, display_name, password_hash, password_salt, password_iterations, role, unit_id) values (?, ?, ?, ?, ?, ?, ?)",
    )
      .bind(a.username, `Tài khoản ${a.username}`, hashed.hash, hashed.salt, hashed.iterations, a.role, a.unitId)
      .run();
  }
  return { admin: accounts[0].username, leader: accounts[1].username, communeStaff: accounts[2].username, communeCode: commune.code, provinceId: province.id };
}

/** One household (issue 21) in a hamlet of the fixture, added by the commune's staff account; returns its id. */
export async function addHousehold(hamletCode: string, headName = "Hộ thử ma trận"): Promise<number> {
  await env.DB.prepare(
    "insert into households (hamlet_id, commune_id, province_id, head_name, head_folded, address, created_by, updated_by) select h.id, h.commune_id, h.province_id, ?, lower(?), 'Tổ 1', 1, 1 from units h where h.code = ? and h.level = 'hamlet'",
  )
    .bind(headName, headName, hamletCode)
    .run();
  return ((await env.DB.prepare("select max(id) as id from households").first()) as { id: number }).id;
}
