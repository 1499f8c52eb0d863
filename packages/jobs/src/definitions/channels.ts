import { z } from "zod";
import { defineJob } from "../define";

/**
 * Asks Meta about each active channel's token once a day (a cheap call: debug_token, an Instagram refresh when due,
 * or a read of the account): learns its real expiry, renews Instagram-Login tokens, and marks dead ones "needs
 * reconnect". Runs every 6 hours so a check that got no answer is retried the same day.
 */
export const checkChannelTokens = defineJob({
  id: "channels.check_tokens",
  schema: z.object({}).passthrough(),
  handler: () => import("../handlers/check-channel-tokens"),
});

/** Every 5 minutes: the channels of posts due within 30 minutes, so a dead token shows before the post fails. */
export const checkTokensBeforePosts = defineJob({
  id: "channels.check_tokens_before_posts",
  schema: z.object({}).passthrough(),
  handler: () => import("../handlers/check-tokens-before-posts"),
});
