// The readable reference of /api/v1 (issue 19), rendered here from the OpenAPI document (no CDN, no script).
import { Page } from "../layouts/page";

type Schema = { type?: string | string[]; $ref?: string; properties?: Record<string, Schema>; required?: string[]; items?: Schema; enum?: unknown[]; anyOf?: Schema[]; description?: string; additionalProperties?: Schema | boolean };
type Param = { name: string; in: string; required?: boolean; schema?: Schema; description?: string };
type Operation = { summary?: string; tags?: string[]; parameters?: Param[]; requestBody?: { content: Record<string, { schema: Schema }> }; responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }> };
export type OpenApiDoc = { info: { title: string; version: string; description?: string }; paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };

/** A short type label: "string | null", "UnitList", "array<Unit>". */
export function typeLabel(s: Schema | undefined): string {
  if (!s) return "";
  if (s.$ref) return s.$ref.split("/").pop()!;
  if (s.anyOf) return s.anyOf.map(typeLabel).join(" | ");
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  const t = Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "any");
  if (s.type === "array") return `array<${typeLabel(s.items)}>`;
  if (s.type === "object" && s.additionalProperties && typeof s.additionalProperties === "object") return `object<string, ${typeLabel(s.additionalProperties)}>`;
  return t;
}

/** `code` spans of the description as <code>. */
function Inline(props: { text: string }) {
  return <>{props.text.split("`").map((part, i) => (i % 2 === 1 ? <code>{part}</code> : part))}</>;
}

function Description(props: { text: string }) {
  const blocks = props.text.split(/\n\n+/);
  return (
    <>
      {blocks.map((b) =>
        b.startsWith("## ") ? (
          <h2><Inline text={b.slice(3)} /></h2>
        ) : b.startsWith("- ") || b.includes("\n- ") ? (
          <ul>{b.split("\n").filter((l) => l.startsWith("- ")).map((l) => <li><Inline text={l.slice(2)} /></li>)}</ul>
        ) : (
          <p><Inline text={b} /></p>
        ),
      )}
    </>
  );
}

function Properties(props: { schema: Schema }) {
  const entries = Object.entries(props.schema.properties ?? {});
  if (entries.length === 0) return <p class="muted">{typeLabel(props.schema)}</p>;
  return (
    <table>
      <thead><tr><th scope="col">Trường</th><th scope="col">Kiểu</th><th scope="col">Bắt buộc</th><th scope="col">Mô tả</th></tr></thead>
      <tbody>
        {entries.map(([name, s]) => (
          <tr><td><code>{name}</code></td><td><code>{typeLabel(s)}</code></td><td>{props.schema.required?.includes(name) ? "có" : ""}</td><td>{s.description ?? ""}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

export function ApiReferencePage(props: { doc: OpenApiDoc }) {
  const { doc } = props;
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));
  return (
    <Page title="Tài liệu API v1" user={null} csrfToken="" wide>
      <h1>{doc.info.title} <small class="muted">{doc.info.version}</small></h1>
      <p><a href="/api/v1/openapi.json">Tài liệu OpenAPI 3.1 (JSON)</a></p>
      <Description text={doc.info.description ?? ""} />
      <h2>Đường dẫn</h2>
      <nav aria-label="Mục lục API">
        <ul>{ops.map((o) => <li><a href={`#${o.method}-${o.path}`}><code>{o.method} /api/v1{o.path}</code></a> — {o.op.summary}</li>)}</ul>
      </nav>
      {ops.map((o) => (
        <section id={`${o.method}-${o.path}`}>
          <h3><code>{o.method} /api/v1{o.path}</code></h3>
          <p>{o.op.summary}</p>
          {o.op.parameters?.length ? (
            <table>
              <caption>Tham số</caption>
              <thead><tr><th scope="col">Tên</th><th scope="col">Vị trí</th><th scope="col">Kiểu</th><th scope="col">Bắt buộc</th><th scope="col">Mô tả</th></tr></thead>
              <tbody>{o.op.parameters.map((p) => <tr><td><code>{p.name}</code></td><td>{p.in}</td><td><code>{typeLabel(p.schema)}</code></td><td>{p.required ? "có" : ""}</td><td>{p.description ?? p.schema?.description ?? ""}</td></tr>)}</tbody>
            </table>
          ) : null}
          {o.op.requestBody ? <p>Nội dung gửi: {Object.entries(o.op.requestBody.content).map(([type, c]) => <code>{`${type} ${typeLabel(c.schema)}`}</code>)}</p> : null}
          <ul>
            {Object.entries(o.op.responses).map(([status, r]) => (
              <li><strong>{status}</strong> {r.description}{r.content ? <> — {Object.entries(r.content).map(([type, c]) => <code>{`${type} ${typeLabel(c.schema)}`}</code>)}</> : null}</li>
            ))}
          </ul>
        </section>
      ))}
      <h2>Kiểu dữ liệu</h2>
      {Object.entries(doc.components?.schemas ?? {}).map(([name, s]) => (
        <section id={`schema-${name}`}>
          <h3><code>{name}</code></h3>
          {s.description ? <p>{s.description}</p> : null}
          <Properties schema={s} />
        </section>
      ))}
    </Page>
  );
}
