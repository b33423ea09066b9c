// National mode (issue 19): the provinces a national deployment pulls, and the last summary each one gave.
import { sqliteTable, text, integer } from "drizzle-orm/sqlite-core";
import { now } from "./now";

/** A registered province deployment: where its /api/v1 lives and the read token the national pull uses. */
export const nationalProvinces = sqliteTable("national_provinces", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  /** NTM region (7), for the table by region. */
  region: text("region"),
  /** Base URL of the province deployment, e.g. https://ntm.vinhlong.gov.vn (its API is /api/v1 under it). */
  baseUrl: text("base_url").notNull(),
  /** The province's read token (scopes: progress). Kept as given: the national deployment must present it. */
  token: text("token").notNull(),
  createdAt: text("created_at").notNull().default(now),
});

/** The last summary pulled from each province (kept when a later pull fails), with its age and the last error. */
export const nationalPulls = sqliteTable("national_pulls", {
  provinceCode: text("province_code").primaryKey(),
  /** The province's /api/v1/summary body, as received. */
  summary: text("summary", { mode: "json" }).$type<unknown>(),
  /** When the summary above was received. */
  fetchedAt: text("fetched_at"),
  lastAttemptAt: text("last_attempt_at").notNull(),
  /** Null when the last attempt succeeded. */
  lastError: text("last_error"),
  bytes: integer("bytes"),
  durationMs: integer("duration_ms"),
  /** Rows the province read to answer (its Server-Timing). */
  rowsRead: integer("rows_read"),
});
