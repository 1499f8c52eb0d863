import { refreshExpiringTokens } from "@sillage/channels";
import type { JobHandler } from "../define";

const handler: JobHandler<unknown> = async (_payload, { db, connectors, secretBox, clock, logger }) => {
  const summary = await refreshExpiringTokens(db, connectors, secretBox, clock.now());
  logger.info(summary, "channel tokens checked");
};
export default handler;
