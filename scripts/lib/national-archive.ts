// The 2026 shape's 2021–2025 archive (npm run data:national -- --shape 2026): the succession rows, the old
// communes' 2021–2025 checklists and recognitions, and the carried-over decisions of the merged communes.
// The old units are imported before the new provinces (scripts/data-national.ts); this runs after them.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../src/db/client";
import { auditLog, carriedRecognitions, units, users } from "../../src/db/schema";
import type { TargetKey } from "../../src/domain/criteria-format";
import type { SetDefinition } from "../../src/services/criteria-sets";
import { carryItems, provinceCarryRule } from "../../src/services/carry-over";
import { seedDemoRecognitions } from "../../src/demo/recognitions";
import { loadSuccession } from "../../src/services/succession";
import { planCarryDecisions, type ArchivePlan } from "./archive";
import type { BulkWriter } from "./bulk";
import { seedChecklists } from "./national-checklists";

/** The old generation's checklists stand as they were on the last day before the merger. */
const ARCHIVE_AS_OF = new Date("2025-06-30T10:00:00.000Z");
const OLD_VALID_FROM = "2025-03-01";
const NEW_VALID_FROM = "2025-07-01";
const SIGNER = "Chủ tịch UBND tỉnh (dữ liệu mẫu)";

export type ArchiveInput = { seed: number; archive: ArchivePlan; units2025Csv: string; log: (message: string) => void };

export async function seedArchive(db: Db, bulk: BulkWriter, definition: (code: string, key: string) => Promise<SetDefinition>, input: ArchiveInput): Promise<void> {
  const { seed, archive, log } = input;
  await bulk.flush();
  // 1. Succession (the service: idempotent, checks every code, closes what the merger absorbed on 30/6/2025).
  const summary = await loadSuccession(db, archive.rows);
  log(`bảng kế thừa: ${summary.links.toLocaleString("vi-VN")} liên kết (${summary.partial} dòng partial), đóng ${summary.closed.toLocaleString("vi-VN")} đơn vị`);

  // Accounts of the new provinces: an old province's values are entered by its successor's admin, decided by its leader.
  const accountsOf = async (code: string, role: "admin" | "lanhdao") => (await db.select({ id: users.id }).from(users).where(eq(users.username, `${role}.${code}`)).get())!.id;

  // 2. The old provinces' 2021–2025 checklists (the 2025 shape's code path) and recognitions.
  const oldProvinces = await db.select().from(units).where(and(inArray(units.code, archive.oldProvinces), eq(units.level, "province"), eq(units.validFrom, OLD_VALID_FROM))).all();
  for (const [i, old] of oldProvinces.entries()) {
    const successor = archive.successorProvince.get(old.code)!;
    const inProvince = await db.select().from(units).where(eq(units.provinceId, old.id)).all();
    const region = (old.region ?? "DBSH") as TargetKey;
    await seedChecklists(db, bulk, definition, {
      seed: seed * 31 + 2025,
      province: old,
      communes: inProvince.filter((u) => u.level === "commune"),
      districts: inProvince.filter((u) => u.level === "district"),
      actorId: await accountsOf(successor, "admin"),
      setCodes: { rural: "QD318-2022-XA", urban: "QD04-2022-DTVM" },
      ruralKey: () => region,
      evalYear: 2025,
      asOf: ARCHIVE_AS_OF,
    });
    await bulk.flush();
    await seedDemoRecognitions(db, { provinceId: old.id, setCode: "QD318-2022-XA", signer: `lanhdao.${successor}` });
    if (i % 10 === 9 || i === oldProvinces.length - 1) log(`lưu trữ 2021–2025: ${i + 1}/${oldProvinces.length} tỉnh cũ`);
  }

  // 3. Carried-over levels: most merged communes decided in the second half of 2025, a few pending.
  const newCodes = [...new Set(archive.rows.map((r) => r.provinceCode))].sort();
  const newProvinces = await db.select().from(units).where(and(inArray(units.code, newCodes), eq(units.level, "province"), eq(units.validFrom, NEW_VALID_FROM))).all();
  let decided = 0;
  let pending = 0;
  for (const province of newProvinces) {
    const [adminId, leaderId] = await Promise.all([accountsOf(province.code, "admin"), accountsOf(province.code, "lanhdao")]);
    const rule = await provinceCarryRule(db, province.id);
    const items = await carryItems(db, province);
    const byCode = new Map(items.map((it) => [it.commune.code, it]));
    const plans = planCarryDecisions(items.map((it) => ({ communeCode: it.commune.code, needsDecision: it.needsDecision, proposed: it.proposed })), seed);
    await bulk.insert(
      carriedRecognitions,
      plans.map((p) => {
        const item = byCode.get(p.communeCode)!;
        return {
          unitId: item.commune.id,
          provinceId: province.id,
          rule: rule.id,
          predecessors: item.predecessors.map((x) => ({ unitId: x.unitId, code: x.code, name: x.name, level: x.level })),
          proposedLevel: item.proposed,
          proposedBy: adminId,
          proposedAt: p.proposedAt,
          level: p.decision?.level ?? null,
          decisionNumber: p.decision?.number ?? null,
          decisionDate: p.decision?.date ?? null,
          decisionSigner: p.decision ? SIGNER : null,
          decidedBy: p.decision ? leaderId : null,
          decidedAt: p.decision?.decidedAt ?? null,
          version: p.decision ? 2 : 1,
        };
      }),
    );
    // The audit trail the services write (carry.propose by the office, carry.decide by the leader).
    await bulk.insert(
      auditLog,
      plans.flatMap((p) => {
        const item = byCode.get(p.communeCode)!;
        const propose = { at: p.proposedAt, actorId: adminId, action: "carry.propose", entity: "unit", entityId: String(item.commune.id), before: null, after: { rule: rule.id, proposedLevel: item.proposed }, provinceId: province.id };
        if (!p.decision) return [propose];
        const after = { level: p.decision.level, decisionNumber: p.decision.number, decisionDate: p.decision.date, signer: SIGNER };
        return [propose, { at: p.decision.decidedAt, actorId: leaderId, action: "carry.decide", entity: "unit", entityId: String(item.commune.id), before: { proposedLevel: item.proposed }, after, provinceId: province.id }];
      }),
    );
    decided += plans.filter((p) => p.decision).length;
    pending += plans.filter((p) => !p.decision).length;
  }
  await bulk.flush();
  log(`thừa nhận: ${decided.toLocaleString("vi-VN")} xã đã quyết định, ${pending.toLocaleString("vi-VN")} chờ lãnh đạo`);
}
