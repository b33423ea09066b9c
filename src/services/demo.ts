// The demo province: Bến Tre (3-tier, GSO 83), hamlets under three communes, departments, demo accounts.
import { count, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { departments, users, type Role } from "../db/schema";
import { hashPassword } from "../auth/password";
import { planProvince } from "../domain/units";
import { addHamlets, unitByCode, importProvince } from "./units";
import { and, asc, inArray } from "drizzle-orm";
import { indicatorValueHistory, units } from "../db/schema";
import type { LevelCode, TargetKey } from "../domain/criteria-format";
import { rng, sampleCommune, seedOf, spreadProfile, type Profile } from "../domain/sample-values";
import { findSetByCode, loadDefinition, loadSet, toEvalSet } from "./criteria-sets";
import { bindCommune, rebuildAreaRollups } from "./checklist";
import { seedDemoLedger } from "./ledger";
import { seedFeedbackDemo } from "./feedback-demo";
import { seedDemoRecognitions } from "./recognition";
import { seedDemoHistory } from "./snapshots";
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
  // One hash for every demo account: they share the published demo password anyway.
  const hashed = await hashPassword(DEMO_PASSWORD);
  for (const account of DEMO_ACCOUNTS) {
    const unit = (await unitByCode(db, account.unitCode))!;
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
  const communes = await db.select().from(units).where(and(eq(units.provinceId, province.id), eq(units.level, "commune"))).orderBy(asc(units.code)).all();
  const setFor = { xa: "QD318-2022-XA", urban: "QD04-2022-DTVM" };
  const defs = new Map<string, NonNullable<Awaited<ReturnType<typeof loadDefinition>>>>();
  for (const code of Object.values(setFor)) {
    const set = (await findSetByCode(db, code))!;
    defs.set(code, (await loadDefinition(db, set.id, code === setFor.xa ? key : "all"))!);
  }
  const staff = await db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, ["admin", "xa.vinhbinh"])).all();
  const actorOf = (code: string) => staff.find((u) => u.username === (code === DEMO_COMMUNE ? "xa.vinhbinh" : "admin"))?.id ?? null;
  // Three model communes, picked deterministically.
  const modelCommunes = new Set(
    communes
      .filter((c) => c.kind === "xa" && c.code !== DEMO_COMMUNE)
      .sort((a, b) => seedOf(a.code) - seedOf(b.code))
      .slice(0, 3)
      .map((c) => c.code),
  );
  for (const commune of communes) {
    const random = rng(seedOf(commune.code));
    const urban = commune.kind !== "xa";
    const def = defs.get(urban ? setFor.urban : setFor.xa)!;
    const evalSet = toEvalSet(def);
    const binding = { key: urban ? ("all" as TargetKey) : key, year: 2025 };
    // Xã Vĩnh Bình: at NTM, three indicators short of the advanced level.
    const profile: Profile =
      commune.code === DEMO_COMMUNE
        ? { level: "NTM", failCriteria: 0, failNext: 3 }
        : spreadProfile(evalSet.levels, random, { urban, model: modelCommunes.has(commune.code) });
    const sampled = sampleCommune(
      evalSet.indicators.map((i) => ({ ...i, choices: def.indicators.find((d) => d.id === i.id)!.choices })),
      evalSet.levels,
      binding,
      profile,
      random,
    );
    const byCode = new Map(
      def.indicators.map((i) => {
        const value = sampled.get(i.id) ?? null;
        const evidence = i.evidenceRequired && value !== null && value !== "false" ? `Hồ sơ minh chứng chỉ tiêu ${i.code}, lưu tại UBND xã` : null;
        return [i.code, { value, evidenceNote: evidence, evidenceLink: null }];
      }),
    );
    const targetLevel = (profile.level === "" ? def.levels[0].code : (def.levels.find((l) => l.rank === (def.levels.find((x) => x.code === profile.level)!.rank + 1)) ?? def.levels[0]).code) as LevelCode;
    await bindCommune(db, commune, { setId: def.set.id, key: binding.key, targetLevel, targetYear: 2025, evalYear: 2025 }, { def, values: byCode, actorId: actorOf(commune.code), nowIso, skipAreas: true });
    // A little history: an earlier value for one or two indicators.
    if (random() < 0.3 || commune.code === DEMO_COMMUNE) {
      const picks = def.indicators.filter(() => random() < 0.03).slice(0, 2);
      if (picks.length) {
        await db.insert(indicatorValueHistory).values(
          picks.map((ind, i) => ({
            unitId: commune.id,
            indicatorId: ind.id,
            oldValue: null,
            newValue: byCode.get(ind.code)?.value ?? null,
            note: "Cập nhật số liệu rà soát năm 2025",
            changedBy: actorOf(commune.code),
            changedAt: `2025-${String(3 + i * 4).padStart(2, "0")}-15T02:00:00.000Z`,
          })),
        );
      }
    }
  }
  await rebuildAreaRollups(db, province.id, nowIso);
}
