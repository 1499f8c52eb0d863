import { storableDateSchema } from "@sillage/time";
import { channelHealthRows } from "@sillage/channels";
import { KPI_DEFINITIONS, KPI_METRICS, kpiSummary, listKpiWindows, MAX_WINDOWS } from "@sillage/kpis";
import { apiError, codedIssue } from "../error-codes";
import { z } from "zod";
import { invalidInput } from "../input-errors";
import type { ScopedDb } from "@sillage/db";
import { gate } from "../billing-gate";
import { createTRPCRouter, workspaceProcedure } from "../trpc";
import { topicsProcedures } from "./topics";

/** KPIs in 2-hour windows (topics: ./topics.ts), as `analytics.*` say (appended to docs/api.md). */
export const analyticsDoc = [
  "## KPIs (`analytics.*`)",
  "",
  "Figures are kept per fixed 2-hour window of the workspace's time zone ([00–02, 02–04, …, 22–00] on its wall clock,",
  "aligned to local midnight; on DST days a window lasts as long as the clock says, so `minutes` is 60 or 180 there).",
  "`analytics.kpis` returns every window overlapping `[from, to)` (at most 31 days), zeros where nothing happened, for",
  "the workspace total or one channel (`channelId`; a channel not in the workspace is `NOT_FOUND`). `analytics.summary`",
  "compares the last 48 hours (the 24 windows before the running one) with the same hours 7 days earlier (D-7): counts",
  "are sums, medians are over every turn of the period, the rate is replies sent over decisions; it also returns each",
  "metric's definition in French and English. Windows are recomputed by the `kpis.kpi_aggregate_2h` job every 30",
  "minutes and a minute after each window ends. Definitions: packages/kpis/README.md.",
];

async function checkChannel(db: ScopedDb, channelId: string | undefined) {
  if (channelId && (await channelHealthRows(db, channelId)).length === 0) throw apiError("NOT_FOUND", "channel_not_found");
}

const channelFilter = { channelId: z.uuid().optional() };

export const analyticsRouter = createTRPCRouter({
  /** The windows of `[from, to)` (workspace total, or one channel), oldest first, zero-filled. */
  kpis: workspaceProcedure
    .input(z.object({ from: storableDateSchema, to: storableDateSchema, ...channelFilter }))
    .query(async ({ ctx, input }) => {
      if (!(input.to > input.from)) throw invalidInput([{ path: ["to"], ...codedIssue("period_order") }]);
      if (input.to.getTime() - input.from.getTime() > (MAX_WINDOWS - 2) * 2 * 3600_000) throw invalidInput([{ path: ["to"], ...codedIssue("period_max_days", { days: 31 }) }]);
      await gate(ctx, "analytics", 0);
      await checkChannel(ctx.db, input.channelId);
      return listKpiWindows(ctx.db, { workspaceId: ctx.workspace.id, from: input.from, to: input.to, channelId: input.channelId });
    }),

  /** The last 48 hours against the same 48 hours a week earlier, per metric, with the metrics' definitions. */
  summary: workspaceProcedure.input(z.object(channelFilter).default({})).query(async ({ ctx, input }) => {
    await gate(ctx, "analytics", 0);
    await checkChannel(ctx.db, input.channelId);
    const summary = await kpiSummary(ctx.db, { workspaceId: ctx.workspace.id, now: ctx.clock.now(), channelId: input.channelId });
    return { ...summary, metrics: KPI_METRICS, definitions: KPI_DEFINITIONS };
  }),

  ...topicsProcedures,
});
