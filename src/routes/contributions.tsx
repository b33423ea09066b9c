// Sponsor contributions of a commune: ledger page, pledge form, one contribution (receipts, delivery,
// cancellation) and the printable receipt. Thin: zod (src/domain/ledger-forms) → service → template.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import { can } from "../domain/permissions";
import { amountInWords } from "../domain/amount-words";
import { formatNumber } from "../domain/format";
import {
  CONTRIBUTION_FIELDS,
  RECEIPT_FIELDS,
  SPONSOR_FIELDS,
  cancelSchema,
  overFields,
  pledgeEditForm,
  pledgeForm,
  rawForm,
  receiptForm,
  versionAsForm,
  versionSchema,
} from "../domain/ledger-forms";
import { cancelContribution, createContribution, deliverContribution, listCommuneContributions, loadContribution, updateContribution } from "../services/contributions";
import type { ContributionDetail } from "../web/ledger-view";
import { communeOptions } from "../services/ledger-common";
import { loadReceipt, recordReceipt } from "../services/receipts";
import { unitRef } from "../services/units";
import { authorize, isHtmx, pageProps, redirectAfterPost, requireUser } from "../web/context";
import { canRecord, canSeeContact, communeFrom, formBody, viDate } from "../web/ledger-helpers";
import { CommuneLedgerPage, ContributionPage, ReceiptForm, type FormState, type ReceiptFormProps } from "../../templates/pages/contributions";
import { ContributionFormPage } from "../../templates/pages/contribution-form";
import { ReceiptPrintPage } from "../../templates/pages/receipts";
import { filesOf } from "../services/evidence-files";
import { once } from "../web/once";
import { validate } from "../web/validate";
import { toFileView } from "../web/file-view";
import { type C, clientIp, currentActor, idParam, todayOf } from "../web/request";
import { STATUS, statusOf } from "../web/outcome";
import { cursorQuery, nextPageHref } from "../web/keyset";
import { ledgerTotalsOf } from "../services/ledger-rollups";

/** A commune's contributions list: newest first, a page at a time; the totals come from the rollups. */
const LEDGER_PAGE = 100;

async function contributionOf(c: C): Promise<ContributionDetail> {
  const d = await loadContribution(c.var.db, idParam(c));
  if (!d) throw new HTTPException(404, { message: "Không tìm thấy cam kết này." });
  authorize(c, "ledger.view", { unit: unitRef(d.commune) });
  return d;
}

/** The contribution page, with the receipt and cancel forms in the given state (422/409 re-renders). */
async function renderContribution(
  c: C,
  d: ContributionDetail,
  opts: { status?: 200 | 409 | 422; receipt?: { state: FormState; errors?: Record<string, string>; showConfirm?: boolean }; cancel?: { reason: string; error?: string; conflict?: boolean } } = {},
) {
  const actor = currentActor(c);
  const ref = unitRef(d.commune);
  const canReceipt = can(actor, "receipt.record", { unit: ref });
  const canCancel = await canRecord(c, d.commune);
  const money = d.c.kind === "money" || d.c.kind === "in_kind";
  const left = Math.max(0, d.c.amount - d.c.receivedTotal);
  let receiptForm: Omit<ReceiptFormProps, "csrfToken"> | null = null;
  if (canReceipt && money && d.c.status !== "cancelled") {
    receiptForm = {
      contributionId: d.c.id,
      state: opts.receipt?.state ?? { amount: left > 0 ? formatNumber(left) : "", receivedAt: viDate(todayOf(c)), payerName: d.sponsor.name, note: "", confirmOver: "", version: String(d.c.version) },
      errors: opts.receipt?.errors,
      showConfirm: opts.receipt?.showConfirm ?? d.c.status === "received",
    };
  }
  c.header("Vary", "HX-Request");
  // An htmx receipt submission gets the form fragment back (the same partial the page renders).
  if (isHtmx(c) && opts.receipt && receiptForm) return c.html(<ReceiptForm {...receiptForm} csrfToken={c.var.csrfToken} />, opts.status ?? 200);
  return c.html(
    <ContributionPage
      {...pageProps(c)}
      d={d}
      today={todayOf(c)}
      canReceipt={canReceipt}
      canCancel={canCancel}
      receiptForm={receiptForm}
      cancelState={{ reason: opts.cancel?.reason ?? "", version: d.c.version, error: opts.cancel?.error, conflict: opts.cancel?.conflict }}
    />,
    opts.status ?? 200,
  );
}

async function renderPledgeForm(
  c: C,
  commune: Awaited<ReturnType<typeof communeFrom>>,
  state: FormState,
  errors?: Record<string, string>,
  status: 200 | 409 | 422 = 200,
  edit?: { d: ContributionDetail; version: number; conflict?: boolean },
) {
  const options = await communeOptions(c.var.db, commune, currentActor(c), { sponsors: true, cadres: true });
  if (edit) {
    // The pledge's own sponsor and mobiliser stay selectable even if no longer in the lists.
    if (!options.sponsors.some((o) => o.value === edit.d.sponsor.id)) options.sponsors.unshift({ value: edit.d.sponsor.id, label: edit.d.sponsor.name });
    if (edit.d.c.mobilisedBy && !options.cadres.some((o) => o.value === edit.d.c.mobilisedBy)) options.cadres.unshift({ value: edit.d.c.mobilisedBy, label: edit.d.mobiliserName ?? `#${edit.d.c.mobilisedBy}` });
  }
  return c.html(
    <ContributionFormPage
      {...pageProps(c)}
      communeName={commune.name}
      communeCode={commune.code}
      options={options}
      state={state}
      errors={errors}
      actorIsCadre={currentActor(c).role === "cadre"}
      edit={edit ? { id: edit.d.c.id, version: edit.version, conflict: edit.conflict } : undefined}
    />,
    status,
  );
}

const str = (v: number | null) => (v === null ? "" : String(v));

/** The edit form's fields from a stored pledge. */
function stateOf(d: ContributionDetail): FormState {
  const c = d.c;
  return {
    sponsorId: String(c.sponsorId),
    kind: c.kind,
    amount: c.amount ? formatNumber(c.amount) : "",
    quantity: str(c.quantity),
    unitValue: c.unitValue ? formatNumber(c.unitValue) : "",
    labourDays: str(c.labourDays),
    landM2: str(c.landM2),
    description: c.description ?? "",
    valuationBasis: c.valuationBasis ?? "",
    valuationApprovedBy: c.valuationApprovedBy ?? "",
    hamletId: str(c.hamletId),
    projectId: str(c.projectId),
    criterionId: str(c.criterionId),
    mobilisedBy: str(c.mobilisedBy),
    pledgedAt: viDate(c.pledgedAt),
    dueDate: c.dueDate ? viDate(c.dueDate) : "",
    evidenceNote: c.evidenceNote ?? "",
    evidenceLink: c.evidenceLink ?? "",
  };
}

/** The pledge cancelled or edited (`action`: "hủy", "sửa"), by who may record pledges for its commune. */
async function recorderTarget(c: C, action: "hủy" | "sửa"): Promise<ContributionDetail> {
  const d = await contributionOf(c);
  if (!(await canRecord(c, d.commune))) throw new HTTPException(403, { message: `Bạn không có quyền ${action} cam kết của xã này.` });
  return d;
}

const cancelForm = validate("form", overFields(["reason", "version"], cancelSchema), async (c, errors) => {
  const d = await recorderTarget(c, "hủy");
  return renderContribution(c, d, { status: STATUS.invalid, cancel: { reason: String((await formBody(c)).reason ?? ""), error: Object.values(errors)[0] } });
});


const deliverForm = validate("form", overFields(["version"], versionSchema), async (c) => {
  await receiptTarget(c);
  throw new HTTPException(422, { message: "Thiếu phiên bản dữ liệu, vui lòng tải lại trang." });
});

/** The pledge form as typed (every field a string). */
const typedPledge = async (c: C, fields: readonly string[]) => rawForm(await formBody(c), fields);
const NEW_PLEDGE_FIELDS = [...CONTRIBUTION_FIELDS, ...SPONSOR_FIELDS, "confirmNewSponsor"];

const newPledgeForm = validate("form", (c) => pledgeForm(todayOf(c)), async (c, errors) => {
  const commune = await communeFrom(c, "contribution.record");
  return renderPledgeForm(c, commune, await typedPledge(c, NEW_PLEDGE_FIELDS), errors, 422);
});


const editPledgeForm = validate("form", (c) => pledgeEditForm(todayOf(c)), async (c, errors) => {
  const d = await recorderTarget(c, "sửa");
  const raw = await typedPledge(c, [...CONTRIBUTION_FIELDS, "version"]);
  return renderPledgeForm(c, d.commune, raw, versionAsForm(errors), 422, { d, version: Number(raw.version) || d.c.version });
});

/** The pledge a receipt is recorded for, or whose labour or land is confirmed delivered (by who records receipts). */
async function receiptTarget(c: C): Promise<ContributionDetail> {
  const d = await contributionOf(c);
  authorize(c, "receipt.record", { unit: unitRef(d.commune) });
  return d;
}

/**
 * The form was made from a version of the pledge; a receipt recorded or a cancellation since then (an offline replay,
 * a second tab) is shown first instead of being counted blindly (409, before any field message).
 */
function staleReceipt(c: C, d: ContributionDetail, raw: FormState): Response | Promise<Response> | null {
  if (!raw.version || raw.version === String(d.c.version)) return null;
  const state = { ...raw, version: String(d.c.version) };
  const errors = { form: `Cam kết vừa được cập nhật (đã nhận ${formatNumber(d.c.receivedTotal)} đ). Kiểm tra lại số tiền rồi lưu.` };
  return renderContribution(c, d, { status: STATUS.conflict, receipt: { state, errors, showConfirm: d.c.status === "received" } });
}

const newReceiptForm = validate("form", (c) => receiptForm(todayOf(c)), async (c, errors) => {
  const d = await receiptTarget(c);
  const raw = await typedPledge(c, [...RECEIPT_FIELDS, "version"]);
  return staleReceipt(c, d, raw) ?? renderContribution(c, d, { status: STATUS.invalid, receipt: { state: raw, errors, showConfirm: raw.confirmOver === "on" || d.c.status === "received" } });
});

export const contributionRoutes = new Hono<AppEnv>()
  .get("/communes/:code/contributions", requireUser, async (c) => {
    const commune = await communeFrom(c);
    const before = cursorQuery(c);
    const [rows, totals] = await Promise.all([listCommuneContributions(c.var.db, commune.id, LEDGER_PAGE, before), ledgerTotalsOf(c.var.db, commune, todayOf(c))]);
    const actor = currentActor(c);
    return c.html(
      <CommuneLedgerPage
        {...pageProps(c)}
        communeName={commune.name}
        communeCode={commune.code}
        rows={rows}
        next={nextPageHref(`/communes/${commune.code}/contributions`, {}, rows, LEDGER_PAGE, (r) => ({ key: r.pledgedAt, id: r.id }))}
        totals={totals}
        today={todayOf(c)}
        links={{
          canRecord: await canRecord(c, commune),
          canManageProjects: can(actor, "project.manage", { unit: unitRef(commune) }),
          canManageFund: can(actor, "fund.manage", { unit: unitRef(commune) }),
        }}
      />,
    );
  })
  .get("/communes/:code/contributions/new", requireUser, async (c) => {
    const commune = await communeFrom(c, "contribution.record");
    const state: FormState = Object.fromEntries([...CONTRIBUTION_FIELDS, ...SPONSOR_FIELDS].map((f) => [f, ""]));
    state.kind = "money";
    state.sponsorKind = "business";
    state.pledgedAt = viDate(todayOf(c));
    const sponsorId = c.req.query("sponsor");
    if (sponsorId && /^\d{1,10}$/.test(sponsorId)) state.sponsorId = sponsorId;
    return renderPledgeForm(c, commune, state);
  })
  .post("/communes/:code/contributions", requireUser, newPledgeForm, async (c) => {
    const commune = await communeFrom(c, "contribution.record");
    const input = c.req.valid("form");
    return once(
      c,
      "contribution",
      async (claim) => {
        const outcome = await createContribution(c.var.db, currentActor(c), commune, input.pledge, input.sponsor, clientIp(c), claim);
        if (!outcome.ok) return renderPledgeForm(c, commune, await typedPledge(c, NEW_PLEDGE_FIELDS), outcome.kind === "invalid" ? outcome.errors : { form: "Không lưu được, vui lòng thử lại." }, STATUS.invalid);
        return redirectAfterPost(c, `/contributions/${outcome.value.id}`);
      },
      (id) => redirectAfterPost(c, `/contributions/${id}`),
    );
  })
  .get("/contributions/:id", requireUser, async (c) => renderContribution(c, await contributionOf(c)))
  .get("/contributions/:id/edit", requireUser, async (c) => {
    const d = await contributionOf(c);
    if (!(await canRecord(c, d.commune))) throw new HTTPException(403, { message: "Bạn không có quyền sửa cam kết của xã này." });
    if (d.c.status !== "pledged") throw new HTTPException(422, { message: "Chỉ sửa được cam kết đang chờ nhận (chưa nhận đủ, chưa hủy)." });
    return renderPledgeForm(c, d.commune, stateOf(d), undefined, 200, { d, version: d.c.version });
  })
  .post("/contributions/:id", requireUser, editPledgeForm, async (c) => {
    const d = await recorderTarget(c, "sửa");
    const raw = await typedPledge(c, [...CONTRIBUTION_FIELDS, "version"]);
    const input = c.req.valid("form");
    const outcome = await updateContribution(c.var.db, currentActor(c), d.commune, d.c, input, input.version, clientIp(c));
    if (outcome.ok) return redirectAfterPost(c, `/contributions/${d.c.id}`);
    if (outcome.kind === "not_found") throw new HTTPException(statusOf(outcome), { message: "Không tìm thấy cam kết này." });
    // 409: keep the input; the form now carries the newer version, so saving again is a deliberate overwrite.
    if (outcome.kind === "conflict") return renderPledgeForm(c, d.commune, raw, undefined, statusOf(outcome), { d, version: outcome.current.version, conflict: true });
    return renderPledgeForm(c, d.commune, raw, outcome.errors, statusOf(outcome), { d, version: input.version });
  })
  .post("/contributions/:id/receipts", requireUser, newReceiptForm, async (c) => {
    const d = await receiptTarget(c);
    const raw = await typedPledge(c, [...RECEIPT_FIELDS, "version"]);
    const input = c.req.valid("form");
    return once(
      c,
      "receipt",
      async (claim) => {
        const stale = staleReceipt(c, d, raw);
        if (stale) return stale;
        const outcome = await recordReceipt(c.var.db, currentActor(c).id, d.commune, d.c, input, clientIp(c), claim);
        if (!outcome.ok) {
          const fresh = (await loadContribution(c.var.db, d.c.id)) ?? d;
          const state = { ...raw, version: String(fresh.c.version) };
          return renderContribution(c, fresh, { status: STATUS.invalid, receipt: { state, errors: { [outcome.field]: outcome.message }, showConfirm: !!outcome.needsConfirm || fresh.c.status === "received" } });
        }
        return redirectAfterPost(c, `/receipts/${outcome.id}?new=1`);
      },
      (id) => redirectAfterPost(c, `/receipts/${id}?new=1`),
    );
  })
  .post("/contributions/:id/cancel", requireUser, cancelForm, async (c) => {
    const d = await recorderTarget(c, "hủy");
    const input = c.req.valid("form");
    const outcome = await cancelContribution(c.var.db, currentActor(c).id, d.c, input.reason, input.version, clientIp(c));
    if (outcome.ok) return redirectAfterPost(c, `/contributions/${d.c.id}`);
    if (outcome.kind === "not_found") throw new HTTPException(statusOf(outcome), { message: "Không tìm thấy cam kết này." });
    if (outcome.kind === "conflict") return renderContribution(c, { ...d, c: outcome.current }, { status: statusOf(outcome), cancel: { reason: input.reason, conflict: true } });
    return renderContribution(c, d, { status: statusOf(outcome), cancel: { reason: input.reason, error: Object.values(outcome.errors)[0] } });
  })
  .post("/contributions/:id/deliver", requireUser, deliverForm, async (c) => {
    const d = await receiptTarget(c);
    const outcome = await deliverContribution(c.var.db, currentActor(c).id, d.c, c.req.valid("form").version, clientIp(c));
    if (outcome.ok) return redirectAfterPost(c, `/contributions/${d.c.id}`);
    if (outcome.kind === "conflict") return renderContribution(c, { ...d, c: outcome.current }, { status: statusOf(outcome), cancel: { reason: "", conflict: true } });
    if (outcome.kind === "not_found") throw new HTTPException(statusOf(outcome), { message: "Không tìm thấy cam kết này." });
    throw new HTTPException(statusOf(outcome), { message: Object.values(outcome.errors)[0] });
  })
  .get("/receipts/:id", requireUser, async (c) => {
    const v = await loadReceipt(c.var.db, idParam(c));
    if (!v) throw new HTTPException(404, { message: "Không tìm thấy phiếu thu này." });
    authorize(c, "ledger.view", { unit: unitRef(v.commune) });
    // The address: admin of the province, the mobilising cadre, or a commune the sponsor is legitimately linked to.
    const province = { id: v.commune.provinceId!, level: "province" as const, provinceId: v.commune.provinceId, districtId: null, communeId: null };
    const showAddress = canSeeContact(c, v.sponsorMobilisedBy, [...v.sponsorLinked, province]);
    const files = (await filesOf(c.var.db, v.commune.id, "receipt", [v.r.id])).map(toFileView);
    const canAttach = can(currentActor(c), "receipt.record", { unit: unitRef(v.commune) });
    return c.html(
      <ReceiptPrintPage {...pageProps(c)} v={v} words={amountInWords(v.r.amount)} showAddress={showAddress} justCreated={c.req.query("new") === "1"} origin={new URL(c.req.url).origin} files={{ list: files, canAttach }} />,
    );
  });
