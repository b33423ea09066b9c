// The test fixture province as it was on 1/3/2025: Bến Tre (3-tier, GSO 83) on the 2021–2025 sets, hamlets under
// three communes, departments, accounts. `npm start` loads the present instead (src/demo/present.ts), which reuses
// the shipped sets, departments and checklist seeding from here.
import { count, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { departments, users, type Role } from "../db/schema";
import { planProvince } from "../domain/units";
import { addHamlets, unitByCode, importProvince } from "../services/units";
import type { TargetKey } from "../domain/criteria-format";
import { findSetByCode, loadSet } from "../services/criteria-sets";
import { seedDemoLedger } from "./ledger";
import { insertDemoAccounts, seedProvinceChecklists } from "../demo/checklists";
import { seedFeedbackDemo } from "./feedback";
import { seedDemoRecognitions } from "../demo/recognitions";
import { seedDemoHistory } from "./history";
import qd318 from "../../data/criteria-sets/qd318-2022-xa.json";
import qd318nc from "../../data/criteria-sets/qd318-2022-xa-nc.json";
import qd04 from "../../data/criteria-sets/qd04-2022-dtvm.json";
import qd51 from "../../data/criteria-sets/qd51-2025-xa.json";

export const SHIPPED_SETS = [qd318, qd318nc, qd04, qd51];
/** Xã Vĩnh Bình (Chợ Lách): the demo commune close to the advanced level. */
export const DEMO_COMMUNE = "28879";

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
export async function seedDemo(db: Db, units2025Csv: string, nowIso = new Date().toISOString()): Promise<void> {
  await importProvince(db, planProvince(units2025Csv, DEMO_PROVINCE));
  const province = (await unitByCode(db, DEMO_PROVINCE))!;
  for (const [communeCode, names] of Object.entries(DEMO_HAMLETS)) {
    const commune = (await unitByCode(db, communeCode))!;
    await addHamlets(
      db,
      commune,
      names.map((name, i) => ({ code: `${communeCode}-${String(i + 1).padStart(2, "0")}`, name, kind: "ap", households: 300 + 37 * i, population: 1100 + 121 * i })),
    );
  }
  await db.insert(departments).values(DEMO_DEPARTMENTS.map((d) => ({ ...d, provinceId: province.id }))).onConflictDoNothing();
  const depts = await db.select().from(departments).where(eq(departments.provinceId, province.id)).all();
  await insertDemoAccounts(db, DEMO_ACCOUNTS, async (code) => (await unitByCode(db, code))!, depts, DEMO_PASSWORD);
  await seedDemoChecklists(db, nowIso);
  await seedDemoRecognitions(db, { provinceId: province.id, setCode: "QD318-2022-XA", signer: "lanhdao" });
  await seedDemoHistory(db, province, nowIso);
  await seedFeedbackDemo(db, nowIso);
  await seedDemoLedger(db);
}

/** Loads the shipped national sets that are not in the database yet. */
export async function loadShippedSets(db: Db): Promise<void> {
  for (const file of SHIPPED_SETS) {
    if (await findSetByCode(db, file.code)) continue;
    const outcome = await loadSet(db, file, { actorId: null });
    if (!outcome.ok) throw new Error(`shipped set ${file.code}: ${outcome.errors.join("; ")}`);
  }
}

/**
 * Binds every commune of the demo province: xã to the 2021–2025 set (318), phường and thị trấn to the
 * civilised-urban set (04), with deterministic values and a little history; then builds the area counters.
 */
export async function seedDemoChecklists(db: Db, nowIso: string): Promise<void> {
  await loadShippedSets(db);
  const province = (await unitByCode(db, DEMO_PROVINCE))!;
  const key = (province.region ?? "DBSCL") as TargetKey;
  const staff = await db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, ["admin", "xa.vinhbinh"])).all();
  const idOf = (username: string) => staff.find((u) => u.username === username)?.id ?? null;
  await seedProvinceChecklists(db, {
    provinceId: province.id,
    evalYear: 2025,
    targetYear: 2025,
    setFor: (c) => (c.kind === "xa" ? { setCode: "QD318-2022-XA", key } : { setCode: "QD04-2022-DTVM", key: "all" as TargetKey }),
    // Xã Vĩnh Bình: at NTM, three indicators short of the advanced level.
    profileOf: (c) => (c.code === DEMO_COMMUNE ? { level: "NTM", failCriteria: 0, failNext: 3 } : undefined),
    topLevelCount: 3,
    actorOf: (c) => idOf(c.code === DEMO_COMMUNE ? "xa.vinhbinh" : "admin"),
    historyDates: ["2025-03-15", "2025-07-15"],
    historyNote: "Cập nhật số liệu rà soát năm 2025",
    nowIso,
  });
}
