// Test helpers for issue 18: a verified contact channel, and the Zalo/e-mail stand-in (vitest.config.ts routes the
// Worker's outbound fetches to scripts/lib/standin.ts, so these fetches reach it too).
import type { Db } from "../../src/db/client";
import { contactChannels } from "../../src/db/schema";
import type { Sent } from "../../scripts/lib/standin";

const STANDIN = "http://standin.test";

/** A channel already verified (as if the user had typed the code); returns its address. */
export async function verifiedChannel(db: Db, userId: number, channel: "zalo" | "email", address: string): Promise<string> {
  await db
    .insert(contactChannels)
    .values({ userId, channel, address, verifiedAt: new Date().toISOString() })
    .onConflictDoUpdate({ target: [contactChannels.userId, contactChannels.channel], set: { address, verifiedAt: new Date().toISOString(), codeHash: null } });
  return address;
}

/** What the stand-in received for one recipient (phone, e-mail or push id). */
export async function sentTo(to: string): Promise<Sent[]> {
  return (await (await fetch(`${STANDIN}/_sent?to=${encodeURIComponent(to)}`)).json()) as Sent[];
}

/** Tells the stand-in how to answer the next requests for one recipient (then 200). */
export async function script(to: string, statuses: number[], retryAfter?: number): Promise<void> {
  await fetch(`${STANDIN}/_script`, { method: "POST", body: JSON.stringify({ to, statuses, retryAfter }) });
}
