import { checkStaleTokens } from "../check";
import { verifyWebhookSubscriptions } from "../webhooks";
import type { JobHandler } from "@sillage/queue";
import type { ChannelsJobServices } from "./services";
import { logTokenChecks } from "./token-check-log";

const handler: JobHandler<unknown, ChannelsJobServices> = async (_payload, { db, connectors, secretBox, clock, logger }) => {
  logTokenChecks(logger, "daily", await checkStaleTokens(db, connectors, secretBox, clock.now()));
  // After the tokens: a channel just marked "needs reconnect" is no longer active, so it is not read here.
  const webhooks = await verifyWebhookSubscriptions(db, connectors, secretBox, clock.now());
  if (webhooks.checked) logger.info({ check: "daily", ...webhooks }, "channel webhook subscriptions checked");
};
export default handler;
