// VietQR (NAPAS 247) payload for a commune's NTM fund account, and the QR code as SVG. Pure.
import { BanksObject, QRPay } from "vietnam-qr-pay";
import { renderSVG } from "uqr";
import { fold } from "./text";

export type FundAccount = { bankBin: string; accountNumber: string; accountName: string };

/** Banks that take VietQR transfers, by short name (for the admin's select). */
export const VIETQR_BANKS: { bin: string; name: string }[] = Object.values(BanksObject)
  .filter((b) => b.vietQRStatus >= 0 && !b.deprecated && /^\d{6}$/.test(b.bin))
  .map((b) => ({ bin: b.bin, name: `${b.shortName} — ${b.name}` }))
  .sort((a, b) => a.name.localeCompare(b.name, "vi"));

export const bankName = (bin: string) => VIETQR_BANKS.find((b) => b.bin === bin)?.name ?? bin;

/**
 * The transfer reference pre-filled in the payer's banking app: ASCII, upper case, ≤ 25 characters
 * (many banking apps cut longer texts). "UNG HO NTM 28879".
 */
export function transferReference(communeCode: string, extra = ""): string {
  const text = fold(`ung ho ntm ${communeCode} ${extra}`).toUpperCase().replace(/[^A-Z0-9 ]/g, "");
  return text.slice(0, 25).trim();
}

/** The EMVCo string a banking app scans; static (no amount) unless an amount is given. */
export function vietQrPayload(account: FundAccount, reference: string, amount?: number): string {
  const qr = QRPay.initVietQR({
    bankBin: account.bankBin,
    bankNumber: account.accountNumber,
    purpose: reference,
    ...(amount ? { amount: String(amount), initMethod: "12" } : { initMethod: "11" }),
  });
  return qr.build();
}

/** Parses a payload back (tests, and a check that what we print scans to the configured account). */
export function readVietQr(payload: string) {
  const qr = new QRPay(payload);
  return { valid: qr.isValid, bankBin: qr.consumer.bankBin, accountNumber: qr.consumer.bankNumber, purpose: qr.additionalData.purpose, amount: qr.amount };
}

/** The QR code as an inline SVG element (rendered on the server, no script, no image request). */
export function qrSvg(payload: string): string {
  return renderSVG(payload, { ecc: "M", border: 2, pixelSize: 6 });
}
