// PBKDF2-SHA256 password hashing with WebCrypto. Workers caps PBKDF2 at 100,000 iterations.
// Every stored hash carries its iteration count, so verification always uses the count it was made with.
export const PBKDF2_ITERATIONS = 100_000;
/** Test strength: only where ENVIRONMENT is "test" (the vitest binding), so the suite does not spend minutes hashing. */
export const TEST_PBKDF2_ITERATIONS = 1_000;

/** The iteration count new hashes get in an environment: production strength everywhere except ENVIRONMENT=test. */
export const iterationsFor = (environment: string | undefined): number => (environment === "test" ? TEST_PBKDF2_ITERATIONS : PBKDF2_ITERATIONS);

let defaultIterations = PBKDF2_ITERATIONS;

/** Called once by the test setup with the binding's ENVIRONMENT; nothing else calls it, so the default stays 100,000. */
export function useHashStrengthFor(environment: string | undefined): void {
  defaultIterations = iterationsFor(environment);
}

/** The iteration count `hashPassword` uses by default (also the cost of the dummy check for unknown accounts). */
export const hashIterations = (): number => defaultIterations;

const encoder = new TextEncoder();

export const toHex = (bytes: ArrayBuffer | Uint8Array): string =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

const fromHex = (hex: string): Uint8Array => new Uint8Array((hex.match(/../g) ?? []).map((h) => parseInt(h, 16)));

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(password.normalize("NFC")), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256);
  return toHex(bits);
}

export async function hashPassword(password: string, iterations = defaultIterations) {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return { hash: await derive(password, salt, iterations), salt: toHex(salt), iterations };
}

export async function verifyPassword(password: string, stored: { hash: string; salt: string; iterations: number }): Promise<boolean> {
  const candidate = await derive(password, fromHex(stored.salt), stored.iterations);
  return timingSafeEqual(candidate, stored.hash);
}

export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export function randomToken(bytes = 32): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function sha256Hex(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}
