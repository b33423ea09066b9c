// Idempotent creates at the request edge (issue 14): the form's one-time key (hidden field `_key`, or the
// Idempotency-Key header the offline queue sends) is looked up before creating; a key already used answers with the
// first result, a key used by someone else or for another form is refused (409), a new key is handed to the create,
// whose batch claims it. See src/services/idempotency.ts.
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { FORM_KEY, findFormKey, isKeyClash, type FormKeyRow, type KeyClaim } from "../services/idempotency";
import { renderError } from "./context";

export const FORM_KEY_FIELD = "_key";

/** The submitted key, if it looks like one. */
export async function submittedKey(c: Context<AppEnv>): Promise<string | null> {
  const header = c.req.header("Idempotency-Key");
  if (header) return FORM_KEY.test(header) ? header : null;
  const type = c.req.header("Content-Type") ?? "";
  if (!type.includes("application/x-www-form-urlencoded") && !type.includes("multipart/form-data")) return null;
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const key = body[FORM_KEY_FIELD];
  return typeof key === "string" && FORM_KEY.test(key) ? key : null;
}

export const REUSED_KEY = "Biểu mẫu này đã được gửi cho một mục khác. Vui lòng tải lại trang rồi nhập lại.";

/**
 * Runs `create` once per form key. `create` gets the claim to put in its batch (null when the request carries no
 * key); `replay` rebuilds the first response from the recorded result.
 */
export async function once(
  c: Context<AppEnv>,
  kind: string,
  create: (claim: KeyClaim | null) => Promise<Response>,
  replay: (result: string) => Response | Promise<Response>,
): Promise<Response> {
  const key = await submittedKey(c);
  const actorId = c.var.user?.actor.id;
  if (!key || actorId === undefined) return create(null);
  const claim: KeyClaim = { key, actorId, kind, target: c.req.path };
  const answer = (seen: FormKeyRow) => {
    if (seen.actorId !== claim.actorId || seen.kind !== claim.kind || seen.target !== claim.target) return renderError(c, 409, REUSED_KEY);
    c.header("X-Form-Replay", "1");
    return replay(seen.result);
  };
  const seen = await findFormKey(c.var.db, key);
  if (seen) return answer(seen);
  try {
    return await create(claim);
  } catch (error) {
    if (!isKeyClash(error)) throw error;
    const winner = await findFormKey(c.var.db, key);
    if (!winner) throw error;
    return answer(winner);
  }
}
