import { subscribeChannelWebhooks } from "../webhooks";
import type { JobHandler } from "@sillage/queue";
import type { ChannelsJobServices } from "./services";

const handler: JobHandler<{ channelId: string }, ChannelsJobServices> = async ({ channelId }, { db, connectors, secretBox, clock, logger, helpers }) => {
  const lastAttempt = helpers.job.attempts >= helpers.job.max_attempts;
  const outcome = await subscribeChannelWebhooks(db, connectors, secretBox, channelId, clock.now(), { lastAttempt });
  logger.info({ channelId, outcome }, "channel webhook subscription");
};
export default handler;
