// Issue 14: what a full-page form posted after the session expired carries through the login page.
import { describe, expect, it } from "vitest";
import { carryOf, parseCarry, CARRY_MAX } from "../../src/domain/carried-form";

describe("carried forms", () => {
  it("keeps the text fields, drops the old CSRF token and passwords, and round-trips through JSON", () => {
    const carried = carryOf("/communes/28879/indicators/7", { _csrf: "old", _key: "k-0123456789abcdef", value: "42", evidenceNote: "Biên bản", password: "x", tags: ["a", "b"] });
    expect(carried).toEqual({ action: "/communes/28879/indicators/7", fields: [["_key", "k-0123456789abcdef"], ["value", "42"], ["evidenceNote", "Biên bản"], ["tags", "a"], ["tags", "b"]] });
    expect(parseCarry(JSON.stringify(carried))).toEqual(carried);
  });

  it("refuses another site, the login and logout forms, malformed or oversized input", () => {
    expect(carryOf("//evil.example/x", { a: "b" })).toBeNull();
    expect(carryOf("/x", { a: "Đ".repeat(CARRY_MAX) })).toBeNull();
    for (const bad of [
      JSON.stringify({ action: "//evil.example", fields: [] }),
      JSON.stringify({ action: "https://evil.example/", fields: [] }),
      JSON.stringify({ action: "/login", fields: [] }),
      JSON.stringify({ action: "/x", fields: [["_csrf", "t"]] }),
      JSON.stringify({ action: "/x", fields: [["a", 1]] }),
      "{not json",
      undefined,
    ]) {
      expect(parseCarry(bad)).toBeNull();
    }
  });
});
