// Single sign-on behind Cloudflare Access (issue 19): the `Cf-Access-Jwt-Assertion` JWT checked with jose —
// signature against the team's keys (JWKS), issuer, audience, expiry — and its e-mail.
import { createRemoteJWKSet, customFetch, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import type { Failure, Outcome } from "../domain/outcome";

export const ACCESS_HEADER = "Cf-Access-Jwt-Assertion";

export type SsoConfig = { issuer: string; audience: string; jwksUrl: string; fetcher?: { fetch: typeof fetch } };

/**
 * SSO settings from the environment, or null when SSO is off. ACCESS_ISSUER is the team domain
 * ("https://<team>.cloudflareaccess.com"), ACCESS_AUD the application's audience tag; the keys are read from
 * ACCESS_JWKS_URL (default: the team's /cdn-cgi/access/certs), through the ACCESS_JWKS service binding when bound.
 */
export function ssoConfig(env: { ACCESS_ISSUER?: string; ACCESS_AUD?: string; ACCESS_JWKS_URL?: string; ACCESS_JWKS?: { fetch: typeof fetch } }): SsoConfig | null {
  if (!env.ACCESS_ISSUER || !env.ACCESS_AUD) return null;
  const issuer = env.ACCESS_ISSUER.replace(/\/+$/, "");
  return { issuer, audience: env.ACCESS_AUD, jwksUrl: env.ACCESS_JWKS_URL || `${issuer}/cdn-cgi/access/certs`, fetcher: env.ACCESS_JWKS };
}

/** One key set per URL per isolate: jose caches the keys and refetches on an unknown key id (rate-limited). */
const keySets = new Map<string, JWTVerifyGetKey>();

function keySet(config: SsoConfig): JWTVerifyGetKey {
  let set = keySets.get(config.jwksUrl);
  if (!set) {
    const fetcher = config.fetcher;
    set = createRemoteJWKSet(new URL(config.jwksUrl), fetcher ? { [customFetch]: (url: string, init: RequestInit) => fetcher.fetch(url, init) } : {});
    keySets.set(config.jwksUrl, set);
  }
  return set;
}

export type SsoOutcome = Outcome<{ email: string }, Failure<"unauthenticated", { reason: "expired" | "claims" | "signature" | "unknown_key" | "no_email" | "malformed" }>>;

/** Checks an Access assertion: RS256 signature by a key of the team, issuer, audience, not expired (60 s leeway). */
export async function verifyAccessJwt(token: string, config: SsoConfig, now: Date): Promise<SsoOutcome> {
  try {
    const { payload } = await jwtVerify(token, keySet(config), {
      issuer: config.issuer,
      audience: config.audience,
      algorithms: ["RS256"],
      clockTolerance: 60,
      currentDate: now,
    });
    const email = typeof payload.email === "string" ? payload.email.trim().toLowerCase() : "";
    if (!email || email.length > 254 || !email.includes("@")) return { ok: false, kind: "unauthenticated", reason: "no_email" };
    return { ok: true, email };
  } catch (e) {
    if (e instanceof errors.JWTExpired) return { ok: false, kind: "unauthenticated", reason: "expired" };
    if (e instanceof errors.JWTClaimValidationFailed) return { ok: false, kind: "unauthenticated", reason: "claims" };
    if (e instanceof errors.JWKSNoMatchingKey) return { ok: false, kind: "unauthenticated", reason: "unknown_key" };
    if (e instanceof errors.JWSSignatureVerificationFailed) return { ok: false, kind: "unauthenticated", reason: "signature" };
    return { ok: false, kind: "unauthenticated", reason: "malformed" };
  }
}

export const SSO_REFUSED: Record<Exclude<SsoOutcome, { ok: true }>["reason"], string> = {
  expired: "Phiên đăng nhập một lần (SSO) đã hết hạn. Tải lại trang để đăng nhập lại.",
  claims: "Chứng thực đăng nhập một lần (SSO) không dành cho ứng dụng này.",
  signature: "Chứng thực đăng nhập một lần (SSO) có chữ ký không hợp lệ.",
  unknown_key: "Chứng thực đăng nhập một lần (SSO) được ký bằng khóa không rõ.",
  no_email: "Chứng thực đăng nhập một lần (SSO) không có địa chỉ e-mail.",
  malformed: "Chứng thực đăng nhập một lần (SSO) không hợp lệ.",
};
