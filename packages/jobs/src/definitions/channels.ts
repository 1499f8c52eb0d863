import { z } from "zod";
import { defineJob } from "../define";

/** Refreshes Instagram tokens before they expire; marks channels that can no longer be refreshed (daily cron). */
export const refreshChannelTokens = defineJob({
  id: "channels.refresh_tokens",
  schema: z.object({}).passthrough(),
  handler: () => import("../handlers/refresh-channel-tokens"),
});
