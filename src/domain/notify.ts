// Reaching people (issue 18), the pure part: event kinds and their Vietnamese templates, which in-app
// notification kinds go out, quiet hours, retry backoff, the merge window, and contact address checks.

/** Event kinds a user can receive outside the app (one template each). */
export const EVENT_KINDS = ["routed", "answer", "flag80", "flag100", "dossier_returned", "dossier_decided", "digest", "daily", "verify"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
/** The kinds a user chooses among (verification codes always go; the daily bulletin is the daily digest option). */
export const CHOOSABLE_KINDS = EVENT_KINDS.filter((k) => k !== "verify" && k !== "daily");
/** Deadline flags are urgent: never held for the daily bulletin (nor, of course, the bulletin itself). */
export const URGENT_KINDS: readonly EventKind[] = ["flag80", "flag100", "verify", "daily"];

export const CHANNEL_LABELS = { zalo: "Zalo (tin nhắn ZNS)", email: "Thư điện tử", push: "Thông báo trên trình duyệt" } as const;
export type Channel = keyof typeof CHANNEL_LABELS;

/** The in-app notification kinds (feedback services, daily job) that also go out, and their event kind. */
const FROM_NOTIFICATION: Record<string, EventKind> = {
  "feedback.routed": "routed",
  "feedback.new": "routed",
  "feedback.route": "routed",
  "feedback.reroute": "routed",
  "feedback.answer": "answer",
  "feedback.flag80": "flag80",
  "feedback.flag100": "flag100",
  "dossier.return": "dossier_returned",
  "dossier.decide": "dossier_decided",
};
export const eventKindOf = (notificationKind: string): EventKind | null => FROM_NOTIFICATION[notificationKind] ?? null;

export type Params = Record<string, string>;
export type Template = { label: string; subject: (p: Params) => string; body: (p: Params) => string };

const v = (p: Params, k: string) => p[k] ?? "";
const see = (p: Params) => (p.link ? ` Xem: ${v(p, "origin")}${p.link}` : "");
/** The sentence the in-app notification shows (`text`), then the link. */
const sentence = (p: Params) => `${v(p, "text")}${see(p)}`;
/** "Prefix: title", or the prefix alone when the event has no title. */
const about = (prefix: string) => (p: Params) => (p.title ? `${prefix}: ${p.title}` : prefix);

/**
 * One Vietnamese template per event kind. E-mail and push use subject and body; Zalo ZNS sends the same
 * parameters (text, title, link…) to the template approved by Zalo for that kind (ZALO_TEMPLATE_IDS).
 */
export const TEMPLATES: Record<EventKind, Template> = {
  routed: { label: "Phản ánh mới được chuyển đến", subject: about("Phản ánh mới"), body: sentence },
  answer: { label: "Phản ánh đã có câu trả lời", subject: about("Đã trả lời phản ánh"), body: sentence },
  flag80: { label: "Đã dùng 80% thời hạn trả lời", subject: about("Sắp đến hạn trả lời"), body: sentence },
  flag100: { label: "Đến hạn hoặc quá hạn trả lời", subject: about("Đến hạn trả lời"), body: sentence },
  dossier_returned: { label: "Hồ sơ công nhận bị trả lại", subject: about("Hồ sơ bị trả lại"), body: sentence },
  dossier_decided: { label: "Hồ sơ công nhận đã có quyết định", subject: about("Đã có quyết định"), body: sentence },
  digest: {
    label: "Tổng hợp phản ánh hằng tháng",
    subject: (p) => `Tổng hợp phản ánh tháng ${v(p, "month")}`,
    body: (p) => `Tháng ${v(p, "month")}: tiếp nhận ${v(p, "received")} phản ánh, đã trả lời ${v(p, "answered")}, trong đó đúng hạn ${v(p, "onTime")}.${see(p)}`,
  },
  daily: { label: "Bản tin thông báo hằng ngày", subject: (p) => `Bản tin ngày ${v(p, "date")}: ${v(p, "count")} thông báo`, body: sentence },
  verify: {
    label: "Mã xác minh kênh liên lạc",
    subject: () => "Mã xác minh kênh liên lạc",
    body: (p) => `Mã xác minh kênh liên lạc của anh/chị trên phần mềm Nông thôn mới là ${v(p, "code")} (hiệu lực 15 phút). Không chia sẻ mã này cho người khác.`,
  },
};

/** Sample parameters for the admin's preview page. */
export const SAMPLE_PARAMS: Params = {
  text: "Phản ánh mới được chuyển đến: “Đường liên ấp 3 bị ngập sau mưa” (Xã Phú Phụng), hạn trả lời 15/12/2026.",
  title: "Đường liên ấp 3 bị ngập sau mưa",
  place: "Xã Phú Phụng",
  due: "15/12/2026",
  link: "/feedback/1",
  reason: "Thiếu biên bản lấy ý kiến người dân",
  month: "11/2026",
  received: "12",
  answered: "10",
  onTime: "9",
  code: "123456",
  date: "01/12/2026",
  count: "3",
};

/** Identical events (same user, channel and subject) within this window are delivered once. */
export const MERGE_WINDOW_MINUTES = 30;
/** Attempts per message before the queue dead-letters it (wrangler.toml: max_retries = MAX_ATTEMPTS - 1). */
export const MAX_ATTEMPTS = 5;

/**
 * Seconds to wait before the next attempt after attempt `attempt` (1-based) failed: exponential from `base`
 * (30 s: 30, 60, 120, 240), at least the provider's Retry-After on a 429 (or four times the step), at most 12 h.
 */
export function backoffSeconds(attempt: number, status: number, base: number, retryAfter: number | null): number {
  const step = base * 2 ** Math.max(0, attempt - 1);
  const wait = status === 429 ? Math.max(retryAfter ?? 0, step * 4) : step;
  return Math.min(Math.round(wait), 43_200);
}

/** Minutes since midnight of "HH:MM", or null. */
export function minutesOf(hhmm: string | null | undefined): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm ?? "");
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/**
 * Seconds until the user's quiet hours end, 0 outside them. `now` is an instant; quiet hours are Vietnam
 * time (UTC+7, no daylight saving) and may wrap midnight ("22:00"–"06:00").
 */
export function quietDelaySeconds(now: Date, from: string | null, to: string | null): number {
  const start = minutesOf(from);
  const end = minutesOf(to);
  if (start === null || end === null || start === end) return 0;
  const vn = new Date(now.getTime() + 7 * 3600_000);
  const minute = vn.getUTCHours() * 60 + vn.getUTCMinutes();
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return 0;
  const untilEnd = (end - minute + 1440) % 1440;
  return untilEnd * 60 - vn.getUTCSeconds();
}

/** A Vietnamese mobile number as Zalo wants it (84xxxxxxxxx), or null. Accepts 0xxxxxxxxx, +84…, spaces and dots. */
export function zaloPhone(input: string): string | null {
  const digits = input.replace(/[\s.()-]/g, "");
  const m = /^(?:\+?84|0)([35789]\d{8})$/.exec(digits);
  return m ? `84${m[1]}` : null;
}

/** Shown to the user: 84912345678 → 0912 345 678. */
export const displayPhone = (p: string) => `0${p.slice(2, 5)} ${p.slice(5, 8)} ${p.slice(8)}`;

export const isEmail = (s: string) => /^[^\s@<>",;]{1,64}@[^\s@<>",;]+\.[^\s@<>",;]{2,}$/.test(s) && s.length <= 200;

/** Hides most of an address for the admin's delivery log (the full address stays with its owner). */
export function maskAddress(channel: string, address: string): string {
  if (channel === "zalo") return `${displayPhone(address).slice(0, 4)} *** ${address.slice(-3)}`;
  if (channel === "email") {
    const [name, domain] = address.split("@");
    return `${name.slice(0, 2)}***@${domain}`;
  }
  return new URL(address).host;
}
