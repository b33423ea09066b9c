// The demo as users live it in December 2026: Tỉnh Vĩnh Long (86), two-tier since 1/7/2025, its xã bound
// to the 2026–2030 set (51/2025/QĐ-TTg) by commune group; plus the 2021–2025 archive of the three old
// provinces that formed it (Bến Tre 83, Trà Vinh 84, the old Vĩnh Long 86), three-tier, closed on 30/6/2025.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { departments, units, users, type Role, type Unit } from "../db/schema";
import type { TargetKey } from "../domain/criteria-format";
import { planProvince } from "../domain/units";
import { addHamlets, importProvince } from "../services/units";
import { loadShippedSets, DEMO_DEPARTMENTS, DEMO_PASSWORD } from "./fixture";
import { seedDemoRecognitions } from "./recognitions";
import { seedDemoHistory } from "./history";
import { seedFeedbackDemo, type FeedbackDemoWorld } from "./feedback";
import { seedDemoLedger } from "./ledger";
import { crossMerger } from "../services/succession";
import { carryItems, decideCarry, proposeCarry } from "../services/carry-over";
import { insertDemoAccounts, seedProvinceChecklists } from "./checklists";
import { seedHouseholdLinks } from "./hamlets";

export const PRESENT_PROVINCE = "86";
/** The old provinces that formed Tỉnh Vĩnh Long on 1/7/2025 (2021–2025 archive). */
export const ARCHIVE_PROVINCES = ["83", "84", "86"];
/** Xã Phú Phụng (since 1/7/2025; formed from Sơn Định, Vĩnh Bình and Phú Phụng of Chợ Lách, Bến Tre). */
export const PRESENT_COMMUNE = "28879";
/** Xã Vĩnh Bình (Chợ Lách, Bến Tre) until 30/6/2025: the seed's commune, close to the advanced level in 2025. */
const ARCHIVE_COMMUNE = "28879";
const ARCHIVE_END = "2025-06-30";

export const PRESENT_ACCOUNTS: { username: string; displayName: string; role: Role; unitCode: string; department?: string; note: string }[] = [
  { username: "admin", displayName: "VP Điều phối NTM tỉnh Vĩnh Long", role: "admin", unitCode: "86", note: "Quản trị cấp tỉnh (Văn phòng Điều phối NTM)" },
  { username: "lanhdao", displayName: "Lãnh đạo UBND tỉnh Vĩnh Long", role: "leader", unitCode: "86", note: "Lãnh đạo tỉnh" },
  { username: "canbo", displayName: "Nguyễn Văn Hỗ Trợ", role: "cadre", unitCode: "86", note: "Cán bộ tỉnh hỗ trợ xã" },
  { username: "xa.phuphung", displayName: "Cán bộ xã Phú Phụng", role: "commune_staff", unitCode: PRESENT_COMMUNE, note: "Cán bộ xã Phú Phụng" },
  { username: "canbo.phuphung", displayName: "Lê Thị Thu", role: "cadre", unitCode: PRESENT_COMMUNE, note: "Cán bộ xã Phú Phụng theo dõi ấp (xã nắm tới hộ)" },
  { username: "so.nongnghiep", displayName: "Sở Nông nghiệp và Môi trường", role: "department", unitCode: "86", department: "SNNMT", note: "Sở, ngành" },
];

/** Hamlets of Xã Phú Phụng: the ấp of the three communes it was formed from. */
const PRESENT_HAMLETS: Record<string, string[]> = {
  [PRESENT_COMMUNE]: ["Ấp Vĩnh Thạnh", "Ấp Vĩnh Hiệp", "Ấp Vĩnh Bắc", "Ấp Vĩnh Hòa", "Ấp Sơn Lộc", "Ấp Sơn Thuận", "Ấp Phú Hữu", "Ấp Phú Thạnh"],
  "28870": ["Ấp Hòa Thuận", "Ấp Hòa Bình", "Khu phố 1", "Khu phố 2"],
};

export const PRESENT_FEEDBACK_WORLD: FeedbackDemoWorld = {
  province: PRESENT_PROVINCE,
  communeAccount: "xa.phuphung",
  main: PRESENT_COMMUNE,
  hamlet: `${PRESENT_COMMUNE}-01`,
  second: "28870",
  third: "29110",
  past: "28861",
  assignments: [PRESENT_COMMUNE, "28870", "28894", "29110"],
  assignedSince: "2025-08-01",
};

const inGeneration = (code: string, level: Unit["level"], validFrom: string) => and(eq(units.code, code), eq(units.level, level), eq(units.validFrom, validFrom));

/**
 * The 2026–2030 commune group: a demo proposal the admin edits on the binding page (no official list of
 * groups was at hand): group 1 for a xã that kept the code of a 2025 thị trấn (the old district seat, likely
 * peri-urban); group 2 for the others; group 3 (ethnic-minority and mountain area II–III) is not used here.
 */
export function proposedGroup(previousKind: string | undefined): 1 | 2 {
  return previousKind === "thi_tran" ? 1 : 2;
}

export async function seedPresentDemo(db: Db, input: { units2025: string; units2026: string; succession: string; nowIso?: string }): Promise<void> {
  const nowIso = input.nowIso ?? new Date().toISOString();
  await loadShippedSets(db);

  // 1. The archive: the three old provinces, three-tier, with their 2021–2025 checklists and recognitions.
  for (const code of ARCHIVE_PROVINCES) await importProvince(db, planProvince(input.units2025, code));
  const oldProvinces = await db.select().from(units).where(and(inArray(units.code, ARCHIVE_PROVINCES), eq(units.level, "province"), eq(units.validFrom, "2025-03-01"))).all();

  // 2. The present: Tỉnh Vĩnh Long, two-tier, and the succession table (which closes what the merger absorbed).
  await importProvince(db, planProvince(input.units2026, PRESENT_PROVINCE));
  await crossMerger(db, { units2025Csv: input.units2025, successionCsv: input.succession, province: PRESENT_PROVINCE });
  const oldIds = oldProvinces.map((p) => p.id);
  const province = (await db.select().from(units).where(inGeneration(PRESENT_PROVINCE, "province", "2025-07-01")).get())!;

  await db.insert(departments).values(DEMO_DEPARTMENTS.map((d) => ({ ...d, provinceId: province.id }))).onConflictDoNothing();
  const depts = await db.select().from(departments).where(eq(departments.provinceId, province.id)).all();
  await insertDemoAccounts(
    db,
    PRESENT_ACCOUNTS,
    async (code) => (await db.select().from(units).where(inGeneration(code, code.length === 2 ? "province" : "commune", "2025-07-01")).get())!,
    depts,
    DEMO_PASSWORD,
  );
  const admin = (await db.select({ id: users.id }).from(users).where(eq(users.username, "admin")).get())!;
  const communeStaff = (await db.select({ id: users.id }).from(users).where(eq(users.username, "xa.phuphung")).get())!;

  for (const old of oldProvinces) {
    const region = (old.region ?? "DBSCL") as TargetKey;
    await seedProvinceChecklists(db, {
      provinceId: old.id,
      evalYear: 2025,
      targetYear: 2025,
      setFor: (c) => (c.kind === "xa" ? { setCode: "QD318-2022-XA", key: region } : { setCode: "QD04-2022-DTVM", key: "all" as TargetKey }),
      profileOf: (c) => (old.code === "83" && c.code === ARCHIVE_COMMUNE ? { level: "NTM", failCriteria: 0, failNext: 3 } : undefined),
      topLevelCount: 3,
      actorOf: () => admin.id,
      historyDates: ["2025-03-15", "2025-07-15"],
      historyNote: "Cập nhật số liệu rà soát năm 2025",
      nowIso: `${ARCHIVE_END}T10:00:00.000Z`,
    });
    await seedDemoRecognitions(db, { provinceId: old.id, setCode: "QD318-2022-XA", signer: "lanhdao" });
    await seedDemoHistory(db, old, `${ARCHIVE_END}T10:00:00.000Z`);
  }

  // 3. Today's checklists: xã and đặc khu on the 2026–2030 set by commune group; phường have no 2026–2030 set yet.
  const previousKind = new Map(
    (await db.select({ code: units.code, kind: units.kind }).from(units).where(and(inArray(units.provinceId, oldIds), eq(units.level, "commune"))).all()).map((u) => [u.code, u.kind]),
  );
  const present = await db.select().from(units).where(and(eq(units.provinceId, province.id), eq(units.level, "commune"))).all();
  for (const group of [1, 2] as const) {
    const ids = present.filter((c) => c.kind !== "phuong" && proposedGroup(previousKind.get(c.code)) === group).map((c) => c.id);
    for (let i = 0; i < ids.length; i += 90) await db.update(units).set({ communeGroup: group }).where(inArray(units.id, ids.slice(i, i + 90)));
  }
  const groupOf = new Map(present.map((c) => [c.id, proposedGroup(previousKind.get(c.code))]));
  for (const [code, names] of Object.entries(PRESENT_HAMLETS)) {
    const commune = present.find((c) => c.code === code)!;
    await addHamlets(db, commune, names.map((name, i) => ({ code: `${code}-${String(i + 1).padStart(2, "0")}`, name, kind: name.startsWith("Khu phố") ? "khu_pho" : "ap", households: 280 + 41 * i, population: 1050 + 133 * i })));
  }
  await seedProvinceChecklists(db, {
    provinceId: province.id,
    evalYear: 2026,
    targetYear: 2027,
    setFor: (c) => (c.kind === "xa" || c.kind === "dac_khu" ? { setCode: "QD51-2025-XA", key: String(groupOf.get(c.id) ?? 2) as TargetKey } : null),
    // Xã Phú Phụng: working towards the 2026–2030 standard, five indicators short (each in its own criterion: the browser tests each fix one).
    profileOf: (c) => (c.code === PRESENT_COMMUNE ? { level: "", failCriteria: 0, failNext: 0, failBase: 5 } : undefined),
    actorOf: (c) => (c.code === PRESENT_COMMUNE ? communeStaff.id : admin.id),
    historyDates: ["2026-04-20", "2026-09-10"],
    historyNote: "Rà soát theo Bộ tiêu chí 2026–2030",
    nowIso,
  });
  await seedCarriedDecisions(db, province);
  await seedDemoHistory(db, province, nowIso);
  await seedFeedbackDemo(db, nowIso, PRESENT_FEEDBACK_WORLD);
  await seedDemoLedger(db, PRESENT_COMMUNE);
  await seedHouseholdLinks(db, province.id);
}

/**
 * The province confirmed ("thừa nhận") most merged communes' status in the second half of 2025: proposals by the
 * coordination office and decisions by the leader through the real services, at the level the province's rule
 * proposes. Every seventh commune, and Xã Phú Phụng, are left pending for the demo.
 */
async function seedCarriedDecisions(db: Db, province: Unit): Promise<void> {
  const [admin, leader] = await Promise.all(["admin", "lanhdao"].map(async (u) => (await db.select({ id: users.id }).from(users).where(eq(users.username, u)).get())!.id));
  const items = (await carryItems(db, province)).filter((i) => i.needsDecision);
  for (const [i, item] of items.entries()) {
    if (item.commune.code === PRESENT_COMMUNE || i % 7 === 3) continue;
    const day = `2025-${String(8 + (i % 4)).padStart(2, "0")}-${String(5 + (i % 20)).padStart(2, "0")}`;
    const at = `${day}T02:00:00.000Z`;
    const proposed = await proposeCarry(db, admin, province, item.commune, at, null);
    if (!proposed.ok) throw new Error(`demo carry-over ${item.commune.code}: ${proposed.message}`);
    const decided = await decideCarry(db, leader, item.commune, { level: item.proposed ?? "", decisionNumber: `${2100 + i}/QĐ-UBND`, decisionDate: day, signer: "Chủ tịch UBND tỉnh (dữ liệu mẫu)" }, `${day}T08:00:00.000Z`, null);
    if (!decided.ok) throw new Error(`demo carry-over ${item.commune.code}: ${decided.message}`);
  }
}
