// Receipts (phiếu thu): gapless numbers per commune and year. The counter is bumped and the receipt takes
// its seq from the counter inside ONE db.batch (a D1 batch is one transaction), together with the
// contribution's received total (guarded: no receipt over the pledge unless confirmed) and the audit row.
// A batch that aborts rolls its counter bump back, so numbers never skip.
import { and, eq, ne, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { contributions, criteria, projects, receiptCounters, receipts, sponsors, units, users, type Unit } from "../db/schema";
import { applyReceipt, publicSponsorName } from "../domain/ledger";
import type { ReceiptInput } from "../domain/ledger-forms";
import { claimStatement, lastIdOf, type KeyClaim } from "./idempotency";
import { asBatch, auditInsertedStatement, guardStatement, isStale } from "./ledger-common";
import type { Contribution } from "./contributions";
import { keepsPublicState, pairsOf, publicPairStatements, rollupDelta } from "./ledger-rollups";
import { linkedCommunes } from "./sponsors";
import type { Failure, Outcome } from "../domain/outcome";
import type { ReceiptView } from "../web/ledger-view";

export type Receipt = typeof receipts.$inferSelect;

export type ReceiptOutcome = Outcome<{ id: number; number: string; status: Contribution["status"]; receivedTotal: number }, Failure<"invalid", { field: string; message: string; needsConfirm?: boolean }>>;

/** Records a receipt against `c` (a contribution of `commune`). */
/** Letters and digits that cannot be mistaken for one another when read off paper (no 0/O, 1/I/L). */
const CHECK_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const CHECK_CODE_LENGTH = 6;

/** A random check code printed on a receipt (31^6 ≈ 887 million values). */
export function newCheckCode(): string {
  return [...crypto.getRandomValues(new Uint8Array(CHECK_CODE_LENGTH))].map((b) => CHECK_ALPHABET[b % CHECK_ALPHABET.length]).join("");
}

/** The check code as typed: spaces and dashes dropped, upper case. */
export const normaliseCheckCode = (input: string) => input.replace(/[\s-]/g, "").toUpperCase().slice(0, 20);

export async function recordReceipt(db: Db, actorId: number, commune: Pick<Unit, "id" | "code">, c: Contribution, input: ReceiptInput, ip: string | null = null, claim: KeyClaim | null = null): Promise<ReceiptOutcome> {
  const check = applyReceipt(c, input.amount, input.confirmOver);
  if (!check.ok) return { ok: false, kind: "invalid", field: check.field, message: check.message, needsConfirm: check.needsConfirm };
  const year = Number(input.receivedAt.slice(0, 4));
  const prefix = `${commune.code}-${year}-`;
  // The contribution is re-checked by the database, not by what we read: status not cancelled and, unless
  // confirmed, the new total within the pledge. A concurrent receipt that got there first aborts this batch.
  const withinPledge = input.confirmOver ? undefined : sql`${contributions.receivedTotal} + ${input.amount} <= ${contributions.amount}`;
  try {
    const results = await db.batch(
      asBatch([
        rollupDelta(db, eq(contributions.id, c.id), -1, { single: true }),
        db
          .update(contributions)
          .set({
            receivedTotal: sql`${contributions.receivedTotal} + ${input.amount}`,
            status: sql`case when ${contributions.receivedTotal} + ${input.amount} >= ${contributions.amount} then 'received' else 'pledged' end`,
            version: sql`${contributions.version} + 1`,
          })
          .where(and(eq(contributions.id, c.id), ne(contributions.status, "cancelled"), eq(contributions.kind, c.kind), withinPledge)),
        guardStatement(db),
        rollupDelta(db, eq(contributions.id, c.id), 1, { single: true }),
        db
          .insert(receiptCounters)
          .values({ communeId: commune.id, year, lastSeq: 1 })
          .onConflictDoUpdate({ target: [receiptCounters.communeId, receiptCounters.year], set: { lastSeq: sql`${receiptCounters.lastSeq} + 1` } }),
        // Columns in table order: id, contribution, commune, year, seq, number, amount, received_at, received_by, payer, note, created_at, check_code.
        db
          .insert(receipts)
          .select(
            sql`select null, ${c.id}, ${commune.id}, ${year}, last_seq, ${prefix} || printf('%04d', last_seq), ${input.amount}, ${input.receivedAt}, ${actorId},
              ${input.payerName}, ${input.note}, strftime('%Y-%m-%dT%H:%M:%fZ','now'), ${newCheckCode()}
              from receipt_counters where commune_id = ${commune.id} and year = ${year}`,
          )
          .returning({ id: receipts.id, number: receipts.number }),
        auditInsertedStatement(db, {
          actorId,
          action: "receipt.create",
          entity: "receipt",
          table: "receipts",
          entityIdColumn: "number",
          after: { contributionId: c.id, amount: input.amount, receivedAt: input.receivedAt, confirmOver: input.confirmOver },
          ip,
        }),
        // After the statements whose results are read below (results[5]).
        ...(keepsPublicState(c) ? [] : publicPairStatements(db, pairsOf(c.communeId, [c.sponsorId]))),
        ...(claim ? [claimStatement(db, claim, lastIdOf("receipts"))] : []),
      ]),
    );
    const inserted = (results[5] as { id: number; number: string }[])[0];
    return { ok: true, id: inserted.id, number: inserted.number, status: check.status, receivedTotal: check.receivedTotal };
  } catch (error) {
    if (!isStale(error)) throw error;
    // Someone recorded a receipt (or cancelled) first: answer from the current state.
    const current = await db.select().from(contributions).where(eq(contributions.id, c.id)).get();
    const again = current ? applyReceipt(current, input.amount, input.confirmOver) : null;
    if (again && !again.ok) return { ok: false, kind: "invalid", field: again.field, message: again.message, needsConfirm: again.needsConfirm };
    return { ok: false, kind: "invalid", field: "form", message: "Cam kết vừa được người khác cập nhật. Vui lòng kiểm tra lại rồi lưu." };
  }
}

/** A receipt with what its printed form shows. */
export async function loadReceipt(db: Db, id: number): Promise<ReceiptView | null> {
  const r = await db.select().from(receipts).where(eq(receipts.id, id)).get();
  return r ? receiptView(db, r) : null;
}

/**
 * A receipt by number and check code within a commune (the public lookup); null when unknown there or when the
 * code does not match (the answer does not tell which). A receipt without a code (made before codes existed) is
 * never found this way.
 */
export async function findReceipt(db: Db, communeId: number, number: string, checkCode: string): Promise<ReceiptView | null> {
  const r = await db.select().from(receipts).where(eq(receipts.number, number)).get();
  if (!r?.checkCode || !sameCode(r.checkCode, normaliseCheckCode(checkCode))) return null;
  return r && r.communeId === communeId ? receiptView(db, r) : null;
}

async function receiptView(db: Db, r: Receipt): Promise<ReceiptView | null> {
  const c = await db.select().from(contributions).where(eq(contributions.id, r.contributionId)).get();
  if (!c) return null;
  const [sponsor, commune, receiver, project, criterion] = await Promise.all([
    db.select().from(sponsors).where(eq(sponsors.id, c.sponsorId)).get(),
    db.select().from(units).where(eq(units.id, r.communeId)).get(),
    db.select({ name: users.displayName }).from(users).where(eq(users.id, r.receivedBy)).get(),
    c.projectId ? db.select({ name: projects.name }).from(projects).where(eq(projects.id, c.projectId)).get() : undefined,
    c.criterionId ? db.select({ number: criteria.number, name: criteria.name }).from(criteria).where(eq(criteria.id, c.criterionId)).get() : undefined,
  ]);
  if (!sponsor || !commune) return null;
  const parents = await db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(sql`${units.id} in (${commune.districtId ?? 0}, ${commune.provinceId ?? 0})`)
    .all();
  return {
    r,
    c,
    commune,
    communeName: commune.name,
    communeCode: commune.code,
    districtName: parents.find((p) => p.id === commune.districtId)?.name ?? null,
    provinceName: parents.find((p) => p.id === commune.provinceId)?.name ?? null,
    sponsorName: sponsor.name,
    sponsorAddress: sponsor.contactAddress,
    sponsorPublicName: publicSponsorName(sponsor),
    sponsorMobilisedBy: sponsor.mobilisedBy,
    sponsorLinked: (await linkedCommunes(db, [sponsor])).get(sponsor.id) ?? [],
    receivedByName: receiver?.name ?? null,
    projectName: project?.name ?? null,
    criterionName: criterion ? `${criterion.number}. ${criterion.name}` : null,
  };
}


function sameCode(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
