import type { SecretBox } from "@sillage/crypto";
import type { Database } from "@sillage/db";
import type { JobHandler } from "@sillage/queue";
import type { Clock } from "@sillage/time";
import type { WebhookUrlPolicy } from "../webhook-url";
import { attemptWebhookDelivery } from "../webhooks";

const handler: JobHandler<{ deliveryId: string }, { db: Database; clock: Clock; secretBox: SecretBox; webhookUrls?: WebhookUrlPolicy }> = async (
  { deliveryId },
  { db, clock, secretBox, webhookUrls, helpers, logger },
) => {
  // graphile-worker counts this attempt already: the last one marks the delivery failed in the log.
  const last = helpers.job.attempts >= helpers.job.max_attempts;
  const outcome = await attemptWebhookDelivery({ db, clock, secretBox, urls: webhookUrls }, deliveryId, last);
  logger.info({ deliveryId, outcome }, "notification webhook");
};
export default handler;
