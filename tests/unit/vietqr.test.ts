import { describe, expect, it } from "vitest";
import { VIETQR_BANKS, bankName, qrSvg, readVietQr, transferReference, vietQrPayload } from "../../src/domain/vietqr";

const account = { bankBin: "970405", accountNumber: "7100205123456", accountName: "UBND XA VINH BINH" };

describe("VietQR", () => {
  it("lists banks with 6-digit BINs, Agribank among them", () => {
    expect(VIETQR_BANKS.length).toBeGreaterThan(30);
    expect(VIETQR_BANKS.every((b) => /^\d{6}$/.test(b.bin))).toBe(true);
    expect(bankName("970405")).toContain("Agribank");
  });
  it("builds a static payload that reads back to the account and reference", () => {
    const reference = transferReference("28879");
    expect(reference).toBe("UNG HO NTM 28879");
    const payload = vietQrPayload(account, reference);
    expect(payload.startsWith("000201")).toBe(true);
    expect(payload).toContain("A000000727");
    expect(readVietQr(payload)).toMatchObject({ valid: true, bankBin: "970405", accountNumber: "7100205123456", purpose: "UNG HO NTM 28879" });
  });
  it("puts an amount in a dynamic payload, and keeps the reference ASCII and ≤ 25 characters", () => {
    expect(readVietQr(vietQrPayload(account, "X", 50_000)).amount).toBe("50000");
    const long = transferReference("28879", "Ấp Vĩnh Thạnh làm đường bê tông");
    expect(long.length).toBeLessThanOrEqual(25);
    expect(long).toMatch(/^[A-Z0-9 ]+$/);
  });
  it("renders an SVG QR code", () => {
    const svg = qrSvg(vietQrPayload(account, "UNG HO NTM 28879"));
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("</svg>");
    expect(svg).not.toContain("<script");
  });
});
