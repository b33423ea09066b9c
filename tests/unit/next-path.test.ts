// Issue 17, finding 4: `next` after login was an open redirect ("/\t/evil.example" is "//evil.example" to a browser)
// and a 500 (CR/LF in a Location header). Only same-origin paths pass.
import { describe, expect, it } from "vitest";
import { safeNextPath } from "../../src/domain/next-path";

describe("safeNextPath", () => {
  it.each([
    ["/units/83", "/units/83"],
    ["/communes/28879/checklist?tab=2#c5", "/communes/28879/checklist?tab=2#c5"],
    ["/progress/83?q=%2F%2Fevil", "/progress/83?q=%2F%2Fevil"],
    ["/", "/"],
  ])("keeps the same-site path %j", (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it.each([
    ["undefined", undefined],
    ["empty", ""],
    ["protocol-relative", "//evil.example/phish"],
    ["absolute URL", "https://evil.example/phish"],
    ["javascript:", "javascript:alert(1)"],
    ["relative path", "units/83"],
    ["backslash", "/\\evil.example/phish"],
    ["backslash later", "/a\\..\\\\evil.example"],
    ["tab after the slash", "/\t/evil.example/phish"],
    ["newline after the slash", "/\n/evil.example/phish"],
    ["CR LF header injection", "/units\r\nSet-Cookie: a=b"],
    ["LF only", "/units\nx"],
    ["CR only", "/units\rx"],
    ["NUL", "/units\u0000"],
    ["DEL", "/units\u007f"],
    ["C1 control", "/units\u0085"],
    ["leading space", " /units"],
    ["space inside", "/a /b"],
    ["non-breaking space", "/a\u00a0b"],
    ["line separator", "/a\u2028b"],
    ["bidi override", "/a\u202eb"],
    ["zero-width space", "/\u200b/evil.example"],
    ["too long", "/" + "a".repeat(600)],
  ])("falls back to / for %s", (_name, next) => {
    expect(safeNextPath(next)).toBe("/");
  });
});
