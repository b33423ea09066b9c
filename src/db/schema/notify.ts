// Reaching people (issue 18): contact channels per user (personal data), preferences, the outbox written in
// the same batch as the change that causes an event, and the delivery log the queue consumer writes.
import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { now } from "./now";

export const CHANNELS = ["zalo", "email", "push"] as const;

/** One address per user and channel; used only once `verifiedAt` is set (a code sent through it came back). */
export const contactChannels = sqliteTable(
  "contact_channels",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id").notNull(),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    /** E-mail address, Zalo phone (84xxxxxxxxx) or the push subscription's endpoint. */
    address: text("address").notNull(),
    /** Push only: the subscription's keys {p256dh, auth}. */
    keys: text("keys", { mode: "json" }).$type<{ p256dh: string; auth: string }>(),
    verifiedAt: text("verified_at"),
    /** SHA-256 (hex) of the pending verification code, its expiry and the wrong tries so far. */
    codeHash: text("code_hash"),
    codeExpiresAt: text("code_expires_at"),
    codeTries: integer("code_tries").notNull().default(0),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("contact_channels_user_channel").on(t.userId, t.channel)],
);

/** A user's choices: event kinds switched off, quiet hours (Vietnam time, "22:00"–"06:00"), daily digest. */
export const notifyPrefs = sqliteTable("notify_prefs", {
  userId: integer("user_id").primaryKey(),
  /** Event kinds the user does NOT want outside the app (the in-app inbox keeps everything). */
  off: text("off", { mode: "json" }).$type<string[]>().notNull(),
  quietFrom: text("quiet_from"),
  quietTo: text("quiet_to"),
  /** Non-urgent events (everything but deadline flags) wait for one message a day. */
  dailyDigest: integer("daily_digest", { mode: "boolean" }).notNull().default(false),
});

/** One row per event, written in the same db.batch as its change; the producer claims rows (enqueuedAt) and sends them to the queue. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey(),
    kind: text("kind").notNull(),
    /** Recipients (user ids). */
    userIds: text("user_ids", { mode: "json" }).$type<number[]>().notNull(),
    /** Template parameters (title, place, due date, link…). */
    params: text("params", { mode: "json" }).$type<Record<string, string>>().notNull(),
    /** Identical events (same kind and subject) within the merge window are delivered once. */
    dedupeKey: text("dedupe_key").notNull(),
    createdAt: text("created_at").notNull(),
    enqueuedAt: text("enqueued_at"),
  },
  (t) => [index("outbox_pending").on(t.enqueuedAt, t.id)],
);

export const DELIVERY_STATUSES = ["sent", "failed", "retry", "dead", "merged", "held", "bundled", "skipped"] as const;

/** The delivery log: one row per attempt outcome of one event to one user on one channel. */
export const deliveries = sqliteTable(
  "deliveries",
  {
    id: integer("id").primaryKey(),
    outboxId: integer("outbox_id").notNull(),
    userId: integer("user_id").notNull(),
    channel: text("channel").notNull(),
    kind: text("kind").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull(),
    attempt: integer("attempt").notNull(),
    reason: text("reason"),
    at: text("at").notNull(),
  },
  (t) => [index("deliveries_user_key").on(t.userId, t.channel, t.dedupeKey, t.at), index("deliveries_at").on(t.at), index("deliveries_outbox").on(t.outboxId)],
);
