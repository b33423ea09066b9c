// What the sponsors-ledger templates show (contributions, receipts, projects, sponsors, the ledger report and the
// public ledger): the shapes the ledger services return and the pages render. Templates import these from here.
import type { contributions, projects, receipts, sponsors, Unit } from "../db/schema";
import type { ContributionKind, ContributionStatus, LedgerRow, LedgerTotals, projectSponsorShare } from "../domain/ledger";
import type { UnitRef } from "../domain/permissions";

type Contribution = typeof contributions.$inferSelect;
type Sponsor = typeof sponsors.$inferSelect;
type Project = typeof projects.$inferSelect;
type Receipt = typeof receipts.$inferSelect;

/** One choice of a select list. */
export type Option = { value: number; label: string };

/** The select lists of a commune's forms. */
export type CommuneOptions = {
  hamlets: Option[];
  projects: Option[];
  criteria: Option[];
  cadres: Option[];
  sponsors: Option[];
};

export type ContributionDetail = {
  c: Contribution;
  sponsor: Sponsor;
  commune: Unit;
  hamletName: string | null;
  projectName: string | null;
  criterionName: string | null;
  mobiliserName: string | null;
  creatorName: string | null;
  receipts: (Receipt & { receivedByName: string | null })[];
};

export type ContributionListRow = {
  id: number;
  kind: ContributionKind;
  status: ContributionStatus;
  amount: number;
  receivedTotal: number;
  labourDays: number | null;
  landM2: number | null;
  dueDate: string | null;
  pledgedAt: string;
  description: string | null;
  sponsorId: number;
  sponsorName: string;
  sponsorPublicName: string | null;
  criterionId: number | null;
  projectId: number | null;
  mobilisedBy: number | null;
};

export type ReceiptView = {
  r: Receipt;
  c: Contribution;
  commune: Unit;
  communeName: string;
  communeCode: string;
  districtName: string | null;
  provinceName: string | null;
  sponsorName: string;
  sponsorAddress: string | null;
  sponsorPublicName: string | null;
  sponsorMobilisedBy: number | null;
  /** Communes the sponsor is legitimately linked to (linkedCommunes): only these see its address. */
  sponsorLinked: UnitRef[];
  receivedByName: string | null;
  projectName: string | null;
  criterionName: string | null;
};

export type ProjectShare = ReturnType<typeof projectSponsorShare>;
export type ProjectRow = { p: Project; share: ProjectShare; hamletName: string | null; criterionName: string | null };
export type ProjectDetail = ProjectRow & {
  contributions: { id: number; sponsorName: string; publicName: string | null; kind: LedgerRow["kind"]; status: LedgerRow["status"]; amount: number; receivedTotal: number; pledgedAt: string }[];
};

export type SponsorContributionRow = LedgerRow & { id: number; communeId: number; pledgedAt: string; description: string | null; communeName: string; communeCode: string; commune: UnitRef };

/** One line of the ledger report (a commune, district, criterion, project or cadre). */
export type ReportRow = { key: string; label: string; link: string | null; totals: LedgerTotals };

export type PublicSponsor = { name: string; kind: string; totals: LedgerTotals };
export type PublicProject = {
  id: number;
  name: string;
  status: Project["status"];
  progress: number;
  criterionName: string | null;
  budget: { total: number; state: number; commune: number; residents: number; sponsors: number; other: number };
  sponsorPledged: number;
  sponsorReceived: number;
};
export type PublicFund = { bankName: string; accountNumber: string; accountName: string; reference: string; svg: string };
export type PublicLedger = {
  commune: { name: string; code: string; parents: string[] };
  totals: LedgerTotals;
  byCriterion: { label: string; totals: LedgerTotals }[];
  projects: PublicProject[];
  /** Consenting sponsors only, by their public name. */
  sponsors: PublicSponsor[];
  /** The cursor of the named sponsors after these (services/public-ledger.ts publicSponsors), null when none. */
  sponsorsNext: string | null;
  /** Everyone else, as one anonymous line. */
  anonymous: { sponsors: number; totals: LedgerTotals };
  fund: PublicFund | null;
};
