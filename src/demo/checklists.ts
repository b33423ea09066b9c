// Demo checklists: binds every commune of one province generation to a criteria set with deterministic,
// plausible values (a realistic spread of levels) and a little dated history, then rebuilds the area counters.
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { indicatorValueHistory, units, users, type Role, type Unit } from "../db/schema";
import { hashPassword } from "../auth/password";
import type { LevelCode, TargetKey } from "../domain/criteria-format";
import { rng, sampleCommune, seedOf, spreadProfile, type Profile } from "../domain/sample-values";
import { bindCommune } from "../services/checklist";
import { rebuildAreaRollups } from "../services/rollups";
import { findSetByCode, loadDefinition, toEvalSet, type SetDefinition } from "../services/criteria-sets";

/** Which set and target key a commune is bound to (null: left unbound). */
export type SetChoice = { setCode: string; key: TargetKey } | null;

export type ProvinceChecklists = {
  provinceId: number;
  evalYear: number;
  targetYear: number;
  setFor: (commune: Unit) => SetChoice;
  /** A fixed profile for named communes (e.g. the demo commune); others get the spread. */
  profileOf?: (commune: Unit) => Profile | undefined;
  /** Communes picked to be at the top level (model), deterministic. */
  topLevelCount?: number;
  actorOf: (commune: Unit) => number | null;
  /** Dates of the history rows ("YYYY-MM-DD") and their note. */
  historyDates: string[];
  historyNote: string;
  nowIso: string;
};

/** Binds every commune of the province (one generation: the province id) and rebuilds its area counters. */
export async function seedProvinceChecklists(db: Db, p: ProvinceChecklists): Promise<number> {
  const communes = await db.select().from(units).where(and(eq(units.provinceId, p.provinceId), eq(units.level, "commune"))).orderBy(asc(units.code)).all();
  const defs = new Map<string, SetDefinition>();
  const definition = async (choice: NonNullable<SetChoice>) => {
    const k = `${choice.setCode}:${choice.key}`;
    if (!defs.has(k)) {
      const set = await findSetByCode(db, choice.setCode);
      const def = set ? await loadDefinition(db, set.id, choice.key) : null;
      if (!def) throw new Error(`demo: criteria set ${choice.setCode} (${choice.key}) not loaded`);
      defs.set(k, def);
    }
    return defs.get(k)!;
  };
  const top = new Set(
    communes
      .filter((c) => c.kind === "xa" && !p.profileOf?.(c))
      .sort((a, b) => seedOf(a.code) - seedOf(b.code))
      .slice(0, p.topLevelCount ?? 0)
      .map((c) => c.code),
  );
  let bound = 0;
  for (const commune of communes) {
    const choice = p.setFor(commune);
    if (!choice) continue;
    const def = await definition(choice);
    const evalSet = toEvalSet(def);
    const random = rng(seedOf(commune.code));
    const urban = commune.kind !== "xa" && commune.kind !== "dac_khu";
    const profile = p.profileOf?.(commune) ?? spreadProfile(evalSet.levels, random, { urban, model: top.has(commune.code) });
    const binding = { key: choice.key, year: p.evalYear };
    const sampled = sampleCommune(
      evalSet.indicators.map((i) => ({ ...i, choices: def.indicators.find((d) => d.id === i.id)!.choices })),
      evalSet.levels,
      binding,
      profile,
      random,
    );
    const values = new Map(
      def.indicators.map((i) => {
        const value = sampled.get(i.id) ?? null;
        const evidence = i.evidenceRequired && value !== null && value !== "false" ? `Hồ sơ minh chứng chỉ tiêu ${i.code}, lưu tại UBND xã` : null;
        return [i.code, { value, evidenceNote: evidence, evidenceLink: null }];
      }),
    );
    const levels = [...def.levels].sort((a, b) => a.rank - b.rank);
    const reached = levels.findIndex((l) => l.code === profile.level);
    const targetLevel = (levels[reached + 1] ?? levels[Math.max(reached, 0)]).code as LevelCode;
    const actorId = p.actorOf(commune);
    await bindCommune(db, commune, { setId: def.set.id, key: choice.key, targetLevel, targetYear: p.targetYear, evalYear: p.evalYear }, { def, values, actorId, nowIso: p.nowIso, skipAreas: true });
    bound++;
    // A little history: an earlier value for one or two indicators.
    if (random() < 0.3 || p.profileOf?.(commune)) {
      const picks = def.indicators.filter(() => random() < 0.03).slice(0, p.historyDates.length);
      if (picks.length) {
        await db.insert(indicatorValueHistory).values(
          picks.map((ind, i) => ({
            unitId: commune.id,
            indicatorId: ind.id,
            oldValue: null,
            newValue: values.get(ind.code)?.value ?? null,
            note: p.historyNote,
            changedBy: actorId,
            changedAt: `${p.historyDates[i]}T02:00:00.000Z`,
          })),
        );
      }
    }
  }
  await rebuildAreaRollups(db, p.provinceId, p.nowIso);
  return bound;
}

/** The demo accounts with the one shared (published) demo password, hashed once; `unitOf` names each one's unit. */
export async function insertDemoAccounts(
  db: Db,
  accounts: { username: string; displayName: string; role: Role; unitCode: string; department?: string }[],
  unitOf: (code: string) => Promise<Unit>,
  departmentsOfProvince: { id: number; code: string }[],
  password: string,
): Promise<void> {
  const hashed = await hashPassword(password);
  for (const account of accounts) {
    const unit = await unitOf(account.unitCode);
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
        departmentId: account.department ? departmentsOfProvince.find((d) => d.code === account.department)!.id : null,
        isDemo: true,
      })
      .onConflictDoNothing();
  }
}
