import { listTopicItems, listTopics } from "@sillage/topics";
import { apiError } from "../error-codes";
import { z } from "zod";
import { gate } from "../billing-gate";
import { workspaceProcedure } from "../trpc";

/** What customers talk about, as `analytics.topics` / `analytics.topicItems` say (appended to docs/api.md). */
export const topicsDoc = [
  "## Topics (`analytics.topics`, `analytics.topicItems`)",
  "",
  "Topics are found once a day at 03:00 in the workspace's time zone (`topics.cluster_daily`) over customers' messages",
  "and comments of the 24 hours and the 7 days before: global, and per post for a post with at least 20 comments in the",
  "period (`postId`: the post's platform media id, as comments name it). `analytics.topics` returns the latest run's",
  "topics (label, terms, size, share, trend `new | up | down | stable` with `growth`, 3–5 samples) with `nextRunAt`; an",
  "empty `topics` before the first run or with fewer than `minTexts` texts. `analytics.topicItems` pages through a",
  "topic's texts, most central first (`cursor`: the `nextCursor` of the previous page): a message links to its",
  "conversation (`conversationId`), a comment to its post (`postMediaId`).",
];

/** Procedures spread into the `analytics` router. */
export const topicsProcedures = {
  /** The latest daily run's topics for a period, globally or for one post's comments. */
  topics: workspaceProcedure
    .input(z.object({ period: z.enum(["24h", "7d"]), postId: z.string().trim().min(1).max(128).optional() }))
    .query(async ({ ctx, input }) => {
      await gate(ctx, "topics", 0);
      return listTopics(ctx.db, { period: input.period, postMediaId: input.postId, now: ctx.clock.now() });
    }),

  /** A topic's messages and comments, 30 at a time, each pointing at its conversation or post. */
  topicItems: workspaceProcedure
    .input(z.object({ topicId: z.uuid(), cursor: z.number().int().min(0).max(1_000_000).nullish() }))
    .query(async ({ ctx, input }) => {
      await gate(ctx, "topics", 0);
      const page = await listTopicItems(ctx.db, { topicId: input.topicId, cursor: input.cursor ?? undefined });
      if (!page) throw apiError("NOT_FOUND", "topic_not_found");
      return page;
    }),
};
