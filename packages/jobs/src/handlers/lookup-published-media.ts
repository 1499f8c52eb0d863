import { lookupPublishedMedia } from "@sillage/publishing";
import type { JobHandler } from "../define";

const handler: JobHandler<{ publicationId: string; workspaceId: string }> = async ({ publicationId }, ctx) => {
  const outcome = await lookupPublishedMedia(
    { db: ctx.db, clock: ctx.clock, connectors: ctx.connectors, secretBox: ctx.secretBox, media: ctx.media, logger: ctx.logger, options: ctx.publishing },
    publicationId,
  );
  ctx.logger.debug({ publicationId, outcome }, "media lookup");
};
export default handler;
