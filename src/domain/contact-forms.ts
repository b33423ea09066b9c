// The forms of a user's own contact channels (/me/contacts): an address (with a push subscription's keys) and
// the verification code.
import { z } from "zod";
import { noHiddenChars } from "./text";
import { CHOOSABLE_KINDS } from "./notify";

const field = (max: number) => z.string().max(max, `Tối đa ${max} ký tự.`).refine(noHiddenChars, "Có ký tự không hợp lệ.").default("");

export const channelSchema = z.object({ address: field(1000), p256dh: field(200), auth: field(200) });
export const codeSchema = z.object({ code: field(20) });

const quiet = (v: unknown) => (typeof v === "string" ? v.trim().slice(0, 10) : "") || null;

/** The notification preferences: a box per choosable kind (on_<kind>, unticked = off), quiet hours, the daily digest. */
export const prefsSchema = z.record(z.string(), z.unknown()).transform((body) => ({
  off: CHOOSABLE_KINDS.filter((k) => body[`on_${k}`] !== "1"),
  quietFrom: quiet(body.quietFrom),
  quietTo: quiet(body.quietTo),
  dailyDigest: body.dailyDigest === "1",
}));
