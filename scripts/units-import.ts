// npm run units:import -- --file data/units-2026-07.csv --province 86 [--valid-from 2025-07-01] [--persist-to DIR]
import { readFileSync } from "node:fs";
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
  applyLocalMigrations(dir);
  const summary = await withLocalDb(dir, (db) => importProvince(db, plan, validFrom));
  console.log(
    `${plan.province.name} (${summary.tiers} cấp): ${summary.districts} đơn vị cấp huyện, ${summary.communes} đơn vị cấp xã — ` +
      `thêm ${summary.inserted}, cập nhật ${summary.updated}, giữ nguyên ${summary.unchanged}.`,
  );
} catch (error) {
  if (error instanceof UnitFileError) {
    console.error(`Lỗi: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
