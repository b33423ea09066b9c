// The zod schemas of /api/v1 (issue 19): the same objects validate requests and generate the OpenAPI document.
import { z } from "@hono/zod-openapi";
import { evidenceLinkField } from "../domain/checklist-forms";

export const ErrorBody = z
  .object({
    error: z.enum(["unauthorized", "forbidden", "not_found", "conflict", "invalid", "rate_limited", "server_error"]),
    message: z.string().openapi({ description: "Thông báo tiếng Việt cho người dùng." }),
    errors: z.record(z.string(), z.string()).optional().openapi({ description: "Lỗi theo trường (422)." }),
  })
  .openapi("Error");

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Ngày phải có dạng yyyy-mm-dd.");

export const Cursor = z.string().max(40).optional().openapi({ description: "Giá trị nextCursor của trang trước (để trống ở trang đầu)." });
export const Limit = z.coerce.number().int().min(1, "limit tối thiểu 1.").max(500, "limit tối đa 500.").default(100);

export const Unit = z
  .object({
    code: z.string().openapi({ description: "Mã đơn vị hành chính (GSO); chỉ xác định đơn vị cùng với ngày hiệu lực." }),
    name: z.string(),
    kind: z.string(),
    level: z.enum(["province", "district", "commune", "hamlet"]),
    validFrom: IsoDate,
    validTo: IsoDate.nullable(),
  })
  .openapi("Unit");

export const UnitList = z.object({ items: z.array(Unit), nextCursor: z.string().nullable() }).openapi("UnitList");

export const SuccessionLink = z.object({ unit: Unit, status: z.string(), sourceText: z.string() }).openapi("SuccessionLink");

export const UnitDetail = z
  .object({
    unit: Unit,
    // A union, not .nullable(): zod-openapi writes a nullable $ref as allOf [$ref, null], which no null satisfies.
    parent: z.union([Unit, z.null()]),
    generations: z.array(Unit).openapi({ description: "Mọi đơn vị từng mang mã này (theo thời gian hiệu lực)." }),
    predecessors: z.array(SuccessionLink),
    successors: z.array(SuccessionLink),
  })
  .openapi("UnitDetail");

export const CriteriaSetSummary = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    decision: z.string(),
    periodFrom: z.number().int(),
    periodTo: z.number().int(),
    status: z.enum(["draft", "active", "retired"]),
    national: z.boolean(),
  })
  .openapi("CriteriaSetSummary");

export const CriteriaSetList = z.object({ items: z.array(CriteriaSetSummary) }).openapi("CriteriaSetList");

export const CriteriaSetDetail = z
  .object({
    set: CriteriaSetSummary,
    levels: z.array(z.object({ code: z.string(), name: z.string(), rank: z.number().int(), pilot: z.boolean() })),
    criteria: z.array(
      z.object({
        id: z.number().int(),
        number: z.number().int(),
        name: z.string(),
        groupName: z.string(),
        indicators: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string(), kind: z.string(), unit: z.string().nullable(), evidenceRequired: z.boolean() })),
      }),
    ),
  })
  .openapi("CriteriaSetDetail");

const LevelFlags = z.record(z.string(), z.boolean()).openapi({ description: "Mã mức → đạt hay chưa." });
const LevelCounts = z.record(z.string(), z.number().int());

export const IndicatorValue = z
  .object({
    indicatorId: z.number().int(),
    code: z.string(),
    name: z.string(),
    criterionNumber: z.number().int(),
    value: z.string().nullable(),
    evidenceNote: z.string().nullable(),
    evidenceLink: z.string().nullable(),
    updatedAt: z.string().nullable(),
    version: z.number().int().openapi({ description: "Gửi lại khi ghi; phiên bản cũ → 409." }),
    met: LevelFlags,
  })
  .openapi("IndicatorValue");

export const Checklist = z
  .object({
    commune: Unit,
    set: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
    key: z.string(),
    targetLevel: z.string(),
    evalYear: z.number().int(),
    levelReached: z.string().nullable(),
    criteriaMet: LevelCounts,
    indicators: z.array(IndicatorValue),
  })
  .openapi("Checklist");

export const HistoryPage = z
  .object({
    items: z.array(
      z.object({
        id: z.number().int(),
        oldValue: z.string().nullable(),
        newValue: z.string().nullable(),
        oldEvidence: z.string().nullable(),
        newEvidence: z.string().nullable(),
        note: z.string().nullable(),
        changedBy: z.string().nullable(),
        changedAt: z.string(),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .openapi("IndicatorHistory");

export const AreaSetFigures = z
  .object({
    code: z.string(),
    name: z.string(),
    communes: z.number().int(),
    criteriaMetSum: z.number().int().openapi({ description: "Tổng số tiêu chí đạt (mức cơ bản) của các xã." }),
    levels: LevelCounts.openapi({ description: "Mã mức đạt → số xã ('' = chưa đạt mức nào)." }),
  })
  .openapi("AreaSetFigures");

export const Progress = z
  .object({
    unit: Unit,
    period: z.string().nullable().openapi({ description: "Giai đoạn: 2021-2025 hoặc 2026-2030." }),
    periods: z.array(z.string()),
    sets: z.array(AreaSetFigures),
    commune: z
      .object({ setCode: z.string(), criteriaMetBase: z.number().int(), criteriaMet: LevelCounts, levelReached: z.string().nullable(), updatedAt: z.string() })
      .nullable(),
  })
  .openapi("Progress");

export const Recognition = z
  .object({
    id: z.number().int(),
    communeCode: z.string(),
    communeName: z.string(),
    level: z.string(),
    year: z.number().int(),
    status: z.enum(["recognised", "revoked"]),
    decisionNumber: z.string().nullable(),
    decisionDate: z.string().nullable(),
    revocationNumber: z.string().nullable(),
    revocationDate: z.string().nullable(),
  })
  .openapi("Recognition");

export const RecognitionList = z.object({ items: z.array(Recognition), nextCursor: z.string().nullable() }).openapi("RecognitionList");

const DigestFigures = z
  .object({
    received: z.number().int(),
    answered: z.number().int(),
    answeredOnTime: z.number().int(),
    answeredLate: z.number().int(),
    pending: z.number().int(),
    overdue: z.number().int(),
    onTimeRate: z.number().nullable(),
    ratings: z.number().int(),
    ratingSum: z.number().int(),
  })
  .openapi("FeedbackFigures");
const DigestRow = z.object({ id: z.number().int().nullable(), name: z.string(), figures: DigestFigures });

export const FeedbackStats = z
  .object({ from: IsoDate, to: IsoDate, total: DigestFigures, byDepartment: z.array(DigestRow), byCategory: z.array(DigestRow) })
  .openapi("FeedbackStats");

const Totals = z.record(z.string(), z.number()).openapi({ description: "Tổng hợp (VND, ngày công, m²) theo tên cột." });

export const PublicLedger = z
  .object({
    commune: z.object({ name: z.string(), code: z.string(), parents: z.array(z.string()) }),
    totals: Totals,
    byCriterion: z.array(z.object({ label: z.string(), totals: Totals })),
    projects: z.array(z.object({ id: z.number().int(), name: z.string(), status: z.string(), progress: z.number(), criterionName: z.string().nullable(), sponsorPledged: z.number(), sponsorReceived: z.number() })),
    sponsors: z.array(z.object({ name: z.string(), kind: z.string(), totals: Totals })).openapi({
      description: "Nhà tài trợ đồng ý công khai tên, cam kết lớn trước: 30 đầu tiên, hoặc 50 sau `cursor` nếu có.",
    }),
    sponsorsCursor: z.string().nullable().openapi({ description: "Truyền vào `cursor` để lấy các nhà tài trợ tiếp theo; null khi đã hết." }),
    anonymous: z.object({ sponsors: z.number().int(), totals: Totals }),
  })
  .openapi("PublicLedger");

export const SponsorsCursor = z
  .string()
  .max(40)
  .optional()
  .openapi({ description: "Giá trị sponsorsCursor của lần gọi trước: danh sách nhà tài trợ công khai tên tiếp theo (số, các mục khác như trang đầu)." });

export const Summary = z
  .object({
    province: z.object({ code: z.string(), name: z.string(), tiers: z.number().int().nullable(), region: z.string().nullable() }),
    generatedAt: z.string(),
    units: z.object({ districts: z.number().int(), communes: z.number().int() }),
    periods: z.array(z.object({ period: z.string(), sets: z.array(AreaSetFigures) })),
    recognitions: z.array(z.object({ level: z.string(), year: z.number().int(), status: z.string(), communes: z.number().int() })),
  })
  .openapi("ProvinceSummary");

export const IndicatorWrite = z
  .object({
    value: z.string().max(200, "Giá trị quá dài (tối đa 200 ký tự)."),
    evidenceNote: z.string().max(1000, "Ghi chú minh chứng tối đa 1.000 ký tự.").default(""),
    evidenceLink: evidenceLinkField,
    note: z.string().max(300, "Lý do tối đa 300 ký tự.").default(""),
    version: z.number({ message: "Thiếu phiên bản dữ liệu (version)." }).int().min(1),
  })
  .openapi("IndicatorWrite");

export const IndicatorConflict = z
  .object({
    error: z.literal("conflict"),
    message: z.string(),
    current: z.object({ value: z.string().nullable(), evidenceNote: z.string().nullable(), evidenceLink: z.string().nullable(), updatedAt: z.string(), updatedByName: z.string().nullable(), version: z.number().int() }),
  })
  .openapi("IndicatorConflict");

export const SavedIndicator = z
  .object({ value: z.string().nullable(), evidenceNote: z.string().nullable(), evidenceLink: z.string().nullable(), version: z.number().int(), met: LevelFlags, levelReached: z.string().nullable() })
  .openapi("SavedIndicator");

export const FeedbackAnswer = z
  .object({
    publicAnswer: z.string().trim().min(1, "Nhập nội dung trả lời.").max(5000, "Tối đa 5.000 ký tự."),
    internalNote: z.string().trim().max(2000, "Tối đa 2.000 ký tự.").default(""),
    version: z.number({ message: "Thiếu phiên bản dữ liệu (version)." }).int().min(1),
  })
  .openapi("FeedbackAnswer");

export const FeedbackItemState = z.object({ id: z.number().int(), status: z.string(), version: z.number().int() }).openapi("FeedbackItemState");
