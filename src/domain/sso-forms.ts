// The SSO admin's form (/admin/sso): an e-mail vouched for by Cloudflare Access and the account it logs in as.
import { z } from "zod";

const email = z.string().trim().toLowerCase().max(254, "E-mail tối đa 254 ký tự.").pipe(z.email({ message: "E-mail không hợp lệ." }));
export const ssoLinkSchema = z.object({ email, username: z.string().trim().min(1, "Nhập tài khoản.").max(64, "Tài khoản tối đa 64 ký tự.") });

/** Unlinking an e-mail (a one-button form): the e-mail as stored, lower case. */
export const ssoUnlinkSchema = z.object({ email: z.string().trim().toLowerCase().transform((s) => s.slice(0, 254)).pipe(z.string().min(1)) });
