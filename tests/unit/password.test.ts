// Production strength is the default: only ENVIRONMENT=test (the vitest binding) lowers the count.
import { describe, expect, it } from "vitest";
import { PBKDF2_ITERATIONS, hashIterations, hashPassword, iterationsFor, verifyPassword } from "../../src/auth/password";

describe("password hashing strength outside ENVIRONMENT=test", () => {
  it("uses 100,000 iterations for production, development and an unset environment", () => {
    expect(PBKDF2_ITERATIONS).toBe(100_000);
    for (const environment of ["production", "development", undefined, "", "TEST", "testing"]) expect(iterationsFor(environment)).toBe(100_000);
    expect(iterationsFor("test")).toBeLessThan(100_000);
  });

  it("hashes new passwords at 100,000 iterations by default (no test hook called) and verifies them", async () => {
    expect(hashIterations()).toBe(100_000);
    const hashed = await hashPassword("demo-ntm-2026");
    expect(hashed.iterations).toBe(100_000);
    expect(hashed.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyPassword("demo-ntm-2026", hashed)).toBe(true);
    expect(await verifyPassword("demo-ntm-2027", hashed)).toBe(false);
  });
});
