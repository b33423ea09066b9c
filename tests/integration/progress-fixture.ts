// A small fixed province for the progress tests: "Tỉnh Thử Nghiệm" (99), two districts, six communes whose
// levels and failing criteria are chosen by hand, bound through the checklist service (so the area counters are
// maintained exactly as in production), plus a leader, an admin and a commune staff account.
import type { Db } from "../../src/db/client";
import { users, type Unit } from "../../src/db/schema";
import { hashPassword } from "../../src/auth/password";
import { planProvince } from "../../src/domain/units";
import { chooseTarget, type Binding } from "../../src/domain/evaluation";
import { rng, sampleCommune, sampleValue, type Profile } from "../../src/domain/sample-values";
import type { LevelCode, TargetKey } from "../../src/domain/criteria-format";
import { bindCommune } from "../../src/services/checklist";
import { findSetByCode, loadDefinition, toEvalSet } from "../../src/services/criteria-sets";
import { unitByCode, importProvince } from "../../src/services/units";
import { DEMO_PASSWORD } from "../factories";

const CSV = [
  "province_code,province_name,gso_region,district_code,district_name,district_kind,commune_code,commune_name,commune_kind",
  "99,Tỉnh Thử Nghiệm,dong_bang_song_cuu_long,991,Huyện Một,huyen,99101,Xã Kiểu Mẫu,xa",
  "99,Tỉnh Thử Nghiệm,dong_bang_song_cuu_long,991,Huyện Một,huyen,99102,Xã Nâng Cao,xa",
  "99,Tỉnh Thử Nghiệm,dong_bang_song_cuu_long,991,Huyện Một,huyen,99103,Xã Chuẩn Một,xa",
  "99,Tỉnh Thử Nghiệm,dong_bang_song_cuu_long,992,Huyện Hai,huyen,99201,Xã Chuẩn Hai,xa",
  "99,Tỉnh Thử Nghiệm,dong_bang_song_cuu_long,992,Huyện Hai,huyen,99202,Xã Mười Bảy,xa",
  "99,Tỉnh Thử Nghiệm,dong_bang_song_cuu_long,992,Huyện Hai,huyen,99203,Xã Mười Hai,xa",
].join("\n");

/** Commune code → profile, criteria (by number) to fail at the base level, target level and year. */
export const FIXTURE: Record<string, { profile: Profile; fail: number[]; target: LevelCode; year: number }> = {
  "99101": { profile: { level: "NTM_KM", failCriteria: 0, failNext: 0 }, fail: [], target: "NTM_KM", year: 2025 },
  "99102": { profile: { level: "NTM_NC", failCriteria: 0, failNext: 1 }, fail: [], target: "NTM_KM", year: 2026 },
  "99103": { profile: { level: "NTM", failCriteria: 0, failNext: 1 }, fail: [], target: "NTM_NC", year: 2025 },
  "99201": { profile: { level: "NTM", failCriteria: 0, failNext: 1 }, fail: [], target: "NTM_NC", year: 2025 },
  "99202": { profile: { level: "NTM", failCriteria: 0, failNext: 1 }, fail: [2, 3], target: "NTM", year: 2025 },
  "99203": { profile: { level: "NTM", failCriteria: 0, failNext: 1 }, fail: [1, 2, 3, 4, 5, 6, 7], target: "NTM", year: 2026 },
};

async function addUser(db: Db, username: string, role: "leader" | "admin" | "commune_staff", unit: Unit) {
  const hashed = await hashPassword(DEMO_PASSWORD);
  await db
    .insert(users)
    .values({ username, displayName: username, passwordHash: hashed.hash, passwordSalt: hashed.salt, passwordIterations: hashed.iterations, role, unitId: unit.id })
    .onConflictDoNothing();
}

/** Loads province 99 once into a database where the demo (and so the shipped criteria sets) is loaded. */
export async function seedFixtureProvince(db: Db): Promise<void> {
  if (await unitByCode(db, "99")) return;
  await importProvince(db, planProvince(CSV, "99"));
  const set = (await findSetByCode(db, "QD318-2022-XA"))!;
  const def = (await loadDefinition(db, set.id, "DBSCL"))!;
  const evalSet = toEvalSet(def);
  const binding: Binding = { key: "DBSCL" as TargetKey, year: 2025 };
  for (const [code, f] of Object.entries(FIXTURE)) {
    const unit = (await unitByCode(db, code))!;
    const random = rng(Number(code));
    const indicators = evalSet.indicators.map((i) => ({ ...i, choices: def.indicators.find((d) => d.id === i.id)!.choices }));
    const values = sampleCommune(indicators, evalSet.levels, binding, f.profile, random);
    for (const number of f.fail) {
      const criterion = def.criteria.find((c) => c.number === number)!;
      const ind = indicators.find((i) => i.criterionId === criterion.id && chooseTarget(i, "NTM" as LevelCode, binding))!;
      values.set(ind.id, sampleValue(ind, "NTM" as LevelCode, binding, false, random));
    }
    const byCode = new Map(
      def.indicators.map((i) => [i.code, { value: values.get(i.id) ?? null, evidenceNote: i.evidenceRequired ? `Minh chứng ${i.code}` : null, evidenceLink: null }]),
    );
    await bindCommune(db, unit, { setId: set.id, key: "DBSCL", targetLevel: f.target, targetYear: f.year, evalYear: 2025 }, { def, values: byCode, actorId: null, nowIso: new Date().toISOString() });
  }
  const province = (await unitByCode(db, "99"))!;
  await addUser(db, "lanhdao.99", "leader", province);
  await addUser(db, "admin.99", "admin", province);
  await addUser(db, "xa.99202", "commune_staff", (await unitByCode(db, "99202"))!);
}
