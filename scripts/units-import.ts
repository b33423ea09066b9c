// npm run units:import -- --file data/units-2026-07.csv --province 86 [--valid-from 2025-07-01] [--persist-to DIR]
//   [--succession data/succession-2025.csv | --no-succession]
// A two-tier province also gets its succession rows (and the old provinces' 3-tier units they name), so the
// old units it absorbed close on 30/6/2025: see scripts/units-succession.ts.
import { existsSync, readFileSync } from "node:fs";
import { SuccessionFileError } from "../src/domain/succession";
import { crossMerger } from "../src/services/succession";
import { planProvince, UnitFileError } from "../src/domain/units";
import { importProvince } from "../src/services/units";
import { applyLocalMigrations, arg, persistTo, withLocalDb } from "./lib/local";

const file = arg("file");
const province = arg("province");
const validFrom = arg("valid-from");
if (!file || !province) {
  console.error("Cách dùng: npm run units:import -- --file <tệp csv> --province <mã tỉnh> [--valid-from yyyy-mm-dd]");
  process.exit(2);
}

try {
  const plan = planProvince(readFileSync(file, "utf8"), province);
  const dir = persistTo();
  await applyLocalMigrations(dir);
  const successionFile = process.argv.includes("--no-succession") ? undefined : (arg("succession") ?? "data/succession-2025.csv");
  const withSuccession = plan.tiers === 2 && successionFile !== undefined && existsSync(successionFile);
  await withLocalDb(dir, async (db) => {
    const summary = await importProvince(db, plan, validFrom);
    console.log(
      `${plan.province.name} (${summary.tiers} cấp): ${summary.districts} đơn vị cấp huyện, ${summary.communes} đơn vị cấp xã — ` +
        `thêm ${summary.inserted}, cập nhật ${summary.updated}, giữ nguyên ${summary.unchanged}; đóng ${summary.closed ?? 0} đơn vị cũ cùng mã.`,
    );
    if (!withSuccession) return;
    try {
      const s = await crossMerger(db, { units2025Csv: readFileSync("data/units-2025-03.csv", "utf8"), successionCsv: readFileSync(successionFile!, "utf8"), province });
      if (s.oldProvincesLoaded.length) console.log(`Đã nạp đơn vị ba cấp của tỉnh cũ: ${s.oldProvincesLoaded.join(", ")}.`);
      const t = s.succession;
      console.log(`Bảng kế thừa (${successionFile}): ${t.rows} xã mới, ${t.links} liên kết — thêm ${t.inserted}, cập nhật ${t.updated}, đóng ${t.closed} đơn vị cũ.`);
    } catch (error) {
      if (!(error instanceof SuccessionFileError)) throw error;
      console.error(`Chưa nạp bảng kế thừa (không ghi gì):\n${error.message}`);
      process.exitCode = 1;
    }
  });
} catch (error) {
  if (error instanceof UnitFileError) {
    console.error(`Lỗi: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
