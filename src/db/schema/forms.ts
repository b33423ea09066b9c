// Issue 14: one-time form keys. Each create form carries a random key; the create's batch inserts it with the
// created row's id, so a repeat (double tap, retry, offline replay) finds it and returns the first result.
import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";
import { now } from "./now";

export const formKeys = sqliteTable("form_keys", {
  key: text("key").primaryKey(),
  actorId: integer("actor_id").notNull(),
  /** What the form creates ("contribution", "receipt", "visit", …). */
  kind: text("kind").notNull(),
  /** The path the form was posted to: the same key sent elsewhere is refused (409). */
  target: text("target").notNull(),
  /** The created row's id (or number), from which the route rebuilds its response. */
  result: text("result").notNull(),
  createdAt: text("created_at").notNull().default(now),
},
  // The daily purge of old keys reads only what it deletes.
  (t) => [index("form_keys_created").on(t.createdAt)],
);
