import { runPublication } from "../publish-run";
import type { JobHandler } from "@sillage/queue";
import type { PublishingJobServices } from "./services";

const handler: JobHandler<{ publicationId: string; workspaceId: string }, PublishingJobServices> = async ({ publicationId }, ctx) => {
  const outcome = await runPublication(
    {
      db: ctx.db,
      clock: ctx.clock,
      connectors: ctx.connectors,
      secretBox: ctx.secretBox,
      media: ctx.media,
      logger: ctx.logger,
      workerId: ctx.helpers.job.locked_by ?? "unknown",
      options: ctx.publishing,
    },
    publicationId,
  );
  ctx.logger.debug({ publicationId, outcome }, "publication run");
};
export default handler;
