// Demo data of the feedback loop (called at the end of seedDemo): holidays 2025–2027, the default
// categories, canbo's assignments (with one ended), visits and items in every state, dated relative to
// `nowIso`; then the day's SLA flags and last month's digest. Runs through the real services.
import { eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { assignments, departments, feedbackCategories, users, type Unit } from "../db/schema";
import type { Party } from "../domain/feedback";
import type { Actor } from "../domain/permissions";
import { addDays, previousMonth, vnMidnightUtc } from "../domain/working-days";
import { vnDateOf } from "../domain/clock";
import { applyTransition, createFeedback, getItem, type Ctx, type TransitionInput } from "../services/feedback";
import { buildMonthlyDigest, flagDeadlines } from "../services/feedback-jobs";
import { createVisit, visitConcernsOf } from "../services/visits";
import { unitByCode, getUnit, unitRef } from "../services/units";
import { loadDefaultHolidays, loadHolidaysAround } from "../services/working-days";

export const DEMO_CATEGORIES: { name: string; department: string | null; slaDays: number }[] = [
  { name: "Hạ tầng giao thông", department: "SXD", slaDays: 10 },
  { name: "Sản xuất nông nghiệp", department: "SNNMT", slaDays: 10 },
  { name: "Y tế", department: "SYT", slaDays: 10 },
  { name: "Giáo dục", department: "SGDDT", slaDays: 10 },
  { name: "Môi trường", department: "SNNMT", slaDays: 10 },
  { name: "Khác", department: null, slaDays: 10 },
];

/** canbo follows these communes (provincial cadre → commune); Long Thới was followed until 31/01/2025. */
export const DEMO_ASSIGNMENTS = ["28879", "28876", "28882", "29116"];

/** Where the feedback stories happen: the province, the commune account and the communes by role in the stories. */
export type FeedbackDemoWorld = {
  province: string;
  communeAccount: string;
  /** The commune account's commune, and one of its hamlets. */
  main: string;
  hamlet: string;
  second: string;
  third: string;
  /** A commune the cadre followed until a month before `assignedSince`. */
  past: string;
  assignments: string[];
  assignedSince: string;
};

export const BEN_TRE_2025_WORLD: FeedbackDemoWorld = {
  province: "83",
  communeAccount: "xa.vinhbinh",
  main: "28879",
  hamlet: "28879-01",
  second: "28876",
  third: "29116",
  past: "28885",
  assignments: DEMO_ASSIGNMENTS,
  assignedSince: "2025-02-01",
};

export async function seedFeedbackDemo(db: Db, nowIso: string, world: FeedbackDemoWorld = BEN_TRE_2025_WORLD): Promise<void> {
  const today = vnDateOf(nowIso);
  await loadDefaultHolidays(db, null);
  const province = (await unitByCode(db, world.province))!;
  const depts = await db.select().from(departments).where(eq(departments.provinceId, province.id)).all();
  const deptId = (code: string | null) => (code ? depts.find((d) => d.code === code)?.id ?? null : null);
  const cats = await db
    .insert(feedbackCategories)
    .values(DEMO_CATEGORIES.map((c) => ({ provinceId: province.id, name: c.name, defaultDepartmentId: deptId(c.department), slaDays: c.slaDays })))
    .returning()
    .all();
  const cat = (name: string) => cats.find((c) => c.name === name)!.id;

  const people = await db.select().from(users).where(inArray(users.username, ["admin", "canbo", world.communeAccount, "so.nongnghiep"])).all();
  const actorOf = async (username: string): Promise<Actor> => {
    const u = people.find((p) => p.username === username)!;
    return { id: u.id, role: u.role, scope: unitRef((await getUnit(db, u.unitId))!), departmentId: u.departmentId };
  };
  const [admin, canbo, xa, snn] = await Promise.all(["admin", "canbo", world.communeAccount, "so.nongnghiep"].map(actorOf));
  const codes = [...new Set([...world.assignments, world.main, world.second, world.third, world.past, world.hamlet])];
  const communes = new Map<string, Unit>((await Promise.all(codes.map((code) => unitByCode(db, code)))).map((u, i) => [codes[i], u!]));
  const commune = (code: string) => communes.get(code)!;

  await db.insert(assignments).values([
    ...world.assignments.map((code) => ({ cadreId: canbo.id, unitId: commune(code).id, provinceId: province.id, role: "Cán bộ phụ trách xã", planRef: "23-KH/TU", periodFrom: world.assignedSince, createdBy: admin.id })),
    { cadreId: canbo.id, unitId: commune(world.past).id, provinceId: province.id, role: "Cán bộ phụ trách xã", planRef: "23-KH/TU", periodFrom: addDays(world.assignedSince, -366), periodTo: addDays(world.assignedSince, -1), createdBy: admin.id },
  ]);

  const holidays = await loadHolidaysAround(db, today, province.id);
  const at = (daysAgo: number, hour = 9): Ctx => {
    const date = addDays(today, -daysAgo);
    const iso = new Date(Date.parse(vnMidnightUtc(date)) + hour * 3_600_000).toISOString();
    return { nowIso: iso < nowIso ? iso : nowIso, today: date, holidays, ip: null };
  };
  const vb = commune(world.main);

  const [visit1, visit2] = await Promise.all([
    createVisit(
    db,
    canbo,
    {
      place: commune(world.hamlet),
      commune: vb,
      visitDate: addDays(today, -40),
      participants: "Nguyễn Văn Hỗ Trợ (cán bộ tỉnh); đại diện Văn phòng Điều phối NTM tỉnh",
      metWith: "Ban nhân dân ấp Vĩnh Thạnh, 14 hộ trồng cây giống",
      summary: "Nắm tình hình sản xuất cây giống, hoa kiểng sau mùa mưa; người dân phấn khởi nhưng lo đầu ra và chất lượng nước tưới.",
      concerns: ["Đề nghị hỗ trợ kỹ thuật xử lý bệnh thối rễ trên cây giống sầu riêng.", "Mong được hỗ trợ kết nối tiêu thụ hoa kiểng dịp Tết."],
    },
    at(40).nowIso,
    null,
  ),
    createVisit(
    db,
    canbo,
    {
      place: vb,
      commune: vb,
      visitDate: addDays(today, -12),
      participants: "Nguyễn Văn Hỗ Trợ (cán bộ tỉnh)",
      metWith: "Lãnh đạo UBND xã, Mặt trận Tổ quốc xã, bà con ấp Vĩnh Hiệp",
      summary: "Làm việc về lộ trình nâng cao; rà soát tiêu chí giao thông và môi trường còn thiếu.",
      concerns: ["Đường liên ấp Vĩnh Hiệp – Vĩnh Bắc xuống cấp, xe tải nhỏ không qua được cầu.", "Cần thêm điểm thu gom rác ở chợ xã."],
    },
    at(12).nowIso,
    null,
  ),
    createVisit(
    db,
    canbo,
    {
      place: commune(world.second),
      commune: commune(world.second),
      visitDate: addDays(today, -75),
      participants: "Nguyễn Văn Hỗ Trợ (cán bộ tỉnh)",
      metWith: `Lãnh đạo UBND ${commune(world.second).name}`,
      summary: "Nắm kết quả thực hiện tiêu chí y tế, giáo dục.",
      concerns: ["Trạm y tế xã thiếu bác sĩ trực cuối tuần."],
    },
    at(75).nowIso,
    null,
  ),
  ]);
  const [[c1], [c2]] = await Promise.all([visitConcernsOf(db, visit1), visitConcernsOf(db, visit2)]);

  const create = async (actor: Actor, ctx: Ctx, input: { code: string; source: "visit" | "commune" | "cadre"; concernId?: number; category: string; title: string; content: string }) => {
    const out = await createFeedback(
      db,
      actor,
      { commune: commune(input.code), hamlet: null, source: input.source, visitConcernId: input.concernId ?? null, criterionId: null, categoryId: cat(input.category), departmentId: null, title: input.title, content: input.content, dueDate: null },
      ctx,
    );
    if (!out.ok) throw new Error(`demo feedback: ${JSON.stringify(out.errors)}`);
    return out.id;
  };
  const step = async (id: number, actor: Actor, parties: Party[], input: TransitionInput, ctx: Ctx) => {
    const item = (await getItem(db, id))!;
    const out = await applyTransition(db, actor, item, parties, input, item.version, ctx);
    if (!out.ok) throw new Error(`demo feedback ${input.action}: ${JSON.stringify(out.errors)}`);
  };

  // Independent stories, run side by side (each one's steps in order).
  await Promise.all([
    (async () => {
      // Answered on time and rated (last month).
      const a = await create(canbo, at(40, 15), { code: world.main, source: "visit", concernId: c1.id, category: "Sản xuất nông nghiệp", title: "Hỗ trợ kỹ thuật xử lý bệnh thối rễ cây giống sầu riêng", content: c1.content });
      await step(a, snn, ["department"], { action: "accept" }, at(39));
      await step(a, snn, ["department"], { action: "answer", publicAnswer: "Trung tâm Khuyến nông tỉnh sẽ tổ chức lớp tập huấn phòng trừ bệnh thối rễ tại ấp Vĩnh Thạnh; cán bộ kỹ thuật đến tận vườn hướng dẫn trong tháng.", internalNote: "Giao Chi cục Trồng trọt và BVTV phối hợp." }, at(31));
      await step(a, xa, ["sender"], { action: "rate", rating: 4, comment: "Bà con đã được tập huấn." }, at(28));
    })(),
    // Routed to the construction department, at or near its deadline (from the second visit).
    create(canbo, at(12, 16), { code: world.main, source: "visit", concernId: c2.id, category: "Hạ tầng giao thông", title: "Nâng cấp đường liên ấp Vĩnh Hiệp – Vĩnh Bắc", content: c2.content }),
    (async () => {
      // Answered, waiting for the commune's rating.
      const c = await create(xa, at(20), { code: world.main, source: "commune", category: "Môi trường", title: "Điểm tập kết rác chợ Vĩnh Bình quá tải", content: "Rác ở chợ xã tồn đọng 2–3 ngày mới được thu gom; đề nghị bổ sung thùng chứa và tăng tần suất thu gom." });
      await step(c, admin, ["coordinator"], { action: "comment", text: "Đề nghị Sở Nông nghiệp và Môi trường phối hợp UBND xã xử lý." }, at(19));
      await step(c, snn, ["department"], { action: "answer", publicAnswer: "Sở đã đề nghị đơn vị thu gom tăng tần suất lên hằng ngày và bổ sung 4 thùng chứa 660 lít tại chợ Vĩnh Bình từ tháng này.", internalNote: "Đã làm việc với Công ty Công trình đô thị; theo dõi phản hồi của xã." }, at(5));
    })(),
    // Overdue at the health department.
    create(canbo, at(25), { code: world.second, source: "cadre", category: "Y tế", title: `Trạm y tế ${commune(world.second).name.replace("Xã", "xã")} thiếu bác sĩ trực cuối tuần`, content: "Người dân phải đi xa khi ốm đau cuối tuần; đề nghị bố trí bác sĩ luân phiên." }),
    // New, waiting to be routed (category without a default department).
    create(canbo, at(2), { code: world.third, source: "cadre", category: "Khác", title: "Đề nghị hỗ trợ thủ tục vay vốn làm nhà cho hộ cận nghèo", content: "Một số hộ cận nghèo trên địa bàn xã cần hướng dẫn thủ tục vay vốn ưu đãi làm nhà." }),
    (async () => {
      // Returned by the department (not its remit), waiting to be re-routed.
      const f = await create(xa, at(6), { code: world.main, source: "commune", category: "Sản xuất nông nghiệp", title: "Hỗ trợ vốn vay mua máy sấy nông sản cho tổ hợp tác", content: "Tổ hợp tác nông sản ấp Vĩnh Hòa cần vay 800.000.000 đ mua máy sấy." });
      await step(f, snn, ["department"], { action: "return", reason: "Nội dung vay vốn thuộc thẩm quyền Ngân hàng Chính sách xã hội và Sở Tài chính; đề nghị chuyển lại." }, at(5));
    })(),
    // Fresh in the agriculture and environment department's inbox.
    create(xa, at(1), { code: world.main, source: "commune", category: "Môi trường", title: "Xử lý nước thải trại heo gây ô nhiễm kênh Vĩnh Bắc", content: "Nước thải từ trại heo tư nhân chảy ra kênh, người dân phản ánh mùi hôi." }),
  ]);

  await Promise.all([flagDeadlines(db, nowIso, today), buildMonthlyDigest(db, province.id, previousMonth(today), nowIso)]);
}
