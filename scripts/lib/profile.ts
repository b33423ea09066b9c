// The app isolate's CPU, as Cloudflare bills it: a V8 CPU profile taken through the inspector `wrangler dev`
// exposes (--inspector-port). wrangler's inspector proxy attaches to the user worker's isolate only, so the local
// D1 simulator (a Durable Object in another isolate and SQLite in native code), wrangler's proxy and the runtime's
// own plumbing never appear in it. Samples are classified by their stack:
//   d1     — a frame of the D1 client inside the isolate (the binding's JS: prepare/bind/all/batch, result
//            decoding); billable on Cloudflare too, reported apart;
//   idle   — "(idle)": the isolate waiting (on D1, on the network): not billed;
//   plumbing — workerd's tracing helpers (the local trace collector's spans) and the self time of wrangler's dev
//            middleware facade (__facade_invoke__ …, never deployed): not counted;
//   app    — everything else that ran on the isolate's thread: our code, hono, drizzle, JSX, zod, GC.
// "(program)" (native work V8 cannot attribute to a JS frame: parsing, runtime calls, the inspector itself) is
// reported apart and not counted in app: on an otherwise idle isolate it is mostly the profiler's own cost.

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; scriptId: string }; children?: number[] };
export type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };
export type CpuSplit = { appMs: number; d1Ms: number; idleMs: number; programMs: number; plumbingMs: number; gcMs: number; wallMs: number };
type Kind = "app" | "d1" | "idle" | "program" | "plumbing" | "gc";
export type HotFunction = { name: string; url: string; selfMs: number; share: number };

/** A D1 client frame: the binding's JavaScript (workerd's d1-api module, miniflare's D1 wrapper). */
const D1_CLIENT = /d1-api|cloudflare-internal:d1|d1[-_]?(?:database|binding|shim|wrapper)|D1Database|D1PreparedStatement/i;
const PLUMBING = /cloudflare-internal:tracing/;
/** Self time of wrangler's dev-only middleware facade around the worker (not deployed). */
const DEV_FACADE = /^(?:__facade_invoke__|__facade_invokeChain__|drainBody|jsonError)$/;

export class Inspector {
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private constructor(private ws: WebSocket) {
    ws.addEventListener("close", () => {
      for (const p of this.pending.values()) p.reject(new Error("inspector: connection closed"));
      this.pending.clear();
    });
    ws.addEventListener("message", (event) => {
      const msg = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
      if (msg.id === undefined) return;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result);
    });
  }

  /** Connects to the first (the app's) target listed by the inspector at `port`; retries while wrangler starts it. */
  static async connect(port: number, timeoutMs = 60_000): Promise<Inspector> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as { webSocketDebuggerUrl?: string }[];
        const url = targets.find((t) => t.webSocketDebuggerUrl)?.webSocketDebuggerUrl;
        if (url) {
          // wrangler's inspector proxy wants an allowed Origin (localhost); Node's WebSocket (undici) takes headers.
          const ws = new WebSocket(url.startsWith("ws") ? url : `ws://${url}`, { headers: { Origin: "http://localhost" } } as unknown as string[]);
          await new Promise<void>((resolve, reject) => {
            ws.addEventListener("open", () => resolve(), { once: true });
            ws.addEventListener("error", () => reject(new Error(`inspector: cannot open ${url}`)), { once: true });
          });
          return new Inspector(ws);
        }
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`inspector on port ${port} did not answer`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Profiles the isolate while `fn` runs (sampling every `intervalUs` µs). */
  async profile(fn: () => Promise<void>, intervalUs = 100): Promise<CpuProfile> {
    await this.send("Profiler.enable");
    await this.send("Profiler.setSamplingInterval", { interval: intervalUs });
    await this.send("Profiler.start");
    let failure: unknown = null;
    await fn().catch((e: unknown) => (failure = e));
    const stopped = await this.send<{ profile?: CpuProfile }>("Profiler.stop");
    if (failure) throw failure;
    if (!stopped?.profile) throw new Error("inspector: no profile (the isolate was replaced while profiling)");
    return stopped.profile;
  }

  close(): void {
    this.ws.close();
  }
}

/**
 * CAP_US (env, default 250 µs = 2.5 sampling intervals; 0 = off): the cap on each sample's time. The profiler stamps
 * wall time: a sample taken after the thread waited for a core (a loaded machine) or slept carries the whole wait,
 * charged to whatever frame was on top. Capping counts roughly samples × interval, the CPU actually run. One setting
 * for every script that profiles (npm run bench, npm run profile:pages).
 */
export const CAP_US = Number(process.env.CAP_US ?? 250);
/** The profile with each sample's time capped at `capUs` (unchanged when the cap is 0). */
export function capped(profile: CpuProfile, capUs = CAP_US): CpuProfile {
  return capUs > 0 ? { ...profile, timeDeltas: profile.timeDeltas.map((d) => Math.min(d, capUs)) } : profile;
}

/** Walks every sample's stack once: the split of the profile's time into app, D1 client, idle and program. */
export function splitCpu(profile: CpuProfile): CpuSplit {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const kindCache = new Map<number, Kind>();
  const kindOf = (id: number): Kind => {
    const known = kindCache.get(id);
    if (known) return known;
    const leaf = byId.get(id)!.callFrame.functionName;
    let kind: Kind = leaf === "(idle)" ? "idle" : leaf === "(program)" ? "program" : leaf === "(garbage collector)" ? "gc" : DEV_FACADE.test(leaf) ? "plumbing" : "app";
    if (kind === "app") {
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const f = byId.get(at)!.callFrame;
        if (D1_CLIENT.test(f.url) || D1_CLIENT.test(f.functionName)) {
          kind = "d1";
          break;
        }
        if (PLUMBING.test(f.url)) {
          kind = "plumbing";
          break;
        }
      }
    }
    kindCache.set(id, kind);
    return kind;
  };
  const ms: Record<Kind, number> = { app: 0, d1: 0, idle: 0, program: 0, plumbing: 0, gc: 0 };
  profile.samples.forEach((id, i) => (ms[kindOf(id)] += (profile.timeDeltas[i] ?? 0) / 1000));
  return { appMs: ms.app + ms.gc, d1Ms: ms.d1, idleMs: ms.idle, programMs: ms.program, plumbingMs: ms.plumbing, gcMs: ms.gc, wallMs: (profile.endTime - profile.startTime) / 1000 };
}

/** The functions with the most self time (excluding idle and program), for the report. */
export function hotFunctions(profile: CpuProfile, top = 12): HotFunction[] {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byKey = new Map<string, HotFunction>();
  let total = 0;
  for (const n of profile.nodes) {
    const t = self.get(n.id) ?? 0;
    const name = n.callFrame.functionName || "(anonymous)";
    if (!t || name === "(idle)" || name === "(program)") continue;
    total += t;
    const url = n.callFrame.url.split("/").slice(-2).join("/");
    const key = `${name} ${url}`;
    const h = byKey.get(key) ?? { name, url, selfMs: 0, share: 0 };
    h.selfMs += t;
    byKey.set(key, h);
  }
  return [...byKey.values()]
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top)
    .map((h) => ({ ...h, selfMs: Number(h.selfMs.toFixed(2)), share: Number((h.selfMs / total).toFixed(3)) }));
}
