// Web Push: the payload encrypted for the browser's subscription (aes128gcm) and signed with our VAPID key,
// both with WebCrypto in the Worker (@block65/webcrypto-web-push). 404/410 mean the subscription is gone.
import { buildPushPayload } from "@block65/webcrypto-web-push";
import { httpResult, networkFailure, notConfigured, type ChannelAdapter } from "./index";

export const push: ChannelAdapter = {
  async send(to, message, config) {
    if (!config.VAPID_PUBLIC_KEY || !config.VAPID_PRIVATE_KEY || !to.keys) return notConfigured("Thông báo đẩy");
    try {
      const payload = await buildPushPayload(
        { data: { title: message.subject, body: message.body, link: message.params.link ?? "/" }, options: { ttl: 86_400, urgency: message.kind.startsWith("flag") ? "high" : "normal" } },
        { endpoint: to.address, expirationTime: null, keys: to.keys },
        { subject: config.VAPID_SUBJECT || "mailto:admin@example.invalid", publicKey: config.VAPID_PUBLIC_KEY, privateKey: config.VAPID_PRIVATE_KEY },
      );
      const res = await fetch(to.address, payload as RequestInit);
      return await httpResult(res, "Thông báo đẩy");
    } catch (error) {
      return networkFailure("Thông báo đẩy", error);
    }
  },
};
