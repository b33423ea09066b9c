// The queue consumer (issue 18): delivers one message per user and channel through its adapter and writes
// the delivery log. Sent → ack; 429/5xx/unreachable → retry with exponential backoff (longer after a 429);
// after MAX_ATTEMPTS failures the message goes to the dead-letter queue, whose consumer logs "dead";
// a permanent refusal is logged "failed" and not retried. Identical events within the merge window are
// delivered once ("merged"); a channel no longer verified, or a kind switched off, is "skipped".
import { and, eq, gte, inArray, ne } from "drizzle-orm";
import type { Db } from "../db/client";
import { contactChannels, deliveries, notifyPrefs, outbox } from "../db/schema";
import { backoffSeconds, MAX_ATTEMPTS, MERGE_WINDOW_MINUTES, TEMPLATES, URGENT_KINDS, type EventKind } from "../domain/notify";
import { ADAPTERS, type NotifyConfig } from "./channels";
import { outboxStatements, type NotifyMessage } from "./outbox";
import { asBatch, type Batch } from "./batch";
import { chunk } from "./units";

export type ConsumerConfig = NotifyConfig & {
  /** First retry delay in seconds (default 30; doubled each attempt). */
  NOTIFY_BACKOFF_SECONDS?: string;
  /** The site's address, put before links in messages (e.g. https://ntm.vinhlong.gov.vn). */
  APP_URL?: string;
  /** Producer binding of the dead-letter queue. */
  NOTIFY_DLQ?: Pick<Queue<NotifyMessage>, "send">;
};

type Status = (typeof deliveries.$inferInsert)["status"];

/** What happened to one message (for tests and logs). */
/** What became of one delivery attempt (sent, retry later, dead, skipped): not a request outcome (src/domain/outcome.ts). */
export type DeliveryOutcome = { status: Status; retryDelay?: number; reason?: string };

const logStatement = (db: Db, m: NotifyMessage, status: Status, attempt: number, reason: string | null, nowIso: string) =>
  db.insert(deliveries).values({ outboxId: m.o, userId: m.u, channel: m.ch, kind: m.k, dedupeKey: m.d, status, attempt, reason, at: nowIso });

async function log(db: Db, m: NotifyMessage, status: Status, attempt: number, reason: string | null, nowIso: string) {
  await logStatement(db, m, status, attempt, reason, nowIso);
}

/** Delivers one message; the caller acks or retries it as the outcome says. */
export async function deliverOne(db: Db, m: NotifyMessage, attempts: number, config: ConsumerConfig, now: Date): Promise<DeliveryOutcome> {
  const nowIso = now.toISOString();
  const [row, contact, pref] = await Promise.all([
    db.select().from(outbox).where(eq(outbox.id, m.o)).get(),
    db.select().from(contactChannels).where(and(eq(contactChannels.userId, m.u), eq(contactChannels.channel, m.ch))).get(),
    db.select().from(notifyPrefs).where(eq(notifyPrefs.userId, m.u)).get(),
  ]);
  const skip = async (reason: string): Promise<DeliveryOutcome> => {
    await log(db, m, "skipped", attempts, reason, nowIso);
    return { status: "skipped", reason };
  };
  if (!row) return skip("Sự kiện không còn trong hàng đợi gửi");
  if (!contact) return skip("Người nhận đã xóa kênh này");
  if (m.k === "verify" ? contact.codeHash === null : contact.verifiedAt === null) return skip("Kênh chưa được xác minh");
  if (m.k !== "verify" && pref?.off.includes(m.k)) return skip("Người nhận đã tắt loại thông báo này");
  if (m.k !== "verify") {
    const since = new Date(now.getTime() - MERGE_WINDOW_MINUTES * 60_000).toISOString();
    const earlier = await db
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(and(eq(deliveries.userId, m.u), eq(deliveries.channel, m.ch), eq(deliveries.dedupeKey, m.d), gte(deliveries.at, since), inArray(deliveries.status, ["sent", "held", "bundled"]), ne(deliveries.outboxId, m.o)))
      .get();
    if (earlier) {
      await log(db, m, "merged", attempts, `Trùng sự kiện đã gửi trong ${MERGE_WINDOW_MINUTES} phút`, nowIso);
      return { status: "merged" };
    }
    if (pref?.dailyDigest && !URGENT_KINDS.includes(m.k)) {
      await log(db, m, "held", attempts, "Chờ bản tin hằng ngày", nowIso);
      return { status: "held" };
    }
  }
  const template = TEMPLATES[m.k as EventKind];
  const params = { ...row.params, origin: config.APP_URL ?? "" };
  const result = await ADAPTERS[m.ch].send(
    { address: contact.address, keys: contact.keys ?? null },
    { kind: m.k, subject: template.subject(params), body: template.body(params), params, trackingId: `${m.o}-${m.u}-${m.ch}` },
    config,
  );
  // A verification code is personal: once its message is done with (sent or given up), the outbox forgets it.
  const forgetCode = m.k === "verify" ? [db.update(outbox).set({ params: {} }).where(eq(outbox.id, m.o))] : [];
  if (result.ok) {
    await db.batch([logStatement(db, m, "sent", attempts, null, nowIso), ...forgetCode]);
    return { status: "sent" };
  }
  if (!result.transient) {
    await db.batch([logStatement(db, m, "failed", attempts, result.reason, nowIso), ...forgetCode]);
    return { status: "failed", reason: result.reason };
  }
  if (attempts >= MAX_ATTEMPTS) {
    await db.batch([logStatement(db, m, "failed", attempts, `${result.reason}; đã thử ${attempts} lần, chuyển sang hàng đợi lỗi`, nowIso), ...forgetCode]);
    return { status: "dead", reason: result.reason };
  }
  const delay = backoffSeconds(attempts, result.status, Number(config.NOTIFY_BACKOFF_SECONDS ?? 30), result.retryAfter);
  await log(db, m, "retry", attempts, `${result.reason}; thử lại sau ${delay} giây`, nowIso);
  return { status: "retry", retryDelay: delay, reason: result.reason };
}

/** The queue handler for the delivery queue: one message at a time (a merge sees the earlier send). */
export async function consumeBatch(db: Db, batch: MessageBatch<NotifyMessage>, config: ConsumerConfig, now = () => new Date()): Promise<void> {
  for (const msg of batch.messages) {
    let outcome: DeliveryOutcome;
    try {
      outcome = await deliverOne(db, msg.body, msg.attempts, config, now());
    } catch (error) {
      console.error("notify delivery failed", error);
      msg.retry({ delaySeconds: backoffSeconds(msg.attempts, 500, Number(config.NOTIFY_BACKOFF_SECONDS ?? 30), null) });
      continue;
    }
    if (outcome.status === "retry") msg.retry({ delaySeconds: outcome.retryDelay });
    else if (outcome.status === "dead" && config.NOTIFY_DLQ) {
      await config.NOTIFY_DLQ.send(msg.body);
      msg.ack();
    } else if (outcome.status === "dead") msg.retry(); // no DLQ binding: the queue's own max_retries dead-letters it
    else msg.ack();
  }
}

/** The dead-letter queue's consumer: the message was given up; the log says so (once per message). */
export async function consumeDeadLetters(db: Db, batch: MessageBatch<NotifyMessage>, now = new Date()): Promise<void> {
  for (const msg of batch.messages) {
    const m = msg.body;
    await log(db, m, "dead", MAX_ATTEMPTS, `Bỏ sau ${MAX_ATTEMPTS} lần gửi không thành công`, now.toISOString());
    msg.ack();
  }
}


/**
 * The daily bulletin (registered in src/scheduled.ts): for each user who chose the daily digest option, the
 * events held since the last bulletin become one message ("daily"), and the held log rows are marked bundled,
 * in one batch; the cron's flush then sends it through the queue.
 */
export async function dailyBulletinJob(db: Db, now: Date, vnDate: string): Promise<number> {
  const held = await db
    .select({ id: deliveries.id, userId: deliveries.userId, outboxId: deliveries.outboxId, kind: deliveries.kind })
    .from(deliveries)
    .where(eq(deliveries.status, "held"))
    .limit(2000)
    .all();
  if (held.length === 0) return 0;
  const nowIso = now.toISOString();
  const byUser = new Map<number, Map<number, string>>();
  for (const h of held) {
    if (!byUser.has(h.userId)) byUser.set(h.userId, new Map());
    byUser.get(h.userId)!.set(h.outboxId, h.kind);
  }
  const date = vnDate.split("-").reverse().join("/");
  const statements: Batch = [];
  for (const [userId, events] of byUser) {
    const counts = new Map<string, number>();
    for (const kind of events.values()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
    const lines = [...counts].map(([kind, n]) => `${TEMPLATES[kind as EventKind]?.label ?? kind}: ${n}`).join("; ");
    statements.push(...outboxStatements(db, "daily", [userId], { text: `Bản tin ngày ${date}: ${lines}.`, link: "/me/notifications", date, count: events.size }, `${userId}/${vnDate}`, nowIso));
  }
  for (const ids of chunk(held.map((h) => h.id), 90)) statements.push(db.update(deliveries).set({ status: "bundled" }).where(and(inArray(deliveries.id, ids), eq(deliveries.status, "held"))));
  await db.batch(asBatch(statements));
  return byUser.size;
}
