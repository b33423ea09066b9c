// Shared by the benchmark scripts and the e2e setup: start the app on a fresh database, log in over HTTP,
// time requests and read D1 rows from Server-Timing, summarise.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type Server = { baseUrl: string; stop: () => void };

/** The app started by `startApp`: a Server that can also be crashed. */
export type StartedApp = Server & {
  /** SIGKILL to the whole process group (tsx, wrangler, workerd): a crash, nothing flushed. */
  kill: () => void;
  /** The process group id (the spawned script's pid). */
  pgid: number;
  /** Resolves when the spawned process has exited (after `stop` or `kill`). */
  exited: Promise<void>;
};

/** This app's answer on /healthz: a port answered by anything else (another server took it meanwhile) is not the app. */
export const isOurApp = async (baseUrl: string) => {
  const res = await fetch(`${baseUrl}/healthz`);
  return res.ok && (await res.text()) === "ok";
};

/**
 * A free port below the system's ephemeral range (Linux: from 32768): a server that asks for port 0 (Chromium's,
 * wrangler's own) is never given it between this check and the app binding it. Below 31000, so a stand-in on
 * PORT + 1000 stays out of that range too.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 11_000);
    if (await canListen(port)) return port;
  }
}

const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });

/**
 * `npm start`'s script on a free port with a fresh (or given) --persist-to directory, demo loaded; with
 * `inspectorPort`, the app isolate's V8 inspector listens there. With `bare`, only `wrangler dev` is started (no
 * migrations, no demo check): a fresh isolate in a few seconds, for cold-start measurements of a ready database.
 */
export async function startApp(persistTo?: string, opts: { inspectorPort?: number; bare?: boolean } = {}): Promise<StartedApp> {
  const port = await freePort();
  const dir = persistTo ?? mkdtempSync(join(tmpdir(), "ntm-bench-"));
  // An inspector port of its own: two apps starting at once (the e2e run) would both take wrangler's default 9229.
  const inspectorPort = opts.inspectorPort ?? (await freePort());
  const env = { ...process.env, PORT: String(port), NTM_PERSIST_TO: dir, WRANGLER_SEND_METRICS: "false", NTM_INSPECTOR_PORT: String(inspectorPort) };
  const [command, args] = opts.bare ? ["wrangler", ["dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", dir]] : ["tsx", ["scripts/start.ts"]];
  const child: ChildProcess = spawn(command as string, args as string[], { detached: true, env, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const log: string[] = [];
  child.stdout!.on("data", (d) => log.push(String(d)));
  child.stderr!.on("data", (d) => log.push(String(d)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      if (await isOurApp(baseUrl)) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`app did not start:\n${log.join("")}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    baseUrl,
    pgid: child.pid!,
    exited,
    kill: () => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    },
    stop: () => {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
      if (!persistTo) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A logged-in HTTP session (cookies + CSRF token) against the running app. */
export class Session {
  cookies = new Map<string, string>();
  csrf = "";
  constructor(readonly baseUrl: string) {}

  async request(path: string, init: RequestInit & { form?: Record<string, string>; htmx?: boolean } = {}) {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    if (init.htmx) headers.set("HX-Request", "true");
    let body = init.body;
    if (init.form) {
      headers.set("Content-Type", "application/x-www-form-urlencoded");
      body = new URLSearchParams({ _csrf: this.csrf, ...init.form }).toString();
    }
    const res = await fetch(this.baseUrl + path, { ...init, headers, body, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  }

  async login(username: string, password = "demo-ntm-2026") {
    const page = await (await this.request("/login")).text();
    this.csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];
    const res = await this.request("/login", { method: "POST", form: { username, password } });
    if (res.status !== 303) throw new Error(`login ${username}: ${res.status}`);
    this.csrf = /name="_csrf" value="([^"]+)"/.exec(await (await this.request("/")).text())![1];
  }
}

/** A commune's numeric indicators (their edit form asks for a decimal), else the first ten of its checklist. */
export async function numericIndicators(s: Session, commune: string): Promise<string[]> {
  const page = await (await s.request(`/communes/${commune}/checklist`)).text();
  const all = [...page.matchAll(/<li id="ind-(\d+)"/g)].map((m) => m[1]);
  const numeric: string[] = [];
  for (const id of all) {
    const form = await (await s.request(`/communes/${commune}/indicators/${id}/edit`, { htmx: true })).text();
    if (form.includes('inputmode="decimal"')) numeric.push(id);
  }
  return numeric.length ? numeric : all.slice(0, 10);
}

/** Opens an indicator's edit form (htmx) and reads the version it carries; the body is consumed. */
export async function openEdit(s: Session, commune: string, indicator: string): Promise<{ res: Response; version: string }> {
  const res = await s.request(`/communes/${commune}/indicators/${indicator}/edit`, { htmx: true });
  const form = await res.text();
  return { res, version: /name="version" value="(\d+)"/.exec(form)?.[1] ?? "0" };
}

/** Saves an indicator through the real form (htmx), as the checklist page does; the body is consumed. */
export async function saveIndicator(s: Session, commune: string, indicator: string, form: { value: string; note: string; version: string }): Promise<Response> {
  const res = await s.request(`/communes/${commune}/indicators/${indicator}`, {
    method: "POST",
    htmx: true,
    form: { value: form.value, evidenceNote: "Tải thử", evidenceLink: "", note: form.note, version: form.version },
  });
  await res.arrayBuffer();
  return res;
}

export type Sample = { rows: number; serverMs: number; bytes: number; status: number };

/** D1 rows read and written and total server time from a response's Server-Timing header. */
export function timing(res: Response): { rows: number; written: number; serverMs: number } {
  const header = res.headers.get("Server-Timing") ?? "";
  return {
    rows: Number(/rows=(\d+)/.exec(header)?.[1] ?? NaN),
    written: Number(/written=(\d+)/.exec(header)?.[1] ?? NaN),
    serverMs: Number(/total;dur=([\d.]+)/.exec(header)?.[1] ?? NaN),
  };
}

export async function sample(res: Response): Promise<Sample> {
  const body = await res.arrayBuffer();
  return { ...timing(res), bytes: body.byteLength, status: res.status };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export type Summary = { name: string; n: number; rows_read: number; rows_max: number; p50_ms: number; p95_ms: number; bytes: number; errors: number };

export function summarise(name: string, samples: Sample[]): Summary {
  const ms = samples.map((s) => s.serverMs);
  return {
    name,
    n: samples.length,
    rows_read: percentile(samples.map((s) => s.rows), 50),
    rows_max: Math.max(...samples.map((s) => s.rows)),
    p50_ms: Number(percentile(ms, 50).toFixed(2)),
    p95_ms: Number(percentile(ms, 95).toFixed(2)),
    bytes: percentile(samples.map((s) => s.bytes), 50),
    errors: samples.filter((s) => s.status >= 400 && s.status !== 409).length,
  };
}

export function printTable(rows: Summary[]): void {
  console.log("\n| request | n | D1 rows read (p50 / max) | server p50 ms | server p95 ms | bytes | errors |");
  console.log("|---|---|---|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.name} | ${r.n} | ${r.rows_read} / ${r.rows_max} | ${r.p50_ms} | ${r.p95_ms} | ${r.bytes} | ${r.errors} |`);
}
