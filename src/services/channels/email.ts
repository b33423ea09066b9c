// E-mail through an HTTP API, provider chosen by EMAIL_PROVIDER: "resend" (POST /emails, Bearer key) or
// "brevo" (POST /v3/smtp/email, api-key header).
import { httpResult, networkFailure, notConfigured, type ChannelAdapter } from "./index";

const PROVIDERS = {
  resend: {
    base: "https://api.resend.com",
    path: "/emails",
    headers: (key: string) => ({ Authorization: `Bearer ${key}` }),
    body: (from: string, to: string, subject: string, text: string) => ({ from, to: [to], subject, text }),
  },
  brevo: {
    base: "https://api.brevo.com",
    path: "/v3/smtp/email",
    headers: (key: string) => ({ "api-key": key }),
    body: (from: string, to: string, subject: string, text: string) => ({ sender: { email: from }, to: [{ email: to }], subject, textContent: text }),
  },
} as const;

export const email: ChannelAdapter = {
  async send(to, message, config) {
    const provider = PROVIDERS[(config.EMAIL_PROVIDER || "resend") as keyof typeof PROVIDERS];
    if (!provider || !config.EMAIL_API_KEY || !config.EMAIL_FROM) return notConfigured("Thư điện tử");
    const base = (config.EMAIL_API_BASE || provider.base).replace(/\/$/, "");
    try {
      const res = await fetch(`${base}${provider.path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...provider.headers(config.EMAIL_API_KEY) },
        body: JSON.stringify(provider.body(config.EMAIL_FROM, to.address, message.subject, message.body)),
      });
      return await httpResult(res, "Thư điện tử");
    } catch (error) {
      return networkFailure("Thư điện tử", error);
    }
  },
};
