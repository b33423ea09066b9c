// Pure: read the GSO unit lists (3-tier 2025 and 2-tier 2026 layouts) into the units of one province.
import type { NtmRegion, UnitKind, UnitLevel } from "../db/schema";
import { nonBlank, parseCsv } from "./table-file";

export type PlannedUnit = {
  code: string;
  name: string;
  kind: UnitKind;
  level: UnitLevel;
  parentCode: string | null;
  region: NtmRegion | null;
  gsoRegion: string | null;
};

export type ProvincePlan = {
  province: PlannedUnit;
  tiers: 2 | 3;
  districts: PlannedUnit[];
  communes: PlannedUnit[];
};

export class UnitFileError extends Error {}

/** GSO's 8 regions → the 7 NTM regions of the 2021–2025 criteria (Đông Bắc and Tây Bắc are both northern midlands and mountains). */
const GSO_TO_NTM_REGION: Record<string, NtmRegion> = {
  dong_bac_bo: "TDMNPB",
  tay_bac_bo: "TDMNPB",
  dong_bang_song_hong: "DBSH",
  bac_trung_bo: "BTB",
  duyen_hai_nam_trung_bo: "DHNTB",
  tay_nguyen: "TN",
  dong_nam_bo: "DNB",
  dong_bang_song_cuu_long: "DBSCL",
};

export const NTM_REGION_NAMES: Record<NtmRegion, string> = {
  TDMNPB: "Trung du và miền núi phía Bắc",
  DBSH: "Đồng bằng sông Hồng",
  BTB: "Bắc Trung Bộ",
  DHNTB: "Duyên hải Nam Trung Bộ",
  TN: "Tây Nguyên",
  DNB: "Đông Nam Bộ",
  DBSCL: "Đồng bằng sông Cửu Long",
};

const DISTRICT_KINDS = new Set(["huyen", "quan", "thi_xa", "thanh_pho"]);
const COMMUNE_KINDS = new Set(["xa", "phuong", "thi_tran", "dac_khu"]);

function csvObjects(text: string): Record<string, string>[] {
  const records = nonBlank(parseCsv(text, ",").records);
  if (records.length === 0) throw new UnitFileError("Tệp trống.");
  const header = records[0].cells.map((h) => h.trim());
  return records.slice(1).map(({ line, cells }) => {
    if (cells.length !== header.length) {
      throw new UnitFileError(`Dòng ${line}: có ${cells.length} cột, cần ${header.length}.`);
    }
    return Object.fromEntries(header.map((h, j) => [h, cells[j].trim().normalize("NFC")]));
  });
}

/** Plan the units of one province from either layout; throws UnitFileError with a Vietnamese message. */
export function planProvince(csvText: string, provinceCode: string): ProvincePlan {
  const rows = csvObjects(csvText).filter((r) => r.province_code === provinceCode);
  if (rows.length === 0) throw new UnitFileError(`Không có tỉnh mã ${provinceCode} trong tệp.`);
  const threeTier = "district_code" in rows[0];
  const first = rows[0];
  const gsoRegion = first.gso_region || null;
  const province: PlannedUnit = {
    code: provinceCode,
    name: first.province_name,
    kind: first.province_name.startsWith("Thành phố") ? "thanh_pho_tw" : "tinh",
    level: "province",
    parentCode: null,
    region: gsoRegion ? GSO_TO_NTM_REGION[gsoRegion] ?? null : null,
    gsoRegion,
  };
  const districts = new Map<string, PlannedUnit>();
  const communes: PlannedUnit[] = [];
  rows.forEach((row, i) => {
    if (!COMMUNE_KINDS.has(row.commune_kind)) {
      throw new UnitFileError(`Xã mã ${row.commune_code}: loại "${row.commune_kind}" không hợp lệ (dòng ${i + 2}).`);
    }
    let parentCode = provinceCode;
    if (threeTier) {
      if (!DISTRICT_KINDS.has(row.district_kind)) {
        throw new UnitFileError(`Huyện mã ${row.district_code}: loại "${row.district_kind}" không hợp lệ.`);
      }
      parentCode = row.district_code;
      if (!districts.has(row.district_code)) {
        districts.set(row.district_code, {
          code: row.district_code,
          name: row.district_name,
          kind: row.district_kind as UnitKind,
          level: "district",
          parentCode: provinceCode,
          region: null,
          gsoRegion: null,
        });
      }
    }
    communes.push({
      code: row.commune_code,
      name: row.commune_name,
      kind: row.commune_kind as UnitKind,
      level: "commune",
      parentCode,
      region: null,
      gsoRegion: null,
    });
  });
  return { province, tiers: threeTier ? 3 : 2, districts: [...districts.values()], communes };
}

export const UNIT_KIND_NAMES: Record<UnitKind, string> = {
  tinh: "Tỉnh",
  thanh_pho_tw: "Thành phố trực thuộc trung ương",
  huyen: "Huyện",
  quan: "Quận",
  thi_xa: "Thị xã",
  thanh_pho: "Thành phố thuộc tỉnh",
  xa: "Xã",
  phuong: "Phường",
  thi_tran: "Thị trấn",
  dac_khu: "Đặc khu",
  ap: "Ấp",
  thon: "Thôn",
  khu_pho: "Khu phố",
};

export const UNIT_LEVEL_NAMES: Record<UnitLevel, string> = {
  province: "Cấp tỉnh",
  district: "Cấp huyện",
  commune: "Cấp xã",
  hamlet: "Ấp, thôn, khu phố",
};
