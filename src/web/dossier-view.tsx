// The dossier page: the view mappers (frozen snapshot, diff since the previous submission, details form) and
// the page render shared by the dossier routes.
import type { Unit } from "../db/schema";
import type { IndicatorKind } from "../domain/criteria-format";
import { ROLE_LABELS, availableActions, reopeners, roleFor, type RecognitionRole } from "../domain/recognition";
import { snapshotDiff } from "../domain/recognition-forms";
import { getDossier, liveProblems, previousSnapshotOf, snapshotOf, type Dossier } from "../services/recognition";
import { dossierDetail, type DossierDetail } from "../services/recognition-queries";
import { unitRef } from "../services/units";
import { pageProps } from "./context";
import { decimalInput } from "../domain/format";
import { DossierPage, type DossierPageProps } from "../../templates/pages/recognition-dossier";
import type { DetailsState } from "../../templates/components/recognition-forms";
import type { DiffView, SnapshotView } from "../../templates/components/recognition-snapshot";
import { frozenFiles } from "../services/dossier-files";
import { filesOf } from "../services/evidence-files";
import { toFileView, type FileView } from "./file-view";
import { crumbs } from "./recognition-request";
import { type C, currentActor } from "./request";

const detailsState = (d: Dossier): DetailsState => ({
  satisfactionPct: d.satisfactionPct === null ? "" : decimalInput(String(d.satisfactionPct)),
  satisfactionEvidence: d.satisfactionEvidence ?? "",
  noDebtConfirmed: d.noDebtConfirmed,
  securityConfirmed: d.securityConfirmed,
  version: d.version,
});

function snapshotView(dossier: Dossier, detail: DossierDetail): SnapshotView | null {
  const s = snapshotOf(dossier);
  if (!s) return null;
  const level = dossier.level as "NTM";
  return {
    at: s.at,
    levelReached: s.levelReached,
    criteria: detail.criteria.map((cr) => ({ number: cr.number, name: cr.name, met: s.criteria[String(cr.id)]?.[level] ?? null })),
    indicators: detail.indicators.map((i) => {
      const v = s.values[String(i.id)];
      return {
        code: i.code,
        name: i.name,
        kind: i.kind as IndicatorKind,
        unit: i.unit,
        value: v?.v ?? null,
        evidence: [v?.n, v?.l].filter(Boolean).join(" | ") || null,
        met: s.indicators[String(i.id)]?.[level] ?? null,
      };
    }),
    satisfactionPct: s.satisfactionPct,
    satisfactionEvidence: s.satisfactionEvidence,
    noDebtConfirmed: s.noDebtConfirmed,
    securityConfirmed: s.securityConfirmed,
  };
}

function diffView(dossier: Dossier, detail: DossierDetail): DiffView | null {
  const before = previousSnapshotOf(dossier);
  const after = snapshotOf(dossier);
  if (!before || !after) return null;
  const diff = snapshotDiff(before, after);
  const ind = new Map(detail.indicators.map((i) => [i.id, i]));
  // Returns closed by the latest submission: what the reviewer asked the commune to fix.
  const answered = detail.returns.filter((r) => r.resolvedAt !== null && r.resolvedAt === dossier.submittedAt);
  const reasonOf = new Map(answered.map((r) => [r.indicatorId, r.reason]));
  const evidence = (v: { n: string | null; l: string | null } | null) => [v?.n, v?.l].filter(Boolean).join(" | ") || null;
  return {
    previousAt: before.at,
    indicators: diff.indicators.map((ch) => {
      const i = ind.get(ch.indicatorId);
      return {
        code: i?.code ?? String(ch.indicatorId),
        name: i?.name ?? "",
        kind: (i?.kind ?? "number") as IndicatorKind,
        unit: i?.unit ?? null,
        before: ch.before?.v ?? null,
        after: ch.after?.v ?? null,
        evidenceBefore: evidence(ch.before),
        evidenceAfter: evidence(ch.after),
        valueChanged: ch.valueChanged,
        evidenceChanged: ch.evidenceChanged,
        returnedReason: reasonOf.get(ch.indicatorId) ?? null,
      };
    }),
    fields: diff.fields,
    unchangedReturned: answered
      .filter((r) => !diff.indicators.some((ch) => ch.indicatorId === r.indicatorId))
      .map((r) => ({ code: ind.get(r.indicatorId)?.code ?? "", name: ind.get(r.indicatorId)?.name ?? "", reason: r.reason })),
  };
}

/** Evidence files: the scans attached to each dossier document (one indexed query). */
export async function withDocumentFiles<D extends { id: number }>(db: C["var"]["db"], commune: Unit, documents: D[]): Promise<(D & { files: FileView[] })[]> {
  const files = await filesOf(db, commune.id, "dossier_document", documents.map((d) => d.id));
  return documents.map((d) => ({ ...d, files: files.filter((f) => f.parentId === d.id).map(toFileView) }));
}

/** Evidence files: how many evidence files the latest submission froze, and the ZIP of them. */
async function withFrozenFiles(db: C["var"]["db"], dossier: Dossier, view: SnapshotView | null): Promise<SnapshotView | null> {
  if (!view) return null;
  const files = await frozenFiles(db, dossier);
  return { ...view, evidence: { files: files.length, zipUrl: `/files/dossiers/${dossier.id}/minh-chung.zip` } };
}

/** Why the dossier cannot be submitted yet, from the commune's live checklist and the documents attached. */
export async function problemsOf(c: C, dossier: Dossier, commune: Unit, detail: DossierDetail): Promise<NonNullable<DossierPageProps["problems"]>> {
  const live = await liveProblems(c.var.db, dossier, commune, detail.documents.map((d) => d.kind));
  return live ? { unmet: live.unmet, messages: live.messages } : { unmet: [], messages: ["Bộ tiêu chí của xã đã thay đổi so với hồ sơ; không thể nộp hồ sơ này."] };
}

export async function dossierPage(c: C, dossier: Dossier, commune: Unit, role: RecognitionRole, extra: Partial<DossierPageProps> = {}, status: 200 | 409 | 422 = 200) {
  const db = c.var.db;
  const detail = await dossierDetail(db, dossier);
  const actions = availableActions(dossier.status, role, dossier.chain);
  const problems = actions.includes("submit") ? await problemsOf(c, dossier, commune, detail) : null;
  // A form posted to /dossiers/:id/… that comes back with an error keeps the dossier's own address (a reload
  // must not land on the form's POST address).
  if (status !== 200) c.header("HX-Push-Url", `/dossiers/${dossier.id}`);
  const ind = new Map(detail.indicators.map((i) => [i.id, i]));
  const lastReturn = [...detail.events].reverse().find((e) => e.action === "return");
  const props: DossierPageProps = {
    ...pageProps(c),
    chain: (await crumbs(c, commune)).map((x, i, all) => (i === all.length - 1 ? { ...x, viewable: true } : x)),
    communeName: commune.name,
    communeCode: commune.code,
    dossier,
    roleLabel: role === "other" ? "xem" : ROLE_LABELS[role],
    actions,
    problems,
    documents: await withDocumentFiles(db, commune, detail.documents),
    events: detail.events,
    openReturns: dossier.status === "returned" ? detail.returns.filter((r) => r.resolvedAt === null).map((r) => ({ indicatorId: r.indicatorId, code: ind.get(r.indicatorId)?.code ?? "", name: ind.get(r.indicatorId)?.name ?? "", reason: r.reason })) : [],
    returnNote: dossier.status === "returned" ? (lastReturn?.reason ?? null) : null,
    snapshot: await withFrozenFiles(db, dossier, snapshotView(dossier, detail)),
    diff: diffView(dossier, detail),
    reopeners: reopeners(dossier.status, dossier.chain).map((r) => ROLE_LABELS[r]),
    details: { state: detailsState(dossier), errors: {} },
    ...extra,
  };
  return c.html(<DossierPage {...props} />, status);
}

/** The page again with the latest dossier and a message (409), keeping `extra` (what the user typed). */
export async function conflict(c: C, id: number, message: string, extra: Partial<DossierPageProps> = {}) {
  const fresh = (await getDossier(c.var.db, id))!;
  const role = roleFor(currentActor(c), unitRef(fresh.commune));
  return dossierPage(c, fresh.dossier, fresh.commune, role, { alert: { kind: "warn", message }, ...extra }, 409);
}
