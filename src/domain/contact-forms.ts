// The forms of a user's own contact channels (/me/contacts): an address (with a push subscription's keys) and
// the verification code.
import { z } from "zod";
import { noHiddenChars } from "./text";

const field = (max: number) => z.string().max(max, `Tối đa ${max} ký tự.`).refine(noHiddenChars, "Có ký tự không hợp lệ.").default("");

export const channelSchema = z.object({ address: field(1000), p256dh: field(200), auth: field(200) });
export const codeSchema = z.object({ code: field(20) });
