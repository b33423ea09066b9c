// One rule for views, checked on the sources: templates import nothing from services or routes (what they show
// is typed in src/web/<feature>-view.ts or src/domain), and code in src/ takes only components (and their prop
// types) from templates, never a helper or a constant (those live in src/web or src/domain). One home for form
// schemas: src/domain/<feature>-forms.ts, never a route.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";

type Import = { file: string; target: string; typeOnly: boolean; names: { name: string; typeOnly: boolean }[] };

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.(ts|tsx)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Every `import … from "…"` and `export … from "…"` of a file, its target resolved to a repository path. */
export function importsOf(file: string, text = readFileSync(file, "utf8")): Import[] {
  const out: Import[] = [];
  const re = /^\s*(?:import|export)\s+(type\s+)?([^;]*?)\s*from\s*["']([^"']+)["']/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[3];
    const target = spec.startsWith(".") ? normalize(join(dirname(file), spec)) : spec;
    const braces = /\{([\s\S]*)\}/.exec(m[2]);
    const names = (braces ? braces[1].split(",") : [m[2]])
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => ({ typeOnly: s.startsWith("type "), name: s.replace(/^type\s+/, "").split(/\s+as\s+/)[0].trim() }));
    out.push({ file: relative(".", file), target, typeOnly: !!m[1], names });
  }
  return out;
}

const isComponent = (name: string) => /^[A-Z][a-z0-9]\w*$/.test(name) && !/^[A-Z0-9_]+$/.test(name);

/** Template files that import from src/services or src/routes. */
export const templateViolations = (imports: Import[]) =>
  imports.filter((i) => /^(src\/services|src\/routes)(\/|$)/.test(i.target)).map((i) => `${i.file} → ${i.target}`);

/** Values other than components that src/ imports from templates/. */
export const helperViolations = (imports: Import[]) =>
  imports
    .filter((i) => i.target.startsWith("templates/") && !i.typeOnly)
    .flatMap((i) => i.names.filter((n) => !n.typeOnly && !isComponent(n.name)).map((n) => `${i.file}: ${n.name} ← ${i.target}`));

describe("views: one direction of imports", () => {
  it("finds an import of a service in a template and a helper taken from a template (the check itself)", () => {
    const tpl = importsOf("templates/pages/x.tsx", 'import type { Row } from "../../src/services/ledger";\nimport {\n  Page,\n  type LayoutUser,\n} from "../layouts/page";');
    expect(templateViolations(tpl)).toEqual(["templates/pages/x.tsx → src/services/ledger"]);
    const route = importsOf("src/routes/x.tsx", 'import { Page, STATUS_LABELS, withQuery, type Query } from "../../templates/pages/x";\nimport type { Y } from "../../templates/pages/y";');
    expect(helperViolations(route)).toEqual(["src/routes/x.tsx: STATUS_LABELS ← templates/pages/x", "src/routes/x.tsx: withQuery ← templates/pages/x"]);
  });

  it("templates import nothing from src/services or src/routes", () => {
    expect(templateViolations(sources("templates").flatMap((f) => importsOf(f)))).toEqual([]);
  });

  it("routes declare no zod schema: each feature's schemas live in src/domain/<feature>-forms.ts", () => {
    const zodInRoutes = sources("src/routes").flatMap((f) => importsOf(f)).filter((i) => i.target === "zod" && !i.typeOnly).map((i) => i.file);
    expect(zodInRoutes).toEqual([]);
  });

  it("src/ takes only components and their prop types from templates, never a helper", () => {
    expect(helperViolations(sources("src").flatMap((f) => importsOf(f)))).toEqual([]);
  });
});
