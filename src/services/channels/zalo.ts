// Zalo ZNS: POST {base}/message/template with the OA's access token; phone 84xxxxxxxxx, the approved template's id
// and its parameters. Zalo answers 200 with {error: 0} on success; a non-zero error is a refusal.
import { httpResult, networkFailure, notConfigured, type ChannelAdapter } from "./index";

export const zalo: ChannelAdapter = {
  async send(to, message, config) {
    if (!config.ZALO_OA_TOKEN) return notConfigured("Zalo ZNS");
    const ids = JSON.parse(config.ZALO_TEMPLATE_IDS || "{}") as Record<string, string>;
    const templateId = ids[message.kind];
    if (!templateId) return notConfigured(`Zalo ZNS (mẫu tin “${message.kind}”)`);
    const base = (config.ZALO_API_BASE || "https://business.openapi.zalo.me").replace(/\/$/, "");
    let res: Response;
    try {
      res = await fetch(`${base}/message/template`, {
        method: "POST",
        headers: { "Content-Type": "application/json", access_token: config.ZALO_OA_TOKEN },
        body: JSON.stringify({ phone: to.address, template_id: templateId, template_data: { ...message.params, noi_dung: message.body }, tracking_id: message.trackingId }),
      });
    } catch (error) {
      return networkFailure("Zalo ZNS", error);
    }
    const result = await httpResult(res.clone(), "Zalo ZNS");
    if (!result.ok) return result;
    const answer = (await res.json().catch(() => ({}))) as { error?: number; message?: string };
    if (answer.error && answer.error !== 0) return { ok: false, transient: false, status: res.status, retryAfter: null, reason: `Zalo ZNS từ chối: ${answer.error} ${answer.message ?? ""}`.trim() };
    return { ok: true };
  },
};
