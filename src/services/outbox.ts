// The outbox (issue 18): an event is one row written in the same db.batch as the change that causes it; the
// producer claims pending rows and sends one queue message per recipient and verified channel (the consumer,
// src/services/deliver.ts, delivers them). Claiming is one UPDATE … RETURNING, so two producers (a request's
// waitUntil and the cron) never send the same row twice.
import { and, eq, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { contactChannels, notifyPrefs, outbox } from "../db/schema";
import { eventKindOf, quietDelaySeconds, type Channel, type EventKind } from "../domain/notify";
import type { Batch } from "./batch";
import { chunk } from "./units";
import { communeStaffIds } from "./feedback-notify";

/** The body of one queue message: outbox row, user, channel, event kind, merge key. */
export type NotifyMessage = { o: number; u: number; ch: Channel; k: EventKind; d: string };
/** The producer side of the queue (a Queue binding, or anything that takes batches of messages). */
export type NotifyQueue = Pick<Queue<NotifyMessage>, "sendBatch">;

type ParamValue = string | number | SQL;

/**
 * The outbox row for one event, as a statement for the caller's batch (none when nobody is to be reached).
 * `subject` names what the event is about (the link): identical kind + subject = the same event for merging.
 * Values may be SQL (the id of a row inserted earlier in the same batch).
 */
export function outboxStatements(db: Db, kind: EventKind, userIds: number[], params: Record<string, ParamValue>, subject: ParamValue, nowIso: string): Batch {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return [];
  const pairs = Object.entries(params).flatMap(([k, v]) => [sql`${k}`, sql`${typeof v === "number" ? String(v) : v}`]);
  return [
    db.insert(outbox).values({
      kind,
      userIds: ids,
      params: sql`json_object(${sql.join(pairs, sql`, `)})`,
      dedupeKey: sql`${kind} || ':' || ${subject}`,
      createdAt: nowIso,
    }),
  ];
}

/** The outbox row that goes with an in-app notification (feedback, dossiers, daily job): none for kinds that stay in the app. */
export function outboxForNotification(db: Db, userIds: number[], n: { kind: string; text: string; link: string | SQL | null }, nowIso: string, extra: Record<string, ParamValue> = {}): Batch {
  const kind = eventKindOf(n.kind);
  if (!kind) return [];
  const link = n.link ?? "";
  return outboxStatements(db, kind, userIds, { text: n.text, link, ...extra }, link, nowIso);
}

export type FlushResult = { claimed: number; messages: number };

/**
 * Claims up to `limit` pending outbox rows and sends their messages: one per recipient and verified
 * channel whose owner wants that kind (a verification code goes to its own, not yet verified, channel).
 * A user in quiet hours gets the message delayed to their end. If the queue refuses, the rows are released.
 */
export async function flushOutbox(db: Db, queue: NotifyQueue, now: Date, limit = 50): Promise<FlushResult> {
  const nowIso = now.toISOString();
  const pending = db.select({ id: outbox.id }).from(outbox).where(isNull(outbox.enqueuedAt)).orderBy(outbox.id).limit(limit);
  const rows = await db.update(outbox).set({ enqueuedAt: nowIso }).where(inArray(outbox.id, pending)).returning().all();
  if (rows.length === 0) return { claimed: 0, messages: 0 };
  const userIds = [...new Set(rows.flatMap((r) => r.userIds))];
  const channels: { userId: number; channel: Channel; verified: boolean }[] = [];
  const prefs = new Map<number, typeof notifyPrefs.$inferSelect>();
  for (const ids of chunk(userIds, 90)) {
    for (const c of await db
      .select({ userId: contactChannels.userId, channel: contactChannels.channel, verifiedAt: contactChannels.verifiedAt })
      .from(contactChannels)
      .where(and(inArray(contactChannels.userId, ids), or(isNotNull(contactChannels.verifiedAt), isNotNull(contactChannels.codeHash))))
      .all())
      channels.push({ userId: c.userId, channel: c.channel, verified: c.verifiedAt !== null });
    for (const p of await db.select().from(notifyPrefs).where(inArray(notifyPrefs.userId, ids)).all()) prefs.set(p.userId, p);
  }
  const messages: { body: NotifyMessage; delaySeconds?: number }[] = [];
  for (const row of rows) {
    const kind = row.kind as EventKind;
    for (const userId of row.userIds) {
      const pref = prefs.get(userId);
      if (kind !== "verify" && pref?.off.includes(kind)) continue;
      const delay = kind === "verify" || !pref ? 0 : quietDelaySeconds(now, pref.quietFrom, pref.quietTo);
      for (const c of channels) {
        if (c.userId !== userId) continue;
        // Unverified channels receive nothing but their own verification code.
        if (kind === "verify" ? row.dedupeKey.split(":")[1] !== c.channel : !c.verified) continue;
        messages.push({ body: { o: row.id, u: userId, ch: c.channel, k: kind, d: row.dedupeKey }, ...(delay > 0 ? { delaySeconds: delay } : {}) });
      }
    }
  }
  try {
    for (const part of chunk(messages, 100)) await queue.sendBatch(part);
  } catch (error) {
    await db.update(outbox).set({ enqueuedAt: null }).where(and(inArray(outbox.id, rows.map((r) => r.id)), eq(outbox.enqueuedAt, nowIso)));
    throw error;
  }
  return { claimed: rows.length, messages: messages.length };
}

/** Flushes until the outbox is empty (the cron), at most `rounds` rounds. */
export async function flushAll(db: Db, queue: NotifyQueue, now: Date, rounds = 20): Promise<number> {
  let messages = 0;
  for (let i = 0; i < rounds; i++) {
    const r = await flushOutbox(db, queue, now);
    messages += r.messages;
    if (r.claimed === 0) break;
  }
  return messages;
}

const DOSSIER_DECISIONS: Record<string, string> = { recognise: "công nhận", reject: "không công nhận" };

/** The outbox row for a dossier returned or decided (issue 18): to the commune's staff, in the transition's batch. */
export async function dossierOutbox(db: Db, action: string, dossier: { id: number; level: string; year: number }, commune: { id: number; name: string }, reason: string | null, nowIso: string): Promise<Batch> {
  const kind: EventKind | null = action === "return" ? "dossier_returned" : DOSSIER_DECISIONS[action] ? "dossier_decided" : null;
  if (!kind) return [];
  const title = `${commune.name} — mức ${dossier.level} năm ${dossier.year}`;
  const link = `/dossiers/${dossier.id}`;
  const text =
    kind === "dossier_returned"
      ? `Hồ sơ đề nghị công nhận ${title} được trả lại để bổ sung${reason ? `: ${reason}` : "."}`
      : `Hồ sơ đề nghị công nhận ${title} đã có quyết định ${DOSSIER_DECISIONS[action]}${reason ? ` (${reason})` : ""}.`;
  return outboxStatements(db, kind, await communeStaffIds(db, commune.id), { text, link, title, reason: reason ?? "" }, link, nowIso);
}
