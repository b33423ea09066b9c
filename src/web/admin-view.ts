// What the province admin's pages show (security: audit log and sessions; API tokens; SSO identities): the shapes
// the admin services return and the templates render. Templates import these from here.
import type { ApiToken } from "../db/schema";

export type AuditFilters = {
  username?: string;
  action?: string;
  entity?: string;
  from?: string;
  to?: string;
  /** Keyset page: rows strictly older than this (time, id) — the last row of the previous page. */
  before?: { at: string; id: number };
};

export type AuditRow = {
  id: number;
  at: string;
  username: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
};

export type SessionRow = { id: string; username: string; displayName: string; createdAt: string; expiresAt: string; ip: string | null; userAgent: string | null };

/** A token as listed: never its hash. */
export type TokenRow = Omit<ApiToken, "tokenHash"> & { username: string };

/** An e-mail that Cloudflare Access vouches for, and the account it logs in as. */
export type IdentityRow = { email: string; username: string; displayName: string; createdAt: string };
