import type { Child } from "hono/jsx";

export type FieldErrors = Record<string, string | undefined>;

/** A labelled input with its error message tied by aria-describedby. */
export function Field(props: {
  name: string;
  /** Defaults to `f-<name>`; a page with the same field in several forms names each. */
  id?: string;
  label: string;
  value?: string | number | null;
  type?: string;
  errors?: FieldErrors;
  required?: boolean;
  autocomplete?: string;
  inputmode?: "text" | "numeric" | "decimal" | "tel" | "email" | "search" | "url" | "none";
  maxlength?: number;
  hint?: string;
}) {
  const error = props.errors?.[props.name];
  const id = props.id ?? `f-${props.name}`;
  const describedBy = [error ? `${id}-error` : null, props.hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value === null || props.value === undefined ? "" : String(props.value)}
        required={props.required}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy}
      />
      {props.hint ? <small id={`${id}-hint`}>{props.hint}</small> : null}
      {error ? <p class="error-text" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
}

export function Select(props: { name: string; label: string; value?: string | number | null; options: { value: string | number; label: string }[]; errors?: FieldErrors; emptyLabel?: string }) {
  const error = props.errors?.[props.name];
  const id = `f-${props.name}`;
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} aria-invalid={error ? "true" : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {props.emptyLabel !== undefined ? <option value="">{props.emptyLabel}</option> : null}
        {props.options.map((o) => (
          <option value={String(o.value)} selected={String(o.value) === String(props.value ?? "")}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? <p class="error-text" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
}

export function FormError(props: { errors?: FieldErrors }) {
  const error = props.errors?.form;
  return error ? (
    <div class="alert error" role="alert">
      {error}
    </div>
  ) : null;
}

export function Csrf(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

/**
 * The form's one-time key (issue 14): a repeat of the same submission (double tap, retry, offline replay) returns the
 * first result instead of creating twice. A fresh key per render: a 422 re-render created nothing.
 */
export function FormKey(props: { value?: string }) {
  return <input type="hidden" name="_key" value={props.value ?? crypto.randomUUID()} />;
}

export function Card(props: { title?: string; children: Child }) {
  return (
    <section class="card">
      {props.title ? <h2>{props.title}</h2> : null}
      {props.children}
    </section>
  );
}
