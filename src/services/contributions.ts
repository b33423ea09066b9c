// Sponsors' contributions (pledges) of a commune: record (with a new sponsor in the same batch), read,
// cancel the open remainder, confirm labour/land delivered. Every write: one db.batch with its audit row.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { contributions, criteria, projects, receipts, sponsors, units, users, type Unit } from "../db/schema";
import { applyCancel, applyDelivery, publicSponsorName } from "../domain/ledger";
import type { ContributionInput, SponsorInput } from "../domain/ledger-forms";
import { provinceIdOf, type Actor } from "../domain/permissions";
import { fold } from "../domain/text";
import type { Cursor } from "../domain/keyset";
import { auditStatement } from "./audit";
import { mayNameSponsor } from "./sponsors";
import { likelyDuplicates } from "./sponsor-merge";
import { claimStatement, lastIdOf, type KeyClaim } from "./idempotency";
import { asBatch, auditInsertedStatement, communeOptions, guardStatement, isStale, type Batch } from "./ledger-common";
import type { Failure, Outcome } from "../domain/outcome";
import type { ContributionDetail, ContributionListRow } from "../web/ledger-view";
import { keepsPublicState, lastContribution, pairsOf, publicPairStatements, rollupDelta } from "./ledger-rollups";

export type Contribution = typeof contributions.$inferSelect;
export type Sponsor = typeof sponsors.$inferSelect;

/** Also for a sponsor that exists but may not be named here (its existence is not revealed). */
const SPONSOR_NOT_FOUND = "Không tìm thấy nhà tài trợ này trong danh sách nhà tài trợ của xã hoặc do bạn vận động.";

export type ContributionOutcome<T> = Outcome<{ value: T }, Failure<"invalid", { errors: Record<string, string> }> | Failure<"conflict", { current: Contribution }> | Failure<"not_found">>;

/**
 * Records a pledge for `commune`. The sponsor is an existing one (input.sponsorId) that the actor may name there
 * (mayNameSponsor: linked to the commune, or created/mobilised by the actor, or the actor is an admin) or `newSponsor`, inserted in the same batch. Links (hamlet, project, criterion, cadre) must belong to the
 * commune. A cadre is credited as mobiliser unless another cadre is chosen. A new sponsor that is likely one already
 * recorded (duplicateWarning) is refused with a warning unless `confirmedNew`.
 */
export async function createContribution(
  db: Db,
  actor: Actor,
  commune: Unit,
  input: ContributionInput,
  newSponsor: (SponsorInput & { confirmedNew?: boolean }) | null,
  ip: string | null = null,
  claim: KeyClaim | null = null,
): Promise<ContributionOutcome<{ id: number; sponsorId: number }>> {
  const { errors, mobilisedBy } = await checkLinks(db, actor, commune, input, null);
  let sponsor: Sponsor | undefined;
  if (input.sponsorId !== null) {
    sponsor = await db.select().from(sponsors).where(eq(sponsors.id, input.sponsorId)).get();
    if (!sponsor || !(await mayNameSponsor(db, actor, commune, sponsor))) errors.sponsorId = SPONSOR_NOT_FOUND;
  } else if (!newSponsor) errors.sponsorId = "Chọn nhà tài trợ hoặc nhập nhà tài trợ mới.";
  if (Object.keys(errors).length) return { ok: false, kind: "invalid", errors };
  if (!sponsor && newSponsor && !newSponsor.confirmedNew) {
    const duplicate = await duplicateWarning(db, actor, commune, newSponsor.name, newSponsor.contactPhone);
    if (duplicate) return { ok: false, kind: "invalid", errors: { confirmNewSponsor: duplicate } };
  }

  const statements: Batch = [];
  if (!sponsor && newSponsor) {
    const { confirmedNew: _, ...fields } = newSponsor;
    statements.push(
      db.insert(sponsors).values({ ...fields, provinceId: provinceIdOf(commune), nameFolded: fold(newSponsor.name), mobilisedBy, createdBy: actor.id }),
      auditInsertedStatement(db, { actorId: actor.id, action: "sponsor.create", entity: "sponsor", table: "sponsors", after: { ...fields }, ip }),
    );
  }
  const row = {
    ...input,
    sponsorId: sponsor ? sponsor.id : sql`(select max(id) from sponsors)`,
    communeId: commune.id,
    provinceId: provinceIdOf(commune),
    districtId: commune.districtId,
    mobilisedBy,
    status: "pledged" as const,
    receivedTotal: 0,
    createdBy: actor.id,
  };
  statements.push(
    db.insert(contributions).values(row).returning({ id: contributions.id, sponsorId: contributions.sponsorId }),
    auditInsertedStatement(db, { actorId: actor.id, action: "contribution.create", entity: "contribution", table: "contributions", after: { ...input, sponsorId: sponsor?.id ?? "new", communeCode: commune.code, mobilisedBy }, ip }),
    rollupDelta(db, lastContribution, 1, { single: true }),
    ...publicPairStatements(db, pairsOf(commune.id, [sql`(select sponsor_id from contributions where id = (select max(id) from contributions))`])),
  );
  if (claim) statements.push(claimStatement(db, claim, lastIdOf("contributions")));
  const results = await db.batch(asBatch(statements));
  const inserted = results[sponsor ? 0 : 2] as { id: number; sponsorId: number }[];
  return { ok: true, value: inserted[0] };
}

/**
 * A new sponsor that is likely one already recorded in the province (likelyDuplicates): the warning, naming it only when
 * the actor may pick it for this commune (mayNameSponsor); otherwise only its existence is said.
 */
async function duplicateWarning(db: Db, actor: Actor, commune: Unit, name: string, phone: string | null): Promise<string | null> {
  const found = await likelyDuplicates(db, provinceIdOf(commune), name, phone);
  if (!found.length) return null;
  for (const s of found) {
    if (await mayNameSponsor(db, actor, commune, s)) {
      return `Có thể trùng với nhà tài trợ đã có “${s.name}”: chọn ở ô “Nhà tài trợ đã có”, hoặc đánh dấu ô này nếu đây là nhà tài trợ khác.`;
    }
  }
  return "Tỉnh đã có nhà tài trợ cùng tên (và cùng số điện thoại) do đơn vị khác ghi nhận. Đánh dấu ô này để vẫn tạo mới; quản trị viên sẽ gộp nếu là một.";
}

/** Hamlet, project, criterion and mobilising cadre must belong to the commune (the current mobiliser stays valid). */
async function checkLinks(db: Db, actor: Actor, commune: Unit, input: ContributionInput, current: Contribution | null) {
  const errors: Record<string, string> = {};
  const options = await communeOptions(db, commune, actor, { cadres: true });
  const has = (list: { value: number }[], id: number | null) => id === null || list.some((o) => o.value === id);
  if (!has(options.hamlets, input.hamletId)) errors.hamletId = "Ấp không thuộc xã này.";
  if (!has(options.projects, input.projectId)) errors.projectId = "Công trình không thuộc xã này.";
  if (!has(options.criteria, input.criterionId)) errors.criterionId = "Tiêu chí không thuộc bộ tiêu chí của xã.";
  const mobilisedBy = input.mobilisedBy ?? (actor.role === "cadre" && !current ? actor.id : null);
  if (!has(options.cadres, mobilisedBy) && mobilisedBy !== current?.mobilisedBy) errors.mobilisedBy = "Chọn cán bộ vận động trong danh sách cán bộ hỗ trợ xã.";
  return { errors, mobilisedBy };
}

/**
 * Edits an open pledge (version-checked). The pledge may not drop below what was received, and its kind
 * cannot change once money came in. A new sponsor must be one the actor may name for the commune (mayNameSponsor).
 */
export async function updateContribution(db: Db, actor: Actor, commune: Unit, current: Contribution, input: ContributionInput, version: number, ip: string | null = null): Promise<ContributionOutcome<Contribution>> {
  if (current.status !== "pledged") return { ok: false, kind: "invalid", errors: { form: "Chỉ sửa được cam kết đang chờ nhận (chưa nhận đủ, chưa hủy)." } };
  const { errors, mobilisedBy } = await checkLinks(db, actor, commune, input, current);
  if (input.sponsorId === null) errors.sponsorId = "Chọn nhà tài trợ.";
  else if (input.sponsorId !== current.sponsorId) {
    const sponsor = await db.select().from(sponsors).where(eq(sponsors.id, input.sponsorId)).get();
    if (!sponsor || !(await mayNameSponsor(db, actor, commune, sponsor))) errors.sponsorId = SPONSOR_NOT_FOUND;
  }
  if (current.receivedTotal > 0 && input.kind !== current.kind) errors.kind = "Cam kết đã có phiếu thu, không đổi được hình thức đóng góp.";
  else if (input.amount < current.receivedTotal) errors.amount = `Số tiền cam kết không được nhỏ hơn số đã nhận (${current.receivedTotal.toLocaleString("vi-VN")} đ).`;
  if (Object.keys(errors).length) return { ok: false, kind: "invalid", errors };
  if (current.version !== version) return { ok: false, kind: "conflict", current };
  const status = current.receivedTotal > 0 && current.receivedTotal >= input.amount ? ("received" as const) : ("pledged" as const);
  const set = { ...input, sponsorId: input.sponsorId!, mobilisedBy, status, version: version + 1 };
  try {
    await db.batch(
      asBatch([
        rollupDelta(db, eq(contributions.id, current.id), -1, { single: true }),
        db.update(contributions).set(set).where(and(eq(contributions.id, current.id), eq(contributions.version, version), eq(contributions.status, "pledged"))),
        guardStatement(db),
        rollupDelta(db, eq(contributions.id, current.id), 1, { single: true }),
        ...publicPairStatements(db, pairsOf(current.communeId, [current.sponsorId, input.sponsorId!])),
        auditStatement(db, {
          actorId: actor.id,
          action: "contribution.update",
          entity: "contribution",
          entityId: current.id,
          before: Object.fromEntries(Object.keys(input).map((k) => [k, current[k as keyof Contribution]])),
          after: { ...input, mobilisedBy, status },
          ip,
        }),
      ]),
    );
  } catch (error) {
    if (!isStale(error)) throw error;
    const now = await db.select().from(contributions).where(eq(contributions.id, current.id)).get();
    if (!now) return { ok: false, kind: "not_found" };
    return { ok: false, kind: "conflict", current: now };
  }
  return { ok: true, value: { ...current, ...set } };
}

/** One contribution with what its page shows: ≈ 8 + receipts rows. */
export async function loadContribution(db: Db, id: number): Promise<ContributionDetail | null> {
  const c = await db.select().from(contributions).where(eq(contributions.id, id)).get();
  if (!c) return null;
  const [sponsor, commune, names, criterion, project, receiptRows] = await Promise.all([
    db.select().from(sponsors).where(eq(sponsors.id, c.sponsorId)).get(),
    db.select().from(units).where(eq(units.id, c.communeId)).get(),
    db
      .select({ id: users.id, name: users.displayName })
      .from(users)
      .where(inArray(users.id, [c.mobilisedBy ?? 0, c.createdBy]))
      .all(),
    c.criterionId ? db.select({ number: criteria.number, name: criteria.name }).from(criteria).where(eq(criteria.id, c.criterionId)).get() : undefined,
    c.projectId ? db.select({ name: projects.name }).from(projects).where(eq(projects.id, c.projectId)).get() : undefined,
    db
      .select({ r: receipts, receivedByName: users.displayName })
      .from(receipts)
      .leftJoin(users, eq(users.id, receipts.receivedBy))
      .where(eq(receipts.contributionId, c.id))
      .orderBy(asc(receipts.receivedAt), asc(receipts.id))
      .all(),
  ]);
  const hamlet = c.hamletId ? await db.select({ name: units.name }).from(units).where(eq(units.id, c.hamletId)).get() : undefined;
  if (!sponsor || !commune) return null;
  const nameOf = (uid: number | null) => names.find((n) => n.id === uid)?.name ?? null;
  return {
    c,
    sponsor,
    commune,
    hamletName: hamlet?.name ?? null,
    projectName: project?.name ?? null,
    criterionName: criterion ? `${criterion.number}. ${criterion.name}` : null,
    mobiliserName: nameOf(c.mobilisedBy),
    creatorName: nameOf(c.createdBy),
    receipts: receiptRows.map((r) => ({ ...r.r, receivedByName: r.receivedByName })),
  };
}

/** A commune's contributions, newest first: a keyset page of `limit` older than `before` (contributions_commune_pledged). */
export async function listCommuneContributions(db: Db, communeId: number, limit = 1000, before: Cursor | null = null): Promise<ContributionListRow[]> {
  const rows = await db
    .select({
      id: contributions.id,
      kind: contributions.kind,
      status: contributions.status,
      amount: contributions.amount,
      receivedTotal: contributions.receivedTotal,
      labourDays: contributions.labourDays,
      landM2: contributions.landM2,
      dueDate: contributions.dueDate,
      pledgedAt: contributions.pledgedAt,
      description: contributions.description,
      sponsorId: contributions.sponsorId,
      criterionId: contributions.criterionId,
      projectId: contributions.projectId,
      mobilisedBy: contributions.mobilisedBy,
      sponsorName: sponsors.name,
      publicConsent: sponsors.publicConsent,
      publicName: sponsors.publicName,
    })
    .from(contributions)
    .innerJoin(sponsors, eq(sponsors.id, contributions.sponsorId))
    .where(and(eq(contributions.communeId, communeId), before ? sql`(${contributions.pledgedAt}, ${contributions.id}) < (${before.key}, ${before.id})` : undefined))
    .orderBy(desc(contributions.pledgedAt), desc(contributions.id))
    .limit(limit)
    .all();
  return rows.map(({ publicConsent, publicName, ...r }) => ({ ...r, sponsorPublicName: publicSponsorName({ publicConsent, publicName, name: r.sponsorName }) }));
}

/** Cancels the open remainder of a pledge (version-checked); what was received stays counted. */
export async function cancelContribution(db: Db, actorId: number, c: Contribution, reason: string, version: number, ip: string | null = null): Promise<ContributionOutcome<Contribution>> {
  const check = applyCancel(c, reason);
  if (!check.ok) return { ok: false, kind: "invalid", errors: { [check.field]: check.message } };
  if (c.version !== version) return { ok: false, kind: "conflict", current: c };
  return versionedUpdate(db, c, version, { status: "cancelled", cancelReason: reason.trim() }, { actorId, action: "contribution.cancel", ip });
}

/** Labour days done or land handed over: received without a money receipt. */
export async function deliverContribution(db: Db, actorId: number, c: Contribution, version: number, ip: string | null = null): Promise<ContributionOutcome<Contribution>> {
  const check = applyDelivery(c);
  if (!check.ok) return { ok: false, kind: "invalid", errors: { [check.field]: check.message } };
  if (c.version !== version) return { ok: false, kind: "conflict", current: c };
  return versionedUpdate(db, c, version, { status: check.status, receivedTotal: check.receivedTotal }, { actorId, action: "contribution.deliver", ip });
}

async function versionedUpdate(
  db: Db,
  c: Contribution,
  version: number,
  set: Partial<Pick<Contribution, "status" | "cancelReason" | "receivedTotal">>,
  audit: { actorId: number; action: string; ip: string | null },
): Promise<ContributionOutcome<Contribution>> {
  const next = { ...c, ...set, version: version + 1 };
  try {
    await db.batch([
      rollupDelta(db, eq(contributions.id, c.id), -1, { single: true }),
      db
        .update(contributions)
        .set({ ...set, version: version + 1 })
        .where(and(eq(contributions.id, c.id), eq(contributions.version, version), eq(contributions.status, "pledged"))),
      guardStatement(db),
      rollupDelta(db, eq(contributions.id, c.id), 1, { single: true }),
      // A cancel may end the pair's public listing; a delivery keeps it (keepsPublicState).
      ...(set.status !== "cancelled" && keepsPublicState(c) ? [] : publicPairStatements(db, pairsOf(c.communeId, [c.sponsorId]))),
      auditStatement(db, { actorId: audit.actorId, action: audit.action, entity: "contribution", entityId: c.id, before: { status: c.status, receivedTotal: c.receivedTotal }, after: set, ip: audit.ip }),
    ]);
  } catch (error) {
    if (!isStale(error)) throw error;
    const current = await db.select().from(contributions).where(eq(contributions.id, c.id)).get();
    if (!current) return { ok: false, kind: "not_found" };
    return { ok: false, kind: "conflict", current };
  }
  return { ok: true, value: next };
}
