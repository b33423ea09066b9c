// Issue 19: API tokens for other systems (one per client, created by a province admin) and SSO settings.
import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { now } from "./now";

export const API_ACCESS = ["read", "write"] as const;
export type ApiAccess = (typeof API_ACCESS)[number];

/** What a token may reach; writes further need access "write" (indicator values: "checklists"; answers: "feedback"). */
export const API_RESOURCES = ["units", "criteria", "checklists", "progress", "recognitions", "feedback", "ledger", "exports"] as const;
export type ApiResource = (typeof API_RESOURCES)[number];

/**
 * A client's token. Only the SHA-256 of the secret is kept; `prefix` (the first characters) names it on screen.
 * The token acts as `userId` (same can() as the pages) and never outside `provinceId`, narrowed by access and resources.
 * The rate window (fixed, one minute) and the last use are updated by the one statement that checks the token.
 */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey(),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    prefix: text("prefix").notNull(),
    provinceId: integer("province_id").notNull(),
    userId: integer("user_id").notNull(),
    access: text("access", { enum: API_ACCESS }).notNull(),
    resources: text("resources", { mode: "json" }).$type<ApiResource[]>().notNull(),
    /** Requests allowed per minute. */
    rateLimit: integer("rate_limit").notNull().default(120),
    createdBy: integer("created_by").notNull(),
    createdAt: text("created_at").notNull().default(now),
    revokedAt: text("revoked_at"),
    lastUsedAt: text("last_used_at"),
    windowStart: text("window_start"),
    windowCount: integer("window_count").notNull().default(0),
  },
  (t) => [uniqueIndex("api_tokens_hash").on(t.tokenHash), index("api_tokens_province").on(t.provinceId, t.createdAt)],
);
export type ApiToken = typeof apiTokens.$inferSelect;

/** SSO (issue 19): the e-mail Cloudflare Access vouches for → the account it logs in as. Set by the province admin. */
export const ssoIdentities = sqliteTable(
  "sso_identities",
  {
    /** Lower-cased e-mail address. */
    email: text("email").primaryKey(),
    userId: integer("user_id").notNull(),
    provinceId: integer("province_id").notNull(),
    createdBy: integer("created_by").notNull(),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [index("sso_identities_user").on(t.userId), index("sso_identities_province").on(t.provinceId)],
);
