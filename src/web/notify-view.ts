// What the notification pages show (a user's contact channels and preferences; the admin's contacts and delivery
// log): the shapes the notify services return and the templates render. Templates import these from here.
import type { contactChannels, deliveries } from "../db/schema";

export type ContactRow = typeof contactChannels.$inferSelect;
export type Prefs = { off: string[]; quietFrom: string | null; quietTo: string | null; dailyDigest: boolean };
export type ProvinceContact = { username: string; displayName: string; channel: string; address: string; verified: boolean };
export type DeliveryLogRow = typeof deliveries.$inferSelect & { username: string; displayName: string };

/** A delivery's status as the delivery log shows it (also the log's filter values). */
export const DELIVERY_STATUS_LABELS: Record<string, string> = {
  sent: "Đã gửi",
  failed: "Không gửi được",
  retry: "Lỗi, sẽ thử lại",
  dead: "Đã bỏ (hàng đợi lỗi)",
  merged: "Gộp với tin trùng",
  held: "Chờ bản tin ngày",
  bundled: "Đã gộp vào bản tin ngày",
  skipped: "Bỏ qua",
};
