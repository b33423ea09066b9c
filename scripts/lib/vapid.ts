// VAPID keys for Web Push (issue 18): a P-256 key pair; the public key as the uncompressed point (base64url, what
// browsers take as applicationServerKey), the private key as its JWK "d" (base64url).
export async function generateVapidKeys(): Promise<{ publicKey: string; privateKey: string }> {
  const pair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const raw = new Uint8Array((await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer);
  const jwk = (await crypto.subtle.exportKey("jwk", pair.privateKey)) as JsonWebKey;
  return { publicKey: Buffer.from(raw).toString("base64url"), privateKey: jwk.d! };
}
