// Shared bits of the recognition dossier views: level names, the dossier URL, field error text.
import { levelName } from "../../src/web/progress-view";

export { levelName };

export type Errors = Record<string, string | undefined>;

export const dossierBase = (id: number) => `/dossiers/${id}`;

export function FieldError(props: { id: string; error?: string }) {
  return props.error ? (
    <p class="error-text" id={`${props.id}-error`}>
      {props.error}
    </p>
  ) : null;
}
