import { lookupPublishedMedia } from "../media-lookup";
import type { JobHandler } from "@sillage/queue";
import type { PublishingJobServices } from "./services";

const handler: JobHandler<{ publicationId: string; workspaceId: string }, PublishingJobServices> = async ({ publicationId }, ctx) => {
  const outcome = await lookupPublishedMedia(
    { db: ctx.db, clock: ctx.clock, connectors: ctx.connectors, secretBox: ctx.secretBox, media: ctx.media, logger: ctx.logger, options: ctx.publishing },
    publicationId,
  );
  ctx.logger.debug({ publicationId, outcome }, "media lookup");
};
export default handler;
