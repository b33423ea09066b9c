// Markup written as strings where a page repeats an element hundreds of times (table rows, map shapes, chart bars,
// indicator blocks): hono/jsx building a node per element was most of those pages' rendering CPU (issue 20). Same
// output as hono/jsx: its own escaping, attributes in the given order, undefined ones left out, a closing tag always.

import { escapeToBuffer } from "hono/utils/html";

/** `text` escaped as hono/jsx escapes text and attribute values. */
export function escaped(text: string): string {
  const buffer = [""];
  escapeToBuffer(text, buffer);
  return buffer[0];
}

/** `<tag a="…">inner</tag>` as hono/jsx writes it; `inner` is markup (escape text with `escaped`). */
export function element(tag: string, attrs: Record<string, string | number | undefined>, inner = ""): string {
  let html = `<${tag}`;
  for (const name in attrs) {
    const value = attrs[name];
    if (value !== undefined) html += ` ${name}="${typeof value === "number" ? value : escaped(value)}"`;
  }
  return `${html}>${inner}</${tag}>`;
}
