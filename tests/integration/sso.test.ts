// SSO behind Cloudflare Access (issue 19): assertions signed with a local key pair, keys from a local JWKS endpoint
// (vitest.config.ts). Valid → a session of the e-mail's account; wrong audience, issuer, expired, unknown key → 401.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { SignJWT, generateKeyPair, importJWK, type JWK } from "jose";
import { Client, loggedIn, seededDb } from "../factories";

const ISSUER = "https://ntm-thu.cloudflareaccess.com";
const AUD = "ntm-thu-aud-0123456789";
const ssoEnv = { ...env, ACCESS_ISSUER: ISSUER, ACCESS_AUD: AUD } as Cloudflare.Env;

async function assertion(claims: { email?: string; iss?: string; aud?: string; expSeconds?: number } = {}, key?: { key: CryptoKey; kid: string }) {
  const jwk = JSON.parse(env.TEST_ACCESS_PRIVATE_JWK) as JWK & { kid: string };
  const signing = key ?? { key: (await importJWK(jwk, "RS256")) as CryptoKey, kid: jwk.kid };
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ email: claims.email ?? "lanhdao@vinhlong.gov.vn", type: "app" })
    .setProtectedHeader({ alg: "RS256", kid: signing.kid })
    .setIssuer(claims.iss ?? ISSUER)
    .setAudience(claims.aud ?? AUD)
    .setIssuedAt(now - 60)
    .setExpirationTime(now + (claims.expSeconds ?? 600))
    .setSubject("sub-1")
    .sign(signing.key);
}

const get = (client: Client, path: string, jwt: string) => client.fetch(path, { headers: { "Cf-Access-Jwt-Assertion": jwt } });

beforeAll(async () => {
  await seededDb();
  const admin = await loggedIn("admin");
  const res = await admin.post("/admin/sso", { email: "LanhDao@VinhLong.gov.vn", username: "lanhdao" });
  expect(res.status).toBe(200);
  expect((await admin.post("/admin/sso", { email: "admin@vinhlong.gov.vn", username: "admin" })).status).toBe(200);
});

describe("SSO", () => {
  it("a valid assertion logs the e-mail's account in: a session cookie, the pages as that account, an audit row", async () => {
    const client = new Client(ssoEnv);
    const res = await get(client, "/", await assertion());
    expect(res.status).toBe(200);
    expect(client.cookies.get("ntm_session")).toBeTruthy();
    expect(await res.text()).toContain("Lãnh đạo");
    // The session then works on its own (the password login is not needed).
    expect((await client.get("/progress/83")).status).toBe(200);
    const audit = await env.DB.prepare("select count(*) as n from audit_log where action = 'login.sso'").first<{ n: number }>();
    expect(audit!.n).toBeGreaterThan(0);
  });

  it("refuses wrong audience, wrong issuer, expired, unknown key and a forged signature with 401, and logs nobody in", async () => {
    const other = await generateKeyPair("RS256", { extractable: true });
    const cases: [string, string][] = [
      ["wrong audience", await assertion({ aud: "another-app" })],
      ["wrong issuer", await assertion({ iss: "https://khac.cloudflareaccess.com" })],
      ["expired", await assertion({ expSeconds: -300 })],
      ["unknown key", await assertion({}, { key: other.privateKey, kid: "khoa-la" })],
      ["forged signature (the known kid, another key)", await assertion({}, { key: other.privateKey, kid: "ntm-test-key" })],
      ["not a JWT", "abc.def.ghi"],
    ];
    for (const [label, jwt] of cases) {
      const client = new Client(ssoEnv);
      const res = await get(client, "/", jwt);
      expect(res.status, label).toBe(401);
      expect(await res.text(), label).toContain("SSO");
      expect(client.cookies.get("ntm_session"), label).toBeUndefined();
    }
  });

  it("an e-mail linked to no account falls back to the password login; without SSO settings the header is ignored", async () => {
    const client = new Client(ssoEnv);
    const res = await get(client, "/me/password", await assertion({ email: "nguoi.la@example.com" }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toContain("/login");
    const plain = new Client();
    expect((await get(plain, "/me/password", await assertion())).status).toBe(302);
    expect((await plain.login("lanhdao")).status).toBe(303);
  });

  it("admin pages can require SSO: a password session alone is refused, the admin's own assertion is let in", async () => {
    const strict = { ...ssoEnv, ADMIN_REQUIRE_SSO: "true" } as Cloudflare.Env;
    const byPassword = new Client(strict);
    expect((await byPassword.login("admin")).status).toBe(303);
    expect((await byPassword.get("/admin/users")).status).toBe(403);
    expect((await byPassword.get("/")).status).toBe(200);
    expect((await get(byPassword, "/admin/users", await assertion({ email: "lanhdao@vinhlong.gov.vn" }))).status).toBe(403);
    expect((await get(byPassword, "/admin/users", await assertion({ email: "admin@vinhlong.gov.vn" }))).status).toBe(200);
    const bySso = new Client(strict);
    expect((await get(bySso, "/admin/api-tokens", await assertion({ email: "admin@vinhlong.gov.vn" }))).status).toBe(200);
  });

  it("the admin links e-mails of the province's accounts only, once each", async () => {
    const admin = await loggedIn("admin");
    expect((await admin.post("/admin/sso", { email: "khong-phai-email", username: "lanhdao" })).status).toBe(422);
    expect((await admin.post("/admin/sso", { email: "lanhdao@vinhlong.gov.vn", username: "canbo" })).status).toBe(422);
    expect((await admin.post("/admin/sso", { email: "x@vinhlong.gov.vn", username: "khong.co.ai" })).status).toBe(422);
    expect((await admin.post("/admin/sso/unlink", { email: "x@vinhlong.gov.vn" })).status).toBe(404);
    expect((await admin.post("/admin/sso/unlink", { email: "lanhdao@vinhlong.gov.vn" })).status).toBe(200);
    const client = new Client(ssoEnv);
    expect((await get(client, "/me/password", await assertion())).status).toBe(302);
  });
});
