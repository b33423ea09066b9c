// Channel adapters (issue 18) behind one interface: each turns a rendered message into one HTTP request to its
// provider and classifies the answer (sent; transient → retry with backoff; permanent → give up now).
// Provider base URLs come from env vars, so tests and `npm start` point them at the local stand-in.
import type { Channel, EventKind, Params } from "../../domain/notify";
import { zalo } from "./zalo";
import { email } from "./email";
import { push } from "./push";

/** The configuration the adapters read (wrangler.toml [vars] and secrets; see README "Reaching people"). */
export type NotifyConfig = {
  /** Zalo ZNS: base URL (default https://business.openapi.zalo.me), the OA's access token (secret), template ids per kind (JSON). */
  ZALO_API_BASE?: string;
  ZALO_OA_TOKEN?: string;
  ZALO_TEMPLATE_IDS?: string;
  /** E-mail: provider ("resend" or "brevo"), its base URL (default the provider's), API key (secret), sender. */
  EMAIL_PROVIDER?: string;
  EMAIL_API_BASE?: string;
  EMAIL_API_KEY?: string;
  EMAIL_FROM?: string;
  /** Web Push: VAPID keys (`npm run vapid:keys`; the private one is a secret) and contact. */
  VAPID_PUBLIC_KEY?: string;
  VAPID_PRIVATE_KEY?: string;
  VAPID_SUBJECT?: string;
};

export type Contact = { address: string; keys: { p256dh: string; auth: string } | null };
export type Outgoing = { kind: EventKind; subject: string; body: string; params: Params; trackingId: string };
export type SendResult = { ok: true } | { ok: false; transient: boolean; status: number; retryAfter: number | null; reason: string };

export interface ChannelAdapter {
  send(to: Contact, message: Outgoing, config: NotifyConfig): Promise<SendResult>;
}

export const ADAPTERS: Record<Channel, ChannelAdapter> = { zalo, email, push };

/** Classifies a provider's HTTP answer: 429 and 5xx are transient, other 4xx permanent. */
export async function httpResult(res: Response, what: string): Promise<SendResult> {
  if (res.ok) return { ok: true };
  const text = (await res.text().catch(() => "")).slice(0, 200);
  const retryAfter = Number(res.headers.get("Retry-After"));
  const transient = res.status === 429 || res.status >= 500;
  const reason = res.status === 429 ? `${what}: quá nhiều yêu cầu (429), gửi lại sau` : `${what}: lỗi ${res.status}${text ? ` — ${text}` : ""}`;
  return { ok: false, transient, status: res.status, retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null, reason };
}

/** A network failure (provider unreachable) is transient. */
export const networkFailure = (what: string, error: unknown): SendResult => ({ ok: false, transient: true, status: 0, retryAfter: null, reason: `${what}: không kết nối được (${String((error as Error)?.message ?? error).slice(0, 120)})` });

export const notConfigured = (what: string): SendResult => ({ ok: false, transient: false, status: 0, retryAfter: null, reason: `${what}: chưa cấu hình` });
