// The KPIs' jobs; the handler sits beside, loaded on first use.
import { defineJob, type JobCronItem } from "@sillage/queue";
import { z } from "zod";

/**
 * `kpi_aggregate_2h` in the plan: recomputes the windows source rows changed since the last pass (one statement),
 * then schedules itself just after the next window ends so a window's figures show within minutes of its end.
 */
export const kpiAggregateJob = defineJob({
  id: "kpis.kpi_aggregate_2h",
  schema: z.object({ reason: z.enum(["cron", "window_end", "manual"]).default("manual") }).passthrough(),
  // One pass at a time: passes lock the watermark anyway; a queue keeps them from waiting on each other's lock.
  queue: "kpis",
  maxAttempts: 5,
  handler: () => import("./kpi-aggregate"),
});

export const kpisJobs = [kpiAggregateJob] as const;

export const kpisCron: JobCronItem[] = [
  { task: kpiAggregateJob.id, match: "*/30 * * * *", identifier: `${kpiAggregateJob.id}.every_30_minutes`, options: { backfillPeriod: 0 } },
];

/** The key of the pending "just after the window ends" run (one at a time; a later cron pass moves it). */
export const WINDOW_END_JOB_KEY = "kpis.window_end";
