// zod validation for forms and queries: failures become field errors in Vietnamese and a 422.
import type { Context, ValidationTargets } from "hono";
import type { AppEnv } from "../env";
import { zValidator } from "@hono/zod-validator";
import { z } from "zod";
import { fieldErrors } from "../domain/form-fields";
import { vi } from "zod/locales";
import { noHiddenChars } from "../domain/text";

z.config(vi());

export type FieldErrors = Record<string, string>;

/**
 * zValidator whose failure calls `invalid` with field errors and the raw submitted values,
 * so the route re-renders its form partial (status 422) with what the user typed.
 * `schema` may be built per request (`(c) => schema`) when a rule needs the request, e.g. today's date.
 */
export function validate<T extends keyof ValidationTargets, S extends z.ZodType>(
  target: T,
  schema: S | ((c: Context<AppEnv>) => S),
  invalid: (c: Context<AppEnv>, errors: FieldErrors, raw: Record<string, string>) => Response | Promise<Response>,
) {
  const build = (s: S) =>
    zValidator(target, s, async (result, c) => {
      if (result.success) return;
      const raw: Record<string, string> = {};
      const data = (result as { data?: unknown }).data;
      if (data && typeof data === "object") {
        for (const [k, v] of Object.entries(data)) if (typeof v === "string") raw[k] = v;
      }
      return invalid(c as unknown as Context<AppEnv>, fieldErrors(result.error as unknown as z.ZodError), raw);
    });
  if (typeof schema !== "function") return build(schema);
  const perRequest: ReturnType<typeof build> = async (c, next) => build(schema(c as unknown as Context<AppEnv>))(c, next);
  return perRequest;
}

/** A trimmed text field with Vietnamese messages for empty and too long. */
export const text = (max: number, requiredMessage?: string) => {
  const base = z.string().trim().max(max, `Tối đa ${max} ký tự.`);
  return requiredMessage ? base.min(1, requiredMessage) : base;
};

/** Strings with control, invisible or bidi-override characters (tab and newlines aside) are refused: see HIDDEN_CHARS. */
export const noControlChars = noHiddenChars;

/** `key` when it is one of the record's own keys ("__proto__", "constructor" and absent keys are not): for filters read from a query. */
export function ownKey<T extends object>(record: T, key: string | undefined): (keyof T & string) | undefined {
  return key !== undefined && Object.hasOwn(record, key) ? (key as keyof T & string) : undefined;
}
