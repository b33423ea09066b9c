// The Worker's scheduled handler: one daily cron (see wrangler.toml) runs every job; monthly jobs check
// whether today (Vietnam time) is the 1st. Each feature registers its job here, one line each.
import type { Db } from "./db/client";
import { runFeedbackJobs } from "./services/feedback-jobs";
import { monthlySnapshotJob } from "./services/snapshots";
import { backfillAuditProvinces } from "./services/audit-log";
import { dailyBulletinJob } from "./services/deliver";
import { purgeExpiredHouseholds } from "./services/households";
import { FORM_KEY_DAYS, purgeFormKeys } from "./services/idempotency";
import { advanceLedgerRollups } from "./services/ledger-rollups";

export type ScheduledJob = {
  name: string;
  /** `now` is the trigger time; `vnDate` is its calendar date in Asia/Ho_Chi_Minh (yyyy-mm-dd). */
  run: (db: Db, now: Date, vnDate: string) => Promise<void>;
};

import { vietnamDate } from "./domain/clock";

export { vietnamDate };

export const JOBS: ScheduledJob[] = [
  // (feature jobs are registered here, one line each)
  { name: "feedback.deadlinesAndDigest", run: (db, now, vnDate) => runFeedbackJobs(db, now, vnDate) },
  { name: "progress.monthlySnapshot", run: monthlySnapshotJob },
  { name: "audit.provinceBackfill", run: async (db) => void (await backfillAuditProvinces(db)) },
  { name: "notify.dailyBulletin", run: async (db, now, vnDate) => void (await dailyBulletinJob(db, now, vnDate)) },
  { name: "households.retention", run: async (db, _now, vnDate) => void (await purgeExpiredHouseholds(db, vnDate)) },
  { name: "forms.purgeKeys", run: (db, now) => purgeFormKeys(db, new Date(now.getTime() - FORM_KEY_DAYS * 86_400_000).toISOString()) },
  { name: "ledger.overdueAsOf", run: async (db, _now, vnDate) => void (await advanceLedgerRollups(db, vnDate)) },
];

/** Runs every job; one failing job does not stop the others. Returns the names of failed jobs. */
export async function runScheduledJobs(db: Db, now: Date, jobs: ScheduledJob[] = JOBS): Promise<string[]> {
  const failed: string[] = [];
  const vnDate = vietnamDate(now);
  for (const job of jobs) {
    try {
      await job.run(db, now, vnDate);
    } catch (error) {
      console.error(`scheduled job ${job.name} failed`, error);
      failed.push(job.name);
    }
  }
  return failed;
}
