// Issue 20: the public commune page reads the ledger rollups, not every contribution. Every figure on it (totals, per
// criterion, per project, the named sponsors over all their pages, the anonymous line) equals a recount from the
// contribution rows by the page's old code (kept below as the oracle) after pledges, a receipt, cancels, an edit that
// moves a pledge, a consent withdrawn and given back, and merges both ways; the rollups equal their recount throughout.
// The paged list of named sponsors neither repeats nor skips and names no one without consent; a bad cursor is a 422.
import { env } from "cloudflare:workers";
import { and, asc, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client";
import { communeBindings, contributions, criteria, evidenceFiles, ledgerRollups, projects, sponsors, users, type Unit } from "../../src/db/schema";
import { vnDateOf } from "../../src/domain/clock";
import { parseAmountCursor } from "../../src/domain/keyset";
import { groupLedger, hasContributed, publicSponsorName, sumLedger, SPONSOR_KIND_LABELS, type LedgerRow } from "../../src/domain/ledger";
import { ledgerRollupDifferences, rebuildLedgerRollups } from "../../src/services/ledger-rollups";
import { publicLedger, publicSponsors } from "../../src/services/public-ledger";
import { unitByCode } from "../../src/services/units";
import { Client, loggedIn, seededDb, testDb } from "../factories";

const VB = "28879";
const today = () => vnDateOf(new Date().toISOString());
const viToday = () => today().split("-").reverse().join("/");
const idFrom = (res: Response) => Number(/\/contributions\/(\d+)$/.exec(res.headers.get("Location") ?? "")?.[1]);
const pledge = (over: Record<string, string>) => ({ sponsorId: "", sponsorKind: "business", contactPhone: "", kind: "money", amount: "20.000.000", pledgedAt: viToday(), criterionId: "", projectId: "", ...over });
const contributionOf = async (id: number) => (await testDb().select().from(contributions).where(eq(contributions.id, id)).get())!;
const sponsorOf = async (id: number) => (await testDb().select().from(sponsors).where(eq(sponsors.id, id)).get())!;

/** The public page's figures as the page computed them before issue 20: from every contribution of the commune. */
async function oracle(db: Db, commune: Unit, day: string) {
  const rows = await db
    .select({ contribution: contributions, sponsor: sponsors })
    .from(contributions)
    .innerJoin(sponsors, eq(sponsors.id, contributions.sponsorId))
    .where(eq(contributions.communeId, commune.id))
    .all();
  const projectRows = await db.select().from(projects).where(eq(projects.communeId, commune.id)).orderBy(asc(projects.id)).all();
  const ids = [...new Set(rows.map((r) => r.contribution.criterionId).filter((id): id is number => id !== null))];
  const crit = new Map((ids.length ? await db.select().from(criteria).where(inArray(criteria.id, ids)).all() : []).map((k) => [k.id, k]));
  const named = new Map<number, { name: string; kind: string; rows: LedgerRow[] }>();
  const anonymousIds = new Set<number>();
  const anonymousRows: LedgerRow[] = [];
  const bySponsor = groupLedger(rows.map((r) => r.contribution), (r) => r.sponsorId, day);
  for (const { contribution: r, sponsor: s } of rows) {
    const name = publicSponsorName(s);
    if (name === null) {
      if (hasContributed(bySponsor.get(r.sponsorId)!)) anonymousIds.add(r.sponsorId);
      anonymousRows.push(r);
      continue;
    }
    const entry = named.get(s.id) ?? { name, kind: SPONSOR_KIND_LABELS[s.kind], rows: [] };
    entry.rows.push(r);
    named.set(s.id, entry);
  }
  const all = rows.map((r) => r.contribution);
  const byProject = groupLedger(all, (r) => r.projectId, day);
  return {
    totals: sumLedger(all, day),
    byCriterion: [...groupLedger(all, (r) => r.criterionId, day)]
      .map(([id, totals]) => ({ label: id && crit.has(id) ? `${crit.get(id)!.number}. ${crit.get(id)!.name}` : "Chưa gắn tiêu chí", totals, n: id === null ? 999 : crit.get(id)!.number }))
      .sort((a, b) => a.n - b.n)
      .map(({ label, totals }) => ({ label, totals })),
    projects: projectRows.map((p) => ({ id: p.id, pledged: byProject.get(p.id)?.pledged ?? 0, received: byProject.get(p.id)?.received ?? 0 })),
    sponsors: [...named.values()].map((s) => ({ name: s.name, kind: s.kind, totals: sumLedger(s.rows, day) })).filter((s) => hasContributed(s.totals)),
    anonymous: { sponsors: anonymousIds.size, totals: sumLedger(anonymousRows, day) },
  };
}

const byName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** Every named sponsor of the page and the pages after it (pages of `size`). */
async function allNamed(db: Db, commune: Unit, day: string, size = 50) {
  const first = await publicLedger(db, commune, day);
  const out = [...first.sponsors];
  for (let next = first.sponsorsNext, n = 0; next && n < 100; n++) {
    const page = await publicSponsors(db, commune, day, size, parseAmountCursor(next));
    out.push(...page.sponsors);
    next = page.next;
  }
  return { first, named: out };
}

let commune: Unit;
let provinceId = 0;

async function expectRecount(step: string) {
  const db = testDb();
  expect(await ledgerRollupDifferences(db, provinceId), step).toEqual([]);
  const day = today();
  const want = await oracle(db, commune, day);
  const { first, named } = await allNamed(db, commune, day);
  expect(first.totals, `${step}: totals`).toEqual(want.totals);
  expect(first.byCriterion, `${step}: by criterion`).toEqual(want.byCriterion);
  expect(first.projects.map((p) => ({ id: p.id, pledged: p.sponsorPledged, received: p.sponsorReceived })), `${step}: projects`).toEqual(want.projects);
  expect(first.anonymous, `${step}: anonymous line`).toEqual(want.anonymous);
  expect(byName(named), `${step}: named sponsors`).toEqual(byName(want.sponsors));
  // Largest pledge first.
  expect(named.map((s) => s.totals.pledged), step).toEqual([...named.map((s) => s.totals.pledged)].sort((a, b) => b - a));
}

beforeAll(async () => {
  const db = await seededDb();
  commune = (await unitByCode(db, VB))!;
  provinceId = commune.provinceId!;
  await rebuildLedgerRollups(db, provinceId, today());
});

describe("the public commune page from the rollups", () => {
  it("equals a recount from the contributions after every kind of write", async () => {
    const db = testDb();
    const canbo = await loggedIn("canbo");
    const xa = await loggedIn("xa.vinhbinh");
    const admin = await loggedIn("admin");
    const setId = (await db.select().from(communeBindings).where(eq(communeBindings.unitId, commune.id)).get())!.setId;
    const [c1, c2] = (await db.select().from(criteria).where(eq(criteria.setId, setId)).orderBy(asc(criteria.number)).limit(2).all()).map((k) => k.id);
    const project = (await db.insert(projects).values({ communeId: commune.id, provinceId, districtId: commune.districtId, name: "Đường ấp Công Khai", status: "in_progress", createdBy: 1 }).returning().get())!;
    await expectRecount("start");

    const post = async (client: Client, path: string, body: Record<string, string>) => {
      const res = await client.post(path, body);
      if (res.status !== 303) expect(await res.text(), `${path}: ${res.status}`).toBe("");
      return res;
    };
    const a = idFrom(await post(canbo, `/communes/${VB}/contributions`, pledge({ sponsorName: "Công ty Công Khai An", publicConsent: "on", publicName: "Công ty An (công khai)", amount: "30.000.000", criterionId: String(c1) })));
    const b = idFrom(await post(canbo, `/communes/${VB}/contributions`, pledge({ sponsorName: "Ông Bình Kín Tên", sponsorKind: "individual", amount: "20.000.000", criterionId: String(c2), projectId: String(project.id), pledgedAt: "01/06/2024", dueDate: "01/01/2025" })));
    const c = idFrom(await post(canbo, `/communes/${VB}/contributions`, pledge({ sponsorName: "Bà Cúc Kín Tên", sponsorKind: "individual", amount: "10.000.000" })));
    const d = idFrom(await post(canbo, `/communes/${VB}/contributions`, pledge({ sponsorName: "Cửa hàng Dũng Công Khai", publicConsent: "on", amount: "5.000.000" })));
    const labour = idFrom(await post(canbo, `/communes/${VB}/contributions`, pledge({ sponsorName: "Đoàn viên Kín Tên", sponsorKind: "individual", kind: "labour", amount: "", labourDays: "12" })));
    expect([a, b, c, d, labour].every((id) => id > 0)).toBe(true);
    await expectRecount("pledges");
    const page = await (await canbo.get(`/public/communes/${VB}`)).text();
    expect(page).toContain("Công ty An (công khai)");
    expect(page).toContain("3 nhà tài trợ không công khai tên");
    for (const hidden of ["Ông Bình Kín Tên", "Bà Cúc Kín Tên", "Đoàn viên Kín Tên", "Công ty Công Khai An"]) expect(page).not.toContain(hidden);

    await post(xa, `/contributions/${b}/receipts`, { amount: "5.000.000", receivedAt: viToday(), payerName: "", note: "" });
    await expectRecount("receipt");

    // All-cancelled sponsors: neither named nor counted.
    await post(xa, `/contributions/${c}/cancel`, { reason: "Rút lại", version: String((await contributionOf(c)).version) });
    await post(xa, `/contributions/${d}/cancel`, { reason: "Rút lại", version: String((await contributionOf(d)).version) });
    await expectRecount("cancel");
    expect((await publicLedger(db, commune, today())).anonymous.sponsors).toBe(2);

    const ca = await contributionOf(a);
    await post(xa, `/contributions/${a}`, { ...pledge({ sponsorId: String(ca.sponsorId), amount: "45.000.000", criterionId: String(c2), projectId: String(project.id) }), version: String(ca.version) });
    await expectRecount("edit moves the pledge");

    const sponsorA = await sponsorOf(ca.sponsorId);
    const sponsorForm = (s: typeof sponsorA, consent: boolean) => ({
      sponsorKind: s.kind, sponsorName: s.name, contactPhone: s.contactPhone ?? "", contactEmail: "", contactAddress: "", contactNote: "",
      publicConsent: consent ? "on" : "", publicName: s.publicName ?? "", version: String(s.version),
    });
    await post(admin, `/sponsors/${sponsorA.id}`, sponsorForm(sponsorA, false));
    await expectRecount("consent withdrawn");
    expect((await publicLedger(db, commune, today())).anonymous.sponsors).toBe(3);
    await post(admin, `/sponsors/${sponsorA.id}`, sponsorForm(await sponsorOf(sponsorA.id), true));
    await expectRecount("consent given");

    // An anonymous sponsor merged into a named one, then a named one into an anonymous one.
    const into = await sponsorOf(sponsorA.id);
    const fromB = await sponsorOf((await contributionOf(b)).sponsorId);
    await post(admin, `/sponsors/${into.id}/merge`, { from: `${fromB.id}.${fromB.version}`, version: String(into.version) });
    await expectRecount("anonymous into named");
    const e = idFrom(await post(canbo, `/communes/${VB}/contributions`, pledge({ sponsorName: "Ông Em Kín Tên", sponsorKind: "individual", amount: "7.000.000" })));
    const f = idFrom(await post(canbo, `/communes/${VB}/contributions`, pledge({ sponsorName: "Công ty Phúc Công Khai", publicConsent: "on", amount: "8.000.000" })));
    const keep = await sponsorOf((await contributionOf(e)).sponsorId);
    const gone = await sponsorOf((await contributionOf(f)).sponsorId);
    await post(admin, `/sponsors/${keep.id}/merge`, { from: `${gone.id}.${gone.version}`, version: String(keep.version) });
    await expectRecount("named into anonymous");
    expect((await publicLedger(db, commune, today())).sponsors.map((s) => s.name)).not.toContain("Công ty Phúc Công Khai");

    // Concurrent writes of one commune: new anonymous and named sponsors, a cancel and a consent edit at once.
    const cancelMe = await contributionOf(e);
    const results = await Promise.all([
      ...Array.from({ length: 3 }, (_, i) => canbo.post(`/communes/${VB}/contributions`, pledge({ sponsorName: `Hộ Đồng Thời ${i}`, sponsorKind: "individual", amount: `${i + 1}.000.000` }))),
      canbo.post(`/communes/${VB}/contributions`, pledge({ sponsorName: "Công ty Đồng Thời", publicConsent: "on" })),
      xa.post(`/contributions/${e}/cancel`, { reason: "Rút lại", version: String(cancelMe.version) }),
      admin.post(`/sponsors/${sponsorA.id}`, sponsorForm(await sponsorOf(sponsorA.id), false)),
    ]);
    expect(results.map((r) => r.status)).toEqual([303, 303, 303, 303, 303, 303]);
    await expectRecount("concurrent");
  });

  it("pages every named sponsor once, in order, no name without consent; a bad cursor is a 422", async () => {
    // 70 more sponsors, every other one consenting, some with equal pledges (the id breaks the tie).
    await env.DB.batch(
      Array.from({ length: 70 }, (_, i) => [
        env.DB.prepare("insert into sponsors (province_id, kind, name, name_folded, public_consent, created_by) values (?, 'business', ?, ?, ?, 1)").bind(provinceId, `Trang ${i}`, `trang ${i}`, i % 2),
        env.DB.prepare(
          `insert into contributions (sponsor_id, commune_id, province_id, district_id, kind, amount, status, pledged_at, created_by)
           values ((select max(id) from sponsors), ?, ?, ?, 'money', ?, 'pledged', '2026-11-01', 1)`,
        ).bind(commune.id, provinceId, commune.districtId, 1_000_000 * (1 + (i % 9))),
      ]).flat(),
    );
    await rebuildLedgerRollups(testDb(), provinceId, today());
    await expectRecount("70 more");
    const client = await loggedIn("canbo");
    const first = await (await client.get(`/public/communes/${VB}`)).text();
    expect(first).toContain(`href="/public/communes/${VB}/sponsors"`);
    const seen: string[] = [];
    let next: string | null = `/public/communes/${VB}/sponsors`;
    for (let n = 0; next && n < 20; n++) {
      const res = await fetchPublic(next);
      expect(res.status).toBe(200);
      const html = await res.text();
      seen.push(...[...html.matchAll(/<th[^>]*scope="row">([^<]+)<br/g)].map((m) => m[1]));
      next = /<a href="([^"]+)">Xem thêm \(cam kết nhỏ hơn\)/.exec(html)?.[1]?.replaceAll("&amp;", "&") ?? null;
    }
    const want = (await oracle(testDb(), commune, today())).sponsors;
    expect(seen.length).toBe(want.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(want.map((s) => s.name).sort());
    for (let i = 0; i < 70; i += 2) expect(seen).not.toContain(`Trang ${i}`);
    for (const bad of ["x", "1_", "_1", "12-1", "1e9_1", "9".repeat(20) + "_1"]) {
      const res = await fetchPublic(`/public/communes/${VB}/sponsors?after=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(422);
      expect(await res.text()).toContain("Liên kết trang không hợp lệ");
    }
    expect((await fetchPublic(`/public/communes/99999/sponsors`)).status).toBe(404);
  });

  it("rollups:check finds a tampered anonymous counter or pair state, and the rebuild puts it right", async () => {
    const db = testDb();
    const anon = and(eq(ledgerRollups.areaId, commune.id), eq(ledgerRollups.dim, "anonymous"), eq(ledgerRollups.key, 0));
    await db.update(ledgerRollups).set({ anonSponsors: 99 }).where(anon);
    const pair = (await db.select().from(ledgerRollups).where(and(eq(ledgerRollups.areaId, commune.id), eq(ledgerRollups.dim, "sponsor"), eq(ledgerRollups.shown, 2))).get())!;
    await db.update(ledgerRollups).set({ shown: 1 }).where(and(eq(ledgerRollups.areaId, commune.id), eq(ledgerRollups.dim, "sponsor"), eq(ledgerRollups.key, pair.key)));
    const found = await ledgerRollupDifferences(db, provinceId);
    expect(found).toContain(`${commune.id} anonymous 0: anon_sponsors 99 ≠ ${(await oracle(db, commune, today())).anonymous.sponsors}`);
    expect(found).toContain(`${commune.id} sponsor ${pair.key}: shown 1 ≠ 2`);
    await rebuildLedgerRollups(db, provinceId, today());
    expect(await ledgerRollupDifferences(db, provinceId)).toEqual([]);
    await expectRecount("repaired");
  });
});

/** A request without a session (the public pages). */
const fetchPublic = (path: string) => new Client().get(path);

describe("a project's files on the public page", () => {
  it("shows the files marked public of the commune's projects only: not private, withdrawn or another commune's", async () => {
    const db = await seededDb();
    const vb = (await unitByCode(db, "28879"))!;
    const sd = (await unitByCode(db, "28870"))!;
    const admin = (await db.select().from(users).get())!;
    const project = async (unit: Unit, name: string) =>
      (await db.insert(projects).values({ communeId: unit.id, provinceId: unit.provinceId!, name, status: "in_progress", createdBy: admin.id }).returning().get()).id;
    const [ours, theirs] = [await project(vb, "Đường ấp Thử"), await project(sd, "Đường ấp Khác")];
    const file = (parentId: number, unit: Unit, fileName: string, extra: Partial<typeof evidenceFiles.$inferInsert> = {}) => ({
      parentKind: "project" as const, parentId, unitId: unit.id, provinceId: unit.provinceId!, fileName, contentType: "image/jpeg", size: 1000,
      sha256: "a".repeat(64), uploadedBy: admin.id, uploadedAt: "2026-11-30T01:00:00.000Z", isPublic: true, ...extra,
    });
    await db.insert(evidenceFiles).values([
      file(ours, vb, "cong-khai.jpg"),
      file(ours, vb, "noi-bo.jpg", { isPublic: false }),
      file(ours, vb, "da-rut.jpg", { withdrawnAt: "2026-11-30T02:00:00.000Z" }),
      file(theirs, sd, "xa-khac.jpg"),
    ]);
    const page = await (await new Client().get("/public/communes/28879")).text();
    expect(page).toContain("Đường ấp Thử");
    expect(page).toContain("cong-khai.jpg");
    for (const hidden of ["noi-bo.jpg", "da-rut.jpg", "xa-khac.jpg"]) expect(page).not.toContain(hidden);
    expect((await publicLedger(db, vb, "2026-12-01")).projectFiles.map((f) => f.fileName)).toEqual(["cong-khai.jpg"]);
  });
});
