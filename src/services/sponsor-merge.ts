// Duplicate sponsors (issue 14): a likely duplicate is warned about when a pledge creates a new sponsor (same folded
// name, and the same phone when one is given), and an admin merges two sponsors found to be the same: the pledges move
// to the sponsor kept (receipts stay on their pledges, so their numbers never change), missing contact fields are
// filled from the other, which is deleted. One db.batch, both versions checked, audited.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { contributions, sponsors } from "../db/schema";
import { fold } from "../domain/text";
import { auditStatement } from "./audit";
import type { Sponsor } from "./contributions";
import { asBatch, guardStatement, isStale } from "./ledger-common";
import type { Failure, Outcome } from "../domain/outcome";
import { publicPairStatements, rollupDelta } from "./ledger-rollups";

/** Digits only: "0275 3871 234" and "0275.3871.234" are the same phone. */
export const phoneDigits = (phone: string | null | undefined) => (phone ?? "").replace(/\D/g, "");

/**
 * Sponsors of the province that are likely the one being typed: the same folded name (index sponsors_province_name),
 * and the same phone when both have one.
 */
export async function likelyDuplicates(db: Db, provinceId: number, name: string, phone: string | null): Promise<Sponsor[]> {
  const folded = fold(name);
  if (!folded) return [];
  const rows = await db
    .select()
    .from(sponsors)
    .where(and(eq(sponsors.provinceId, provinceId), eq(sponsors.nameFolded, folded)))
    .limit(20)
    .all();
  const digits = phoneDigits(phone);
  return rows.filter((s) => !digits || !phoneDigits(s.contactPhone) || phoneDigits(s.contactPhone) === digits);
}

/** Merge candidates for a sponsor: the others of its province with the same folded name or the same phone, with their pledge counts. */
export async function mergeCandidates(db: Db, sponsor: Sponsor): Promise<(Sponsor & { pledges: number })[]> {
  const digits = phoneDigits(sponsor.contactPhone);
  const sameName = await db
    .select()
    .from(sponsors)
    .where(and(eq(sponsors.provinceId, sponsor.provinceId), eq(sponsors.nameFolded, sponsor.nameFolded)))
    .limit(20)
    .all();
  // Same phone under another spelling of the name: digits compared in SQL (a province has hundreds of sponsors, not millions).
  const samePhone = digits
    ? await db
        .select()
        .from(sponsors)
        .where(and(eq(sponsors.provinceId, sponsor.provinceId), sql`replace(replace(replace(replace(${sponsors.contactPhone}, ' ', ''), '.', ''), '-', ''), '+84', '0') = ${digits}`))
        .limit(20)
        .all()
    : [];
  const out = new Map<number, Sponsor>();
  for (const s of [...sameName, ...samePhone]) if (s.id !== sponsor.id) out.set(s.id, s);
  if (out.size === 0) return [];
  const counts = await db
    .select({ id: contributions.sponsorId, n: sql<number>`count(*)` })
    .from(contributions)
    .where(inArray(contributions.sponsorId, [...out.keys()]))
    .groupBy(contributions.sponsorId)
    .all();
  return [...out.values()].map((s) => ({ ...s, pledges: counts.find((x) => x.id === s.id)?.n ?? 0 }));
}

/** A sponsor of the province by id (the one to merge). */
export const sponsorById = (db: Db, id: number) => db.select().from(sponsors).where(eq(sponsors.id, id)).get();

export type MergeOutcome = Outcome<{ moved: number }, Failure<"conflict" | "invalid", { message: string }>>;

/** Moves `from`'s pledges to `into` and deletes `from` (both version-checked). */
export async function mergeSponsors(db: Db, actorId: number, from: Sponsor, into: Sponsor, versions: { from: number; into: number }, ip: string | null = null): Promise<MergeOutcome> {
  if (from.id === into.id) return { ok: false, kind: "invalid", message: "Chọn một nhà tài trợ khác để gộp." };
  if (from.provinceId !== into.provinceId) return { ok: false, kind: "invalid", message: "Chỉ gộp được hai nhà tài trợ của cùng một tỉnh." };
  if (from.version !== versions.from || into.version !== versions.into) return { ok: false, kind: "conflict", message: STALE_MERGE };
  const moved = (await db.select({ n: sql<number>`count(*)` }).from(contributions).where(eq(contributions.sponsorId, from.id)).get())?.n ?? 0;
  const fill = {
    contactPhone: into.contactPhone ?? from.contactPhone,
    contactEmail: into.contactEmail ?? from.contactEmail,
    contactAddress: into.contactAddress ?? from.contactAddress,
    contactNote: into.contactNote ?? from.contactNote,
    mobilisedBy: into.mobilisedBy ?? from.mobilisedBy,
  };
  try {
    await db.batch(
      asBatch([
        // The moved pledges' rollup rows go from one sponsor to the other (the other groupings net to zero; a commune's
        // anonymous row moves with the two sponsors' consent, so this runs while `from` still exists).
        rollupDelta(db, eq(contributions.sponsorId, from.id), -1),
        rollupDelta(db, eq(contributions.sponsorId, from.id), 1, { sponsorAs: into.id }),
        db.update(sponsors).set({ ...fill, version: versions.into + 1 }).where(and(eq(sponsors.id, into.id), eq(sponsors.version, versions.into))),
        guardStatement(db),
        db.delete(sponsors).where(and(eq(sponsors.id, from.id), eq(sponsors.version, versions.from))),
        guardStatement(db),
        db.update(contributions).set({ sponsorId: into.id, version: sql`${contributions.version} + 1` }).where(eq(contributions.sponsorId, from.id)),
        // Both sponsors' public state in every commune the moved pledges are in (the public page's anonymous line).
        ...publicPairStatements(db, sql`key in (${from.id}, ${into.id}) and area_id in (select commune_id from contributions where sponsor_id = ${into.id})`),
        auditStatement(db, { actorId, action: "sponsor.merge", entity: "sponsor", entityId: into.id, before: { merged: from }, after: { into: into.id, movedContributions: moved, filled: fill }, ip }),
      ]),
    );
  } catch (error) {
    if (!isStale(error)) throw error;
    return { ok: false, kind: "conflict", message: STALE_MERGE };
  }
  return { ok: true, moved };
}

const STALE_MERGE = "Một trong hai nhà tài trợ vừa được người khác sửa. Tải lại trang rồi gộp lại.";
