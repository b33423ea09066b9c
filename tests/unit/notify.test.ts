// Reaching people (issue 18), the pure rules: backoff, quiet hours (Vietnam time, across midnight), phone and
// e-mail checks, the templates (Vietnamese, one per event kind) and which in-app kinds go out.
import { describe, expect, it } from "vitest";
import { EVENT_KINDS, SAMPLE_PARAMS, TEMPLATES, backoffSeconds, eventKindOf, isEmail, maskAddress, quietDelaySeconds, zaloPhone } from "../../src/domain/notify";

describe("notify rules", () => {
  it("backs off exponentially, longer after a 429, honouring Retry-After, capped at 12 h", () => {
    expect([1, 2, 3, 4].map((a) => backoffSeconds(a, 500, 30, null))).toEqual([30, 60, 120, 240]);
    expect(backoffSeconds(1, 429, 30, null)).toBe(120);
    expect(backoffSeconds(1, 429, 30, 600)).toBe(600);
    expect(backoffSeconds(20, 500, 30, null)).toBe(43_200);
  });

  it("quiet hours 22:00–06:00 Vietnam time delay to 06:00; outside them, no delay", () => {
    expect(quietDelaySeconds(new Date("2026-12-01T16:00:00Z"), "22:00", "06:00")).toBe(7 * 3600); // 23:00
    expect(quietDelaySeconds(new Date("2026-12-01T22:30:00Z"), "22:00", "06:00")).toBe(30 * 60); // 05:30
    expect(quietDelaySeconds(new Date("2026-12-01T03:00:00Z"), "22:00", "06:00")).toBe(0); // 10:00
    expect(quietDelaySeconds(new Date("2026-12-01T05:30:00Z"), "12:00", "13:30")).toBe(3600); // 12:30, same-day window
    expect(quietDelaySeconds(new Date("2026-12-01T16:00:00Z"), null, null)).toBe(0);
  });

  it("accepts Vietnamese mobile numbers in their usual spellings; refuses others", () => {
    expect(zaloPhone("0912 345 678")).toBe("84912345678");
    expect(zaloPhone("+84 912.345.678")).toBe("84912345678");
    expect(zaloPhone("0212345678")).toBeNull();
    expect(zaloPhone("12345")).toBeNull();
    expect(isEmail("so.nn@vinhlong.gov.vn")).toBe(true);
    expect(isEmail("khong-phai-thu")).toBe(false);
    expect(maskAddress("zalo", "84912345678")).toBe("0912 *** 678");
    expect(maskAddress("email", "so.nn@vinhlong.gov.vn")).toBe("so***@vinhlong.gov.vn");
  });

  it("has a Vietnamese template for every event kind; only the listed in-app kinds go out", () => {
    for (const kind of EVENT_KINDS) {
      expect(TEMPLATES[kind].subject(SAMPLE_PARAMS).length).toBeGreaterThan(5);
      expect(TEMPLATES[kind].body(SAMPLE_PARAMS).length).toBeGreaterThan(20);
    }
    expect(TEMPLATES.verify.body(SAMPLE_PARAMS)).toContain("123456");
    expect(TEMPLATES.digest.body(SAMPLE_PARAMS)).toContain("tiếp nhận 12 phản ánh");
    expect(eventKindOf("feedback.reroute")).toBe("routed");
    expect(eventKindOf("feedback.flag100")).toBe("flag100");
    expect(eventKindOf("feedback.comment")).toBeNull();
  });
});
