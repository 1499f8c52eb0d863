// Billing's jobs; handlers sit beside, loaded on first use.
import { defineJob, type JobCronItem } from "@sillage/queue";
import { z } from "zod";

/**
 * Grants each workspace its monthly credits on its billing day (and expires the last period's unused grant). Runs
 * hourly so a day is never missed; each grant is keyed `grant:<period>`, so reruns and restarts grant nothing twice.
 */
export const grantCreditsJob = defineJob({
  id: "billing.grant_credits",
  schema: z.object({}).passthrough(),
  handler: () => import("./grant-credits"),
});

export const billingJobs = [grantCreditsJob] as const;

export const billingCron: JobCronItem[] = [
  { task: grantCreditsJob.id, match: "7 * * * *", identifier: `${grantCreditsJob.id}.hourly`, options: { backfillPeriod: 0 } },
];
