import { z } from "zod";
import { defineJob } from "../define";

/** Deletes expired sessions and old login attempts (hourly cron). */
export const authCleanup = defineJob({
  id: "auth.cleanup",
  schema: z.object({}).passthrough(),
  handler: () => import("../handlers/auth-cleanup"),
});

/** Trims the live-event log: subscribers replay at most the last 7 days (daily cron). */
export const eventsPrune = defineJob({
  id: "events.prune",
  schema: z.object({ keepDays: z.number().int().min(1).max(90).default(7) }).passthrough(),
  handler: () => import("../handlers/events-prune"),
});

/** Raises an event in a workspace's live stream: operators use it to check that live updates reach browsers. */
export const workspacePing = defineJob({
  id: "workspace.ping",
  schema: z.object({ workspaceId: z.uuid(), message: z.string().max(200).default("ping") }),
  handler: () => import("../handlers/workspace-ping"),
});
