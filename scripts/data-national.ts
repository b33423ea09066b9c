// npm run data:national -- --shape 2025|2026 [--heavy] [--seed 42] [--persist-to DIR] [--provinces 83,86]
// Loads every unit of data/units-2025-03.csv (3-tier) or data/units-2026-07.csv (2-tier) into a local D1 of
// its own (default .wrangler/national-<shape>, recreated), with hamlets, bound checklists with values,
// 12 months of history and snapshots, accounts, assignments, visits, feedback and contributions —
// deterministic from the seed, rollups consistent. Prints progress and the database size.
// The 2026 shape adds the 2021–2025 archive: the 3-tier units of data/units-2025-03.csv (valid 1/3/2025 →
// 30/6/2025) with their 2021–2025 checklists and recognitions, the succession rows of data/succession-2025.csv
// and the carried-over ("thừa nhận") decisions of most merged communes (scripts/lib/national-archive.ts).
// --heavy (2026 only) grows Vĩnh Long (86) to 500 communes and adds five years of history to it
// (scripts/lib/national-heavy.ts); default directory .wrangler/national-2026-heavy.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { eq, and, count, isNotNull, isNull } from "drizzle-orm";
import {
  assignments,
  contributions,
  departments,
  feedbackCategories,
  feedbackItems,
  projects,
  receiptCounters,
  receipts,
  sponsors,
  unitSearchTerms,
  units,
  users,
  visitConcerns,
  visits,
} from "../src/db/schema";
import { hashPassword } from "../src/auth/password";
import type { TargetKey } from "../src/domain/criteria-format";
import { rng, seedOf } from "../src/domain/sample-values";
import { parseSuccession } from "../src/domain/succession";
import { fold, searchTerms } from "../src/domain/text";
import { planProvince } from "../src/domain/units";
import { DEMO_DEPARTMENTS, DEMO_PASSWORD, loadShippedSets } from "../src/demo/fixture";
import { importProvince, unitByCode } from "../src/services/units";
import { rebuildLedgerRollups } from "../src/services/ledger-rollups";
import { provincesWithFeedback, rebuildFeedbackCounts } from "../src/services/feedback-counts";
import { applyLocalMigrations, arg, withLocalDb } from "./lib/local";
import { BulkWriter } from "./lib/bulk";
import { planArchive } from "./lib/archive";
import { seedArchive } from "./lib/national-archive";
import { dayIn, definitions, monthsBefore, seedChecklists } from "./lib/national-checklists";
import { seedHeavyHistory, withHeavyProvince } from "./lib/national-heavy";

const shape = arg("shape") === "2026" ? "2026" : arg("shape") === "2025" ? "2025" : null;
if (!shape) {
  console.error("Cách dùng: npm run data:national -- --shape 2025|2026 [--seed 42] [--persist-to DIR] [--provinces 83,86]");
  process.exit(2);
}
const seed = Number(arg("seed") ?? 42);
const heavy = process.argv.includes("--heavy") && shape === "2026";
const dir = arg("persist-to") ?? `.wrangler/national-${shape}${heavy ? "-heavy" : ""}`;
const only = arg("provinces")?.split(",");
const shapeCsv = readFileSync(shape === "2025" ? "data/units-2025-03.csv" : "data/units-2026-07.csv", "utf8");
const csv = heavy ? withHeavyProvince(shapeCsv) : shapeCsv;
const provinceCodes = [...new Set(csv.split("\n").slice(1).filter(Boolean).map((l) => l.split(",")[0]))].filter((c) => !only || only.includes(c));
// 2026 shape: the 2021–2025 archive (the 3-tier units the chosen provinces were formed from) and the succession.
const units2025Csv = readFileSync("data/units-2025-03.csv", "utf8");
const archive = shape === "2026" ? planArchive(parseSuccession(readFileSync("data/succession-2025.csv", "utf8")), units2025Csv, provinceCodes) : null;

const NOW = new Date("2026-11-27T03:00:00.000Z");
const EVAL_YEAR = shape === "2025" ? 2025 : 2026;
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const monthsBack = (n: number) => monthsBefore(NOW, n);

const HAMLET_WORDS = ["An", "Bình", "Phú", "Tân", "Long", "Hòa", "Thạnh", "Mỹ", "Phước", "Lợi", "Hưng", "Đông", "Tây", "Trung", "Thuận", "Đường"];
const SPONSOR_KINDS = ["business", "individual", "association", "overseas", "other"] as const;
const FEEDBACK_STATUSES = ["closed", "closed", "closed", "closed", "answered", "answered", "in_progress", "in_progress", "routed", "new"] as const;
const CATEGORIES = [
  { name: "Hạ tầng giao thông", dept: "SXD" },
  { name: "Sản xuất nông nghiệp", dept: "SNNMT" },
  { name: "Y tế", dept: "SYT" },
  { name: "Giáo dục", dept: "SGDDT" },
  { name: "Môi trường", dept: "SNNMT" },
  { name: "Khác", dept: "STC" },
];

if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
console.log(`Tạo dữ liệu toàn quốc (${shape}, ${provinceCodes.length} tỉnh) vào ${dir} …`);
await applyLocalMigrations(dir);

await withLocalDb(dir, async (db, d1) => {
  const bulk = new BulkWriter(d1);
  await loadShippedSets(db);
  const setCodes = shape === "2025" ? { rural: "QD318-2022-XA", urban: "QD04-2022-DTVM" } : { rural: "QD51-2025-XA", urban: "QD04-2022-DTVM" };
  const definition = definitions(db);
  let userNo = 0;
  // The old generation first (as the merger happened): importing a new province then closes the old units whose
  // code it reuses, and the succession table (below) closes the rest.
  for (const code of archive?.oldProvinces ?? []) await importProvince(db, planProvince(units2025Csv, code));
  if (archive) console.log(`  ${archive.oldProvinces.length} tỉnh cũ (ba cấp, lưu trữ 2021–2025) · ${elapsed()}`);

  for (const [pi, provinceCode] of provinceCodes.entries()) {
    const random = rng(seed * 1000 + seedOf(provinceCode));
    const plan = planProvince(csv, provinceCode);
    await importProvince(db, plan);
    const province = (await unitByCode(db, provinceCode))!;
    const communes = await db.select().from(units).where(and(eq(units.provinceId, province.id), eq(units.level, "commune"))).all();
    const districts = await db.select().from(units).where(and(eq(units.provinceId, province.id), eq(units.level, "district"))).all();

    // Hamlets (5–10 per commune) with their search terms.
    const hamletRows = communes.flatMap((c) => {
      const n = 5 + Math.floor(random() * 6);
      const kind = c.kind === "phuong" ? ("khu_pho" as const) : shape === "2026" && random() < 0.3 ? ("thon" as const) : ("ap" as const);
      const prefix = { khu_pho: "Khu phố", thon: "Thôn", ap: "Ấp" }[kind];
      return Array.from({ length: n }, (_, i) => {
        const name = `${prefix} ${HAMLET_WORDS[Math.floor(random() * HAMLET_WORDS.length)]} ${HAMLET_WORDS[Math.floor(random() * HAMLET_WORDS.length)]} ${i + 1}`;
        return {
          code: `${c.code}-${String(i + 1).padStart(2, "0")}`,
          name,
          nameFolded: fold(name),
          kind,
          level: "hamlet" as const,
          parentId: c.id,
          provinceId: province.id,
          districtId: c.districtId,
          communeId: c.id,
          households: 150 + Math.floor(random() * 400),
          population: 600 + Math.floor(random() * 1500),
          validFrom: c.validFrom,
        };
      });
    });
    await bulk.insert(units, hamletRows);
    await bulk.flush();
    const hamlets = await db.select({ id: units.id, name: units.name, communeId: units.communeId }).from(units).where(and(eq(units.provinceId, province.id), eq(units.level, "hamlet"))).all();
    await bulk.insert(unitSearchTerms, hamlets.flatMap((h) => searchTerms(h.name).map((term) => ({ term, unitId: h.id }))), true);

    // Departments and accounts (real PBKDF2 hashes, one salt each).
    await bulk.insert(departments, DEMO_DEPARTMENTS.map((d) => ({ ...d, provinceId: province.id })));
    await bulk.flush();
    const order = DEMO_DEPARTMENTS.map((d) => d.code);
    const depts = (await db.select().from(departments).where(eq(departments.provinceId, province.id)).all()).sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code));
    const staffCommunes = districts.length ? districts.map((d) => communes.find((c) => c.districtId === d.id)!).filter(Boolean) : communes.slice(0, 10);
    const accounts = [
      { username: `admin.${provinceCode}`, displayName: `Quản trị ${province.name}`, role: "admin" as const, unitId: province.id, departmentId: null },
      { username: `lanhdao.${provinceCode}`, displayName: `Lãnh đạo ${province.name}`, role: "leader" as const, unitId: province.id, departmentId: null },
      ...Array.from({ length: 10 }, (_, i) => ({ username: `canbo.${provinceCode}.${i + 1}`, displayName: `Cán bộ hỗ trợ ${i + 1}`, role: "cadre" as const, unitId: province.id, departmentId: null })),
      ...depts.slice(0, 3).map((d) => ({ username: `so.${d.code.toLowerCase()}.${provinceCode}`, displayName: d.name, role: "department" as const, unitId: province.id, departmentId: d.id })),
      ...districts.map((d) => ({ username: `huyen.${d.code}`, displayName: `Lãnh đạo ${d.name}`, role: "leader" as const, unitId: d.id, departmentId: null })),
      ...staffCommunes.map((c) => ({ username: `xa.${c.code}`, displayName: `Cán bộ ${c.name}`, role: "commune_staff" as const, unitId: c.id, departmentId: null })),
    ];
    const hashed = await Promise.all(accounts.map(() => hashPassword(DEMO_PASSWORD)));
    await bulk.insert(
      users,
      accounts.map((a, i) => ({ ...a, passwordHash: hashed[i].hash, passwordSalt: hashed[i].salt, passwordIterations: hashed[i].iterations, isDemo: true })),
    );
    userNo += accounts.length;
    await bulk.flush();
    const provinceUsers = await db.select({ id: users.id, username: users.username }).from(users).where(eq(users.unitId, province.id)).all();
    const cadres = provinceUsers.filter((u) => u.username.startsWith("canbo."));
    const adminId = provinceUsers.find((u) => u.username.startsWith("admin."))!.id;

    // Checklists: binding, one value per indicator, the commune rollup, history, snapshots, area rollups.
    const region = (province.region ?? "DBSH") as TargetKey;
    await seedChecklists(db, bulk, definition, {
      seed,
      province,
      communes,
      districts,
      actorId: adminId,
      setCodes,
      ruralKey: (_c, r) => (shape === "2025" ? region : (String(r() < 0.2 ? 1 : r() < 0.75 ? 2 : 3) as TargetKey)),
      evalYear: EVAL_YEAR,
      asOf: NOW,
    });

    // Assignments, visits with concerns, feedback, sponsors, contributions with receipts, projects.
    await bulk.insert(
      assignments,
      communes.map((c, i) => ({ cadreId: cadres[i % cadres.length].id, unitId: c.id, provinceId: province.id, role: "Thành viên tổ công tác", planRef: "23-KH/TU", periodFrom: "2025-01-01", createdBy: adminId })),
    );
    await bulk.insert(
      feedbackCategories,
      CATEGORIES.map((cat) => ({ provinceId: province.id, name: cat.name, defaultDepartmentId: depts.find((d) => d.code === cat.dept)!.id, slaDays: 10 })),
    );
    await bulk.flush();
    const categories = await db.select().from(feedbackCategories).where(eq(feedbackCategories.provinceId, province.id)).all();
    const visitRows = communes.flatMap((c, i) =>
      [1, 2].map((k) => ({
        unitId: c.id,
        communeId: c.id,
        provinceId: province.id,
        visitDate: dayIn(monthsBack(k * 3 + Math.floor(random() * 3)), random),
        participants: `Cán bộ hỗ trợ ${(i % cadres.length) + 1}`,
        metWith: "Ban Chỉ đạo xã, Ban nhân dân ấp",
        summary: "Nắm tình hình xây dựng nông thôn mới, lắng nghe ý kiến người dân.",
        createdBy: cadres[i % cadres.length].id,
      })),
    );
    await bulk.insert(visits, visitRows);
    await bulk.flush();
    const visitIds = await db.select({ id: visits.id }).from(visits).where(eq(visits.provinceId, province.id)).all();
    await bulk.insert(visitConcerns, visitIds.map((v) => ({ visitId: v.id, content: "Người dân đề nghị nâng cấp đường giao thông nông thôn." })));
    const feedbackRows = communes.flatMap((c, i) =>
      Array.from({ length: 1 + (i % 2) }, () => {
        const status = FEEDBACK_STATUSES[Math.floor(random() * FEEDBACK_STATUSES.length)];
        const category = categories[Math.floor(random() * categories.length)];
        const received = dayIn(monthsBack(Math.floor(random() * 6)), random);
        const due = new Date(Date.parse(received) + 14 * 86_400_000).toISOString().slice(0, 10);
        const answered = status === "answered" || status === "closed";
        return {
          provinceId: province.id,
          unitId: c.id,
          districtId: c.districtId,
          source: "visit" as const,
          categoryId: category.id,
          departmentId: status === "new" ? null : category.defaultDepartmentId,
          title: `Kiến nghị về ${category.name.toLowerCase()}`,
          content: "Đề nghị cơ quan chức năng xem xét, hỗ trợ địa phương.",
          status,
          receivedAt: received,
          slaDays: 10,
          dueDate: due,
          answeredAt: answered ? new Date(Date.parse(received) + Math.floor(random() * 20) * 86_400_000).toISOString() : null,
          publicAnswer: answered ? "Sở đã tiếp nhận và có kế hoạch hỗ trợ trong năm." : null,
          rating: status === "closed" ? 3 + Math.floor(random() * 3) : null,
          createdBy: cadres[i % cadres.length].id,
        };
      }),
    );
    await bulk.insert(feedbackItems, feedbackRows);
    const sponsorRows = Array.from({ length: 30 }, (_, i) => {
      const name = `Mạnh thường quân ${provinceCode}-${i + 1}`;
      return {
        provinceId: province.id,
        kind: SPONSOR_KINDS[i % SPONSOR_KINDS.length],
        name,
        nameFolded: fold(name),
        contactPhone: `09${String(10_000_000 + Math.floor(random() * 89_999_999))}`,
        publicConsent: random() < 0.6,
        publicName: name,
        mobilisedBy: cadres[i % cadres.length].id,
        createdBy: adminId,
      };
    });
    await bulk.insert(sponsors, sponsorRows);
    await bulk.insert(
      projects,
      communes.map((c) => ({ communeId: c.id, provinceId: province.id, districtId: c.districtId, name: "Nâng cấp đường liên ấp", status: "in_progress" as const, progress: Math.floor(random() * 100), budgetState: 500_000_000, budgetCommune: 100_000_000, budgetResidents: 50_000_000, budgetSponsors: 0, createdBy: adminId })),
    );
    await bulk.flush();
    const sponsorIds = (await db.select({ id: sponsors.id }).from(sponsors).where(eq(sponsors.provinceId, province.id)).all()).map((s) => s.id);
    const projectIds = new Map((await db.select({ id: projects.id, communeId: projects.communeId }).from(projects).where(eq(projects.provinceId, province.id)).all()).map((p) => [p.communeId, p.id]));
    const contributionRows = communes.flatMap((c, i) =>
      [0, 1].map((k) => {
        const amount = (5 + Math.floor(random() * 495)) * 1_000_000;
        const roll = random();
        const status = roll < 0.4 ? ("pledged" as const) : roll < 0.9 ? ("received" as const) : ("cancelled" as const);
        return {
          sponsorId: sponsorIds[(i + k) % sponsorIds.length],
          communeId: c.id,
          provinceId: province.id,
          districtId: c.districtId,
          projectId: k === 0 ? projectIds.get(c.id)! : null,
          kind: "money" as const,
          amount,
          status,
          pledgedAt: dayIn(monthsBack(1 + Math.floor(random() * 10)), random),
          dueDate: dayIn(monthsBack(Math.floor(random() * 3) - 1), random),
          receivedTotal: status === "received" ? amount : 0,
          cancelReason: status === "cancelled" ? "Nhà tài trợ rút lại cam kết" : null,
          mobilisedBy: cadres[i % cadres.length].id,
          createdBy: cadres[i % cadres.length].id,
        };
      }),
    );
    await bulk.insert(contributions, contributionRows);
    await bulk.flush();
    const received = await db
      .select({ id: contributions.id, communeId: contributions.communeId, amount: contributions.amount, pledgedAt: contributions.pledgedAt })
      .from(contributions)
      .where(and(eq(contributions.provinceId, province.id), eq(contributions.status, "received")))
      .all();
    const seqs = new Map<string, number>();
    const communeCode = new Map(communes.map((c) => [c.id, c.code]));
    const receiptRows = received.map((rc) => {
      const year = Number(rc.pledgedAt.slice(0, 4));
      const key = `${rc.communeId}:${year}`;
      const seq = (seqs.get(key) ?? 0) + 1;
      seqs.set(key, seq);
      return { contributionId: rc.id, communeId: rc.communeId, year, seq, number: `${communeCode.get(rc.communeId)}-${year}-${String(seq).padStart(4, "0")}`, amount: rc.amount, receivedAt: rc.pledgedAt, receivedBy: adminId };
    });
    await bulk.insert(receipts, receiptRows);
    await bulk.insert(receiptCounters, [...seqs].map(([key, lastSeq]) => ({ communeId: Number(key.split(":")[0]), year: Number(key.split(":")[1]), lastSeq })));
    await bulk.flush();
    if (pi % 5 === 4 || pi === provinceCodes.length - 1) {
      console.log(`  ${pi + 1}/${provinceCodes.length} tỉnh · ${bulk.rows.toLocaleString("vi-VN")} dòng hàng loạt · ${userNo} tài khoản · ${elapsed()}`);
    }
  }

  if (archive) await seedArchive(db, bulk, definition, { seed, archive, units2025Csv, log: (m) => console.log(`  ${m} · ${elapsed()}`) });
  if (heavy) await seedHeavyHistory(db, bulk, { seed, now: NOW, log: (m) => console.log(`  ${m} · ${elapsed()}`) });
  // The ledger rollups (services/ledger-rollups.ts) of every province, from the contributions just loaded.
  for (const { provinceId } of await db.selectDistinct({ provinceId: contributions.provinceId }).from(contributions).all()) await rebuildLedgerRollups(db, provinceId, NOW.toISOString().slice(0, 10));
  console.log(`  tổng hợp sổ đóng góp · ${elapsed()}`);
  // The feedback counters (services/feedback-counts.ts) of every province, from the items just loaded.
  for (const provinceId of await provincesWithFeedback(db)) await rebuildFeedbackCounts(db, provinceId);
  console.log(`  số liệu phản ánh · ${elapsed()}`);

  const totals: [string, number][] = [];
  for (const name of ["units", "unit_successions", "dossiers", "carried_recognitions", "unit_search_terms", "users", "indicator_values", "indicator_value_history", "commune_rollups", "area_rollups", "area_level_counts", "area_criterion_counts", "commune_snapshots", "rollup_snapshots", "assignments", "visits", "feedback_items", "sponsors", "contributions", "ledger_rollups", "receipts", "audit_log"]) {
    const { results } = await d1.prepare(`select count(*) as n from "${name}"`).all<{ n: number }>();
    totals.push([name, results[0].n]);
  }
  const communesCount = (await db.select({ n: count() }).from(units).where(and(eq(units.level, "commune"), isNull(units.validTo))).get())!.n;
  const closedCount = (await db.select({ n: count() }).from(units).where(and(eq(units.level, "commune"), isNotNull(units.validTo))).get())!.n;
  console.log(`\nXong sau ${elapsed()}: ${communesCount.toLocaleString("vi-VN")} đơn vị cấp xã${closedCount ? ` (và ${closedCount.toLocaleString("vi-VN")} xã cũ đã đóng ngày 30/06/2025)` : ""}.`);
  for (const [name, n] of totals) console.log(`  ${name.padEnd(26)} ${n.toLocaleString("vi-VN").padStart(12)}`);
});

/** Size of the local D1's SQLite file(s). */
function sqliteBytes(root: string): number {
  let total = 0;
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith(".sqlite") || entry.name.endsWith(".sqlite-wal")) total += statSync(p).size;
    }
  };
  walk(root);
  return total;
}
console.log(`Dung lượng cơ sở dữ liệu: ${(sqliteBytes(dir) / 1024 / 1024).toFixed(1)} MB (${dir})`);

