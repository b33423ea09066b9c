// The communes of an area packed in one row (issue 20, services/commune-figures.ts): the packed rows equal a recount
// from the units and commune rollups after every kind of write, concurrent saves to two communes of one district keep
// both entries, and the progress pages read one row for all the communes yet show what the row-per-commune read showed.
import { and, eq, ne } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { loggedIn, seededDb, testDb } from "../factories";
import { communeBindings, communeFiguresPacked, communeRollups, dossiers, indicators, indicatorValues, units, users, type Unit } from "../../src/db/schema";
import { communeFiguresDifferences, packedCommunes, rebuildCommuneFigures } from "../../src/services/commune-figures";
import { saveIndicator } from "../../src/services/checklist";
import { unitByCode } from "../../src/services/units";
import type { Db } from "../../src/db/client";

beforeAll(async () => {
  await seededDb();
}, 60_000);

const rowsRead = (res: Response) => Number(/rows=(\d+)/.exec(res.headers.get("Server-Timing") ?? "")?.[1] ?? NaN);
const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10).split("-").reverse().join("/");

/** The entry of a commune in its area's packed row, next to what its rollup row says. */
async function entryAndRollup(db: Db, unit: Unit) {
  const entry = (await packedCommunes(db, unit.parentId!))?.find((c) => c.id === unit.id);
  const r = await db.select().from(communeRollups).where(eq(communeRollups.unitId, unit.id)).get();
  return {
    entry: entry?.rollup,
    rollup: r && { setId: r.setId, criteriaMetBase: r.criteriaMetBase, criteriaMet: r.criteriaMet, levelReached: r.levelReached, levelRank: r.levelRank, recognisedLevel: r.recognisedLevel },
  };
}

/** An indicator of the commune whose saved value moves its criteria met (a met numeric indicator set to 0, or back). */
async function flippingSave(db: Db, unit: Unit, actorId: number) {
  const values = await db
    .select({ v: indicatorValues, kind: indicators.kind })
    .from(indicatorValues)
    .innerJoin(indicators, eq(indicators.id, indicatorValues.indicatorId))
    .where(and(eq(indicatorValues.unitId, unit.id), eq(indicators.kind, "boolean")))
    .all();
  const met = values.find((x) => Object.values(x.v.met).some(Boolean))!;
  expect(met, `${unit.code} has a met yes/no indicator`).toBeDefined();
  return () => saveIndicator(db, actorId, unit, met.v.indicatorId, { value: "không", evidenceNote: "biên bản", evidenceLink: "", note: "thử", version: met.v.version }, new Date().toISOString());
}

describe("packed commune rows", () => {
  it("equal a recount after the demo load: one row per district, every commune of it", async () => {
    const db = testDb();
    const province = (await unitByCode(db, "83"))!;
    expect(await communeFiguresDifferences(db, province.id)).toEqual([]);
    const cholach = (await unitByCode(db, "832"))!;
    const communes = await db.select({ id: units.id }).from(units).where(and(eq(units.parentId, cholach.id), eq(units.level, "commune"))).all();
    expect((await packedCommunes(db, cholach.id))!.map((c) => c.id).sort((a, b) => a - b)).toEqual(communes.map((c) => c.id).sort((a, b) => a - b));
  });

  it("follow a checklist save over HTTP in the same batch", async () => {
    const db = testDb();
    const unit = (await unitByCode(db, "28879"))!;
    const client = await loggedIn("xa.vinhbinh");
    const value = (await db
      .select({ v: indicatorValues })
      .from(indicatorValues)
      .innerJoin(indicators, eq(indicators.id, indicatorValues.indicatorId))
      .where(and(eq(indicatorValues.unitId, unit.id), eq(indicators.kind, "boolean")))
      .all()).find((x) => Object.values(x.v.met).some(Boolean))!.v;
    const before = await entryAndRollup(db, unit);
    const res = await client.post(`/communes/28879/indicators/${value.indicatorId}`, { value: "không", evidenceNote: "biên bản", evidenceLink: "", note: "thử", version: String(value.version) }, { htmx: true });
    expect(res.status).toBe(200);
    const after = await entryAndRollup(db, unit);
    expect(after.rollup!.criteriaMetBase).toBe(before.rollup!.criteriaMetBase - 1);
    expect(after.entry).toEqual(after.rollup);
    expect(await communeFiguresDifferences(db, unit.provinceId!)).toEqual([]);
  });

  it("keep both entries when two communes of one district save at the same time", async () => {
    const db = testDb();
    const actor = (await db.select().from(users).where(eq(users.username, "admin")).get())!;
    const home = (await unitByCode(db, "28879"))!;
    const bound = await db.select({ unit: units }).from(communeBindings).innerJoin(units, eq(units.id, communeBindings.unitId)).where(and(eq(units.districtId, home.districtId!), ne(units.id, home.id))).all();
    const pair = [bound[0].unit, bound[1].unit];
    const saves = await Promise.all(pair.map((u) => flippingSave(db, u, actor.id)));
    const before = await Promise.all(pair.map((u) => entryAndRollup(db, u)));
    const outcomes = await Promise.all(saves.map((save) => save()));
    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
    for (const [i, u] of pair.entries()) {
      const after = await entryAndRollup(db, u);
      expect(after.rollup!.criteriaMetBase, u.code).toBe(before[i].rollup!.criteriaMetBase - 1);
      expect(after.entry, u.code).toEqual(after.rollup);
    }
    expect(await communeFiguresDifferences(db, home.provinceId!)).toEqual([]);
  });

  it("follow a recognition decision (revoked: the recognised level drops)", async () => {
    const db = testDb();
    const province = (await unitByCode(db, "83"))!;
    const dossier = (await db.select().from(dossiers).where(and(eq(dossiers.provinceId, province.id), eq(dossiers.status, "recognised"))).limit(1).get())!;
    const commune = (await db.select().from(units).where(eq(units.id, dossier.communeId)).get())!;
    expect((await entryAndRollup(db, commune)).entry?.recognisedLevel).toBe(dossier.level);
    const leader = await loggedIn("lanhdao");
    const res = await leader.post(`/dossiers/${dossier.id}/revoke`, { version: String(dossier.version), number: "78/QĐ-UBND", date: today(), reason: "Thu hồi thử" });
    expect(res.status).toBe(303);
    const after = await entryAndRollup(db, commune);
    expect(after.entry).toEqual(after.rollup);
    expect(await communeFiguresDifferences(db, province.id)).toEqual([]);
  });

  it("give the district page the same tables as the row-per-commune read, in one row for all its communes", async () => {
    const db = testDb();
    const leader = await loggedIn("lanhdao");
    await leader.get("/progress/832"); // definitions are read once per isolate
    const packed = await leader.get("/progress/832");
    const html = await packed.text();
    const cholach = (await unitByCode(db, "832"))!;
    const communes = (await db.select({ id: units.id }).from(units).where(eq(units.parentId, cholach.id)).all()).length;
    console.log(`/progress/832 (${communes} communes): ${rowsRead(packed)} rows read from the packed row`);
    // Without the packed row the page reads each commune and its rollup (the old way): the same page.
    await db.delete(communeFiguresPacked).where(eq(communeFiguresPacked.unitId, cholach.id));
    const old = await leader.get("/progress/832");
    const oldHtml = await old.text();
    console.log(`/progress/832 without it: ${rowsRead(old)} rows read`);
    // Every table, chart and figure of the page (the request's token and clock aside).
    const body = (s: string) => /<main[\s\S]*<\/main>/.exec(s)![0].replace(/<span id="as-of">[^<]*<\/span>/, "");
    expect(body(html)).toEqual(body(oldHtml));
    expect(rowsRead(old) - rowsRead(packed)).toBeGreaterThan(communes);
    expect(rowsRead(packed)).toBeLessThanOrEqual(100);
    // A save in an area without a packed row does not start one holding only that commune (it would hide the others).
    const actor = (await db.select().from(users).where(eq(users.username, "admin")).get())!;
    const save = await flippingSave(db, (await unitByCode(db, "28879"))!, actor.id);
    expect((await save()).ok).toBe(true);
    expect(await packedCommunes(db, cholach.id)).toBeNull();
    // The repair makes it whole again.
    expect(await communeFiguresDifferences(db, cholach.provinceId!)).toEqual([`commune_figures_packed ${cholach.id}: thiếu dòng`]);
    await rebuildCommuneFigures(db, cholach.provinceId!);
    expect(await communeFiguresDifferences(db, cholach.provinceId!)).toEqual([]);
    expect((await packedCommunes(db, cholach.id))!.length).toBe(communes);
  });
});
