import { describe, expect, it } from "vitest";
import { sourcesId } from "../../templates/components/checklist-indicator";

// The popover id of a set of unverified sources: hashed by index now, equal to the string-iterator version it replaced
// (kept here as the oracle), astral characters and lone surrogates included.
function byIterator(sources: { level: string; source: string }[]): string {
  let h = 2166136261;
  for (const ch of sources.map((s) => `${s.level}\u0000${s.source}`).join("\u0001")) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return `src-${(h >>> 0).toString(36)}`;
}

describe("sourcesId", () => {
  it("equals the string-iterator hash on 3,000 random source lists", () => {
    const alphabet = ["a", "Đ", "ệ", " ", "/", "😀", "\ud800", "\udc00", "QĐ-TTg", "\u0000"];
    let seed = 11;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const text = () => Array.from({ length: Math.floor(random() * 30) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
    for (let n = 0; n < 3_000; n++) {
      const sources = Array.from({ length: Math.floor(random() * 4) }, () => ({ level: text(), source: text() }));
      expect(sourcesId(sources)).toBe(byIterator(sources));
    }
  });
});
