// npm run units:succession -- --file data/succession-2025.csv [--province 86] [--units-2025 data/units-2025-03.csv] [--persist-to DIR]
// Loads which old communes formed each new one (idempotent), loading the old provinces' 3-tier units first when
// missing, and closes (valid_to = 30/6/2025) what the merger absorbed. A bad file is refused whole.
import { readFileSync } from "node:fs";
import { SuccessionFileError } from "../src/domain/succession";
import { UnitFileError } from "../src/domain/units";
import { crossMerger } from "../src/services/succession";
import { applyLocalMigrations, arg, persistTo, withLocalDb } from "./lib/local";

const file = arg("file");
const province = arg("province");
const units2025 = arg("units-2025") ?? "data/units-2025-03.csv";
if (!file) {
  console.error("Cách dùng: npm run units:succession -- --file data/succession-2025.csv [--province <mã tỉnh mới>]");
  process.exit(2);
}

try {
  const successionCsv = readFileSync(file, "utf8");
  const units2025Csv = readFileSync(units2025, "utf8");
  const dir = persistTo();
  await applyLocalMigrations(dir);
  const s = await withLocalDb(dir, (db) => crossMerger(db, { units2025Csv, successionCsv, province }));
  if (s.oldProvincesLoaded.length) console.log(`Đã nạp đơn vị ba cấp của tỉnh cũ: ${s.oldProvincesLoaded.join(", ")}.`);
  const t = s.succession;
  console.log(
    t.inserted === 0 && t.updated === 0 && t.closed === 0
      ? `Bảng kế thừa đã có đủ: ${t.rows} xã mới, ${t.links} liên kết — không thêm, không sửa gì.`
      : `${t.rows} xã mới, ${t.links} liên kết: thêm ${t.inserted}, cập nhật ${t.updated}; đóng ${t.closed} đơn vị cũ (hiệu lực đến 30/06/2025).`,
  );
  if (t.partial) console.log(`${t.partial} xã có dòng "partial" chờ quản trị viên bổ sung tại /merger/succession.`);
} catch (error) {
  if (error instanceof SuccessionFileError || error instanceof UnitFileError) {
    console.error(`Lỗi, không ghi gì:\n${error.message}`);
    process.exit(1);
  }
  throw error;
}
