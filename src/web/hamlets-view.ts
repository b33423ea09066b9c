// What the hamlet pages show (a commune's hamlets, who follows them, household aggregates, suggested values): the
// services build these rows and the templates render them.
import type { HouseholdField } from "../db/schema";

export type HamletCoverageRow = {
  id: number;
  code: string;
  name: string;
  /** Households on the unit list (official count), if known. */
  officialHouseholds: number | null;
  assignees: { assignmentId: number; userId: number; name: string; role: string; periodFrom: string; version: number }[];
  lastVisit: string | null;
  /** Titles the hamlet holds (khu dân cư kiểu mẫu…). */
  recognitions: string[];
  /** Counts of the households the commune follows (aggregates only). */
  listed: number;
  cleanWater: number;
  sanitation: number;
  solidHousing: number;
  poor: number;
  nearPoor: number;
};

export type HamletHistoryRow = { id: number; hamletName: string; userName: string; role: string; periodFrom: string; periodTo: string | null };

export type Suggestion = {
  indicatorId: number;
  code: string;
  name: string;
  field: HouseholdField;
  source: string;
  verified: boolean;
  counted: number;
  total: number;
  suggested: number | null;
  current: string | null;
  version: number;
};
