// Contact channels per user (issue 18): an e-mail address, a Zalo phone, a browser push subscription, each
// verified by a code sent through it before anything else is sent there; preferences per event kind, quiet
// hours and the daily digest option. Contact data is personal data: read only by its owner and the admin of
// the owner's province, every change audited (with the address masked), exported only in the admin's backup.
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { contactChannels, notifyPrefs, users, units } from "../db/schema";
import { CHOOSABLE_KINDS, isEmail, maskAddress, minutesOf, zaloPhone, type Channel } from "../domain/notify";
import { sha256Hex } from "../auth/password";
import { auditStatement } from "./audit";
import { outboxStatements } from "./outbox";
import type { Failure, Outcome } from "../domain/outcome";
import type { ContactRow, Prefs, ProvinceContact } from "../web/notify-view";

export const CODE_MINUTES = 15;
export const MAX_CODE_TRIES = 5;
/** A new code for the same channel at most once a minute. */
export const RESEND_SECONDS = 60;

export type ContactOutcome = Outcome<{}, Failure<"not_found" | "invalid" | "rate_limited", { errors: Record<string, string> }>>;

const codeHash = (userId: number, channel: Channel, code: string) => sha256Hex(`${userId}:${channel}:${code}`);

function sixDigits(): string {
  const n = crypto.getRandomValues(new Uint32Array(1))[0] % 1_000_000;
  return String(n).padStart(6, "0");
}

export type ChannelInput = { address: string; p256dh?: string; auth?: string };

/** The address in its stored form, or a Vietnamese message for the form field. */
export function normalizeAddress(channel: Channel, input: ChannelInput): { address: string; keys: { p256dh: string; auth: string } | null } | { error: string } {
  if (channel === "zalo") {
    const phone = zaloPhone(input.address);
    return phone ? { address: phone, keys: null } : { error: "Số điện thoại di động không hợp lệ (ví dụ 0912 345 678)." };
  }
  if (channel === "email") {
    const email = input.address.trim().toLowerCase();
    return isEmail(email) ? { address: email, keys: null } : { error: "Địa chỉ thư điện tử không hợp lệ." };
  }
  const b64 = /^[A-Za-z0-9_-]{16,200}={0,2}$/;
  let https = false;
  try {
    https = new URL(input.address).protocol === "https:";
  } catch {
    https = false;
  }
  if (!https || input.address.length > 1000 || !b64.test(input.p256dh ?? "") || !b64.test(input.auth ?? "")) return { error: "Đăng ký nhận thông báo của trình duyệt không hợp lệ." };
  return { address: input.address, keys: { p256dh: input.p256dh!, auth: input.auth! } };
}

/** Saves (or replaces) the user's address on a channel as unverified and sends a code through it (outbox, same batch). */
export async function setChannel(db: Db, userId: number, channel: Channel, input: ChannelInput, now: Date, ip: string | null): Promise<ContactOutcome> {
  const normalized = normalizeAddress(channel, input);
  if ("error" in normalized) return { ok: false, kind: "invalid", errors: { address: normalized.error } };
  const existing = await db.select().from(contactChannels).where(and(eq(contactChannels.userId, userId), eq(contactChannels.channel, channel))).get();
  if (existing?.codeHash && Date.parse(existing.updatedAt) > now.getTime() - RESEND_SECONDS * 1000) {
    return { ok: false, kind: "rate_limited", errors: { address: "Mã vừa được gửi. Vui lòng đợi một phút trước khi gửi lại." } };
  }
  const code = sixDigits();
  const nowIso = now.toISOString();
  const row = { address: normalized.address, keys: normalized.keys, verifiedAt: null, codeHash: await codeHash(userId, channel, code), codeExpiresAt: new Date(now.getTime() + CODE_MINUTES * 60_000).toISOString(), codeTries: 0, updatedAt: nowIso };
  const nonce = crypto.randomUUID();
  await db.batch([
    db.insert(contactChannels).values({ userId, channel, ...row }).onConflictDoUpdate({ target: [contactChannels.userId, contactChannels.channel], set: row }),
    ...outboxStatements(db, "verify", [userId], { code, text: `Mã xác minh: ${code}` }, `${channel}:${nonce}`, nowIso),
    auditStatement(db, { actorId: userId, action: "contact.set", entity: "user", entityId: userId, before: existing ? { channel, address: maskAddress(channel, existing.address) } : null, after: { channel, address: maskAddress(channel, normalized.address) }, ip }),
  ]);
  return { ok: true };
}

/** Checks the code the user typed; five wrong tries or an expired code need a new code. */
export async function verifyChannel(db: Db, userId: number, channel: Channel, code: string, now: Date, ip: string | null): Promise<ContactOutcome> {
  const row = await db.select().from(contactChannels).where(and(eq(contactChannels.userId, userId), eq(contactChannels.channel, channel))).get();
  if (!row || !row.codeHash || !row.codeExpiresAt) return { ok: false, kind: "not_found", errors: { code: "Không có mã xác minh nào đang chờ cho kênh này. Hãy nhập địa chỉ và gửi mã." } };
  if (row.codeTries >= MAX_CODE_TRIES) return { ok: false, kind: "rate_limited", errors: { code: `Đã nhập sai ${MAX_CODE_TRIES} lần. Hãy gửi mã mới.` } };
  if (row.codeExpiresAt < now.toISOString()) return { ok: false, kind: "invalid", errors: { code: "Mã đã hết hạn. Hãy gửi mã mới." } };
  const where = and(eq(contactChannels.id, row.id), eq(contactChannels.codeHash, row.codeHash));
  if (!/^\d{6}$/.test(code.trim()) || (await codeHash(userId, channel, code.trim())) !== row.codeHash) {
    await db.update(contactChannels).set({ codeTries: sql`${contactChannels.codeTries} + 1` }).where(where);
    return { ok: false, kind: "invalid", errors: { code: "Mã xác minh không đúng." } };
  }
  await db.batch([
    db.update(contactChannels).set({ verifiedAt: now.toISOString(), codeHash: null, codeExpiresAt: null, codeTries: 0 }).where(where),
    auditStatement(db, { actorId: userId, action: "contact.verify", entity: "user", entityId: userId, after: { channel, address: maskAddress(channel, row.address) }, ip }),
  ]);
  return { ok: true };
}

export async function removeChannel(db: Db, userId: number, channel: Channel, ip: string | null): Promise<ContactOutcome> {
  const row = await db.select().from(contactChannels).where(and(eq(contactChannels.userId, userId), eq(contactChannels.channel, channel))).get();
  if (!row) return { ok: false, kind: "not_found", errors: { form: "Kênh này chưa được khai báo." } };
  await db.batch([
    db.delete(contactChannels).where(eq(contactChannels.id, row.id)),
    auditStatement(db, { actorId: userId, action: "contact.remove", entity: "user", entityId: userId, before: { channel, address: maskAddress(channel, row.address) }, ip }),
  ]);
  return { ok: true };
}

export async function savePrefs(db: Db, userId: number, input: Prefs, ip: string | null): Promise<ContactOutcome> {
  const errors: Record<string, string> = {};
  const from = input.quietFrom || null;
  const to = input.quietTo || null;
  if (from !== null && minutesOf(from) === null) errors.quietFrom = "Giờ không hợp lệ (dạng 22:00).";
  if (to !== null && minutesOf(to) === null) errors.quietTo = "Giờ không hợp lệ (dạng 06:00).";
  if ((from === null) !== (to === null)) errors[from === null ? "quietFrom" : "quietTo"] = "Cần cả giờ bắt đầu và giờ kết thúc.";
  if (Object.keys(errors).length) return { ok: false, kind: "invalid", errors };
  const row = { off: input.off.filter((k) => (CHOOSABLE_KINDS as readonly string[]).includes(k)), quietFrom: from, quietTo: to, dailyDigest: input.dailyDigest };
  await db.batch([
    db.insert(notifyPrefs).values({ userId, ...row }).onConflictDoUpdate({ target: notifyPrefs.userId, set: row }),
    auditStatement(db, { actorId: userId, action: "contact.prefs", entity: "user", entityId: userId, after: row, ip }),
  ]);
  return { ok: true };
}

export async function myContacts(db: Db, userId: number): Promise<{ channels: ContactRow[]; prefs: Prefs }> {
  const [channels, prefs] = await Promise.all([
    db.select().from(contactChannels).where(eq(contactChannels.userId, userId)).all(),
    db.select().from(notifyPrefs).where(eq(notifyPrefs.userId, userId)).get(),
  ]);
  return { channels, prefs: prefs ?? { off: [], quietFrom: null, quietTo: null, dailyDigest: false } };
}

/** The admin's view: every channel of the users of the admin's province (personal data: admin only). */
export async function provinceContacts(db: Db, provinceId: number): Promise<ProvinceContact[]> {
  const rows = await db
    .select({ username: users.username, displayName: users.displayName, channel: contactChannels.channel, address: contactChannels.address, verifiedAt: contactChannels.verifiedAt })
    .from(contactChannels)
    .innerJoin(users, eq(users.id, contactChannels.userId))
    .innerJoin(units, eq(units.id, users.unitId))
    .where(sql`coalesce(${units.provinceId}, ${units.id}) = ${provinceId}`)
    .orderBy(users.username, contactChannels.channel)
    .limit(500)
    .all();
  return rows.map((r) => ({ username: r.username, displayName: r.displayName, channel: r.channel, address: r.address, verified: r.verifiedAt !== null }));
}
