// Vietnamese text folding for search: "duong" finds "Đường", "nguyen" finds "Nguyễn".

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** NFC, then NFD, strip combining marks, đ/Đ → d, lowercase, collapse spaces. */
export function fold(text: string): string {
  return text
    .normalize("NFC")
    .normalize("NFD")
    .replace(COMBINING_MARKS, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Every word-start suffix of the folded name, so a prefix search finds "cho lach" in "huyen cho lach". */
export function searchTerms(name: string): string[] {
  const words = fold(name).split(" ").filter(Boolean);
  return words.map((_, i) => words.slice(i).join(" "));
}

/** Upper bound for a prefix range query: every string starting with `prefix` sorts below it. */
export function prefixUpperBound(prefix: string): string {
  return prefix + "\uffff";
}

const collator = new Intl.Collator("vi");
export const compareVi = (a: string, b: string): number => collator.compare(a, b);
