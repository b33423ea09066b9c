// npm run fixtures:households — writes tests/fixtures/households-phuphung-30.xlsx: 30 households of Xã Phú Phụng's
// Ấp Vĩnh Thạnh and Ấp Vĩnh Hiệp (invented names, no real person), in the column layout the import reads
// (src/domain/hamlets.ts). 12 of the 30 use clean water, so the suggested share is 40%.
import { writeFileSync } from "node:fs";
import * as XLSX from "@e965/xlsx";

export const FIXTURE = "tests/fixtures/households-phuphung-30.xlsx";
const HEADER = ["Ấp", "Chủ hộ", "Địa chỉ", "Hộ nghèo", "Nhà ở", "Nước sạch", "Nhà tiêu hợp vệ sinh", "Ghi chú"];
const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ"];
const GIVEN = ["Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Văn Em"];

const rows = Array.from({ length: 30 }, (_, i) => [
  i < 15 ? "Ấp Vĩnh Thạnh" : "Ấp Vĩnh Hiệp",
  `${FAMILY[i % FAMILY.length]} ${GIVEN[i % GIVEN.length]} (hộ mẫu ${i + 1})`,
  `Tổ ${1 + (i % 5)}, số nhà ${10 + i}`,
  ["Không", "Không", "Cận nghèo", "Không", "Nghèo"][i % 5],
  ["Kiên cố", "Bán kiên cố", "Bán kiên cố", "Nhà tạm"][i % 4],
  i % 5 < 2 ? "Có" : "Không",
  i % 3 === 0 ? "Không" : "Có",
  i === 0 ? "Dữ liệu mẫu" : "",
]);

const wb = XLSX.utils.book_new();
XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([HEADER, ...rows]), "Ho gia dinh");
writeFileSync(FIXTURE, new Uint8Array(XLSX.write(wb, { type: "array", bookType: "xlsx" }) as ArrayBuffer));
console.log(`Đã ghi ${FIXTURE}: ${rows.length} hộ, ${rows.filter((r) => r[5] === "Có").length} hộ dùng nước sạch.`);
