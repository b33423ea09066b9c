// Amounts in Vietnamese words for receipts ("Một triệu không trăm linh năm đồng"), via read-vietnamese-number.
// Pure: integer VND in, text out.
import { ReadingConfig, doReadNumber } from "read-vietnamese-number";

const config = new ReadingConfig();
config.unit = ["đồng"];
// Receipts in the South and in state accounting usually write "tỷ" and "linh" ("một trăm linh năm").
config.units = [[], ["nghìn"], ["triệu"], ["tỷ"]];
config.oddText = "linh";

/** 1005 → "Một nghìn không trăm linh năm đồng". Only non-negative integer VND (money is never fractional). */
export function amountInWords(amount: number): string {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`amountInWords: not a non-negative integer: ${amount}`);
  const text = doReadNumber(String(amount), config);
  return text.charAt(0).toLocaleUpperCase("vi") + text.slice(1);
}
