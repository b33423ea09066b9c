// National mode (issue 19): pull every registered province's /api/v1/summary with its read token into this
// deployment's D1; a province that does not answer keeps its last summary, flagged with the error.
import { asc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { nationalProvinces, nationalPulls } from "../db/schema";
import { Summary } from "../api/schemas";
import type { ProvinceSummary, PullState, RegisteredProvince } from "../domain/national";

export const PULL_TIMEOUT_MS = 10_000;
/** Provinces pulled at once (34 in 6 rounds: a Worker has 6 simultaneous outgoing connections). */
export const PULL_CONCURRENCY = 6;

export type PullResult = { code: string; ok: boolean; error: string | null; bytes: number; durationMs: number; rowsRead: number | null };

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

async function pullOne(db: Db, p: typeof nationalProvinces.$inferSelect, now: Date, fetchFn: Fetch): Promise<PullResult> {
  const started = Date.now();
  const url = `${p.baseUrl.replace(/\/+$/, "")}/api/v1/summary`;
  let error: string | null = null;
  let bytes = 0;
  let rowsRead: number | null = null;
  let summary: ProvinceSummary | null = null;
  try {
    const res = await fetchFn(url, { headers: { Authorization: `Bearer ${p.token}`, Accept: "application/json" }, signal: AbortSignal.timeout(PULL_TIMEOUT_MS) });
    const text = await res.text();
    bytes = new TextEncoder().encode(text).length;
    rowsRead = Number(/rows=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? NaN);
    if (!Number.isFinite(rowsRead)) rowsRead = null;
    if (!res.ok) error = `HTTP ${res.status}`;
    else {
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: refused below like any body that is not a summary
      }
      const parsed = Summary.safeParse(body);
      if (!parsed.success) error = "Dữ liệu tóm tắt không đúng định dạng";
      else if (parsed.data.province.code !== p.code) error = `Mã tỉnh trả về ${parsed.data.province.code}, cần ${p.code}`;
      else summary = parsed.data;
    }
  } catch (e) {
    error = e instanceof Error && e.name === "TimeoutError" ? "Quá thời gian chờ" : "Không kết nối được";
  }
  const durationMs = Date.now() - started;
  const nowIso = now.toISOString();
  const base = { lastAttemptAt: nowIso, lastError: error, bytes, durationMs, rowsRead };
  const values = summary ? { ...base, summary, fetchedAt: nowIso } : base;
  await db
    .insert(nationalPulls)
    .values({ provinceCode: p.code, ...values })
    .onConflictDoUpdate({ target: nationalPulls.provinceCode, set: values });
  return { code: p.code, ok: error === null, error, bytes, durationMs, rowsRead };
}

/** One pull of every registered province, PULL_CONCURRENCY at a time. */
export async function pullAll(db: Db, now: Date, fetchFn: Fetch = (input, init) => fetch(input, init)): Promise<PullResult[]> {
  const provinces = await db.select().from(nationalProvinces).orderBy(asc(nationalProvinces.code)).all();
  const results: PullResult[] = [];
  for (let i = 0; i < provinces.length; i += PULL_CONCURRENCY) {
    results.push(...(await Promise.all(provinces.slice(i, i + PULL_CONCURRENCY).map((p) => pullOne(db, p, now, fetchFn)))));
  }
  return results;
}

export async function registerProvince(db: Db, p: { code: string; name: string; region: string | null; baseUrl: string; token: string }): Promise<void> {
  await db
    .insert(nationalProvinces)
    .values(p)
    .onConflictDoUpdate({ target: nationalProvinces.code, set: { name: p.name, region: p.region, baseUrl: p.baseUrl, token: p.token } });
}

/** The registered provinces with their last pull (two reads: ≤ 34 rows each). */
export async function nationalState(db: Db): Promise<{ province: RegisteredProvince; pull: PullState | undefined }[]> {
  const [provinces, pulls] = await Promise.all([
    db.select({ code: nationalProvinces.code, name: nationalProvinces.name, region: nationalProvinces.region, baseUrl: nationalProvinces.baseUrl }).from(nationalProvinces).orderBy(asc(nationalProvinces.code)).all(),
    db.select().from(nationalPulls).all(),
  ]);
  const byCode = new Map(pulls.map((p) => [p.provinceCode, p]));
  return provinces.map((province) => {
    const pull = byCode.get(province.code);
    return { province, pull: pull ? { summary: (pull.summary as ProvinceSummary | null) ?? null, fetchedAt: pull.fetchedAt, lastAttemptAt: pull.lastAttemptAt, lastError: pull.lastError } : undefined };
  });
}

export async function forgetProvince(db: Db, code: string): Promise<void> {
  await db.batch([db.delete(nationalPulls).where(eq(nationalPulls.provinceCode, code)), db.delete(nationalProvinces).where(eq(nationalProvinces.code, code))]);
}
