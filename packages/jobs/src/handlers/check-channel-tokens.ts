import { checkStaleTokens } from "@sillage/channels";
import type { JobHandler } from "../define";
import { logTokenChecks } from "./token-check-log";

const handler: JobHandler<unknown> = async (_payload, { db, connectors, secretBox, clock, logger }) => {
  logTokenChecks(logger, "daily", await checkStaleTokens(db, connectors, secretBox, clock.now()));
};
export default handler;
