// Vietnamese text folding for search: "duong" finds "Đường", "nguyen" finds "Nguyễn".

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** NFC, then NFD, strip combining marks, đ/Đ → d, lowercase, collapse spaces. */
export function fold(text: string): string {
  if (text.length > FOLD_KEPT_LENGTH) return foldNow(text);
  let folded = folds.get(text);
  if (folded === undefined) {
    if (folds.size >= FOLDS_KEPT) folds.clear();
    folds.set(text, (folded = foldNow(text)));
  }
  return folded;
}

/** Folds of the isolate's recent short texts (unit names, sorted on every progress page): a pure function, so
 * nothing to forget between test files; bounded, cleared when full. */
const folds = new Map<string, string>();
const FOLDS_KEPT = 5_000;
const FOLD_KEPT_LENGTH = 120;

function foldNow(text: string): string {
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

/**
 * Characters a name or title never needs and that make text lie about itself: C0/C1 controls (tab, LF, CR aside:
 * multi-line fields keep them), zero-width and direction marks (U+200B–U+200F, U+061C), line/paragraph separators and
 * bidi embeddings/overrides (U+2028–U+202E), bidi isolates (U+2066–U+2069), the BOM / zero-width no-break space.
 */
export const HIDDEN_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;

/** The one check every text field's schema uses (zod `.refine(noHiddenChars, message)`). */
export const noHiddenChars = (s: string): boolean => !HIDDEN_CHARS.test(s);

/** A stored link as an href only when it is a web address (http/https); anything else (javascript:, data:…) shows as text. */
export const webHref = (link: string | null | undefined): string | null => (link && /^https?:\/\//i.test(link.trim()) ? link.trim() : null);
