import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seededDb, testDb } from "../factories";
import { areaLevelCounts, areaRollups, auditLog, communeRollups, communeSnapshots, rollupSnapshots } from "../../src/db/schema";
import { JOBS, runScheduledJobs } from "../../src/scheduled";
import { unitByCode } from "../../src/services/units";
import { decodeSnapshot } from "../../src/domain/snapshots";
import { addMonths, monthOf } from "../../src/domain/progress";

beforeAll(async () => {
  await seededDb();
});

const job = JOBS.filter((j) => j.name === "progress.monthlySnapshot");
/** The cron time (00:05 in Vietnam) of a Vietnam calendar date. */
const cronOn = (vnDate: string) => new Date(Date.parse(`${vnDate}T00:05:00+07:00`));

describe("monthly snapshot job", () => {
  it("is registered with the scheduled handler", () => {
    expect(job).toHaveLength(1);
  });

  it("on the 1st copies every area's counters and every commune of the province into the month that ended", async () => {
    const db = testDb();
    const province = (await unitByCode(db, "83"))!;
    expect(await runScheduledJobs(db, cronOn("2026-12-01"), job)).toEqual([]);
    const rows = await db.select().from(rollupSnapshots).where(and(eq(rollupSnapshots.unitId, province.id), eq(rollupSnapshots.month, "2026-11"))).all();
    const live = await db.select().from(areaRollups).where(eq(areaRollups.unitId, province.id)).all();
    expect(rows.map((r) => [r.setId, r.communes, r.criteriaMetSum]).sort()).toEqual(live.map((r) => [r.setId, r.communes, r.criteriaMetSum]).sort());
    for (const row of rows) {
      const levels = await db.select().from(areaLevelCounts).where(and(eq(areaLevelCounts.unitId, province.id), eq(areaLevelCounts.setId, row.setId))).all();
      const decoded = decodeSnapshot(row.levelCounts, row.criterionCounts);
      expect(decoded.levels).toEqual(Object.fromEntries(levels.filter((l) => l.communes).map((l) => [l.level, l.communes])));
      expect(Object.values(decoded.histogram!).reduce((a, b) => a + b, 0)).toBe(row.communes);
      expect(Object.keys(decoded.criterion).length).toBeGreaterThan(0);
    }
    const communes = await db.select().from(communeSnapshots).where(and(eq(communeSnapshots.provinceId, province.id), eq(communeSnapshots.month, "2026-11"))).all();
    const rollups = await db.select().from(communeRollups).where(eq(communeRollups.provinceId, province.id)).all();
    expect(communes).toHaveLength(rollups.length);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.action, "progress_snapshot.monthly"), eq(auditLog.entityId, "83/2026-11"))).all();
    expect(audit).toHaveLength(1);
  });

  it("does nothing mid-month, retakes only a missing month in the first week, and replaces on the 1st", async () => {
    const db = testDb();
    const province = (await unitByCode(db, "83"))!;
    const takenAt = async () => (await db.select().from(rollupSnapshots).where(and(eq(rollupSnapshots.unitId, province.id), eq(rollupSnapshots.month, "2026-11"))).all()).map((r) => r.takenAt);
    const first = await takenAt();
    await runScheduledJobs(db, cronOn("2026-12-15"), job);
    await runScheduledJobs(db, cronOn("2026-12-03"), job);
    expect(await takenAt()).toEqual(first);
    await db.delete(rollupSnapshots).where(eq(rollupSnapshots.month, "2026-11"));
    await runScheduledJobs(db, cronOn("2026-12-03"), job);
    const second = await takenAt();
    expect(second.length).toBe(first.length);
    expect(second[0]).not.toBe(first[0]);
    await runScheduledJobs(db, cronOn("2026-12-01"), job);
    const rows = await db.select().from(communeSnapshots).where(and(eq(communeSnapshots.provinceId, province.id), eq(communeSnapshots.month, "2026-11"))).all();
    expect(new Set(rows.map((r) => r.unitId)).size).toBe(rows.length);
  });

  it("gives the demo 11 months of history before the current month", async () => {
    const db = testDb();
    const province = (await unitByCode(db, "83"))!;
    const months = new Set((await db.select({ month: rollupSnapshots.month }).from(rollupSnapshots).where(eq(rollupSnapshots.unitId, province.id)).all()).map((r) => r.month));
    const current = monthOf(new Date().toISOString());
    for (let i = 1; i <= 11; i++) expect(months.has(addMonths(current, -i)), addMonths(current, -i)).toBe(true);
  });
});
