/**
 * A live Instagram post whose media id is not known yet: its container was seen PUBLISHED after the `media_publish`
 * answer was lost, and the account's media list did not show it then (or could not be read). The publication is
 * `published` from that moment; this fills its media id and permalink later, from the account's media list, at
 * growing intervals (`posts.lookup_media` jobs; the repair sweep re-adds a missing one), and gives up with a reason.
 */
import { loadChannel } from "@sillage/channels";
import type { InstagramPublishProgress } from "@sillage/connectors";
import { postContentSchema } from "./content";
import type { PublishDeps } from "./publish-run";
import {
  DEFAULT_MEDIA_LOOKUP_DELAYS_MS,
  enqueueMediaLookup,
  giveUpMediaLookup,
  inTransaction,
  LINK_NOT_FOUND_REASON,
  loadMediaLookup,
  raisePostStatus,
  recordFoundMedia,
  scheduleNextMediaLookup,
} from "./store";


export type LookupOutcome = "found" | "not_found" | "gave_up" | "skipped" | "early";

export async function lookupPublishedMedia(deps: Omit<PublishDeps, "workerId">, publicationId: string): Promise<LookupOutcome> {
  const now = deps.clock.now();
  const delays = deps.options?.mediaLookupDelaysMs ?? DEFAULT_MEDIA_LOOKUP_DELAYS_MS;
  const pub = await loadMediaLookup(deps.db, publicationId);
  if (!pub || pub.status !== "published" || pub.platform_post_id || !pub.media_lookup_at) return "skipped";
  const ids = { publicationId, workspaceId: pub.workspace_id };
  if (pub.media_lookup_at.getTime() > now.getTime() + 1000) {
    await enqueueMediaLookup(deps.db, ids, pub.media_lookup_at);
    return "early";
  }
  const progress = pub.progress as Extract<InstagramPublishProgress, { step: "published" }>;
  const log = deps.logger.child({ publicationId, postId: pub.post_id, lookup: pub.media_lookups + 1 });
  let media: { id: string; permalink: string | null } | null = null;
  try {
    const loaded = await loadChannel(deps.db, deps.secretBox, pub.channel_id);
    if (!loaded) return "skipped";
    const caption = postContentSchema.parse(pub.content).text;
    // The container's creation time bounds the search; an older progress without it falls back to the run's start.
    const createdAt = progress.createdAt ?? (pub.publishing_at ?? pub.due_at).toISOString();
    media = (await deps.connectors.instagram.findPublishedMedia(loaded.channel, { caption, createdAt })).media;
  } catch (err) {
    log.warn({ err: err instanceof Error ? err.message : String(err) }, "media lookup of a live Instagram post failed");
  }
  if (media) {
    const found = media;
    // The id and its live event in one transaction: a retry finds the id known and would never raise the event.
    await inTransaction(deps.db, async (trx) => {
      if (await recordFoundMedia(trx, publicationId, found)) await raisePostStatus(trx, pub.workspace_id, { postId: pub.post_id, publicationId, channelId: pub.channel_id, status: "published", dueAt: pub.due_at });
    });
    log.info({ mediaId: media.id }, "media of a live Instagram post found");
    return "found";
  }
  const lookups = pub.media_lookups + 1;
  const wait = delays[lookups];
  if (wait === undefined) {
    // The new reason and its live event in one transaction: open screens still say "link pending" otherwise.
    await inTransaction(deps.db, async (trx) => {
      if (await giveUpMediaLookup(trx, publicationId, lookups)) {
        await raisePostStatus(trx, pub.workspace_id, { postId: pub.post_id, publicationId, channelId: pub.channel_id, status: "published", dueAt: pub.due_at, reason: LINK_NOT_FOUND_REASON });
      }
    });
    log.warn("gave up looking up the media of a live Instagram post");
    return "gave_up";
  }
  const at = new Date(now.getTime() + wait);
  await scheduleNextMediaLookup(deps.db, ids, lookups, at);
  return "not_found";
}
