// Form fields with ids, hints and errors tied by aria-describedby (feedback, visits, assignments, admin forms).
import type { FieldErrors } from "./form";
import { formatDate } from "../../src/domain/format";

export type Option = { value: number | string; label: string };
export type Values = Record<string, string>;

export function Err(props: { id: string; error?: string }) {
  return props.error ? (
    <p class="error-text" id={`${props.id}-error`}>
      {props.error}
    </p>
  ) : null;
}

const inv = (errors: FieldErrors | undefined, name: string) => (errors?.[name] ? "field invalid" : "field");
const describedBy = (errors: FieldErrors | undefined, name: string, id: string) => (errors?.[name] ? `${id}-error` : undefined);

export function SelectField(props: { name: string; label: string; value?: string; options: Option[]; errors?: FieldErrors; empty?: string; hint?: string; required?: boolean; id?: string }) {
  const id = props.id ?? `f-${props.name}`;
  return (
    <div class={inv(props.errors, props.name)}>
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} required={props.required} aria-invalid={props.errors?.[props.name] ? "true" : undefined} aria-describedby={describedBy(props.errors, props.name, id)}>
        {props.empty !== undefined ? <option value="">{props.empty}</option> : null}
        {props.options.map((o) => (
          <option value={String(o.value)} selected={String(o.value) === (props.value ?? "")}>
            {o.label}
          </option>
        ))}
      </select>
      {props.hint ? <small>{props.hint}</small> : null}
      <Err id={id} error={props.errors?.[props.name]} />
    </div>
  );
}

export function TextField(props: {
  name: string;
  label: string;
  value?: string;
  errors?: FieldErrors;
  type?: string;
  maxlength?: number;
  hint?: string;
  required?: boolean;
  rows?: number;
  min?: string;
  max?: string;
  id?: string;
  inputmode?: "numeric" | "text";
  placeholder?: string;
}) {
  const id = props.id ?? `f-${props.name}`;
  const common = {
    id,
    name: props.name,
    required: props.required,
    maxlength: props.maxlength,
    "aria-invalid": props.errors?.[props.name] ? "true" : undefined,
    "aria-describedby": [describedBy(props.errors, props.name, id), props.hint ? `${id}-hint` : undefined].filter(Boolean).join(" ") || undefined,
  };
  return (
    <div class={inv(props.errors, props.name)}>
      <label for={id}>{props.label}</label>
      {props.rows ? (
        <textarea {...common} rows={props.rows}>
          {props.value ?? ""}
        </textarea>
      ) : (
        <input {...common} type={props.type ?? "text"} value={props.value ?? ""} min={props.min} max={props.max} inputmode={props.inputmode} placeholder={props.placeholder} />
      )}
      {props.hint ? <small id={`${id}-hint`}>{props.hint}</small> : null}
      <Err id={id} error={props.errors?.[props.name]} />
    </div>
  );
}

/** A date typed as dd/mm/yyyy (ISO values are shown that way; what the user typed is kept as typed). */
export const showDate = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : v ?? "");

export function DateField(props: { name: string; label: string; value?: string; errors?: FieldErrors; hint?: string; required?: boolean; id?: string }) {
  return <TextField {...props} label={`${props.label} (dd/mm/yyyy)`} value={showDate(props.value)} inputmode="numeric" maxlength={10} placeholder="dd/mm/yyyy" />;
}
