import { describe, expect, it } from "vitest";
import { amountInWords } from "../../src/domain/amount-words";

describe("amountInWords", () => {
  const cases: [number, string][] = [
    [0, "Không đồng"],
    [5, "Năm đồng"],
    [15, "Mười lăm đồng"],
    [21, "Hai mươi mốt đồng"],
    [105, "Một trăm linh năm đồng"],
    [1_000_005, "Một triệu không trăm linh năm đồng"],
    [1_005_000, "Một triệu không trăm linh năm nghìn đồng"],
    [30_000_000, "Ba mươi triệu đồng"],
    [1_000_000_000, "Một tỷ đồng"],
    [2_100_000_000, "Hai tỷ một trăm triệu đồng"],
    [89_000_000, "Tám mươi chín triệu đồng"],
  ];
  for (const [amount, words] of cases) it(`${amount} → ${words}`, () => expect(amountInWords(amount)).toBe(words));

  it("refuses negative, fractional and unsafe numbers", () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2]) expect(() => amountInWords(bad)).toThrow(RangeError);
  });
});
