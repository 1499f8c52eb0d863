import type { Database } from "@sillage/db";
import type { JobHandler } from "@sillage/queue";
import type { Clock } from "@sillage/time";
import { grantDueCredits } from "../credits";

const handler: JobHandler<unknown, { db: Database; clock: Clock }> = async (_payload, { db, clock, logger }) => {
  const result = await grantDueCredits(db, clock);
  logger.info(result, "billing grants");
};
export default handler;
