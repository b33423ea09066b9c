// npm run rollups:check -- [--province 83] [--repair] [--ledger-only] [--persist-to DIR]: compares every stored commune rollup and
// district/province counter and every ledger rollup (sponsor contributions) of the local D1 with a from-scratch recount
// and lists the differences; `--repair` recomputes the communes that differ, rebuilds the area counters and writes an
// audit row (rollups.repair), rebuilds the ledger rollups of a province that differs and counts their overdue figures
// as of today (as the daily job does); the ledger check includes the public ledger's counts (a commune's anonymous
// sponsors, each pair's public state), so `--ledger-only --repair` is their backfill. `--ledger-only`: only the ledger rollups. `--packed-only`: only the packed commune
// rows of the progress pages (commune_figures_packed; `--repair` rebuilds a province's from its units and rollups:
// the backfill after the table's migration, seconds for the whole country).
// The feedback counters (feedback_counts: the feedback report's figures kept on write) are recounted from the items of
// every province with feedback; `--repair` rebuilds a province's that differ (the backfill after the table's migration).
// `--feedback-only`: only the feedback counters.
// Exit code 1 when differences remain (check only), 0 otherwise.
import { eq, inArray } from "drizzle-orm";
import { communeBindings, units } from "../src/db/schema";
import { repairRollups, rollupDifferences } from "../src/services/rollups-check";
import { advanceLedgerRollups, ledgerRollupDifferences, rebuildLedgerRollups } from "../src/services/ledger-rollups";
import { vietnamDate } from "../src/domain/clock";
import { unitByCode } from "../src/services/units";
import { communeFiguresDifferences, rebuildCommuneFigures } from "../src/services/commune-figures";
import { feedbackCountDifferences, provincesWithFeedback, rebuildFeedbackCounts } from "../src/services/feedback-counts";
import { applyLocalMigrations, arg, persistTo, withLocalDb } from "./lib/local";

const repair = process.argv.includes("--repair");
const ledgerOnly = process.argv.includes("--ledger-only");
const packedOnly = process.argv.includes("--packed-only");
const feedbackOnly = process.argv.includes("--feedback-only");
const only = arg("province");
const dir = persistTo();
await applyLocalMigrations(dir);

const found = await withLocalDb(dir, async (db) => {
  const provinces = only
    ? [await unitByCode(db, only)].filter((u) => u !== undefined)
    : await db
        .select()
        .from(units)
        .where(inArray(units.id, db.selectDistinct({ id: units.provinceId }).from(communeBindings).innerJoin(units, eq(units.id, communeBindings.unitId))))
        .all();
  if (only && provinces.length === 0) {
    console.error(`Không tìm thấy tỉnh mã ${only}.`);
    process.exit(2);
  }
  let total = 0;
  if (!packedOnly && !ledgerOnly) {
    // Feedback counters: every province with feedback items (or the one asked for).
    for (const provinceId of only ? provinces.map((p) => p.id) : await provincesWithFeedback(db)) {
      const name = (await db.select({ name: units.name, code: units.code }).from(units).where(eq(units.id, provinceId)).get()) ?? { name: `#${provinceId}`, code: "" };
      const diff = await feedbackCountDifferences(db, provinceId);
      if (diff.length && repair) await rebuildFeedbackCounts(db, provinceId);
      const left = repair && diff.length ? (await feedbackCountDifferences(db, provinceId)).length : 0;
      if (left) {
        console.error(`${name.name}: sau khi dựng lại vẫn còn ${left} dòng số liệu phản ánh khác với đếm lại.`);
        return -1;
      }
      total += diff.length;
      console.log(`${name.name} (${name.code}): ${diff.length} dòng số liệu phản ánh khác với đếm lại${diff.length > 0 && repair ? " — đã dựng lại" : ""}.`);
      for (const line of diff.slice(0, 10)) console.log(`  ${line}`);
    }
    if (feedbackOnly) return total;
  }
  if (packedOnly) {
    for (const province of provinces) {
      const diff = await communeFiguresDifferences(db, province.id);
      if (diff.length && repair) await rebuildCommuneFigures(db, province.id);
      const left = repair && diff.length ? (await communeFiguresDifferences(db, province.id)).length : 0;
      if (left) return -1;
      total += diff.length;
      console.log(`${province.name} (${province.code}): ${diff.length} dòng xã gộp khác với đếm lại${diff.length > 0 && repair ? " — đã dựng lại" : ""}.`);
      for (const line of diff.slice(0, 10)) console.log(`  ${line}`);
    }
    return total;
  }
  for (const province of provinces) {
    const nowIso = new Date().toISOString();
    const diff = ledgerOnly ? { communes: [], areas: [] } : repair ? await repairRollups(db, province, null, nowIso) : await rollupDifferences(db, province.id);
    const n = diff.communes.length + diff.areas.length;
    total += n;
    console.log(`${province.name} (${province.code}): ${diff.communes.length} xã và ${diff.areas.length} số đếm cấp huyện/tỉnh khác với đếm lại${n > 0 && repair ? " — đã sửa" : ""}.`);
    for (const line of [...diff.communes, ...diff.areas].slice(0, 40)) console.log(`  ${line}`);
    if (n > 40) console.log(`  … và ${n - 40} khác biệt nữa`);
    const ledger = await ledgerRollupDifferences(db, province.id);
    if (ledger.length && repair) await rebuildLedgerRollups(db, province.id, vietnamDate(new Date()));
    total += ledger.length;
    console.log(`${province.name} (${province.code}): ${ledger.length} dòng tổng hợp sổ đóng góp khác với đếm lại${ledger.length > 0 && repair ? " — đã dựng lại" : ""}.`);
    for (const line of ledger.slice(0, 20)) console.log(`  ${line}`);
  }
  // As the daily job does: the ledger rollups' overdue figures counted as of today.
  if (repair) console.log(`Sổ đóng góp: ${await advanceLedgerRollups(db, vietnamDate(new Date()))} tỉnh tính quá hạn đến hôm nay.`);
  if (repair && total > 0) {
    for (const province of provinces) {
      const after = ledgerOnly ? { communes: [], areas: [] } : await rollupDifferences(db, province.id);
      if (after.communes.length + after.areas.length + (await ledgerRollupDifferences(db, province.id)).length > 0) {
        console.error(`${province.name}: sau khi sửa vẫn còn ${after.communes.length + after.areas.length} khác biệt.`);
        return -1;
      }
    }
  }
  return total;
});
if (found < 0 || (!repair && found > 0)) process.exit(1);
