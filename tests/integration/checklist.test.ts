import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { Client, loggedIn, seededDb, testDb } from "../factories";
import { areaLevelCounts, areaRollups, auditLog, communeRollups, indicatorValueHistory, indicatorValues, indicators } from "../../src/db/schema";
import { unitByCode } from "../../src/services/units";
import { loadChecklist } from "../../src/services/checklist";
import { rebuildAreaRollups } from "../../src/services/rollups";

beforeAll(async () => {
  await seededDb();
});

const VB = "28879";
const rowsRead = (res: Response) => Number(/rows=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? NaN);

async function vinhBinh() {
  const db = testDb();
  const unit = (await unitByCode(db, VB))!;
  return { db, unit, checklist: (await loadChecklist(db, unit))! };
}

/** A failing numeric indicator of Vĩnh Bình at the next level, with the value that would pass it. */
async function failingNumeric() {
  const { checklist } = await vinhBinh();
  for (const g of checklist.evaluation.gap) {
    const ind = checklist.def.indicators.find((i) => i.id === g.indicatorId)!;
    if (ind.kind !== "number" && ind.kind !== "percent") continue;
    const target = checklist.def.targets.find((t) => t.indicatorId === ind.id && t.level === checklist.evaluation.nextLevel && (t.key === "DBSCL" || t.key === "all") && t.yearFrom <= 2025 && 2025 <= t.yearTo)!;
    const passing = ind.comparator === "lte" ? Number(target.value) : Number(target.value);
    const v = checklist.values.get(ind.id)!;
    return { ind, passing: String(passing).replace(".", ","), version: v.version, evidence: v.evidenceNote ?? "Biên bản kiểm tra" };
  }
  throw new Error("no failing numeric indicator");
}

describe("checklist page", () => {
  it("shows Vĩnh Bình's criteria in groups with targets, values, unverified marks and the summary", async () => {
    const client = await loggedIn("xa.vinhbinh");
    const res = await client.get(`/communes/${VB}/checklist`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Bộ tiêu chí: Xã Vĩnh Bình");
    expect(html).toContain("I. Quy hoạch");
    expect(html).toContain("2. Giao thông");
    expect(html).toContain("19/19");
    expect(html).toContain("chưa xác minh");
    expect(html).toMatch(/Còn [23] chỉ tiêu chưa đạt để lên NTM nâng cao/);
    expect(html).toContain('href="/communes/28879/indicators/');
    expect(rowsRead(res)).toBeLessThanOrEqual(500);
  });

  it("filters to failing indicators only", async () => {
    const client = await loggedIn("xa.vinhbinh");
    const { checklist } = await vinhBinh();
    const html = await (await client.get(`/communes/${VB}/checklist?failing=1`)).text();
    const shown = [...html.matchAll(/<li id="ind-(\d+)"/g)].map((m) => Number(m[1]));
    expect(shown.sort()).toEqual(checklist.evaluation.gap.map((g) => g.indicatorId).sort());
  });

  it("lets leaders and cadres read within scope, not outside; only the commune's staff may edit", async () => {
    for (const name of ["huyen.cholach", "lanhdao", "canbo", "admin"]) {
      const client = await loggedIn(name);
      const res = await client.get(`/communes/${VB}/checklist`);
      expect(res.status, name).toBe(200);
      expect(await res.text(), name).not.toContain(">Sửa<");
    }
    const leader = await loggedIn("huyen.cholach");
    expect((await leader.get("/communes/29116/checklist")).status).toBe(403); // Mỹ Hòa, Ba Tri
    const staff = await loggedIn("xa.vinhbinh");
    expect((await staff.get("/communes/28876/checklist")).status).toBe(403); // Sơn Định
    const { ind } = await failingNumeric();
    expect((await leader.post(`/communes/${VB}/indicators/${ind.id}`, { value: "1", version: "1" })).status).toBe(403);
    expect((await staff.get(`/communes/${VB}/checklist`)).status).toBe(200);
  });
});

describe("saving an indicator", () => {
  it("turns a failing indicator met, writes history and audit, updates rollups in ≤ 50 rows", async () => {
    const { db, unit } = await vinhBinh();
    const before = (await db.select().from(communeRollups).where(eq(communeRollups.unitId, unit.id)).get())!;
    const { ind, passing, version, evidence } = await failingNumeric();
    const client = await loggedIn("xa.vinhbinh");
    const res = await client.post(`/communes/${VB}/indicators/${ind.id}`, { value: passing, evidenceNote: evidence, evidenceLink: "", note: "Số liệu mới", version: String(version) }, { htmx: true });
    expect(res.status).toBe(200);
    expect(res.headers.get("HX-Trigger")).toBe("checklist-changed");
    const html = await res.text();
    expect(html).toContain(`id="ind-${ind.id}"`);
    expect(html).toContain('hx-swap-oob="true"');
    expect(rowsRead(res)).toBeLessThanOrEqual(50);
    const value = (await db.select().from(indicatorValues).where(and(eq(indicatorValues.unitId, unit.id), eq(indicatorValues.indicatorId, ind.id))).get())!;
    expect(value.version).toBe(version + 1);
    expect(Object.values(value.met).every(Boolean)).toBe(true);
    const history = await db.select().from(indicatorValueHistory).where(and(eq(indicatorValueHistory.unitId, unit.id), eq(indicatorValueHistory.indicatorId, ind.id))).all();
    expect(history.at(-1)!.note).toBe("Số liệu mới");
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, "indicator_value.update")).all();
    expect(audit.at(-1)!.entityId).toBe(`${VB}/${ind.code}`);
    const after = (await db.select().from(communeRollups).where(eq(communeRollups.unitId, unit.id)).get())!;
    expect(JSON.stringify(after.criteria)).not.toBe(JSON.stringify(before.criteria));
  });

  it("answers a stale version with 409, the newer value and its author, keeping the user's input", async () => {
    const { ind, version, evidence } = await failingNumeric().catch(async () => {
      const { checklist } = await vinhBinh();
      const i = checklist.def.indicators.find((x) => x.kind === "number" || x.kind === "percent")!;
      return { ind: i, version: checklist.values.get(i.id)!.version, evidence: "x", passing: "1" };
    });
    const a = await loggedIn("xa.vinhbinh");
    const b = await loggedIn("xa.vinhbinh");
    const first = await a.post(`/communes/${VB}/indicators/${ind.id}`, { value: "12,5", evidenceNote: evidence, version: String(version) }, { htmx: true });
    expect(first.status).toBe(200);
    const second = await b.post(`/communes/${VB}/indicators/${ind.id}`, { value: "77,7", evidenceNote: evidence, version: String(version) }, { htmx: true });
    expect(second.status).toBe(409);
    const html = await second.text();
    expect(html).toContain("Đã có người lưu trước bạn.");
    expect(html).toContain("Cán bộ xã Vĩnh Bình");
    expect(html).toContain("12,5");
    expect(html).toContain('value="77,7"');
    expect(html).toContain(`name="version" value="${version + 1}"`);
    const { db, unit } = await vinhBinh();
    const stored = (await db.select().from(indicatorValues).where(and(eq(indicatorValues.unitId, unit.id), eq(indicatorValues.indicatorId, ind.id))).get())!;
    expect(stored.value).toBe("12.5");
  });

  it("exactly one of two simultaneous saves with the same version succeeds", async () => {
    const { checklist, db, unit } = await vinhBinh();
    const ind = checklist.def.indicators.filter((i) => i.kind === "number" || i.kind === "percent")[3];
    const version = checklist.values.get(ind.id)!.version;
    const historyBefore = (await db.select().from(indicatorValueHistory).where(eq(indicatorValueHistory.indicatorId, ind.id)).all()).filter((h) => h.unitId === unit.id).length;
    const a = await loggedIn("xa.vinhbinh");
    const b = await loggedIn("xa.vinhbinh");
    const results = await Promise.all([
      a.post(`/communes/${VB}/indicators/${ind.id}`, { value: "1", evidenceNote: "a", version: String(version) }, { htmx: true }),
      b.post(`/communes/${VB}/indicators/${ind.id}`, { value: "2", evidenceNote: "b", version: String(version) }, { htmx: true }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const historyAfter = (await db.select().from(indicatorValueHistory).where(eq(indicatorValueHistory.indicatorId, ind.id)).all()).filter((h) => h.unitId === unit.id).length;
    expect(historyAfter).toBe(historyBefore + 1);
  });

  it("refuses non-numeric input for a numeric indicator with 422 and keeps the stored value", async () => {
    const { checklist, db, unit } = await vinhBinh();
    const ind = checklist.def.indicators.find((i) => i.kind === "number")!;
    const v = checklist.values.get(ind.id)!;
    const client = await loggedIn("xa.vinhbinh");
    const res = await client.post(`/communes/${VB}/indicators/${ind.id}`, { value: "khoảng ba mươi", evidenceNote: "x", version: String(v.version) }, { htmx: true });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("cần một số");
    expect(html).toContain('value="khoảng ba mươi"');
    const stored = (await db.select().from(indicatorValues).where(and(eq(indicatorValues.unitId, unit.id), eq(indicatorValues.indicatorId, ind.id))).get())!;
    expect(stored.value).toBe(v.value);
    expect(stored.version).toBe(v.version);
  });

  it("requires evidence before an evidence-required indicator can be met", async () => {
    const { checklist } = await vinhBinh();
    const ind = checklist.def.indicators.find((i) => i.evidenceRequired && (i.kind === "boolean" || i.kind === "document"))!;
    const v = checklist.values.get(ind.id)!;
    const client = await loggedIn("xa.vinhbinh");
    const res = await client.post(`/communes/${VB}/indicators/${ind.id}`, { value: "true", evidenceNote: "", evidenceLink: "", version: String(v.version) }, { htmx: true });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("cần minh chứng");
    const badLink = await client.post(`/communes/${VB}/indicators/${ind.id}`, { value: "true", evidenceNote: "", evidenceLink: "javascript:alert(1)", version: String(v.version) }, { htmx: true });
    expect(badLink.status).toBe(422);
    expect(await badLink.text()).toContain("phải bắt đầu bằng http:// hoặc https://");
  });

  it("works as a plain form without htmx: 303 back to the indicator", async () => {
    const { checklist } = await vinhBinh();
    const ind = checklist.def.indicators.find((i) => i.kind === "percent")!;
    const v = checklist.values.get(ind.id)!;
    const client = await loggedIn("xa.vinhbinh");
    const edit = await client.get(`/communes/${VB}/indicators/${ind.id}/edit`);
    expect(edit.status).toBe(200);
    expect(await edit.text()).toContain("<html");
    const res = await client.post(`/communes/${VB}/indicators/${ind.id}`, { value: "50", evidenceNote: "Báo cáo", version: String(v.version) });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(`/communes/${VB}/checklist#ind-${ind.id}`);
  });

  it("shows the history in ≤ 2 clicks (checklist → Lịch sử)", async () => {
    const { checklist } = await vinhBinh();
    const client = await loggedIn("lanhdao");
    const page = await (await client.get(`/communes/${VB}/checklist`)).text();
    const link = /href="(\/communes\/28879\/indicators\/\d+\/history)"/.exec(page)![1];
    const res = await client.get(link);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Lịch sử chỉ tiêu");
    expect(checklist).toBeTruthy();
  });

  it("keeps area rollups equal to a from-scratch rebuild after saves", async () => {
    const { db, unit } = await vinhBinh();
    const snapshot = async () => ({
      areas: await db.select().from(areaRollups).all(),
      levels: (await db.select().from(areaLevelCounts).all()).filter((r) => r.communes !== 0),
    });
    const incremental = await snapshot();
    await rebuildAreaRollups(db, unit.provinceId!, new Date().toISOString());
    const rebuilt = await snapshot();
    const strip = (rows: object[]) => rows.map((row) => ({ ...row, updatedAt: undefined })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(strip(incremental.areas)).toEqual(strip(rebuilt.areas));
    expect(strip(incremental.levels)).toEqual(strip(rebuilt.levels));
  });

  it("answers unknown communes and indicators with 404", async () => {
    const client = await loggedIn("xa.vinhbinh");
    expect((await client.get("/communes/99999/checklist")).status).toBe(404);
    expect((await client.get(`/communes/${VB}/indicators/999999/edit`)).status).toBe(404);
    const anon = new Client();
    expect((await anon.get(`/communes/${VB}/checklist`)).status).toBe(302);
    void indicators;
  });
});
