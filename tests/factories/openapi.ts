// Contract checks for /api/v1 (issue 19): a response validated against the served OpenAPI 3.1 document. A small
// JSON Schema subset validator (what zod-openapi emits: type, properties, required, items, enum, const, anyOf,
// oneOf, allOf, $ref, additionalProperties, pattern, min/max): ajv compiles code with `new Function`, which workerd refuses.
import { env } from "cloudflare:workers";
import { app } from "../../src/index";

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
};
export type OpenApiDoc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }> }>>; components: { schemas: Record<string, JsonSchema> } };

const typeOf = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v === "number" ? (Number.isInteger(v) ? "integer" : "number") : typeof v);

/** Problems of `value` against `schema` (empty when valid), with JSON paths. */
export function validate(doc: OpenApiDoc, schema: JsonSchema, value: unknown, path = "$"): string[] {
  if (schema.$ref) return validate(doc, doc.components.schemas[schema.$ref.replace("#/components/schemas/", "")] ?? {}, value, path);
  if (schema.anyOf || schema.oneOf) {
    const options = (schema.anyOf ?? schema.oneOf)!;
    return options.some((s) => validate(doc, s, value, path).length === 0) ? [] : [`${path}: matches none of ${options.length} alternatives`];
  }
  const problems: string[] = [];
  for (const s of schema.allOf ?? []) problems.push(...validate(doc, s, value, path));
  if (schema.type) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const t = typeOf(value);
    if (!types.includes(t) && !(t === "integer" && types.includes("number"))) return [...problems, `${path}: ${t}, expected ${types.join("|")}`];
  }
  if (schema.enum && !schema.enum.includes(value)) problems.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (schema.const !== undefined && schema.const !== value) problems.push(`${path}: not ${JSON.stringify(schema.const)}`);
  if (typeof value === "string") {
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) problems.push(`${path}: does not match ${schema.pattern}`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) problems.push(`${path}: longer than ${schema.maxLength}`);
    if (schema.minLength !== undefined && value.length < schema.minLength) problems.push(`${path}: shorter than ${schema.minLength}`);
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${path}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${path}: above ${schema.maximum}`);
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => problems.push(...validate(doc, schema.items!, v, `${path}[${i}]`)));
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in obj)) problems.push(`${path}.${key}: missing`);
    for (const [key, v] of Object.entries(obj)) {
      const prop = schema.properties?.[key];
      if (prop) problems.push(...validate(doc, prop, v, `${path}.${key}`));
      else if (schema.additionalProperties === false) problems.push(`${path}.${key}: not in the schema`);
      else if (typeof schema.additionalProperties === "object") problems.push(...validate(doc, schema.additionalProperties, v, `${path}.${key}`));
    }
  }
  return problems;
}

/** "/communes/{code}/checklist" for a concrete "/api/v1/communes/28879/checklist?on=…". */
export function documentedPath(doc: OpenApiDoc, url: string): string | null {
  const path = new URL(url, "http://x").pathname.replace(/^\/api\/v1/, "");
  for (const template of Object.keys(doc.paths)) {
    const re = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    if (re.test(path)) return template;
  }
  return null;
}

let cached: OpenApiDoc | null = null;
export async function openApiDoc(): Promise<OpenApiDoc> {
  cached ??= (await (await app.request("/api/v1/openapi.json", {}, env)).json()) as OpenApiDoc;
  return cached;
}

/** Problems of one response against the document: its path, method, status and (JSON) body. */
export async function contractProblems(method: string, url: string, res: Response): Promise<string[]> {
  const doc = await openApiDoc();
  const template = documentedPath(doc, url);
  const where = `${method} ${url} → ${res.status}`;
  if (!template) return [`${where}: path not in the document`];
  const op = doc.paths[template][method.toLowerCase()];
  if (!op) return [`${where}: method not in the document`];
  const response = op.responses[String(res.status)];
  if (!response) return [`${where}: status not in the document`];
  const type = (res.headers.get("Content-Type") ?? "").split(";")[0];
  const content = response.content?.[type];
  if (!content) return [`${where}: content type ${type} not in the document`];
  if (type !== "application/json") return [];
  const body = await res.clone().json();
  return validate(doc, content.schema, body).map((p) => `${where}: ${p}`);
}
