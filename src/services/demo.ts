// The demo province: Bến Tre (3-tier, GSO 83), hamlets under three communes, departments, demo accounts.
import { count, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { departments, users, type Role } from "../db/schema";
import { hashPassword } from "../auth/password";
import { planProvince } from "../domain/units";
import { addHamlets, findUnitByCode, importProvince } from "./units";

export const DEMO_PASSWORD = "demo-ntm-2026";
export const DEMO_PROVINCE = "83";

export const DEMO_DEPARTMENTS = [
  { code: "SNNMT", name: "Sở Nông nghiệp và Môi trường" },
  { code: "SXD", name: "Sở Xây dựng" },
  { code: "SYT", name: "Sở Y tế" },
  { code: "SGDDT", name: "Sở Giáo dục và Đào tạo" },
  { code: "SVHTTDL", name: "Sở Văn hóa, Thể thao và Du lịch" },
  { code: "SCT", name: "Sở Công Thương" },
  { code: "STC", name: "Sở Tài chính" },
  { code: "CA", name: "Công an tỉnh" },
];

export const DEMO_ACCOUNTS: { username: string; displayName: string; role: Role; unitCode: string; department?: string; note: string }[] = [
  { username: "admin", displayName: "VP Điều phối NTM tỉnh", role: "admin", unitCode: "83", note: "Quản trị cấp tỉnh" },
  { username: "lanhdao", displayName: "Lãnh đạo UBND tỉnh", role: "leader", unitCode: "83", note: "Lãnh đạo tỉnh" },
  { username: "huyen.cholach", displayName: "Lãnh đạo huyện Chợ Lách", role: "leader", unitCode: "832", note: "Lãnh đạo huyện Chợ Lách" },
  { username: "canbo", displayName: "Nguyễn Văn Hỗ Trợ", role: "cadre", unitCode: "83", note: "Cán bộ tỉnh hỗ trợ xã" },
  { username: "xa.vinhbinh", displayName: "Cán bộ xã Vĩnh Bình", role: "commune_staff", unitCode: "28879", note: "Cán bộ xã Vĩnh Bình (Chợ Lách)" },
  { username: "so.nongnghiep", displayName: "Sở Nông nghiệp và Môi trường", role: "department", unitCode: "83", department: "SNNMT", note: "Sở, ngành" },
];

const DEMO_HAMLETS: Record<string, string[]> = {
  "28879": ["Ấp Vĩnh Thạnh", "Ấp Vĩnh Hiệp", "Ấp Vĩnh Bắc", "Ấp Vĩnh Hòa", "Ấp Vĩnh Phú"], // Xã Vĩnh Bình, Chợ Lách
  "28876": ["Ấp Sơn Lộc", "Ấp Sơn Thuận", "Ấp Sơn Châu"], // Xã Sơn Định, Chợ Lách
  "29116": ["Ấp Mỹ Thạnh", "Ấp Mỹ Điền", "Ấp Mỹ An", "Ấp Đường Mới"], // Xã Mỹ Hòa, Ba Tri
};

export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.select({ n: count() }).from(users).get();
  return (row?.n ?? 0) === 0;
}

/** Loads the demo into an empty database; `units2025Csv` is data/units-2025-03.csv (or Bến Tre's rows of it). */
export async function seedDemo(db: Db, units2025Csv: string): Promise<void> {
  await importProvince(db, planProvince(units2025Csv, DEMO_PROVINCE));
  const province = (await findUnitByCode(db, DEMO_PROVINCE))!;
  for (const [communeCode, names] of Object.entries(DEMO_HAMLETS)) {
    const commune = (await findUnitByCode(db, communeCode))!;
    await addHamlets(
      db,
      commune,
      names.map((name, i) => ({ code: `${communeCode}-${String(i + 1).padStart(2, "0")}`, name, kind: "ap", households: 300 + 37 * i, population: 1100 + 121 * i })),
    );
  }
  await db.insert(departments).values(DEMO_DEPARTMENTS.map((d) => ({ ...d, provinceId: province.id }))).onConflictDoNothing();
  const depts = await db.select().from(departments).where(eq(departments.provinceId, province.id)).all();
  for (const account of DEMO_ACCOUNTS) {
    const hashed = await hashPassword(DEMO_PASSWORD);
    const unit = (await findUnitByCode(db, account.unitCode))!;
    await db
      .insert(users)
      .values({
        username: account.username,
        displayName: account.displayName,
        passwordHash: hashed.hash,
        passwordSalt: hashed.salt,
        passwordIterations: hashed.iterations,
        role: account.role,
        unitId: unit.id,
        departmentId: account.department ? depts.find((d) => d.code === account.department)!.id : null,
        isDemo: true,
      })
      .onConflictDoNothing();
  }
}
