// Sponsors (mạnh thường quân): list within scope, one sponsor (contact data only where allowed), edit.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { eq } from "drizzle-orm";
import type { AppEnv } from "../env";
import { users } from "../db/schema";
import { can, type UnitRef } from "../domain/permissions";
import { SPONSOR_FIELDS, rawForm, sponsorMergeSchema, sponsorSchema, versionAsForm, withVersion } from "../domain/ledger-forms";
import { validate } from "../web/validate";
import { listSponsors, loadSponsor, updateSponsor } from "../services/sponsors";
import { getUnit, unitRef } from "../services/units";
import { authorize, pageProps, redirectAfterPost, requireUser } from "../web/context";
import { canSeeContact, formBody } from "../web/ledger-helpers";
import { SponsorListPage, SponsorPage, type SponsorView } from "../../templates/pages/sponsors";
import type { MergeCandidate } from "../../templates/components/sponsor-merge";
import { mergeCandidates, mergeSponsors, sponsorById } from "../services/sponsor-merge";
import type { Sponsor } from "../services/contributions";
import type { SponsorContributionRow } from "../web/ledger-view";
import { type C, clientIp, currentActor, idParam, todayOf } from "../web/request";
import { type StatusOf, statusOf } from "../web/outcome";

/** Sponsors per page of the list (each with its rollup row for the totals). */
const SPONSOR_PAGE = 50;

const editState = (s: Sponsor): Record<string, string> => ({
  sponsorKind: s.kind,
  sponsorName: s.name,
  contactPhone: s.contactPhone ?? "",
  contactEmail: s.contactEmail ?? "",
  contactAddress: s.contactAddress ?? "",
  contactNote: s.contactNote ?? "",
  publicConsent: s.publicConsent ? "on" : "",
  publicName: s.publicName ?? "",
});

/** A sponsor the user may open: a contribution within their scope, or mobilised/created by them. */
async function sponsorOf(c: C) {
  const loaded = await loadSponsor(c.var.db, idParam(c));
  if (!loaded) throw new HTTPException(404, { message: "Không tìm thấy nhà tài trợ này." });
  const actor = currentActor(c);
  const province = await getUnit(c.var.db, loaded.sponsor.provinceId);
  const provinceRef: UnitRef[] = province ? [unitRef(province)] : [];
  const visible = loaded.contributions.filter((r) => can(actor, "ledger.view", { unit: r.commune }));
  const own = loaded.sponsor.mobilisedBy === actor.id || loaded.sponsor.createdBy === actor.id;
  const provinceWide = provinceRef.some((unit) => can(actor, "ledger.view", { unit }));
  if (!visible.length && !own && !provinceWide) throw new HTTPException(403, { message: "Bạn không có quyền xem nhà tài trợ này." });
  // Contact and edit rights: admin, the mobilising cadre, or a commune the sponsor is legitimately linked to — never
  // merely a commune with a pledge naming it.
  const contact = canSeeContact(c, loaded.sponsor.mobilisedBy, [...loaded.linked, ...provinceRef]);
  return { sponsor: loaded.sponsor, rows: visible, contact, province };
}

/** The admin's merge form: the sponsor's likely duplicates with their pledge counts. */
async function mergeProps(c: C, sponsor: Sponsor, province: Awaited<ReturnType<typeof getUnit>>, error?: string) {
  if (!province || !can(currentActor(c), "sponsor.merge", { unit: unitRef(province) })) return null;
  const list = await mergeCandidates(c.var.db, sponsor);
  const candidates = list.map((s) => ({ id: s.id, version: s.version, name: s.name, phone: s.contactPhone, pledges: s.pledges }));
  return { candidates, error };
}

async function renderSponsor(
  c: C,
  sponsor: Sponsor,
  rows: SponsorContributionRow[],
  contact: boolean,
  edit?: { state: Record<string, string>; errors?: Record<string, string>; conflict?: boolean },
  status: 200 | 409 | 422 = 200,
  merge: { candidates: MergeCandidate[]; error?: string } | null = null,
) {
  const mobiliser = sponsor.mobilisedBy ? await c.var.db.select({ name: users.displayName }).from(users).where(eq(users.id, sponsor.mobilisedBy)).get() : undefined;
  const view: SponsorView = {
    id: sponsor.id,
    name: sponsor.name,
    kind: sponsor.kind,
    publicConsent: sponsor.publicConsent,
    publicName: sponsor.publicName,
    version: sponsor.version,
    contact: contact ? { phone: sponsor.contactPhone, email: sponsor.contactEmail, address: sponsor.contactAddress, note: sponsor.contactNote } : null,
    mobiliserName: mobiliser?.name ?? null,
  };
  return c.html(<SponsorPage {...pageProps(c)} s={view} rows={rows} today={todayOf(c)} edit={contact ? (edit ?? { state: editState(sponsor) }) : null} merge={merge} />, status);
}

/** The sponsor edited (403 unless the user may see its contact data) and the form as typed. */
async function editTarget(c: C) {
  const { sponsor, rows, contact } = await sponsorOf(c);
  if (!contact) throw new HTTPException(403, { message: "Chỉ quản trị viên, xã liên quan và cán bộ vận động được sửa thông tin nhà tài trợ." });
  return { sponsor, rows, contact, raw: rawForm(await formBody(c), [...SPONSOR_FIELDS, "version"]) };
}

const sponsorForm = validate("form", withVersion(SPONSOR_FIELDS, sponsorSchema), async (c, errors) => {
  const { sponsor, rows, contact, raw } = await editTarget(c);
  return renderSponsor(c, sponsor, rows, contact, { state: raw, errors: versionAsForm(errors) }, 422);
});

/** The sponsor a duplicate is merged into (by the province's admin) and how to answer with the merge form. */
async function mergeTarget(c: C) {
  const { sponsor, rows, contact, province } = await sponsorOf(c);
  if (!province) throw new HTTPException(404, { message: "Không tìm thấy nhà tài trợ này." });
  authorize(c, "sponsor.merge", { unit: unitRef(province) });
  const fail = async (status: StatusOf<"conflict" | "invalid">, message: string) => renderSponsor(c, sponsor, rows, contact, undefined, status, await mergeProps(c, sponsor, province, message));
  return { sponsor, fail };
}

const mergeForm = validate("form", sponsorMergeSchema, async (c, errors) => (await mergeTarget(c)).fail(422, Object.values(errors)[0]));

export const sponsorRoutes = new Hono<AppEnv>()
  .get("/", requireUser, async (c) => {
    const actor = currentActor(c);
    const scope = await getUnit(c.var.db, actor.scope.id);
    if (!scope) throw new HTTPException(404);
    authorize(c, "ledger.view", { unit: unitRef(scope) });
    const query = (c.req.query("q") ?? "").slice(0, 60);
    const afterText = c.req.query("after") ?? "";
    if (afterText && !/^\d{1,12}$/.test(afterText)) throw new HTTPException(422, { message: "Liên kết trang không hợp lệ; hãy mở lại danh sách từ đầu." });
    const list = await listSponsors(c.var.db, unitRef(scope), query, SPONSOR_PAGE, afterText ? Number(afterText) : null);
    // Keyset pages (province scope): the next page starts after this page's last sponsor.
    const next = scope.level === "province" && list.length === SPONSOR_PAGE ? `/sponsors?${new URLSearchParams({ ...(query ? { q: query } : {}), after: String(list.at(-1)!.sponsor.id) })}` : null;
    const provinceRef = actor.scope.level === "province" ? [actor.scope] : [];
    return c.html(
      <SponsorListPage
        {...pageProps(c)}
        scopeName={scope.name}
        query={query}
        next={next}
        showContact={actor.role !== "leader"}
        items={list.map((r) => ({
          id: r.sponsor.id,
          name: r.sponsor.name,
          kind: r.sponsor.kind,
          publicConsent: r.sponsor.publicConsent,
          totals: r.totals,
          contactPhone: canSeeContact(c, r.sponsor.mobilisedBy, [...r.linked, ...provinceRef]) ? r.sponsor.contactPhone : null,
        }))}
      />,
    );
  })
  .get("/:id", requireUser, async (c) => {
    const { sponsor, rows, contact, province } = await sponsorOf(c);
    return renderSponsor(c, sponsor, rows, contact, undefined, 200, await mergeProps(c, sponsor, province));
  })
  .post("/:id/merge", requireUser, mergeForm, async (c) => {
    const { sponsor, fail } = await mergeTarget(c);
    const input = c.req.valid("form");
    const other = await sponsorById(c.var.db, input.fromId);
    if (!other || other.provinceId !== sponsor.provinceId) return fail(422, "Không tìm thấy nhà tài trợ cần gộp trong tỉnh.");
    const outcome = await mergeSponsors(c.var.db, currentActor(c).id, other, sponsor, { from: input.fromVersion, into: input.version }, clientIp(c));
    if (!outcome.ok) return fail(statusOf(outcome), outcome.message);
    return redirectAfterPost(c, `/sponsors/${sponsor.id}`);
  })
  .post("/:id", requireUser, sponsorForm, async (c) => {
    const { sponsor, rows, contact, raw } = await editTarget(c);
    const input = c.req.valid("form");
    const outcome = await updateSponsor(c.var.db, currentActor(c).id, sponsor, input, input.version, clientIp(c));
    if (!outcome.ok) return renderSponsor(c, outcome.current, rows, contact, { state: raw, conflict: true }, 409);
    return redirectAfterPost(c, `/sponsors/${sponsor.id}`);
  });
