/**
 * A live Instagram post whose media id is not known yet: its container was seen PUBLISHED after the `media_publish`
 * answer was lost, and the account's media list did not show it then (or could not be read). The publication is
 * `published` from that moment; this fills its media id and permalink later, from the account's media list, at
 * growing intervals (`posts.lookup_media` jobs; the repair sweep re-adds a missing one), and gives up with a reason.
 */
import { loadChannel } from "@sillage/channels";
import type { InstagramPublishProgress } from "@sillage/connectors";
import { sql } from "@sillage/db";
import { postContentSchema } from "./content";
import type { PublishDeps } from "./publish-run";
import { enqueueMediaLookup, raisePostStatus, type Db } from "./store";

/** Waits before lookup 1, 2, …; after the last one Sillage stops looking. */
export const DEFAULT_MEDIA_LOOKUP_DELAYS_MS = [30_000, 120_000, 600_000, 3_600_000, 6 * 3_600_000, 24 * 3_600_000];

export const LINK_PENDING_REASON = "Published on Instagram. Sillage is still looking up its link.";
export const LINK_NOT_FOUND_REASON = "Published on Instagram. Sillage could not find its link: open the account to see the post.";

/** Marks the first lookup of a publication just published without its media id (in the caller's transaction). */
export async function scheduleMediaLookup(db: Db, p: { publicationId: string; workspaceId: string }, now: Date, delaysMs = DEFAULT_MEDIA_LOOKUP_DELAYS_MS): Promise<void> {
  const at = new Date(now.getTime() + (delaysMs[0] ?? 30_000));
  await db.updateTable("post_publications").set({ media_lookup_at: at, media_lookups: 0, status_reason: LINK_PENDING_REASON }).where("id", "=", p.publicationId).execute();
  await enqueueMediaLookup(db, p, at);
}

export type LookupOutcome = "found" | "not_found" | "gave_up" | "skipped" | "early";

export async function lookupPublishedMedia(deps: Omit<PublishDeps, "workerId">, publicationId: string): Promise<LookupOutcome> {
  const now = deps.clock.now();
  const delays = deps.options?.mediaLookupDelaysMs ?? DEFAULT_MEDIA_LOOKUP_DELAYS_MS;
  const pub = await deps.db
    .selectFrom("post_publications as p")
    .innerJoin("scheduled_posts as s", "s.id", "p.post_id")
    .select(["p.id", "p.workspace_id", "p.post_id", "p.channel_id", "p.due_at", "p.status", "p.platform_post_id", "p.progress", "p.publishing_at", "p.media_lookup_at", "p.media_lookups", "s.content"])
    .where("p.id", "=", publicationId)
    .executeTakeFirst();
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
    const found = { mediaId: media.id, permalink: media.permalink };
    // One statement: the publication (only while its id is still unknown) and its successful run's platform ids.
    const { rows } = await sql<{ id: string }>`with pub as (
        update post_publications set platform_post_id = ${media.id}, permalink = ${media.permalink},
          progress = progress || ${JSON.stringify(found)}::jsonb, media_lookup_at = null, status_reason = null
        where id = ${publicationId} and platform_post_id is null returning id),
      run as (update post_runs set platform_ids = platform_ids || ${JSON.stringify({ ...found, platformPostId: media.id })}::jsonb
        where publication_id = ${publicationId} and status = 'success' and exists (select 1 from pub))
      select id from pub`.execute(deps.db);
    if (rows.length) await raisePostStatus(deps.db, pub.workspace_id, { postId: pub.post_id, publicationId, channelId: pub.channel_id, status: "published", dueAt: pub.due_at });
    log.info({ mediaId: media.id }, "media of a live Instagram post found");
    return "found";
  }
  const lookups = pub.media_lookups + 1;
  const wait = delays[lookups];
  if (wait === undefined) {
    await deps.db
      .updateTable("post_publications")
      .set({ media_lookups: lookups, media_lookup_at: null, status_reason: LINK_NOT_FOUND_REASON })
      .where("id", "=", publicationId)
      .execute();
    log.warn("gave up looking up the media of a live Instagram post");
    return "gave_up";
  }
  const at = new Date(now.getTime() + wait);
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable("post_publications").set({ media_lookups: lookups, media_lookup_at: at }).where("id", "=", publicationId).execute();
    await enqueueMediaLookup(trx, ids, at);
  });
  return "not_found";
}
