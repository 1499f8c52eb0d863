import { checkStaleTokens } from "../check";
import type { JobHandler } from "@sillage/queue";
import type { ChannelsJobServices } from "./services";
import { logTokenChecks } from "./token-check-log";

const handler: JobHandler<unknown, ChannelsJobServices> = async (_payload, { db, connectors, secretBox, clock, logger }) => {
  logTokenChecks(logger, "daily", await checkStaleTokens(db, connectors, secretBox, clock.now()));
};
export default handler;
