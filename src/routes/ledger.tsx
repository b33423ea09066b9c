// Sponsors ledger: the ledger reports with
// CSV/XLSX exports, the commune fund account (VietQR) and the public ledger (/public/communes/:code, no login).
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import type { Unit } from "../db/schema";
import { CONTRIBUTION_KIND_LABELS, CONTRIBUTION_STATUS_LABELS, REPORT_GROUPINGS, SPONSOR_KIND_LABELS, isOverdue, normaliseReceiptNumber, outstanding, type ReportGrouping } from "../domain/ledger";
import { FUND_ACCOUNT_FIELDS, fundAccountForm, rawForm, versionAsForm } from "../domain/ledger-forms";
import { tableCsv, tableXlsx, type Table } from "../domain/table-file";
import { qrSvg, transferReference, vietQrPayload } from "../domain/vietqr";
import { getFundAccount, ledgerDetail, ledgerReport, saveFundAccount } from "../services/ledger";
import { PUBLIC_SPONSORS_PAGE, publicLedger, publicSponsors } from "../services/public-ledger";
import { parseAmountCursor } from "../domain/keyset";
import { cursorQuery } from "../web/keyset";
import { PublicSponsorsPage } from "../../templates/pages/public-sponsors";
import { findReceipt } from "../services/receipts";
import { RECEIPT_WINDOW_MINUTES, takeReceiptLookup } from "../services/receipt-throttle";
import { getUnit, unitRef } from "../services/units";
import { authorize, pageProps, redirectAfterPost, requireUser } from "../web/context";
import { canSeeContact, communeFrom, formBody } from "../web/ledger-helpers";
import { msg } from "../messages";
import { FundAccountPage, LedgerReportPage, PublicLedgerPage, type ReceiptLookup } from "../../templates/pages/ledger";
import { unitAt } from "../web/unit-date";
import { toFileView, type FileView } from "../web/file-view";
import { type C, clientIp, communeParam, currentActor, todayOf } from "../web/request";
import { type StatusOf, statusOf } from "../web/outcome";
import { validate } from "../web/validate";

/** Groupings that make sense at a unit's level. */
function groupingsFor(unit: Unit): ReportGrouping[] {
  if (unit.level === "province") return REPORT_GROUPINGS.filter((g) => g !== "district" || unit.tiers === 3);
  if (unit.level === "district") return ["commune", "criterion", "project", "cadre"];
  return ["criterion", "project", "cadre"];
}

const HEADER_TOTALS = ["Số cam kết", "Đã cam kết (đ)", "Đã nhận (đ)", "Tỷ lệ nhận (%)", "Còn phải thu (đ)", "Số cam kết quá hạn", "Quá hạn (đ)", "Đã hủy", "Ngày công cam kết", "Ngày công đã nhận", "Đất hiến cam kết (m²)", "Đất đã nhận (m²)"];

function download(c: C, table: Table, format: "csv" | "xlsx", name: string) {
  const file = `${name}.${format}`;
  c.header("Content-Disposition", `attachment; filename="${file}"`);
  c.header("Cache-Control", "private, no-store");
  if (format === "csv") return c.body(tableCsv(table), 200, { "Content-Type": "text/csv; charset=utf-8" });
  return c.body(tableXlsx(table), 200, { "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
}

const typedFund = async (c: C) => rawForm(await formBody(c), FUND_ACCOUNT_FIELDS);

function fundPage(c: C, commune: Unit, state: Record<string, string>, status: StatusOf<"conflict" | "invalid">, extra: { errors?: Record<string, string>; conflict?: boolean; version: number }) {
  return c.html(<FundAccountPage {...pageProps(c)} communeName={commune.name} communeCode={commune.code} state={state} previewSvg={null} {...extra} />, status);
}

/** The fund account form refused: the fields as typed, a stale or missing version as the form's message. */
const fundForm = validate("form", fundAccountForm, async (c, errors) => {
  const commune = await communeFrom(c, "fund.manage");
  const state = await typedFund(c);
  return fundPage(c, commune, state, 422, { errors: versionAsForm(errors), version: /^\d{1,9}$/.test(state.version) ? Number(state.version) : 0 });
});

export const ledgerRoutes = new Hono<AppEnv>()
  // Public first: no requireUser anywhere on these paths.
  .get("/public/communes/:code", async (c) => {
    const commune = await communeParam(c);
    const today = todayOf(c);
    const ledger = await publicLedger(c.var.db, commune, today);
    let lookup: ReceiptLookup = null;
    let status: 200 | 404 | 422 | 429 = 200;
    const query = (c.req.query("receipt") ?? "").slice(0, 30);
    const check = (c.req.query("check") ?? "").slice(0, 20);
    if (query.trim() || check.trim()) {
      const number = normaliseReceiptNumber(query);
      if (!number || !number.startsWith(`${commune.code}-`)) {
        lookup = { query, check, found: null, error: `Số phiếu thu chưa đúng. Số phiếu của xã có dạng ${commune.code}-năm-số thứ tự, ví dụ ${commune.code}-2026-0001.` };
        status = 422;
      } else if (!check.trim()) {
        lookup = { query, check, found: null, error: "Hãy nhập cả mã kiểm tra in trên phiếu thu (bên dưới số phiếu)." };
        status = 422;
      } else if (!(await takeReceiptLookup(c.var.db, clientIp(c), c.var.now))) {
        lookup = { query, check, found: null, error: `Bạn đã tra cứu quá nhiều lần; hãy thử lại sau ${RECEIPT_WINDOW_MINUTES} phút.` };
        status = 429;
      } else {
        const v = await findReceipt(c.var.db, commune.id, number, check);
        if (!v) {
          lookup = { query, check, found: null, error: `Không tìm thấy phiếu thu số ${number} với mã kiểm tra này ở ${commune.name}.` };
          status = 404;
        } else {
          lookup = {
            query,
            check,
            found: {
              number: v.r.number,
              receivedAt: v.r.receivedAt,
              amount: v.r.amount,
              // Never the payer's name or a non-consenting sponsor's name.
              sponsor: v.sponsorPublicName ?? "Nhà tài trợ không công khai tên",
              purpose: [v.projectName ? `Công trình ${v.projectName}` : null, v.criterionName ? `Tiêu chí ${v.criterionName}` : null].filter(Boolean).join(" · ") || "Xây dựng nông thôn mới",
            },
          };
        }
      }
    }
    // A lookup's answer is for the one who holds the receipt: never kept by a shared cache.
    c.header("Cache-Control", lookup ? "private, no-store" : "public, max-age=60");
    // Only the files their owner marked public.
    const files: Record<number, FileView[]> = {};
    for (const f of ledger.projectFiles) (files[f.parentId] ??= []).push(toFileView(f));
    return c.html(<PublicLedgerPage {...pageProps(c)} user={null} l={ledger} today={today} lookup={lookup} files={files} />, status);
  })
  // Every named sponsor of the commune ("Xem toàn bộ"), a keyset page at a time; no login, the same rules as the page.
  .get("/public/communes/:code/sponsors", async (c) => {
    const after = cursorQuery(c, "after", parseAmountCursor);
    const commune = await communeParam(c);
    const today = todayOf(c);
    const page = await publicSponsors(c.var.db, commune, today, PUBLIC_SPONSORS_PAGE, after);
    c.header("Cache-Control", "public, max-age=60");
    const next = page.next ? `/public/communes/${commune.code}/sponsors?${new URLSearchParams({ after: page.next })}` : null;
    return c.html(<PublicSponsorsPage {...pageProps(c)} user={null} communeName={commune.name} communeCode={commune.code} today={today} sponsors={page.sponsors} next={next} first={!after} />);
  })
  .get("/reports/contributions", requireUser, async (c) => {
    const actor = currentActor(c);
    const code = c.req.query("unit") ?? "";
    const unit = /^\d{2,5}$/.test(code) ? await unitAt(c, code) : await getUnit(c.var.db, actor.scope.id);
    if (!unit) throw new HTTPException(404, { message: msg.unitNotFound(code.slice(0, 20)) });
    authorize(c, "ledger.view", { unit: unitRef(unit) });
    const today = todayOf(c);
    const format = c.req.query("format");
    if (format !== undefined && format !== "csv" && format !== "xlsx") throw new HTTPException(422, { message: "Định dạng tải về là csv hoặc xlsx." });
    const groupings = groupingsFor(unit);
    const byRaw = c.req.query("by") ?? groupings[0];
    if (byRaw === "detail") {
      if (!format) throw new HTTPException(422, { message: "Danh sách chi tiết chỉ có dạng tải về (csv hoặc xlsx)." });
      const rows = await ledgerDetail(c.var.db, unit);
      // Contact columns only for roles that may see contact data at all, and per row only where allowed.
      const withContact = actor.role !== "leader";
      const provinceRef = actor.scope.level === "province" ? [actor.scope] : [];
      const table: Table = {
        sheet: "Chi tiet",
        header: [
          "Ngày cam kết", "Xã", "Mã xã", "Nhà tài trợ", "Loại nhà tài trợ", "Hình thức", "Nội dung", "Cam kết (đ)", "Đã nhận (đ)", "Còn phải thu (đ)",
          "Ngày công", "Đất (m²)", "Hạn", "Quá hạn", "Trạng thái", "Tiêu chí", "Công trình", "Cán bộ vận động",
          ...(withContact ? ["Điện thoại", "Email"] : []),
        ],
        rows: rows.map((r) => {
          const contact = withContact && canSeeContact(c, r.sponsorMobilisedBy, [...r.sponsorLinked, ...provinceRef]);
          return [
            r.pledgedAt, r.communeName, r.communeCode, r.sponsorName, SPONSOR_KIND_LABELS[r.sponsorKind], CONTRIBUTION_KIND_LABELS[r.kind], r.description,
            r.amount, r.receivedTotal, outstanding(r), r.labourDays, r.landM2, r.dueDate, isOverdue(r, today) ? "Có" : "", CONTRIBUTION_STATUS_LABELS[r.status],
            r.criterionName, r.projectName, r.mobiliserName,
            ...(withContact ? [contact ? r.contactPhone : null, contact ? r.contactEmail : null] : []),
          ];
        }),
      };
      return download(c, table, format, `dong-gop-chi-tiet-${unit.code}-${today}`);
    }
    if (!(groupings as string[]).includes(byRaw)) throw new HTTPException(422, { message: "Cách nhóm báo cáo không hợp lệ." });
    const by = byRaw as ReportGrouping;
    const report = await ledgerReport(c.var.db, unit, by, today);
    if (format) {
      const cells = (t: (typeof report.rows)[number]["totals"]) => [
        t.count, t.pledged, t.received, t.pledged > 0 ? Math.floor((t.received * 100) / t.pledged) : 0, t.outstanding, t.overdueCount, t.overdueAmount, t.cancelled,
        t.labourDaysPledged, t.labourDaysReceived, t.landM2Pledged, t.landM2Received,
      ];
      const table: Table = {
        sheet: "Tong hop",
        header: ["Nhóm", ...HEADER_TOTALS],
        rows: [...report.rows.map((r) => [r.label, ...cells(r.totals)]), ["Tổng cộng", ...cells(report.total)]],
      };
      return download(c, table, format, `dong-gop-${by}-${unit.code}-${today}`);
    }
    return c.html(<LedgerReportPage {...pageProps(c)} unitName={unit.name} unitCode={unit.code} by={by} groupings={groupings} rows={report.rows} total={report.total} today={today} />);
  })
  .get("/communes/:code/fund-account", requireUser, async (c) => {
    const commune = await communeFrom(c, "fund.manage");
    const fund = await getFundAccount(c.var.db, commune.id);
    const state = { bankBin: fund?.bankBin ?? "", accountNumber: fund?.accountNumber ?? "", accountName: fund?.accountName ?? "" };
    const preview = fund ? qrSvg(vietQrPayload(fund, transferReference(commune.code))) : null;
    return c.html(<FundAccountPage {...pageProps(c)} communeName={commune.name} communeCode={commune.code} state={state} version={fund?.version ?? 0} saved={c.req.query("saved") === "1"} previewSvg={preview} />);
  })
  .post("/communes/:code/fund-account", requireUser, fundForm, async (c) => {
    const commune = await communeFrom(c, "fund.manage");
    const input = c.req.valid("form");
    const outcome = await saveFundAccount(c.var.db, currentActor(c).id, commune.id, input, input.version, clientIp(c));
    if (!outcome.ok) return fundPage(c, commune, await typedFund(c), statusOf(outcome), { conflict: true, version: outcome.current?.version ?? 0 });
    return redirectAfterPost(c, `/communes/${commune.code}/fund-account?saved=1`);
  });
