import { runPublication } from "@sillage/publishing";
import type { JobHandler } from "../define";

const handler: JobHandler<{ publicationId: string; workspaceId: string }> = async ({ publicationId }, ctx) => {
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
