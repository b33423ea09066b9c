// The heavy data set (`npm run data:national -- --shape 2026 --heavy`): the 2026 shape with one large province —
// Tỉnh Vĩnh Long (86) grown to 500 communes with synthetic ones — and five years of history in it: 100,000
// contributions (5,000 more sponsors), 1,000,000 indicator history rows, 50,000 feedback items and 1,000,000 audit
// rows. Reports and lists must not grow with it (docs/benchmarks.md). Deterministic from the seed.
import { and, eq } from "drizzle-orm";
import type { Db } from "../../src/db/client";
import { auditLog, contributions, departments, feedbackCategories, feedbackItems, indicatorValueHistory, indicatorValues, sponsors, units, users } from "../../src/db/schema";
import { rng } from "../../src/domain/sample-values";
import { fold } from "../../src/domain/text";
import { unitByCode } from "../../src/services/units";
import type { BulkWriter } from "./bulk";

export const HEAVY_PROVINCE = "86";
export const HEAVY_COMMUNES = 500;
const SIZES = { sponsors: 5_000, contributions: 100_000, history: 1_000_000, feedback: 50_000, audit: 1_000_000 };
const DAY = 86_400_000;
const START = Date.parse("2021-07-01T00:00:00Z");

/** The units CSV with synthetic communes appended to the heavy province until it has HEAVY_COMMUNES. */
export function withHeavyProvince(csv: string): string {
  const lines = csv.trimEnd().split("\n");
  const own = lines.filter((l) => l.startsWith(`${HEAVY_PROVINCE},`));
  const name = own[0].split(",")[1];
  const extra = Array.from({ length: Math.max(0, HEAVY_COMMUNES - own.length) }, (_, i) => `${HEAVY_PROVINCE},${name},${90_001 + i},Xã Thử Tải ${i + 1},xa`);
  return [...lines, ...extra].join("\n") + "\n";
}

/** Five years of history in the heavy province (after its ordinary generation). */
export async function seedHeavyHistory(db: Db, bulk: BulkWriter, opts: { seed: number; now: Date; log: (m: string) => void }): Promise<void> {
  const random = rng(opts.seed * 7919 + 20);
  const span = opts.now.getTime() - START;
  const at = (ms: number) => new Date(ms).toISOString();
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const province = (await unitByCode(db, HEAVY_PROVINCE))!;
  const communes = await db.select({ id: units.id, districtId: units.districtId }).from(units).where(and(eq(units.provinceId, province.id), eq(units.level, "commune"))).all();
  const people = await db.select({ id: users.id, username: users.username }).from(users).where(eq(users.unitId, province.id)).all();
  const cadres = people.filter((u) => u.username.startsWith("canbo.")).map((u) => u.id);
  const adminId = people.find((u) => u.username.startsWith("admin."))!.id;

  // Sponsors and 100,000 contributions over five years: old pledges received or cancelled, recent ones open.
  await bulk.insert(
    sponsors,
    Array.from({ length: SIZES.sponsors }, (_, i) => {
      const name = `Nhà tài trợ thử tải ${i + 1}`;
      return { provinceId: province.id, kind: "individual" as const, name, nameFolded: fold(name), publicConsent: random() < 0.5, publicName: name, mobilisedBy: pick(cadres), createdBy: adminId };
    }),
  );
  await bulk.flush();
  const sponsorIds = (await db.select({ id: sponsors.id }).from(sponsors).where(eq(sponsors.provinceId, province.id)).all()).map((s) => s.id);
  for (let start = 0; start < SIZES.contributions; start += 10_000) {
    const rows = Array.from({ length: 10_000 }, (_, k) => {
      const i = start + k;
      const c = communes[i % communes.length];
      const pledged = START + Math.floor((i / SIZES.contributions) * span);
      const recent = opts.now.getTime() - pledged < 120 * DAY;
      const roll = random();
      const status = recent && roll < 0.6 ? ("pledged" as const) : roll < 0.92 ? ("received" as const) : ("cancelled" as const);
      const amount = (1 + Math.floor(random() * 200)) * 1_000_000;
      return {
        sponsorId: pick(sponsorIds),
        communeId: c.id,
        provinceId: province.id,
        districtId: c.districtId,
        kind: "money" as const,
        amount,
        status,
        pledgedAt: at(pledged).slice(0, 10),
        dueDate: at(pledged + 60 * DAY).slice(0, 10),
        receivedTotal: status === "received" ? amount : 0,
        cancelReason: status === "cancelled" ? "Nhà tài trợ rút lại cam kết" : null,
        mobilisedBy: pick(cadres),
        createdBy: pick(cadres),
      };
    });
    await bulk.insert(contributions, rows);
    await bulk.flush();
  }
  opts.log(`nặng: ${SIZES.sponsors.toLocaleString("vi-VN")} nhà tài trợ, ${SIZES.contributions.toLocaleString("vi-VN")} khoản đóng góp`);

  // 1,000,000 history rows over the province's indicator values (about 30 per value).
  const values = await db
    .select({ unitId: indicatorValues.unitId, indicatorId: indicatorValues.indicatorId })
    .from(indicatorValues)
    .innerJoin(units, eq(units.id, indicatorValues.unitId))
    .where(eq(units.provinceId, province.id))
    .all();
  for (let start = 0; start < SIZES.history; start += 20_000) {
    const rows = Array.from({ length: 20_000 }, (_, k) => {
      const i = start + k;
      const v = values[i % values.length];
      return {
        unitId: v.unitId,
        indicatorId: v.indicatorId,
        oldValue: String(Math.floor(random() * 100)),
        newValue: String(Math.floor(random() * 100)),
        note: "Cập nhật định kỳ",
        changedBy: pick(cadres),
        changedAt: at(START + Math.floor((i / SIZES.history) * span)),
      };
    });
    await bulk.insert(indicatorValueHistory, rows);
    await bulk.flush();
  }
  opts.log(`nặng: ${SIZES.history.toLocaleString("vi-VN")} dòng lịch sử chỉ tiêu`);

  // 50,000 feedback items: answered and closed unless received in the last two months.
  const categories = await db.select().from(feedbackCategories).where(eq(feedbackCategories.provinceId, province.id)).all();
  const depts = await db.select({ id: departments.id }).from(departments).where(eq(departments.provinceId, province.id)).all();
  const feedbackRows = Array.from({ length: SIZES.feedback }, (_, i) => {
    const c = communes[i % communes.length];
    const category = pick(categories);
    const received = START + Math.floor((i / SIZES.feedback) * span);
    const open = opts.now.getTime() - received < 60 * DAY;
    const status = open ? pick(["new", "routed", "in_progress", "answered"] as const) : ("closed" as const);
    const answered = status === "answered" || status === "closed" ? received + Math.floor(random() * 20) * DAY : null;
    return {
      provinceId: province.id,
      unitId: c.id,
      districtId: c.districtId,
      source: "visit" as const,
      categoryId: category.id,
      departmentId: status === "new" ? null : (category.defaultDepartmentId ?? pick(depts).id),
      title: `Kiến nghị về ${category.name.toLowerCase()}`,
      content: "Đề nghị cơ quan chức năng xem xét, hỗ trợ địa phương.",
      status,
      receivedAt: at(received),
      slaDays: 10,
      dueDate: at(received + 14 * DAY).slice(0, 10),
      answeredAt: answered === null ? null : at(answered),
      publicAnswer: answered === null ? null : "Sở đã tiếp nhận và trả lời.",
      rating: status === "closed" ? 3 + Math.floor(random() * 3) : null,
      createdBy: pick(cadres),
    };
  });
  await bulk.insert(feedbackItems, feedbackRows);
  await bulk.flush();
  opts.log(`nặng: ${SIZES.feedback.toLocaleString("vi-VN")} ý kiến`);

  // 1,000,000 audit rows of the province's users, a mix of actions and entities.
  const ACTIONS = [
    ["indicator_value.update", "indicator_value"],
    ["contribution.create", "contribution"],
    ["feedback.route", "feedback_item"],
    ["login", "user"],
    ["sponsor.update", "sponsor"],
  ] as const;
  for (let start = 0; start < SIZES.audit; start += 20_000) {
    const rows = Array.from({ length: 20_000 }, (_, k) => {
      const i = start + k;
      const [action, entity] = ACTIONS[i % ACTIONS.length];
      return { at: at(START + Math.floor((i / SIZES.audit) * span)), actorId: pick(cadres), action, entity, entityId: String(i), provinceId: province.id, ip: "203.0.113.7" };
    });
    await bulk.insert(auditLog, rows);
    await bulk.flush();
  }
  opts.log(`nặng: ${SIZES.audit.toLocaleString("vi-VN")} dòng nhật ký`);
}
