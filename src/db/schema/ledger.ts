// Sponsors (mạnh thường quân), projects, contributions, receipts and fund accounts.
import { sqliteTable, text, integer, index, uniqueIndex, primaryKey } from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";
import { now } from "./now";

// ---- Sponsors (mạnh thường quân), contributions, receipts, projects ----

export const sponsors = sqliteTable(
  "sponsors",
  {
    id: integer("id").primaryKey(),
    provinceId: integer("province_id").notNull(),
    kind: text("kind", { enum: ["business", "individual", "association", "overseas", "other"] }).notNull(),
    name: text("name").notNull(),
    nameFolded: text("name_folded").notNull(),
    /** Personal data: admin, the communes concerned and the mobilising cadre only. */
    contactPhone: text("contact_phone"),
    contactEmail: text("contact_email"),
    contactAddress: text("contact_address"),
    contactNote: text("contact_note"),
    publicConsent: integer("public_consent", { mode: "boolean" }).notNull().default(false),
    publicName: text("public_name"),
    mobilisedBy: integer("mobilised_by"),
    createdBy: integer("created_by").notNull(),
    createdAt: text("created_at").notNull().default(now),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("sponsors_province_name").on(t.provinceId, t.nameFolded), index("sponsors_mobilised_by").on(t.mobilisedBy)],
);

export const projects = sqliteTable(
  "projects",
  {
    id: integer("id").primaryKey(),
    communeId: integer("commune_id").notNull(),
    provinceId: integer("province_id").notNull(),
    districtId: integer("district_id"),
    hamletId: integer("hamlet_id"),
    criterionId: integer("criterion_id"),
    name: text("name").notNull(),
    status: text("status", { enum: ["planned", "in_progress", "done", "suspended"] }).notNull(),
    progress: integer("progress").notNull().default(0),
    budgetState: integer("budget_state").notNull().default(0),
    budgetCommune: integer("budget_commune").notNull().default(0),
    budgetResidents: integer("budget_residents").notNull().default(0),
    budgetSponsors: integer("budget_sponsors").notNull().default(0),
    budgetOther: integer("budget_other").notNull().default(0),
    startDate: text("start_date"),
    endDate: text("end_date"),
    createdBy: integer("created_by").notNull(),
    createdAt: text("created_at").notNull().default(now),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("projects_commune").on(t.communeId), index("projects_province").on(t.provinceId)],
);

export const contributions = sqliteTable(
  "contributions",
  {
    id: integer("id").primaryKey(),
    sponsorId: integer("sponsor_id").notNull(),
    communeId: integer("commune_id").notNull(),
    provinceId: integer("province_id").notNull(),
    districtId: integer("district_id"),
    hamletId: integer("hamlet_id"),
    projectId: integer("project_id"),
    criterionId: integer("criterion_id"),
    kind: text("kind", { enum: ["money", "in_kind", "labour", "land"] }).notNull(),
    description: text("description"),
    /** In kind: quantity × unit value = amount; valuation basis and who approved it. */
    quantity: integer("quantity"),
    unitValue: integer("unit_value"),
    valuationBasis: text("valuation_basis"),
    valuationApprovedBy: text("valuation_approved_by"),
    /** Pledged value in VND (integer); labour days and land m² are counted separately. */
    amount: integer("amount").notNull().default(0),
    labourDays: integer("labour_days"),
    landM2: integer("land_m2"),
    status: text("status", { enum: ["pledged", "received", "cancelled"] }).notNull(),
    pledgedAt: text("pledged_at").notNull(),
    dueDate: text("due_date"),
    receivedTotal: integer("received_total").notNull().default(0),
    cancelReason: text("cancel_reason"),
    mobilisedBy: integer("mobilised_by"),
    evidenceNote: text("evidence_note"),
    evidenceLink: text("evidence_link"),
    createdBy: integer("created_by").notNull(),
    createdAt: text("created_at").notNull().default(now),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("contributions_commune_status").on(t.communeId, t.status),
    // A commune's list, newest first, a keyset page at a time (listCommuneContributions).
    index("contributions_commune_pledged").on(t.communeId, t.pledgedAt),
    index("contributions_sponsor").on(t.sponsorId),
    index("contributions_project").on(t.projectId),
    index("contributions_mobilised_by").on(t.mobilisedBy),
    index("contributions_province").on(t.provinceId, t.status),
    // District reports and lists: without it they read the whole province's contributions.
    index("contributions_province_district").on(t.provinceId, t.districtId),
    // The sponsor report grouped by commune reads the province's rows in commune order (no temporary sort).
    index("contributions_province_commune").on(t.provinceId, t.communeId),
    // Overdue figures (they depend on today, so no rollup holds them): a province's open pledges by due date, covering
    // every column a report groups by and the amounts (services/ledger-rollups.ts overdueTotals).
    index("contributions_open_due")
      .on(t.provinceId, t.dueDate, t.communeId, t.districtId, t.criterionId, t.projectId, t.mobilisedBy, t.sponsorId, t.amount, t.receivedTotal)
      .where(sql`${t.status} = 'pledged'`),
    // The same for one commune (its public page): a range of its own open pledges, not of the whole province's.
    index("contributions_commune_open_due")
      .on(t.communeId, t.dueDate, t.criterionId, t.projectId, t.mobilisedBy, t.sponsorId, t.amount, t.receivedTotal)
      .where(sql`${t.status} = 'pledged'`),
  ],
);

/**
 * Ledger totals kept on write (issue 20): per area (the province, a district or a commune: the contributions inside
 * it), grouping (`dim`) and group key (0 = none), the figures of domain/ledger.ts LedgerTotals; the overdue ones as of the
 * province's ledger_rollup_dates.as_of (a report adds the open pledges that fell due since, from contributions_open_due). Every contribution write adds its rows' deltas in the
 * same batch (services/ledger-rollups.ts); `npm run rollups:check` compares them with a recount.
 */
export const ledgerRollups = sqliteTable(
  "ledger_rollups",
  {
    provinceId: integer("province_id").notNull(),
    areaId: integer("area_id").notNull(),
    dim: text("dim", { enum: ["commune", "district", "criterion", "project", "cadre", "sponsor", "anonymous"] }).notNull(),
    key: integer("key").notNull(),
    count: integer("count").notNull().default(0),
    cancelled: integer("cancelled").notNull().default(0),
    pledged: integer("pledged").notNull().default(0),
    received: integer("received").notNull().default(0),
    outstanding: integer("outstanding").notNull().default(0),
    labourDaysPledged: integer("labour_days_pledged").notNull().default(0),
    labourDaysReceived: integer("labour_days_received").notNull().default(0),
    landM2Pledged: integer("land_m2_pledged").notNull().default(0),
    landM2Received: integer("land_m2_received").notNull().default(0),
    /** Open pledges due before the province's ledger_rollup_dates.as_of (none yet: 0); the days since come from contributions_open_due. */
    overdueCount: integer("overdue_count").notNull().default(0),
    overdueAmount: integer("overdue_amount").notNull().default(0),
    /**
     * The public ledger (services/ledger-rollups.ts publicPairStatements). On a commune's 'anonymous' row (key 0: the
     * contributions of its non-consenting sponsors): how many of those sponsors contributed (the anonymous line's count).
     */
    anonSponsors: integer("anon_sponsors").notNull().default(0),
    /** On a commune's 'sponsor' row: what the pair last counted publicly (0 nothing, 1 anonymous, 2 listed by name). */
    shown: integer("shown").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.areaId, t.dim, t.key] }),
    // The public page's named sponsors, largest pledge first, a keyset page at a time (no read of every sponsor).
    index("ledger_rollups_shown").on(t.areaId, t.dim, t.shown, t.pledged, t.key),
    // Covering: a report reads one index entry per group instead of an entry and its table row (500 communes: 500 rows).
    index("ledger_rollups_covering").on(
      t.areaId, t.dim, t.key, t.provinceId, t.count, t.cancelled, t.pledged, t.received, t.outstanding,
      t.labourDaysPledged, t.labourDaysReceived, t.landM2Pledged, t.landM2Received, t.overdueCount, t.overdueAmount,
    ),
  ],
);

/** The day a province's rollup overdue figures are counted as of (moved forward by the daily job). */
export const ledgerRollupDates = sqliteTable("ledger_rollup_dates", {
  provinceId: integer("province_id").primaryKey(),
  asOf: text("as_of").notNull(),
});

/** Gapless receipt numbers: one counter per commune and year, bumped in the same batch as the receipt. */
export const receiptCounters = sqliteTable(
  "receipt_counters",
  {
    communeId: integer("commune_id").notNull(),
    year: integer("year").notNull(),
    lastSeq: integer("last_seq").notNull(),
  },
  (t) => [primaryKey({ columns: [t.communeId, t.year] })],
);

export const receipts = sqliteTable(
  "receipts",
  {
    id: integer("id").primaryKey(),
    contributionId: integer("contribution_id").notNull(),
    communeId: integer("commune_id").notNull(),
    year: integer("year").notNull(),
    seq: integer("seq").notNull(),
    /** e.g. "28879-2026-0001" */
    number: text("number").notNull(),
    amount: integer("amount").notNull(),
    receivedAt: text("received_at").notNull(),
    receivedBy: integer("received_by").notNull(),
    payerName: text("payer_name"),
    note: text("note"),
    createdAt: text("created_at").notNull().default(now),
    /** Random code printed on the receipt: the public lookup needs it with the number (numbers are sequential). */
    checkCode: text("check_code"),
  },
  (t) => [uniqueIndex("receipts_commune_year_seq").on(t.communeId, t.year, t.seq), uniqueIndex("receipts_number").on(t.number), index("receipts_contribution").on(t.contributionId)],
);

/** A commune's NTM fund account for the optional VietQR code on its public page. */
export const fundAccounts = sqliteTable("fund_accounts", {
  communeId: integer("commune_id").primaryKey(),
  bankBin: text("bank_bin").notNull(),
  accountNumber: text("account_number").notNull(),
  accountName: text("account_name").notNull(),
  updatedBy: integer("updated_by"),
  updatedAt: text("updated_at").notNull().default(now),
  version: integer("version").notNull().default(1),
});
